//! The MCE's diagnosis edits: each diagnosis in claim order, the
//! principal's own edits first. Conditions per CMS's "Definitions of
//! Medicare Code Edits"; where the tables' flags needed a reading, it is
//! in `docs/mce-notes.md`.

use super::flags::Flags;
use super::mce::{Context, dotted};
use crate::domain::claim::Sex;
use crate::domain::edit::{Edit, EditName, Severity};

/// Appends the diagnosis edits of the claim in `c` to `edits`.
pub(super) fn diagnosis_edits(c: &Context, edits: &mut Vec<Edit>) {
    let pdx_code = c.has_pdx.then(|| c.dx[0].0);
    for (i, &(code, flags)) in c.dx.iter().enumerate() {
        let principal = c.has_pdx && i == 0;
        let Some(flags) = flags else {
            let role = if principal { "principal" } else { "secondary" };
            edits.push(Context::edit(
                EditName::InvalidCode,
                Severity::Error,
                &[code],
                format!(
                    "{} ({role} diagnosis) is not a valid ICD-10-CM code for a discharge on {} (MCE {})",
                    dotted(code),
                    c.date,
                    c.table.label()
                ),
            ));
            if !principal && pdx_code == Some(code) {
                edits.push(duplicate(code));
            }
            continue;
        };
        if principal {
            principal_edits(c, code, flags, edits);
        } else if pdx_code == Some(code) {
            edits.push(duplicate(code));
        }
        age_conflicts(c, code, flags, edits);
        if let Some(edit) = sex_conflict(c, code, flags, "diagnosis") {
            edits.push(edit);
        }
        code_edits(code, flags, edits);
    }
}

/// A secondary diagnosis that repeats the principal (valid or not).
fn duplicate(code: &str) -> Edit {
    Context::edit(
        EditName::DuplicateOfPdx,
        Severity::Error,
        &[code],
        format!(
            "{} is reported as a secondary diagnosis and is also the principal diagnosis: remove the duplicate",
            dotted(code)
        ),
    )
}

/// Edits any diagnosis can raise wherever it sits.
fn code_edits(code: &str, flags: Flags, edits: &mut Vec<Edit>) {
    if flags.has(Flags::UNSPECIFIED) {
        edits.push(Context::edit(
            EditName::Unspecified,
            Severity::Warning,
            &[code],
            format!(
                "{} is an unspecified code: the classification has a more specific one (e.g. laterality); code it if the record documents it",
                dotted(code)
            ),
        ));
    }
    if flags.has(Flags::WRONG_PROCEDURE) {
        edits.push(Context::edit(
            EditName::WrongProcedure,
            Severity::Warning,
            &[code],
            format!(
                "{} reports a wrong procedure performed (wrong patient, site or procedure): Medicare does not pay for it; the claim goes to review",
                dotted(code)
            ),
        ));
    }
}

/// What the principal diagnosis may not be.
fn principal_edits(c: &Context, code: &str, flags: Flags, edits: &mut Vec<Edit>) {
    let d = dotted(code);
    let mut push = |name, severity, message: String| {
        edits.push(Context::edit(name, severity, &[code], message));
    };
    if flags.has(Flags::ECODE_PDX) {
        push(
            EditName::ExternalCauseAsPdx,
            Severity::Error,
            format!(
                "{d} is an external cause code: it says how an injury happened, not what it is, and cannot be the principal diagnosis"
            ),
        );
    }
    if flags.has(Flags::MANIFESTATION) {
        push(
            EditName::ManifestationAsPdx,
            Severity::Error,
            format!(
                "{d} is a manifestation code: code the underlying condition (etiology) first; a manifestation cannot be the principal diagnosis"
            ),
        );
    }
    let secondaries = c.dx.len() > 1;
    // CMS's "unacceptable principal diagnosis" edit lists the codes that
    // are acceptable with a secondary diagnosis (Z51.89): one edit, two
    // conditions.
    if flags.has(Flags::REQUIRES_SDX) {
        if !secondaries {
            push(
                EditName::UnacceptablePdx,
                Severity::Error,
                format!(
                    "{d} is acceptable as the principal diagnosis only with a secondary diagnosis that says what was treated"
                ),
            );
        }
    } else if flags.has(Flags::UNACCEPTABLE) {
        push(
            EditName::UnacceptablePdx,
            Severity::Error,
            format!(
                "{d} is not acceptable as the principal diagnosis of an inpatient stay: it does not describe the reason for admission"
            ),
        );
    }
    if flags.has(Flags::QADM) {
        push(
            EditName::QuestionableAdmission,
            Severity::Warning,
            format!(
                "{d} as the principal diagnosis is a questionable reason for an inpatient admission: the claim goes to review"
            ),
        );
    }
}

/// One `age_conflict` per age group the code belongs to whose range the
/// patient's age is outside (ranges by discharge date, `age_ranges.tsv`);
/// an invalid age is checked as reported, as CMS's editor does.
fn age_conflicts(c: &Context, code: &str, flags: Flags, edits: &mut Vec<Edit>) {
    // The age as reported, even out of range (`invalid_age` says so too).
    let age = c.claim.age;
    for (group, name) in Flags::AGE_GROUPS {
        if !flags.has(group) {
            continue;
        }
        let Some((from, to)) = c.tables.age_range(group, c.date) else {
            continue;
        };
        if (from..=to).contains(&age) {
            continue;
        }
        let ages = if from == to {
            format!("age {from} only")
        } else {
            format!("ages {from}–{to}")
        };
        edits.push(Context::edit(
            EditName::AgeConflict,
            Severity::Error,
            &[code],
            format!(
                "{} is a {name} code; the patient is {age} ({name} codes apply to {ages})",
                dotted(code)
            ),
        ));
    }
}

/// A code for one sex on a claim of another (or unknown) sex, while the
/// sex edits are in force (discharges through 2024-09-30).
pub(super) fn sex_conflict(c: &Context, code: &str, flags: Flags, what: &str) -> Option<Edit> {
    if !c.sex_edits {
        return None;
    }
    let sex = c.claim.sex.given();
    let (needed, word) = if flags.has(Flags::FEMALE) {
        (Sex::Female, "female")
    } else if flags.has(Flags::MALE) {
        (Sex::Male, "male")
    } else {
        return None;
    };
    if sex == Some(needed) {
        return None;
    }
    let shown = if what == "diagnosis" {
        dotted(code)
    } else {
        code.to_string()
    };
    let patient = match sex {
        Some(Sex::Male) => "male",
        Some(Sex::Female) => "female",
        _ => "of unknown sex",
    };
    Some(Context::edit(
        EditName::SexConflict,
        Severity::Error,
        &[code],
        format!("{shown} is a {what} for {word} patients only; the patient is {patient}"),
    ))
}
