//! The real FY2022 ICD-10-CM index files (Table of Drugs, Neoplasm Table,
//! External Cause Index) parse with the counts PROVENANCE.md states, lead
//! to the codes a coder expects, and the handmade fixtures the CLI tests
//! use parse too.

use std::collections::HashSet;
use std::path::Path;

use chartq::ingest::cm_index::{self, IndexFile, IndexTable};

use crate::support::fixtures::CODES as FIXTURES;

/// A real FY2022 file, checked to be of `table` with `count` entries, no
/// two alike (`None`, with the reason printed, when the file is absent).
fn real(name: &str, table: IndexTable, count: usize) -> Option<IndexFile> {
    let path = crate::support::fixtures::shared_data(&format!("icd10cm/fy2022/{name}"))?;
    let file = cm_index::read_file(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        (file.table, file.fiscal_year),
        (table, Some(2022)),
        "{name}"
    );
    assert_eq!(file.entries.len(), count, "{name}");
    let pairs: HashSet<(&str, &str)> = file
        .entries
        .iter()
        .map(|e| (e.code.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(pairs.len(), count, "{name}: duplicate (code, text)");
    Some(file)
}

fn fixture(name: &str) -> IndexFile {
    cm_index::read_file(&Path::new(FIXTURES).join(name)).unwrap_or_else(|e| panic!("{e}"))
}

/// The codes whose entry reads exactly `text`, in file order.
fn codes_for<'a>(file: &'a IndexFile, text: &str) -> Vec<&'a str> {
    file.entries
        .iter()
        .filter(|e| e.text == text)
        .map(|e| e.code.as_str())
        .collect()
}

#[test]
fn real_table_of_drugs() {
    // PROVENANCE.md: 43,182 cells; 3,182 of them are "--" (no code), and
    // no two cells share a substance path and column.
    let Some(drugs) = real(
        "icd10cm_drug_2022.xml.gz",
        IndexTable::Drugs,
        43_182 - 3_182,
    ) else {
        return;
    };
    let headings = [
        "Poisoning Accidental (unintentional)",
        "Poisoning Intentional self-harm",
        "Poisoning Assault",
        "Poisoning Undetermined",
        "Adverse effect",
        "Underdosing",
    ];
    for (i, heading) in headings.iter().enumerate() {
        let text = format!("Acetaminophen, {heading}");
        assert_eq!(
            codes_for(&drugs, &text),
            [format!("T39.1X{}", i + 1)],
            "{text}"
        );
    }
    assert_eq!(codes_for(&drugs, "Warfarin, Adverse effect"), ["T45.515"]);
    // A nonessential modifier is part of the words, spaced as printed.
    assert_eq!(
        codes_for(
            &drugs,
            "2,4-D (dichlorophen-oxyacetic acid), Poisoning Accidental (unintentional)"
        ),
        ["T60.3X1"]
    );
    // The first entry is on the line of its cell.
    assert_eq!(drugs.entries[0].line, 17);
}

#[test]
fn real_neoplasm_table() {
    // PROVENANCE.md: 10,916 cells; 1,898 of them are "-" (no code).
    let Some(neo) = real(
        "icd10cm_neoplasm_2022.xml",
        IndexTable::Neoplasms,
        10_916 - 1_898,
    ) else {
        return;
    };
    assert_eq!(
        codes_for(&neo, "lung neoplasm, Malignant Primary"),
        ["C34.9"]
    );
    assert_eq!(
        codes_for(&neo, "lung neoplasm, Malignant Secondary"),
        ["C78.0"]
    );
    assert_eq!(codes_for(&neo, "neoplasm, Malignant Primary"), ["C80.1"]);
    assert_eq!(
        codes_for(
            &neo,
            "bone (periosteum), marrow NEC (any bone) neoplasm, Malignant Secondary"
        ),
        ["C79.52"]
    );
    // "D24.-" (any subcategory) is the category.
    assert_eq!(
        codes_for(
            &neo,
            "breast (connective tissue) (glandular tissue) (soft parts) neoplasm, Benign"
        ),
        ["D24"]
    );
    assert!(
        neo.entries
            .iter()
            .all(|e| !e.code.ends_with(['-', '.']) && !e.text.starts_with("Neoplasm"))
    );
}

#[test]
fn real_external_cause_index() {
    // PROVENANCE.md: 6,416 <code>; the file also has 11 <subcat> and 4
    // <seecat> code pointers, and no path leads to the same code twice.
    let Some(ext) = real(
        "icd10cm_eindex_2022.xml.gz",
        IndexTable::ExternalCauses,
        6_416 + 11 + 4,
    ) else {
        return;
    };
    assert_eq!(codes_for(&ext, "Bite, bitten by, dog"), ["W54.0"]);
    assert_eq!(
        codes_for(
            &ext,
            "Abandonment (causing exposure to weather conditions) (with intent to injure or kill) NEC"
        ),
        ["X58"]
    );
    assert_eq!(
        codes_for(&ext, "Accident (to), caused by, due to, lightning"),
        ["T75.0"]
    );
    // Terms that only refer elsewhere (<see>) lead to no code.
    assert!(codes_for(&ext, "Accident (to), animal-rider").is_empty());
}

#[test]
fn drug_fixture_parses() {
    let drugs = fixture("icd10cm_drug_mini.xml");
    assert_eq!(drugs.table, IndexTable::Drugs);
    assert_eq!(drugs.fiscal_year, Some(2022));
    assert_eq!(
        codes_for(
            &drugs,
            "Acetaminophen, Poisoning Accidental (unintentional)"
        ),
        ["T39.1X1"]
    );
    assert_eq!(
        codes_for(
            &drugs,
            "Alcohol, ethyl (beverage), Poisoning Intentional self-harm"
        ),
        ["T51.0X2"]
    );
    // 4 substances with six codes, 3 with four ("--" skipped), 1 see-only.
    assert_eq!(drugs.entries.len(), 3 * 6 + 3 * 4);
}

#[test]
fn neoplasm_fixture_parses() {
    let neo = fixture("icd10cm_neoplasm_mini.xml");
    assert_eq!(neo.table, IndexTable::Neoplasms);
    assert_eq!(
        codes_for(&neo, "lung neoplasm, Malignant Primary"),
        ["C34.9"]
    );
    assert_eq!(
        codes_for(&neo, "lung, upper lobe neoplasm, Malignant Primary"),
        ["C34.1"]
    );
    assert_eq!(
        codes_for(
            &neo,
            "bone (periosteum), marrow NEC (any bone) neoplasm, Malignant Secondary"
        ),
        ["C79.52"]
    );
    assert_eq!(codes_for(&neo, "neoplasm, Unspecified Behavior"), ["D49.9"]);
    // 7 rows of six cells, 3 of them "-".
    assert_eq!(neo.entries.len(), 7 * 6 - 3);
}

#[test]
fn external_cause_fixture_parses() {
    let ext = fixture("icd10cm_eindex_mini.xml");
    assert_eq!(ext.table, IndexTable::ExternalCauses);
    let all: Vec<(&str, &str)> = ext
        .entries
        .iter()
        .map(|e| (e.code.as_str(), e.text.as_str()))
        .collect();
    assert_eq!(
        all,
        [
            ("W55.01", "Bite, bitten by, cat"),
            ("W54.0", "Bite, bitten by, dog"),
            ("W50.3", "Bite, bitten by, human being (accidentally)"),
            (
                "Y04.1",
                "Bite, bitten by, human being (accidentally), assault"
            ),
            ("X58", "Exposure (to)"),
            ("T75.0", "Exposure (to), lightning"),
            ("W19", "Fall, falling (accidental)"),
            ("W06", "Fall, falling (accidental), from, off, out of, bed"),
            (
                "W11",
                "Fall, falling (accidental), from, off, out of, ladder"
            ),
        ]
    );
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, bytes) in members {
        w.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn a_zip_with_one_index_file_is_read_and_one_with_several_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let drug = std::fs::read(Path::new(FIXTURES).join("icd10cm_drug_mini.xml")).unwrap();
    let neo = std::fs::read(Path::new(FIXTURES).join("icd10cm_neoplasm_mini.xml")).unwrap();

    let one = dir.path().join("drug.zip");
    let members: [(&str, &[u8]); 2] = [
        ("Table and Index/icd10cm_drug_2022.xml", &drug),
        ("icd10cm_drug_2022.pdf", b"%PDF"),
    ];
    std::fs::write(&one, zip_of(&members)).unwrap();
    let file = cm_index::read_file(&one).unwrap();
    assert_eq!(file.table, IndexTable::Drugs);
    assert_eq!(file.entries.len(), 30);

    let both = dir.path().join("both.zip");
    let members: [(&str, &[u8]); 2] = [
        ("icd10cm_drug_2022.xml", &drug),
        ("icd10cm_neoplasm_2022.xml", &neo),
    ];
    std::fs::write(&both, zip_of(&members)).unwrap();
    let err = cm_index::read_file(&both).unwrap_err();
    assert!(err.to_string().contains("several candidate files"), "{err}");
}
