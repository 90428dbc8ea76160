//! Drawing the reports screen: a tab bar, then per tab a sparkline or bar
//! chart over a table. Everything fits 80x24; colours come from the theme
//! (so `NO_COLOR` and 16-colour terminals read it: bars are drawn in block
//! characters, not colour alone).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Paragraph, Row, Sparkline, Table, Tabs};

use super::{ReportTab, ReportsState};
use crate::domain::report::{AgeBucket, BacklogReport, ProductivityReport, QueriesReport};
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::views::{clear, fit, pane_block};

pub fn render(frame: &mut Frame, app: &App, s: &ReportsState, area: Rect) {
    clear(frame, &app.theme, area);
    let k = |a| app.keymap.key(a);
    let block = pane_block(app, " Reports ", true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [tabs_area, body, hint_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(inner);
    let titles: Vec<&str> = ReportTab::ALL.iter().map(|t| t.title()).collect();
    let tabs = Tabs::new(titles)
        .select(s.tab)
        .style(app.theme.muted)
        .highlight_style(app.theme.selection);
    frame.render_widget(tabs, tabs_area);
    let hints = format!(
        "{} next tab · {} previous · {}/{} scroll · {} back",
        k(Action::NextPane),
        k(Action::PrevPane),
        k(Action::Up),
        k(Action::Down),
        k(Action::Back)
    );
    frame.render_widget(
        Paragraph::new(fit(&hints, hint_area.width as usize)).style(app.theme.muted),
        hint_area,
    );
    let shown = match s.tab() {
        ReportTab::Productivity => s
            .data
            .productivity
            .as_ref()
            .map(|r| productivity(frame, app, r, s.scroll, body)),
        ReportTab::Backlog => s
            .data
            .backlog
            .as_ref()
            .map(|r| backlog(frame, app, r, s.scroll, body)),
        ReportTab::Queries => s
            .data
            .queries
            .as_ref()
            .map(|r| queries(frame, app, r, s.scroll, body)),
        ReportTab::Accuracy => s
            .data
            .accuracy
            .as_ref()
            .map(|r| super::accuracy::render(frame, app, r, s.scroll, body)),
    };
    if let Err(why) = shown {
        let text = format!("Not shown: {why}");
        frame.render_widget(
            Paragraph::new(fit(&text, body.width as usize)).style(app.theme.error),
            body,
        );
    }
}

pub(super) fn table<'a>(
    app: &App,
    header: &'a [&'a str],
    rows: Vec<Vec<String>>,
    scroll: usize,
) -> Table<'a> {
    let widths: Vec<Constraint> = header
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let w = rows
                .iter()
                .map(|r| r.get(i).map_or(0, |c| c.chars().count()))
                .max()
                .unwrap_or(0)
                .max(h.len());
            Constraint::Length(w as u16)
        })
        .collect();
    let rows: Vec<Row> = rows.into_iter().skip(scroll).map(Row::new).collect();
    Table::new(rows, widths)
        .header(Row::new(header.iter().copied()).style(app.theme.header))
        .column_spacing(2)
        .style(app.theme.base)
}

fn opt(v: Option<f64>, places: usize) -> String {
    v.map_or_else(|| "-".to_string(), |x| format!("{x:.places$}"))
}

fn productivity(frame: &mut Frame, app: &App, r: &ProductivityReport, scroll: usize, area: Rect) {
    let [summary, spark, rows] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(3),
        Constraint::Min(1),
    ])
    .areas(area);
    let text = format!(
        "{}..{} ({}): {} finalized, {:.1} h worked, {}/h",
        r.period.from,
        r.period.to,
        r.time_zone,
        r.total.charts_finalized,
        r.total.seconds_worked as f64 / 3600.0,
        opt(r.total.charts_per_hour, 2)
    );
    frame.render_widget(Paragraph::new(fit(&text, summary.width as usize)), summary);
    let days: Vec<u64> = r.per_day.iter().map(|d| d.count).collect();
    let [label, line] =
        Layout::horizontal([Constraint::Length(10), Constraint::Min(1)]).areas(spark);
    frame.render_widget(
        Paragraph::new(vec![Line::raw("finalized"), Line::raw("per day")]).style(app.theme.muted),
        label,
    );
    frame.render_widget(
        Sparkline::default().data(&days).style(app.theme.accent),
        line,
    );
    let body: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|x| {
            vec![
                x.coder.clone(),
                x.encounter_type.to_string(),
                x.charts_finalized.to_string(),
                format!("{:.2}", x.seconds_worked as f64 / 3600.0),
                opt(x.charts_per_hour, 2),
            ]
        })
        .collect();
    const HEADER: [&str; 5] = ["CODER", "TYPE", "FINALIZED", "HOURS", "PER HOUR"];
    frame.render_widget(table(app, &HEADER, body, scroll), rows);
}

fn backlog(frame: &mut Frame, app: &App, r: &BacklogReport, scroll: usize, area: Rect) {
    let [top, rows] = Layout::vertical([Constraint::Length(7), Constraint::Min(1)]).areas(area);
    let [chart, holds] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(top);
    let total: u64 = r.rows.iter().map(|x| x.charts).sum();
    let bars: Vec<Bar> = AgeBucket::ALL
        .iter()
        .map(|b| {
            let n: u64 = r
                .rows
                .iter()
                .filter(|x| x.age == *b)
                .map(|x| x.charts)
                .sum();
            Bar::default().value(n).label(Line::raw(b.label()))
        })
        .collect();
    let title = format!("{total} not final-coded, days since discharge");
    let [t, c] = Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(chart);
    frame.render_widget(
        Paragraph::new(fit(&title, (t.width as usize).saturating_sub(1))),
        t,
    );
    frame.render_widget(
        BarChart::default()
            .data(BarGroup::default().bars(&bars))
            .bar_width(5)
            .bar_gap(1)
            .bar_style(app.theme.accent)
            .value_style(app.theme.selection),
        c,
    );
    let hold_rows: Vec<Vec<String>> = r
        .holds
        .iter()
        .map(|h| {
            vec![
                h.reason.clone(),
                h.placed.to_string(),
                h.on_hold_now.to_string(),
            ]
        })
        .collect();
    const HOLDS: [&str; 3] = ["HOLD REASON", "PLACED", "NOW"];
    frame.render_widget(table(app, &HOLDS, hold_rows, 0), holds);
    let body: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|x| {
            vec![
                x.queue.clone(),
                x.age.label().to_string(),
                x.charts.to_string(),
                format!("{:.4}", x.weight),
                format!("{:.2}", x.expected_charges_cents as f64 / 100.0),
            ]
        })
        .collect();
    const HEADER: [&str; 5] = ["QUEUE", "DAYS", "CHARTS", "WEIGHT", "EXPECTED $"];
    frame.render_widget(table(app, &HEADER, body, scroll), rows);
}

fn queries(frame: &mut Frame, app: &App, r: &QueriesReport, scroll: usize, area: Rect) {
    let [summary, rows] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let t = &r.total;
    let text = format!(
        "{}..{}: {} sent, {} answered, median {} h, agreement {}%",
        r.period.from,
        r.period.to,
        t.sent,
        t.answered,
        opt(t.median_response_hours, 1),
        opt(t.agreement_percent, 1)
    );
    frame.render_widget(Paragraph::new(fit(&text, summary.width as usize)), summary);
    let body: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|x| {
            vec![
                fit(&x.provider, 26),
                x.sent.to_string(),
                x.answered.to_string(),
                opt(x.median_response_hours, 1),
                opt(x.agreement_percent, 1),
            ]
        })
        .collect();
    const HEADER: [&str; 5] = ["PROVIDER", "SENT", "ANSWERED", "MEDIAN H", "AGREE %"];
    frame.render_widget(table(app, &HEADER, body, scroll), rows);
}
