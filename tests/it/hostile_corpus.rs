//! The countable bad-input and hostile-file corpus of issue 9 ("Measure"):
//! one table of cases, each with a name, the issue item it covers, an input
//! (generated here, large ones at test time), the clear error it must get
//! (exit 2, one line, naming the file/line/field as the item says, no
//! control characters, no panic) and a "nothing changed" check: the
//! database file is byte-identical before and after (and its `-wal` as it
//! was, or still absent), so no row, audit event or chain head moved; and
//! every file the case names is as it was (or still absent). When the bytes
//! differ, the failure names the tables whose rows differ.
//!
//! Sanitizer cases (item 2) are not refused: their check is that the text
//! around a broken control sequence survives, in order, and the import
//! reports the characters it removed.
//!
//! One test runs every case and prints `hostile corpus: N cases, N passed`;
//! it fails naming each case that did not pass. The focused tests in
//! `hostile_inputs.rs`, `hostile_code_files.rs`, `store_import_corpus.rs`,
//! `cli_output_escapes.rs`, `phi_argv.rs` and `store_files.rs` stay: they
//! check more about some of these cases (memory, search answers, output).

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::support::queue::{ChartSpec, Db, bin, chart_line};
use rusqlite::types::ValueRef;
use sha2::{Digest, Sha256};

/// How a case's command gets standard input.
#[allow(dead_code)]
enum Stdin {
    /// `/dev/null`.
    Null,
    /// These bytes, then end of file.
    Bytes(Vec<u8>),
    /// A pipe that stays open and is never written: a command that read it
    /// would hang (the case's 10 s limit catches that).
    Open,
}

/// One hostile attempt: a command line run against the case's database.
struct Attempt {
    args: Vec<String>,
    env: Vec<(&'static str, String)>,
    stdin: Stdin,
    /// `--db` is this path instead of the case's database (item 3).
    db: Option<PathBuf>,
    /// Files that must be byte-identical (or still absent) afterwards.
    untouched: Vec<PathBuf>,
    /// Replaces `{file}` in the expected strings (the hostile input's path
    /// as chartq shows it).
    file: String,
}

impl Attempt {
    fn new(args: &[&str]) -> Attempt {
        Attempt {
            args: args.iter().map(|s| s.to_string()).collect(),
            env: Vec::new(),
            stdin: Stdin::Null,
            db: None,
            untouched: Vec::new(),
            file: String::new(),
        }
    }
    /// `args` followed by `path`, which is also `{file}`.
    fn on(args: &[&str], path: &Path) -> Attempt {
        let mut a = Attempt::new(args);
        a.args.push(path.to_str().unwrap().to_string());
        a.file = path.display().to_string();
        a
    }
    fn env(mut self, key: &'static str, value: &str) -> Attempt {
        self.env.push((key, value.to_string()));
        self
    }
    fn stdin(mut self, stdin: Stdin) -> Attempt {
        self.stdin = stdin;
        self
    }
    fn db(mut self, path: &Path) -> Attempt {
        self.db = Some(path.to_path_buf());
        self
    }
    fn untouched(mut self, path: &Path) -> Attempt {
        self.untouched.push(path.to_path_buf());
        self
    }
    fn file(mut self, shown: impl Into<String>) -> Attempt {
        self.file = shown.into();
        self
    }
}

/// What must happen.
enum Expect {
    /// Exit `code` (2; 1 for "not found") with an error containing each
    /// string (`{file}` replaced) and none of `hidden` (patient data), on
    /// one line when `one_line` (clap usage errors and TOML's excerpt are
    /// several by design); nothing changed.
    Refused {
        code: i32,
        one_line: bool,
        error: &'static [&'static str],
        hidden: &'static [&'static str],
    },
    /// Exit 0, or 1 for "no match", within the time limit; nothing changed
    /// (a reading command).
    Answered,
    /// The feed imports; the first chart's documents are stored as given
    /// (the text around each broken sequence kept), and the import reports
    /// this many documents cleaned.
    Cleaned {
        documents: &'static [&'static str],
        reported: usize,
    },
}

/// Writes a case's input in the test's directory (and sets up what it
/// needs); `None` skips the case (said why).
type Input = fn(&Db) -> Option<Attempt>;

struct Case {
    name: &'static str,
    /// Issue 9's item ("4 size caps").
    item: &'static str,
    input: Input,
    expect: Expect,
}

const REFUSED_NOTHING_HIDDEN: &[&str] = &[];

/// `codes import SYSTEM --effective 2026-01-01 PATH`.
fn import_codes(system: &str, path: &Path) -> Attempt {
    Attempt::on(
        &["codes", "import", system, "--effective", "2026-01-01"],
        path,
    )
}

fn import_charts(path: &Path) -> Attempt {
    Attempt::on(&["charts", "import"], path)
}

fn fixture(dir: &str, name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir)
        .join(name)
}

/// A chart-feed fixture, imported from its place in `tests/fixtures/charts`.
fn feed_fixture(name: &str) -> Attempt {
    import_charts(&fixture("charts", name))
}

/// A zip (deflated members) of `members`.
fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, data) in members {
        zip.start_file(*name, opts).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Order-file record `n` in its layout (order number, code, billable flag,
/// 60-column short title, long title).
fn order_line(n: usize) -> Vec<u8> {
    let short = "Cholera due to Vibrio cholerae 01, biovar cholerae";
    format!("{n:05} A000    1 {short:<60} {short}\n").into_bytes()
}

/// `lines` order-file records, gzip-compressed.
fn order_gz(lines: usize) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    for _ in 0..lines {
        gz.write_all(&order_line(1)).unwrap();
    }
    gz.finish().unwrap()
}

/// A tabular with one chapter, one section and the given `<diag>` XML.
fn tabular(diags: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<ICD10CM.tabular>\n<version>2026</version>\n\
         <chapter><name>1</name><desc>Certain infectious diseases (A00-B99)</desc>\n\
         <section id=\"A00-A09\"><desc>Intestinal infectious diseases (A00-A09)</desc>\n\
         {diags}\n</section></chapter>\n</ICD10CM.tabular>\n"
    )
}

const CSV_HEADER: &str =
    "account,mrn,patient_name,patient_dob,patient_sex,encounter_type,service_date,queue\n";

/// An invented CPT licensee file (tab-separated, invented codes only).
fn licensee_file(descriptor_of_20th: &str) -> Vec<u8> {
    let mut text = String::from("Invented CPT data file for tests\nCode\tDescriptor\n");
    for i in 0..50 {
        let d = if i == 20 {
            descriptor_of_20th.to_string()
        } else {
            format!("Invented procedure number {i} for tests")
        };
        text += &format!("9{:04}\t{d}\n", 100 + i);
    }
    text.into_bytes()
}

/// A feed line whose first chart's documents hold `texts`.
fn feed_with_documents(texts: &[&str]) -> String {
    let mut line: serde_json::Value =
        serde_json::from_str(&chart_line(&ChartSpec::default())).unwrap();
    line["documents"] = texts
        .iter()
        .map(|t| serde_json::json!({"type": "progress_note", "text": t}))
        .collect();
    format!("{line}\n")
}

fn cleaned_feed(db: &Db, text: &str) -> Option<Attempt> {
    let path = db.file("cleaned.jsonl", feed_with_documents(&[text]));
    Some(import_charts(&path).untouched(&path))
}

/// The hostile-escape payload of `cli_output_escapes.rs`.
const ESCAPES: &str = "\u{1b}[2J\u{1b}]0;pwned\u{7}\u{9b}31m \u{202e}tail\u{8}\r";

fn cases() -> Vec<Case> {
    let mut cases = vec![
        // ---- item 4: size caps -------------------------------------------
        Case {
            name: "zip member declaring 1 TiB",
            item: "4 size caps",
            input: |db| {
                let zip = crate::support::fixtures::zip_declaring(
                    b"icd10cm_order_2026.txt",
                    b"A000 Cholera\n",
                    1 << 40,
                );
                let path = db.file("bomb.zip", zip);
                Some(import_codes("cm", &path).untouched(&path))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &[
                    "{file}: zip member icd10cm_order_2026.txt declares 1099511627776 bytes",
                    "larger than 512 MiB once decompressed",
                ],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "gzip bomb past the decompression cap",
            item: "4 size caps",
            input: |db| {
                let path = db.file("icd10cm_order_2026.txt.gz", order_gz((4 << 20) / 95));
                Some(import_codes("cm", &path).env("CHARTQ_MAX_FILE_MIB", "1"))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:", "larger than 1 MiB once decompressed"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "deflated zip member past the decompression cap",
            item: "4 size caps",
            input: |db| {
                let mut big = Vec::new();
                let line = order_line(1);
                for _ in 0..(3 << 20) / line.len() {
                    big.extend_from_slice(&line);
                }
                let path = db.file(
                    "order.zip",
                    zip_of(&[("icd10cm_order_2026.txt", big.as_slice())]),
                );
                Some(import_codes("cm", &path).env("CHARTQ_MAX_FILE_MIB", "1"))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "larger than 1 MiB once decompressed"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "plain code file over the cap",
            item: "4 size caps",
            input: |db| {
                let path = db.file("icd10cm_order_2026.txt", vec![b'x'; (1 << 20) + 1]);
                Some(import_codes("cm", &path).env("CHARTQ_MAX_FILE_MIB", "1"))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}: larger than 1 MiB"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "decompression cap that is not a number",
            item: "4 size caps",
            input: |db| {
                let path = db.file("icd10cm_order_2026.txt", order_line(1));
                Some(import_codes("cm", &path).env("CHARTQ_MAX_FILE_MIB", "lots"))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["CHARTQ_MAX_FILE_MIB=lots: expected a whole number of MiB"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "zip holding two tabular files",
            item: "4 size caps",
            input: |db| {
                let t = tabular("<diag><name>A00</name><desc>Cholera</desc></diag>");
                let path = db.file(
                    "two.zip",
                    zip_of(&[
                        ("icd10cm-tabular-2026.xml", t.as_bytes()),
                        ("icd10cm-tabular-2027.xml", t.as_bytes()),
                    ]),
                );
                Some(import_codes("cm", &path))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "XML entity expansion (billion laughs) in a tabular",
            item: "4 size caps",
            input: |db| {
                let mut dtd = String::from("<!DOCTYPE ICD10CM.tabular [\n<!ENTITY l0 \"lol\">\n");
                for i in 1..10 {
                    let prev = format!("&l{};", i - 1).repeat(10);
                    dtd += &format!("<!ENTITY l{i} \"{prev}\">\n");
                }
                dtd += "]>\n";
                let t = tabular("<diag><name>A00</name><desc>&l9;</desc></diag>").replacen(
                    "<ICD10CM.tabular>",
                    &format!("{dtd}<ICD10CM.tabular>"),
                    1,
                );
                let path = db.file("icd10cm-tabular-2026.xml", t);
                Some(import_codes("cm", &path))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "XML external entity naming /etc/passwd",
            item: "4 size caps",
            input: |db| {
                let t = tabular("<diag><name>A00</name><desc>&x;</desc></diag>").replacen(
                    "<ICD10CM.tabular>",
                    "<!DOCTYPE t [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n<ICD10CM.tabular>",
                    1,
                );
                let path = db.file("icd10cm-tabular-2026.xml", t);
                Some(import_codes("cm", &path))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:"],
                hidden: &["root:"],
            },
        },
        Case {
            name: "XML nested 100,000 elements deep",
            item: "4 size caps",
            input: |db| {
                // No stack overflow, no time lost: read through, and then
                // refused for holding no code.
                let deep = "<x>".repeat(100_000) + &"</x>".repeat(100_000);
                let t = format!(
                    "<?xml version=\"1.0\"?>\n<ICD10CM.tabular><version>2026</version>{deep}</ICD10CM.tabular>\n"
                );
                let path = db.file("icd10cm-tabular-2026.xml", t);
                Some(import_codes("cm", &path))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}: no codes in the file; nothing was imported"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "chart-feed CSV cell of 2 MiB",
            item: "4 size caps",
            input: |db| {
                let cell = "x".repeat(2 << 20);
                let feed = format!(
                    "{CSV_HEADER}A1,M1,Name,1960-01-01,F,outpatient,2026-01-02,main\n\
                     A2,M2,{cell},1960-01-01,F,outpatient,2026-01-02,main\n"
                );
                Some(import_charts(&db.file("cell.csv", feed)))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:3: a CSV record longer than 1 MiB"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "chart-feed CSV quote left open to the end of a 3 MiB file",
            item: "4 size caps",
            input: |db| {
                let mut open =
                    format!("{CSV_HEADER}A1,M1,\"Name,1960-01-01,F,outpatient,2026-01-02,main\n");
                while open.len() < 3 << 20 {
                    open += "A9,M9,Name,1960-01-01,F,outpatient,2026-01-02,main\n";
                }
                Some(import_charts(&db.file("open.csv", open)))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:2: a CSV record longer than 1 MiB"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "JSON line of a million values",
            item: "4 size caps",
            input: |db| {
                let (good, bomb) = crate::support::queue::good_line_and_million_value_bomb();
                Some(import_charts(
                    &db.file("values.jsonl", format!("{good}\n{bomb}\n")),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:2: line holds more than 100000 JSON values"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "JSON document of 10 MiB",
            item: "4 size caps",
            input: |db| {
                let mut v: serde_json::Value =
                    serde_json::from_str(&chart_line(&ChartSpec::default())).unwrap();
                v["documents"][0]["text"] = "x".repeat(10 << 20).into();
                Some(import_charts(&db.file("big.jsonl", v.to_string())))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &[
                    "{file}:1: field `documents[0].text`: document is 10485760 bytes of UTF-8; the limit is 1 MiB",
                ],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "JSON line of 65 MiB",
            item: "4 size caps",
            input: |db| {
                let good = chart_line(&ChartSpec::default());
                let long = format!("{{\"account\": \"{}\"}}", "y".repeat(65 << 20));
                Some(import_charts(
                    &db.file("long.jsonl", format!("{good}\n{long}\n")),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:2:", "64 MiB"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        // ---- item 8: code files ------------------------------------------
        Case {
            name: "tabular with no codes",
            item: "8 code files",
            input: |db| {
                let t = "<?xml version=\"1.0\"?>\n<ICD10CM.tabular><version>2026</version></ICD10CM.tabular>\n";
                Some(import_codes("cm", &db.file("icd10cm_tabular_2026.xml", t)))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}: no codes in the file; nothing was imported"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "empty order file",
            item: "8 code files",
            input: |db| Some(import_codes("cm", &db.file("icd10cm_order_2026.txt", ""))),
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "order file of blank lines",
            item: "8 code files",
            input: |db| {
                Some(import_codes(
                    "pcs",
                    &db.file("icd10pcs_order_2026.txt", "\n\n   \n"),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "HCPCS file with no records",
            item: "8 code files",
            input: |db| {
                Some(import_codes(
                    "hcpcs",
                    &db.file("HCPC2026_JAN_ANWEB.txt", "\n"),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "CPT CSV with a header only",
            item: "8 code files",
            input: |db| {
                Some(import_codes(
                    "cpt",
                    &db.file("cpt_2026.csv", "CPT Code,Long Descriptor\n"),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "CPT CSV with a quote left open mid-file",
            item: "8 code files",
            input: |db| {
                let csv = "CPT Code,Short Descriptor,Long Descriptor\n\
                           99901,Invented one,Invented procedure one\n\
                           99902,Invented two,\"Invented procedure, two\n\
                           99903,Invented three,Invented procedure three\n\
                           99904,Invented four,\"Invented, four\"\n";
                Some(import_codes("cpt", &db.file("cpt_2026.csv", csv)))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:3: field `csv`: a quoted field runs past the end of the line"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "CPT CSV with a quote left open on its last line",
            item: "8 code files",
            input: |db| {
                let csv = "CPT Code,Long Descriptor\n99901,Invented one\n99902,\"Invented, open";
                Some(import_codes("cpt", &db.file("cpt_2026.csv", csv)))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:3: field `csv`:"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "tabular cut off mid-element",
            item: "8 code files",
            input: |db| {
                let t = tabular("<diag><name>A00</name><desc>Cholera</desc></diag>");
                let cut = &t[..t.len() - 40];
                Some(import_codes(
                    "cm",
                    &db.file("icd10cm-tabular-2026.xml", cut),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "tabular listing a code twice",
            item: "8 code files",
            input: |db| {
                let t = tabular(
                    "<diag><name>A00</name><desc>Cholera</desc></diag>\n\
                     <diag><name>A00</name><desc>Cholera again</desc></diag>",
                );
                Some(import_codes("cm", &db.file("icd10cm-tabular-2026.xml", t)))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:", "A00"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "tabular code that is not an ICD-10-CM code",
            item: "8 code files",
            input: |db| {
                let t = tabular("<diag><name>A0;DROP</name><desc>Cholera</desc></diag>");
                Some(import_codes("cm", &db.file("icd10cm-tabular-2026.xml", t)))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:", "field `name`", "is not an ICD-10-CM code"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "order record shorter than its layout",
            item: "8 code files",
            input: |db| {
                Some(import_codes(
                    "cm",
                    &db.file("icd10cm_order_2026.txt", "00001 A000    0 Cholera\n"),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:1: field `record length`"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "order file in Latin-1 with a NUL byte",
            item: "8 code files",
            input: |db| {
                let mut bytes = order_line(1);
                let mut bad = order_line(2);
                bad[20] = 0xe9;
                bad[30] = 0;
                bytes.extend_from_slice(&bad);
                Some(import_codes(
                    "cm",
                    &db.file("icd10cm_order_2026.txt", bytes),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:2"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "codes file in UTF-16",
            item: "8 code files",
            input: |db| {
                let text = "A000    Cholera due to Vibrio cholerae 01, biovar cholerae\n";
                let mut bytes = vec![0xff, 0xfe];
                for u in text.encode_utf16() {
                    bytes.extend(u.to_le_bytes());
                }
                Some(import_codes(
                    "cm",
                    &db.file("icd10cm_codes_2026.txt", bytes),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "index file with no entries",
            item: "8 code files",
            input: |db| {
                let x = "<?xml version=\"1.0\"?>\n<ICD10CM.index><version>2026</version>\
                         <title>Table of Drugs and Chemicals</title></ICD10CM.index>\n";
                Some(Attempt::on(
                    &["codes", "import-index"],
                    &db.file("icd10cm_drug_2026.xml", x),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "index file cut in half",
            item: "8 code files",
            input: |db| {
                let x = std::fs::read_to_string(fixture("codes", "icd10cm_drug_mini.xml")).unwrap();
                Some(Attempt::on(
                    &["codes", "import-index"],
                    &db.file("icd10cm_drug_2026.xml", &x[..x.len() / 2]),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        // ---- item 6: long words --------------------------------------------
        Case {
            name: "CPT descriptor with a 64 KiB word",
            item: "6 long words",
            input: |db| {
                let d = format!("Invented {} procedure", "x".repeat(64 << 10));
                Some(import_codes(
                    "cpt",
                    &db.file("LONGULT_2026.txt", licensee_file(&d)),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &[
                    "{file}:23: field `descriptor`: 90120 has 65555 characters; the limit is 4096",
                ],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "CPT descriptor of 1 MiB",
            item: "6 long words",
            input: |db| {
                let d = "Invented words for tests ".repeat((1 << 20) / 25);
                Some(import_codes(
                    "cpt",
                    &db.file("LONGULT_2026.txt", licensee_file(&d)),
                ))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &[
                    "{file}:23: field `descriptor`: 90120 has",
                    "the limit is 4096",
                ],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "tabular title of 64 KiB",
            item: "6 long words",
            input: |db| {
                let t = tabular(&format!(
                    "<diag><name>A00</name><desc>Cholera {}</desc></diag>",
                    "z".repeat(64 << 10)
                ));
                Some(import_codes("cm", &db.file("icd10cm-tabular-2026.xml", t)))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "the limit is 4096"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "search for one 120 KiB word",
            item: "6 long words",
            input: |_| Some(Attempt::new(&["search", &"w".repeat(120 << 10)])),
            expect: Expect::Answered,
        },
        Case {
            name: "search for 20,000 words",
            item: "6 long words",
            input: |_| Some(Attempt::new(&["search", &"diabetes kidney ".repeat(6_000)])),
            expect: Expect::Answered,
        },
        // ---- item 7: escapes at output ----------------------------------------
        Case {
            name: "feed file name with escapes and a line break",
            item: "7 escapes at output",
            input: |db| {
                let name = "feed\u{1b}[2J\u{1b}]0;owned\u{7}\nchartq: imported 0 charts.jsonl";
                Some(import_charts(&db.file(name, "{not json\n")).file(""))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["feed chartq: imported 0 charts.jsonl:1: malformed JSON"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "code file name with escapes that does not exist",
            item: "7 escapes at output",
            input: |db| {
                let path = db.dir.path().join(format!("order{ESCAPES}.txt"));
                Some(import_codes("cm", &path).untouched(&path).file(""))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["order", "tail"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "chart show of an account with escapes",
            item: "7 escapes at output",
            input: |_| Some(Attempt::new(&["chart", "show", &format!("ACC{ESCAPES}")])),
            expect: Expect::Refused {
                code: 1,
                one_line: true,
                error: &["chart ACC31m tail not found"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "user add with a login of escapes",
            item: "7 escapes at output",
            input: |_| Some(Attempt::new(&["user", "add", &format!("mallory{ESCAPES}")])),
            expect: Expect::Refused {
                code: 2,
                // One line: the login is quoted with `text::single_line`
                // (it was `text::sanitize`, which kept a line break; found
                // by this corpus).
                one_line: true,
                error: &["mallory31m tail", "is not a valid login name"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "feed CSV header with escapes",
            item: "7 escapes at output",
            input: |db| {
                let feed = format!("account,mrn{ESCAPES},patient_name\nA1,M1,Name\n");
                Some(import_charts(&db.file("escaped_header.csv", feed)))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:1:"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        // ---- item 9: PHI off the command line ---------------------------------
        Case {
            name: "hold with no reason, no terminal, an open stdin",
            item: "9 PHI argv",
            input: |db| {
                claim(db);
                Some(Attempt::new(&["--as", "coder1", "hold", "ACC-1"]).stdin(Stdin::Open))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["is missing", "--reason-file"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "ask with no question, no terminal, an open stdin",
            item: "9 PHI argv",
            input: |db| {
                claim(db);
                Some(
                    Attempt::new(&[
                        "--as",
                        "coder1",
                        "ask",
                        "ACC-1",
                        "--provider",
                        "Dr. Invented",
                        "--option",
                        "A",
                    ])
                    .stdin(Stdin::Open),
                )
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["is missing", "--question-file"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "ask answer with no response, no terminal, an open stdin",
            item: "9 PHI argv",
            input: |db| {
                claim(db);
                let q = db.file("q.txt", "Which type of heart failure?\n");
                db.ok(&[
                    "--as",
                    "coder1",
                    "ask",
                    "ACC-1",
                    "--provider",
                    "Dr. Invented",
                    "--question-file",
                    q.to_str().unwrap(),
                    "--option",
                    "Acute systolic",
                ]);
                Some(Attempt::new(&["--as", "coder1", "ask", "answer", "1"]).stdin(Stdin::Open))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["is missing", "--response-file"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "hold with --reason and --reason-file both",
            item: "9 PHI argv",
            input: |db| {
                claim(db);
                let f = db.file("r.txt", "x");
                Some(Attempt::new(&[
                    "--as",
                    "coder1",
                    "hold",
                    "ACC-1",
                    "--reason",
                    "x",
                    "--reason-file",
                    f.to_str().unwrap(),
                ]))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: false,
                error: &[
                    "error: the argument '--reason <REASON>' cannot be used with '--reason-file <FILE>'",
                ],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "hold with a reason file that does not exist",
            item: "9 PHI argv",
            input: |db| {
                claim(db);
                let f = db.dir.path().join("absent-reason.txt");
                Some(
                    Attempt::on(&["--as", "coder1", "hold", "ACC-1", "--reason-file"], &f)
                        .untouched(&f),
                )
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "hold with an empty reason on stdin",
            item: "9 PHI argv",
            input: |db| {
                claim(db);
                Some(
                    Attempt::new(&["--as", "coder1", "hold", "ACC-1", "--reason-file", "-"])
                        .stdin(Stdin::Bytes(b"  \n".to_vec())),
                )
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["reason"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        // ---- item 14: minor ---------------------------------------------------
        Case {
            name: "headerless CSV feed (no account echoed)",
            item: "14 minor",
            input: |db| {
                let feed =
                    "ACC-778899,MRN-4455,\"Doe, Jane\",1960-01-01,F,outpatient,2026-01-02,main\n";
                Some(import_charts(&db.file("noheader.csv", feed)))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &[
                    "{file}:1: column 1 of the header is not a known column",
                    "is the header line missing?",
                ],
                hidden: &["ACC-778899", "MRN-4455", "Doe", "Jane", "1960"],
            },
        },
        Case {
            name: "config file with a parse error quoting escapes",
            item: "14 minor",
            input: |db| {
                let path = db.file(
                    "config.toml",
                    "databse = \"\u{1b}]0;title\u{7}\u{1b}[31mred\"\n",
                );
                Some(
                    Attempt::new(&["codes", "list"])
                        .env("CHARTQ_CONFIG", path.to_str().unwrap())
                        .file(path.display().to_string()),
                )
            },
            expect: Expect::Refused {
                code: 2,
                one_line: false,
                error: &["{file}: TOML parse error at line 1", "databse = \"red\""],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "config file that does not exist",
            item: "14 minor",
            input: |db| {
                let path = db.dir.path().join("nope.toml");
                Some(
                    Attempt::new(&["codes", "list"])
                        .env("CHARTQ_CONFIG", path.to_str().unwrap())
                        .untouched(&path)
                        .file(path.display().to_string()),
                )
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "CHARTQ_CONFIG"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        // ---- item 3: database, export and backup files ------------------------
        Case {
            name: "dangling symlink at the database path",
            item: "3 file permissions",
            input: |db| {
                let target = db.dir.path().join("elsewhere.db");
                let link = db.dir.path().join("link.db");
                std::os::unix::fs::symlink(&target, &link).unwrap();
                Some(
                    Attempt::new(&["codes", "list"])
                        .db(&link)
                        .untouched(&target)
                        .file(link.display().to_string()),
                )
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "symbolic link"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "symlink to an existing database",
            item: "3 file permissions",
            input: |db| {
                let link = db.dir.path().join("link.db");
                std::os::unix::fs::symlink(&db.path, &link).unwrap();
                Some(
                    Attempt::new(&["user", "whoami"])
                        .db(&link)
                        .file(link.display().to_string()),
                )
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "symbolic link"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "existing empty file at the database path",
            item: "3 file permissions",
            input: |db| {
                let path = db.file("empty.db", "");
                std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
                Some(
                    Attempt::new(&["codes", "list"])
                        .db(&path)
                        .untouched(&path)
                        .file(path.display().to_string()),
                )
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "not a chartq database"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "existing text file at the database path",
            item: "3 file permissions",
            input: |db| {
                let path = db.file("notes.db", "shopping list\n");
                Some(
                    Attempt::new(&["codes", "list"])
                        .db(&path)
                        .untouched(&path)
                        .file(path.display().to_string()),
                )
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "not a chartq database"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "another program's SQLite database at the database path",
            item: "3 file permissions",
            input: |db| {
                let path = db.dir.path().join("other.db");
                let conn = rusqlite::Connection::open(&path).unwrap();
                conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
                    .unwrap();
                drop(conn);
                Some(
                    Attempt::new(&["codes", "list"])
                        .db(&path)
                        .untouched(&path)
                        .file(path.display().to_string()),
                )
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "not a chartq database"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "database owned by another user (root only: chown to nobody)",
            item: "3 file permissions",
            input: |db| {
                // SAFETY: geteuid cannot fail and has no side effects.
                if unsafe { libc::geteuid() } != 0 {
                    return None;
                }
                let path = db.dir.path().join("foreign.db");
                std::fs::copy(&db.path, &path).unwrap();
                std::os::unix::fs::lchown(&path, Some(65534), Some(65534)).unwrap();
                Some(
                    Attempt::new(&["codes", "list"])
                        .db(&path)
                        .untouched(&path)
                        .file(path.display().to_string()),
                )
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "--allow-foreign-db"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "export over an existing file without --force",
            item: "3 file permissions",
            input: |db| {
                let out = db.file("export.jsonl", "keep me\n");
                Some(Attempt::on(&["export", "--output"], &out).untouched(&out))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "--force"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "export through a symlink, even with --force",
            item: "3 file permissions",
            input: |db| {
                let target = db.file("victim.txt", "keep me\n");
                let link = db.dir.path().join("export.jsonl");
                std::os::unix::fs::symlink(&target, &link).unwrap();
                Some(
                    Attempt::new(&["export", "--force", "--output", link.to_str().unwrap()])
                        .untouched(&target)
                        .file(link.display().to_string()),
                )
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "symbolic link"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "backup over an existing file without --force",
            item: "3 file permissions",
            input: |db| {
                let out = db.file("backup.db", "keep me\n");
                Some(Attempt::on(&["db", "backup"], &out).untouched(&out))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "--force"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        Case {
            name: "backup through a dangling symlink",
            item: "3 file permissions",
            input: |db| {
                let target = db.dir.path().join("planted.db");
                let link = db.dir.path().join("backup.db");
                std::os::unix::fs::symlink(&target, &link).unwrap();
                Some(Attempt::on(&["db", "backup"], &link).untouched(&target))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}", "symbolic link"],
                hidden: REFUSED_NOTHING_HIDDEN,
            },
        },
        // ---- item 2: the sanitizer keeps clinical text ------------------------
        Case {
            name: "8-bit CSI before malformed parameters",
            item: "2 sanitizer",
            input: |db| cleaned_feed(db, "Dose \u{9b} 5 mg daily."),
            expect: Expect::Cleaned {
                documents: &["Dose  5 mg daily."],
                reported: 1,
            },
        },
        Case {
            name: "lone C1 character (mis-decoded Windows-1252)",
            item: "2 sanitizer",
            input: |db| cleaned_feed(db, "Seen by Dr. Babi\u{9e}. Assessment: sepsis."),
            expect: Expect::Cleaned {
                documents: &["Seen by Dr. Babi. Assessment: sepsis."],
                reported: 1,
            },
        },
        Case {
            name: "every lone C1 character that once ate the document",
            item: "2 sanitizer",
            input: |db| cleaned_feed(db, "a\u{90}b\u{98}c\u{9d}d\u{9e}e\u{9f}f Lactate 4.1"),
            expect: Expect::Cleaned {
                documents: &["abcdef Lactate 4.1"],
                reported: 1,
            },
        },
        Case {
            name: "unterminated OSC",
            item: "2 sanitizer",
            input: |db| cleaned_feed(db, "Note\u{1b}]0;never closed. Lactate 4.1, start fluids."),
            expect: Expect::Cleaned {
                documents: &["Note]0;never closed. Lactate 4.1, start fluids."],
                reported: 1,
            },
        },
        Case {
            name: "unterminated DCS, APC and PM",
            item: "2 sanitizer",
            input: |db| cleaned_feed(db, "A\u{1b}Pdcs B\u{1b}_apc C\u{1b}^pm D"),
            expect: Expect::Cleaned {
                documents: &["APdcs B_apc C^pm D"],
                reported: 1,
            },
        },
        Case {
            name: "stray ESC[ before malformed parameters",
            item: "2 sanitizer",
            input: |db| cleaned_feed(db, "Dose \u{1b}[ 5 mg, then 10 mg"),
            expect: Expect::Cleaned {
                documents: &["Dose [ 5 mg, then 10 mg"],
                reported: 1,
            },
        },
        Case {
            name: "well-formed sequences removed whole, bidi controls neutralized",
            item: "2 sanitizer",
            input: |db| {
                cleaned_feed(
                    db,
                    "Colour\u{1b}[31m red\u{1b}[0m, \u{1b}]0;title\u{7}and \u{202e}re\u{2066}ver\u{200f}sed\u{61c}",
                )
            },
            expect: Expect::Cleaned {
                documents: &["Colour red, and reversed"],
                reported: 1,
            },
        },
        Case {
            name: "CRLF and a lone CR",
            item: "2 sanitizer",
            input: |db| cleaned_feed(db, "Plain text\r\nwith CRLF\rand CR."),
            expect: Expect::Cleaned {
                documents: &["Plain text\nwith CRLF\nand CR."],
                reported: 0,
            },
        },
        Case {
            name: "NUL in a document (\\u0000) is refused, not cleaned",
            item: "2 sanitizer",
            input: |db| {
                let path = db.file("nul.jsonl", feed_with_documents(&["before\u{0}after"]));
                Some(import_charts(&path))
            },
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error: &["{file}:1: field `documents[0].text`: contains a NUL character"],
                hidden: &["before", "after"],
            },
        },
    ];
    // ---- the chart-feed fixtures (the review's refused feeds) ---------------
    let feeds: [(&'static str, Input, &'static [&'static str]); 21] = [
        (
            "feed fixture: empty.jsonl",
            |_| Some(feed_fixture("empty.jsonl")),
            &["{file}: no charts in the file (it is empty)"],
        ),
        (
            "feed fixture: blank_lines.jsonl",
            |_| Some(feed_fixture("blank_lines.jsonl")),
            &["{file}: no charts in the file"],
        ),
        (
            "feed fixture: latin1.jsonl",
            |_| Some(feed_fixture("latin1.jsonl")),
            &["{file}:2: not valid UTF-8 at byte"],
        ),
        (
            "feed fixture: utf16.jsonl",
            |_| Some(feed_fixture("utf16.jsonl")),
            &["{file}", "the file is UTF-16 encoded; save it as UTF-8"],
        ),
        (
            "feed fixture: utf16_no_bom.jsonl",
            |_| Some(feed_fixture("utf16_no_bom.jsonl")),
            &["{file}:1: contains a NUL byte"],
        ),
        (
            "feed fixture: missing_field.jsonl",
            |_| Some(feed_fixture("missing_field.jsonl")),
            &["{file}:2: field `mrn`: is required"],
        ),
        (
            "feed fixture: missing_nested_field.jsonl",
            |_| Some(feed_fixture("missing_nested_field.jsonl")),
            &["{file}:2: field `patient.dob`: is required"],
        ),
        (
            "feed fixture: wrong_type.jsonl",
            |_| Some(feed_fixture("wrong_type.jsonl")),
            &["{file}:2: field `priority`: must be a whole number, found a string"],
        ),
        (
            "feed fixture: wrong_type_document.jsonl",
            |_| Some(feed_fixture("wrong_type_document.jsonl")),
            &["{file}:2: field `documents[0].text`: must be a string, found a number"],
        ),
        (
            "feed fixture: bad_date.jsonl",
            |_| Some(feed_fixture("bad_date.jsonl")),
            &["{file}:2: field `due_date`: must be a date YYYY-MM-DD"],
        ),
        (
            "feed fixture: bad_enum.jsonl",
            |_| Some(feed_fixture("bad_enum.jsonl")),
            &["{file}:2: field `encounter_type`: must be inpatient, outpatient"],
        ),
        (
            "feed fixture: unknown_field.jsonl",
            |_| Some(feed_fixture("unknown_field.jsonl")),
            &["{file}:2: field `acount`: unknown field"],
        ),
        (
            "feed fixture: not_an_object.jsonl",
            |_| Some(feed_fixture("not_an_object.jsonl")),
            &["{file}:2: expected a JSON object, found an array"],
        ),
        (
            "feed fixture: truncated.jsonl",
            |_| Some(feed_fixture("truncated.jsonl")),
            &["{file}:2: malformed JSON at column"],
        ),
        (
            "feed fixture: duplicate_accounts.jsonl",
            |_| Some(feed_fixture("duplicate_accounts.jsonl")),
            &["{file}:3: field `account`: the same account as line 1"],
        ),
        (
            "feed fixture: nul_byte.jsonl",
            |_| Some(feed_fixture("nul_byte.jsonl")),
            &["{file}:2: contains a NUL byte"],
        ),
        (
            "feed fixture: nul_escape.jsonl",
            |_| Some(feed_fixture("nul_escape.jsonl")),
            &["{file}:2: field `documents[0].text`: contains a NUL character"],
        ),
        (
            "feed fixture: discharge_before_admit.jsonl",
            |_| Some(feed_fixture("discharge_before_admit.jsonl")),
            &["{file}:2: field `discharge_date`: is before admit_date"],
        ),
        (
            "feed fixture: bad_columns.csv",
            |_| Some(feed_fixture("bad_columns.csv")),
            &["{file}:1: column 9 of the header is not a known column"],
        ),
        (
            "feed fixture: ragged.csv",
            |_| Some(feed_fixture("ragged.csv")),
            &["{file}:3: 6 columns, the header has 8"],
        ),
        (
            "feed fixture: missing_required.csv",
            |_| Some(feed_fixture("missing_required.csv")),
            &["{file}:3: field `service_date`: is required for ed charts"],
        ),
    ];
    for (name, input, error) in feeds {
        cases.push(Case {
            name,
            item: "4 feed validation",
            input,
            expect: Expect::Refused {
                code: 2,
                one_line: true,
                error,
                hidden: &["Harlow", "Muñoz", "Testperson"],
            },
        });
    }
    cases
}

/// ACC-1 imported and claimed by coder1 (the PHI-argv cases' setup).
fn claim(db: &Db) {
    db.import(&[chart_line(&ChartSpec::default())]);
    db.ok(&["--as", "coder1", "queue", "claim"]);
}

/// Every table's rows, hashed, and the schema: to name what changed when
/// the file's bytes did (slow on the full code sets: only on failure).
fn fingerprint(path: &Path) -> BTreeMap<String, (i64, String)> {
    let conn = rusqlite::Connection::open_with_flags(
        path,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY | rusqlite::OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .unwrap();
    let mut out = BTreeMap::new();
    let mut tables = conn
        .prepare("SELECT name, sql FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    let tables: Vec<(String, Option<String>)> = tables
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    for (table, sql) in tables {
        let mut hash = Sha256::new();
        hash.update(sql.unwrap_or_default().as_bytes());
        let mut stmt = conn
            .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY rowid"))
            .or_else(|_| conn.prepare(&format!("SELECT * FROM \"{table}\"")))
            .unwrap();
        let columns = stmt.column_count();
        let mut rows = stmt.query([]).unwrap();
        let mut count = 0;
        while let Some(row) = rows.next().unwrap() {
            count += 1;
            for i in 0..columns {
                match row.get_ref(i).unwrap() {
                    ValueRef::Null => hash.update([0]),
                    ValueRef::Integer(v) => {
                        hash.update([1]);
                        hash.update(v.to_le_bytes());
                    }
                    ValueRef::Real(v) => {
                        hash.update([2]);
                        hash.update(v.to_le_bytes());
                    }
                    ValueRef::Text(v) | ValueRef::Blob(v) => {
                        hash.update([3]);
                        hash.update((v.len() as u64).to_le_bytes());
                        hash.update(v);
                    }
                }
            }
        }
        let digest: String = hash.finalize().iter().map(|b| format!("{b:02x}")).collect();
        out.insert(table, (count, digest));
    }
    for pragma in ["user_version", "application_id"] {
        let v: i64 = conn
            .query_row(&format!("PRAGMA {pragma}"), [], |r| r.get(0))
            .unwrap();
        out.insert(format!("pragma {pragma}"), (v, String::new()));
    }
    out
}

/// The database file's bytes and its `-wal`'s (`None`: absent or empty).
fn db_bytes(path: &Path) -> (Vec<u8>, Option<Vec<u8>>) {
    let mut wal = path.as_os_str().to_owned();
    wal.push("-wal");
    // SQLite leaves an empty `-wal` behind a connection that wrote nothing.
    let wal = std::fs::read(wal).ok().filter(|w| !w.is_empty());
    (std::fs::read(path).unwrap(), wal)
}

/// A file's bytes, or `None` when absent (a symlink is read as its text).
fn file_state(path: &Path) -> Option<Vec<u8>> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if meta.file_type().is_symlink() {
        return Some(
            std::fs::read_link(path)
                .unwrap()
                .into_os_string()
                .into_encoded_bytes(),
        );
    }
    Some(std::fs::read(path).unwrap_or_else(|e| format!("unreadable: {e}").into_bytes()))
}

/// Runs `attempt` within `limit`: (exit code, stdout, stderr).
fn run(
    db: &Db,
    attempt: &Attempt,
    limit: Duration,
) -> Result<(Option<i32>, String, String), String> {
    let mut cmd = Command::new(bin());
    cmd.env_remove("CHARTQ_DB")
        .env_remove("CHARTQ_AUDIT_KEY_FILE")
        .env_remove("EDITOR")
        .env_remove("VISUAL")
        .env("CHARTQ_CONFIG", "/dev/null")
        .env("CHARTQ_TODAY", "2026-11-30")
        .env("NO_COLOR", "1");
    for (k, v) in &attempt.env {
        cmd.env(k, v);
    }
    cmd.arg("--db")
        .arg(attempt.db.as_deref().unwrap_or(&db.path))
        .args(&attempt.args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(match attempt.stdin {
            Stdin::Null => Stdio::null(),
            _ => Stdio::piped(),
        });
    let mut child = cmd.spawn().map_err(|e| format!("spawn: {e}"))?;
    // Kept open (and unwritten) until the command exits, for `Stdin::Open`.
    let mut stdin = child.stdin.take();
    if let (Stdin::Bytes(bytes), Some(mut pipe)) = (&attempt.stdin, stdin.take()) {
        pipe.write_all(bytes).map_err(|e| e.to_string())?;
    }
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "still running after {limit:?} (waiting for input?)"
            ));
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    drop(stdin);
    let out = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let err = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    Ok((status.code(), out, err))
}

/// No control character but line feed and tab, no bidi control.
fn inert(s: &str) -> bool {
    !s.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t') || chartq::domain::text::is_bidi_control(c)
    })
}

macro_rules! ensure {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+));
        }
    };
}

/// Runs one case on a fresh database. `Ok(false)`: skipped (said why).
fn run_case(case: &Case) -> Result<bool, String> {
    let db = Db::new();
    let Some(attempt) = (case.input)(&db) else {
        return Ok(false);
    };
    if matches!(case.expect, Expect::Answered) {
        // The search-snapshot cache is a cache any reader may write: warm
        // it first, so the measured run has nothing of its own to write.
        run(&db, &attempt, Duration::from_secs(120))?;
    }
    let before = db_bytes(&db.path);
    let files_before: Vec<_> = attempt.untouched.iter().map(|p| file_state(p)).collect();
    let (code, out, err) = run(&db, &attempt, Duration::from_secs(10))?;
    ensure!(!err.contains("panicked"), "panicked: {err}");
    ensure!(inert(&err), "control characters on stderr: {err:?}");
    let unchanged = |db: &Db| -> Result<(), String> {
        if db_bytes(&db.path) != before {
            // Say what changed: the rows of which tables.
            let copy = db.dir.path().join("before.db");
            std::fs::write(&copy, &before.0).unwrap();
            if let Some(wal) = &before.1 {
                std::fs::write(db.dir.path().join("before.db-wal"), wal).unwrap();
            }
            let (was, now) = (fingerprint(&copy), fingerprint(&db.path));
            let changed: Vec<&String> = now
                .iter()
                .filter(|(k, v)| was.get(*k) != Some(v))
                .map(|(k, _)| k)
                .collect();
            return Err(format!(
                "the database file changed; tables whose rows differ: {changed:?}"
            ));
        }
        for (path, was) in attempt.untouched.iter().zip(&files_before) {
            ensure!(
                &file_state(path) == was,
                "{} changed (or appeared)",
                path.display()
            );
        }
        Ok(())
    };
    let checked = match &case.expect {
        Expect::Refused {
            code: want_code,
            one_line,
            error,
            hidden,
        } => {
            ensure!(
                code == Some(*want_code),
                "exit {code:?}, expected {want_code}; stdout {out:?} stderr {err:?}"
            );
            ensure!(
                !one_line || err.trim_end().lines().count() == 1,
                "expected one error line, got {err:?}"
            );
            ensure!(
                err.starts_with("chartq: ") || err.starts_with("error: "),
                "{err:?}"
            );
            for want in error.iter() {
                let want = want.replace("{file}", &attempt.file);
                ensure!(err.contains(&want), "expected {want:?} in {err:?}");
            }
            for secret in hidden.iter() {
                ensure!(!err.contains(secret), "{secret:?} echoed: {err:?}");
            }
            unchanged(&db)
        }
        Expect::Answered => {
            ensure!(matches!(code, Some(0 | 1)), "exit {code:?}: {err:?}");
            ensure!(inert(&out), "control characters on stdout");
            unchanged(&db)
        }
        Expect::Cleaned {
            documents,
            reported,
        } => {
            ensure!(code == Some(0), "exit {code:?}: {err:?}");
            let shown = db.json(&["chart", "show", "ACC-1"]);
            let stored: Vec<&str> = shown["documents"]
                .as_array()
                .ok_or("no documents")?
                .iter()
                .map(|d| d["text"].as_str().unwrap_or_default())
                .collect();
            ensure!(
                stored == *documents,
                "stored {stored:?}, expected {documents:?}"
            );
            let removed = db.count(
                "SELECT coalesce(json_extract(details, '$.documents_cleaned'), 0)
                 FROM audit_event WHERE action = 'charts_imported'",
            );
            ensure!(
                removed == *reported as i64,
                "audit says {removed} documents cleaned, expected {reported}"
            );
            if *reported > 0 {
                ensure!(
                    out.contains("cleaned of terminal control characters"),
                    "the report does not say text was cleaned: {out:?}"
                );
            }
            Ok(())
        }
    };
    checked.map(|()| true)
}

#[test]
fn hostile_corpus_every_case_is_refused_clearly_and_changes_nothing() {
    let cases = cases();
    let mut names = std::collections::HashSet::new();
    for case in &cases {
        assert!(names.insert(case.name), "two cases named {:?}", case.name);
    }
    let mut failed = Vec::new();
    let mut skipped = Vec::new();
    let mut per_item: BTreeMap<&str, usize> = BTreeMap::new();
    for case in &cases {
        let start = Instant::now();
        let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| run_case(case)))
            .unwrap_or_else(|p| {
                Err(p
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "panicked".into()))
            });
        match result {
            Ok(true) => *per_item.entry(case.item).or_default() += 1,
            Ok(false) => skipped.push(case.name),
            Err(why) => failed.push(format!("[{}] {}: {why}", case.item, case.name)),
        }
        eprintln!(
            "  {:<5} {:>6} ms  [{}] {}",
            if failed.last().is_some_and(|f| f.contains(case.name)) {
                "FAIL"
            } else {
                "ok"
            },
            start.elapsed().as_millis(),
            case.item,
            case.name
        );
    }
    for name in &skipped {
        println!("SKIP {name}: needs root to give a file to another uid (CI runs as root)");
    }
    let run = cases.len() - skipped.len();
    let passed = run - failed.len();
    for (item, n) in &per_item {
        println!("  item {item}: {n} cases passed");
    }
    println!(
        "hostile corpus: {run} cases, {passed} passed{}",
        if skipped.is_empty() {
            String::new()
        } else {
            format!(", {} skipped", skipped.len())
        }
    );
    assert!(failed.is_empty(), "failed cases:\n{}", failed.join("\n"));
}

/// The check itself: a command that does write (a good import) is seen as
/// a change, and so is a case expecting a refusal that gets none.
#[test]
fn the_nothing_changed_check_sees_a_write() {
    let db = Db::new();
    let before = db_bytes(&db.path);
    db.import(&[chart_line(&ChartSpec::default())]);
    assert_ne!(
        db_bytes(&db.path),
        before,
        "an import left the bytes alone?"
    );
    let good = Case {
        name: "a good feed",
        item: "control",
        input: |db| {
            let path = db.file("good.jsonl", chart_line(&ChartSpec::default()) + "\n");
            Some(import_charts(&path))
        },
        expect: Expect::Refused {
            code: 2,
            one_line: true,
            error: &[],
            hidden: &[],
        },
    };
    assert!(run_case(&good).is_err());
}
