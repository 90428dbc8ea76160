//! The Alphabetic Index browser: the typed main term, the terms as an
//! indented outline (open ones marked), and beside it the selected term in
//! full with its code checked against the chart's Tabular List. Only the
//! rows on screen are drawn, so a long list costs no more than a short one.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{clear, field, fit, pane_block};
use crate::domain::index_tree::{IndexCodeStatus, IndexNode};
use crate::domain::text::sanitize;
use crate::tui::action::Action;
use crate::tui::app::{App, IndexBrowser};

pub fn render(frame: &mut Frame, app: &App, b: &IndexBrowser, area: Rect) {
    clear(frame, &app.theme, area);
    let k = |a| app.keymap.key(a);
    let title = format!(
        " Alphabetic Index{} ",
        b.tree
            .fiscal_year
            .map_or(String::new(), |y| format!(" (FY{y})"))
    );
    let hints = format!(
        "{} open · {} close · {} see · {} see also · {} assign · {} back",
        k(Action::IndexExpand),
        k(Action::IndexCollapse),
        k(Action::IndexFollow),
        k(Action::IndexSeeAlso),
        k(Action::IndexAssign),
        k(Action::Back),
    );
    let block = pane_block(app, &title, true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [list_area, detail_area] =
        Layout::horizontal([Constraint::Percentage(60), Constraint::Percentage(40)]).areas(inner);
    let [query_area, rows_area, hint_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(list_area);
    frame.render_widget(
        Paragraph::new(Line::styled(hints, app.theme.muted)).wrap(Wrap { trim: true }),
        hint_area,
    );
    let mut typed = vec![Span::styled("Main term: ", app.theme.title)];
    typed.extend(field::spans(&b.query, app.theme.base, true));
    if !b.trail.is_empty() {
        typed.push(Span::styled(
            format!("  ({} back: {})", b.trail.len(), k(Action::Back)),
            app.theme.muted,
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(typed)), query_area);
    render_rows(frame, app, b, rows_area);
    render_detail(frame, app, b, detail_area);
}

fn render_rows(frame: &mut Frame, app: &App, b: &IndexBrowser, area: Rect) {
    let height = area.height as usize;
    if b.rows.is_empty() {
        let none = Line::styled("no main term matches: type fewer letters", app.theme.muted);
        frame.render_widget(Paragraph::new(none), area);
        return;
    }
    let first = b.selected.saturating_sub(height.saturating_sub(1) / 2);
    let first = first.min(b.rows.len().saturating_sub(height));
    let width = area.width as usize;
    let lines: Vec<Line> = b.rows[first..(first + height).min(b.rows.len())]
        .iter()
        .enumerate()
        .filter_map(|(i, (id, depth))| {
            let n = b.tree.node(*id)?;
            let marker = match (n.children.is_empty(), b.open.contains(id)) {
                (true, _) => "  ",
                (false, true) => "▾ ",
                (false, false) => "▸ ",
            };
            let mut text = format!(
                "{}{marker}{}",
                "  ".repeat(*depth as usize),
                sanitize(&n.title)
            );
            if let Some(nemod) = &n.nemod {
                text.push(' ');
                text.push_str(&sanitize(nemod));
            }
            let tail = row_tail(n);
            let room = width.saturating_sub(tail.chars().count() + 1);
            let style = if first + i == b.selected {
                app.theme.selection
            } else {
                app.theme.base
            };
            Some(Line::from(vec![
                Span::styled(format!("{:<room$}", fit(&text, room)), style),
                Span::styled(format!(" {tail}"), style.patch(app.theme.accent)),
            ]))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

/// The code (with its manifestation in brackets) or the cross-reference,
/// at the end of a row.
fn row_tail(n: &IndexNode) -> String {
    let mut tail = String::new();
    if let Some(c) = &n.code {
        tail.push_str(&sanitize(&c.code));
        if c.incomplete {
            tail.push('-');
        }
    }
    if let Some(m) = &n.manifestation {
        tail.push_str(&format!(" [{}]", sanitize(m)));
    }
    if n.see.is_some() {
        tail.push_str(if tail.is_empty() {
            "see →"
        } else {
            " see →"
        });
    }
    tail
}

fn render_detail(frame: &mut Frame, app: &App, b: &IndexBrowser, area: Rect) {
    let theme = &app.theme;
    let mut lines: Vec<Line> = Vec::new();
    if let Some(id) = b.selected_node()
        && let Some(n) = b.tree.node(id)
    {
        lines.push(Line::styled(sanitize(&b.tree.path_text(id)), theme.title));
        if let Some(nemod) = &n.nemod {
            lines.push(Line::styled(
                format!("nonessential: {}", sanitize(nemod)),
                theme.muted,
            ));
        }
        lines.push(Line::raw(""));
        if let Some(c) = &n.code {
            let dash = if c.incomplete { "-" } else { "" };
            lines.push(Line::raw(format!("code {}{dash}", sanitize(&c.code))));
            lines.extend(status_lines(app, b, &c.code, true));
        }
        if let Some(m) = &n.manifestation {
            lines.push(Line::raw(format!(
                "[{}] manifestation: code it too, after",
                sanitize(m)
            )));
            lines.extend(status_lines(app, b, m, false));
        }
        if let Some(see) = &n.see {
            lines.push(Line::raw(format!(
                "see {} ({})",
                sanitize(see),
                app.keymap.key(Action::IndexFollow)
            )));
        }
        if let Some(also) = &n.see_also {
            lines.push(Line::raw(format!(
                "see also {} ({})",
                sanitize(also),
                app.keymap.key(Action::IndexSeeAlso)
            )));
        }
        if !n.children.is_empty() {
            lines.push(Line::styled(
                format!(
                    "{} subterms ({} opens)",
                    n.children.len(),
                    app.keymap.key(Action::IndexExpand)
                ),
                theme.muted,
            ));
        }
    }
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane_block(app, " Tabular check ", false)),
        area,
    );
}

/// What the chart's version says of `code`; `assignable`: the key that
/// assigns it is named.
fn status_lines<'a>(app: &App, b: &IndexBrowser, code: &str, assignable: bool) -> Vec<Line<'a>> {
    let theme = &app.theme;
    match b.checked.get(code) {
        Some(Some(IndexCodeStatus::Reportable)) if assignable => vec![Line::styled(
            format!(
                "  reportable in this version ({} assigns)",
                app.keymap.key(Action::IndexAssign)
            ),
            theme.accent,
        )],
        Some(Some(IndexCodeStatus::Reportable)) => {
            vec![Line::styled("  reportable in this version", theme.accent)]
        }
        Some(Some(IndexCodeStatus::Category { codes, more })) => {
            let mut out = vec![Line::styled(
                "  a category here: report a code below it",
                theme.error,
            )];
            out.extend(codes.iter().take(8).map(|c| Line::raw(format!("    {c}"))));
            let rest = codes.len().saturating_sub(8) + more;
            if rest > 0 {
                out.push(Line::styled(format!("    … {rest} more"), theme.muted));
            }
            out
        }
        Some(Some(IndexCodeStatus::NotInVersion)) => vec![Line::styled(
            "  NOT in this version: verify in the Tabular List",
            theme.error,
        )],
        _ => vec![Line::styled(
            "  not checked (no version covers the date)",
            theme.muted,
        )],
    }
}
