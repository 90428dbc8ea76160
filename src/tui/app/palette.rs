//! The command palette overlay: what is typed, the highlighted match, and
//! Enter, which runs the typed [`Command`] the palette's parser makes of it.

use super::*;
use crate::tui::palette::{matches, parse};

#[derive(Debug, Clone, Default)]
pub struct PaletteState {
    pub input: LineEdit,
    /// The highlighted entry among [`matches`] of the input.
    pub selected: usize,
}

impl App {
    /// The palette's keys: the list keys move the highlight, Enter runs.
    pub(super) fn palette_action(&mut self, action: Action) -> bool {
        let Some(Overlay::Palette(p)) = self.overlay.as_mut() else {
            return false;
        };
        if action == Action::Submit {
            let (input, selected) = (p.input.to_string(), p.selected);
            self.overlay = None;
            // A command typed over the review screen runs on it.
            self.unpark_review();
            match parse(&input, selected) {
                Ok(command) => self.run(command),
                Err(e) => self.error(e),
            }
            return true;
        }
        if Nav::of(action).is_none() {
            return false;
        }
        let n = matches(p.input.as_str()).len();
        p.selected = step(p.selected, n, action, 5);
        true
    }
}
