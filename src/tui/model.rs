//! What the screens show, as plain data: the queue rows, an open chart, code
//! search hits and code detail. The TUI's [`Workbench`](super::workbench::Workbench)
//! fills these from the store; tests and snapshots build them by hand, so
//! rendering never needs a database.

use chrono::NaiveDate;

pub use crate::domain::chart::Status;
use crate::domain::codes::CodeSystem;

/// The store's id of a chart.
pub type ChartId = i64;

/// One line of the work queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueRow {
    pub id: ChartId,
    pub account: String,
    pub patient: String,
    pub encounter_type: String,
    pub date_of_service: NaiveDate,
    pub due: Option<NaiveDate>,
    pub days_waiting: i64,
    pub priority: i64,
    pub status: Status,
    pub open_queries: i64,
    /// Claimed by (or assigned to) the current user.
    pub mine: bool,
    /// Back from a provider query with an answer to read.
    pub flagged: bool,
}

/// The role of a code on a chart (the domain type).
pub use crate::domain::coding::CodeRole as Role;

/// What a user may do (coder, auditor, supervisor, admin): the store's own
/// type.
pub use crate::domain::people::Role as UserRole;

/// A code assigned to the open chart, in sequence order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assignment {
    pub system: CodeSystem,
    pub code: String,
    pub title: String,
    pub role: Role,
    /// Present-on-admission indicator: `Y`, `N`, `U`, `W` or `1`.
    pub poa: Option<Poa>,
    pub modifiers: Vec<String>,
    pub units: Option<u32>,
    /// A diagnosis on an inpatient chart exempt from POA reporting on the
    /// chart's date (`app::edit_tables::is_poa_exempt`): it takes a blank
    /// POA or `1` ([`next_poa`]).
    pub poa_exempt: bool,
}

/// Present-on-admission indicators: the domain's.
pub use crate::domain::coding::Poa;

/// The POA indicators in the order the cycle key steps through them.
pub const POA_CYCLE: [Option<Poa>; 6] = [
    None,
    Some(Poa::Y),
    Some(Poa::N),
    Some(Poa::U),
    Some(Poa::W),
    Some(Poa::Exempt),
];

/// The POA cycle of a POA-exempt code: what it may carry (blank, `1`)
/// first, the rest (where `Y` is a warning) after.
pub const POA_CYCLE_EXEMPT: [Option<Poa>; 6] = [
    None,
    Some(Poa::Exempt),
    Some(Poa::Y),
    Some(Poa::N),
    Some(Poa::U),
    Some(Poa::W),
];

/// The POA rule of the codes pane, in one place. A code is assigned with
/// a blank POA, exempt or not (never `Y` by default: on an exempt code
/// that is a warning); the cycle key then steps from the current
/// indicator to the next of [`POA_CYCLE`], or of [`POA_CYCLE_EXEMPT`] for
/// a code exempt on the chart's date, so an exempt code reaches `1`
/// first.
pub fn next_poa(current: Option<Poa>, exempt: bool) -> Option<Poa> {
    let cycle = if exempt {
        &POA_CYCLE_EXEMPT
    } else {
        &POA_CYCLE
    };
    let at = cycle.iter().position(|p| *p == current).unwrap_or(0);
    cycle[(at + 1) % cycle.len()]
}

/// One clinical document of a chart (text already sanitized).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    pub kind: String,
    pub author: String,
    pub time: String,
    pub text: String,
}

/// A provider query as the chart shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderQuerySummary {
    pub id: i64,
    pub provider: String,
    pub question: String,
    pub status: String,
    pub response: Option<String>,
    /// The provider the answer is attributed to (chartq has no provider
    /// identity: someone types the reply in for them).
    pub answered_by: Option<String>,
    /// The chartq user who typed the answer in.
    pub entered_by: Option<String>,
}

impl ProviderQuerySummary {
    /// `query #3 answered by Dr. Lo (entered by ana): Angina`, or `None`
    /// while unanswered.
    pub fn answer_line(&self) -> Option<String> {
        let response = self.response.as_deref()?;
        let provider = self.answered_by.as_deref().unwrap_or(&self.provider);
        let entered = match self.entered_by.as_deref() {
            Some(login) => format!(" (entered by {login})"),
            None => String::new(),
        };
        Some(format!(
            "query #{} answered by {provider}{entered}: {response}",
            self.id
        ))
    }
}

/// An open chart: what the workspace shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartView {
    pub id: ChartId,
    pub account: String,
    pub mrn: String,
    pub patient: String,
    pub dob: Option<NaiveDate>,
    pub sex: String,
    pub encounter_type: String,
    pub inpatient: bool,
    /// The date that picks the code-set version (discharge date for
    /// inpatients, else the date of service).
    pub coding_date: NaiveDate,
    pub attending: String,
    pub status: Status,
    /// The current user holds the lease: coding actions are allowed.
    pub mine: bool,
    pub documents: Vec<Document>,
    pub assignments: Vec<Assignment>,
    pub provider_queries: Vec<ProviderQuerySummary>,
    /// The coding edits on the chart's codes as they stand, in claim order
    /// (recomputed with every refresh).
    pub edits: Vec<Edit>,
    /// Why the edits could not run (no MCE table for the discharge date),
    /// when they could not.
    pub edits_unchecked: Option<String>,
    /// The working MS-DRG grouping of the codes as they stand (regrouped
    /// with the edits on every change); `None` for an outpatient chart.
    pub grouping: Option<GroupOutcome>,
    /// The MS-DRG stored when the chart was finalized (and its original).
    pub final_drg: Option<ChartDrg>,
}

/// The MS-DRG words the workspace shows: the domain's.
pub use crate::domain::drg::{CcLevel, GroupOutcome, GroupedRole, HacStatus};
/// A finalized chart's stored DRG: the store's.
pub use crate::store::chart_drg::ChartDrg;

/// A coding edit, the acknowledgement of warnings at finalize: the
/// domain's.
pub use crate::domain::edit::{Acknowledgement, Edit, EditName, Severity as EditSeverity};

/// The character that marks an edit's severity wherever edits show (the
/// edits panel, the codes pane), so it reads without colour (`NO_COLOR`,
/// the mono theme): `✗` error, `!` warning, `i` info.
pub fn edit_glyph(severity: EditSeverity) -> char {
    match severity {
        EditSeverity::Error => '✗',
        EditSeverity::Warning => '!',
        EditSeverity::Info => 'i',
    }
}

impl ChartView {
    /// The worst severity among the edits that concern `code` (written
    /// with or without its dot), `None` when none does.
    pub fn worst_edit(&self, code: &str) -> Option<EditSeverity> {
        let key = crate::domain::codes::lookup_key(code);
        self.edits
            .iter()
            .filter(|e| e.codes.iter().any(|c| lookup_key_eq(c, &key)))
            .map(|e| e.severity)
            .min()
    }

    /// How many edits of `severity` the chart carries.
    pub fn edit_count(&self, severity: EditSeverity) -> usize {
        self.edits.iter().filter(|e| e.severity == severity).count()
    }

    /// The position in the codes pane of the first code `edit` concerns.
    pub fn first_code_of(&self, edit: &Edit) -> Option<usize> {
        edit.codes.iter().find_map(|c| {
            self.assignments
                .iter()
                .position(|a| lookup_key_eq(c, &crate::domain::codes::lookup_key(&a.code)))
        })
    }
}

/// How a code counts for MS-DRG severity, as the codes pane marks it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CcMarkOf {
    pub level: CcLevel,
    /// The principal (or the DRG's own rule, or a HAC not present on
    /// admission) cancels it: it does not count.
    pub excluded: bool,
}

impl CcMarkOf {
    /// The character the codes pane shows: `M` MCC, `C` CC, lower case
    /// (`m`, `c`) when it does not count; readable without colour.
    pub fn glyph(self) -> char {
        let upper = match self.level {
            CcLevel::Mcc => 'M',
            CcLevel::Cc => 'C',
            CcLevel::None => ' ',
        };
        if self.excluded {
            upper.to_ascii_lowercase()
        } else {
            upper
        }
    }
}

impl ChartView {
    /// The CC/MCC mark of secondary diagnosis `code` (with or without its
    /// dot) under the working grouping, or v44's lists; `None` for a code
    /// that is neither, and for the principal (its own level is no CC).
    pub fn cc_mark(&self, code: &str) -> Option<CcMarkOf> {
        let key = crate::domain::codes::lookup_key(code);
        let mark = match self.grouping.as_ref()? {
            GroupOutcome::Grouped(g) => g
                .codes
                .iter()
                .find(|c| c.role == GroupedRole::Secondary && lookup_key_eq(&c.code, &key))
                .map(|c| CcMarkOf {
                    level: c.level,
                    excluded: c.excluded || c.hac == HacStatus::NotCounted,
                })?,
            GroupOutcome::ListsOnly { marks, .. } => marks
                .iter()
                .find(|m| lookup_key_eq(&m.code, &key))
                .map(|m| CcMarkOf {
                    level: m.level,
                    excluded: false,
                })?,
            GroupOutcome::NotGroupable(_) => return None,
        };
        (mark.level != CcLevel::None).then_some(mark)
    }
}

fn lookup_key_eq(code: &str, key: &str) -> bool {
    crate::domain::codes::lookup_key(code) == key
}

/// One code search result (code, title, billable, matched byte ranges of
/// the title): the search index's own type.
pub use crate::search::Hit as SearchHit;

/// What the code detail pane shows: the store's own detail (title,
/// hierarchy, notes with the inherited ones marked, 7th characters).
pub use crate::store::code_tables::CodeDetail;

/// What the coder asks a provider; the store adds the two compliant options
/// ("Other (please specify)", "Unable to determine").
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProviderQueryDraft {
    pub provider: String,
    pub question: String,
    pub options: Vec<String>,
}

/// The options every stored provider query carries besides the coder's own.
pub const COMPLIANT_OPTIONS: [&str; 2] = ["Other (please specify)", "Unable to determine"];

/// Completes an ICD-10-CM `code` with a 7th character, padding it with the
/// placeholder `X` to six characters first (`S02.2` + `A` → `S02.2XXA`,
/// `T36.0X1` + `D` → `T36.0X1D`).
pub fn complete_seventh(code: &str, seventh: char) -> String {
    let mut key: String = code.chars().filter(|c| *c != '.').collect();
    while key.len() < 6 {
        key.push('X');
    }
    key.truncate(6);
    key.push(seventh.to_ascii_uppercase());
    format!("{}.{}", &key[..3], &key[3..])
}

/// The code row `index` of `detail`'s 7th-character picker assigns. A
/// category (`S72.001`) is completed; a code that already carries a 7th
/// character (`S72.001A`, found by search) has it replaced, so picking
/// `B` there gives `S72.001B`, not the code on screen. `None` when the
/// code takes no 7th character or the row does not exist.
pub fn picked_code(detail: &CodeDetail, index: usize) -> Option<String> {
    let seventh = detail.seventh_characters.get(index)?;
    let has_seventh = crate::domain::codes::lookup_key(&detail.code).len() == 7;
    if detail.billable && !has_seventh {
        return None;
    }
    Some(complete_seventh(
        &detail.code,
        seventh.character.chars().next().unwrap_or('X'),
    ))
}

/// The picker row matching the 7th character `detail`'s code already
/// carries (0 for a category), so the picker opens on the code the coder
/// chose and Enter without moving keeps it.
pub fn own_seventh(detail: &CodeDetail) -> usize {
    let key = crate::domain::codes::lookup_key(&detail.code);
    if key.len() != 7 {
        return 0;
    }
    let last = &key[6..];
    detail
        .seventh_characters
        .iter()
        .position(|s| s.character.eq_ignore_ascii_case(last))
        .unwrap_or(0)
}

/// `"Jane Q Doe"` → `"J*** D**"`: initials stay so a coder can still
/// match the chart to a phone call, the rest is hidden.
pub fn mask_name(name: &str) -> String {
    let words: Vec<&str> = name.split_whitespace().collect();
    let keep: Vec<&str> = match words.as_slice() {
        [] => return String::new(),
        [one] => vec![one],
        [first, .., last] => vec![first, last],
    };
    keep.iter()
        .map(|w| {
            let mut chars = w.chars();
            let first = chars.next().unwrap_or('*');
            std::iter::once(first)
                .chain(chars.map(|_| '*'))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seventh_character_pads_with_placeholder() {
        assert_eq!(complete_seventh("S72.001", 'a'), "S72.001A");
        assert_eq!(complete_seventh("T36.0X1", 'D'), "T36.0X1D");
        assert_eq!(complete_seventh("S02.2", 'A'), "S02.2XXA");
        assert_eq!(complete_seventh("S22", 'A'), "S22.XXXA");
    }

    #[test]
    fn the_poa_cycle_of_an_exempt_code_reaches_1_first() {
        assert_eq!(next_poa(None, false), Some(Poa::Y));
        assert_eq!(next_poa(Some(Poa::Exempt), false), None);
        assert_eq!(next_poa(None, true), Some(Poa::Exempt));
        assert_eq!(next_poa(Some(Poa::Exempt), true), Some(Poa::Y));
        assert_eq!(next_poa(Some(Poa::W), true), None);
    }

    #[test]
    fn masking_keeps_initials_only() {
        assert_eq!(mask_name("Jane Q Doe"), "J*** D**");
        assert_eq!(mask_name("Cher"), "C***");
        assert_eq!(mask_name("  "), "");
    }
}
