//! Drawing. Every view reads the app's plain-data state and draws; none
//! touches the store. `render` picks the screen, then any overlay.

mod chart;
mod coding;
mod detail;
mod documents;
mod edits;
pub(crate) mod field;
mod finalize;
mod getting_started;
mod help;
mod index_browser;
mod palette;
mod pcs_builder;
mod provider_query;
mod queue;
mod search;

use std::ops::Range;

use ratatui::Frame;
use ratatui::layout::{Alignment, Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

use super::action::Action;
use super::app::{App, IndexState, MIN_SIZE, Overlay, Screen};
pub(crate) use super::guide::wrap_words;
use super::theme::Theme;

/// Draws the whole screen.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    frame.render_widget(Block::new().style(app.theme.base), area);
    if area.width < MIN_SIZE.0 || area.height < MIN_SIZE.1 {
        return too_small(frame, app, area);
    }
    if app.locked {
        return locked(frame, app, area);
    }
    // A long message wraps onto more rows (never more than a quarter of
    // the screen) rather than being cut at the edge.
    let status_rows = status_lines(app, area.width as usize, (area.height / 4).max(1) as usize);
    let [body, status] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(status_rows.len() as u16),
    ])
    .areas(area);
    match (app.screen, &app.chart) {
        (Screen::Workspace, Some(chart)) => chart::render(frame, app, chart, body),
        (Screen::NoUsers, _) => getting_started::render_no_users(frame, app, body),
        _ => queue::render(frame, app, body),
    }
    let style = match &app.status {
        Some(m) if m.is_error() => app.theme.status.patch(app.theme.error),
        _ => app.theme.status,
    };
    let lines: Vec<Line> = status_rows.into_iter().map(Line::raw).collect();
    frame.render_widget(Paragraph::new(lines).style(style), status);
    match &app.overlay {
        Some(Overlay::Help(h)) => help::render(frame, app, h.scroll, body),
        Some(Overlay::Palette(p)) => palette::render(frame, app, &p.input, p.selected, body),
        Some(Overlay::Composer(c)) => provider_query::render(frame, app, c, body),
        Some(Overlay::PcsBuilder(b)) => pcs_builder::render(frame, app, b, body),
        Some(Overlay::Index(b)) => index_browser::render(frame, app, b, body),
        Some(Overlay::Reports(s)) => crate::tui::reports::view::render(frame, app, s, body),
        Some(Overlay::Review(s)) => {
            crate::tui::review::view::render_in(frame, body, s, &review_help(app, s.form.is_some()))
        }
        Some(Overlay::Outcomes(s)) => crate::tui::review::outcomes_view::render_in(
            frame,
            body,
            s,
            &outcomes_help(app, s.writing.is_some()),
        ),
        Some(
            o @ (Overlay::ConfirmFinalize
            | Overlay::Problems(_)
            | Overlay::Acknowledge(_)
            | Overlay::Finalized { .. }),
        ) => finalize::render(frame, app, o, body),
        None => {}
    }
}

/// `key help` pairs from the live keymap, two spaces apart.
fn hints(app: &App, keys: &[(Action, &str)]) -> Vec<String> {
    keys.iter()
        .map(|(a, h)| format!("{} {h}", app.keymap.key(*a)))
        .collect()
}

/// What a hint calls `action`'s key where printable keys type text: its
/// first key that types nothing and survives SSH (else the usual one).
fn typing_key(app: &App, action: Action) -> String {
    app.keymap
        .keys_for(action)
        .into_iter()
        .find(|k| k.printable().is_none() && !k.is_fragile())
        .map_or_else(|| app.keymap.key(action), |k| k.to_string())
}

/// The review screen's help lines from the live keymap (the decision
/// form's while one is open).
fn review_help(app: &App, form: bool) -> String {
    use Action::*;
    let updown = format!("{}/{}", app.keymap.key(Up), app.keymap.key(Down));
    if form {
        let mut parts = hints(app, &[(ReviewFieldNext, "next field")]);
        let (up, down) = (typing_key(app, Up), typing_key(app, Down));
        parts.push(format!("{up}/{down} pick a hit / change the value"));
        parts.extend(hints(app, &[(Submit, "record"), (Back, "cancel")]));
        return parts.join("  ");
    }
    let keys = [
        (ReviewAgree, "agree"),
        (ReviewChange, "change"),
        (ReviewAdd, "add"),
        (ReviewPoa, "POA"),
        (ReviewDelete, "delete"),
        (ReviewDeleteWhy, "delete+comment"),
        (ReviewReason, "reason"),
        (NextDocument, "doc"),
        (ReviewClose, "close"),
        (ReviewRelease, "release"),
        (Back, "leave"),
    ];
    let mut parts = vec![format!("{updown} move")];
    parts.extend(hints(app, &keys));
    parts.join("  ")
}

/// The outcomes screen's help lines from the live keymap.
fn outcomes_help(app: &App, writing: bool) -> String {
    use Action::*;
    if writing {
        return hints(app, &[(Submit, "send"), (Back, "cancel")]).join("  ");
    }
    let mut parts = vec![format!(
        "{}/{} move",
        app.keymap.key(Up),
        app.keymap.key(Down)
    )];
    parts.extend(hints(
        app,
        &[
            (ReviewRebut, "rebut (coder, once)"),
            (ReviewAccept, "accept"),
            (ReviewUphold, "uphold (auditors)"),
            (Back, "leave"),
        ],
    ));
    parts.join("  ")
}

fn too_small(frame: &mut Frame, app: &App, area: Rect) {
    let text = format!(
        "terminal too small (need {}x{}, now {}x{})",
        MIN_SIZE.0, MIN_SIZE.1, area.width, area.height
    );
    let y = area.height / 2;
    let line = Rect::new(area.x, area.y + y, area.width, 1.min(area.height));
    frame.render_widget(
        Paragraph::new(text)
            .style(app.theme.error)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true }),
        Rect {
            height: area.height - y,
            ..line
        },
    );
}

fn locked(frame: &mut Frame, app: &App, area: Rect) {
    let minutes = app.idle_lock.map_or(0, |d| d.as_secs() / 60);
    let lines = vec![
        Line::styled("chartq is locked", app.theme.title),
        Line::raw(""),
        Line::raw(format!(
            "No input for {minutes} minutes: patient data is hidden."
        )),
        Line::raw("Press any key to continue."),
    ];
    let block = centered(area, 60, 6);
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .block(pane_block(app, "", true)),
        block,
    );
}

/// The status line's rows for a screen `width` columns wide: the message
/// (or the key hint) with the index state and the user on the right of the
/// first row; a message too long for it wraps onto rows below, at most
/// `max_rows` (the last one cut with `…` past that).
pub fn status_lines(app: &App, width: usize, max_rows: usize) -> Vec<String> {
    let index = match &app.index {
        IndexState::Loading => "code index loading…".to_string(),
        IndexState::Ready => String::new(),
        IndexState::Failed(_) => "search off".to_string(),
    };
    let right = format!("{} {} ", index, app.workbench.user());
    let right_len = right.chars().count().min(width);
    let right: String = right.chars().take(right_len).collect();
    let message = match &app.status {
        Some(m) => m.text.clone(),
        None => format!(
            "{} help · {} commands · {} quit",
            app.keymap.key(Action::Help),
            app.keymap.key(Action::Palette),
            app.keymap.key(Action::Quit)
        ),
    };
    // One space before the text on every row; one between it and `right`.
    let first = width.saturating_sub(right_len + 2).max(1);
    let rest = width.saturating_sub(2).max(1);
    let mut parts = wrap_words(&message, first, rest);
    if parts.len() > max_rows.max(1) {
        parts.truncate(max_rows.max(1));
        if let Some(last) = parts.last_mut() {
            *last = fit(&format!("{last} …"), rest);
        }
    }
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let text = format!(" {part}");
            if i == 0 {
                let pad = width.saturating_sub(text.chars().count() + right_len);
                format!("{text}{}{right}", " ".repeat(pad))
            } else {
                text
            }
        })
        .collect()
}

/// A bordered pane; the focused one has the focus border style.
pub(crate) fn pane_block<'a>(app: &App, title: &'a str, focused: bool) -> Block<'a> {
    let theme = &app.theme;
    let border = if focused {
        theme.border_focus
    } else {
        theme.border
    };
    Block::bordered()
        .border_set(theme.borders)
        .border_style(border)
        .title(Span::styled(
            title,
            if focused { theme.title } else { theme.border },
        ))
}

/// `text` with each byte range drawn in its own style over `base` (matched
/// words in the highlight style; the current find match in its own).
pub(crate) fn highlighted<'a>(
    text: &'a str,
    ranges: &[(Range<usize>, Style)],
    base: Style,
) -> Vec<Span<'a>> {
    let mut spans = Vec::new();
    let mut at = 0;
    let mut sorted: Vec<&(Range<usize>, Style)> = ranges.iter().collect();
    sorted.sort_by_key(|(r, _)| r.start);
    for (r, hl) in sorted {
        let (start, end) = (r.start.max(at), r.end.min(text.len()));
        if start >= end || !text.is_char_boundary(start) || !text.is_char_boundary(end) {
            continue;
        }
        if start > at {
            spans.push(Span::styled(&text[at..start], base));
        }
        spans.push(Span::styled(&text[start..end], base.patch(*hl)));
        at = end;
    }
    if at < text.len() {
        spans.push(Span::styled(&text[at..], base));
    }
    spans
}

/// A `width`x`height` box centred in `area` (clipped to it), cleared.
pub(crate) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let w = width.min(area.width);
    let h = height.min(area.height);
    Rect::new(
        area.x + (area.width - w) / 2,
        area.y + (area.height - h) / 2,
        w,
        h,
    )
}

/// Clears `area` and fills it with the theme's base style (for overlays).
pub(crate) fn clear(frame: &mut Frame, theme: &Theme, area: Rect) {
    frame.render_widget(Clear, area);
    frame.render_widget(Block::new().style(theme.base), area);
}

/// The patient's name as the masking setting allows.
pub(crate) fn patient(app: &App, name: &str) -> String {
    if app.masked {
        super::model::mask_name(name)
    } else {
        name.to_string()
    }
}

/// Truncates `s` to `width` characters, marking the cut with `…`.
pub(crate) fn fit(s: &str, width: usize) -> String {
    if s.chars().count() <= width {
        return s.to_string();
    }
    let mut out: String = s.chars().take(width.saturating_sub(1)).collect();
    out.push('…');
    out
}
