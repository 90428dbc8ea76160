//! The help overlay, generated from the live keymap and the palette's
//! command list, so it always says what the keys really do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{centered, clear, pane_block};
use crate::tui::app::App;
use crate::tui::palette;
use crate::tui::theme::Theme;

/// Width of the key column; longer keys push their text one space past it.
const KEYS: usize = 24;

/// The help text for a box `width` columns wide (inside its border), one
/// screen row per line: each entry's text wraps under its own column, never
/// back to the left edge where it would read as a heading.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    // Getting started comes first while there is nothing to code yet (no
    // users, no charts), after the keys otherwise.
    let first_run = app.workbench.role().is_none() || app.setup.charts == Some(0);
    let mut getting_started = vec![Line::styled("Getting started", theme.header)];
    getting_started.extend(super::getting_started::lines(app, width));
    let mut out = Vec::new();
    if first_run {
        out.append(&mut getting_started);
        out.push(Line::raw(""));
    }
    out.extend([
        Line::styled("To code a chart:", theme.header),
        Line::raw("  n claims the next chart · / searches codes: type, Enter assigns the"),
        Line::raw("  highlighted code (the first diagnosis is the principal) · Ctrl-G leaves"),
        Line::raw("  the search · Tab moves between panes (codes pane: o sets POA)"),
        Line::raw("  F finalizes, Enter confirms · Ctrl-G goes back · q quits"),
    ]);
    for (scope, rows) in app.keymap.help_sections() {
        out.push(Line::raw(""));
        out.push(Line::styled(scope.title().to_string(), theme.header));
        for (keys, action) in rows {
            // The name `[tui.keys]` and the palette use.
            let name = Span::styled(format!("({})", action.name()), theme.muted);
            entry(&mut out, theme, width, &keys, action.help(), Some(name));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        "Commands (type : then the name; a unique prefix is enough)",
        theme.header,
    ));
    for e in palette::entries() {
        let keys = format!(":{} {}", e.name, e.args);
        entry(&mut out, theme, width, keys.trim_end(), e.help, None);
    }
    if !first_run {
        out.push(Line::raw(""));
        out.append(&mut getting_started);
    }
    out
}

/// One help entry: `keys` in the title style, then `text` (and `name`)
/// word-wrapped to `width` under the text column.
fn entry(
    out: &mut Vec<Line<'static>>,
    theme: &Theme,
    width: usize,
    keys: &str,
    text: &str,
    name: Option<Span<'static>>,
) {
    let keys = format!("  {keys}");
    let indent = KEYS.max(keys.chars().count() + 1);
    let words = text
        .split_whitespace()
        .map(|w| Span::raw(w.to_string()))
        .chain(name);
    let mut row = vec![Span::styled(format!("{keys:<indent$}"), theme.title)];
    let mut used = indent;
    for word in words {
        let w = word.content.chars().count();
        if used > indent {
            if used + 1 + w > width {
                out.push(Line::from(std::mem::take(&mut row)));
                row.push(Span::raw(" ".repeat(indent)));
                used = indent;
            } else {
                row.push(Span::raw(" "));
                used += 1;
            }
        }
        used += w;
        row.push(word);
    }
    out.push(Line::from(row));
}

/// The furthest the help scrolls in a terminal of `size` (the last page
/// ends on the last line), so `G` then `k` moves at once.
pub fn max_scroll(app: &App, size: (u16, u16)) -> usize {
    // The box `render` draws: the screen less the status line, at most
    // 110 wide.
    let visible = size.1.saturating_sub(3) as usize;
    let width = size.0.min(110).saturating_sub(2) as usize;
    lines(app, width).len().saturating_sub(visible)
}

pub fn render(frame: &mut Frame, app: &App, scroll: usize, area: Rect) {
    let box_area = centered(area, 110, area.height);
    let all = lines(app, box_area.width.saturating_sub(2) as usize);
    clear(frame, &app.theme, box_area);
    let visible = box_area.height.saturating_sub(2) as usize;
    // One line per row, so the last page ends on the last line.
    let scroll = scroll.min(all.len().saturating_sub(visible));
    let title = format!(
        " Help {}/{} · j/k scroll · ? or Ctrl-G closes ",
        (scroll + visible).min(all.len()),
        all.len()
    );
    frame.render_widget(
        Paragraph::new(all)
            .scroll((scroll as u16, 0))
            .block(pane_block(app, &title, true)),
        box_area,
    );
}
