//! The chart fields both formats share, read through [`FieldSource`] so
//! one set of rules (required fields, dates, the date of service) checks
//! a JSON object and a CSV row alike.

use chrono::NaiveDate;

use super::ChartRecord;
use crate::domain::chart::EncounterType;
use crate::domain::claim::DischargeStatus;
use crate::domain::string_enum::StringEnum;
use crate::domain::text::single_line;

/// Short fields (account, names, queue) longer than this are refused.
pub(super) const MAX_SHORT_CHARS: usize = 200;

/// A problem with one field, before the file and line are known.
pub(super) struct FieldError {
    pub(super) field: String,
    pub(super) message: String,
}

pub(super) fn field_error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.to_string(),
        message: message.into(),
    }
}

/// Where a chart's fields come from: a JSON object or a CSV row. Field names
/// are JSON paths (`patient.dob`).
pub(super) trait FieldSource {
    /// The text of `field`; `None` when absent, null or empty.
    fn text(&self, field: &str) -> Result<Option<String>, FieldError>;
    /// A whole number; `None` when absent, null or empty.
    fn int(&self, field: &str) -> Result<Option<i64>, FieldError>;
    /// How errors name `field` (JSON path or CSV column).
    fn path(&self, field: &str) -> String;
}

/// The chart fields common to both formats (documents are JSON only).
pub(super) fn chart_from(src: &impl FieldSource) -> Result<ChartRecord, FieldError> {
    let required = |field: &str| {
        short_text(src, field)?.ok_or_else(|| field_error(&src.path(field), "is required"))
    };
    let required_date =
        |field: &str| date(src, field)?.ok_or_else(|| field_error(&src.path(field), "is required"));
    let encounter_type: EncounterType = one_of(src, "encounter_type")?
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
        discharge_status: discharge_status(src)?,
        attending: short_text(src, "attending")?,
        payer: short_text(src, "payer")?,
        facility: short_text(src, "facility")?,
        queue: short_text(src, "queue")?.unwrap_or_else(|| encounter_type.as_str().to_string()),
        priority,
        due_date: date(src, "due_date")?,
        expected_charges_cents: expected_charges(src)?,
        documents: None,
    })
}

/// A one-line field, cleaned, at most [`MAX_SHORT_CHARS`] characters.
pub(super) fn short_text(
    src: &impl FieldSource,
    field: &str,
) -> Result<Option<String>, FieldError> {
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

/// A NUBC discharge status: two digits, one of NUBC's codes.
fn discharge_status(src: &impl FieldSource) -> Result<Option<DischargeStatus>, FieldError> {
    src.text("discharge_status")?
        .map(|t| {
            t.trim().parse().map_err(|_| {
                field_error(
                    &src.path("discharge_status"),
                    "must be a two-digit NUBC discharge status (01 home, 02 short-term hospital, \
                     03 SNF, 06 home health, 07 left against advice, 20 expired, ...; the README lists them)",
                )
            })
        })
        .transpose()
}

/// `expected_charges`: dollars as a string, `1234` or `1234.5` or
/// `1234.50` (no sign, no thousands separator), in cents.
fn expected_charges(src: &impl FieldSource) -> Result<Option<i64>, FieldError> {
    let Some(text) = src.text("expected_charges")? else {
        return Ok(None);
    };
    let bad = || {
        field_error(
            &src.path("expected_charges"),
            "must be dollars as a string, e.g. \"1234.50\" (no sign, at most two decimals)",
        )
    };
    let t = text.trim();
    let (whole, cents) = t.split_once('.').unwrap_or((t, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 12 || !digits(whole) || cents.len() > 2 || !digits(cents) {
        return Err(bad());
    }
    let whole: i64 = whole.parse().map_err(|_| bad())?;
    let cents: i64 = format!("{cents:0<2}").parse().map_err(|_| bad())?;
    Ok(Some(whole * 100 + cents))
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

/// A field that must be one of an enum's names: "must be a, b or c".
pub(super) fn one_of<T: StringEnum>(
    src: &impl FieldSource,
    field: &str,
) -> Result<Option<T>, FieldError> {
    src.text(field)?
        .map(|t| {
            T::from_name(t.trim())
                .ok_or_else(|| field_error(&src.path(field), format!("must be {}", T::names())))
        })
        .transpose()
}
