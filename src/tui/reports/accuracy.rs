//! The reports screen's Accuracy tab: coding accuracy from every closed
//! review (`app::review::accuracy`, the figures of `chartq report
//! accuracy`), one line per group — everyone, each coder, queue and month —
//! with the top reasons for changes above the table.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use crate::app::review::accuracy::{AccuracyLine, AccuracyReport, Ratio};
use crate::tui::app::App;
use crate::tui::views::fit;

/// `agreed/total pct%`, or `-` when nothing was counted.
fn cell(r: Ratio) -> String {
    match r.percent() {
        Some(p) => format!("{}/{} {p:.1}%", r.agreed, r.total),
        None => "-".into(),
    }
}

/// The table's groups, labelled (`all`, `coder ana`, `queue ed`, `month
/// 2026-11`).
pub fn rows(r: &AccuracyReport) -> Vec<(String, &AccuracyLine)> {
    let mut out = vec![(r.all.group.clone(), &r.all)];
    for (kind, lines) in [
        ("coder", &r.by_coder),
        ("queue", &r.by_queue),
        ("month", &r.by_period),
    ] {
        out.extend(lines.iter().map(|l| (format!("{kind} {}", l.group), l)));
    }
    out
}

/// Draws the tab in `area`.
pub fn render(frame: &mut Frame, app: &App, r: &AccuracyReport, scroll: usize, area: Rect) {
    let [summary, table_area] =
        Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
    let reasons: Vec<String> = r
        .all
        .reasons
        .iter()
        .take(4)
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    let text = format!(
        "{} closed reviews · charts with no change {} · DRG changed {}/{}\nTop reasons: {}",
        r.reviews,
        r.all
            .charts
            .percent()
            .map_or_else(|| "-".to_string(), |p| format!("{p:.1}%")),
        r.all.drg.total - r.all.drg.agreed,
        r.all.drg.total,
        if reasons.is_empty() {
            "-".into()
        } else {
            reasons.join(", ")
        }
    );
    let lines: Vec<String> = text
        .lines()
        .map(|l| fit(l, summary.width as usize).to_string())
        .collect();
    frame.render_widget(Paragraph::new(lines.join("\n")), summary);
    const HEADER: [&str; 5] = ["group", "charts", "codes", "POA", "DRG changed"];
    let body: Vec<Vec<String>> = rows(r)
        .into_iter()
        .map(|(name, l)| {
            vec![
                name,
                cell(l.charts),
                cell(l.codes),
                cell(l.poa),
                format!("{}/{}", l.drg.total - l.drg.agreed, l.drg.total),
            ]
        })
        .collect();
    frame.render_widget(super::view::table(app, &HEADER, body, scroll), table_area);
}
