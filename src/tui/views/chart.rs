//! The chart workspace: a header line, the document viewer on the left and
//! the coding summary, the coding edits, code search and code detail on
//! the right.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{coding, detail, documents, edits, patient, search};
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
    let [codes, edit_lines, searching, details] = right_column(chart, right);
    coding::render(frame, app, chart, codes);
    if edit_lines.height > 0 {
        edits::render(frame, app, chart, edit_lines);
    }
    search::render(frame, app, chart, searching);
    detail::render(frame, app, chart, details);
}

/// The right column, top to bottom: the codes (their count + 2 rows, 4 to
/// a third of the column), the edits ([`edits::rows`]: up to 4 lines + 2,
/// none without codes), the search (the rest, at least 5 rows) and the
/// detail (a quarter of the column, at least 6 rows, down to 4 when the
/// search would get fewer than 5; all but the search's 5 when focused).
/// At 80x24 the column has 22 rows.
fn right_column(chart: &ChartState, right: Rect) -> [Rect; 4] {
    const SEARCH_MIN: u16 = 5;
    let v = &chart.view;
    let h = right.height;
    let coding_rows = (v.assignments.len() as u16 + 2).clamp(4, (h / 3).max(4));
    let edit_rows = edits::rows(v);
    let above = coding_rows + edit_rows;
    // The detail pane grows when focused (7th-character picker, notes).
    let detail_rows = if chart.pane == Pane::Detail {
        h.saturating_sub(above + SEARCH_MIN)
    } else {
        let room = h.saturating_sub(above + SEARCH_MIN).max(4);
        (h / 4).max(6).min(room)
    };
    Layout::vertical([
        Constraint::Length(coding_rows),
        Constraint::Length(edit_rows),
        Constraint::Min(0),
        Constraint::Length(detail_rows),
    ])
    .areas(right)
}
