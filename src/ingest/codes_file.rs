//! CMS "codes files" (`icd10cm_codes_2027.txt`, `icd10pcs_codes_2027.txt`):
//! the billable codes of a release with their long titles, one a line, in
//! tabular order. No header rows, no short titles, no notes:
//!
//! | cols | field                                        |
//! |------|----------------------------------------------|
//! | 1–7  | code, no dot, left-justified, blank-padded   |
//! | 8    | blank                                        |
//! | 9–   | long title                                   |
//!
//! ASCII; CRLF (ICD-10-CM) or LF (the ICD-10-PCS file). The hierarchy a
//! version needs is built by [`super::successor`] from the code structure
//! and the previous release.

use std::collections::HashMap;

use super::icd10cm::is_icd10cm_code;
use super::layout::{Encoding, Field, Kind, LINE_END, Layout, Record};
use super::source::{ImportError, Source};
use crate::domain::codes::{CodeSystem, display_code};

/// The codes file inside CMS's zip (`icd10cm_codes_2027.txt`), not the
/// addenda beside it.
pub fn is_codes_member(name: &str) -> bool {
    name.ends_with(".txt") && name.contains("codes") && !name.contains("addenda")
}

/// One line of a codes file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodesEntry {
    /// As issued: `E11.22` (ICD-10-CM, with its dot), `0DTJ4ZZ`.
    pub code: String,
    pub title: String,
    /// 1-based line in the file.
    pub line: usize,
}

/// A whole codes file, in file order.
#[derive(Debug, Clone, Default)]
pub struct CodesFile {
    pub entries: Vec<CodesEntry>,
}

/// True when `line` has the codes-file layout for `system`: a code
/// left-justified in columns 1–7, column 8 blank, a title from column 9.
/// Used to tell a codes file from an order file or anything else.
pub fn looks_like_codes_line(line: &[u8], system: CodeSystem) -> bool {
    if line.len() < 9 || line[7] != b' ' || line[8] == b' ' {
        return false;
    }
    let field = &line[..7];
    let len = field.iter().take_while(|b| **b != b' ').count();
    let code_ok = field[..len]
        .iter()
        .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase());
    let pad_ok = field[len..].iter().all(|b| *b == b' ');
    let shape_ok = match system {
        CodeSystem::Icd10Pcs => len == 7,
        _ => (3..=7).contains(&len) && field[0].is_ascii_uppercase(),
    };
    code_ok && pad_ok && shape_ok
}

const CODE: Field = Field::new("code", 1..=7, Kind::Text);
const GAP: Field = Field {
    name: "layout",
    columns: 8..=8,
    kind: Kind::Blank {
        why: " (the code has at most 7 characters)",
    },
};
const TITLE: Field = Field::new("long title", 9..=LINE_END, Kind::Text);

/// The codes-file record (the table in the module comment).
pub const LAYOUT: Layout = Layout {
    file_kind: "a CMS codes file",
    encoding: Encoding::Ascii,
    length: 9..=LINE_END,
    length_rule: "a codes-file record is a code in columns 1-7, a blank, then the title",
    preamble: false,
    fields: &[CODE, GAP, TITLE],
};

/// Parses a whole codes file for `system` (ICD-10-CM or ICD-10-PCS). Every
/// malformed line is an error naming its line and field; a code listed
/// twice is an error naming both lines.
pub fn parse(src: &Source, system: CodeSystem) -> Result<CodesFile, ImportError> {
    let mut entries = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for record in LAYOUT.records(src) {
        let record = record?;
        let (key, code) = checked_code(&record, system)?;
        let title = record.text(&TITLE);
        if title.is_empty() {
            return Err(record.error(&TITLE, "empty"));
        }
        if record.raw(&TITLE).starts_with(' ') {
            return Err(record.error(&GAP, "the title must start in column 9"));
        }
        if let Some(first) = seen.insert(key.clone(), record.line) {
            return Err(record.error(
                &CODE,
                format!("{key} appears twice (first at line {first})"),
            ));
        }
        entries.push(CodesEntry {
            code,
            title,
            line: record.line,
        });
    }
    if entries.is_empty() {
        return Err(src.error(None, None, "no codes found (is this a CMS codes file?)"));
    }
    Ok(CodesFile { entries })
}

/// The record's code, without and with its dot: digits and capitals, no
/// inner blank, the shape of a `system` code.
fn checked_code(record: &Record<'_>, system: CodeSystem) -> Result<(String, String), ImportError> {
    let field = record.raw(&CODE);
    let key = field.trim_end();
    if key.is_empty()
        || key.contains(' ')
        || !key
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return Err(record.error(&CODE, format!("{field:?} is not a code")));
    }
    let code = display_code(system, key);
    let shape_ok = match system {
        CodeSystem::Icd10Pcs => key.len() == 7,
        _ => is_icd10cm_code(&code),
    };
    if !shape_ok {
        return Err(record.error(&CODE, format!("{key} is not an {system} code")));
    }
    Ok((key.to_string(), code))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str, system: CodeSystem) -> Result<CodesFile, ImportError> {
        parse(
            &Source::from_bytes("icd10cm_codes_2027.txt", text.as_bytes().to_vec()),
            system,
        )
    }

    #[test]
    fn cm_codes_get_their_dot_and_titles_their_spaces() {
        let text = "A000    Cholera due to Vibrio cholerae 01, biovar cholerae\r\n\
                    J4B     Pulmonary mycetoma\r\n\
                    S72001A Fracture of unspecified part of neck of right femur, initial encounter for closed fracture\r\n";
        let file = parse_str(text, CodeSystem::Icd10Cm).unwrap();
        let codes: Vec<(&str, usize)> = file
            .entries
            .iter()
            .map(|e| (e.code.as_str(), e.line))
            .collect();
        assert_eq!(codes, [("A00.0", 1), ("J4B", 2), ("S72.001A", 3)]);
        assert_eq!(file.entries[1].title, "Pulmonary mycetoma");
    }

    #[test]
    fn pcs_codes_are_seven_characters() {
        let file = parse_str(
            "0016070 Bypass Cerebral Ventricle to Nasopharynx with Autologous Tissue Substitute, Open Approach\n",
            CodeSystem::Icd10Pcs,
        )
        .unwrap();
        assert_eq!(file.entries[0].code, "0016070");
        let err = parse_str("001607  Bypass\n", CodeSystem::Icd10Pcs).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("code"), "{err}");
    }

    #[test]
    fn bad_lines_name_line_and_field() {
        let good = "A000    Cholera\n";
        let cases = [
            ("A00     Cholera\nA0\n", 2, "record length"),
            ("A00     Cholera\na001    Lower case\n", 2, "code"),
            ("A00     Cholera\nA001234XCholera\n", 2, "layout"),
            ("A00     Cholera\nA00 1   Split code\n", 2, "code"),
            ("A00     Cholera\n12345   Not a CM code\n", 2, "code"),
            ("A00     Cholera\nA001       \n", 2, "long title"),
            (
                "A00     Cholera\nA001      Title in column 11\n",
                2,
                "layout",
            ),
            ("A00     Cholera\nA00     Again\n", 2, "code"),
            ("A00     Chol\u{e9}ra\n", 1, "encoding"),
        ];
        for (text, line, field) in cases {
            let err = parse_str(&format!("{good}{text}"), CodeSystem::Icd10Cm).unwrap_err();
            assert_eq!(
                (err.line, err.field.as_deref()),
                (Some(line as u64 + 1), Some(field)),
                "{text:?}: {err}"
            );
        }
        let err = parse_str("A000    Cholera\nA000    Cholera\n", CodeSystem::Icd10Cm).unwrap_err();
        assert!(err.message.contains("first at line 1"), "{err}");
        assert!(parse_str("\r\n\r\n", CodeSystem::Icd10Cm).is_err());
    }

    #[test]
    fn the_layout_is_told_from_an_order_file() {
        assert!(looks_like_codes_line(
            b"A000    Cholera",
            CodeSystem::Icd10Cm
        ));
        assert!(looks_like_codes_line(
            b"J4B     Pulmonary mycetoma",
            CodeSystem::Icd10Cm
        ));
        assert!(!looks_like_codes_line(
            b"00001 A00     0 Cholera                 Cholera",
            CodeSystem::Icd10Cm
        ));
        assert!(!looks_like_codes_line(
            b"hello world, this is junk",
            CodeSystem::Icd10Cm
        ));
        assert!(looks_like_codes_line(
            b"0016070 Bypass",
            CodeSystem::Icd10Pcs
        ));
        assert!(!looks_like_codes_line(
            b"A000    Cholera",
            CodeSystem::Icd10Pcs
        ));
    }
}
