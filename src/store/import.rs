//! Reading a chart feed (JSON Lines with documents, or CSV without) into
//! validated [`ChartRecord`]s, one at a time, so a 100,000-chart file never
//! sits in memory. The caller writes each record inside one transaction and
//! rolls back on the first error: an import is all or nothing.
//!
//! Errors name the file, the line and the field, never the value (it may be
//! patient data). Text is untrusted: NUL bytes and invalid UTF-8 are refused,
//! terminal control sequences are stripped ([`crate::text::clean`]; each
//! document keeps the count of characters that removed, for the import's
//! report).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::str::FromStr;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Serialize;
use serde_json::{Map, Value};

use super::WorkError;
use super::charts::{DocumentType, EncounterType};

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
/// Short fields (account, names, queue) longer than this are refused.
const MAX_SHORT_CHARS: usize = 200;

pub use crate::import_error::ImportError;

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
    pub attending: Option<String>,
    pub payer: Option<String>,
    pub facility: Option<String>,
    pub queue: String,
    pub priority: i64,
    pub due_date: Option<NaiveDate>,
    /// `None` when the line has no `documents` (always for CSV): a re-import
    /// then keeps the stored ones.
    pub documents: Option<Vec<DocumentRecord>>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocumentRecord {
    pub doc_type: DocumentType,
    pub author: Option<String>,
    pub time: Option<NaiveDateTime>,
    pub text: String,
    /// Characters the feed's text had that `text` has not (control
    /// sequences and characters, see [`crate::text`]). Not part of the
    /// record's identity (not serialized, so not in its hash).
    #[serde(skip)]
    pub cleaned_chars: usize,
}

/// Reads every chart of `reader`, calling `each(line, record)` in file
/// order. Stops at the first bad line (or the first error of `each`).
/// Returns the number of charts read.
pub fn read_feed(
    reader: impl Read,
    file: &str,
    format: Format,
    mut each: impl FnMut(u64, ChartRecord) -> Result<(), WorkError>,
) -> Result<u64, WorkError> {
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
        Format::Jsonl => read_jsonl(reader, &at, &mut check_and_hand_over)?,
        Format::Csv => read_csv(reader, &at, &mut check_and_hand_over)?,
    };
    if count == 0 {
        return Err(at.file("no charts in the file (it is empty)").into());
    }
    Ok(count)
}

/// Builds errors that name the file being read.
struct Locator<'a> {
    file: &'a str,
}

impl Locator<'_> {
    fn file(&self, message: impl Into<String>) -> ImportError {
        ImportError {
            file: self.file.to_string(),
            line: None,
            field: None,
            message: message.into(),
        }
    }
    fn line(&self, line: u64, message: impl Into<String>) -> ImportError {
        ImportError {
            line: Some(line),
            ..self.file(message)
        }
    }
    fn field(&self, line: u64, field: &str, message: impl Into<String>) -> ImportError {
        ImportError {
            field: Some(field.to_string()),
            ..self.line(line, message)
        }
    }
    fn io(&self, err: std::io::Error) -> ImportError {
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
fn check_bytes<'b>(
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

fn read_jsonl(
    mut reader: impl BufRead,
    at: &Locator<'_>,
    each: &mut impl FnMut(u64, ChartRecord) -> Result<(), WorkError>,
) -> Result<u64, WorkError> {
    let mut buf = Vec::new();
    let mut line = 0u64;
    let mut count = 0u64;
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| at.io(e))?;
        if n == 0 {
            break;
        }
        line += 1;
        if buf.len() > MAX_LINE_BYTES {
            return Err(at
                .line(
                    line,
                    format!("line is longer than {} MiB", MAX_LINE_BYTES >> 20),
                )
                .into());
        }
        while matches!(buf.last(), Some(b'\n' | b'\r')) {
            buf.pop();
        }
        let text = check_bytes(&buf, line, None, at)?;
        if text.trim().is_empty() {
            continue;
        }
        if json_values_over(text.as_bytes(), MAX_JSON_VALUES) {
            return Err(at
                .line(
                    line,
                    format!("line holds more than {MAX_JSON_VALUES} JSON values"),
                )
                .into());
        }
        let value: Value = serde_json::from_str(text).map_err(|e| {
            at.line(
                line,
                format!(
                    "malformed JSON at column {}: {}",
                    e.column(),
                    json_reason(&e)
                ),
            )
        })?;
        let Value::Object(obj) = value else {
            return Err(at
                .line(
                    line,
                    format!("expected a JSON object, found {}", kind_of(&value)),
                )
                .into());
        };
        let record = chart_from_json(&obj).map_err(|e| at.field(line, &e.field, e.message))?;
        each(line, record)?;
        count += 1;
    }
    Ok(count)
}

/// True when `json` starts more than `max` values (counted, linearly and
/// without allocating, as the commas, colons and openers outside strings:
/// an upper bound on the values of valid JSON, close enough for a cap).
fn json_values_over(json: &[u8], max: usize) -> bool {
    let (mut count, mut in_string, mut escaped) = (1usize, false, false);
    for &b in json {
        if in_string {
            match b {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b',' | b'[' | b'{' => {
                count += 1;
                if count > max {
                    return true;
                }
            }
            _ => {}
        }
    }
    false
}

/// serde_json's message without its " at line 1 column N" tail (we give
/// the file's own line number instead).
fn json_reason(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_string(),
        None => text,
    }
}

fn kind_of(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// The CSV columns, in the documented order. `patient_*` columns are the
/// JSON `patient.*` fields.
pub const CSV_COLUMNS: [&str; 15] = [
    "account",
    "mrn",
    "patient_name",
    "patient_dob",
    "patient_sex",
    "encounter_type",
    "admit_date",
    "discharge_date",
    "service_date",
    "attending",
    "payer",
    "facility",
    "queue",
    "priority",
    "due_date",
];

fn read_csv(
    reader: impl Read,
    at: &Locator<'_>,
    each: &mut impl FnMut(u64, ChartRecord) -> Result<(), WorkError>,
) -> Result<u64, WorkError> {
    let budget = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let mut csv = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(Budgeted {
            inner: reader,
            used: budget.clone(),
            cap: MAX_CSV_RECORD_BYTES,
        });
    // The line being read when a record ran over the budget: the line
    // after the last whole record.
    let mut next_line = 1u64;
    let over_budget = |e: &csv::Error, next_line: u64| -> ImportError {
        if budget.get() > MAX_CSV_RECORD_BYTES {
            at.line(
                next_line,
                format!(
                    "a CSV record longer than {} MiB (an over-long field or an unclosed quote)",
                    MAX_CSV_RECORD_BYTES >> 20
                ),
            )
        } else {
            csv_error(e, at)
        }
    };
    let header = csv
        .byte_headers()
        .map_err(|e| over_budget(&e, next_line))?
        .clone();
    if header.is_empty() || header.iter().all(|h| h.is_empty()) {
        return Ok(0);
    }
    let mut columns = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = check_bytes(raw, 1, None, at)?.trim();
        if !CSV_COLUMNS.contains(&name) {
            // Never echo the cell: in a file without its header line, the
            // first line is a chart (an account number, a name).
            return Err(at
                .line(
                    1,
                    format!(
                        "column {} of the header is not a known column (is the header line \
                         missing?); expected: {}",
                        i + 1,
                        CSV_COLUMNS.join(", ")
                    ),
                )
                .into());
        }
        if columns.insert(name.to_string(), i).is_some() {
            return Err(at.line(1, format!("column `{name}` appears twice")).into());
        }
    }
    let mut record = csv::ByteRecord::new();
    let mut count = 0u64;
    budget.set(0);
    next_line = 2;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(over_budget(&e, next_line).into()),
        }
        budget.set(0);
        let line = record.position().map_or(0, |p| p.line());
        next_line = line + 1;
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let row = CsvRow {
            record: &record,
            columns: &columns,
            line,
            at,
        };
        let chart = chart_from(&row).map_err(|e| at.field(line, &e.field, e.message))?;
        each(line, chart)?;
        count += 1;
    }
    Ok(count)
}

/// A reader that refuses to hand over more than `cap` bytes between two
/// resets of `used` (the CSV reader is reset after every record), so one
/// record can never grow the CSV reader's buffers past the cap (plus the
/// reader's own 8 KiB buffer).
struct Budgeted<R> {
    inner: R,
    used: std::rc::Rc<std::cell::Cell<u64>>,
    cap: u64,
}

impl<R: Read> Read for Budgeted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.used.get() > self.cap {
            return Err(std::io::Error::other("record over the size limit"));
        }
        let n = self.inner.read(buf)?;
        self.used.set(self.used.get() + n as u64);
        Ok(n)
    }
}

fn csv_error(err: &csv::Error, at: &Locator<'_>) -> ImportError {
    let line = err.position().map(|p| p.line());
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} columns, the header has {expected_len}"),
        csv::ErrorKind::Io(e) => format!("cannot read: {e}"),
        _ => "malformed CSV".to_string(),
    };
    match line {
        Some(l) => at.line(l, message),
        None => at.file(message),
    }
}

/// A problem with one field, before the file and line are known.
struct FieldError {
    field: String,
    message: String,
}

fn field_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// Where a chart's fields come from: a JSON object or a CSV row. Field names
/// are JSON paths (`patient.dob`).
trait FieldSource {
    /// The text of `field`; `None` when absent, null or empty.
    fn text(&self, field: &str) -> Result<Option<String>, FieldError>;
    /// A whole number; `None` when absent, null or empty.
    fn int(&self, field: &str) -> Result<Option<i64>, FieldError>;
    /// How errors name `field` (JSON path or CSV column).
    fn path(&self, field: &str) -> String;
}

struct JsonObject<'a> {
    obj: &'a Map<String, Value>,
    /// Prefix for error paths (`documents[2].`).
    prefix: String,
}

impl JsonObject<'_> {
    fn get(&self, field: &str) -> Option<&Value> {
        let mut parts = field.split('.');
        let first = self.obj.get(parts.next()?)?;
        parts.try_fold(first, |v, key| v.get(key))
    }
}

impl FieldSource for JsonObject<'_> {
    fn path(&self, field: &str) -> String {
        format!("{}{field}", self.prefix)
    }
    fn text(&self, field: &str) -> Result<Option<String>, FieldError> {
        match self.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => {
                if s.contains('\0') {
                    return Err(field_error(&self.path(field), "contains a NUL character"));
                }
                Ok(Some(s.clone()))
            }
            Some(other) => Err(field_error(
                &self.path(field),
                format!("must be a string, found {}", kind_of(other)),
            )),
        }
    }
    fn int(&self, field: &str) -> Result<Option<i64>, FieldError> {
        match self.get(field) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Number(n)) => n
                .as_i64()
                .map(Some)
                .ok_or_else(|| field_error(&self.path(field), "must be a whole number")),
            Some(other) => Err(field_error(
                &self.path(field),
                format!("must be a whole number, found {}", kind_of(other)),
            )),
        }
    }
}

struct CsvRow<'a> {
    record: &'a csv::ByteRecord,
    columns: &'a HashMap<String, usize>,
    line: u64,
    at: &'a Locator<'a>,
}

impl FieldSource for CsvRow<'_> {
    fn path(&self, field: &str) -> String {
        field.replace('.', "_")
    }
    fn text(&self, field: &str) -> Result<Option<String>, FieldError> {
        let column = self.path(field);
        let Some(raw) = self.columns.get(&column).and_then(|&i| self.record.get(i)) else {
            return Ok(None);
        };
        let text = check_bytes(raw, self.line, Some(&column), self.at).map_err(|e| FieldError {
            field: column.clone(),
            message: e.message,
        })?;
        let text = text.trim();
        Ok((!text.is_empty()).then(|| text.to_string()))
    }
    fn int(&self, field: &str) -> Result<Option<i64>, FieldError> {
        self.text(field)?
            .map(|t| {
                t.parse()
                    .map_err(|_| field_error(&self.path(field), "must be a whole number"))
            })
            .transpose()
    }
}

/// Fields a chart object may carry; anything else is refused so a typo in
/// an optional field is noticed instead of silently dropped.
const CHART_KEYS: [&str; 14] = [
    "account",
    "mrn",
    "patient",
    "encounter_type",
    "admit_date",
    "discharge_date",
    "service_date",
    "attending",
    "payer",
    "facility",
    "queue",
    "priority",
    "due_date",
    "documents",
];
const PATIENT_KEYS: [&str; 3] = ["name", "dob", "sex"];
const DOCUMENT_KEYS: [&str; 4] = ["type", "author", "time", "text"];

fn unknown_key(obj: &Map<String, Value>, allowed: &[&str], prefix: &str) -> Result<(), FieldError> {
    match obj.keys().find(|k| !allowed.contains(&k.as_str())) {
        Some(k) => Err(field_error(
            &format!("{prefix}{}", single_line(k)),
            format!("unknown field (expected one of: {})", allowed.join(", ")),
        )),
        None => Ok(()),
    }
}

fn chart_from_json(obj: &Map<String, Value>) -> Result<ChartRecord, FieldError> {
    unknown_key(obj, &CHART_KEYS, "")?;
    match obj.get("patient") {
        Some(Value::Object(p)) => unknown_key(p, &PATIENT_KEYS, "patient.")?,
        None | Some(Value::Null) => return Err(field_error("patient", "is required")),
        Some(other) => {
            return Err(field_error(
                "patient",
                format!("must be an object, found {}", kind_of(other)),
            ));
        }
    }
    let src = JsonObject {
        obj,
        prefix: String::new(),
    };
    let mut chart = chart_from(&src)?;
    // Without a `documents` field a re-import keeps the stored documents;
    // with one (even empty) it replaces them.
    chart.documents = match obj.get("documents") {
        None | Some(Value::Null) => None,
        Some(Value::Array(docs)) => Some(
            docs.iter()
                .enumerate()
                .map(|(i, d)| document_from_json(i, d))
                .collect::<Result<_, _>>()?,
        ),
        Some(other) => {
            return Err(field_error(
                "documents",
                format!("must be an array, found {}", kind_of(other)),
            ));
        }
    };
    Ok(chart)
}

fn document_from_json(i: usize, value: &Value) -> Result<DocumentRecord, FieldError> {
    let prefix = format!("documents[{i}].");
    let Value::Object(obj) = value else {
        return Err(field_error(
            &format!("documents[{i}]"),
            format!("must be an object, found {}", kind_of(value)),
        ));
    };
    unknown_key(obj, &DOCUMENT_KEYS, &prefix)?;
    let src = JsonObject { obj, prefix };
    let text = src
        .text("text")?
        .ok_or_else(|| field_error(&src.path("text"), "is required"))?;
    if text.len() > MAX_DOCUMENT_BYTES {
        return Err(field_error(
            &src.path("text"),
            // In bytes: a document just over the limit would read
            // "1.0 MiB; the limit is 1 MiB".
            format!(
                "document is {} bytes of UTF-8; the limit is {} MiB ({MAX_DOCUMENT_BYTES} bytes)",
                text.len(),
                MAX_DOCUMENT_BYTES >> 20
            ),
        ));
    }
    let time = src
        .text("time")?
        .map(|t| {
            NaiveDateTime::parse_from_str(&t, "%Y-%m-%dT%H:%M:%S")
                .map_err(|_| field_error(&src.path("time"), "must be a time YYYY-MM-DDTHH:MM:SS"))
        })
        .transpose()?;
    let cleaned = crate::text::clean(&text);
    Ok(DocumentRecord {
        doc_type: parsed(&src, "type")?
            .ok_or_else(|| field_error(&src.path("type"), "is required"))?,
        author: short_text(&src, "author")?,
        time,
        text: cleaned.text,
        cleaned_chars: cleaned.changed,
    })
}

/// The chart fields common to both formats (documents are JSON only).
fn chart_from(src: &impl FieldSource) -> Result<ChartRecord, FieldError> {
    let required = |field: &str| {
        short_text(src, field)?.ok_or_else(|| field_error(&src.path(field), "is required"))
    };
    let required_date =
        |field: &str| date(src, field)?.ok_or_else(|| field_error(&src.path(field), "is required"));
    let encounter_type: EncounterType = parsed(src, "encounter_type")?
        .ok_or_else(|| field_error(&src.path("encounter_type"), "is required"))?;
    let patient_sex = required("patient.sex")?;
    if !matches!(patient_sex.as_str(), "F" | "M" | "U") {
        return Err(field_error(&src.path("patient.sex"), "must be F, M or U"));
    }
    let admit_date = date(src, "admit_date")?;
    let discharge_date = date(src, "discharge_date")?;
    let service_date = date(src, "service_date")?;
    let needs_admit = matches!(
        encounter_type,
        EncounterType::Inpatient | EncounterType::Observation
    );
    if needs_admit && admit_date.is_none() {
        return Err(field_error(
            &src.path("admit_date"),
            format!("is required for {encounter_type} charts"),
        ));
    }
    let date_of_service = if encounter_type == EncounterType::Inpatient {
        discharge_date.ok_or_else(|| {
            field_error(
                &src.path("discharge_date"),
                "is required for inpatient charts",
            )
        })?
    } else {
        service_date.ok_or_else(|| {
            field_error(
                &src.path("service_date"),
                format!("is required for {encounter_type} charts"),
            )
        })?
    };
    if let (Some(a), Some(d)) = (admit_date, discharge_date)
        && d < a
    {
        return Err(field_error(
            &src.path("discharge_date"),
            "is before admit_date",
        ));
    }
    let patient_dob = required_date("patient.dob")?;
    if patient_dob > date_of_service {
        return Err(field_error(
            &src.path("patient.dob"),
            "is after the date of service",
        ));
    }
    let priority = src.int("priority")?.unwrap_or(3);
    if !(1..=5).contains(&priority) {
        return Err(field_error(
            &src.path("priority"),
            "must be 1 (highest) to 5",
        ));
    }
    Ok(ChartRecord {
        account: required("account")?,
        mrn: required("mrn")?,
        patient_name: required("patient.name")?,
        patient_dob,
        patient_sex,
        encounter_type,
        admit_date,
        discharge_date,
        service_date,
        date_of_service,
        attending: short_text(src, "attending")?,
        payer: short_text(src, "payer")?,
        facility: short_text(src, "facility")?,
        queue: short_text(src, "queue")?.unwrap_or_else(|| encounter_type.as_str().to_string()),
        priority,
        due_date: date(src, "due_date")?,
        documents: None,
    })
}

/// A one-line field, cleaned, at most [`MAX_SHORT_CHARS`] characters.
fn short_text(src: &impl FieldSource, field: &str) -> Result<Option<String>, FieldError> {
    let Some(raw) = src.text(field)? else {
        return Ok(None);
    };
    let clean = single_line(&raw);
    if clean.chars().count() > MAX_SHORT_CHARS {
        return Err(field_error(
            &src.path(field),
            format!("is longer than {MAX_SHORT_CHARS} characters"),
        ));
    }
    Ok((!clean.is_empty()).then_some(clean))
}

fn date(src: &impl FieldSource, field: &str) -> Result<Option<NaiveDate>, FieldError> {
    src.text(field)?
        .map(|t| {
            NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d")
                .ok()
                .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
                .ok_or_else(|| field_error(&src.path(field), "must be a date YYYY-MM-DD"))
        })
        .transpose()
}

fn parsed<T: FromStr<Err = String>>(
    src: &impl FieldSource,
    field: &str,
) -> Result<Option<T>, FieldError> {
    src.text(field)?
        .map(|t| {
            t.trim()
                .parse()
                .map_err(|e: String| field_error(&src.path(field), e))
        })
        .transpose()
}

/// Text meant for one line of the screen: control sequences stripped,
/// line breaks and tabs turned into spaces, trimmed.
pub(crate) fn single_line(raw: &str) -> String {
    crate::text::single_line(raw)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str, format: Format) -> Result<Vec<ChartRecord>, String> {
        let mut out = Vec::new();
        read_feed(text.as_bytes(), "feed", format, |_, r| {
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
}
