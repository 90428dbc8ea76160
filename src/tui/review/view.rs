//! Draws the review screen: a title line (chart, coder, mode, DRG before
//! and after), the codes side by side with the decisions (left), the
//! selected document (right), the message and the help line from
//! [`super::KEYS`]; the decision form ([`super::form`]) over it when one
//! is open. Selection, the focused field and the cursor are reversed video,
//! so it reads with NO_COLOR and 16 colours alike; no patient name is
//! shown, and every text from the chart, the search or a comment is
//! cleaned for the terminal ([`for_terminal`]).

use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::form::{DecisionForm, FormField, FormKind};
use super::{KEYS, ReviewScreen};
use crate::domain::drg::FinalDrg;
use crate::domain::text::for_terminal;
use crate::store::review::CodeLine;
use crate::tui::views::field;

/// How many search hits the form lists.
const FORM_HITS: usize = 5;

pub(super) fn drg(d: &Option<FinalDrg>) -> String {
    d.map(|d| d.drg.to_string()).unwrap_or_else(|| "-".into())
}

pub(super) fn side(l: &Option<CodeLine>) -> (String, String) {
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

/// Draws `screen` in `area` with `help` as its last two lines (the
/// workbench builds it from its keymap, so a rebound key shows as bound).
pub fn render_in(f: &mut Frame<'_>, area: Rect, screen: &ReviewScreen, help: &str) {
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
            .style(Style::default().add_modifier(Modifier::DIM))
            .wrap(Wrap { trim: true }),
        rows[3],
    );
    if let Some(form) = &screen.form {
        form_popup(f, rows[1], form);
    }
}

/// The decision form, centred over the codes and the document.
fn form_popup(f: &mut Frame<'_>, area: Rect, form: &DecisionForm) {
    let rows = form.fields().len() as u16
        + if form.fields().contains(&FormField::Code) {
            FORM_HITS as u16
        } else {
            0
        }
        + 2;
    let width = area.width.min(72);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y,
        width,
        height: rows.min(area.height),
    };
    let title = match &form.kind {
        FormKind::Change { code } => format!("Change {code}"),
        FormKind::Add => "Add a code".into(),
        FormKind::Delete { code } => format!("Delete {code}"),
    };
    let mut lines = Vec::new();
    for field in form.fields() {
        lines.push(form_line(form, *field));
        if *field == FormField::Code {
            lines.extend(hit_lines(form, width.saturating_sub(4) as usize));
        }
    }
    f.render_widget(ratatui::widgets::Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(for_terminal(&title).into_owned());
    f.render_widget(Paragraph::new(lines).block(block), popup);
}

/// One field: its label (reversed when focused) and its value.
fn form_line(form: &DecisionForm, which: FormField) -> Line<'static> {
    let focused = form.field == which;
    let label_style = if focused {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default()
    };
    let mut spans = vec![
        Span::styled(format!("{:<9}", which.label()), label_style),
        Span::raw(" "),
    ];
    let keep = |what: &str| match form.kind {
        FormKind::Add => format!("({what})"),
        _ => "(kept)".into(),
    };
    let choice = match which {
        FormField::Role => Some(form.role.map_or(keep("by the code"), |r| r.to_string())),
        FormField::Poa => Some(form.poa.map_or(keep("blank"), |p| p.to_string())),
        FormField::Reason => Some(form.reason.to_string()),
        _ => None,
    };
    match (choice, which) {
        (Some(value), _) => spans.push(Span::raw(value)),
        (None, FormField::Code) => text_spans(&mut spans, &form.search.query, focused),
        (None, FormField::Seq) => text_spans(&mut spans, &form.seq, focused),
        (None, FormField::Modifiers) => text_spans(&mut spans, &form.modifiers, focused),
        (None, _) => text_spans(&mut spans, &form.comment, focused),
    }
    Line::from(spans)
}

/// A typed field's text, cleaned, its cursor reversed when focused.
fn text_spans(
    spans: &mut Vec<Span<'static>>,
    text: &crate::tui::line_edit::LineEdit,
    focused: bool,
) {
    spans.extend(
        field::spans(text, Style::default(), focused)
            .into_iter()
            .map(|s| Span::styled(for_terminal(&s.content).into_owned(), s.style)),
    );
}

/// The search's hits under the code field, the picked one reversed; a
/// hit not valid on the date of service is marked `!`.
fn hit_lines(form: &DecisionForm, width: usize) -> Vec<Line<'static>> {
    let hits = &form.search.hits;
    let first = form.search.selected.saturating_sub(FORM_HITS - 1);
    let mut lines: Vec<Line<'static>> = hits
        .iter()
        .enumerate()
        .skip(first)
        .take(FORM_HITS)
        .map(|(i, h)| {
            let mark = if h.valid_on_date { ' ' } else { '!' };
            let text: String = format!("  {mark}{:<8} {}", h.code, h.title)
                .chars()
                .take(width)
                .collect();
            let style = if i == form.search.selected {
                Style::default().add_modifier(Modifier::REVERSED)
            } else {
                Style::default()
            };
            Line::from(Span::styled(for_terminal(&text).into_owned(), style))
        })
        .collect();
    if lines.is_empty() {
        let hint = if form.search.pending {
            "  searching…"
        } else if form.search.query.is_empty() {
            "  type words or a code (as in the chart's code search)"
        } else {
            "  no hits: Enter takes what is typed as the code"
        };
        lines.push(Line::from(hint));
    }
    while lines.len() < FORM_HITS {
        lines.push(Line::from(""));
    }
    lines
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
