//! The tabular conventions checked on one claim: Excludes1 pairs, the
//! etiology/manifestation convention, and "code first" / "use additional
//! code" reminders.

use super::notes::{Holder, Instruction, TabularNotes};
use super::patterns::{CodePattern, dotted};
use crate::domain::chart::EncounterType;
use crate::domain::claim::Claim;
use crate::domain::codes::{CodeKind, NoteKind};
use crate::domain::edit::{Edit, EditName, Severity};

/// How many of an instruction's codes a message lists before "…".
const LISTED: usize = 6;

/// The tabular-convention edits of `claim` against one version's notes,
/// in claim order (by the position of the first code each concerns):
///
/// - **Excludes1** (`warning`): two codes on the claim where an Excludes1
///   note of one (its own or inherited from its category, section or
///   chapter) names the other; guideline I.A.12.a allows both when the
///   conditions are unrelated, so the coder acknowledges with a reason.
///   One edit per pair. Excludes2 and "code also" raise nothing.
/// - **manifestation_without_etiology** (`error`): a manifestation code
///   (see [`TabularNotes::is_manifestation`]) with no etiology code on the
///   claim, or sequenced before it. Not reported for the principal of an
///   inpatient claim: that is the MCE's `manifestation_as_pdx`.
/// - **code_first** / **use_additional_code** (`info`): a note on the code
///   or its category naming codes none of which is on the claim; one per
///   code per note (a manifestation's "code first" is the edit above).
///
/// On a version whose notes are borrowed every edit is at most a warning
/// and its message says so. Codes the version does not have raise nothing
/// here (the MCE's `invalid_code`).
pub fn tabular_edits(claim: &Claim, notes: &TabularNotes) -> Vec<Edit> {
    let codes: Vec<&str> = claim.diagnoses().map(|d| d.code.as_str()).collect();
    let at: Vec<Option<u32>> = codes.iter().map(|c| notes.index(c)).collect();
    let excludes: Vec<Vec<(Holder<'_>, &Instruction)>> = at
        .iter()
        .map(|&a| notes.inherited_at(a, NoteKind::Excludes1).collect())
        .collect();
    let inpatient_pdx = claim.encounter_type == EncounterType::Inpatient && claim.pdx.is_some();
    let claim = Seen { codes, at };
    let codes = &claim.codes;
    // A code repeated on the claim is checked once (the repeat is the
    // MCE's duplicate_of_pdx or a coding slip, not a second convention).
    let first: Vec<bool> = (0..codes.len())
        .map(|i| !codes[..i].contains(&codes[i]))
        .collect();
    let mut edits = Vec::new();
    for i in 0..codes.len() {
        if !first[i] {
            continue;
        }
        for j in (i + 1..codes.len()).filter(|&j| first[j]) {
            if let Some(edit) = excludes1_pair(codes, &excludes, i, j) {
                edits.push(edit);
            }
        }
        let manifestation = notes.manifestation_at(claim.at[i]);
        if manifestation && !(inpatient_pdx && i == 0) {
            edits.extend(manifestation_edit(&claim, notes, i));
        }
        edits.extend(reminders(&claim, notes, i, manifestation));
    }
    if let Some(from) = notes.notes_from() {
        for edit in &mut edits {
            cap_borrowed(edit, from);
        }
    }
    edits
}

/// The claim's diagnosis codes and where each is in the notes.
struct Seen<'a> {
    codes: Vec<&'a str>,
    at: Vec<Option<u32>>,
}

fn excludes1_pair(
    codes: &[&str],
    excludes: &[Vec<(Holder<'_>, &Instruction)>],
    i: usize,
    j: usize,
) -> Option<Edit> {
    let (a, b) = (codes[i], codes[j]);
    if a == b {
        return None;
    }
    let (holder, note) = excludes[i]
        .iter()
        .find(|(_, n)| n.names(b))
        .or_else(|| excludes[j].iter().find(|(_, n)| n.names(a)))?;
    Some(Edit {
        name: EditName::Excludes1,
        severity: Severity::Warning,
        codes: vec![a.to_string(), b.to_string()],
        message: format!(
            "{} and {} exclude each other: {} has Excludes1 \"{}\". Report both only \
             when the conditions are unrelated (guideline I.A.12.a).",
            dotted(a),
            dotted(b),
            describe(holder),
            note.text
        ),
    })
}

/// Where a code's etiology is: the codes its "code first" notes name, or,
/// when none of those is on the claim and the notes give examples or no
/// codes ("code first underlying disease, such as: …"), any other code
/// that is not itself a manifestation.
fn manifestation_edit(claim: &Seen<'_>, notes: &TabularNotes, i: usize) -> Option<Edit> {
    let codes = &claim.codes;
    let code = codes[i];
    let code_first: Vec<(Holder<'_>, &Instruction)> = notes
        .inherited_at(claim.at[i], NoteKind::CodeFirst)
        .collect();
    let open = code_first
        .iter()
        .any(|(_, n)| n.examples || n.patterns.is_empty());
    let others = || (0..codes.len()).filter(move |&j| j != i && codes[j] != code);
    let named: Vec<usize> = others()
        .filter(|&j| code_first.iter().any(|(_, n)| n.names(codes[j])))
        .collect();
    let etiology = match named.first() {
        Some(&j) => Some(j),
        None if open => others().find(|&j| !notes.manifestation_at(claim.at[j])),
        None => None,
    };
    let title = notes.title_at(claim.at[i]).unwrap_or_default();
    let instruction = code_first
        .first()
        .map(|(_, n)| format!(" Code first: \"{}\".", n.text))
        .unwrap_or_default();
    let (codes, problem) = match etiology {
        Some(j) if j < i => return None,
        Some(j) => (
            vec![code.to_string(), codes[j].to_string()],
            format!(
                "is sequenced before its etiology {}: the underlying condition is coded first",
                dotted(codes[j])
            ),
        ),
        None => (
            vec![code.to_string()],
            "has no etiology code on the claim: the underlying condition is coded first"
                .to_string(),
        ),
    };
    Some(Edit {
        name: EditName::ManifestationWithoutEtiology,
        severity: Severity::Error,
        codes,
        message: format!(
            "{} ({title}) is a manifestation code and {problem}.{instruction}",
            dotted(code)
        ),
    })
}

/// The "code first" and "use additional code" notes on the code and its
/// category (not a section's or chapter's, which are general reminders)
/// that name codes, none of which is on the claim.
fn reminders(claim: &Seen<'_>, notes: &TabularNotes, i: usize, manifestation: bool) -> Vec<Edit> {
    let codes = &claim.codes;
    let code = codes[i];
    let mut kinds = vec![NoteKind::UseAdditionalCode];
    if !manifestation {
        kinds.insert(0, NoteKind::CodeFirst);
    }
    let mut edits = Vec::new();
    for kind in kinds {
        for (holder, note) in notes.inherited_at(claim.at[i], kind) {
            let own_level = matches!(holder.kind, CodeKind::Code | CodeKind::Category);
            let missing =
                !note.patterns.is_empty() && !codes.iter().any(|c| *c != code && note.names(c));
            if own_level && missing {
                edits.push(reminder(code, holder, note));
            }
        }
    }
    edits
}

fn reminder(code: &str, holder: Holder<'_>, note: &Instruction) -> Edit {
    let (name, verb) = match note.kind {
        NoteKind::CodeFirst => (EditName::CodeFirst, "Code first"),
        _ => (EditName::UseAdditionalCode, "Use additional code"),
    };
    let condition = match (note.conditional, note.examples) {
        (true, _) => " (if applicable)",
        (false, true) => " (examples)",
        _ => "",
    };
    Edit {
        name,
        severity: Severity::Info,
        codes: vec![code.to_string()],
        message: format!(
            "{}: {verb}{condition} \"{}\" ({}); none of {} is on the claim.",
            dotted(code),
            note.text,
            describe(&holder),
            listed(&note.patterns)
        ),
    }
}

fn listed(patterns: &[CodePattern]) -> String {
    let mut names: Vec<String> = patterns
        .iter()
        .take(LISTED)
        .map(|p| p.to_string())
        .collect();
    if patterns.len() > LISTED {
        names.push("…".into());
    }
    names.join(", ")
}

fn describe(holder: &Holder<'_>) -> String {
    let what = match holder.kind {
        CodeKind::Chapter => "chapter",
        CodeKind::Section => "section",
        CodeKind::Category => "category",
        _ => "code",
    };
    format!("{what} {} {}", holder.code, holder.title)
}

fn cap_borrowed(edit: &mut Edit, from: &str) {
    if edit.severity == Severity::Error {
        edit.severity = Severity::Warning;
    }
    edit.message.push_str(&format!(
        " This version's notes are borrowed from {from}: the edit is advisory (at most a warning)."
    ));
}
