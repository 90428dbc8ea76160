//! Finalize: the store's problems or the confirmation, finalizing, and the
//! offer of the next chart; each an overlay whose Enter this owns.

use super::*;

impl App {
    /// Enter on a finalize overlay; the list keys do nothing there.
    pub(super) fn finalize_action(&mut self, action: Action) -> bool {
        if action != Action::Submit {
            return Nav::of(action).is_some();
        }
        match self.overlay.take() {
            Some(Overlay::ConfirmFinalize) => self.finalize(),
            Some(Overlay::Finalized { .. }) => self.leave_chart(),
            // Enter closes the list of problems.
            _ => {}
        }
        true
    }

    /// `F`: the store's problems when there are any (nothing to confirm
    /// yet), otherwise the confirmation.
    pub(super) fn confirm_finalize(&mut self) {
        let Some(id) = self.chart.as_ref().map(|c| c.view.id) else {
            return;
        };
        match self.workbench.finalize_problems(id) {
            Ok(problems) if problems.is_empty() => self.overlay = Some(Overlay::ConfirmFinalize),
            Ok(problems) => self.overlay = Some(Overlay::Problems(problems)),
            Err(e) => self.error(format!("finalize: {e}")),
        }
    }

    fn finalize(&mut self) {
        let Some(c) = self.chart.as_ref() else {
            return;
        };
        let (id, account) = (c.view.id, c.view.account.clone());
        match self.workbench.finalize(id) {
            Ok(problems) if problems.is_empty() => {
                self.overlay = Some(Overlay::Finalized { account });
                self.reload_chart();
            }
            Ok(problems) => self.overlay = Some(Overlay::Problems(problems)),
            Err(e) => self.error(format!("finalize: {e}")),
        }
    }
}
