//! The code detail pane: title, billable, hierarchy, notes (inherited ones
//! marked) and the 7th-character picker.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{edits, pane_block};
use crate::tui::action::Action;
use crate::tui::app::{App, ChartState, Pane};
use crate::tui::model::{CodeDetail, edit_glyph, picked_code};

pub fn render(frame: &mut Frame, app: &App, chart: &ChartState, area: Rect) {
    let focused = chart.pane == Pane::Detail;
    let theme = &app.theme;
    // In the edits pane: the selected edit in full (its line there is cut
    // to the pane), above its code's detail.
    let mut lines = selected_edit(app, chart);
    let Some(d) = &chart.detail else {
        if lines.is_empty() {
            lines.push(Line::styled("select a code to see its notes", theme.muted));
        }
        frame.render_widget(
            Paragraph::new(lines)
                .wrap(Wrap { trim: false })
                .block(pane_block(app, " Detail ", focused)),
            area,
        );
        return;
    };
    lines.push(Line::from(vec![
        Span::styled(format!("{} ", d.code), theme.title),
        Span::styled(
            if d.billable {
                "billable "
            } else {
                "header: not billable "
            },
            if d.billable {
                theme.accent
            } else {
                theme.error
            },
        ),
        Span::raw(d.title.clone()),
    ]));
    if !d.seventh_characters.is_empty() {
        let k = |a| app.keymap.key(a);
        lines.push(Line::styled(
            if focused {
                format!(
                    "7th character ({}/{}, {} assigns):",
                    k(Action::Down),
                    k(Action::Up),
                    k(Action::Assign)
                )
            } else {
                format!("7th character: {} here to pick", k(Action::NextPane))
            },
            theme.header,
        ));
        for (i, seventh) in d.seventh_characters.iter().enumerate() {
            let (ch, meaning) = (&seventh.character, &seventh.meaning);
            let style = if focused && i == chart.detail_selected {
                theme.selection
            } else {
                theme.base
            };
            let full = picked_code(d, i).map_or(String::new(), |code| format!(" → {code}"));
            lines.push(Line::styled(format!("  {ch}  {meaning}{full}"), style));
        }
    }
    for n in &d.notes {
        let from = match &n.inherited_from {
            Some(code) => Span::styled(format!(" (from {code})"), theme.muted),
            None => Span::raw(""),
        };
        lines.push(Line::from(vec![
            Span::styled(format!("{}: ", n.kind.heading()), theme.header),
            Span::raw(n.text.clone()),
            from,
        ]));
    }
    for term in &d.index_terms {
        lines.push(Line::from(vec![
            Span::styled("Index: ", theme.header),
            Span::raw(term.clone()),
        ]));
    }
    if !d.hierarchy.is_empty() {
        let path: Vec<&str> = d.hierarchy.iter().map(|a| a.code.as_str()).collect();
        lines.push(Line::styled(
            format!("in {}", path.join(" › ")),
            theme.muted,
        ));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((picker_scroll(chart, d, area), 0))
            .block(pane_block(app, " Detail ", focused)),
        area,
    );
}

/// The edit selected in the focused edits pane, whole: its character, its
/// codes, name and message.
fn selected_edit<'a>(app: &App, chart: &ChartState) -> Vec<Line<'a>> {
    let v = &chart.view;
    match v.edits.get(chart.edits_selected) {
        Some(e) if chart.pane == Pane::Edits => vec![Line::from(vec![
            Span::styled(
                edit_glyph(e.severity).to_string(),
                edits::glyph_style(&app.theme, e.severity),
            ),
            Span::raw(format!(" {}", edits::describe(v, e))),
        ])],
        _ => Vec::new(),
    }
}

/// Scrolls the pane so the chosen 7th character stays in view (some
/// categories have a dozen or more). The title may wrap, so the option's
/// row is estimated from the title's length.
fn picker_scroll(chart: &ChartState, d: &CodeDetail, area: Rect) -> u16 {
    if chart.pane != Pane::Detail || d.seventh_characters.is_empty() {
        return 0;
    }
    let width = area.width.saturating_sub(2).max(1) as usize;
    let title_rows = (d.code.len() + d.title.chars().count() + 24).div_ceil(width);
    let row = title_rows + 1 + chart.detail_selected;
    let visible = area.height.saturating_sub(2) as usize;
    (row + 1).saturating_sub(visible) as u16
}
