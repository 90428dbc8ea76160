//! The review screen's keys: claim the next review (from the queue), the
//! decisions on it, close it. Its drawing and the logic per key live in
//! `tui::review`; the workbench runs each key with its backend.

use super::*;
use crate::domain::people::Role;
use crate::tui::review::{ReviewKey, ReviewScreen};

impl App {
    /// Claims the next sampled chart and opens the review screen; a coder
    /// is told reviews are not theirs, an empty list says so.
    pub(super) fn open_review(&mut self) {
        if !matches!(
            self.workbench.role(),
            Some(Role::Auditor | Role::Supervisor | Role::Admin)
        ) {
            return self.error(
                "reviews are worked by auditors, supervisors and admins; \
                 a coder sees outcomes with chartq review outcomes"
                    .into(),
            );
        }
        match self.workbench.claim_review() {
            Ok(Some(screen)) => self.overlay = Some(Overlay::Review(Box::new(screen))),
            Ok(None) => self.info("nothing to review: no open sampled chart"),
            Err(e) => self.error(format!("review: {e}")),
        }
    }

    /// The screen's keys; it takes every key while open but the global
    /// ones (help, palette, quit...).
    pub(super) fn review_action(&mut self, action: Action) -> bool {
        use Action::*;
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
            Back => return self.close_review(),
            Help | Palette => {
                if let Some(Overlay::Review(screen)) = self.overlay.take() {
                    self.parked_review = Some(screen);
                }
                return false;
            }
            Quit | ForceQuit | Suspend | Theme | Mask => return false,
            _ => return true,
        };
        let Some(Overlay::Review(screen)) = self.overlay.as_mut() else {
            return false;
        };
        self.workbench.review_key(screen, key);
        true
    }

    /// Brings back the review screen help or the palette was over, once
    /// they are closed.
    pub(super) fn unpark_review(&mut self) {
        if self.overlay.is_none()
            && let Some(screen) = self.parked_review.take()
        {
            self.overlay = Some(Overlay::Review(screen));
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
}
