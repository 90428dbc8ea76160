//! Finalize: the confirmation, the store's list of problems, or the
//! offer of the next chart.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{centered, clear, pane_block};
use crate::tui::app::{App, Overlay};

pub fn render(frame: &mut Frame, app: &App, overlay: &Overlay, area: Rect) {
    let theme = &app.theme;
    let (title, lines) = match overlay {
        Overlay::ConfirmFinalize => {
            let n = app.chart.as_ref().map_or(0, |c| c.view.assignments.len());
            (
                " Finalize ",
                vec![
                    Line::raw(format!(
                        "Finalize this chart with {n} code{}?",
                        if n == 1 { "" } else { "s" }
                    )),
                    Line::raw(""),
                    Line::styled("Enter finalizes · Ctrl-G goes back", theme.muted),
                ],
            )
        }
        Overlay::Problems(problems) => {
            let mut lines = vec![Line::styled(
                "The chart cannot be finalized yet:",
                theme.error,
            )];
            lines.extend(problems.iter().map(|p| Line::raw(format!("• {p}"))));
            lines.push(Line::raw(""));
            lines.push(Line::styled("Ctrl-G goes back to fix them", theme.muted));
            (" Finalize: problems ", lines)
        }
        Overlay::Finalized { account } => (
            " Finalized ",
            vec![
                Line::styled(format!("Chart {account} is coded."), theme.accent),
                Line::raw(""),
                Line::raw("n claims the next chart · Enter goes to the queue"),
            ],
        ),
        _ => return,
    };
    let height = (lines.len() as u16 + 2).min(area.height);
    let box_area = centered(area, 64, height);
    clear(frame, theme, box_area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane_block(app, title, true)),
        box_area,
    );
}
