//! Draws the review screen: a title line (chart, coder, mode, DRG before
//! and after), the codes side by side with the decisions (left), the
//! selected document (right), the message and the help line from
//! [`super::KEYS`]. Selection is reversed video, so it reads with
//! NO_COLOR and 16 colours alike; no patient name is shown.

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{KEYS, ReviewScreen};
use crate::domain::drg::FinalDrg;
use crate::domain::text::for_terminal;
use crate::store::review::CodeLine;

fn drg(d: &Option<FinalDrg>) -> String {
    d.map(|d| d.drg.to_string()).unwrap_or_else(|| "-".into())
}

fn side(l: &Option<CodeLine>) -> (String, String) {
    match l {
        Some(l) => (
            l.code.clone(),
            l.poa.map(|p| p.as_str()).unwrap_or("-").to_string(),
        ),
        None => ("-".into(), "-".into()),
    }
}

/// Draws `screen` over the whole frame, its help line from [`KEYS`].
pub fn render(f: &mut Frame<'_>, screen: &ReviewScreen) {
    let help: Vec<String> = KEYS.iter().map(|(k, _, h)| format!("{k} {h}")).collect();
    render_in(f, f.area(), screen, &help.join("  "));
}

/// Draws `screen` in `area` with `help` as its last line (the workbench
/// builds it from its keymap, so a rebound key shows as bound).
pub fn render_in(f: &mut Frame<'_>, area: Rect, screen: &ReviewScreen, help: &str) {
    f.render_widget(ratatui::widgets::Clear, area);
    let rows = Layout::default()
        .direction(Direction::Vertical)
        .constraints([
            Constraint::Length(1),
            Constraint::Min(3),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .split(area);
    let r = &screen.detail.review;
    let title = format!(
        "Review {}  chart {}  coder {}  {}  {}  DRG {} -> {}",
        r.id,
        r.account,
        r.coder.as_deref().unwrap_or("-"),
        r.mode,
        r.status,
        drg(&r.original_drg),
        drg(&r.reviewed_drg)
    );
    f.render_widget(Paragraph::new(for_terminal(&title)), rows[0]);
    let panes = Layout::default()
        .direction(Direction::Horizontal)
        .constraints([Constraint::Percentage(60), Constraint::Percentage(40)])
        .split(rows[1]);
    codes(f, panes[0], screen);
    document(f, panes[1], screen);
    let message = screen
        .message
        .clone()
        .unwrap_or_else(|| format!("reason for a change: {}", screen.reason));
    f.render_widget(Paragraph::new(for_terminal(&message)), rows[2]);
    f.render_widget(
        Paragraph::new(for_terminal(help).into_owned())
            .style(Style::default().add_modifier(Modifier::DIM)),
        rows[3],
    );
}

fn codes(f: &mut Frame<'_>, area: Rect, screen: &ReviewScreen) {
    let mut lines = vec![Line::from("coded    P decide reviewed P reason")];
    for (i, c) in screen.detail.codes.iter().enumerate() {
        let (oc, op) = side(&c.original);
        let (rc, rp) = side(&c.reviewed);
        let decision = c.decision.map(|d| d.as_str()).unwrap_or("?");
        let reason = c.reason.map(|r| r.as_str()).unwrap_or("");
        let text = format!("{oc:<8} {op:<1} {decision:<6} {rc:<8} {rp:<1} {reason}");
        let style = if i == screen.selected {
            Style::default().add_modifier(Modifier::REVERSED)
        } else {
            Style::default()
        };
        lines.push(Line::from(Span::styled(
            for_terminal(&text).into_owned(),
            style,
        )));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title("Codes: coder | review (P: POA)");
    f.render_widget(Paragraph::new(lines).block(block), area);
}

fn document(f: &mut Frame<'_>, area: Rect, screen: &ReviewScreen) {
    let (title, text) = match screen.documents.get(screen.document) {
        Some(d) => (
            format!(
                "Document {}/{}: {}",
                screen.document + 1,
                screen.documents.len(),
                d.doc_type
            ),
            d.text.clone(),
        ),
        None => ("Documents".to_string(), "(none)".to_string()),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(for_terminal(&title));
    f.render_widget(
        Paragraph::new(for_terminal(&text))
            .block(block)
            .wrap(Wrap { trim: true }),
        area,
    );
}
