//! The review outcomes screen: the closed reviews of the coder's charts
//! (an auditor, supervisor or admin: everyone's), each with the auditor's
//! decision per code, its reason and comment, the DRG before and after and
//! any rebuttal with its answer. The coder rebuts a review that changed
//! something, once, in a bounded text field; an auditor accepts or upholds
//! an open rebuttal with an optional comment. Every write is the seam's
//! ([`crate::store::backend::ReviewStore`]), as `chartq review
//! outcomes|rebut|answer` calls it, so who may and the audit events are
//! the CLI's. Opening the screen marks the coder's outcomes seen, as
//! `chartq review outcomes` does.

use crate::domain::chart::{ChartId, ChartRef};
use crate::domain::people::Actor;
use crate::domain::review::RebuttalStatus;
use crate::store::WorkError;
use crate::store::backend::Backend;
use crate::store::review::ReviewDetail;
use crate::tui::line_edit::LineEdit;

use super::form::COMMENT_MAX;

/// The longest rebuttal the screen takes (characters); typing stops there.
pub const REBUTTAL_MAX: usize = 2000;

/// What the text field at the bottom is being written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writing {
    /// The coder's one rebuttal.
    Rebuttal,
    /// The auditor accepts the rebuttal (an optional comment).
    Accept,
    /// The auditor upholds the review (an optional comment).
    Uphold,
}

impl Writing {
    /// The field's label.
    pub fn label(self) -> &'static str {
        match self {
            Writing::Rebuttal => "rebuttal",
            Writing::Accept => "accept, comment",
            Writing::Uphold => "uphold, comment",
        }
    }

    /// How long the text may be.
    pub fn max(self) -> usize {
        match self {
            Writing::Rebuttal => REBUTTAL_MAX,
            Writing::Accept | Writing::Uphold => COMMENT_MAX,
        }
    }
}

/// What the screen shows.
#[derive(Debug, Clone)]
pub struct OutcomesScreen {
    /// Newest first.
    pub outcomes: Vec<ReviewDetail>,
    pub selected: usize,
    /// The text being written, and what for.
    pub writing: Option<(Writing, LineEdit)>,
    pub message: Option<String>,
}

/// Reads the actor's outcomes (a coder: their own, now marked seen).
pub fn open(backend: &mut dyn Backend, actor: &Actor) -> Result<OutcomesScreen, WorkError> {
    let outcomes = backend.review_outcomes(actor, None, false)?;
    let message = outcomes
        .is_empty()
        .then(|| "no review outcomes yet".to_string());
    Ok(OutcomesScreen {
        outcomes,
        selected: 0,
        writing: None,
        message,
    })
}

impl OutcomesScreen {
    /// The selected review.
    pub fn current(&self) -> Option<&ReviewDetail> {
        self.outcomes.get(self.selected)
    }

    /// Moves the selection.
    pub fn step(&mut self, forward: bool) {
        let last = self.outcomes.len().saturating_sub(1);
        self.selected = if forward {
            (self.selected + 1).min(last)
        } else {
            self.selected.saturating_sub(1)
        };
    }

    /// Starts writing for `what` on the selected review, or says why it
    /// cannot be (the store would refuse it anyway: this only spares the
    /// typing).
    pub fn start(&mut self, what: Writing) {
        let Some(r) = self.current().map(|d| &d.review) else {
            return;
        };
        let why_not = match what {
            Writing::Rebuttal if r.rebuttal.is_some() => {
                Some("this review was rebutted already (once per review)")
            }
            Writing::Rebuttal if r.changed != Some(true) => {
                Some("this review agreed with every code: nothing to rebut")
            }
            Writing::Accept | Writing::Uphold
                if r.rebuttal_status != Some(RebuttalStatus::Open) =>
            {
                Some("this review has no open rebuttal")
            }
            _ => None,
        };
        match why_not {
            Some(why) => self.message = Some(why.into()),
            None => {
                self.writing = Some((what, LineEdit::default()));
                self.message = None;
            }
        }
    }

    /// The text being written, if any.
    pub fn text_mut(&mut self) -> Option<&mut LineEdit> {
        self.writing.as_mut().map(|(_, t)| t)
    }

    /// After the text changed: it stops at its kind's length.
    pub fn edited(&mut self) {
        if let Some((what, text)) = self.writing.as_mut()
            && text.as_str().chars().count() > what.max()
        {
            let cut: String = text.as_str().chars().take(what.max()).collect();
            text.set(cut);
        }
    }
}

/// Sends what is written (the rebuttal, or the answer to one); the field
/// closes on success and stays, with the refusal as the message, otherwise.
pub fn send(backend: &mut dyn Backend, actor: &Actor, s: &mut OutcomesScreen) {
    let (Some((what, text)), Some(detail)) = (s.writing.as_ref(), s.current()) else {
        return;
    };
    let chart = ChartRef::Id(ChartId(detail.review.chart_id));
    let text = text.as_str().trim().to_string();
    let sent = match what {
        Writing::Rebuttal if text.is_empty() => {
            s.message = Some("rebuttal: say why the review is wrong".into());
            return;
        }
        Writing::Rebuttal => backend.rebut_review(actor, &chart, &text),
        Writing::Accept | Writing::Uphold => {
            let comment = Some(text.as_str()).filter(|t| !t.is_empty());
            backend.answer_rebuttal(actor, &chart, *what == Writing::Accept, comment)
        }
    };
    match sent {
        Ok(row) => {
            s.message = Some(
                match row.rebuttal_status {
                    Some(RebuttalStatus::Accepted) => "accepted: the coder's codes and DRG stand",
                    Some(RebuttalStatus::Upheld) => "upheld: the review's codes stand",
                    _ => "rebuttal sent to the auditors",
                }
                .into(),
            );
            if let Some(d) = s.outcomes.get_mut(s.selected) {
                d.review = row;
            }
            s.writing = None;
        }
        Err(e) => s.message = Some(e.to_string()),
    }
}
