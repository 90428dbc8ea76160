//! HCPCS Level II "ANWEB" file (CMS Alpha-Numeric HCPCS file): fixed
//! width, Windows-1252, one 320-column record a line (CMS has also shipped
//! records with the trailing filler stripped, so 293–320 columns are
//! accepted).
//!
//! | cols    | field                                                      |
//! |---------|------------------------------------------------------------|
//! | 1–5     | HCPCS code; a modifier sits in cols 4–5 with 1–3 blank     |
//! | 6–10    | sequence number (00100, 00200, … within one code)          |
//! | 11      | record id: 3/4 procedure first/continuation, 7/8 modifier  |
//! | 12–91   | long description (continued on the continuation lines)     |
//! | 92–119  | short description (first line only)                       |
//! | 269–276 | code added date, YYYYMMDD                                  |
//! | 277–284 | action effective date, YYYYMMDD                            |
//! | 285–292 | termination date, YYYYMMDD or blank                        |
//!
//! The file starts with a disclaimer block (tab-padded text lines); lines
//! before the first record that do not look like records are skipped.
//! After that, every non-blank line must be a valid record.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::layout::{Encoding, Field, Kind, Layout, Record};
use super::source::{ImportError, Source};
use crate::domain::codes::{Code, CodeKind, CodeSet};

/// The data file inside CMS's zip (`HCPC2019_CONTR_ANWEB.txt`), not the
/// README, the record layout or the proc notes.
pub fn is_anweb_member(name: &str) -> bool {
    name.ends_with(".txt") && name.contains("anweb")
}

const CODE: Field = Field::new("code", 1..=5, Kind::Text);
/// A modifier's record redefines the code: blanks, then the modifier.
const MODIFIER_PAD: Field = Field::new("code", 1..=3, Kind::Text);
const MODIFIER: Field = Field::new("code", 4..=5, Kind::Text);
const SEQUENCE: Field = Field::new("sequence number", 6..=10, Kind::Number);
const RECORD_ID: Field = Field {
    name: "record id",
    columns: 11..=11,
    kind: Kind::OneOf {
        values: &["3", "4", "7", "8"],
        meaning: "3/4 procedure or 7/8 modifier",
    },
};
const LONG: Field = Field::new("long description", 12..=91, Kind::Text);
const SHORT: Field = Field::new("short description", 92..=119, Kind::Text);
const ADDED: Field = Field::new("code added date", 269..=276, Kind::Date);
const ACTION: Field = Field::new("action effective date", 277..=284, Kind::Date);
const TERMINATED: Field = Field::new("termination date", 285..=292, Kind::Date);

/// The CMS HCPCS contractor record (the table in the module comment).
/// CMS has shipped records with the trailing filler stripped, so 293–320
/// columns are accepted; the disclaimer before the records is skipped.
pub const LAYOUT: Layout = Layout {
    file_kind: "a HCPCS file",
    encoding: Encoding::Windows1252,
    length: 293..=320,
    length_rule: "expected 293-320 columns",
    preamble: true,
    fields: &[
        CODE,
        MODIFIER_PAD,
        MODIFIER,
        SEQUENCE,
        RECORD_ID,
        LONG,
        SHORT,
        ADDED,
        ACTION,
        TERMINATED,
    ],
};

/// One code's lines as read, before joining.
struct Pending {
    modifier: bool,
    /// `(sequence, description part)` of every line.
    parts: Vec<(u32, String)>,
    first: Option<FirstLine>,
    /// Line of the code's first appearance, for errors.
    line: usize,
}

struct FirstLine {
    short: String,
    terminated: Option<NaiveDate>,
}

/// Parses a whole ANWEB file: a code's lines may come in any order (its
/// first line and its continuations, by sequence number), so they are
/// gathered first and joined once the file is read.
pub fn parse(src: &Source) -> Result<CodeSet, ImportError> {
    let mut order: Vec<String> = Vec::new();
    let mut pending: HashMap<String, Pending> = HashMap::new();
    for record in LAYOUT.records(src) {
        let record = record?;
        let (code, modifier) = code_of(&record)?;
        let entry = pending.entry(code.clone()).or_insert_with(|| {
            order.push(code.clone());
            Pending {
                modifier,
                parts: Vec::new(),
                first: None,
                line: record.line,
            }
        });
        add_line(entry, &code, modifier, &record)?;
    }
    if order.is_empty() {
        return Err(src.error(
            None,
            None,
            "no HCPCS records found (is this an ANWEB file?)",
        ));
    }
    let codes = order
        .into_iter()
        .map(|code| {
            let p = pending
                .remove(&code)
                .expect("every ordered code is pending");
            join(src, code, p)
        })
        .collect::<Result<_, _>>()?;
    Ok(CodeSet { codes })
}

/// The record's code and whether it is a modifier (record id 7/8: the
/// modifier sits in columns 4–5 with 1–3 blank).
fn code_of(record: &Record<'_>) -> Result<(String, bool), ImportError> {
    let modifier = matches!(record.raw(&RECORD_ID).as_ref(), "7" | "8");
    let full = record.raw(&CODE);
    if modifier {
        let (blank, m) = (record.raw(&MODIFIER_PAD), record.raw(&MODIFIER));
        if !blank.trim().is_empty() || !m.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(record.error(&CODE, format!("{full:?} is not a modifier (cols 4-5)")));
        }
        return Ok((m.to_string(), true));
    }
    if !(full.bytes().all(|b| b.is_ascii_alphanumeric()) && full.as_bytes()[0].is_ascii_uppercase())
    {
        return Err(record.error(&CODE, format!("{full:?} is not a HCPCS code")));
    }
    Ok((full.into_owned(), false))
}

/// Adds one line of `code` to what is gathered for it: a description part
/// under its sequence number and, on the first line (record id 3/7), the
/// short description and the dates.
fn add_line(
    entry: &mut Pending,
    code: &str,
    modifier: bool,
    record: &Record<'_>,
) -> Result<(), ImportError> {
    if entry.modifier != modifier {
        return Err(record.error(
            &RECORD_ID,
            format!("{code} is both a procedure and a modifier"),
        ));
    }
    let seq = record.number(&SEQUENCE)?;
    if entry.parts.iter().any(|(s, _)| *s == seq) {
        return Err(record.error(&SEQUENCE, format!("{code} has sequence {seq:05} twice")));
    }
    entry.parts.push((seq, record.text(&LONG)));
    if matches!(record.raw(&RECORD_ID).as_ref(), "3" | "7") {
        if entry.first.is_some() {
            return Err(record.error(&RECORD_ID, format!("{code} has two first lines")));
        }
        // Added and action dates are checked for shape; the termination
        // date decides validity.
        record.date(&ADDED)?;
        record.date(&ACTION)?;
        entry.first = Some(FirstLine {
            short: record.text(&SHORT),
            terminated: record.date(&TERMINATED)?,
        });
    }
    Ok(())
}

/// One code from its gathered lines: the description parts joined in
/// sequence order.
fn join(src: &Source, code: String, mut p: Pending) -> Result<Code, ImportError> {
    let Some(first) = p.first else {
        return Err(src.error(
            Some(p.line),
            Some(RECORD_ID.name),
            format!("{code} has continuation lines but no first line"),
        ));
    };
    p.parts.sort_by_key(|(seq, _)| *seq);
    let long: Vec<&str> = p
        .parts
        .iter()
        .map(|(_, t)| t.as_str())
        .filter(|t| !t.is_empty())
        .collect();
    let long = long.join(" ");
    if long.is_empty() {
        return Err(src.error(Some(p.line), Some(LONG.name), format!("{code} has none")));
    }
    Ok(Code {
        code,
        kind: if p.modifier {
            CodeKind::Modifier
        } else {
            CodeKind::Code
        },
        billable: !p.modifier,
        short_title: (!first.short.is_empty()).then_some(first.short),
        long_title: long,
        parent: None,
        notes: Vec::new(),
        valid_until: first.terminated,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record line: code, sequence, record id, long part, short, and
    /// the three dates, padded to `len` columns.
    pub(crate) fn record(
        code: &str,
        seq: u32,
        id: char,
        long: &str,
        short: &str,
        term: &str,
        len: usize,
    ) -> String {
        let mut l = format!("{code:<5}{seq:05}{id}{long:<80}{short:<28}");
        l.push_str(&" ".repeat(268 - l.len()));
        l.push_str(&format!("{:<8}{:<8}{:<8}N", "20000101", "20190101", term));
        l.push_str(&" ".repeat(len - l.len()));
        l
    }

    fn file(lines: &[String]) -> Vec<u8> {
        let mut bytes =
            b"***Disclaimers\t\t\t\r\n\t\t\r\n*Brand names \xa0 appear\t\r\n\r\n".to_vec();
        for l in lines {
            bytes.extend_from_slice(l.as_bytes());
            bytes.extend_from_slice(b"\r\n");
        }
        bytes
    }

    fn parse_lines(lines: &[String]) -> Result<CodeSet, ImportError> {
        parse(&Source::from_bytes("anweb.txt", file(lines)))
    }

    fn sample() -> Vec<String> {
        vec![
            record(
                "   LT",
                100,
                '7',
                "Left side (used to identify procedures performed on the left side of the body)",
                "Left side",
                "",
                320,
            ),
            record(
                "E0601",
                100,
                '3',
                "Continuous positive airway pressure (cpap) device",
                "Cont airway pressure device",
                "",
                320,
            ),
            record(
                "G0001",
                100,
                '3',
                "Routine venipuncture for collection of",
                "Drawing blood",
                "20121231",
                320,
            ),
            // Continuations out of order and one short (293-column) line.
            record("G0001", 300, '4', "invented third part", "", "", 293),
            record(
                "G0001",
                200,
                '4',
                "specimen(s), invented second part",
                "",
                "",
                316,
            ),
        ]
    }

    #[test]
    fn records_modifiers_continuations_and_termination() {
        let set = parse_lines(&sample()).unwrap();
        let codes: Vec<&str> = set.codes.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["LT", "E0601", "G0001"]);
        let lt = &set.codes[0];
        assert_eq!((lt.kind, lt.billable), (CodeKind::Modifier, false));
        let e0601 = &set.codes[1];
        assert_eq!(
            (e0601.kind, e0601.billable, e0601.valid_until),
            (CodeKind::Code, true, None)
        );
        assert_eq!(
            e0601.short_title.as_deref(),
            Some("Cont airway pressure device")
        );
        let g = &set.codes[2];
        assert_eq!(
            g.long_title,
            "Routine venipuncture for collection of specimen(s), invented second part invented third part"
        );
        let end = NaiveDate::from_ymd_opt(2012, 12, 31).unwrap();
        assert_eq!(g.valid_until, Some(end));
        assert!(g.is_valid_on(end));
        assert!(!g.is_valid_on(end.succ_opt().unwrap()));
    }

    #[test]
    fn bad_lines_name_line_and_field() {
        // Disclaimer block is 4 lines, so sample()[i] is on line 5 + i.
        let cases: Vec<(usize, String, &str)> = vec![
            (1, sample()[1][..200].to_string(), "record length"),
            (
                1,
                sample()[1].replacen("00100", "00x00", 1),
                "sequence number",
            ),
            (
                1,
                format!("{}5{}", &sample()[1][..10], &sample()[1][11..]),
                "record id",
            ),
            (1, format!("e!601{}", &sample()[1][5..]), "code"),
            (0, format!("X  LT{}", &sample()[0][5..]), "code"),
            (
                2,
                sample()[2].replacen("20121231", "20121341", 1),
                "termination date",
            ),
            (
                2,
                sample()[2].replacen("20000101", "2000-1-1", 1),
                "code added date",
            ),
            (4, sample()[3].clone(), "sequence number"),
        ];
        for (i, line, field) in cases {
            let mut lines = sample();
            lines[i] = line;
            let err = parse_lines(&lines).unwrap_err();
            assert_eq!(
                (err.line, err.field.as_deref()),
                (Some(5 + i as u64), Some(field)),
                "{err}"
            );
        }
        let orphan = vec![sample()[1].clone(), sample()[3].clone()];
        let err = parse_lines(&orphan).unwrap_err();
        assert_eq!(
            (err.line, err.field.as_deref()),
            (Some(6), Some("record id")),
            "{err}"
        );
        assert!(parse_lines(&[]).is_err());
    }

    #[test]
    fn descriptions_are_windows_1252() {
        let mut bytes = file(&sample());
        let at = bytes.windows(10).position(|w| w == b"Continuous").unwrap();
        bytes[at + 1] = 0xE9;
        bytes[at + 2] = 0x99;
        let set = parse(&Source::from_bytes("anweb.txt", bytes)).unwrap();
        assert!(
            set.codes[1]
                .long_title
                .starts_with("C\u{e9}\u{2122}tinuous"),
            "{}",
            set.codes[1].long_title
        );
    }
}
