//! The ICD-10-PCS table builder overlay: the characters chosen with their
//! axes and labels, then the next axis's valid values (the highlighted
//! one's PCS definition under the list), or the finished code and its
//! title. Every key hint names the live keymap's key.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph, Wrap};

use super::{centered, clear, field, fit, pane_block};
use crate::engines::pcs_builder::AxisValue;
use crate::tui::action::Action;
use crate::tui::app::{App, PcsBuilderState};

/// Rows under the list for the highlighted value's definition.
const DEFINITION_ROWS: u16 = 3;

pub fn render(frame: &mut Frame, app: &App, b: &PcsBuilderState, area: Rect) {
    let box_area = centered(area, area.width.min(100), area.height);
    clear(frame, &app.theme, box_area);
    let k = |a| app.keymap.key(a);
    let title = format!(
        " ICD-10-PCS {} · type or {} picks · {} back · {} closes ",
        b.builder.version,
        k(Action::Submit),
        k(Action::DeleteChar),
        k(Action::Back)
    );
    let block = pane_block(app, &title, true);
    let inner = block.inner(box_area);
    frame.render_widget(block, box_area);
    let width = inner.width as usize;
    let step = &b.step;
    let chosen = step.chosen.len() as u16;
    // Room for a definition only on an axis that has them.
    let defined = step.values.iter().any(|v| v.definition.is_some());
    let [code_row, chosen_area, axis_row, list_area, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(chosen),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(if defined { DEFINITION_ROWS } else { 0 }),
    ])
    .areas(inner);
    let mut code = vec![Span::styled("Code ", app.theme.title)];
    code.extend(field::spans(&b.typed, app.theme.base, true));
    let rest = 7usize.saturating_sub(step.prefix.len());
    code.push(Span::styled("_".repeat(rest), app.theme.muted));
    frame.render_widget(Paragraph::new(Line::from(code)), code_row);
    let chosen_lines: Vec<Line> = step
        .chosen
        .iter()
        .map(|c| {
            Line::from(vec![
                Span::styled(
                    format!("{} {:<12} ", c.pos, fit(&c.axis, 12)),
                    app.theme.muted,
                ),
                Span::styled(format!("{} ", c.ch), app.theme.accent),
                Span::styled(
                    fit(
                        &crate::domain::text::sanitize(&c.label),
                        width.saturating_sub(17),
                    ),
                    app.theme.base,
                ),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(chosen_lines), chosen_area);
    if let Some((code, title)) = &step.code {
        let below = Rect {
            height: list_area.height + foot.height + 1,
            ..axis_row
        };
        return render_code(frame, app, code, title, below);
    }
    let axis = format!(
        "{} {}",
        step.next_pos.unwrap_or(0),
        step.next_axis.as_deref().unwrap_or("")
    );
    frame.render_widget(
        Paragraph::new(Span::styled(axis, app.theme.title)),
        axis_row,
    );
    let items: Vec<ListItem> = step
        .values
        .iter()
        .map(|v| value_item(app, v, width))
        .collect();
    let mut state = ListState::default().with_selected(Some(b.selected));
    frame.render_stateful_widget(
        List::new(items).highlight_style(app.theme.selection),
        list_area,
        &mut state,
    );
    let definition = step
        .values
        .get(b.selected)
        .and_then(|v| v.definition.as_deref())
        .unwrap_or("");
    frame.render_widget(
        Paragraph::new(definition)
            .style(app.theme.muted)
            .wrap(Wrap { trim: true }),
        foot,
    );
}

/// One value: its character, its label (or its code's title, marked),
/// and how many valid codes lie below it, right-aligned.
fn value_item<'a>(app: &App, v: &AxisValue, width: usize) -> ListItem<'a> {
    let count = format!(" {} codes", v.codes);
    let room = width.saturating_sub(4 + count.len());
    // A title read from the database may carry control characters.
    let label = crate::domain::text::sanitize(&v.label);
    let label = if v.labelled {
        fit(&label, room)
    } else {
        fit(&format!("(no FY2026 label) {label}"), room)
    };
    let gap = " ".repeat(room.saturating_sub(label.chars().count()));
    ListItem::new(Line::from(vec![
        Span::styled(format!(" {}  ", v.ch), app.theme.accent),
        Span::raw(label),
        Span::raw(gap),
        Span::styled(count, app.theme.muted),
    ]))
}

/// Seven characters chosen: the code, its title, and how to assign it.
fn render_code(frame: &mut Frame, app: &App, code: &str, title: &str, area: Rect) {
    let done = format!(
        "{code}  {}\n\n{} assigns it to the chart",
        crate::domain::text::sanitize(title),
        app.keymap.key(Action::Submit)
    );
    frame.render_widget(
        Paragraph::new(done)
            .style(app.theme.base)
            .wrap(Wrap { trim: true }),
        area,
    );
}
