//! The bundled ICD-10-CM release seeds a new database.

use chartq::codes::{CodeSystem, bundled};
use chartq::store::Store;
use chartq::store::code_tables::{find_code, indexable_codes, list_versions, version_for_date};

#[test]
fn seeding_stores_the_april_2026_release() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(bundled::seed_if_missing(&mut store).unwrap());
    assert!(
        !bundled::seed_if_missing(&mut store).unwrap(),
        "a seeded database is not seeded twice"
    );
    let versions = list_versions(store.conn()).unwrap();
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
            "FY2026-Apr",
            "2026-04-01".into(),
            Some("2026-09-30".into())
        )
    );
    assert_eq!((v.code_count, v.billable_count), (98_505, 74_719));
    let on =
        |d: &str| version_for_date(store.conn(), CodeSystem::Icd10Cm, d.parse().unwrap()).unwrap();
    assert_eq!(on("2026-06-15").map(|v| v.id), Some(v.id));
    assert!(on("2026-03-31").is_none());
    let code = find_code(store.conn(), v.id, "s72001a")
        .unwrap()
        .unwrap()
        .code;
    assert_eq!(code.code, "S72.001A");
    assert!(code.billable);
    let entries = indexable_codes(store.conn(), v.id).unwrap();
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

/// A database file that exists but never got its code set (its first
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
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(stdout.contains("FY2026-Apr"), "{stdout}");
}
