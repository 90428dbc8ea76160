//! The command palette: what is typed, then the matching commands.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};

use super::{centered, clear, field, pane_block};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::line_edit::LineEdit;
use crate::tui::palette;

pub fn render(frame: &mut Frame, app: &App, input: &LineEdit, selected: usize, area: Rect) {
    let found = palette::matches(input.as_str());
    let height = (found.len() as u16 + 3).min(area.height).max(4);
    let box_area = centered(area, 70, height);
    let box_area = Rect {
        y: area.y + 1,
        ..box_area
    };
    clear(frame, &app.theme, box_area);
    let k = |a| app.keymap.key(a);
    let title = format!(
        " {} command · {} runs · {} closes ",
        k(Action::Palette),
        k(Action::Submit),
        k(Action::Back)
    );
    let block = pane_block(app, &title, true);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let mut typed = vec![Span::styled(":", app.theme.title)];
    typed.extend(field::spans(input, app.theme.base, true));
    let mut items = vec![ListItem::new(Line::from(typed))];
    items.extend(found.iter().map(|e| {
        ListItem::new(Line::from(vec![
            Span::styled(
                format!("{:<24}", format!("{} {}", e.name, e.args)),
                app.theme.title,
            ),
            Span::raw(app.keymap.fill(e.help)),
        ]))
    }));
    let mut state = ListState::default().with_selected((!found.is_empty()).then_some(selected + 1));
    frame.render_stateful_widget(
        List::new(items).highlight_style(app.theme.selection),
        inner,
        &mut state,
    );
}
