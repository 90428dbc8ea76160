//! Claims as JSON lines: the input of `chartq check --batch` (and of the
//! grouper's batch). One claim object a line:
//!
//! ```text
//! {"id": "c1", "encounter_type": "inpatient", "age": 70, "sex": "F",
//!  "admit_date": "2026-05-01", "discharge_date": "2026-05-04",
//!  "discharge_status": "01", "pdx": {"code": "O80", "poa": "Y"},
//!  "sdx": [{"code": "E11.9", "poa": "Y"}], "procedures": [{"code": "0DTJ4ZZ"}]}
//! ```
//!
//! A line that is not such an object, or a field of the wrong JSON type or
//! shape, is an [`ImportError`] naming the file, line and field. A value
//! of the right shape that is not allowed (sex `X`, POA `Q`, discharge
//! status `99`, a code no table has, age 130) is not an error here: it is
//! what the edits report, so the claim is read with it kept as written.

use std::io::{BufRead, Read};

use chrono::NaiveDate;
use serde_json::{Map, Value};

use super::error::ImportError;
use super::json::{kind_of, reason};
use crate::domain::chart::EncounterType;
use crate::domain::claim::{Claim, ClaimDiagnosis, ClaimProcedure, DischargeStatus, Reported, Sex};
use crate::domain::codes::lookup_key;
use crate::domain::coding::Poa;

/// A claim line longer than this is refused (a claim is a few hundred
/// bytes; this bounds memory on a hostile file).
pub const MAX_CLAIM_LINE_BYTES: usize = 256 << 10;
/// Secondary diagnoses or procedures beyond this are refused (a UB-04
/// carries 25 and 25; electronic claims far fewer than this).
pub const MAX_CLAIM_CODES: usize = 200;
/// A code longer than this is not a code (ICD-10 codes are 3–7 characters).
const MAX_CODE_CHARS: usize = 16;

/// Every field a claim object may carry; anything else is refused so a
/// misspelt field is noticed instead of silently dropped.
const CLAIM_KEYS: [&str; 10] = [
    "id",
    "encounter_type",
    "age",
    "sex",
    "admit_date",
    "discharge_date",
    "discharge_status",
    "pdx",
    "sdx",
    "procedures",
];

/// What one line of a claims file held.
#[derive(Debug)]
pub enum ClaimLine {
    Claim(Box<Claim>),
    /// A malformed line or field; reading goes on with the next line.
    Malformed(ImportError),
}

/// Reads `reader` a line at a time, handing each non-blank line's claim
/// (or its error) to `each` with its 1-based line number. Only an I/O
/// failure stops the reading.
pub fn read_claims(
    reader: impl Read,
    file: &str,
    mut each: impl FnMut(u64, ClaimLine),
) -> Result<u64, ImportError> {
    let mut reader = std::io::BufReader::with_capacity(1 << 16, reader);
    let mut buf = Vec::new();
    let mut line = 0u64;
    loop {
        buf.clear();
        let n = (&mut reader)
            .take(MAX_CLAIM_LINE_BYTES as u64 + 1)
            .read_until(b'\n', &mut buf)
            .map_err(|e| whole_file(file, format!("cannot read: {e}")))?;
        if n == 0 {
            return Ok(line);
        }
        line += 1;
        if buf.len() > MAX_CLAIM_LINE_BYTES {
            each(
                line,
                ClaimLine::Malformed(at_line(
                    file,
                    line,
                    None,
                    format!("line is longer than {} KiB", MAX_CLAIM_LINE_BYTES >> 10),
                )),
            );
            skip_rest_of_line(&mut reader, file)?;
            continue;
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        let parsed = parse_claim(&buf)
            .map_err(|(field, message)| at_line(file, line, field.as_deref(), message));
        each(
            line,
            match parsed {
                Ok(claim) => ClaimLine::Claim(Box::new(claim)),
                Err(e) => ClaimLine::Malformed(e),
            },
        );
    }
}

/// Discards the remainder of an over-long line.
fn skip_rest_of_line(reader: &mut impl BufRead, file: &str) -> Result<(), ImportError> {
    loop {
        let chunk = reader
            .fill_buf()
            .map_err(|e| whole_file(file, format!("cannot read: {e}")))?;
        if chunk.is_empty() {
            return Ok(());
        }
        if let Some(pos) = chunk.iter().position(|&b| b == b'\n') {
            reader.consume(pos + 1);
            return Ok(());
        }
        let len = chunk.len();
        reader.consume(len);
    }
}

fn whole_file(file: &str, message: String) -> ImportError {
    ImportError {
        file: file.to_string(),
        line: None,
        field: None,
        message,
    }
}

fn at_line(file: &str, line: u64, field: Option<&str>, message: String) -> ImportError {
    ImportError {
        file: file.to_string(),
        line: Some(line),
        field: field.map(str::to_string),
        message,
    }
}

/// A field problem: the field's JSON path (none for the line as a whole)
/// and what is wrong. Never the field's value: a claim may carry patient
/// data.
type Problem = (Option<String>, String);

fn problem(field: &str, message: impl Into<String>) -> Problem {
    (Some(field.to_string()), message.into())
}

/// One claim line parsed.
pub fn parse_claim(bytes: &[u8]) -> Result<Claim, Problem> {
    let text = std::str::from_utf8(bytes).map_err(|e| {
        (
            None,
            format!("not valid UTF-8 at byte {}", e.valid_up_to() + 1),
        )
    })?;
    let value: Value = serde_json::from_str(text.trim_end_matches(['\r', '\n'])).map_err(|e| {
        (
            None,
            format!("malformed JSON at column {}: {}", e.column(), reason(&e)),
        )
    })?;
    let Value::Object(obj) = value else {
        return Err((
            None,
            format!("expected a JSON object, found {}", kind_of(&value)),
        ));
    };
    if let Some(k) = obj.keys().find(|k| !CLAIM_KEYS.contains(&k.as_str())) {
        return Err(problem(
            &crate::domain::text::single_line(k),
            format!("unknown field (expected one of: {})", CLAIM_KEYS.join(", ")),
        ));
    }
    claim_from(&obj)
}

fn claim_from(obj: &Map<String, Value>) -> Result<Claim, Problem> {
    let id = string(obj, "id")?.ok_or_else(|| problem("id", "is required"))?;
    if id.chars().count() > 200 || id.chars().any(char::is_control) {
        return Err(problem(
            "id",
            "must be at most 200 characters, without control characters",
        ));
    }
    let encounter_type = match string(obj, "encounter_type")? {
        None => EncounterType::Inpatient,
        Some(t) => t.parse().map_err(|_| {
            problem(
                "encounter_type",
                format!("must be {}", EncounterType::expected()),
            )
        })?,
    };
    let age = match obj.get("age") {
        Some(Value::Number(n)) => n
            .as_i64()
            .ok_or_else(|| problem("age", "must be a whole number of years"))?,
        None | Some(Value::Null) => return Err(problem("age", "is required")),
        Some(other) => {
            return Err(problem(
                "age",
                format!("must be a whole number, found {}", kind_of(other)),
            ));
        }
    };
    let sex = string(obj, "sex")?.ok_or_else(|| problem("sex", "is required (M, F or U)"))?;
    let admit_date = date(obj, "admit_date")?;
    let discharge_date = date(obj, "discharge_date")?;
    if discharge_date < admit_date {
        return Err(problem("discharge_date", "is before admit_date"));
    }
    let discharge_status =
        string(obj, "discharge_status")?.map(|s| Reported::<DischargeStatus>::from_text(&s));
    let pdx = match obj.get("pdx") {
        None | Some(Value::Null) => None,
        Some(v) => Some(diagnosis(v, "pdx")?),
    };
    let sdx = list(obj, "sdx")?
        .iter()
        .enumerate()
        .map(|(i, v)| diagnosis(v, &format!("sdx[{i}]")))
        .collect::<Result<_, _>>()?;
    let procedures = list(obj, "procedures")?
        .iter()
        .enumerate()
        .map(|(i, v)| procedure(v, &format!("procedures[{i}]")))
        .collect::<Result<_, _>>()?;
    Ok(Claim {
        id,
        encounter_type,
        age,
        sex: sex_of(&sex),
        admit_date,
        discharge_date,
        discharge_status,
        pdx,
        sdx,
        procedures,
    })
}

/// `M`, `F` or `U` exactly (claims use the letter; a word is invalid).
fn sex_of(text: &str) -> Reported<Sex> {
    match text.trim() {
        "M" | "m" => Reported::Given(Sex::Male),
        "F" | "f" => Reported::Given(Sex::Female),
        "U" | "u" => Reported::Given(Sex::Unknown),
        other => Reported::Invalid(other.to_string()),
    }
}

/// A text field: `None` when absent or null (an empty string is given).
fn string(obj: &Map<String, Value>, field: &str) -> Result<Option<String>, Problem> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(other) => Err(problem(
            field,
            format!("must be a string, found {}", kind_of(other)),
        )),
    }
}

fn date(obj: &Map<String, Value>, field: &str) -> Result<NaiveDate, Problem> {
    let text = string(obj, field)?.ok_or_else(|| problem(field, "is required"))?;
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .ok()
        .filter(|d| (1900..=2200).contains(&chrono::Datelike::year(d)))
        .ok_or_else(|| problem(field, "must be a date YYYY-MM-DD"))
}

fn list<'a>(obj: &'a Map<String, Value>, field: &str) -> Result<&'a [Value], Problem> {
    match obj.get(field) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(items)) if items.len() > MAX_CLAIM_CODES => Err(problem(
            field,
            format!("has more than {MAX_CLAIM_CODES} entries"),
        )),
        Some(Value::Array(items)) => Ok(items),
        Some(other) => Err(problem(
            field,
            format!("must be an array, found {}", kind_of(other)),
        )),
    }
}

fn code_object<'a>(
    value: &'a Value,
    path: &str,
    keys: &[&str],
) -> Result<&'a Map<String, Value>, Problem> {
    let Value::Object(obj) = value else {
        return Err(problem(
            path,
            format!("must be an object, found {}", kind_of(value)),
        ));
    };
    if let Some(k) = obj.keys().find(|k| !keys.contains(&k.as_str())) {
        return Err(problem(
            &format!("{path}.{}", crate::domain::text::single_line(k)),
            format!("unknown field (expected one of: {})", keys.join(", ")),
        ));
    }
    Ok(obj)
}

fn code(obj: &Map<String, Value>, path: &str) -> Result<String, Problem> {
    let field = format!("{path}.code");
    let text = match obj.get("code") {
        Some(Value::String(s)) => s,
        None | Some(Value::Null) => return Err(problem(&field, "is required")),
        Some(other) => {
            return Err(problem(
                &field,
                format!("must be a string, found {}", kind_of(other)),
            ));
        }
    };
    // Letters, digits and dots only: anything else is not a code (the
    // shared key would drop it silently).
    let text = text.trim();
    let key = lookup_key(text);
    if key.is_empty()
        || key.chars().count() > MAX_CODE_CHARS
        || !text.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
    {
        return Err(problem(
            &field,
            "must be a code (letters and digits, dot optional)",
        ));
    }
    Ok(key)
}

fn diagnosis(value: &Value, path: &str) -> Result<ClaimDiagnosis, Problem> {
    let obj = code_object(value, path, &["code", "poa"])?;
    let poa = match obj.get("poa") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) if s.trim().is_empty() => None,
        Some(Value::String(s)) => Some(Reported::<Poa>::from_text(s.trim())),
        Some(other) => {
            return Err(problem(
                &format!("{path}.poa"),
                format!(
                    "must be a string (Y, N, U, W, 1 or empty), found {}",
                    kind_of(other)
                ),
            ));
        }
    };
    Ok(ClaimDiagnosis {
        code: code(obj, path)?,
        poa,
    })
}

fn procedure(value: &Value, path: &str) -> Result<ClaimProcedure, Problem> {
    let obj = code_object(value, path, &["code"])?;
    Ok(ClaimProcedure {
        code: code(obj, path)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = r#"{"id":"c1","age":70,"sex":"F","admit_date":"2026-05-01","discharge_date":"2026-05-04","discharge_status":"01","pdx":{"code":"o80","poa":"Y"},"sdx":[{"code":"E11.9","poa":""},{"code":"Z79.4","poa":null},{"code":"I10","poa":"Q"}],"procedures":[{"code":"0DTJ4ZZ"}]}"#;

    fn read(text: &str) -> Vec<Result<Claim, String>> {
        let mut out = Vec::new();
        read_claims(text.as_bytes(), "claims.jsonl", |_, line| {
            out.push(match line {
                ClaimLine::Claim(c) => Ok(*c),
                ClaimLine::Malformed(e) => Err(e.to_string()),
            })
        })
        .unwrap();
        out
    }

    #[test]
    fn a_claim_line_becomes_a_typed_claim() {
        let claims = read(GOOD);
        let claim = claims[0].as_ref().unwrap();
        assert_eq!(
            claim.encounter_type,
            EncounterType::Inpatient,
            "inpatient unless told"
        );
        assert_eq!(claim.age, 70);
        assert_eq!(claim.sex, Reported::Given(Sex::Female));
        assert_eq!(claim.length_of_stay(), 3);
        assert_eq!(claim.pdx.as_ref().unwrap().code, "O80");
        assert_eq!(claim.sdx[0].code, "E119");
        assert_eq!(claim.sdx[0].poa, None, "empty POA is blank");
        assert_eq!(claim.sdx[1].poa, None, "null POA is blank");
        assert_eq!(claim.sdx[2].poa, Some(Reported::Invalid("Q".into())));
        assert_eq!(claim.procedures[0].code, "0DTJ4ZZ");
        assert_eq!(
            claim.discharge_status.as_ref().and_then(Reported::given),
            Some("01".parse().unwrap())
        );
    }

    #[test]
    fn values_the_edits_judge_are_kept_not_refused() {
        let line = GOOD
            .replace(r#""sex":"F""#, r#""sex":"X""#)
            .replace(r#""discharge_status":"01""#, r#""discharge_status":"99""#)
            .replace(r#""age":70"#, r#""age":130"#);
        let claim = read(&line).remove(0).unwrap();
        assert_eq!(claim.sex, Reported::Invalid("X".into()));
        assert_eq!(claim.discharge_status, Some(Reported::Invalid("99".into())));
        assert_eq!(claim.age, 130);
    }

    #[test]
    fn malformed_lines_name_file_line_and_field_and_reading_goes_on() {
        let text = format!(
            "{GOOD}\n\nnot json\n{}\n{}\n{}\n{}\n{GOOD}\n",
            GOOD.replace(r#""age":70"#, r#""age":"70""#),
            GOOD.replace(
                r#""admit_date":"2026-05-01""#,
                r#""admit_date":"2026-13-01""#
            ),
            GOOD.replace(r#""procedures""#, r#""procs""#),
            GOOD.replace(r#"{"code":"0DTJ4ZZ"}"#, r#"{"code":7}"#),
        );
        let got = read(&text);
        assert_eq!(got.len(), 7, "the blank line is skipped");
        assert!(
            got[0].is_ok() && got[6].is_ok(),
            "reading goes on after errors"
        );
        assert_eq!(
            got[1].as_ref().unwrap_err(),
            "claims.jsonl:3: malformed JSON at column 2: expected ident"
        );
        assert_eq!(
            got[2].as_ref().unwrap_err(),
            "claims.jsonl:4: field `age`: must be a whole number, found a string"
        );
        assert_eq!(
            got[3].as_ref().unwrap_err(),
            "claims.jsonl:5: field `admit_date`: must be a date YYYY-MM-DD"
        );
        assert!(
            got[4]
                .as_ref()
                .unwrap_err()
                .starts_with("claims.jsonl:6: field `procs`: unknown field")
        );
        assert_eq!(
            got[5].as_ref().unwrap_err(),
            "claims.jsonl:7: field `procedures[0].code`: must be a string, found a number"
        );
    }

    #[test]
    fn hostile_lines_are_bounded() {
        let long = format!("{}\n{GOOD}\n", "x".repeat(MAX_CLAIM_LINE_BYTES + 10));
        let got = read(&long);
        assert_eq!(got.len(), 2);
        assert!(got[0].as_ref().unwrap_err().contains("longer than 256 KiB"));
        assert!(got[1].is_ok(), "the line after an over-long one is read");
        let deep = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(
            read(&deep)[0]
                .as_ref()
                .unwrap_err()
                .contains("malformed JSON")
        );
        let many = GOOD.replace(
            r#""procedures":[{"code":"0DTJ4ZZ"}]"#,
            &format!(
                r#""procedures":[{}]"#,
                vec![r#"{"code":"0DTJ4ZZ"}"#; 201].join(",")
            ),
        );
        assert!(
            read(&many)[0]
                .as_ref()
                .unwrap_err()
                .contains("more than 200 entries")
        );
    }
}
