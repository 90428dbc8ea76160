//! The coding edits pane: one line per edit on the chart's codes, worst
//! first as the engine reports them in claim order, each led by its
//! severity's character (`✗` error, `!` warning, `i` info) so it reads
//! without colour. The top border's title counts them; the bottom
//! border's right end is kept for the MS-DRG line (the grouper's issue):
//! a chart's DRG needs codes, as this pane does. Hidden while the chart
//! has no codes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};

use super::{fit, pane_block};
use crate::tui::action::Action;
use crate::tui::app::{App, ChartState, Pane};
use crate::tui::model::{ChartView, Edit, EditSeverity, edit_glyph};
use crate::tui::theme::Theme;

/// Most edit lines shown at once (more scroll).
pub const MAX_LINES: u16 = 4;

/// The rows the pane takes: none without codes; else its lines (at most
/// [`MAX_LINES`], one for "no edits" or "cannot check") and the borders.
pub fn rows(view: &ChartView) -> u16 {
    if view.assignments.is_empty() {
        return 0;
    }
    (view.edits.len() as u16).clamp(1, MAX_LINES) + 2
}

/// ` Edits · 1 error · 2 warnings · 1 info `: the counts, nothing when
/// no edit fires.
pub fn title(view: &ChartView) -> String {
    let mut title = String::from(" Edits");
    for (severity, one, many) in [
        (EditSeverity::Error, "error", "errors"),
        (EditSeverity::Warning, "warning", "warnings"),
        (EditSeverity::Info, "info", "info"),
    ] {
        let n = view.edit_count(severity);
        if n > 0 {
            let word = if n == 1 { one } else { many };
            title.push_str(&format!(" · {n} {word}"));
        }
    }
    title
}

/// The style of an edit's severity character (the character carries the
/// meaning; the style only adds to it).
pub fn glyph_style(theme: &Theme, severity: EditSeverity) -> Style {
    match severity {
        EditSeverity::Error => theme.error.add_modifier(Modifier::BOLD),
        EditSeverity::Warning => theme.accent.add_modifier(Modifier::BOLD),
        EditSeverity::Info => theme.muted,
    }
}

/// `F02.811 manifestation_as_pdx: message`: the codes as the codes pane
/// writes them, the edit's name and its message (one clean line: note text
/// is data from outside).
pub fn describe(view: &ChartView, edit: &Edit) -> String {
    let codes: Vec<String> = edit
        .codes
        .iter()
        .map(|c| {
            let key = crate::domain::codes::lookup_key(c);
            view.assignments
                .iter()
                .find(|a| crate::domain::codes::lookup_key(&a.code) == key)
                .map_or_else(|| c.clone(), |a| a.code.clone())
        })
        .collect();
    let message = crate::domain::text::single_line(&edit.message);
    let mut text = codes.join(" ");
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(&format!("{}: {}", edit.name, message.trim()));
    text
}

pub fn render(frame: &mut Frame, app: &App, chart: &ChartState, area: Rect) {
    let focused = chart.pane == Pane::Edits;
    let theme = &app.theme;
    let v = &chart.view;
    let mut title = title(v);
    if focused && !v.edits.is_empty() {
        title.push_str(&format!(" · {} to code", app.keymap.key(Action::GoToCode)));
    }
    title.push(' ');
    let block = pane_block(app, &title, focused);
    let width = block.inner(area).width as usize;
    let items: Vec<ListItem> = if let Some(why) = &v.edits_unchecked {
        let text = format!("cannot check: {}", crate::domain::text::single_line(why));
        vec![ListItem::new(Span::styled(fit(&text, width), theme.error))]
    } else if v.edits.is_empty() {
        vec![ListItem::new(Span::styled("no edits", theme.muted))]
    } else {
        v.edits
            .iter()
            .map(|e| {
                ListItem::new(Line::from(vec![
                    Span::styled(
                        edit_glyph(e.severity).to_string(),
                        glyph_style(theme, e.severity),
                    ),
                    Span::raw(" "),
                    Span::raw(fit(&describe(v, e), width.saturating_sub(2))),
                ]))
            })
            .collect()
    };
    let selectable = v.edits_unchecked.is_none() && !v.edits.is_empty();
    let list = List::new(items).block(block).highlight_style(if focused {
        theme.selection
    } else {
        theme.base
    });
    let mut state = ListState::default().with_selected(selectable.then_some(chart.edits_selected));
    frame.render_stateful_widget(list, area, &mut state);
}
