//! The Medicare Code Editor on one inpatient claim: the claim-level edits
//! (age, sex, discharge status) here, the diagnosis edits in `mce_dx`, the
//! procedure edits in `mce_proc`. Each edit's condition and why it has its
//! severity: `docs/mce-notes.md`.

use chrono::NaiveDate;

use super::flags::Flags;
use super::tables::{MceTables, MceVersion, NoTables};
use super::{mce_dx, mce_proc};
use crate::domain::chart::EncounterType;
use crate::domain::claim::{Claim, Reported, Sex};
use crate::domain::edit::{Edit, EditName, Severity};

/// The oldest age the MCE accepts (`invalid_age` above it).
pub const MAX_AGE: i64 = 124;

/// What every edit of one claim reads: the chosen table and each code's
/// flags, looked up once.
pub(super) struct Context<'a> {
    pub claim: &'a Claim,
    pub tables: &'a MceTables,
    pub table: &'a MceVersion,
    pub date: NaiveDate,
    /// The claim's diagnoses in order (principal first), with their flags
    /// (`None`: not a valid code on the date).
    pub dx: Vec<(&'a str, Option<Flags>)>,
    pub has_pdx: bool,
    pub px: Vec<(&'a str, Option<Flags>)>,
    /// Every flag of the valid secondary diagnoses, and of all diagnoses.
    pub sdx_flags: Flags,
    pub dx_flags: Flags,
    /// Every flag of the valid procedures.
    pub px_flags: Flags,
    pub sex_edits: bool,
}

impl Context<'_> {
    pub fn edit(name: EditName, severity: Severity, codes: &[&str], message: String) -> Edit {
        Edit {
            name,
            severity,
            codes: codes.iter().map(|c| c.to_string()).collect(),
            message,
        }
    }
}

/// `E1122` → `E11.22`: how a coder reads a diagnosis code. A code that is
/// not letters and digits (it came from a claim file) is shown made safe
/// for one line and cut to 12 characters.
pub(super) fn dotted(code: &str) -> String {
    if !code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return safe(code);
    }
    match code.get(3..) {
        Some(rest) if !rest.is_empty() => format!("{}.{rest}", &code[..3]),
        _ => code.to_string(),
    }
}

/// A code from a claim as a message may show it: letters and digits as
/// they are, anything else made safe for one line and cut to 12
/// characters.
pub(super) fn safe(code: &str) -> String {
    if code.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return code.to_string();
    }
    let cut: String = code.chars().take(12).collect();
    crate::domain::text::single_line(&cut)
}

/// The MCE's edits of an inpatient claim, in claim order: the claim's own
/// fields first, then the principal diagnosis, the secondary diagnoses and
/// the procedures. A claim of another encounter type has none (the MCE
/// edits inpatient claims). `Err` when no MCE version covers the discharge
/// date: the claim cannot be edited at all.
pub fn mce_edits(claim: &Claim, tables: &MceTables) -> Result<Vec<Edit>, NoTables> {
    if claim.encounter_type != EncounterType::Inpatient {
        return Ok(Vec::new());
    }
    let date = claim.discharge_date;
    let table = tables.for_date(date)?;
    let dx: Vec<(&str, Option<Flags>)> = claim
        .diagnoses()
        .map(|d| (d.code.as_str(), table.dx(&d.code, date)))
        .collect();
    let px: Vec<(&str, Option<Flags>)> = claim
        .procedures
        .iter()
        .map(|p| (p.code.as_str(), table.pcs(&p.code, date)))
        .collect();
    let has_pdx = claim.pdx.is_some();
    let union = |codes: &[(&str, Option<Flags>)]| {
        codes
            .iter()
            .filter_map(|(_, f)| *f)
            .fold(Flags::NONE, |a, b| a | b)
    };
    let sdx_flags = union(&dx[usize::from(has_pdx)..]);
    let context = Context {
        claim,
        tables,
        table,
        date,
        dx_flags: union(&dx),
        px_flags: union(&px),
        sdx_flags,
        dx,
        has_pdx,
        px,
        sex_edits: tables.sex_edits_apply(date),
    };
    let mut edits = claim_edits(&context);
    mce_dx::diagnosis_edits(&context, &mut edits);
    mce_proc::procedure_edits(&context, &mut edits);
    Ok(edits)
}

/// Age, sex and discharge status: the claim's own fields.
fn claim_edits(c: &Context) -> Vec<Edit> {
    let mut edits = Vec::new();
    if !(0..=MAX_AGE).contains(&c.claim.age) {
        edits.push(Context::edit(
            EditName::InvalidAge,
            Severity::Error,
            &[],
            format!(
                "the age {} is not valid: the MCE accepts ages 0 to {MAX_AGE}",
                c.claim.age
            ),
        ));
    }
    let sex_problem = match &c.claim.sex {
        Reported::Invalid(text) => Some(format!(
            "the sex `{}` is not valid: M, F or U",
            crate::domain::text::single_line(text)
        )),
        Reported::Given(Sex::Unknown) if c.sex_edits => Some(
            "the sex is unknown (U): the MCE's sex edits, in force for this discharge date, need M or F"
                .to_string(),
        ),
        Reported::Given(_) => None,
    };
    if let Some(message) = sex_problem {
        edits.push(Context::edit(
            EditName::InvalidSex,
            Severity::Error,
            &[],
            message,
        ));
    }
    match &c.claim.discharge_status {
        None => edits.push(Context::edit(
            EditName::MissingDischargeStatus,
            Severity::Error,
            &[],
            "no discharge status: an inpatient claim needs the two-digit NUBC code (e.g. 01 home, 20 expired)"
                .to_string(),
        )),
        Some(Reported::Invalid(text)) => edits.push(Context::edit(
            EditName::InvalidDischargeStatus,
            Severity::Error,
            &[],
            format!(
                "the discharge status `{}` is not a NUBC code (two digits, e.g. 01 home, 20 expired)",
                crate::domain::text::single_line(text)
            ),
        )),
        Some(Reported::Given(status)) if !MCE_DISCHARGE_STATUSES.contains(&status.value()) => {
            edits.push(Context::edit(
                EditName::InvalidDischargeStatus,
                Severity::Error,
                &[],
                format!(
                    "the discharge status {status} ({}) is not one the MCE accepts on an inpatient claim",
                    status.meaning()
                ),
            ));
        }
        Some(Reported::Given(_)) => {}
    }
    edits
}

/// The discharge statuses the MCE accepts: NUBC's list less 09 (admitted
/// as an inpatient: not a discharge) and 40–42 (hospice-only "expired"
/// codes), as the reference MCE does.
const MCE_DISCHARGE_STATUSES: [u8; 36] = [
    1, 2, 3, 4, 5, 6, 7, 20, 21, 30, 43, 50, 51, 61, 62, 63, 64, 65, 66, 69, 70, 81, 82, 83, 84,
    85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
];
