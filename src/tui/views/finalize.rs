//! Finalize: the confirmation; what stands in the way (the store's
//! problems and the edits' errors, then the warnings, with the key that
//! acknowledges them when nothing else blocks); the reason prompt; the
//! offer of the next chart.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{centered, clear, edits, field, pane_block};
use crate::tui::action::Action;
use crate::tui::app::{Acknowledging, App, Overlay};
use crate::tui::model::{Edit, edit_glyph};
use crate::tui::workbench::FinalizeCheck;

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
        Overlay::Problems(check) if check.blocking.is_empty() => {
            (" Finalize: warnings ", problem_lines(app, check))
        }
        Overlay::Problems(check) => (" Finalize: problems ", problem_lines(app, check)),
        Overlay::Acknowledge(asked) => {
            (" Finalize: acknowledge warnings ", reason_lines(app, asked))
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
    let width = 64.min(area.width);
    // Each line as it wraps inside the borders.
    let inner = width.saturating_sub(2).max(1) as usize;
    let rows: usize = lines.iter().map(|l| l.width().max(1).div_ceil(inner)).sum();
    let height = (rows as u16 + 2).min(area.height);
    let box_area = centered(area, width, height);
    clear(frame, theme, box_area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane_block(app, title, true)),
        box_area,
    );
}

/// One warning (or error) edit as the lists show it: its character, then
/// the codes, name and message.
fn edit_line<'a>(app: &App, edit: &Edit) -> Line<'a> {
    let view = app.chart.as_ref().map(|c| &c.view);
    let text = match view {
        Some(v) => edits::describe(v, edit),
        None => format!("{}: {}", edit.name, edit.message),
    };
    Line::from(vec![
        Span::styled(
            edit_glyph(edit.severity).to_string(),
            edits::glyph_style(&app.theme, edit.severity),
        ),
        Span::raw(format!(" {text}")),
    ])
}

/// The blocking problems, then the warnings; the acknowledge key is
/// offered only when the warnings are all that blocks.
fn problem_lines<'a>(app: &App, check: &FinalizeCheck) -> Vec<Line<'a>> {
    let theme = &app.theme;
    let k = |a| app.keymap.key(a);
    let mut lines = Vec::new();
    if !check.blocking.is_empty() {
        lines.push(Line::styled(
            "The chart cannot be finalized yet:",
            theme.error,
        ));
        lines.extend(
            check
                .blocking
                .iter()
                .map(|p| Line::raw(format!("• {}", crate::domain::text::single_line(p)))),
        );
    }
    if !check.warnings.is_empty() {
        if !lines.is_empty() {
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            "Warnings: finalize needs them acknowledged with a reason",
            theme.header,
        ));
        lines.extend(check.warnings.iter().map(|w| edit_line(app, w)));
    }
    lines.push(Line::raw(""));
    let hint = if check.blocking.is_empty() {
        format!(
            "{} acknowledges the warnings · {} goes back",
            k(Action::Acknowledge),
            k(Action::Back)
        )
    } else {
        format!("{} goes back to fix them", k(Action::Back))
    };
    lines.push(Line::styled(hint, theme.muted));
    lines
}

/// The warnings being acknowledged and the reason field.
fn reason_lines<'a>(app: &'a App, asked: &'a Acknowledging) -> Vec<Line<'a>> {
    let theme = &app.theme;
    let k = |a| app.keymap.key(a);
    let n = asked.warnings.len();
    let mut lines = vec![Line::raw(format!(
        "Acknowledge {n} warning{} and finalize: they stand because",
        if n == 1 { "" } else { "s" }
    ))];
    lines.extend(asked.warnings.iter().map(|w| edit_line(app, w)));
    lines.push(Line::raw(""));
    let mut reason = vec![Span::styled("Reason: ", theme.title)];
    reason.extend(field::spans(&asked.reason, theme.base, true));
    lines.push(Line::from(reason));
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        format!(
            "{} finalizes (the reason goes into the audit log) · {} goes back",
            k(Action::Submit),
            k(Action::Back)
        ),
        theme.muted,
    ));
    lines
}
