//! The coding edits where the coder works: the edits pane (a line jumps to
//! its code) and acknowledging warnings at finalize with a reason.

use super::*;

impl App {
    /// Enter on an edit: its first code selected in the codes pane, with
    /// its detail.
    pub(super) fn go_to_code(&mut self) {
        let Some(c) = self.chart.as_mut() else {
            return;
        };
        let Some(edit) = c.view.edits.get(c.edits_selected) else {
            return self.info("no edit selected");
        };
        match c.view.first_code_of(edit) {
            Some(at) => {
                c.coding_selected = at;
                c.pane = Pane::Coding;
                self.load_detail();
            }
            // A claim-level edit (a missing discharge status).
            None => self.info("this edit concerns the chart, not one of its codes"),
        }
    }

    /// The acknowledge key: on the finalize list whose only obstacles are
    /// warnings (or anywhere in the chart, checking first), asks for the
    /// reason that acknowledges them all.
    pub(super) fn acknowledge(&mut self) {
        let check = match self.overlay.take() {
            Some(Overlay::Problems(check)) => check,
            other => {
                self.overlay = other;
                let Some(id) = self.chart.as_ref().map(|c| c.view.id) else {
                    return self.error("no chart open".into());
                };
                match self.workbench.finalize_problems(id) {
                    Ok(check) => check,
                    Err(e) => return self.error(format!("finalize: {e}")),
                }
            }
        };
        if check.warnings.is_empty() || !check.blocking.is_empty() {
            let why = if check.warnings.is_empty() {
                "no warnings to acknowledge"
            } else {
                "acknowledging passes warnings only: fix the problems listed first"
            };
            self.overlay = Some(if check.is_clear() {
                Overlay::ConfirmFinalize
            } else {
                Overlay::Problems(check)
            });
            return self.error(why.into());
        }
        self.overlay = Some(Overlay::Acknowledge(Acknowledging {
            warnings: check.warnings,
            reason: LineEdit::default(),
        }));
    }

    /// Enter on the reason: finalize with the warnings acknowledged. The
    /// reason is required; without one the prompt stays.
    pub(super) fn finalize_acknowledged(&mut self, asked: Acknowledging) {
        let reason = asked.reason.as_str().trim().to_string();
        if reason.is_empty() {
            self.overlay = Some(Overlay::Acknowledge(asked));
            return self.error("acknowledging the warnings needs a reason: type it".into());
        }
        let ack = Acknowledgement {
            edits: warning_names(&asked.warnings),
            reason,
        };
        self.finalize(Some(&ack));
    }
}
