//! Reading a chart feed (JSON Lines with documents, or CSV without) into
//! validated [`ChartRecord`]s, one at a time, so a 100,000-chart file never
//! sits in memory. The caller writes each record inside one transaction and
//! rolls back on the first error: an import is all or nothing.
//!
//! Errors name the file, the line and the field, never the value (it may be
//! patient data). Text is untrusted: NUL bytes and invalid UTF-8 are refused,
//! terminal control sequences are stripped ([`crate::domain::text::clean`]; each
//! document keeps the count of characters that removed, for the import's
//! report).

mod csv;
mod fields;
mod jsonl;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;

use crate::domain::chart::{DocumentType, EncounterType};
use crate::domain::claim::DischargeStatus;

pub use self::csv::CSV_COLUMNS;

/// The largest document text accepted (after JSON unescaping).
pub const MAX_DOCUMENT_BYTES: usize = 1 << 20;
/// The longest JSON line read; longer lines are refused before parsing.
pub const MAX_LINE_BYTES: usize = 64 << 20;
/// The most JSON values (objects, arrays, strings, numbers…) one line may
/// hold. A chart is a few dozen; the cap stops a line of millions of tiny
/// values (each parsed into a node many times its size) before parsing.
pub const MAX_JSON_VALUES: usize = 100_000;
/// The longest CSV record (a chart feed's CSV has short fields only); a
/// longer one (an over-long cell, an unclosed quote) is refused as it is read.
pub const MAX_CSV_RECORD_BYTES: u64 = 1 << 20;

pub use crate::ingest::error::ImportError;

/// The two feed formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    Jsonl,
    Csv,
}

impl Format {
    /// By file name: `.csv` is CSV, anything else JSON Lines.
    pub fn for_file(name: &str) -> Format {
        if name.to_ascii_lowercase().ends_with(".csv") {
            Format::Csv
        } else {
            Format::Jsonl
        }
    }
}

impl FromStr for Format {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "jsonl" | "ndjson" | "json" => Ok(Format::Jsonl),
            "csv" => Ok(Format::Csv),
            _ => Err(format!("unknown format '{s}' (expected jsonl or csv)")),
        }
    }
}

/// One validated chart of the feed, text already cleaned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChartRecord {
    pub account: String,
    pub mrn: String,
    pub patient_name: String,
    pub patient_dob: NaiveDate,
    pub patient_sex: String,
    pub encounter_type: EncounterType,
    pub admit_date: Option<NaiveDate>,
    pub discharge_date: Option<NaiveDate>,
    pub service_date: Option<NaiveDate>,
    /// Discharge date for inpatients, service date for everyone else.
    pub date_of_service: NaiveDate,
    /// NUBC discharge status of an inpatient stay. Left out of the record
    /// hash when absent, so feeds written before the field existed keep
    /// their hashes (a re-import stays a no-op).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub discharge_status: Option<DischargeStatus>,
    pub attending: Option<String>,
    pub payer: Option<String>,
    pub facility: Option<String>,
    pub queue: String,
    pub priority: i64,
    pub due_date: Option<NaiveDate>,
    /// `None` when the line has no `documents` (always for CSV): a re-import
    /// then keeps the stored ones.
    pub documents: Option<Vec<DocumentRecord>>,
    /// The feed's optional `expected_charges` (dollars, a string with at
    /// most two decimals), in cents: the backlog report's amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_charges_cents: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRecord {
    pub doc_type: DocumentType,
    pub author: Option<String>,
    pub time: Option<NaiveDateTime>,
    pub text: String,
    /// Characters the feed's text had that `text` has not (control
    /// sequences and characters, see [`crate::domain::text`]). Not part of the
    /// record's identity (not serialized, so not in its hash).
    #[serde(skip)]
    pub cleaned_chars: usize,
}

/// Reads every chart of `reader`, calling `each(line, record)` in file
/// order. Stops at the first bad line (or the first error of `each`).
/// Returns the number of charts read.
/// `E` is the caller's error (the store's, when it writes each record as
/// it is read); a bad line becomes one through `From<ImportError>`.
pub fn read_feed<E: From<ImportError>>(
    reader: impl Read,
    file: &str,
    format: Format,
    mut each: impl FnMut(u64, ChartRecord) -> Result<(), E>,
) -> Result<u64, E> {
    let mut reader = BufReader::with_capacity(1 << 16, reader);
    let at = Locator { file };
    skip_byte_order_mark(&mut reader, &at)?;
    let mut seen: HashMap<String, u64> = HashMap::new();
    let mut check_and_hand_over = |line: u64, record: ChartRecord| {
        if let Some(first) = seen.insert(record.account.clone(), line) {
            return Err(at
                .field(line, "account", format!("the same account as line {first}"))
                .into());
        }
        each(line, record)
    };
    let count = match format {
        Format::Jsonl => jsonl::read_jsonl(reader, &at, &mut check_and_hand_over)?,
        Format::Csv => self::csv::read_csv(reader, &at, &mut check_and_hand_over)?,
    };
    if count == 0 {
        return Err(at.file("no charts in the file (it is empty)").into());
    }
    Ok(count)
}

/// Builds errors that name the file being read.
pub(super) struct Locator<'a> {
    file: &'a str,
}

impl Locator<'_> {
    pub(super) fn file(&self, message: impl Into<String>) -> ImportError {
        ImportError {
            file: self.file.to_string(),
            line: None,
            field: None,
            message: message.into(),
        }
    }
    pub(super) fn line(&self, line: u64, message: impl Into<String>) -> ImportError {
        ImportError {
            line: Some(line),
            ..self.file(message)
        }
    }
    pub(super) fn field(&self, line: u64, field: &str, message: impl Into<String>) -> ImportError {
        ImportError {
            field: Some(field.to_string()),
            ..self.line(line, message)
        }
    }
    pub(super) fn io(&self, err: std::io::Error) -> ImportError {
        self.file(format!("cannot read: {err}"))
    }
}

fn skip_byte_order_mark(reader: &mut impl BufRead, at: &Locator<'_>) -> Result<(), ImportError> {
    let head = reader.fill_buf().map_err(|e| at.io(e))?;
    if head.starts_with(&[0xef, 0xbb, 0xbf]) {
        reader.consume(3);
    } else if head.starts_with(&[0xff, 0xfe]) || head.starts_with(&[0xfe, 0xff]) {
        return Err(at.file("the file is UTF-16 encoded; save it as UTF-8"));
    }
    Ok(())
}

/// Refuses NUL bytes and invalid UTF-8 in one raw line or field.
pub(super) fn check_bytes<'b>(
    bytes: &'b [u8],
    line: u64,
    field: Option<&str>,
    at: &Locator<'_>,
) -> Result<&'b str, ImportError> {
    let err = |message: String| match field {
        Some(f) => at.field(line, f, message),
        None => at.line(line, message),
    };
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        let hint = if bytes.len() > 1 && (bytes[0] == 0 || bytes[1] == 0) {
            " (the file looks UTF-16 encoded; save it as UTF-8)"
        } else {
            ""
        };
        return Err(err(format!(
            "contains a NUL byte at byte {}{hint}",
            pos + 1
        )));
    }
    std::str::from_utf8(bytes).map_err(|e| {
        err(format!(
            "not valid UTF-8 at byte {} (the file must be UTF-8)",
            e.valid_up_to() + 1
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, format: Format) -> Result<Vec<ChartRecord>, String> {
        let mut out = Vec::new();
        read_feed::<ImportError>(text.as_bytes(), "feed", format, |_, r| {
            out.push(r);
            Ok(())
        })
        .map_err(|e| e.to_string())?;
        Ok(out)
    }

    const GOOD: &str = r#"{"account":"A1","mrn":"M1","patient":{"name":"Doe, Jo","dob":"1950-01-02","sex":"F"},"encounter_type":"inpatient","admit_date":"2026-05-01","discharge_date":"2026-05-04","queue":"inpatient","priority":2,"documents":[{"type":"hp","text":"line\u001b[31m red"}]}"#;

    #[test]
    fn a_good_line_is_read_and_cleaned() {
        let charts = read(GOOD, Format::Jsonl).unwrap();
        assert_eq!(charts[0].date_of_service.to_string(), "2026-05-04");
        assert_eq!(charts[0].documents.as_ref().unwrap()[0].text, "line red");
    }

    #[test]
    fn errors_name_line_and_field_without_the_value() {
        let wrong_type = GOOD.replace(r#""priority":2"#, r#""priority":"two""#);
        let err = read(&format!("{GOOD}\n{wrong_type}"), Format::Jsonl).unwrap_err();
        assert!(
            err.starts_with("feed:2: field `priority`: must be a whole number"),
            "{err}"
        );
        let no_mrn = GOOD.replace(r#""mrn":"M1","#, "");
        let err = read(&no_mrn, Format::Jsonl).unwrap_err();
        assert_eq!(err, "feed:1: field `mrn`: is required");
        let dup = format!("{GOOD}\n\n{GOOD}");
        let err = read(&dup, Format::Jsonl).unwrap_err();
        assert_eq!(err, "feed:3: field `account`: the same account as line 1");
        let err = read("", Format::Jsonl).unwrap_err();
        assert!(err.contains("empty"), "{err}");
        let err = read(&GOOD.replace("Doe, Jo", "Doe\u{0}"), Format::Jsonl).unwrap_err();
        assert!(err.contains("NUL") && !err.contains("Doe"), "{err}");
    }

    #[test]
    fn csv_rows_are_read_with_their_line_numbers() {
        let csv = "account,mrn,patient_name,patient_dob,patient_sex,encounter_type,service_date,queue\n\
                   B1,M2,\"Roe, Al\",1970-03-04,M,ed,2026-06-01,ed\n\
                   B2,M3,Poe,1970-03-04,X,ed,2026-06-01,ed\n";
        let err = read(csv, Format::Csv).unwrap_err();
        assert_eq!(err, "feed:3: field `patient_sex`: must be F, M or U");
        let first_only: String = csv.lines().take(2).collect::<Vec<_>>().join("\n");
        let charts = read(&first_only, Format::Csv).unwrap();
        assert_eq!(charts[0].patient_name, "Roe, Al");
        assert!(charts[0].documents.is_none());
    }

    /// Lines that end with a lone CR (old Mac exports) are counted like
    /// any other: the third record's error names line 4, not line 1.
    #[test]
    fn a_file_with_lone_cr_line_ends_names_the_right_lines() {
        let header =
            "account,mrn,patient_name,patient_dob,patient_sex,encounter_type,service_date,queue";
        let good = "B1,M2,Roe,1970-03-04,M,ed,2026-06-01,ed";
        let bad = "B3,M4,Poe,1970-03-04,M,ed,2026-13-01,ed";
        let cr = [header, good, "B2,M3,Doe,1970-03-04,F,ed,2026-06-01,ed", bad].join("\r");
        let err = read(&cr, Format::Csv).unwrap_err();
        assert!(err.starts_with("feed:4: field `service_date`"), "{err}");
        // CR LF and a CR at every possible buffer edge read the same.
        let crlf = [header, good].join("\r\n") + "\r\n";
        assert_eq!(read(&crlf, Format::Csv).unwrap().len(), 1);
        let ok = [header, good, good.replace("B1", "B9").as_str()].join("\r") + "\r";
        assert_eq!(read(&ok, Format::Csv).unwrap().len(), 2);
    }
}
