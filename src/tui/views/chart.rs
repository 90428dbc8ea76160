//! The chart workspace: a header line, the document viewer on the left and
//! the coding summary, code search and code detail on the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{coding, detail, documents, patient, search};
use crate::tui::app::{App, ChartState, Pane};

pub fn render(frame: &mut Frame, app: &App, chart: &ChartState, area: Rect) {
    let [head, body] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
    let v = &chart.view;
    let open_queries = v
        .provider_queries
        .iter()
        .filter(|q| q.status == "open")
        .count();
    // Status and warnings first: at 80 columns the end of the line is cut.
    let mut spans = vec![
        Span::styled(format!(" {} ", v.account), app.theme.title),
        Span::raw(v.status.as_str()),
    ];
    if !v.mine {
        spans.push(Span::styled(" · read only", app.theme.error));
    }
    // No installed ICD-10 version covers the date of service: no code can
    // be assigned (the status line and the search pane say what to import).
    let gaps = app.setup.uncovered(v.coding_date, v.inpatient);
    if !gaps.is_empty() {
        let systems: Vec<&str> = gaps.iter().map(|g| g.system.as_str()).collect();
        spans.push(Span::styled(
            format!(" · no {} for this date", systems.join("/")),
            app.theme.error,
        ));
    }
    if open_queries > 0 {
        let s = if open_queries == 1 { "y" } else { "ies" };
        spans.push(Span::styled(
            format!(" · {open_queries} open quer{s}"),
            app.theme.error,
        ));
    }
    spans.push(Span::raw(format!(
        " · {} · {} {} · {} · {}",
        patient(app, &v.patient),
        v.sex,
        v.dob
            .map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default(),
        v.encounter_type,
        v.coding_date.format("%Y-%m-%d"),
    )));
    frame.render_widget(Paragraph::new(Line::from(spans)), head);

    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(body);
    documents::render(frame, app, chart, left);
    let coding_rows = (v.assignments.len() as u16 + 2).clamp(4, body.height / 3);
    // The detail pane grows when focused (7th-character picker, notes).
    let detail_rows = if chart.pane == Pane::Detail {
        body.height.saturating_sub(coding_rows + 5)
    } else {
        (body.height / 4).max(6)
    };
    let [codes, searching, details] = Layout::vertical([
        Constraint::Length(coding_rows),
        Constraint::Min(5),
        Constraint::Length(detail_rows),
    ])
    .areas(right);
    coding::render(frame, app, chart, codes);
    search::render(frame, app, chart, searching);
    detail::render(frame, app, chart, details);
}
