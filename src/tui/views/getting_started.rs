//! The getting-started screens (a database without charts, one without
//! users); their text is the [`guide`](crate::tui::guide)'s, generated from
//! live data.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;

use super::pane_block;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::guide;

/// The queue screen of a database with no charts.
pub fn render_first_run(frame: &mut Frame, app: &App, area: Rect) {
    let title = format!(
        " Getting started · {} reloads · {} help ",
        app.keymap.key(Action::Refresh),
        app.keymap.key(Action::Help)
    );
    let block = pane_block(app, &title, true);
    let width = block.inner(area).width as usize;
    frame.render_widget(
        Paragraph::new(guide::getting_started(app, width)).block(block),
        area,
    );
}

/// The screen of a database with no users.
pub fn render_no_users(frame: &mut Frame, app: &App, area: Rect) {
    let title = format!(
        " chartq · no users yet · {} help · {} quits ",
        app.keymap.key(Action::Help),
        app.keymap.key(Action::Quit)
    );
    let block = pane_block(app, &title, true);
    let width = block.inner(area).width as usize;
    frame.render_widget(
        Paragraph::new(guide::getting_started(app, width)).block(block),
        area,
    );
}
