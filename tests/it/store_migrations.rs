//! Upgrades: a database created at every earlier schema version (with data
//! of that version in it) opens, migrates to the current version, keeps its
//! data, and works.

use crate::support::queue::{ChartSpec, chart_line};
use chartq::domain::codes::CodeSystem;
use chartq::search::SearchOptions;
use chartq::store::migrations::{MIGRATIONS, SCHEMA_VERSION};
use chartq::store::queue::{self, ClaimRequest};
use chartq::store::{APPLICATION_ID, Store};
use chartq::store::{audit_chain, people};
use rusqlite::Connection;

/// Data each version's tables can hold, inserted right after that version.
const DATA_AT: [&str; 17] = [
    "INSERT INTO code_set_version (id, system, label, effective_from, effective_to, source, imported_at)
         VALUES (1, 'ICD-10-CM', 'OLD', '2025-10-01', '2026-09-30', 'test', '2025-10-01T00:00:00Z');
     INSERT INTO code (version_id, code, lookup_key, kind, billable, long_title, seq)
         VALUES (1, 'E11.9', 'E119', 'code', 1, 'Type 2 diabetes mellitus without complications', 0);",
    "INSERT INTO app_user (id, login, role, created_at) VALUES (1, 'olduser', 'admin', '2025-01-01T00:00:00Z');
     INSERT INTO queue_member (user_id, queue) VALUES (1, 'inpatient');",
    "INSERT INTO chart (id, account, mrn, patient_name, patient_dob, patient_sex, encounter_type,
         admit_date, discharge_date, date_of_service, queue, priority, status, source_hash, imported_at, updated_at)
         VALUES (1, 'OLD-1', 'M', 'Old, Person', '1950-01-01', 'U', 'inpatient', '2026-05-01',
         '2026-05-03', '2026-05-03', 'inpatient', 1, 'new', 'x', '2026-05-04T00:00:00Z', '2026-05-04T00:00:00Z');
     INSERT INTO document (chart_id, seq, type, text) VALUES (1, 1, 'hp', 'old text');",
    "INSERT INTO assignment (chart_id, seq, system, code, version_id, billable, title, role, poa,
         assigned_by, assigned_at)
         VALUES (1, 1, 'ICD-10-CM', 'E11.9', 1, 1, 'Type 2 diabetes', 'principal', 'Y', 1, '2026-05-04T00:00:00Z');",
    "INSERT INTO audit_event (at, user_login, action, chart_id) VALUES ('2026-05-04T00:00:00Z', 'olduser', 'claim', 1);",
    // A snapshot written by another build: replaced by the first search.
    "INSERT INTO search_snapshot (version_id, format, data) VALUES (1, 0, X'00');",
    "INSERT INTO index_term (version_id, code, source, text) VALUES (1, 'E11.9', 'disease', 'Diabetes, type 2');
     INSERT INTO audit_event (at, user_login, real_login, action, chart_id, details)
         VALUES ('2026-05-05T00:00:00Z', 'olduser', 'olduser', 'chart_viewed', 1, '{\"n\":1.5}');",
    "INSERT INTO code_note (version_id, code, seq, kind, text) VALUES (1, 'E11.9', 0, 'includes', 'old note');",
    // An answer recorded before answers were attributed (0010 marks it as
    // entered on the provider's behalf).
    "INSERT INTO provider_query (chart_id, provider, question, options, status, response,
         asked_by, asked_at, answered_by, answered_at)
     VALUES (1, 'Dr. Old', 'Which?', '[\"A\"]', 'answered', 'A', 1, '2026-05-04T00:00:00Z',
         1, '2026-05-05T00:00:00Z');",
    // An answer attributed as 0010 records them.
    "INSERT INTO provider_query (chart_id, provider, question, options, status, response,
         asked_by, asked_at, answered_by, answered_at, attributed_to, entered_on_behalf)
     VALUES (1, 'Dr. Later', 'Which one?', '[\"B\"]', 'answered', 'B', 1, '2026-05-06T00:00:00Z',
         1, '2026-05-06T00:00:00Z', 'Dr. Later', 0);",
    // A discharge status (0011): kept by later upgrades.
    "UPDATE chart SET discharge_status = '06' WHERE id = 1;",
    // A site's POA-exempt list (0012): untouched by the DRG columns (0013).
    "INSERT INTO poa_exempt_list (fiscal_year, source, imported_at, code_count)
         VALUES (2026, 'poa.txt', '2026-05-06T00:00:00Z', 1);
     INSERT INTO poa_exempt_code (fiscal_year, code) VALUES (2026, 'Z370');",
    // A finalized chart's MS-DRG (0013): kept by later upgrades.
    "INSERT INTO chart_drg (chart_id, drg, drg_mdc, drg_version, drg_weight, grouped_at,
         original_drg, original_drg_mdc, original_drg_version, original_drg_weight, original_grouped_at)
     VALUES (1, '292', '05', '43.1', '0.9047', '2026-05-07T00:00:00Z',
         '292', '05', '43.1', '0.9047', '2026-05-07T00:00:00Z');",
    // An Alphabetic Index tree's fiscal year (0014): kept by the review
    // (0015) and reports (0016) migrations, which backfills its tables from the log.
    "INSERT INTO index_tree (version_id, fiscal_year) VALUES (1, 2026);",
    // A review plan (0015): kept by the reports' migration (0016).
    "INSERT INTO review_plan (id, name, mode, rules, seed, created_by, created_at)
     VALUES (1, 'old plan', 'prebill', '[\"random:5%\"]', 7, 1, '2026-05-08T00:00:00Z');",
    // A closed review (0016): the review tallies (0017) leave it without
    // one; the accuracy report tallies it from its codes.
    "INSERT INTO review (id, chart_id, plan_id, period_from, period_to, rules, mode, queue,
         finalized_at, status, sampled_at, closed_at, changed)
     VALUES (1, 1, 1, '2026-05-04', '2026-05-10', '[\"random\"]', 'prebill', 'inpatient',
         '2026-05-04T00:00:00Z', 'closed', '2026-05-11T00:00:00Z', '2026-05-12T00:00:00Z', 0);
     INSERT INTO review_code (review_id, orig_seq, orig_system, orig_code, orig_title, orig_role,
         orig_poa, decision)
     VALUES (1, 1, 'ICD-10-CM', 'E11.9', 'Type 2 diabetes', 'principal', 'Y', 'agree');",
    // A review's tally (0017): kept by the working DRGs' migration (0018).
    "INSERT INTO review_tally VALUES (1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0,
         0, 0, 0, 0, 0, 0);",
];

fn create_at_version(path: &std::path::Path, version: usize) {
    // Version 0 is no file: chartq marks a new database as its own before
    // the file appears at its path.
    if version == 0 {
        return;
    }
    let conn = Connection::open(path).unwrap();
    conn.execute_batch("PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON;")
        .unwrap();
    // Migration 0009 chains the audit log with chartq's SQL functions.
    chartq::store::audit_chain::register_sql_functions(&conn).unwrap();
    for (i, step) in MIGRATIONS.iter().take(version).enumerate() {
        conn.execute_batch(step).unwrap();
        if let Some(data) = DATA_AT.get(i) {
            conn.execute_batch(data).unwrap();
        }
    }
    if version > 0 {
        conn.execute_batch(&format!(
            "PRAGMA application_id = {APPLICATION_ID}; PRAGMA user_version = {version};"
        ))
        .unwrap();
    }
}

#[test]
fn a_database_from_every_earlier_version_upgrades_and_works() {
    assert_eq!(
        DATA_AT.len() + 1,
        MIGRATIONS.len(),
        "add data for the new version"
    );
    for version in 0..SCHEMA_VERSION as usize {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        create_at_version(&path, version);
        let mut store = Store::open(&path).unwrap_or_else(|e| panic!("version {version}: {e}"));
        // Inspected through a second connection: the store's own is its own.
        let sql = rusqlite::Connection::open(&path).unwrap();
        let now: i64 = sql
            .query_row("PRAGMA user_version", [], |r| r.get(0))
            .unwrap();
        assert_eq!(now, SCHEMA_VERSION, "from version {version}");
        let count = |q: &str| -> i64 { sql.query_row(q, [], |r| r.get(0)).unwrap() };
        assert_eq!(count("SELECT count(*) FROM code"), i64::from(version >= 1));
        assert_eq!(
            count("SELECT count(*) FROM app_user"),
            i64::from(version >= 2)
        );
        assert_eq!(
            count("SELECT count(*) FROM document"),
            i64::from(version >= 3)
        );
        assert_eq!(
            count("SELECT count(*) FROM assignment"),
            i64::from(version >= 4)
        );
        assert!(count("SELECT count(*) FROM audit_event") >= i64::from(version >= 5));
        assert_eq!(
            count("SELECT count(*) FROM index_term"),
            i64::from(version >= 7)
        );
        // Versions and notes from before borrowed notes are their own.
        assert_eq!(
            count("SELECT count(*) FROM code_set_version WHERE notes_from IS NOT NULL"),
            0
        );

        // Answers from before 0010 are attributed to the provider asked and
        // marked as entered on their behalf.
        if version >= 9 {
            let (to, behalf): (String, i64) = sql
                .query_row(
                    "SELECT attributed_to, entered_on_behalf FROM provider_query WHERE provider = 'Dr. Old'",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?)),
                )
                .unwrap();
            assert_eq!(
                (to.as_str(), behalf),
                ("Dr. Old", 1),
                "from version {version}"
            );
        }

        if version >= 11 {
            let status: String = sql
                .query_row("SELECT discharge_status FROM chart WHERE id = 1", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(status, "06", "from version {version}");
        }

        // Charts finalized before 0013 have no stored DRG (none is made
        // up); one stored since is kept by later upgrades.
        assert_eq!(
            count("SELECT count(*) FROM chart_drg"),
            i64::from(version >= 13),
            "from version {version}"
        );
        assert_eq!(
            count("SELECT count(*) FROM poa_exempt_code"),
            i64::from(version >= 12)
        );

        // The events there were are chained, and the chaining is an event.
        let chain = audit_chain::verify(&sql, &[], None, 20).unwrap();
        assert!(
            chain.intact(),
            "from version {version}: {:?}",
            chain.problems
        );
        let chained = count(
            "SELECT count(*) FROM audit_event WHERE action = 'audit_log_chained' AND user_login = 'system'",
        );
        assert_eq!(chained, i64::from(version >= 5), "from version {version}");

        // Code sets from before search snapshots existed: the first search
        // builds the version's index and stores it for the next process.
        if version >= 1 {
            let hits = chartq::search::load(&mut store, None, &[CodeSystem::Icd10Cm])
                .unwrap()
                .search("dm2", &SearchOptions::default());
            assert_eq!(hits[0].code, "E11.9", "from version {version}");
            let stored: i64 = sql
                .query_row("SELECT count(*) FROM search_snapshot", [], |r| r.get(0))
                .unwrap();
            assert_eq!(stored, 1, "from version {version}");
        }

        // The upgraded database takes new work: the old admin (or, on a
        // database without users, its owner after `init`) imports and claims.
        let login = if version >= 2 { "olduser" } else { "newadmin" };
        if version < 2 {
            people::init_as(&mut store, login, people::process_uid()).unwrap();
        }
        let admin = people::actor_for_login(&mut store, login, None).unwrap();
        // A review closed before tallies were kept (0017) is tallied from
        // its codes by the accuracy report.
        if version >= 16 {
            let r =
                chartq::app::review::accuracy::report(&store, &admin, &Default::default()).unwrap();
            assert_eq!(
                (r.reviews, r.all.codes.agreed, r.all.codes.total),
                (1, 1, 1),
                "from version {version}"
            );
        }
        let feed = chart_line(&ChartSpec {
            account: "NEW-1",
            priority: 5,
            ..Default::default()
        });
        crate::support::queue::import_lines(&mut store, &admin, &[feed]);
        let claimed = queue::claim(&mut store, &admin, &ClaimRequest::default())
            .unwrap()
            .unwrap();
        let expected = if version >= 3 { "OLD-1" } else { "NEW-1" };
        assert_eq!(claimed.account, expected, "from version {version}");
        let check: String = sql
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
    }
}
