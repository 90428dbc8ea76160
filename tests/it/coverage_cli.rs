//! `chartq codes list` says which version today's charts are coded in, per
//! system, and what to import where none covers today; "today" is the
//! fixed `CHARTQ_TODAY` (tests never read the real date).

//!
//! On both backends (`on_both!`): a new SQLite file (seeded by `codes
//! list` itself) and the shared seeded PostgreSQL database (read only).

use crate::support::backends::TestDb;

fn codes_list(db: &TestDb, today: &str, json: bool) -> String {
    let mut cmd = db.cmd(&["codes", "list"]);
    cmd.env("CHARTQ_TODAY", today);
    if json {
        cmd.arg("--json");
    }
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

crate::on_both! {
    sqlite = TestDb::sqlite_made(|dir| dir.join("chartq.db")),
    postgres = TestDb::postgres_seeded();
fn codes_list_names_what_to_import_for_an_uncovered_today(db) {
    let text = codes_list(db, "2028-01-15", false);
    assert!(text.contains("Today, 2028-01-15:"), "{text}");
    for want in [
        "ICD-10-CM   not covered; import ICD-10-CM FY2028: the CDC/CMS tabular XML or codes file (icd10cm_codes_2028.txt",
        "ICD-10-PCS  not covered; import ICD-10-PCS FY2028",
        "HCPCS       not covered; import HCPCS 2028: the CMS quarterly ANWEB file (HCPC2028_JAN_ANWEB.txt)",
        "CPT         not covered; import CPT 2028: the AMA CPT data file of your CPT license",
    ] {
        assert!(text.contains(want), "{want:?} missing from:\n{text}");
    }
    // No version covers that day.
    for line in codes_list(db, "2028-01-15", true).lines() {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["covers_today"], false, "{line}");
    }
}
}

crate::on_both! {
    sqlite = TestDb::sqlite_made(|dir| dir.join("chartq.db")),
    postgres = TestDb::postgres_seeded();
fn codes_list_marks_the_version_that_covers_today(db) {
    let json = codes_list(db, "2026-06-30", true);
    let covering: Vec<(String, String)> = json
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["covers_today"] == true)
        .map(|v| {
            (
                v["system"].as_str().unwrap().to_string(),
                v["label"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        covering.iter().any(|(s, _)| s == "ICD-10-CM"),
        "the bundled ICD-10-CM covers 2026-06-30: {json}"
    );
    assert!(
        covering
            .iter()
            .all(|(s, _)| s == "ICD-10-CM" || s == "ICD-10-PCS"),
        "only bundled systems: {covering:?}"
    );
    let text = codes_list(db, "2026-06-30", false);
    let cm_line = text
        .lines()
        .find(|l| l.starts_with("  ICD-10-CM"))
        .unwrap_or_else(|| panic!("no ICD-10-CM line in:\n{text}"));
    assert!(!cm_line.contains("not covered"), "{cm_line}");
}
}
