//! The MCE's procedure edits: validity, sex, coverage (non-covered and
//! limited coverage, some depending on the diagnoses, the other
//! procedures or the age), length of stay and the questionable obstetric
//! admission. The coverage conditions the table's flags stand for are in
//! `docs/mce-notes.md`, with how each was checked.

use super::flags::Flags;
use super::mce::{Context, dotted, safe};
use super::mce_dx::sex_conflict;
use crate::domain::edit::{Edit, EditName, Severity};

/// The oldest age a lumbar artificial disc is covered at (`ncov12agele60`).
const DISC_MAX_AGE: i64 = 60;
/// The shortest stay (days, discharge minus admission) that ventilation
/// for more than 96 consecutive hours fits in: more than four days. The
/// reference MCE (a port of CMS's) fires for stays of 0 to 4 days, and
/// CMS's definition reads "greater than four consecutive days during the
/// length of stay".
const VENTILATION_MIN_LOS: i64 = 5;

/// Appends the procedure edits of the claim in `c` to `edits`.
pub(super) fn procedure_edits(c: &Context, edits: &mut Vec<Edit>) {
    let mut obstetric_done = false;
    for &(code, flags) in &c.px {
        let Some(flags) = flags else {
            edits.push(Context::edit(
                EditName::InvalidCode,
                Severity::Error,
                &[code],
                format!(
                    "{} (procedure) is not a valid ICD-10-PCS code for a discharge on {} (MCE {})",
                    safe(code),
                    c.date,
                    c.table.label()
                ),
            ));
            continue;
        };
        if let Some(edit) = sex_conflict(c, code, flags, "procedure") {
            edits.push(edit);
        }
        coverage_edits(c, code, flags, edits);
        if flags.has(Flags::LOS) && c.claim.length_of_stay() < VENTILATION_MIN_LOS {
            edits.push(Context::edit(
                EditName::ProcedureInconsistentWithLos,
                Severity::Error,
                &[code],
                format!(
                    "{code} (ventilation over 96 consecutive hours) needs a stay of more than four days; this stay is {} day(s)",
                    c.claim.length_of_stay()
                ),
            ));
        }
        if !obstetric_done
            && flags.any(Flags::CESAREAN | Flags::VAGINAL_DELIVERY)
            && !c.sdx_flags.has(Flags::DELIVERY_OUTCOME)
        {
            obstetric_done = true;
            edits.push(Context::edit(
                EditName::QuestionableObstetricAdmission,
                Severity::Warning,
                &[code],
                format!(
                    "{code} is a delivery procedure but no outcome-of-delivery code (Z37.-) is a secondary diagnosis"
                ),
            ));
        }
    }
}

/// The first valid diagnosis carrying `flag`.
fn dx_with<'a>(c: &Context<'a>, flag: Flags) -> Option<&'a str> {
    c.dx.iter()
        .find(|(_, f)| f.is_some_and(|f| f.has(flag)))
        .map(|(code, _)| *code)
}

/// Non-covered and limited-coverage edits of one procedure. A procedure
/// found non-covered is not also reported as limited coverage.
fn coverage_edits(c: &Context, code: &str, flags: Flags, edits: &mut Vec<Edit>) {
    let non_covered = |reason: String, codes: &[&str]| {
        Context::edit(
            EditName::NonCovered,
            Severity::Warning,
            codes,
            format!("{code} is not covered by Medicare {reason}"),
        )
    };
    let limited = |reason: &str, codes: &[&str]| {
        Context::edit(
            EditName::LimitedCoverage,
            Severity::Warning,
            codes,
            format!("{code} has limited Medicare coverage{reason}: the claim goes to review"),
        )
    };
    let mut found = Vec::new();
    if flags.has(Flags::NONCOVERED) {
        found.push(non_covered("(a non-covered procedure)".into(), &[code]));
    }
    for pair in [Flags::NCOV6, Flags::NCOV7, Flags::NCOV_Z302] {
        if let Some(dx) = flags.has(pair).then(|| dx_with(c, pair)).flatten() {
            found.push(non_covered(
                format!("with the diagnosis {}", dotted(dx)),
                &[code, dx],
            ));
        }
    }
    if flags.has(Flags::NCOV45)
        && !c.dx_flags.has(Flags::DIABETES_TYPE_1)
        && !c.px_flags.has(Flags::KIDNEY_TRANSPLANT)
    {
        found.push(non_covered(
            "without a type 1 diabetes diagnosis or a kidney transplant on the same claim".into(),
            &[code],
        ));
    }
    if flags.has(Flags::NCOV_AGE_OVER_60) && c.claim.age > DISC_MAX_AGE {
        found.push(non_covered(
            format!(
                "for patients over {DISC_MAX_AGE}; the patient is {}",
                c.claim.age
            ),
            &[code],
        ));
    }
    let heart_pair = flags
        .has(Flags::ARTIFICIAL_HEART_A)
        .then(|| {
            c.px.iter()
                .find(|(_, f)| f.is_some_and(|f| f.has(Flags::ARTIFICIAL_HEART_B)))
        })
        .flatten();
    if let Some((other, _)) = heart_pair {
        match dx_with(c, Flags::CLINICAL_TRIAL) {
            Some(trial) => found.push(limited(
                " (artificial heart, in a clinical trial)",
                &[code, other, trial],
            )),
            None => found.push(non_covered(
                format!(
                    "together with {other} (artificial heart) outside a clinical trial (Z00.6)"
                ),
                &[code, other],
            )),
        }
    }
    if found.is_empty() && flags.has(Flags::LCOV) {
        found.push(limited("", &[code]));
    }
    edits.extend(found);
}
