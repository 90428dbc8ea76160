//! Finalize: the confirmation, the store's list of problems, or the
//! offer of the next chart.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::{centered, clear, pane_block};
use crate::tui::action::Action;
use crate::tui::app::{App, Overlay};

pub fn render(frame: &mut Frame, app: &App, overlay: &Overlay, area: Rect) {
    let theme = &app.theme;
    let k = |a| app.keymap.key(a);
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
                    Line::styled(
                        format!(
                            "{} finalizes · {} goes back",
                            k(Action::Submit),
                            k(Action::Back)
                        ),
                        theme.muted,
                    ),
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
            lines.push(Line::styled(
                format!("{} goes back to fix them", k(Action::Back)),
                theme.muted,
            ));
            (" Finalize: problems ", lines)
        }
        Overlay::Finalized { account } => (
            " Finalized ",
            vec![
                Line::styled(format!("Chart {account} is coded."), theme.accent),
                Line::raw(""),
                Line::raw(format!(
                    "{} claims the next chart · {} goes to the queue",
                    k(Action::ClaimNext),
                    k(Action::Submit)
                )),
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
