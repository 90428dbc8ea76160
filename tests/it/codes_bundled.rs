//! The bundled code sets seed a database: every bundled version once, each
//! with its audit event; the ICD-10-CM tabular alone for callers that want
//! one known release.

use chartq::app::codesets::bundled as b;
use chartq::app::codesets::bundled::{self, BUNDLED, Seeded};
use chartq::domain::codes::CodeSystem;
use chartq::store::Store;
use chartq::store::code_tables::{find_code, indexable_codes, list_versions, version_for_date};

#[test]
fn the_tabular_alone_covers_fiscal_year_2026() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(b::seed_if_missing(&mut store).unwrap());
    assert!(
        !b::seed_if_missing(&mut store).unwrap(),
        "a seeded database is not seeded twice"
    );
    let versions = store.read(|c| Ok(list_versions(c)?)).unwrap();
    assert_eq!(versions.len(), 1);
    let v = &versions[0];
    assert_eq!(
        (
            v.system,
            v.label.as_str(),
            v.effective_from.to_string(),
            v.effective_to.map(|d| d.to_string())
        ),
        (
            CodeSystem::Icd10Cm,
            "FY2026",
            "2025-10-01".into(),
            Some("2026-09-30".into())
        )
    );
    assert_eq!(v.source, "bundled:icd10cm-tabular-2026-04-01.xml");
    assert_eq!(v.notes_from, None);
    assert_eq!((v.code_count, v.billable_count), (98_505, 74_719));
    let on = |d: &str| {
        store
            .read(|c| {
                Ok(version_for_date(
                    c,
                    CodeSystem::Icd10Cm,
                    d.parse().unwrap(),
                )?)
            })
            .unwrap()
    };
    // The April 2026 tabular is the whole fiscal year (the update changed
    // no code or title): an October 2025 date of service is covered.
    assert_eq!(on("2025-10-01").map(|v| v.id), Some(v.id));
    assert_eq!(on("2026-06-15").map(|v| v.id), Some(v.id));
    assert!(on("2025-09-30").is_none());
    let code = store
        .read(|c| Ok(find_code(c, v.id, "s72001a")?))
        .unwrap()
        .unwrap()
        .code;
    assert_eq!(code.code, "S72.001A");
    assert!(code.billable);
    let entries = store.read(|c| Ok(indexable_codes(c, v.id)?)).unwrap();
    assert_eq!(entries.len(), 98_505);
    // Tabular (file) order, not code order: chapter 2 before chapter 10,
    // a section before its first category, the category before its codes.
    let at = |c: &str| entries.iter().position(|e| e.code == c).unwrap();
    assert!(at("2") < at("10"));
    assert!(at("A00-A09") < at("A00") && at("A00") < at("A00.0"));
    let i21 = entries.iter().find(|e| e.code == "I21").unwrap();
    assert!(
        i21.terms
            .iter()
            .any(|t| t.contains("myocardial infarction")),
        "{:?}",
        i21.terms
    );
}

#[test]
fn every_bundled_version_is_seeded_once_with_its_audit_event() {
    let mut store = Store::open_in_memory().unwrap();
    let done = bundled::seed_missing(&mut store).unwrap();
    assert_eq!(done.len(), 5);
    assert!(done.iter().all(|d| matches!(d, Seeded::Stored { .. })));
    assert!(bundled::seed_missing(&mut store).unwrap().is_empty());
    // Read through the store's one read path (a consistent snapshot).
    store
        .read(|conn| {
            let versions = list_versions(conn).unwrap();
            let rows: Vec<String> = versions
                .iter()
                .map(|v| {
                    format!(
                        "{} {} {}..{} {}/{} {}",
                        v.system,
                        v.label,
                        v.effective_from,
                        v.effective_to.unwrap(),
                        v.code_count,
                        v.billable_count,
                        v.notes_from.as_deref().unwrap_or("-")
                    )
                })
                .collect();
            assert_eq!(
                rows,
                [
                    "ICD-10-CM FY2027 2026-10-01..2027-09-30 98722/74879 FY2026",
                    "ICD-10-CM FY2026 2025-10-01..2026-09-30 98505/74719 -",
                    "ICD-10-PCS FY2027 2026-10-01..2027-09-30 80174/79256 -",
                    "ICD-10-PCS FY2026-Apr 2026-04-01..2026-09-30 80110/79193 -",
                    "ICD-10-PCS FY2026 2025-10-01..2026-09-30 80029/79115 -",
                ]
            );
            assert!(versions.iter().all(|v| v.is_bundled()));
            let mut sources: Vec<&str> = versions.iter().map(|v| v.source.as_str()).collect();
            sources.sort_unstable();
            let mut expected: Vec<&str> = BUNDLED.iter().map(|b| b.source).collect();
            expected.sort_unstable();
            assert_eq!(sources, expected);
            // The date of service picks: today (2026-11-30) is FY2027; April to
            // September 2026 is the April PCS update; October 2025 FY2026.
            let on = |s: CodeSystem, d: &str| {
                version_for_date(conn, s, d.parse().unwrap())
                    .unwrap()
                    .map(|v| v.label)
            };
            assert_eq!(
                on(CodeSystem::Icd10Cm, "2026-11-30").as_deref(),
                Some("FY2027")
            );
            assert_eq!(
                on(CodeSystem::Icd10Pcs, "2026-11-30").as_deref(),
                Some("FY2027")
            );
            assert_eq!(
                on(CodeSystem::Icd10Cm, "2025-10-01").as_deref(),
                Some("FY2026")
            );
            assert_eq!(
                on(CodeSystem::Icd10Pcs, "2026-03-31").as_deref(),
                Some("FY2026")
            );
            assert_eq!(
                on(CodeSystem::Icd10Pcs, "2026-04-01").as_deref(),
                Some("FY2026-Apr")
            );
            assert_eq!(on(CodeSystem::Icd10Cm, "2027-10-01"), None);
            // One `system` event per version, written with it.
            let mut stmt = conn
                .prepare(
                    "SELECT user_login, action, json_extract(details, '$.label'),
                            json_extract(details, '$.system'), json_extract(details, '$.source')
                     FROM audit_event ORDER BY id",
                )
                .unwrap();
            let events: Vec<(String, String, String, String, String)> = stmt
                .query_map([], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert_eq!(events.len(), 5);
            for (e, b) in events.iter().zip(BUNDLED.iter()) {
                assert_eq!(
                    (
                        e.0.as_str(),
                        e.1.as_str(),
                        e.2.as_str(),
                        e.3.as_str(),
                        e.4.as_str()
                    ),
                    (
                        "system",
                        "code_set_seeded",
                        b.label,
                        b.system.as_str(),
                        b.source
                    )
                );
            }
            // Snapshots are left to the first search.
            let snapshots: i64 = conn
                .query_row("SELECT count(*) FROM search_snapshot", [], |r| r.get(0))
                .unwrap();
            assert_eq!(snapshots, 0);
            Ok(())
        })
        .unwrap();
}

/// A database file that exists but never got its code sets (its first
/// process died while seeding) is seeded by the next command that opens it.
#[test]
fn an_unseeded_existing_database_is_seeded_on_next_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("chartq.db");
    drop(Store::open(&db).unwrap());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_chartq"))
        .args(["codes", "list", "--json", "--db"])
        .arg(&db)
        .env("HOME", dir.path())
        .env("CHARTQ_TODAY", "2026-11-30")
        .env_remove("CHARTQ_SEED_TEMPLATE")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 5, "{stdout}");
    for b in &BUNDLED {
        assert!(stdout.contains(b.source), "{stdout}");
    }
    // The file existed: no template was copied over it.
    assert!(!dir.path().join(".cache").exists());
}
