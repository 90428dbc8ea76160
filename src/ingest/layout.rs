//! Fixed-width record layouts, declared as CMS documents them: a table of
//! named fields with 1-based, inclusive column ranges (`6..=10` is CMS's
//! "BEG 6 END 10") and a kind, and one reader that slices each line of a
//! file into those fields.
//!
//! The reader owns everything the fixed-width formats share, so each
//! parser is its table plus a short function mapping fields to codes:
//! blank lines are skipped, a line that is not in the file's encoding or
//! not of the record's length is refused, and the fields that decide
//! whether a line is a record at all (numbers, one-of flags, blank
//! separators) are checked before the parser sees the line. Values (text,
//! dates) are checked when the parser reads them, because some are only
//! meaningful on some records (HCPCS dates on a code's first line). Every
//! error names the file, the line and the field.

use std::borrow::Cow;
use std::ops::RangeInclusive;

use chrono::NaiveDate;

use super::source::{ImportError, Source, decode_cp1252};

/// The last column of a field that runs to the end of the line (a title
/// after the fixed fields).
pub const LINE_END: usize = usize::MAX;

/// How a file's bytes are text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// Plain ASCII (the ICD-10 order and codes files): any other byte is an
    /// error naming the line.
    Ascii,
    /// Windows-1252 (HCPCS), one byte a character, so columns are byte
    /// positions; it never fails (every byte has a character).
    Windows1252,
}

/// What a field holds, and so what the reader checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Any text; read with [`Record::text`] (trimmed) or [`Record::raw`].
    Text,
    /// ASCII digits only (an order or sequence number); checked on every
    /// record, read with [`Record::number`].
    Number,
    /// One of `values`; anything else is refused as
    /// `"x" (expected {meaning})`. Checked on every record.
    OneOf {
        values: &'static [&'static str],
        meaning: &'static str,
    },
    /// Spaces only (a separator column); anything else is refused as
    /// `column N must be blank{why}` in the field `layout`.
    Blank { why: &'static str },
    /// A date `YYYYMMDD` or blanks; checked when read with [`Record::date`].
    Date,
}

/// One field of a record layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// How errors name it (`sequence number`, `long description`).
    pub name: &'static str,
    /// 1-based, inclusive, as CMS documents them; [`LINE_END`] for a field
    /// that runs to the end of the line.
    pub columns: RangeInclusive<usize>,
    pub kind: Kind,
}

impl Field {
    /// A field: `name`, its 1-based inclusive `columns`, its `kind`; one
    /// line of a layout table.
    pub const fn new(name: &'static str, columns: RangeInclusive<usize>, kind: Kind) -> Field {
        Field {
            name,
            columns,
            kind,
        }
    }
}

/// A record type: its fields, the lengths a line of it may have, and how
/// its file is encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// What kind of file holds these records (`an order file`), for the
    /// encoding error.
    pub file_kind: &'static str,
    pub encoding: Encoding,
    /// The lengths a record line may have, in columns (`LINE_END` as the
    /// end: no upper bound).
    pub length: RangeInclusive<usize>,
    /// Says what the length should be, after `N characters; `.
    pub length_rule: &'static str,
    /// True when the file starts with lines that are not records (the
    /// HCPCS disclaimer): lines before the first one shaped like a record
    /// are skipped. After it, every non-blank line must be a record.
    pub preamble: bool,
    pub fields: &'static [Field],
}

/// One record line, sliced by its layout. Its fixed-shape fields
/// ([`Kind::Number`], [`Kind::OneOf`], [`Kind::Blank`]) are already valid.
#[derive(Debug, Clone, Copy)]
pub struct Record<'a> {
    src: &'a Source,
    encoding: Encoding,
    /// 1-based line in the file.
    pub line: usize,
    bytes: &'a [u8],
}

impl Layout {
    /// The records of `src`, in file order, each with its line number; the
    /// first line that is not a valid record ends it with an error.
    pub fn records<'a>(
        &'a self,
        src: &'a Source,
    ) -> impl Iterator<Item = Result<Record<'a>, ImportError>> + 'a {
        let mut in_records = !self.preamble;
        src.lines().filter_map(move |(line, bytes)| {
            if bytes.iter().all(u8::is_ascii_whitespace) {
                return None;
            }
            if !in_records {
                if self.shape_error(bytes).is_some() {
                    return None;
                }
                in_records = true;
            }
            Some(self.record(src, line, bytes))
        })
    }

    /// One non-blank line as a record, or the error that says why it is not.
    fn record<'a>(
        &'a self,
        src: &'a Source,
        line: usize,
        bytes: &'a [u8],
    ) -> Result<Record<'a>, ImportError> {
        if self.encoding == Encoding::Ascii && !bytes.is_ascii() {
            return Err(src.error(
                Some(line),
                Some("encoding"),
                format!("not ASCII text; {} is plain ASCII", self.file_kind),
            ));
        }
        match self.shape_error(bytes) {
            Some((field, message)) => Err(src.error(Some(line), Some(field), message)),
            None => Ok(Record {
                src,
                encoding: self.encoding,
                line,
                bytes,
            }),
        }
    }

    /// Why `bytes` is not shaped like a record (`(field, message)`): the
    /// wrong length, or a number, flag or blank column that is not one.
    fn shape_error(&self, bytes: &[u8]) -> Option<(&'static str, String)> {
        if !self.length.contains(&bytes.len()) {
            return Some((
                "record length",
                format!("{} characters; {}", bytes.len(), self.length_rule),
            ));
        }
        self.fields.iter().find_map(|field| {
            let value = slice(bytes, &field.columns);
            match field.kind {
                Kind::Number if value.is_empty() || !value.iter().all(u8::is_ascii_digit) => {
                    let shown = decode(self.encoding, value);
                    Some((field.name, format!("{shown:?} is not a number")))
                }
                Kind::OneOf { values, meaning }
                    if !values.iter().any(|v| v.as_bytes() == value) =>
                {
                    let shown = decode(self.encoding, value);
                    Some((field.name, format!("{shown:?} (expected {meaning})")))
                }
                Kind::Blank { why } => value.iter().position(|b| *b != b' ').map(|at| {
                    let column = field.columns.start() + at;
                    ("layout", format!("column {column} must be blank{why}"))
                }),
                _ => None,
            }
        })
    }
}

impl<'a> Record<'a> {
    /// The field's text as it stands in its columns (padding kept).
    pub fn raw(&self, field: &Field) -> Cow<'a, str> {
        decode(self.encoding, slice(self.bytes, &field.columns))
    }

    /// The field's text without its padding.
    pub fn text(&self, field: &Field) -> String {
        self.raw(field).trim().to_string()
    }

    /// A [`Kind::Number`] field's value.
    pub fn number(&self, field: &Field) -> Result<u32, ImportError> {
        let raw = self.raw(field);
        raw.parse()
            .map_err(|_| self.error(field, format!("{raw:?} is not a number")))
    }

    /// A [`Kind::Date`] field: `None` when blank.
    pub fn date(&self, field: &Field) -> Result<Option<NaiveDate>, ImportError> {
        let text = self.text(field);
        if text.is_empty() {
            return Ok(None);
        }
        NaiveDate::parse_from_str(&text, "%Y%m%d")
            .map(Some)
            .map_err(|_| self.error(field, format!("{text:?} is not YYYYMMDD")))
    }

    /// An error about `field` on this record's line.
    pub fn error(&self, field: &Field, message: impl Into<String>) -> ImportError {
        self.src.error(Some(self.line), Some(field.name), message)
    }
}

/// The bytes of 1-based inclusive `columns`, cut at the end of the line.
fn slice<'b>(bytes: &'b [u8], columns: &RangeInclusive<usize>) -> &'b [u8] {
    let start = (columns.start() - 1).min(bytes.len());
    let end = (*columns.end()).min(bytes.len());
    &bytes[start..end.max(start)]
}

fn decode(encoding: Encoding, bytes: &[u8]) -> Cow<'_, str> {
    match encoding {
        Encoding::Windows1252 => decode_cp1252(bytes),
        // Checked ASCII before a record is made; lossy only for the
        // shape check of a line not yet known to be ASCII.
        Encoding::Ascii => String::from_utf8_lossy(bytes),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every layout this crate declares.
    fn layouts() -> [&'static Layout; 3] {
        [
            &crate::ingest::hcpcs::LAYOUT,
            &crate::ingest::order_file::LAYOUT,
            &crate::ingest::codes_file::LAYOUT,
        ]
    }

    #[test]
    fn every_field_fits_in_the_shortest_record() {
        for layout in layouts() {
            let min = *layout.length.start();
            for field in layout.fields {
                let (from, to) = (*field.columns.start(), *field.columns.end());
                assert!(from >= 1 && from <= to, "{}: {from}-{to}", field.name);
                if to == LINE_END {
                    assert!(from - 1 <= min, "{} starts past {min}", field.name);
                } else {
                    assert!(to <= min, "{} ends past {min}", field.name);
                }
            }
        }
    }

    const CODE: Field = Field::new("code", 1..=3, Kind::Text);
    const FLAG: Field = Field {
        name: "flag",
        columns: 5..=5,
        kind: Kind::OneOf {
            values: &["0", "1"],
            meaning: "0 or 1",
        },
    };
    const WHEN: Field = Field::new("date", 7..=14, Kind::Date);
    const TEST: Layout = Layout {
        file_kind: "a test file",
        encoding: Encoding::Ascii,
        length: 14..=LINE_END,
        length_rule: "a record has at least 14",
        preamble: true,
        fields: &[
            CODE,
            Field {
                name: "gap",
                columns: 4..=4,
                kind: Kind::Blank { why: "" },
            },
            FLAG,
            Field {
                name: "gap",
                columns: 6..=6,
                kind: Kind::Blank { why: " (really)" },
            },
            WHEN,
        ],
    };

    fn read(text: &str) -> Result<Vec<(usize, String, Option<NaiveDate>)>, ImportError> {
        let src = Source::from_bytes("t.txt", text.as_bytes().to_vec());
        TEST.records(&src)
            .map(|r| {
                let r = r?;
                Ok((r.line, r.text(&CODE), r.date(&WHEN)?))
            })
            .collect()
    }

    #[test]
    fn records_are_sliced_and_the_preamble_skipped() {
        let got = read("A title\n\nAB  1 20260101 extra\n   \nCD  0         \n").unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 1, 1);
        assert_eq!(
            got,
            [(3, "AB".to_string(), day), (5, "CD".to_string(), None)]
        );
    }

    #[test]
    fn bad_records_name_line_and_field() {
        let cases = [
            (
                "AB  1 20260101\nAB  1 2026\n",
                "record length",
                "10 characters",
            ),
            (
                "AB  1 20260101\nAB  2 20260101\n",
                "flag",
                "\"2\" (expected 0 or 1)",
            ),
            (
                "AB  1 20260101\nABC 1X20260101\n",
                "layout",
                "column 6 must be blank (really)",
            ),
            (
                "AB  1 20260101\nAB  1 20261301\n",
                "date",
                "\"20261301\" is not YYYYMMDD",
            ),
            (
                "AB  1 20260101\nAB\u{e9} 1 20260101\n",
                "encoding",
                "a test file is plain ASCII",
            ),
        ];
        for (text, field, message) in cases {
            let err = read(text).unwrap_err();
            assert_eq!((err.line, err.field.as_deref()), (Some(2), Some(field)));
            assert!(err.message.contains(message), "{err}");
        }
    }
}
