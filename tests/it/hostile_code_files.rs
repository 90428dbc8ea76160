//! Hostile and broken code files (issue 9, items 6 and 8): a file with no
//! codes, a CPT CSV with a quote left open, and an invented CPT licensee
//! file (tab-separated `code<TAB>descriptor`, invented codes only) with a
//! 64 KiB word and a 1 MiB descriptor, generated here. Each is refused with
//! `FILE[:LINE]: field ...` and changes nothing; an index that does hold
//! such titles (built directly) still answers, with its words cut to
//! `MAX_WORD_BYTES`. How fast: `bench/long_words.sh` (not a timed test).

use crate::support::queue::Db;
use chartq::domain::codes::{CodeKind, CodeSystem};
use chartq::search::{Index, SearchOptions};
use chartq::store::code_tables::IndexableCode;

/// What `codes list` shows, to compare before and after a refusal.
fn versions(db: &Db) -> String {
    db.ok(&["codes", "list", "--json"])
}

/// Refused with exit 2, one line starting `FILE`, containing `expected`,
/// and nothing stored.
fn refused(db: &Db, system: &str, name: &str, text: &[u8], expected: &str) {
    let before = versions(db);
    let path = db.file(name, text);
    let err = db.fails(
        2,
        &[
            "codes",
            "import",
            system,
            "--effective",
            "2026-01-01",
            path.to_str().unwrap(),
        ],
    );
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    let want = format!("chartq: error: {}{expected}", path.display());
    assert!(err.starts_with(&want), "expected {want:?}, got {err}");
    assert_eq!(versions(db), before, "{name} changed the database");
}

/// An invented licensee file: a title line, a header, then records.
fn licensee_file(records: &[(String, String)]) -> Vec<u8> {
    let mut text = String::from("Invented CPT data file for tests\nCode\tDescriptor\n");
    for (code, descriptor) in records {
        text += &format!("{code}\t{descriptor}\n");
    }
    text.into_bytes()
}

fn invented(n: usize) -> Vec<(String, String)> {
    (0..n)
        .map(|i| {
            (
                format!("9{:04}", 100 + i),
                format!("Invented procedure number {i} for tests"),
            )
        })
        .collect()
}

#[test]
fn a_file_with_no_codes_is_refused_naming_the_file() {
    let db = Db::new();
    let empty_tabular =
        "<?xml version=\"1.0\"?>\n<ICD10CM.tabular><version>2026</version></ICD10CM.tabular>\n";
    refused(
        &db,
        "cm",
        "icd10cm_tabular_2026.xml",
        empty_tabular.as_bytes(),
        ": no codes in the file; nothing was imported",
    );
}

#[test]
fn a_cpt_csv_with_a_quote_left_open_is_refused_at_its_line() {
    let db = Db::new();
    let csv = "CPT Code,Short Descriptor,Long Descriptor\n\
               99901,Invented one,Invented procedure one\n\
               99902,Invented two,\"Invented procedure, two\n\
               99903,Invented three,Invented procedure three\n\
               99904,Invented four,\"Invented, four\"\n";
    refused(
        &db,
        "cpt",
        "cpt_2026.csv",
        csv.as_bytes(),
        ":3: field `csv`: a quoted field runs past the end of the line",
    );
    // The same, as the last line of a file without a final line end.
    let last = "CPT Code,Long Descriptor\n99901,Invented one\n99902,\"Invented, open";
    refused(
        &db,
        "cpt",
        "cpt_2026.csv",
        last.as_bytes(),
        ":3: field `csv`:",
    );
}

#[test]
fn a_licensee_file_with_a_64_kib_word_or_a_1_mib_descriptor_is_refused_at_its_line() {
    let db = Db::new();
    let mut records = invented(50);
    records[20].1 = format!("Invented {} procedure", "x".repeat(64 << 10));
    refused(
        &db,
        "cpt",
        "LONGULT_2026.txt",
        &licensee_file(&records),
        ":23: field `descriptor`: 90120 has 65555 characters; the limit is 4096",
    );
    let mut records = invented(50);
    records[40].1 = "Invented words for tests ".repeat((1 << 20) / 25);
    refused(
        &db,
        "cpt",
        "LONGULT_2026.txt",
        &licensee_file(&records),
        ":43: field `descriptor`: 90140 has",
    );
    // At the limit, one 4,096-letter word imports, and search cuts it.
    let mut records = invented(50);
    records[7].1 = format!("Zq{}", "y".repeat(4094));
    let path = db.file("LONGULT_2026.txt", licensee_file(&records));
    db.ok(&[
        "codes",
        "import",
        "cpt",
        "--effective",
        "2027-01-01",
        path.to_str().unwrap(),
    ]);
    let hits = db.ok(&[
        "search",
        "--system",
        "cpt",
        "--date",
        "2027-06-01",
        "zqyyyy",
    ]);
    assert!(hits.starts_with("90107"), "{hits}");
    let hits = db.ok(&[
        "search",
        "--system",
        "cpt",
        "--date",
        "2027-06-01",
        "invented procedure number 12",
    ]);
    assert!(hits.starts_with("90112"), "{hits}");
}

fn entry(code: &str, title: String) -> IndexableCode {
    IndexableCode {
        code: code.into(),
        kind: CodeKind::Code,
        billable: true,
        title,
        terms: Vec::new(),
        valid_until: None,
    }
}

/// An index built straight from pathological titles (another format, an
/// index file, an old database could carry them) answers typical, typo,
/// prefix and absurd queries. Before words were cut and typo variants made
/// linear, the first typo look-up over a 1 MiB word did not finish.
#[test]
fn search_over_pathological_titles_answers() {
    let mut cpt: Vec<IndexableCode> = invented(200)
        .into_iter()
        .map(|(code, title)| entry(&code, title))
        .collect();
    cpt.push(entry(
        "99990",
        format!("Invented {} procedure", "w".repeat(64 << 10)),
    ));
    cpt.push(entry(
        "99991",
        "Invented lengthy descriptor ".repeat((1 << 20) / 28),
    ));
    cpt.push(entry("99992", "v".repeat(1 << 20)));
    cpt.push(entry("99993", "Invented arthroscopy of the knee".into()));
    let index = Index::build(vec![(CodeSystem::Cpt, cpt)]);
    let opts = SearchOptions::default();
    let first = |q: &str| index.search(q, &opts).first().map(|h| h.code.clone());
    assert_eq!(first("arthroscopy knee").as_deref(), Some("99993"));
    assert_eq!(first("arthroscpy knee").as_deref(), Some("99993"), "a typo");
    assert_eq!(first("arthro").as_deref(), Some("99993"), "a prefix");
    assert_eq!(first("lengthy descriptor").as_deref(), Some("99991"));
    assert_eq!(first(&"w".repeat(1 << 20)).as_deref(), Some("99990"));
    assert_eq!(first(&"v".repeat(70)).as_deref(), Some("99992"));
    assert_eq!(
        first(&format!("{} x", "v".repeat(67))).as_deref(),
        Some("99992")
    );
    // A typo in a long word: one letter changed in the first 64.
    let mut typo = "w".repeat(200);
    typo.replace_range(10..11, "q");
    assert_eq!(first(&typo).as_deref(), Some("99990"));
    // A 1 MiB query of many words is cut, not refused.
    assert!(
        !index
            .search(&"invented procedure ".repeat(60_000), &opts)
            .is_empty()
    );
}
