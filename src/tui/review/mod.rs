//! The auditor's review screen (issue 15): the coder's codes with the
//! decision on each beside the chart's documents. A key agrees, corrects
//! the POA, deletes (with the reason category the screen shows), closes or
//! releases; every key goes through the same use cases as `chartq review`
//! ([`crate::app::review`], the seam's [`ReviewStore`]), so leases,
//! checks and audit events are the CLI's.
//!
//! In the workbench the queue's `review` action (key `V`) claims a review
//! ([`open`]) and keeps the [`ReviewScreen`] as an overlay; each key is an
//! action of [`crate::tui::action::Scope::Review`], run by [`apply`] with
//! the workbench's backend, so the keys are in the help and the palette.
//! [`ReviewSession`] and [`KEYS`] drive the same logic on their own (a
//! borrowed backend, single-letter keys) for scripts and tests.

use std::time::Duration;

use chrono::NaiveDate;

use crate::domain::chart::{ChartId, ChartRef};
use crate::domain::coding::Poa;
use crate::domain::people::Actor;
use crate::domain::review::ReasonCategory;
use crate::store::WorkError;
use crate::store::backend::Backend;
use crate::store::charts::Document;
use crate::store::review::{CodeEdit, ReviewChange, ReviewDecision, ReviewDetail, ReviewRow};

pub mod form;
pub mod outcomes;
pub mod outcomes_view;
pub mod view;

use form::{DecisionForm, FormKind};

/// What a key on the review screen does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewKey {
    Up,
    Down,
    /// Agree with the selected code.
    Agree,
    /// Cycle the selected code's POA (Y N U W 1), a change for reason POA.
    Poa,
    /// Delete the selected code, for the reason shown.
    Delete,
    /// Cycle the reason category the next change or deletion gets.
    Reason,
    /// Agree with every undecided code and close the review.
    Close,
    /// Give the review back to the queue.
    Release,
    /// Scroll the documents.
    NextDocument,
    /// Change the selected code to another code (and its role, POA,
    /// sequence, modifiers): opens the decision form.
    Change,
    /// Add a code the coder missed: opens the decision form.
    Add,
    /// Delete the selected code with a reason and comment: the form.
    DeleteWhy,
}

/// The screen's keys: key, action, help. The help line is built from it.
pub const KEYS: &[(char, ReviewKey, &str)] = &[
    ('k', ReviewKey::Up, "up"),
    ('j', ReviewKey::Down, "down"),
    ('a', ReviewKey::Agree, "agree"),
    ('p', ReviewKey::Poa, "POA"),
    ('d', ReviewKey::Delete, "delete"),
    ('r', ReviewKey::Reason, "reason"),
    ('n', ReviewKey::NextDocument, "next doc"),
    ('e', ReviewKey::Change, "change"),
    ('+', ReviewKey::Add, "add"),
    ('D', ReviewKey::DeleteWhy, "delete why"),
    ('c', ReviewKey::Close, "close"),
    ('x', ReviewKey::Release, "release"),
];

/// The key bound to `c`, if any.
pub fn key_for(c: char) -> Option<ReviewKey> {
    KEYS.iter().find(|(k, _, _)| *k == c).map(|(_, a, _)| *a)
}

/// What the screen shows: the review, the chart's documents, the
/// selection, the reason a change gets, and the last message.
#[derive(Debug, Clone)]
pub struct ReviewScreen {
    pub detail: ReviewDetail,
    pub documents: Vec<Document>,
    pub selected: usize,
    pub document: usize,
    pub reason: ReasonCategory,
    pub message: Option<String>,
    /// Set once the review is closed or released.
    pub done: Option<ReviewRow>,
    /// The chart's date of service (what a new code must be valid on).
    pub date: NaiveDate,
    /// The decision being written (change, add, delete with a comment).
    pub form: Option<DecisionForm>,
}

/// An auditor's session on one claimed review.
pub struct ReviewSession<'a> {
    pub backend: &'a mut dyn Backend,
    pub actor: &'a Actor,
    pub chart: ChartRef,
    pub screen: ReviewScreen,
}

impl<'a> ReviewSession<'a> {
    /// Claims the next review (or the one of `chart`) and opens its screen;
    /// `None` when there is nothing to review.
    pub fn claim(
        backend: &'a mut dyn Backend,
        actor: &'a Actor,
        chart: Option<&ChartRef>,
    ) -> Result<Option<ReviewSession<'a>>, WorkError> {
        let Some(screen) = open(backend, actor, chart)? else {
            return Ok(None);
        };
        let chart = screen.chart();
        Ok(Some(ReviewSession {
            backend,
            actor,
            chart,
            screen,
        }))
    }

    /// Runs one key; a refusal becomes the screen's message, never a panic.
    pub fn key(&mut self, key: ReviewKey) {
        apply(self.backend, self.actor, &mut self.screen, key);
    }

    /// Records the open decision form ([`record`]).
    pub fn record(&mut self) {
        record(self.backend, self.actor, &mut self.screen);
    }
}

impl ReviewScreen {
    /// The reviewed chart, as the seam names it.
    pub fn chart(&self) -> ChartRef {
        ChartRef::Id(ChartId(self.detail.review.chart_id))
    }
}

/// Claims the next review (or the one of `chart`) and reads its screen;
/// `None` when there is nothing to review. The workbench keeps the screen
/// and lends its backend per key ([`apply`]).
pub fn open(
    backend: &mut dyn Backend,
    actor: &Actor,
    chart: Option<&ChartRef>,
) -> Result<Option<ReviewScreen>, WorkError> {
    let lease = Duration::from_secs(30 * 60);
    let Some(detail) = backend.claim_review(actor, chart, lease)? else {
        return Ok(None);
    };
    let chart = ChartRef::Id(ChartId(detail.review.chart_id));
    // The documents through the audited chart view, as `chart show`.
    let shown = backend.show(actor, &chart)?;
    Ok(Some(ReviewScreen {
        detail,
        documents: shown.documents,
        date: shown.chart.date_of_service,
        form: None,
        selected: 0,
        document: 0,
        reason: ReasonCategory::Specificity,
        message: None,
        done: None,
    }))
}

/// Runs one key on `screen` through `backend`; a refusal becomes the
/// screen's message, never a panic.
pub fn apply(backend: &mut dyn Backend, actor: &Actor, screen: &mut ReviewScreen, key: ReviewKey) {
    if let Err(e) = run(backend, actor, screen, key) {
        screen.message = Some(e.to_string());
    }
}

fn run(
    backend: &mut dyn Backend,
    actor: &Actor,
    s: &mut ReviewScreen,
    key: ReviewKey,
) -> Result<(), WorkError> {
    if open_form(s, key) {
        return Ok(());
    }
    let chart = s.chart();
    let count = s.detail.codes.len();
    let selected = s.detail.codes.get(s.selected).cloned();
    let code = selected
        .as_ref()
        .and_then(|c| c.original.as_ref().or(c.reviewed.as_ref()))
        .map(|l| l.code.clone());
    let change = match key {
        ReviewKey::Up => {
            s.selected = s.selected.saturating_sub(1);
            return Ok(());
        }
        ReviewKey::Down => {
            s.selected = (s.selected + 1).min(count.saturating_sub(1));
            return Ok(());
        }
        ReviewKey::NextDocument => {
            s.document = (s.document + 1) % s.documents.len().max(1);
            return Ok(());
        }
        ReviewKey::Reason => {
            let all = ReasonCategory::ALL;
            let at = all.iter().position(|r| *r == s.reason).unwrap_or(0);
            s.reason = all[(at + 1) % all.len()];
            return Ok(());
        }
        ReviewKey::Close => return close(backend, actor, s),
        ReviewKey::Release => {
            let row = backend.release_review(actor, &chart)?;
            s.message = Some("released".into());
            s.done = Some(row);
            return Ok(());
        }
        ReviewKey::Change | ReviewKey::Add | ReviewKey::DeleteWhy => None,
        ReviewKey::Agree => code.map(|code| (ReviewChange::Agree { code }, None)),
        ReviewKey::Delete => code.map(|code| (ReviewChange::Delete { code }, Some(s.reason))),
        ReviewKey::Poa => {
            let current = selected
                .and_then(|c| c.reviewed.or(c.original))
                .and_then(|l| l.poa);
            let next = match current {
                Some(Poa::Y) => Poa::N,
                Some(Poa::N) => Poa::U,
                Some(Poa::U) => Poa::W,
                Some(Poa::W) => Poa::Exempt,
                Some(Poa::Exempt) | None => Poa::Y,
            };
            code.map(|code| {
                let to = CodeEdit {
                    poa: Some(next),
                    ..CodeEdit::default()
                };
                (ReviewChange::Change { code, to }, Some(ReasonCategory::Poa))
            })
        }
    };
    let Some((change, reason)) = change else {
        return Ok(());
    };
    let decision = ReviewDecision {
        change,
        reason,
        comment: None,
    };
    s.detail = backend.decide_review(actor, &chart, &decision)?;
    s.message = None;
    Ok(())
}

/// The code of the coder's the selection stands on (for an added code:
/// the code as added).
fn selected_code(s: &ReviewScreen) -> Option<String> {
    let c = s.detail.codes.get(s.selected)?;
    c.original
        .as_ref()
        .or(c.reviewed.as_ref())
        .map(|l| l.code.clone())
}

/// Opens the decision form for `key` (change, add, delete with a comment);
/// `false` for any other key.
fn open_form(s: &mut ReviewScreen, key: ReviewKey) -> bool {
    let kind = match key {
        ReviewKey::Add => FormKind::Add,
        ReviewKey::Change => match selected_code(s) {
            Some(code) => FormKind::Change { code },
            None => return true,
        },
        ReviewKey::DeleteWhy => match selected_code(s) {
            Some(code) => FormKind::Delete { code },
            None => return true,
        },
        _ => return false,
    };
    s.form = Some(DecisionForm::new(kind, s.reason, s.date));
    s.message = None;
    true
}

/// Records the open form's decision, as `chartq review change|add|delete`
/// does; the form closes on success and stays, with the refusal as the
/// screen's message, otherwise.
pub fn record(backend: &mut dyn Backend, actor: &Actor, s: &mut ReviewScreen) {
    let Some(form) = s.form.as_ref() else {
        return;
    };
    let decision = match form.decision() {
        Ok(d) => d,
        Err(why) => {
            s.message = Some(why);
            return;
        }
    };
    match backend.decide_review(actor, &s.chart(), &decision) {
        Ok(detail) => {
            s.detail = detail;
            s.form = None;
            s.message = Some(match decision.change {
                ReviewChange::Add(_) => "added".into(),
                ReviewChange::Delete { .. } => "deleted".into(),
                _ => "changed".into(),
            });
        }
        Err(e) => s.message = Some(e.to_string()),
    }
}

/// Agrees with what is undecided, then closes (DRG re-grouped).
fn close(backend: &mut dyn Backend, actor: &Actor, s: &mut ReviewScreen) -> Result<(), WorkError> {
    let chart = s.chart();
    let undecided: Vec<String> = s
        .detail
        .codes
        .iter()
        .filter(|c| c.decision.is_none())
        .filter_map(|c| c.original.as_ref().map(|o| o.code.clone()))
        .collect();
    for code in undecided {
        let decision = ReviewDecision {
            change: ReviewChange::Agree { code },
            reason: None,
            comment: None,
        };
        s.detail = backend.decide_review(actor, &chart, &decision)?;
    }
    let row = crate::app::review::close(backend, actor, &chart)?;
    s.message = Some(match row.changed {
        Some(true) => "closed: codes changed; the chart is audited".into(),
        _ => "closed: every code agreed; the chart is audited".into(),
    });
    s.detail = backend.review(actor, &chart)?;
    s.done = Some(row);
    Ok(())
}
