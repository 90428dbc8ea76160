//! The ICD-10-PCS table builder is complete and sound in every bundled PCS
//! version: walking it from the empty prefix, axis by axis, reaches exactly
//! the version's valid codes (79,115 / 79,193 / 79,256), never a code the
//! version lacks; in FY2026 every value carries CMS's label (the tables
//! and the order file agree). And `chartq pcs` end to end.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use chartq::app::codesets::bundled::Release;
use chartq::app::pcs_builder::{PcsBuilder, bundled_codes};
use chartq::engines::pcs_builder::PcsCodes;
use serde_json::Value;

/// Every code the builder can produce from `prefix` on, and how many
/// values it showed without a label.
fn walk(builder: &PcsBuilder, prefix: &mut String, out: &mut Vec<String>, unlabelled: &mut usize) {
    let step = builder
        .step(prefix)
        .unwrap_or_else(|e| panic!("{prefix}: {e}"));
    if let Some((code, title)) = step.code {
        assert_eq!(code, *prefix);
        assert!(!title.is_empty(), "{code} has no title");
        out.push(code);
        return;
    }
    assert!(!step.values.is_empty(), "{prefix}: a dead end");
    assert!(step.next_axis.is_some());
    for v in &step.values {
        *unlabelled += usize::from(!v.labelled);
        prefix.push(v.ch);
        walk(builder, prefix, out, unlabelled);
        prefix.pop();
    }
}

#[test]
fn every_bundled_version_builds_exactly_its_valid_codes() {
    let releases = [
        Release::PcsFy2026,
        Release::PcsFy2026Apr,
        Release::PcsFy2027,
    ];
    let expected = [79_115, 79_193, 79_256];
    let all = bundled_codes(&releases).unwrap();
    for ((release, codes), n) in releases.iter().zip(all).zip(expected) {
        assert_eq!(codes.len(), n, "{release:?}");
        let valid: Vec<String> = codes.codes().map(str::to_string).collect();
        let builder = PcsBuilder::new(std::sync::Arc::new(codes), format!("{release:?}")).unwrap();
        let (mut built, mut unlabelled) = (Vec::new(), 0);
        walk(&builder, &mut String::new(), &mut built, &mut unlabelled);
        assert_eq!(built.len(), n, "{release:?}: codes built");
        let built: BTreeSet<String> = built.into_iter().collect();
        assert_eq!(built.len(), n, "{release:?}: a code built twice");
        assert!(built.iter().eq(valid.iter()), "{release:?}: built != valid");
        if *release == Release::PcsFy2026 {
            assert_eq!(unlabelled, 0, "FY2026: every value has its tables label");
        }
        eprintln!("{release:?}: {n} codes, {unlabelled} values without an FY2026 label");
    }
}

#[test]
fn a_code_not_in_the_version_is_never_offered() {
    // 0SRB0J9 in a version that lacks it: nothing leads there.
    let codes = PcsCodes::new(
        ["0SRB0J9", "0SRB0JA", "0DTJ4ZZ"].map(|c| (c.to_string(), format!("title {c}"))),
    );
    let builder = PcsBuilder::new(std::sync::Arc::new(codes), "test").unwrap();
    let step = builder.step("0SRB0J").unwrap();
    let offered: Vec<char> = step.values.iter().map(|v| v.ch).collect();
    assert_eq!(offered, ['9', 'A']);
    assert_eq!(step.values[0].label, "Cemented");
    assert!(builder.step("0SRB0JZ").is_err());
    let sections = builder.step("").unwrap();
    assert_eq!(sections.values.len(), 1);
    assert_eq!(sections.values[0].codes, 3);
}

/// A database seeded with every bundled version (the template these
/// tests share with `codes_fy2027_cli`).
fn seeded_db(dir: &Path) -> PathBuf {
    let db = dir.join("chartq.db");
    let out = cmd(&db).args(["codes", "list"]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    db
}

fn cmd(db: &Path) -> assert_cmd::Command {
    let mut cmd = crate::support::chartq(db);
    cmd.env(
        "CHARTQ_SEED_TEMPLATE",
        Path::new(env!("CARGO_TARGET_TMPDIR")).join("seed-template"),
    );
    cmd
}

fn pcs_json(db: &Path, args: &[&str]) -> Value {
    let out = cmd(db)
        .arg("pcs")
        .args(args)
        .arg("--json")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn chartq_pcs_lists_the_next_axis_in_the_version_of_the_date() {
    let dir = tempfile::tempdir().unwrap();
    let db = seeded_db(dir.path());
    let v = pcs_json(&db, &["0DT", "--date", "2026-05-01"]);
    assert_eq!(v["version"], "FY2026-Apr");
    assert_eq!(v["next_pos"], 4);
    assert_eq!(v["next_axis"], "Body Part");
    assert_eq!(v["chosen"][2]["label"], "Resection");
    let parts: Vec<&str> = v["values"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["label"].as_str().unwrap())
        .collect();
    assert!(parts.contains(&"Appendix"), "{parts:?}");
    // Root operations carry their PCS definition.
    let ops = pcs_json(&db, &["0D"]);
    let resection = ops["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["ch"] == "T")
        .unwrap();
    assert!(
        resection["definition"]
            .as_str()
            .unwrap()
            .starts_with("Cutting out or off"),
        "{resection}"
    );
    let code = pcs_json(&db, &["0SRB0J9", "--date", "2026-11-01"]);
    assert_eq!(code["version"], "FY2027");
    assert_eq!(code["code"][0], "0SRB0J9");
    assert!(code["values"].as_array().unwrap().is_empty());
    // No code below the prefix: exit 1; not a prefix: exit 2.
    cmd(&db).args(["pcs", "0DT0"]).assert().code(1);
    cmd(&db).args(["pcs", "0D-"]).assert().code(2);
    cmd(&db)
        .args(["pcs", "0DT", "--date", "2020-01-01"])
        .assert()
        .code(2);
}
