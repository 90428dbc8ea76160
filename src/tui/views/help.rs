//! The help overlay, generated from the live keymap and the palette's
//! command list, so it always says what the keys really do.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{centered, clear, pane_block};
use crate::tui::app::App;
use crate::tui::palette;

/// The help text, one line each (also used by tests).
pub fn lines(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let mut out = vec![
        Line::styled("To code a chart:", theme.header),
        Line::raw("  n claims the next chart · / searches codes: type, Enter assigns the"),
        Line::raw("  highlighted code (the first diagnosis is the principal) · Ctrl-G leaves"),
        Line::raw("  the search · Tab moves between panes (codes pane: o sets POA)"),
        Line::raw("  F finalizes, Enter confirms · Ctrl-G goes back · q quits"),
    ];
    for (scope, rows) in app.keymap.help_sections() {
        out.push(Line::raw(""));
        out.push(Line::styled(scope.title().to_string(), theme.header));
        for (keys, action) in rows {
            out.push(Line::from(vec![
                Span::styled(format!("  {keys:<22}"), theme.title),
                Span::raw(action.help()),
                // The name `[tui.keys]` and the palette use.
                Span::styled(format!("  ({})", action.name()), theme.muted),
            ]));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        "Commands (type : then the name; a unique prefix is enough)",
        theme.header,
    ));
    for e in palette::entries() {
        out.push(Line::from(vec![
            Span::styled(
                format!("  :{:<21}", format!("{} {}", e.name, e.args).trim_end()),
                theme.title,
            ),
            Span::raw(e.help),
        ]));
    }
    out
}

pub fn render(frame: &mut Frame, app: &App, scroll: usize, area: Rect) {
    let all = lines(app);
    let box_area = centered(area, 110, area.height);
    clear(frame, &app.theme, box_area);
    let visible = box_area.height.saturating_sub(2) as usize;
    // Long lines wrap, so the last rows are reachable a little past the
    // line count.
    let scroll = scroll.min(all.len().saturating_sub(visible / 2));
    let title = format!(
        " Help {}/{} · j/k scroll · ? or Ctrl-G closes ",
        (scroll + visible).min(all.len()),
        all.len()
    );
    frame.render_widget(
        Paragraph::new(all)
            .wrap(ratatui::widgets::Wrap { trim: false })
            .scroll((scroll as u16, 0))
            .block(pane_block(app, &title, true)),
        box_area,
    );
}
