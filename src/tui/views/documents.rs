//! The document viewer: one document at a time, wrapped to the pane,
//! scrolled by source line, with find matches highlighted.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{field, highlighted, pane_block};
use crate::tui::action::Action;
use crate::tui::app::{App, ChartState, FindState, Pane};
use crate::tui::model::mask_name;

pub fn render(frame: &mut Frame, app: &App, chart: &ChartState, area: Rect) {
    let focused = chart.pane == Pane::Documents;
    let docs = &chart.view.documents;
    let title = match docs.get(chart.document) {
        Some(d) => format!(
            " Documents {}/{} · {} · {} {} {} ",
            chart.document + 1,
            docs.len(),
            d.kind,
            d.author,
            app.keymap.key(Action::PrevDocument),
            app.keymap.key(Action::NextDocument)
        ),
        None => " Documents: none ".to_string(),
    };
    let block = pane_block(app, &title, focused);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(doc) = docs.get(chart.document) else {
        return;
    };
    let footer = footer(app, &chart.find);
    let rows = (inner.height as usize).saturating_sub(usize::from(footer.is_some()));
    let mut lines = text_lines(app, chart, &doc.text, inner.width.max(1) as usize, rows);
    if let Some(f) = footer {
        while lines.len() < rows {
            lines.push(Line::raw(""));
        }
        lines.push(f);
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// The find field while it is typed into, else the term found with the
/// keys to the next and previous match; `None` without a find.
fn footer<'a>(app: &App, find: &'a FindState) -> Option<Line<'a>> {
    if let Some(editing) = &find.editing {
        let mut spans = vec![Span::styled("find: ", app.theme.title)];
        spans.extend(field::spans(editing, app.theme.base, true));
        spans.push(Span::styled(
            format!("  {} matches", find.matches.len()),
            app.theme.muted,
        ));
        Some(Line::from(spans))
    } else if !find.term.is_empty() {
        Some(Line::styled(
            format!(
                "\"{}\": {}/{} ({}/{})",
                find.term,
                if find.matches.is_empty() {
                    0
                } else {
                    find.current + 1
                },
                find.matches.len(),
                app.keymap.key(Action::FindNext),
                app.keymap.key(Action::FindPrev)
            ),
            app.theme.muted,
        ))
    } else {
        None
    }
}

/// The chart's answered provider queries, each with who entered it, wrapped
/// to `width`, into at most `room` rows of `lines`.
fn answer_lines(
    app: &App,
    chart: &ChartState,
    masks: &[(String, String)],
    width: usize,
    room: usize,
    lines: &mut Vec<Line<'static>>,
) {
    for answer in chart
        .view
        .provider_queries
        .iter()
        .filter_map(|q| q.answer_line())
    {
        let answer = masks
            .iter()
            .fold(crate::domain::text::single_line(&answer), |t, (w, m)| {
                t.replace(w.as_str(), m)
            });
        for (start, end) in wrap(&answer, width) {
            if lines.len() >= room {
                return;
            }
            lines.push(Line::styled(
                answer[start..end].to_string(),
                app.theme.title,
            ));
        }
    }
}

/// The document's `text` from the scrolled-to line, wrapped to `width`,
/// at most `rows` rows: names masked when asked, find matches highlighted.
fn text_lines(
    app: &App,
    chart: &ChartState,
    text: &str,
    width: usize,
    rows: usize,
) -> Vec<Line<'static>> {
    let find = &chart.find;
    let masks = masks(app, chart);
    let mut lines: Vec<Line> = Vec::new();
    // Provider answers first, with who typed them in for the provider: an
    // answer is what sent the chart back to its coder. At most half the
    // pane, so the document stays readable.
    answer_lines(app, chart, &masks, width, rows / 2, &mut lines);
    for (n, raw) in text.lines().enumerate().skip(chart.scroll) {
        if lines.len() >= rows {
            break;
        }
        let masked;
        let text: &str = if masks.is_empty() {
            raw
        } else {
            masked = masks
                .iter()
                .fold(raw.to_string(), |t, (w, m)| t.replace(w.as_str(), m));
            &masked
        };
        // The current match (n/N) in its own style, the others highlighted.
        let ranges: Vec<_> = find
            .matches
            .iter()
            .enumerate()
            .filter(|(_, (line, _))| *line == n)
            .map(|(i, (_, r))| {
                let style = if i == find.current {
                    app.theme.current_match
                } else {
                    app.theme.highlight
                };
                (r.clone(), style)
            })
            .collect();
        for (start, end) in wrap(text, width) {
            if lines.len() >= rows {
                break;
            }
            let local: Vec<_> = ranges
                .iter()
                .filter(|(r, _)| r.start < end && r.end > start)
                .map(|(r, style)| (r.start.max(start) - start..r.end.min(end) - start, *style))
                .collect();
            let spans = highlighted(&text[start..end], &local, app.theme.base);
            lines.push(Line::from(
                spans
                    .into_iter()
                    .map(|s| Span::styled(s.content.into_owned(), s.style))
                    .collect::<Vec<_>>(),
            ));
        }
    }
    lines
}

/// The patient's names and their masks, when names are masked.
fn masks(app: &App, chart: &ChartState) -> Vec<(String, String)> {
    if !app.masked {
        return Vec::new();
    }
    chart
        .view
        .patient
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() > 1)
        .map(|w| (w.to_string(), mask_name(w)))
        .collect()
}

/// Splits `text` into byte ranges of at most `width` characters, breaking
/// at spaces where it can.
fn wrap(text: &str, width: usize) -> Vec<(usize, usize)> {
    if text.is_empty() {
        return vec![(0, 0)];
    }
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut start = 0; // index into chars
    while start < chars.len() {
        let end = (start + width).min(chars.len());
        let mut cut = end;
        if end < chars.len()
            && let Some(space) = (start + 1..end).rev().find(|i| chars[*i].1 == ' ')
        {
            cut = space + 1;
        }
        let byte_end = chars.get(cut).map_or(text.len(), |(b, _)| *b);
        out.push((chars[start].0, byte_end));
        start = cut;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_spaces_and_long_words() {
        let t = "alpha beta gamma";
        let parts: Vec<&str> = wrap(t, 11).iter().map(|(a, b)| &t[*a..*b]).collect();
        assert_eq!(parts, vec!["alpha beta ", "gamma"]);
        let t = "abcdefghij";
        let parts: Vec<&str> = wrap(t, 4).iter().map(|(a, b)| &t[*a..*b]).collect();
        assert_eq!(parts, vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 5), vec![(0, 0)]);
        let t = "ééé ééé";
        assert_eq!(wrap(t, 4).len(), 2);
    }
}
