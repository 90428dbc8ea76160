//! The help overlay's state: how far it is scrolled, kept within the
//! help's length (the [`guide`](crate::tui::guide) builds the text).

use super::*;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HelpState {
    /// The first row shown.
    pub scroll: usize,
}

impl HelpState {
    /// Scrolls by a list key over `rows` rows of which `visible` show: the
    /// last page ends on the last row, so `G` then `k` moves at once.
    pub fn scroll_by(&mut self, action: Action, rows: usize, visible: usize) {
        let last = rows.saturating_sub(visible);
        self.scroll = step(self.scroll.min(last), last + 1, action, 10);
    }
}

impl App {
    /// The help's keys: the list keys scroll it; Enter does nothing.
    pub(super) fn help_action(&mut self, action: Action) -> bool {
        if Nav::of(action).is_none() {
            return action == Action::Submit;
        }
        let (rows, visible) = crate::tui::guide::help_rows(self, self.size);
        if let Some(Overlay::Help(help)) = self.overlay.as_mut() {
            help.scroll_by(action, rows, visible);
        }
        true
    }
}
