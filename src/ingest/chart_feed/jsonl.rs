//! The JSON Lines feed: one chart object a line, with its documents.

use std::io::{BufRead, Read};

use chrono::NaiveDateTime;
use serde_json::{Map, Value};

use super::fields::{FieldError, FieldSource, chart_from, field_error, one_of, short_text};
use super::{
    ChartRecord, DocumentRecord, ImportError, Locator, MAX_DOCUMENT_BYTES, MAX_JSON_VALUES,
    MAX_LINE_BYTES, check_bytes,
};
use crate::domain::text::single_line;
use crate::ingest::json::{kind_of, reason};

pub(super) fn read_jsonl<E: From<ImportError>>(
    mut reader: impl BufRead,
    at: &Locator<'_>,
    each: &mut impl FnMut(u64, ChartRecord) -> Result<(), E>,
) -> Result<u64, E> {
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
                format!("malformed JSON at column {}: {}", e.column(), reason(&e)),
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

/// Fields a chart object may carry; anything else is refused so a typo in
/// an optional field is noticed instead of silently dropped.
const CHART_KEYS: [&str; 16] = [
    "account",
    "mrn",
    "patient",
    "encounter_type",
    "admit_date",
    "discharge_date",
    "service_date",
    "discharge_status",
    "attending",
    "payer",
    "facility",
    "queue",
    "priority",
    "due_date",
    "documents",
    "expected_charges",
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
    let cleaned = crate::domain::text::clean(&text);
    Ok(DocumentRecord {
        doc_type: one_of(&src, "type")?
            .ok_or_else(|| field_error(&src.path("type"), "is required"))?,
        author: short_text(&src, "author")?,
        time,
        text: cleaned.text,
        cleaned_chars: cleaned.changed,
    })
}
