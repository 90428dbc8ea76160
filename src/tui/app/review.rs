//! The review screens' keys: claim the next review (from the queue), the
//! decisions on it (agree, POA, delete, and the decision form that changes
//! a code to another, adds one or deletes with a comment), close it; the
//! review outcomes screen (the coder's outcomes and one rebuttal, an
//! auditor's answer). Their drawing and the logic per key live in
//! `tui::review`; the workbench lends its backend for each write. The
//! form's code search is the workspace's: the same worker, its requests
//! tagged ([`crate::tui::review::form::SEARCH_TAG`]) so answers find the
//! form and only the newest counts.

use super::*;
use crate::domain::people::Role;
use crate::tui::review::outcomes::{self, OutcomesScreen, Writing};
use crate::tui::review::{ReviewKey, ReviewScreen};

/// The review screen's text field with focus (the decision form's), if any.
pub(super) fn review_text(r: &mut ReviewScreen) -> Option<&mut LineEdit> {
    r.form.as_mut().and_then(|f| f.text_mut())
}

impl App {
    /// A coder with review outcomes not yet seen is told how to see them
    /// (one count query, at open).
    pub(super) fn outcome_notice(&mut self) {
        if self.workbench.role() != Some(Role::Coder) {
            return;
        }
        let key = self.keymap.key(Action::ReviewOutcomes);
        match self.workbench.unseen_review_outcomes() {
            Ok(0) | Err(_) => {}
            Ok(n) => self.info(&format!(
                "{n} review outcome{} to see: {key} (or chartq review outcomes --unseen)",
                if n == 1 { "" } else { "s" }
            )),
        }
    }

    /// Claims the next sampled chart and opens the review screen; a coder
    /// is told reviews are not theirs, an empty list says so.
    pub(super) fn open_review(&mut self) {
        if !matches!(
            self.workbench.role(),
            Some(Role::Auditor | Role::Supervisor | Role::Admin)
        ) {
            return self.error(format!(
                "reviews are worked by auditors, supervisors and admins; \
                 a coder sees outcomes with {}",
                self.keymap.key(Action::ReviewOutcomes)
            ));
        }
        match self.workbench.claim_review() {
            Ok(Some(screen)) => self.overlay = Some(Overlay::Review(Box::new(screen))),
            Ok(None) => self.info("nothing to review: no open sampled chart"),
            Err(e) => self.error(format!("review: {e}")),
        }
    }

    /// Help or the palette over a review screen: the screen is kept and
    /// comes back when they close.
    fn park_review(&mut self) -> bool {
        self.parked_review = self.overlay.take();
        false
    }

    /// The screen's keys; it takes every key while open but the global
    /// ones (help, palette, quit...).
    pub(super) fn review_action(&mut self, action: Action) -> bool {
        use Action::*;
        if matches!(&self.overlay, Some(Overlay::Review(r)) if r.form.is_some()) {
            return self.review_form_action(action);
        }
        let key = match action {
            Up => ReviewKey::Up,
            Down => ReviewKey::Down,
            NextDocument => ReviewKey::NextDocument,
            ReviewAgree => ReviewKey::Agree,
            ReviewPoa => ReviewKey::Poa,
            ReviewDelete => ReviewKey::Delete,
            ReviewReason => ReviewKey::Reason,
            ReviewClose => ReviewKey::Close,
            ReviewRelease => ReviewKey::Release,
            ReviewChange => ReviewKey::Change,
            ReviewAdd => ReviewKey::Add,
            ReviewDeleteWhy => ReviewKey::DeleteWhy,
            Back => return self.close_review(),
            Help | Palette => return self.park_review(),
            Quit | ForceQuit | Suspend | Theme | Mask => return false,
            _ => return true,
        };
        let Some(Overlay::Review(screen)) = self.overlay.as_mut() else {
            return false;
        };
        self.workbench.review_key(screen, key);
        true
    }

    /// The decision form's keys: fields, hits and choices, line editing,
    /// Enter records, Back leaves the form (nothing recorded).
    fn review_form_action(&mut self, action: Action) -> bool {
        use Action::*;
        if let Some(edit) = Edit::for_action(action) {
            self.edit_field(|field| field.apply(edit));
            return true;
        }
        let Some(Overlay::Review(screen)) = self.overlay.as_mut() else {
            return false;
        };
        let Some(form) = screen.form.as_mut() else {
            return false;
        };
        match action {
            ReviewFieldNext => form.step(true),
            ReviewFieldPrev => form.step(false),
            Up => form.cycle(false),
            Down => form.cycle(true),
            Submit => match self.workbench.review_backend() {
                Some((backend, actor)) => crate::tui::review::record(backend, actor, screen),
                None => screen.message = Some("no reviews here".into()),
            },
            Back => {
                screen.form = None;
                screen.message = Some("nothing recorded".into());
            }
            Help | Palette => return self.park_review(),
            ForceQuit | Suspend => return false,
            _ => {}
        }
        true
    }

    /// The form's query (or another field) changed: ask the search worker
    /// for the newest query.
    pub(super) fn review_field_edited(&mut self) {
        let Some(Overlay::Review(screen)) = self.overlay.as_mut() else {
            return;
        };
        let Some(form) = screen.form.as_mut() else {
            return;
        };
        if let Some(request) = form.edited()
            && let Some(tx) = &self.search_tx
            && tx.send(request).is_err()
        {
            form.search.pending = false;
        }
    }

    /// A search answer for the form (a stale one is dropped).
    pub(super) fn review_search_done(&mut self, generation: u64, hits: Vec<SearchHit>) {
        let form = match self.overlay.as_mut().or(self.parked_review.as_mut()) {
            Some(Overlay::Review(screen)) => screen.form.as_mut(),
            _ => None,
        };
        if let Some(form) = form {
            form.answer(generation, hits);
            self.dirty = true;
        }
    }

    /// A search for the decision form is out (tests wait for its answer).
    pub fn review_search_pending(&self) -> bool {
        matches!(&self.overlay, Some(Overlay::Review(r))
            if r.form.as_ref().is_some_and(|f| f.search.pending))
    }

    /// Brings back the review screen help or the palette was over, once
    /// they are closed.
    pub(super) fn unpark_review(&mut self) {
        if self.overlay.is_none()
            && let Some(screen) = self.parked_review.take()
        {
            self.overlay = Some(screen);
        }
    }

    /// Leaves the screen; a closed or released review says what became of
    /// it and the queue is read again (the chart may be audited now).
    fn close_review(&mut self) -> bool {
        let Some(Overlay::Review(screen)) = self.overlay.take() else {
            return false;
        };
        let ReviewScreen { done, detail, .. } = *screen;
        match done {
            Some(_) => {
                self.refresh_queue();
                self.info(&format!("review of {} done", detail.review.account));
            }
            None => self.info(&format!(
                "review of {} kept claimed; {} releases it",
                detail.review.account,
                self.keymap.key(Action::ReviewRelease)
            )),
        }
        true
    }

    /// Opens the review outcomes (a coder's own, now seen; auditors and up:
    /// everyone's, to answer rebuttals).
    pub(super) fn open_outcomes(&mut self) {
        let opened = match self.workbench.review_backend() {
            Some((backend, actor)) => outcomes::open(backend, actor).map_err(|e| e.to_string()),
            None => Err("no reviews here".into()),
        };
        match opened {
            Ok(screen) => {
                // The notice that sent the coder here is answered now.
                self.status = None;
                self.overlay = Some(Overlay::Outcomes(Box::new(screen)));
            }
            Err(e) => self.error(format!("review outcomes: {e}")),
        }
    }

    /// The outcomes screen's keys; with a text being written, Enter sends
    /// it and Back drops it.
    pub(super) fn outcomes_action(&mut self, action: Action) -> bool {
        use Action::*;
        if let Some(edit) = Edit::for_action(action) {
            self.edit_field(|field| field.apply(edit));
            return true;
        }
        let Some(Overlay::Outcomes(screen)) = self.overlay.as_mut() else {
            return false;
        };
        match action {
            Back if screen.writing.is_some() => screen.writing = None,
            Back => self.overlay = None,
            Submit if screen.writing.is_some() => self.send_outcome(),
            Up | Down if screen.writing.is_none() => screen.step(action == Down),
            ReviewRebut => screen.start(Writing::Rebuttal),
            ReviewAccept => screen.start(Writing::Accept),
            ReviewUphold => screen.start(Writing::Uphold),
            Help | Palette => return self.park_review(),
            Quit | ForceQuit | Suspend | Theme | Mask => return false,
            _ => {}
        }
        true
    }

    fn send_outcome(&mut self) {
        let Some(Overlay::Outcomes(screen)) = self.overlay.as_mut() else {
            return;
        };
        match self.workbench.review_backend() {
            Some((backend, actor)) => outcomes::send(backend, actor, screen),
            None => screen.message = Some("no reviews here".into()),
        }
    }

    /// The rebuttal or answer being typed stops at its length.
    pub(super) fn outcomes_edited(&mut self) {
        if let Some(Overlay::Outcomes(screen)) = self.overlay.as_mut() {
            OutcomesScreen::edited(screen);
        }
    }
}
