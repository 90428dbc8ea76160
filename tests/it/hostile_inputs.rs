//! Hostile input sizes (issue 9, item 4) and hostile names and contents
//! in error messages (item 14), generated here: a zip whose
//! member declares 1 TiB, a gzip bomb that expands past a small cap set
//! for the test (`CHARTQ_MAX_FILE_MIB`), a chart-feed CSV with an
//! over-long cell and a JSON line of a million tiny values. Each is refused
//! with `FILE[:LINE]: ...`, exit 2, no crash, and changes nothing. Peak
//! memory is measured by `bench/bombs.sh`, not here.
//!
//! Every body runs on both backends (`on_both!`, issue 13). On PostgreSQL
//! a refusal must also leave no staging table behind (the chart import
//! COPYs into `chartq.import_begin`'s temporary tables) and must not show
//! the driver's own words (`db error`, `SQLSTATE`, …): the message is
//! chartq's, the same as SQLite's.

use std::io::Write;

use crate::on_both;
use crate::support::backends::TestDb;
use crate::support::queue::{ChartSpec, chart_line};

/// What a refusal must leave alone: code-set versions, charts, documents,
/// audit rows and, on PostgreSQL, any staging table still in the catalog
/// (a session's temporary tables outlive a failed transaction only if the
/// import left one open).
fn state(db: &TestDb) -> (String, i64, i64, i64, i64) {
    let staging = if db.is_pg() {
        db.count(
            "SELECT count(*) FROM pg_class WHERE relname IN \
             ('import_chart', 'import_document', 'import_changed')",
        )
    } else {
        0
    };
    (
        db.ok(&["codes", "list", "--json"]),
        db.count("SELECT count(*) FROM chart"),
        db.count("SELECT count(*) FROM document"),
        db.count("SELECT count(*) FROM audit_event"),
        staging,
    )
}

/// Words of a database driver's own errors, which chartq must never show
/// (they can carry a row's values; SQLite's and PostgreSQL's alike).
const DRIVER_WORDS: [&str; 6] = [
    "db error",
    "SQLSTATE",
    "ERROR:",
    "DETAIL:",
    "rusqlite",
    "constraint failed",
];

fn no_driver_words(err: &str) {
    for w in DRIVER_WORDS {
        assert!(!err.contains(w), "driver words {w:?} in {err}");
    }
}

/// Runs `args` (with `envs`) expecting exit 2 and one error line that
/// starts with `chartq: error: {prefix}` and contains `expected`.
fn refused(db: &TestDb, envs: &[(&str, &str)], args: &[&str], prefix: &str, expected: &str) {
    let before = state(db);
    let mut cmd = db.cmd(args);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    let out = cmd.output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    let want = format!("chartq: error: {prefix}");
    assert!(err.starts_with(&want), "expected {want:?}, got {err}");
    assert!(err.contains(expected), "expected {expected:?} in {err}");
    no_driver_words(&err);
    assert_eq!(state(db), before, "{args:?} changed the database");
}

fn import_codes(path: &std::path::Path) -> Vec<String> {
    ["codes", "import", "cm", "--effective", "2026-01-01"]
        .iter()
        .map(|s| s.to_string())
        .chain([path.to_str().unwrap().to_string()])
        .collect()
}

on_both! {
    fn a_zip_member_declaring_a_tebibyte_is_refused_without_allocating(db) {
        let zip = crate::support::fixtures::zip_declaring(
            b"icd10cm_order_2026.txt",
            b"A000 Cholera\n",
            1 << 40,
        );
        assert!(zip.len() < 5000);
        let path = db.file("bomb.zip", &zip);
        let args = import_codes(&path);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(
            db,
            &[],
            &args,
            &format!(
                "{}: zip member icd10cm_order_2026.txt declares 1099511627776 bytes",
                path.display()
            ),
            "larger than 512 MiB once decompressed",
        );
    }
}

on_both! {
    fn a_gzip_bomb_stops_at_the_cap(db) {
        // 4 MiB of order-file-like lines, a few KB compressed, over a 1 MiB cap.
        let line = b"00001 A000    0 Cholera due to Vibrio cholerae             Cholera\n";
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        for _ in 0..(4 << 20) / line.len() {
            gz.write_all(line).unwrap();
        }
        let gz = gz.finish().unwrap();
        assert!(gz.len() < 1 << 20, "{}", gz.len());
        let path = db.file("icd10cm_order_2026.txt.gz", &gz);
        let args = import_codes(&path);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // The cap is reached on the line after 1 MiB of whole lines.
        let at = (1 << 20) / line.len() + 1;
        refused(
            db,
            &[("CHARTQ_MAX_FILE_MIB", "1")],
            &args,
            &format!(
                "{}:{at}: larger than 1 MiB once decompressed",
                path.display()
            ),
            "CHARTQ_MAX_FILE_MIB",
        );
        // A plain file over the cap is refused before it is read.
        let plain = db.file("icd10cm_order_2026.txt", vec![b'x'; (1 << 20) + 1]);
        let args = import_codes(&plain);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(
            db,
            &[("CHARTQ_MAX_FILE_MIB", "1")],
            &args,
            &format!("{}: larger than 1 MiB", plain.display()),
            "refused",
        );
        // A cap that is not a number is an error, not the default.
        refused(
            db,
            &[("CHARTQ_MAX_FILE_MIB", "lots")],
            &args,
            &plain.display().to_string(),
            "CHARTQ_MAX_FILE_MIB=lots: expected a whole number of MiB",
        );
    }
}

on_both! {
    fn an_over_long_csv_cell_is_refused_as_it_is_read(db) {
        let cell = "x".repeat(2 << 20);
        let feed = format!(
            "account,mrn,patient_name,patient_dob,patient_sex,encounter_type,service_date,queue\n\
             A1,M1,Name,1960-01-01,F,outpatient,2026-01-02,main\n\
             A2,M2,{cell},1960-01-01,F,outpatient,2026-01-02,main\n"
        );
        let path = db.file("cell.csv", feed);
        refused(
            db,
            &[],
            &["charts", "import", path.to_str().unwrap()],
            &format!("{}:3: a CSV record longer than 1 MiB", path.display()),
            "unclosed quote",
        );
        // An unclosed quote runs on to the end of the file: refused the same way.
        let mut open = String::from(
            "account,mrn,patient_name,patient_dob,patient_sex,encounter_type,service_date,queue\n\
             A1,M1,\"Name,1960-01-01,F,outpatient,2026-01-02,main\n",
        );
        while open.len() < 3 << 20 {
            open += "A9,M9,Name,1960-01-01,F,outpatient,2026-01-02,main\n";
        }
        let path = db.file("open.csv", open);
        refused(
            db,
            &[],
            &["charts", "import", path.to_str().unwrap()],
            &format!("{}:2: a CSV record longer than 1 MiB", path.display()),
            "",
        );
    }
}

on_both! {
    fn a_json_line_of_a_million_values_is_refused_before_parsing(db) {
        let (good, bomb) = crate::support::queue::good_line_and_million_value_bomb();
        assert!(bomb.len() > 2_000_000);
        let path = db.file("values.jsonl", format!("{good}\n{bomb}\n"));
        refused(
            db,
            &[],
            &["charts", "import", path.to_str().unwrap()],
            &format!(
                "{}:2: line holds more than 100000 JSON values",
                path.display()
            ),
            "",
        );
        // Commas and brackets inside strings are text, not values.
        let mut v: serde_json::Value = serde_json::from_str(&good).unwrap();
        v["documents"][0]["text"] = ",[{".repeat(200_000).into();
        let path = db.file("text.jsonl", format!("{v}\n"));
        db.ok(&["charts", "import", path.to_str().unwrap()]);
    }
}

on_both! {
    fn a_headerless_csv_is_refused_without_echoing_its_first_chart(db) {
        let path = db.file(
            "noheader.csv",
            "ACC-778899,MRN-4455,\"Doe, Jane\",1960-01-01,F,outpatient,2026-01-02,main\n",
        );
        refused(
            db,
            &[],
            &["charts", "import", path.to_str().unwrap()],
            &format!(
                "{}:1: column 1 of the header is not a known column",
                path.display()
            ),
            "is the header line missing?",
        );
        let err = db.fails(2, &["charts", "import", path.to_str().unwrap()]);
        no_driver_words(&err);
        for value in ["ACC-778899", "MRN-4455", "Doe", "Jane", "1960"] {
            assert!(!err.contains(value), "echoed {value}: {err}");
        }
    }
}

on_both! {
    fn a_feed_file_name_with_escapes_and_line_breaks_is_shown_as_one_clean_line(db) {
        let name = "feed\u{1b}[2J\u{1b}]0;owned\u{7}\nchartq: imported 0 charts.jsonl";
        let path = db.file(name, "{not json\n");
        let before = state(db);
        let err = db.fails(2, &["charts", "import", path.to_str().unwrap()]);
        assert_eq!(err.trim_end().lines().count(), 1, "{err:?}");
        no_driver_words(&err);
        assert_eq!(state(db), before, "a malformed feed changed the database");
        assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
        assert!(
            err.contains("feed chartq: imported 0 charts.jsonl:1: malformed JSON"),
            "{err:?}"
        );
        // A good feed's summary line too.
        let good = db.file(name, chart_line(&ChartSpec::default()) + "\n");
        let out = db.ok(&["charts", "import", good.to_str().unwrap()]);
        assert_eq!(
            out.lines().next().map(|l| l.contains('\u{1b}')),
            Some(false),
            "{out:?}"
        );
        assert!(
            out.lines()
                .next()
                .unwrap()
                .contains("feed chartq: imported 0 charts.jsonl: 1 chart"),
            "{out:?}"
        );
    }
}

on_both! {
    /// A bad line after a whole batch has been moved (PostgreSQL COPYs
    /// and moves every 5,000 records inside the import's transaction;
    /// SQLite writes as it reads): everything is undone, the chart the
    /// first batch changed included, and the error names the bad line.
    fn a_bad_line_after_a_full_batch_undoes_the_batches_before_it(db) {
        db.import(&[chart_line(&ChartSpec::default())]);
        let changed = ChartSpec {
            priority: 1,
            ..ChartSpec::default()
        };
        let mut lines = vec![chart_line(&changed)];
        let accounts: Vec<String> = (0..5_000).map(|i| format!("BULK-{i}")).collect();
        lines.extend(accounts.iter().map(|a| {
            chart_line(&ChartSpec {
                account: a,
                ..ChartSpec::default()
            })
        }));
        lines.push("{\"account\": \"LATE\", \"mrn\": 7".to_string());
        let path = db.file("late.jsonl", lines.join("\n") + "\n");
        refused(
            db,
            &[],
            &["charts", "import", path.to_str().unwrap()],
            &format!("{}:5002: malformed JSON", path.display()),
            "",
        );
        assert_eq!(
            db.count("SELECT priority FROM chart WHERE account = 'ACC-1'"),
            3
        );
    }
}

/// PostgreSQL only (SQLite has no staging tables): a supervisor's own
/// session that makes its own `import_chart`/`import_document` temporary
/// tables, fills them with a forged chart and calls `chartq.import_batch`
/// without `chartq.import_begin` is refused in chartq's words, and nothing
/// of the forged rows reaches the charts or the audit log: the definer
/// reads only the staging tables it made itself.
#[test]
fn a_staging_table_the_caller_made_is_never_read() {
    let Some(db) = TestDb::postgres() else {
        return;
    };
    let before = state(&db);
    let pg = db.pg().unwrap();
    let mut own = pg.as_login(&db.login("sup"));
    own.batch_execute(
        "CREATE TEMP TABLE import_chart (
            line bigint, hash text, account text, mrn text, patient_name text,
            patient_dob text, patient_sex text, encounter_type text, admit_date text,
            discharge_date text, service_date text, date_of_service text, attending text,
            payer text, facility text, queue text, priority integer, due_date text,
            discharge_status text, expected_charges_cents bigint, has_documents boolean);
         CREATE TEMP TABLE import_document (line bigint, seq integer, type text,
            author text, time text, text text);
         CREATE TEMP TABLE import_changed (id bigint, line bigint, created boolean,
            has_documents boolean);
         INSERT INTO import_chart VALUES (1, 'h', 'FORGED-1', 'M', 'Forged, Patient',
            '1950-01-01', 'U', 'ed', NULL, NULL, '2026-05-06', '2026-05-06', NULL, NULL,
            NULL, 'ed', 3, NULL, NULL, NULL, false);",
    )
    .unwrap();
    let err = own
        .query_one("SELECT chartq.import_batch(NULL, 'forged.jsonl')", &[])
        .expect_err("the caller's own staging tables were read");
    let message = err
        .as_db_error()
        .map(|e| e.message().to_string())
        .unwrap_or_default();
    assert!(
        message.contains("no chart import is open in this transaction"),
        "{err}"
    );
    drop(own);
    assert_eq!(
        db.count("SELECT count(*) FROM chart WHERE account = 'FORGED-1'"),
        0
    );
    assert_eq!(state(&db), before);
}
