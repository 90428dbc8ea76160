//! Finalize: what stands in the way (the store's problems, the edits'
//! errors, the warnings to acknowledge) or the confirmation, finalizing,
//! and the offer of the next chart; each an overlay whose keys this owns.

use super::*;

impl App {
    /// Enter (and the acknowledge key) on a finalize overlay; the list
    /// keys do nothing there; the reason prompt's line edits go to its
    /// field.
    pub(super) fn finalize_action(&mut self, action: Action) -> bool {
        match action {
            Action::Submit => {}
            Action::Acknowledge => {
                self.acknowledge();
                return true;
            }
            _ => return Nav::of(action).is_some(),
        }
        match self.overlay.take() {
            Some(Overlay::ConfirmFinalize) => self.finalize(None),
            Some(Overlay::Acknowledge(asked)) => self.finalize_acknowledged(asked),
            Some(Overlay::Finalized { .. }) => self.leave_chart(),
            // Enter closes the list of problems.
            _ => {}
        }
        true
    }

    /// `F`: what stands in the way when anything does (nothing to confirm
    /// yet), otherwise the confirmation.
    pub(super) fn confirm_finalize(&mut self) {
        let Some(id) = self.chart.as_ref().map(|c| c.view.id) else {
            return;
        };
        match self.workbench.finalize_problems(id) {
            Ok(check) if check.is_clear() => self.overlay = Some(Overlay::ConfirmFinalize),
            Ok(check) => self.overlay = Some(Overlay::Problems(check)),
            Err(e) => self.error(format!("finalize: {e}")),
        }
    }

    /// Finalizes, the warnings `ack` names acknowledged.
    pub(super) fn finalize(&mut self, ack: Option<&Acknowledgement>) {
        let Some(c) = self.chart.as_ref() else {
            return;
        };
        let (id, account) = (c.view.id, c.view.account.clone());
        match self.workbench.finalize(id, ack) {
            Ok(problems) if problems.is_empty() => {
                self.overlay = Some(Overlay::Finalized { account });
                self.reload_chart();
            }
            Ok(blocking) => {
                self.overlay = Some(Overlay::Problems(FinalizeCheck {
                    blocking,
                    warnings: Vec::new(),
                }))
            }
            Err(e) => self.error(format!("finalize: {e}")),
        }
    }
}
