//! The help overlay: the [`guide`](crate::tui::guide)'s help, generated
//! from the live keymap and the palette's command list, so it always says
//! what the keys really do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::{centered, clear, pane_block};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::guide::{self, HELP_WIDTH};

pub fn render(frame: &mut Frame, app: &App, scroll: usize, area: Rect) {
    let box_area = centered(area, HELP_WIDTH, area.height);
    let all = guide::help(app, box_area.width.saturating_sub(2) as usize);
    clear(frame, &app.theme, box_area);
    let visible = box_area.height.saturating_sub(2) as usize;
    // One line per row, so the last page ends on the last line.
    let scroll = scroll.min(all.len().saturating_sub(visible));
    let k = |a| app.keymap.key(a);
    let title = format!(
        " Help {}/{} · {}/{} scroll · {} or {} closes ",
        (scroll + visible).min(all.len()),
        all.len(),
        k(Action::Down),
        k(Action::Up),
        k(Action::Help),
        k(Action::Back),
    );
    frame.render_widget(
        Paragraph::new(all)
            .scroll((scroll as u16, 0))
            .block(pane_block(app, &title, true)),
        box_area,
    );
}
