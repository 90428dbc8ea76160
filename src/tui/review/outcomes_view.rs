//! Draws the review outcomes screen: the closed reviews (left; the
//! selection reversed), the selected one whole (right: DRG before and
//! after, the coder's codes beside the auditor's decisions with reason and
//! comment, the rebuttal and its answer), the message or the text being
//! written, and the help line from the live keymap. Every text from the
//! store (comments, rebuttals, titles) is cleaned for the terminal; no
//! patient name is shown. Reads with NO_COLOR and 16 colours alike (no
//! colour carries meaning).

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::outcomes::OutcomesScreen;
use super::view::{drg, side};
use crate::domain::review::RebuttalStatus;
use crate::domain::text::{for_terminal, single_line};
use crate::store::review::ReviewDetail;
use crate::tui::views::field;

/// Draws `screen` in `area`, `help` on its last two lines.
pub fn render_in(f: &mut Frame<'_>, area: Rect, screen: &OutcomesScreen, help: &str) {
    f.render_widget(ratatui::widgets::Clear, area);
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(2),
        ])
        .split(area);
    let open = screen
        .outcomes
        .iter()
        .filter(|d| d.review.rebuttal_status == Some(RebuttalStatus::Open))
        .count();
    let title = format!(
        "Review outcomes: {} closed reviews, {open} open rebuttals",
        screen.outcomes.len()
    );
    f.render_widget(Paragraph::new(title), rows[0]);
    let panes = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([Constraint::Length(28), Constraint::Min(20)])
        .split(rows[1]);
    list(f, panes[0], screen);
    detail(f, panes[1], screen.current());
    bottom(f, rows[2], screen);
    f.render_widget(
        Paragraph::new(for_terminal(help).into_owned())
            .style(Style::default().add_modifier(Modifier::DIM))
            .wrap(Wrap { trim: true }),
        rows[3],
    );
}

fn list(f: &mut Frame<'_>, area: Rect, screen: &OutcomesScreen) {
    let height = area.height.saturating_sub(2) as usize;
    let first = screen.selected.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = screen
        .outcomes
        .iter()
        .enumerate()
        .skip(first)
        .take(height.max(1))
        .map(|(i, d)| {
            let r = &d.review;
            let changed = if r.changed == Some(true) {
                "changed"
            } else {
                "agreed"
            };
            let rebuttal = r.rebuttal_status.map_or("", |s| s.as_str());
            let text = format!("{:<10} {changed:<7} {rebuttal}", single_line(&r.account));
            let style = if i == screen.selected {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    let block = Block::default().borders(Borders::ALL).title("Reviews");
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn detail(f: &mut Frame<'_>, area: Rect, d: Option<&ReviewDetail>) {
    let block = Block::default().borders(Borders::ALL).title("Decisions");
    let Some(d) = d else {
        f.render_widget(Paragraph::new("").block(block), area);
        return;
    };
    let r = &d.review;
    let mut lines = vec![
        Line::from(format!(
            "chart {}  {}  closed {}",
            r.account,
            r.mode,
            r.closed_at
                .as_deref()
                .map_or("-", |t| t.get(..10).unwrap_or(t))
        )),
        Line::from(format!(
            "DRG {} -> {}",
            drg(&r.original_drg),
            drg(&r.reviewed_drg)
        )),
        Line::from("coded    P decide reviewed P reason"),
    ];
    for c in &d.codes {
        let (oc, op) = side(&c.original);
        let (rc, rp) = side(&c.reviewed);
        let decision = c.decision.map_or("?", |x| x.as_str());
        let reason = c.reason.map_or("", |x| x.as_str());
        lines.push(Line::from(format!(
            "{oc:<8} {op:<1} {decision:<6} {rc:<8} {rp:<1} {reason}"
        )));
        if let Some(comment) = &c.comment {
            lines.push(Line::from(format!("  \u{201c}{comment}\u{201d}")));
        }
    }
    if let Some(text) = &r.rebuttal {
        let status = r.rebuttal_status.map_or("-", |s| s.as_str());
        lines.push(Line::from(format!("rebuttal ({status}): {text}")));
    }
    if let Some(a) = &r.rebuttal_answer {
        lines.push(Line::from(format!("answer: {a}")));
    }
    // Everything above may quote the store's text: cleaned as a whole.
    let lines: Vec<Line> = lines
        .into_iter()
        .map(|l| Line::from(for_terminal(&l.to_string()).into_owned()))
        .collect();
    f.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// The message, or the field being written with its length and limit.
fn bottom(f: &mut Frame<'_>, area: Rect, screen: &OutcomesScreen) {
    let line = match &screen.writing {
        Some((what, text)) => {
            let count = text.as_str().chars().count();
            let label = format!("{} {count}/{}: ", what.label(), what.max());
            let room = (area.width as usize).saturating_sub(label.chars().count() + 2);
            let mut spans = vec![Span::raw(label)];
            if count > room {
                // A long text shows its end, where typing goes.
                let tail: String = text.as_str().chars().skip(count - room).collect();
                spans.push(Span::raw(format!("…{}", for_terminal(&tail))));
                spans.push(Span::styled(
                    " ",
                    Style::default().add_modifier(Modifier::REVERSED),
                ));
            } else {
                spans.extend(
                    field::spans(text, Style::default(), true)
                        .into_iter()
                        .map(|s| Span::styled(for_terminal(&s.content).into_owned(), s.style)),
                );
            }
            Line::from(spans)
        }
        None => Line::from(for_terminal(screen.message.as_deref().unwrap_or("")).into_owned()),
    };
    f.render_widget(Paragraph::new(line), area);
}
