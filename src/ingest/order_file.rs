//! CMS "order files" (code descriptions in tabular order): the ICD-10-PCS
//! order file, and the ICD-10-CM one with the same layout. Fixed width,
//! one record a line:
//!
//! | cols  | field                                         |
//! |-------|-----------------------------------------------|
//! | 1–5   | order number, zero-padded                     |
//! | 7–13  | code, no dot, blank-padded                    |
//! | 15    | `1` = valid (billable) code, `0` = header     |
//! | 17–76 | short title, blank-padded                     |
//! | 78–   | long title                                    |
//!
//! Columns 6, 14, 16 and 77 are blanks. PCS headers are the 3-character
//! tables; CM headers are categories and subcategories.

use std::collections::HashMap;

use super::layout::{Encoding, Field, Kind, LINE_END, Layout, Record};
use super::source::{ImportError, Source};
use crate::domain::codes::{Code, CodeKind, CodeSet, CodeSystem, display_code};

/// The order file inside CMS's zip (`icd10pcs_order_2026.txt`), not the
/// addenda beside it.
pub fn is_order_member(name: &str) -> bool {
    name.ends_with(".txt") && name.contains("order") && !name.contains("addenda")
}

const CODE: Field = Field::new("code", 7..=13, Kind::Text);
const FLAG: Field = Field {
    name: "flag",
    columns: 15..=15,
    kind: Kind::OneOf {
        values: &["1", "0"],
        meaning: "1 = code, 0 = header",
    },
};
const SHORT: Field = Field::new("short title", 17..=76, Kind::Text);
const LONG: Field = Field::new("long title", 78..=LINE_END, Kind::Text);
const BLANK: Kind = Kind::Blank { why: "" };

/// The order-file record (the table in the module comment).
pub const LAYOUT: Layout = Layout {
    file_kind: "an order file",
    encoding: Encoding::Ascii,
    length: 78..=LINE_END,
    length_rule: "an order record has at least 78",
    preamble: false,
    fields: &[
        Field::new("order number", 1..=5, Kind::Number),
        Field::new("layout", 6..=6, BLANK),
        CODE,
        Field::new("layout", 14..=14, BLANK),
        FLAG,
        Field::new("layout", 16..=16, BLANK),
        SHORT,
        Field::new("layout", 77..=77, BLANK),
        LONG,
    ],
};

/// Parses a whole order file for `system` (ICD-10-PCS or ICD-10-CM).
pub fn parse(src: &Source, system: CodeSystem) -> Result<CodeSet, ImportError> {
    let mut codes: Vec<Code> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for record in LAYOUT.records(src) {
        let record = record?;
        let (key, billable) = checked_code(&record, system)?;
        let long_title = record.text(&LONG);
        if long_title.is_empty() {
            return Err(record.error(&LONG, "empty"));
        }
        if let Some(first) = seen.insert(key.clone(), record.line) {
            return Err(record.error(
                &CODE,
                format!("{key} appears twice (first at line {first})"),
            ));
        }
        // Parents precede children in tabular order: the nearest shorter
        // code already read is the parent (the table, for PCS).
        let parent = (3..key.len())
            .rev()
            .map(|n| &key[..n])
            .find(|p| seen.contains_key(*p))
            .map(|p| display_code(system, p));
        let short = record.text(&SHORT);
        codes.push(Code {
            code: display_code(system, &key),
            kind: match (billable, system) {
                (true, _) => CodeKind::Code,
                (false, CodeSystem::Icd10Pcs) => CodeKind::Section,
                (false, _) => CodeKind::Category,
            },
            billable,
            short_title: (!short.is_empty()).then_some(short),
            long_title,
            parent,
            notes: Vec::new(),
            valid_until: None,
        });
    }
    if codes.is_empty() {
        return Err(src.error(
            None,
            None,
            "no order records found (is this an order file?)",
        ));
    }
    Ok(CodeSet { codes })
}

/// The record's code (no dot) and whether it is billable: digits and
/// capitals, 7 characters for a PCS code and 3 for a PCS table, 3 to 7
/// for ICD-10-CM.
fn checked_code(record: &Record<'_>, system: CodeSystem) -> Result<(String, bool), ImportError> {
    let raw = record.raw(&CODE);
    let key = raw.trim_end();
    if key.is_empty()
        || !key
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return Err(record.error(&CODE, format!("{key:?} is not a code")));
    }
    let billable = record.raw(&FLAG) == "1";
    let shape_ok = match (system, billable) {
        (CodeSystem::Icd10Pcs, true) => key.len() == 7,
        (CodeSystem::Icd10Pcs, false) => key.len() == 3,
        _ => (3..=7).contains(&key.len()),
    };
    if !shape_ok {
        return Err(record.error(
            &CODE,
            format!(
                "{key} has the wrong length for a {} {}",
                system,
                if billable { "code" } else { "header" }
            ),
        ));
    }
    Ok((key.to_string(), billable))
}

#[cfg(test)]
mod tests {
    use super::*;

    const PCS: &str = include_str!("../../tests/fixtures/codes/icd10pcs_order_mini.txt");

    fn parse_str(text: &str, system: CodeSystem) -> Result<CodeSet, ImportError> {
        parse(
            &Source::from_bytes("order.txt", text.as_bytes().to_vec()),
            system,
        )
    }

    #[test]
    fn pcs_tables_are_headers_and_codes_are_billable() {
        let set = parse_str(PCS, CodeSystem::Icd10Pcs).unwrap();
        let table = &set.codes[0];
        assert_eq!(
            (table.code.as_str(), table.kind, table.billable),
            ("001", CodeKind::Section, false)
        );
        let code = set.codes.iter().find(|c| c.code == "0016070").unwrap();
        assert!(code.billable);
        assert_eq!(code.parent.as_deref(), Some("001"));
        assert_eq!(
            code.short_title.as_deref(),
            Some("Bypass Cereb Vent to Nasophar with Autol Sub, Open Approach")
        );
        assert_eq!(
            code.long_title,
            "Bypass Cerebral Ventricle to Nasopharynx with Autologous Tissue Substitute, Open Approach"
        );
        assert_eq!(set.codes.iter().filter(|c| c.billable).count(), 4);
    }

    #[test]
    fn cm_order_codes_get_their_dot_and_nearest_parent() {
        let text = "\
00001 E11     0 Type 2 diabetes mellitus                                     Type 2 diabetes mellitus\r
00002 E112    0 Type 2 diabetes mellitus with kidney complications           Type 2 diabetes mellitus with kidney complications\r
00003 E1122   1 Type 2 diabetes mellitus w diabetic chronic kidney disease   Type 2 diabetes mellitus with diabetic chronic kidney disease\r
";
        let set = parse_str(text, CodeSystem::Icd10Cm).unwrap();
        let c = &set.codes[2];
        assert_eq!(
            (c.code.as_str(), c.parent.as_deref(), c.billable),
            ("E11.22", Some("E11.2"), true)
        );
        assert_eq!(set.codes[0].kind, CodeKind::Category);
    }

    #[test]
    fn bad_records_name_line_and_field() {
        let lines: Vec<&str> = PCS.lines().collect();
        let with = |i: usize, replacement: String| {
            let mut l: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
            l[i] = replacement;
            l.join("\n")
        };
        let cases = [
            (with(2, lines[2][..40].to_string()), "record length"),
            (with(2, format!("0000x{}", &lines[2][5..])), "order number"),
            (
                with(2, format!("{}2{}", &lines[2][..14], &lines[2][15..])),
                "flag",
            ),
            (
                with(2, format!("{}00160  {}", &lines[2][..6], &lines[2][13..])),
                "code",
            ),
            (
                with(2, format!("{}X{}", &lines[2][..76], &lines[2][77..])),
                "layout",
            ),
            (with(2, lines[1].to_string()), "code"),
        ];
        for (text, field) in cases {
            let err = parse_str(&text, CodeSystem::Icd10Pcs).unwrap_err();
            assert_eq!(
                (err.line, err.field.as_deref()),
                (Some(3), Some(field)),
                "{err}"
            );
        }
        let mut bytes = PCS.as_bytes().to_vec();
        let at = PCS.find("Autologous").unwrap();
        bytes[at] = 0xC9;
        let err = parse(&Source::from_bytes("o.txt", bytes), CodeSystem::Icd10Pcs).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("encoding"));
        assert!(parse_str("\n\n", CodeSystem::Icd10Pcs).is_err());
    }
}
