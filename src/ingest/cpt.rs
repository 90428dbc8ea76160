//! CPT from a licensee's AMA data file. CPT content is copyrighted by the
//! AMA, so chartq ships none: a licensee imports their own file.
//!
//! Two shapes are read:
//! - the AMA data-file text layout (LONGULT.txt, MEDU.txt, SHORTU.txt):
//!   `code<TAB>descriptor` per line. Lines before the first record that are
//!   not records (a title, a copyright notice, a `Code<TAB>Descriptor`
//!   header) are skipped; after it, blank lines are skipped and any other
//!   line must be a record.
//! - a CSV (or tab-separated file) with a header row naming its columns:
//!   a code column (`Code`, `CPT Code`, `HCPCS`) and a descriptor column
//!   (`Long Descriptor`, `Descriptor`, `Description`), optionally a
//!   `Short Descriptor`. Other columns are ignored.
//!
//! The file must be UTF-8. Codes are five characters (`99213`, Category II
//! `1234F`, Category III `0001T`, PLA `0001U`); two-character entries are
//! modifiers.

use std::collections::HashMap;

use super::checks::MAX_TITLE_CHARS;
use super::source::{ImportError, Source};
use crate::domain::codes::{Code, CodeKind, CodeSet};

/// The member of a licensee's zip to read: the long descriptors first,
/// then the medium, then the short ones, then a lone CSV.
pub const MEMBER_RULES: [super::source::MemberRule; 4] = [
    |n| n.starts_with("longult") && n.ends_with(".txt"),
    |n| n.starts_with("medu") && n.ends_with(".txt"),
    |n| n.starts_with("shortu") && n.ends_with(".txt"),
    |n| n.ends_with(".csv"),
];

/// Column positions of a file with a header.
struct Columns {
    code: usize,
    long: usize,
    short: Option<usize>,
}

/// Parses a whole CPT file in either shape.
///
/// A record is one line: a CSV field quoted across a line end is refused
/// with the line it starts on. A quote left open would otherwise swallow
/// the records after it into one descriptor, up to the next quote.
pub fn parse(src: &Source) -> Result<CodeSet, ImportError> {
    let text = src.utf8_text()?;
    let csv_name = src.file_name().to_ascii_lowercase().ends_with(".csv");
    let tabbed = text.lines().take(20).any(|l| l.contains('\t'));
    let delimiter = if !csv_name && tabbed { b'\t' } else { b',' };
    // A last line without its line end still ends in one, so a quote left
    // open on it shows as a field running past the line like any other.
    let ended;
    let text = if text.ends_with('\n') {
        text
    } else {
        ended = format!("{text}\n");
        &ended
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .has_headers(false)
        .flexible(true)
        .quoting(delimiter == b',')
        .from_reader(text.as_bytes());
    let mut columns: Option<Columns> = None;
    let mut codes = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut record = csv::StringRecord::new();
    let mut lines = Lines::new(text);
    loop {
        let more = reader.read_record(&mut record).map_err(|e| {
            let line = e.position().map(|p| lines.of(p.byte()));
            src.error(line, Some("csv"), format!("malformed ({e})"))
        })?;
        if !more {
            break;
        }
        let line = record.position().map_or(0, |p| lines.of(p.byte()));
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let err = |field: &str, msg: String| src.error(Some(line), Some(field), msg);
        if columns.is_none() && codes.is_empty() {
            match before_records(&record, delimiter).map_err(|(f, m)| err(f, m))? {
                Leading::Header(header) => {
                    columns = Some(header);
                    continue;
                }
                Leading::Skipped => continue,
                Leading::Record => {}
            }
        }
        let code = code_of(&record, columns.as_ref()).map_err(|(f, m)| err(f, m))?;
        if let Some(first) = seen.insert(code.code.clone(), line) {
            return Err(err(
                "code",
                format!("{} appears twice (first at line {first})", code.code),
            ));
        }
        codes.push(code);
    }
    if codes.is_empty() {
        return Err(src.error(None, None, "no CPT records found"));
    }
    Ok(CodeSet { codes })
}

/// What a line before the first record is.
enum Leading {
    /// The header row of a CSV (or tab-separated file with one).
    Header(Columns),
    /// A title or copyright line of the AMA text layout.
    Skipped,
    /// The first record.
    Record,
}

/// Says what a line before the first record is; a CSV must start with its
/// header. Errors are `(field, message)`.
fn before_records(
    record: &csv::StringRecord,
    delimiter: u8,
) -> Result<Leading, (&'static str, String)> {
    multi_line(record)?;
    if let Some(header) = header_columns(record) {
        return Ok(Leading::Header(header));
    }
    if delimiter == b',' {
        return Err((
            "header",
            "a CSV needs a header row naming a code column and a descriptor column".into(),
        ));
    }
    if !is_code(record.get(0).unwrap_or("").trim()) {
        return Ok(Leading::Skipped);
    }
    Ok(Leading::Record)
}

/// Refuses a record with a field quoted across a line end.
fn multi_line(record: &csv::StringRecord) -> Result<(), (&'static str, String)> {
    if record.iter().any(|f| f.contains(['\n', '\r'])) {
        return Err((
            "csv",
            "a quoted field runs past the end of the line (a quote left open?); \
             each record must be one line"
                .into(),
        ));
    }
    Ok(())
}

/// The code one record gives: its code, descriptor and short descriptor
/// from the header's columns (or `CODE<TAB>DESCRIPTOR` without a header),
/// checked. Errors are `(field, message)`.
fn code_of(
    record: &csv::StringRecord,
    columns: Option<&Columns>,
) -> Result<Code, (&'static str, String)> {
    multi_line(record)?;
    let (code, long, short) = match columns {
        Some(c) => (
            record.get(c.code).unwrap_or(""),
            record.get(c.long).unwrap_or(""),
            c.short.and_then(|i| record.get(i)),
        ),
        None if record.len() == 2 => (&record[0], &record[1], None),
        None => {
            return Err((
                "layout",
                format!(
                    "{} tab-separated fields, expected CODE<TAB>DESCRIPTOR",
                    record.len()
                ),
            ));
        }
    };
    let (code, long) = (code.trim(), long.trim());
    if !is_code(code) {
        return Err(("code", format!("{code:?} is not a CPT code or modifier")));
    }
    if long.is_empty() {
        return Err(("descriptor", format!("{code} has none")));
    }
    for (field, text) in [("descriptor", Some(long)), ("short descriptor", short)] {
        let length = text.map_or(0, |t| t.trim().chars().count());
        if length > MAX_TITLE_CHARS {
            return Err((
                field,
                format!("{code} has {length} characters; the limit is {MAX_TITLE_CHARS}"),
            ));
        }
    }
    let modifier = code.len() == 2;
    Ok(Code {
        code: code.to_string(),
        kind: if modifier {
            CodeKind::Modifier
        } else {
            CodeKind::Code
        },
        billable: !modifier,
        short_title: short
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string),
        long_title: long.to_string(),
        parent: None,
        notes: Vec::new(),
        valid_until: None,
    })
}

/// Line numbers of records by their byte offset, counted here: the csv
/// crate's own count is one short after CRLF line ends and blank lines
/// (rust-csv issues 395 and 208). Offsets only grow, so counting is linear.
struct Lines<'t> {
    text: &'t [u8],
    at: usize,
    line: usize,
}

impl<'t> Lines<'t> {
    fn new(text: &'t str) -> Self {
        Lines {
            text: text.as_bytes(),
            at: 0,
            line: 1,
        }
    }

    /// The line of the record at `byte` (where its line ends before it
    /// stop).
    fn of(&mut self, byte: u64) -> usize {
        let mut start = (byte as usize).min(self.text.len());
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        if start > self.at {
            self.line += self.text[self.at..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.at = start;
        }
        self.line
    }
}

/// `99213`, `1234F`, `0001T`, `0001U`, or a two-character modifier (`25`).
fn is_code(s: &str) -> bool {
    let b = s.as_bytes();
    match b.len() {
        5 => {
            b[..4].iter().all(u8::is_ascii_digit)
                && (b[4].is_ascii_digit() || matches!(b[4], b'F' | b'T' | b'U'))
        }
        2 => b
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase()),
        _ => false,
    }
}

/// The columns of a header row, when `record` is one.
fn header_columns(record: &csv::StringRecord) -> Option<Columns> {
    let names: Vec<String> = record
        .iter()
        .map(|f| {
            f.chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase()
        })
        .collect();
    let find = |wanted: &[&str]| names.iter().position(|n| wanted.contains(&n.as_str()));
    let code = find(&[
        "code",
        "cptcode",
        "cpt",
        "hcpcs",
        "hcpcscode",
        "procedurecode",
    ])?;
    let long = find(&[
        "longdescriptor",
        "longdescription",
        "descriptor",
        "description",
        "longulterm",
        "title",
    ])?;
    let short = find(&["shortdescriptor", "shortdescription", "shortu"]);
    Some(Columns { code, long, short })
}

#[cfg(test)]
mod tests {
    use super::*;

    const TAB: &str = include_str!("../../tests/fixtures/codes/cpt_longult_invented.txt");
    const CSV: &str = include_str!("../../tests/fixtures/codes/cpt_invented.csv");

    fn parse_as(name: &str, text: &str) -> Result<CodeSet, ImportError> {
        parse(&Source::from_bytes(name, text.as_bytes().to_vec()))
    }

    #[test]
    fn tab_layout_skips_its_preamble() {
        let set = parse_as("LONGULT.txt", TAB).unwrap();
        let codes: Vec<&str> = set.codes.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["90001", "90002", "0999T", "9999F", "Z9"]);
        assert_eq!(
            set.codes[0].long_title,
            "Invented procedure for tests, first of its kind"
        );
        assert_eq!(set.codes[4].kind, CodeKind::Modifier);
        assert!(!set.codes[4].billable);
    }

    #[test]
    fn csv_with_header_maps_columns_by_name() {
        let set = parse_as("cpt.csv", CSV).unwrap();
        assert_eq!(set.codes.len(), 3);
        let c = &set.codes[1];
        assert_eq!(c.code, "90002");
        assert_eq!(c.long_title, "Invented procedure, with a comma, for tests");
        assert_eq!(c.short_title.as_deref(), Some("Invented proc comma"));
    }

    #[test]
    fn bad_lines_name_line_and_field() {
        let bad_code = TAB.replacen("90002\t", "9002\t", 1);
        let err = parse_as("LONGULT.txt", &bad_code).unwrap_err();
        let line = TAB[..TAB.find("90002").unwrap()].lines().count() + 1;
        assert_eq!(
            (err.line, err.field.as_deref()),
            (Some(line as u64), Some("code")),
            "{err}"
        );

        let no_desc = TAB.replacen("Invented second procedure for tests, second", "", 1);
        let err = parse_as("LONGULT.txt", &no_desc).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("descriptor"), "{err}");

        // Without a header row, a record is exactly CODE<TAB>DESCRIPTOR.
        let extra = TAB
            .replacen("Code\tDescriptor\n", "", 1)
            .replacen("90002\t", "90002\tx\t", 1);
        assert_eq!(
            parse_as("LONGULT.txt", &extra)
                .unwrap_err()
                .field
                .as_deref(),
            Some("layout")
        );

        let headless = CSV.lines().skip(1).collect::<Vec<_>>().join("\n");
        let err = parse_as("cpt.csv", &headless).unwrap_err();
        assert_eq!(
            (err.line, err.field.as_deref()),
            (Some(1), Some("header")),
            "{err}"
        );

        let dup = CSV.replacen("90003", "90001", 1);
        assert!(
            parse_as("cpt.csv", &dup)
                .unwrap_err()
                .to_string()
                .contains("appears twice")
        );

        // A quote left open merges the records after it: refused at the
        // line it starts on, with or without a line end after it.
        let open = CSV.replacen("\"Invented procedure, with", "\"Invented procedure with", 1);
        let open = open.replacen("comma, for tests\"", "comma, for tests", 1);
        for text in [open.clone(), open.trim_end().to_string()] {
            let err = parse_as("cpt.csv", &text).unwrap_err();
            assert_eq!(
                (err.line, err.field.as_deref()),
                (Some(3), Some("csv")),
                "{err}"
            );
            assert!(err.message.contains("quote left open"), "{err}");
        }
        let last_open = format!("{CSV}90004,Short,\"Invented, never closed");
        let err = parse_as("cpt.csv", &last_open).unwrap_err();
        assert_eq!(
            (err.line, err.field.as_deref()),
            (Some(5), Some("csv")),
            "{err}"
        );

        // The CSV fixture has CRLF line ends: lines still count right.
        assert!(CSV.contains("\r\n"));
        let bad = CSV
            .replacen("90003", "9003", 1)
            .replace("\r\n90002", "\r\n\r\n90002");
        let err = parse_as("cpt.csv", &bad).unwrap_err();
        assert_eq!(
            (err.line, err.field.as_deref()),
            (Some(5), Some("code")),
            "{err}"
        );

        let long = TAB.replacen("first of its kind", &"x".repeat(MAX_TITLE_CHARS), 1);
        let err = parse_as("LONGULT.txt", &long).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("descriptor"), "{err}");
        assert!(err.message.ends_with("the limit is 4096"), "{err}");

        let mut latin1 = TAB.as_bytes().to_vec();
        let at = TAB.find("first of").unwrap();
        latin1[at] = 0xE9;
        let err = parse(&Source::from_bytes("LONGULT.txt", latin1)).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("encoding"));
    }
}
