//! The review screen's decision form: changing a code of the coder's to
//! another code (and its role, POA, sequence, modifiers), adding a code
//! the coder missed, or deleting one with a comment, each with the reason
//! category and the optional comment `chartq review change|add|delete`
//! takes. The new code is picked the way the coding workspace picks one:
//! typed into the one code search ([`crate::tui::worker`], which answers
//! only the newest request), its hits listed, `Up`/`Down` choosing. The
//! form builds the same [`ReviewDecision`] the CLI builds; the store checks
//! it (valid on the date of service, role, POA, modifiers).

use chrono::NaiveDate;

use crate::domain::coding::{CodeRole, Poa};
use crate::domain::review::ReasonCategory;
use crate::store::review::{CodeEdit, ReviewChange, ReviewDecision};
use crate::tui::app::{SEARCH_LIMIT, SearchState};
use crate::tui::line_edit::LineEdit;
use crate::tui::model::SearchHit;
use crate::tui::workbench::SearchRequest;

/// Marks the form's search generations, so an answer meant for the coding
/// workspace's search is never taken for the form's, nor the other way.
pub const SEARCH_TAG: u64 = 1 << 63;
/// The longest comment a decision carries (characters); typing stops there.
pub const COMMENT_MAX: usize = 500;

/// What the form records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormKind {
    /// A code of the coder's becomes what the form says.
    Change { code: String },
    /// A code the coder missed.
    Add,
    /// A code deleted, with a comment.
    Delete { code: String },
}

/// The form's fields, in their `Tab` order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormField {
    /// The new code: typed into the code search, a hit picked.
    Code,
    Role,
    Poa,
    /// The 1-based position among the reviewed codes.
    Seq,
    Modifiers,
    Reason,
    Comment,
}

impl FormField {
    /// The field's label on screen.
    pub fn label(self) -> &'static str {
        match self {
            FormField::Code => "code",
            FormField::Role => "role",
            FormField::Poa => "POA",
            FormField::Seq => "seq",
            FormField::Modifiers => "modifiers",
            FormField::Reason => "reason",
            FormField::Comment => "comment",
        }
    }
}

const EDIT_FIELDS: [FormField; 7] = [
    FormField::Code,
    FormField::Role,
    FormField::Poa,
    FormField::Seq,
    FormField::Modifiers,
    FormField::Reason,
    FormField::Comment,
];
const DELETE_FIELDS: [FormField; 2] = [FormField::Reason, FormField::Comment];

/// One decision being written.
#[derive(Debug, Clone)]
pub struct DecisionForm {
    pub kind: FormKind,
    pub field: FormField,
    /// The code search: query, hits, the picked hit, the newest request.
    pub search: SearchState,
    /// `None`: kept (a change) or the store's default (an addition).
    pub role: Option<CodeRole>,
    pub poa: Option<Poa>,
    pub seq: LineEdit,
    pub modifiers: LineEdit,
    pub reason: ReasonCategory,
    pub comment: LineEdit,
    /// The date of service the search is for.
    pub date: NaiveDate,
}

/// `current`'s neighbour in `all` with "none" before the first.
fn cycle<T: Copy + PartialEq>(all: &[T], current: Option<T>, forward: bool) -> Option<T> {
    let n = all.len() + 1;
    let at = current
        .and_then(|c| all.iter().position(|x| *x == c))
        .map_or(0, |i| i + 1);
    let next = if forward {
        (at + 1) % n
    } else {
        (at + n - 1) % n
    };
    next.checked_sub(1).map(|i| all[i])
}

impl DecisionForm {
    /// A new form of `kind`, the reason preset to `reason` (the screen's).
    pub fn new(kind: FormKind, reason: ReasonCategory, date: NaiveDate) -> DecisionForm {
        let search = SearchState {
            generation: SEARCH_TAG,
            ..SearchState::default()
        };
        let mut form = DecisionForm {
            kind,
            field: FormField::Code,
            search,
            role: None,
            poa: None,
            seq: LineEdit::default(),
            modifiers: LineEdit::default(),
            reason,
            comment: LineEdit::default(),
            date,
        };
        form.field = form.fields()[0];
        form
    }

    /// The fields this kind of decision has.
    pub fn fields(&self) -> &'static [FormField] {
        match self.kind {
            FormKind::Delete { .. } => &DELETE_FIELDS,
            _ => &EDIT_FIELDS,
        }
    }

    /// The next (or previous) field, round.
    pub fn step(&mut self, forward: bool) {
        let fields = self.fields();
        let n = fields.len();
        let at = fields.iter().position(|f| *f == self.field).unwrap_or(0);
        self.field = fields[if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        }];
    }

    /// The focused field's text, when it is typed into.
    pub fn text_mut(&mut self) -> Option<&mut LineEdit> {
        match self.field {
            FormField::Code => Some(&mut self.search.query),
            FormField::Seq => Some(&mut self.seq),
            FormField::Modifiers => Some(&mut self.modifiers),
            FormField::Comment => Some(&mut self.comment),
            FormField::Role | FormField::Poa | FormField::Reason => None,
        }
    }

    /// `Up`/`Down`: the code field picks a hit, a choice field cycles.
    pub fn cycle(&mut self, forward: bool) {
        match self.field {
            FormField::Code => {
                let last = self.search.hits.len().saturating_sub(1);
                self.search.selected = if forward {
                    (self.search.selected + 1).min(last)
                } else {
                    self.search.selected.saturating_sub(1)
                };
            }
            FormField::Role => self.role = cycle(&CodeRole::ALL, self.role, forward),
            FormField::Poa => self.poa = cycle(&Poa::ALL, self.poa, forward),
            FormField::Reason => {
                let all = ReasonCategory::ALL;
                self.reason = cycle(&all, Some(self.reason), forward).unwrap_or(all[0]);
            }
            FormField::Seq | FormField::Modifiers | FormField::Comment => {}
        }
    }

    /// After the focused text changed: a comment stops at [`COMMENT_MAX`];
    /// a changed query asks the search for the newest text (`None`: an
    /// empty query, no search).
    pub fn edited(&mut self) -> Option<SearchRequest> {
        if self.field == FormField::Comment && self.comment.as_str().chars().count() > COMMENT_MAX {
            let cut: String = self.comment.as_str().chars().take(COMMENT_MAX).collect();
            self.comment.set(cut);
        }
        if self.field != FormField::Code {
            return None;
        }
        let s = &mut self.search;
        s.generation = (s.generation + 1) | SEARCH_TAG;
        s.selected = 0;
        if s.query.as_str().trim().is_empty() {
            s.hits.clear();
            s.pending = false;
            return None;
        }
        s.pending = true;
        Some(SearchRequest {
            generation: s.generation,
            text: s.query.to_string(),
            system: None,
            limit: SEARCH_LIMIT,
            date_of_service: Some(self.date),
        })
    }

    /// The search's answer; one for an older query is dropped.
    pub fn answer(&mut self, generation: u64, hits: Vec<SearchHit>) {
        if generation != self.search.generation {
            return;
        }
        self.search.hits = hits;
        self.search.pending = false;
        self.search.selected = 0;
    }

    /// The hit picked, if any.
    pub fn picked(&self) -> Option<&SearchHit> {
        self.search.hits.get(self.search.selected)
    }

    /// The new code and its system: the picked hit, else a query typed as
    /// one code (the store checks it), else none.
    fn code(&self) -> Result<(Option<String>, Option<crate::domain::codes::CodeSystem>), String> {
        if let Some(hit) = self.picked() {
            return Ok((Some(hit.code.clone()), Some(hit.system)));
        }
        let typed = self.search.query.as_str().trim();
        match typed {
            "" => Ok((None, None)),
            t if t.contains(char::is_whitespace) => Err(format!(
                "code: no search hit for '{}'; type a code or words that find one",
                crate::domain::text::single_line(t)
            )),
            t => Ok((Some(t.to_uppercase()), None)),
        }
    }

    /// The decision as `chartq review change|add|delete` would record it,
    /// or what is missing, naming the field.
    pub fn decision(&self) -> Result<ReviewDecision, String> {
        let comment = Some(self.comment.as_str().trim())
            .filter(|c| !c.is_empty())
            .map(str::to_string);
        let change = match &self.kind {
            FormKind::Delete { code } => ReviewChange::Delete { code: code.clone() },
            FormKind::Change { code } => {
                let to = self.edit()?;
                if to == CodeEdit::default() {
                    return Err(
                        "nothing changed: pick a code, role, POA, sequence or modifiers".into(),
                    );
                }
                ReviewChange::Change {
                    code: code.clone(),
                    to,
                }
            }
            FormKind::Add => {
                let to = self.edit()?;
                if to.code.is_none() {
                    return Err("code: search for the code to add and pick it".into());
                }
                ReviewChange::Add(to)
            }
        };
        Ok(ReviewDecision {
            change,
            reason: Some(self.reason),
            comment,
        })
    }

    fn edit(&self) -> Result<CodeEdit, String> {
        let (code, system) = self.code()?;
        let seq = match self.seq.as_str().trim() {
            "" => None,
            s => Some(
                s.parse::<i64>()
                    .ok()
                    .filter(|n| *n >= 1)
                    .ok_or_else(|| format!("seq: '{s}' is not a position (1, 2, ...)"))?,
            ),
        };
        let modifiers: Vec<String> = self
            .modifiers
            .as_str()
            .split([' ', ','])
            .filter(|m| !m.is_empty())
            .map(str::to_uppercase)
            .collect();
        Ok(CodeEdit {
            code,
            system,
            role: self.role,
            poa: self.poa,
            modifiers: (!modifiers.is_empty()).then_some(modifiers),
            seq,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(kind: FormKind) -> DecisionForm {
        DecisionForm::new(
            kind,
            ReasonCategory::Specificity,
            "2026-11-02".parse().unwrap(),
        )
    }

    #[test]
    fn a_change_needs_something_changed_and_takes_a_typed_code() {
        let mut f = form(FormKind::Change {
            code: "E11.9".into(),
        });
        assert!(f.decision().unwrap_err().contains("nothing changed"));
        f.search.query.set("e11.22");
        let d = f.decision().unwrap();
        match d.change {
            ReviewChange::Change { code, to } => {
                assert_eq!(code, "E11.9");
                assert_eq!(to.code.as_deref(), Some("E11.22"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(d.reason, Some(ReasonCategory::Specificity));
        f.search.query.set("dm2 w ckd");
        assert!(f.decision().unwrap_err().starts_with("code: "));
    }

    #[test]
    fn choices_cycle_through_none_and_bad_seq_is_named() {
        let mut f = form(FormKind::Add);
        assert!(f.decision().unwrap_err().starts_with("code: "));
        f.field = FormField::Poa;
        f.cycle(true);
        assert_eq!(f.poa, Some(Poa::Y));
        f.cycle(false);
        assert_eq!(f.poa, None);
        f.cycle(false);
        assert_eq!(f.poa, Some(Poa::Exempt));
        f.field = FormField::Reason;
        f.cycle(true);
        assert_eq!(f.reason, ReasonCategory::Sequencing);
        f.search.query.set("J18.9");
        f.seq.set("0");
        assert!(f.decision().unwrap_err().starts_with("seq: '0'"));
    }

    #[test]
    fn a_delete_has_reason_and_comment_only_and_comments_are_bounded() {
        let mut f = form(FormKind::Delete {
            code: "R07.9".into(),
        });
        assert_eq!(f.field, FormField::Reason);
        f.step(true);
        assert_eq!(f.field, FormField::Comment);
        f.comment.set("x".repeat(COMMENT_MAX + 20));
        assert!(f.edited().is_none());
        assert_eq!(f.comment.as_str().len(), COMMENT_MAX);
        let d = f.decision().unwrap();
        assert_eq!(d.comment.map(|c| c.len()), Some(COMMENT_MAX));
    }

    #[test]
    fn search_generations_are_tagged_and_stale_answers_dropped() {
        let mut f = form(FormKind::Add);
        f.search.query.set("pneu");
        let first = f.edited().unwrap().generation;
        f.search.query.set("pneum");
        let second = f.edited().unwrap().generation;
        assert!(first & SEARCH_TAG != 0 && second > first);
        f.answer(first, Vec::new());
        assert!(f.search.pending);
        f.answer(second, Vec::new());
        assert!(!f.search.pending);
    }
}
