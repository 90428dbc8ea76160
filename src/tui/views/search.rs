//! The code search pane: the query line, then hits with the billable
//! marker and matched words highlighted. A hit from a version that does not
//! cover the chart's date of service (see `search::dated`) is marked `✗`
//! and the query line says what the mark means.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState, Paragraph};

use super::{field, highlighted, pane_block};
use crate::tui::action::Action;
use crate::tui::app::{App, ChartState, IndexState, Pane, coverage_message, pcs_query_prefix};
use crate::tui::model::SearchHit;

pub fn render(frame: &mut Frame, app: &App, chart: &ChartState, area: Rect) {
    let focused = chart.pane == Pane::Search;
    let s = &chart.search;
    let system = s.system.map_or("all", |x| x.short_name());
    let k = |a| app.keymap.key(a);
    let title = format!(
        " Search {system} ({}) · {} assigns ",
        k(Action::SystemFilter),
        k(Action::Assign)
    );
    let block = pane_block(app, &title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [input, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
    let mut query = vec![Span::styled("/ ", app.theme.title)];
    query.extend(field::spans(&s.query, app.theme.base, focused));
    let note = match (&app.index, s.pending) {
        (IndexState::Loading, _) => " index loading…",
        (IndexState::Failed(e), _) => {
            frame.render_widget(Paragraph::new(Line::from(query)), input);
            let text = format!(
                "search unavailable: {e}\n{} still assigns a code you know",
                app.keymap.command("assign CODE")
            );
            frame.render_widget(
                Paragraph::new(text)
                    .style(app.theme.error)
                    .wrap(ratatui::widgets::Wrap { trim: true }),
                list,
            );
            return;
        }
        (_, true) => " …",
        _ if !s.query.is_empty() && s.hits.is_empty() => " no codes match",
        // The newest version was searched for a date none covers.
        _ if s.hits.iter().any(|h| !h.valid_on_date) => " ✗ = not valid on DOS",
        _ => "",
    };
    // A query shaped like a partial PCS code offers the table builder.
    let pcs = pcs_query_prefix(s.query.as_str()).filter(|_| chart.view.inpatient);
    let note = if pcs.is_some() && note == " no codes match" {
        ""
    } else {
        note
    };
    query.push(Span::styled(note, app.theme.muted));
    if let Some(p) = pcs {
        let hint = format!(" {} builds {p}", k(Action::PcsBuilder));
        query.push(Span::styled(hint, app.theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(query)), input);
    let gaps = app
        .setup
        .uncovered(chart.view.coding_date, chart.view.inpatient);
    if s.hits.is_empty() && s.query.is_empty() && !gaps.is_empty() {
        let message = coverage_message(&gaps, "the date of service");
        let mut chars = message.chars();
        let capital: String = chars
            .next()
            .map(|c| c.to_ascii_uppercase())
            .into_iter()
            .collect();
        let text = format!(
            "{capital}{}. Codes found here cannot be assigned.",
            chars.as_str()
        );
        frame.render_widget(
            Paragraph::new(text)
                .style(app.theme.error)
                .wrap(ratatui::widgets::Wrap { trim: true }),
            list,
        );
        return;
    }
    if s.hits.is_empty() && s.query.is_empty() {
        let hint = if focused {
            "type words, abbreviations or a code".to_string()
        } else {
            format!("{} to search codes", k(Action::Search))
        };
        frame.render_widget(Paragraph::new(Span::styled(hint, app.theme.muted)), list);
        return;
    }
    let items: Vec<ListItem> = s.hits.iter().map(|h| hit_item(app, h)).collect();
    let widget = List::new(items).highlight_style(if focused {
        app.theme.selection
    } else {
        app.theme.base
    });
    let mut state = ListState::default().with_selected(Some(s.selected));
    frame.render_stateful_widget(widget, list, &mut state);
}

/// One hit: the billable (or not-valid) marker, the code, the title with
/// the matched words highlighted.
fn hit_item<'a>(app: &App, h: &'a SearchHit) -> ListItem<'a> {
    let marker = if !h.valid_on_date {
        Span::styled("✗ ", app.theme.error)
    } else {
        Span::styled(if h.billable { "● " } else { "  " }, app.theme.accent)
    };
    let mut spans = vec![
        marker,
        Span::styled(format!("{:<8} ", h.code), app.theme.base),
    ];
    let matched: Vec<_> = h
        .matched
        .iter()
        .map(|r| (r.clone(), app.theme.highlight))
        .collect();
    spans.extend(highlighted(&h.title, &matched, app.theme.base));
    ListItem::new(Line::from(spans))
}
