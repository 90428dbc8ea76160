//! The reports screen's keys: open it (from the queue), change tab, scroll
//! its table, close it. Its state and drawing live in `tui::reports`.

use super::*;
use crate::tui::reports::ReportsState;

impl App {
    /// Reads the reports once and opens the screen.
    pub(super) fn open_reports(&mut self) {
        match self.workbench.reports() {
            Ok(data) => self.overlay = Some(Overlay::Reports(Box::new(ReportsState::new(data)))),
            Err(e) => self.error(format!("reports: {e}")),
        }
    }

    /// The screen's keys; it takes every key while open.
    pub(super) fn reports_action(&mut self, action: Action) -> bool {
        let page = self.page() as isize;
        let Some(Overlay::Reports(s)) = self.overlay.as_mut() else {
            return false;
        };
        use Action::*;
        match action {
            NextPane | PrevPane => s.step(action == NextPane),
            Up => s.scroll_by(-1),
            Down => s.scroll_by(1),
            PageUp => s.scroll_by(-page),
            PageDown => s.scroll_by(page),
            Top => s.scroll = 0,
            Bottom => s.scroll_by(isize::MAX / 2),
            Back => self.overlay = None,
            Help | Palette | Quit | ForceQuit | Suspend | Theme | Mask => return false,
            _ => {}
        }
        true
    }
}
