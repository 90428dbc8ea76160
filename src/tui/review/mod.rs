//! The auditor's review screen (issue 15): the coder's codes with the
//! decision on each beside the chart's documents. A key agrees, corrects
//! the POA, deletes (with the reason category the screen shows), closes or
//! releases; every key goes through the same use cases as `chartq review`
//! ([`crate::app::review`], the seam's [`ReviewStore`]), so leases,
//! checks and audit events are the CLI's.
//!
//! Self-contained for now: its own key table ([`KEYS`], shown on its help
//! line), driven by [`ReviewSession`]. Wiring it into the workbench's
//! screens (a queue entry for auditors, `[tui.keys]` names, the help
//! overlay) is left for the merge, so the coder's screens and their
//! snapshots stay as they are.

use std::time::Duration;

use crate::domain::chart::{ChartId, ChartRef};
use crate::domain::coding::Poa;
use crate::domain::people::Actor;
use crate::domain::review::ReasonCategory;
use crate::store::WorkError;
use crate::store::backend::Backend;
use crate::store::charts::Document;
use crate::store::review::{CodeEdit, ReviewChange, ReviewDecision, ReviewDetail, ReviewRow};

pub mod view;

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
        let lease = Duration::from_secs(30 * 60);
        let Some(detail) = backend.claim_review(actor, chart, lease)? else {
            return Ok(None);
        };
        let chart = ChartRef::Id(ChartId(detail.review.chart_id));
        // The documents through the audited chart view, as `chart show`.
        let documents = backend.show(actor, &chart)?.documents;
        Ok(Some(ReviewSession {
            backend,
            actor,
            chart,
            screen: ReviewScreen {
                detail,
                documents,
                selected: 0,
                document: 0,
                reason: ReasonCategory::Specificity,
                message: None,
                done: None,
            },
        }))
    }

    /// Runs one key; a refusal becomes the screen's message, never a panic.
    pub fn key(&mut self, key: ReviewKey) {
        if let Err(e) = self.run(key) {
            self.screen.message = Some(e.to_string());
        }
    }

    fn run(&mut self, key: ReviewKey) -> Result<(), WorkError> {
        let s = &mut self.screen;
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
            ReviewKey::Close => return self.close(),
            ReviewKey::Release => {
                let row = self.backend.release_review(self.actor, &self.chart)?;
                self.screen.message = Some("released".into());
                self.screen.done = Some(row);
                return Ok(());
            }
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
        let detail = self
            .backend
            .decide_review(self.actor, &self.chart, &decision)?;
        self.screen.detail = detail;
        self.screen.message = None;
        Ok(())
    }

    /// Agrees with what is undecided, then closes (DRG re-grouped).
    fn close(&mut self) -> Result<(), WorkError> {
        let undecided: Vec<String> = self
            .screen
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
            self.screen.detail = self
                .backend
                .decide_review(self.actor, &self.chart, &decision)?;
        }
        let row = crate::app::review::close(self.backend, self.actor, &self.chart)?;
        self.screen.message = Some(match row.changed {
            Some(true) => "closed: codes changed; the chart is audited".into(),
            _ => "closed: every code agreed; the chart is audited".into(),
        });
        self.screen.detail = self.backend.review(self.actor, &self.chart)?;
        self.screen.done = Some(row);
        Ok(())
    }
}
