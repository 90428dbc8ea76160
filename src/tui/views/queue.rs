//! The queue screen: counts, then my charts and the claimable queue.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState};

use super::{fit, getting_started, pane_block, patient, wrap_words};
use crate::tui::action::Action;
use crate::tui::app::{App, QueueFilter, SortKey, coverage_message};
use crate::tui::model::QueueRow;

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    // Today not covered by ICD-10-CM or -PCS: nothing of today can be
    // coded, so say so above the queue, with what to import.
    // (A first run's guidance lists the code sets itself.)
    let first_run = app.setup.charts == Some(0);
    let warning = if first_run {
        Vec::new()
    } else {
        coverage_warning(app, area.width.saturating_sub(1) as usize)
    };
    let [head, warn, table] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(warning.len().min(3) as u16),
        Constraint::Min(3),
    ])
    .areas(area);
    let lines: Vec<Line> = warning
        .into_iter()
        .map(|l| Line::styled(format!(" {l}"), theme.error))
        .collect();
    frame.render_widget(Paragraph::new(lines), warn);
    let (new, mine, hold, due) = app.queue.counts(app.today);
    let counts = Line::from(vec![
        Span::styled(" chartq ", theme.title),
        Span::raw(format!(
            "new {new} · mine {mine} · on hold {hold} · due by today {due}"
        )),
        Span::styled("  (* mine, ! answered)", theme.muted),
    ]);
    frame.render_widget(Paragraph::new(counts), head);
    if first_run {
        return getting_started::render_first_run(frame, app, table);
    }
    render_table(frame, app, table);
}

/// What to import when no ICD-10 code set covers today, wrapped to
/// `width`; empty when today is covered.
fn coverage_warning(app: &App, width: usize) -> Vec<String> {
    let gaps = app.setup.uncovered(app.today, true);
    if gaps.is_empty() {
        return Vec::new();
    }
    let text = format!(
        "{} ({} lists the code sets)",
        coverage_message(&gaps, "today"),
        app.keymap.key(Action::Help)
    );
    wrap_words(&text, width, width)
}

/// The queue's table, titled with its sort, its filter and the keys.
fn render_table(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let rows = app.queue.visible();
    let widths = [
        Constraint::Length(15),
        Constraint::Min(12),
        Constraint::Length(10),
        Constraint::Length(10),
        Constraint::Length(4),
        Constraint::Length(3),
        Constraint::Length(11),
        Constraint::Length(2),
    ];
    let header = Row::new([
        "Account", "Patient", "Type", "Service", "Wait", "Pri", "Status", "Q",
    ])
    .style(theme.header);
    let body: Vec<Row> = rows.iter().map(|r| row(app, r)).collect();
    let title = title(app, rows.is_empty());
    let table_widget = Table::new(body, widths)
        .header(header)
        .block(pane_block(app, &title, true))
        .row_highlight_style(theme.selection)
        .column_spacing(1);
    let mut state =
        TableState::default().with_selected((!rows.is_empty()).then_some(app.queue.selected));
    frame.render_stateful_widget(table_widget, area, &mut state);
}

/// The table's title: the sort and filter with the keys that change them.
fn title(app: &App, empty: bool) -> String {
    let k = |a| app.keymap.key(a);
    let sort = match app.queue.sort {
        SortKey::Priority => "priority",
        SortKey::Waiting => "days waiting",
        SortKey::DateOfService => "date of service",
        SortKey::Account => "account",
    };
    let filter = match app.queue.filter {
        QueueFilter::All => "all",
        QueueFilter::Mine => "mine",
        QueueFilter::New => "new",
        QueueFilter::OnHold => "on hold",
    };
    if empty {
        format!(
            " Queue ({filter}): empty · {} reloads · {} claims the next chart ",
            k(Action::Refresh),
            k(Action::ClaimNext)
        )
    } else {
        format!(
            " Queue · sort {sort} ({}) · show {filter} ({}) · {} opens · {} next ",
            k(Action::Sort),
            k(Action::Filter),
            k(Action::Open),
            k(Action::ClaimNext)
        )
    }
}

fn row<'a>(app: &App, r: &QueueRow) -> Row<'a> {
    let status = format!(
        "{}{}{}",
        r.status,
        if r.mine { "*" } else { "" },
        if r.flagged { "!" } else { "" }
    );
    Row::new(vec![
        Cell::from(fit(&r.account, 15)),
        Cell::from(patient(app, &r.patient)),
        Cell::from(fit(&r.encounter_type, 10)),
        Cell::from(r.date_of_service.format("%Y-%m-%d").to_string()),
        Cell::from(format!("{:>3}d", r.days_waiting)),
        Cell::from(format!("{:>3}", r.priority)),
        Cell::from(status),
        Cell::from(if r.open_queries > 0 {
            r.open_queries.to_string()
        } else {
            String::new()
        }),
    ])
}
