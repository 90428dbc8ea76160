//! The help and the getting-started guidance as text, built from live
//! data: the keymap (so every key named is the key bound), the palette's
//! commands, who you are, the charts and the code sets installed. The
//! views draw it; the help overlay's state scrolls over it.

use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::action::Action;
use super::app::App;
use super::keymap::Keymap;
use super::model::UserRole;
use super::palette;
use super::theme::Theme;
use crate::domain::codes::CodeSystem;
use crate::domain::coverage::{self, SystemCoverage};

/// Width of the key column; longer keys push their text one space past it.
const KEYS: usize = 24;

/// The help text for a box `width` columns wide (inside its border), one
/// screen row per line: each entry's text wraps under its own column, never
/// back to the left edge where it would read as a heading.
pub fn help(app: &App, width: usize) -> Vec<Line<'static>> {
    let theme = &app.theme;
    // Getting started comes first while there is nothing to code yet (no
    // users, no charts), after the keys otherwise.
    let first_run = app.workbench.role().is_none() || app.setup.charts == Some(0);
    let mut guidance = vec![Line::styled("Getting started", theme.header)];
    guidance.extend(getting_started(app, width));
    let mut out = Vec::new();
    if first_run {
        out.append(&mut guidance);
        out.push(Line::raw(""));
    }
    out.push(Line::styled("To code a chart:", theme.header));
    // Wrapped narrower than the box, as the paragraph always was.
    let columns = width.saturating_sub(2).min(74);
    for row in wrap_words(&how_to_code(&app.keymap), columns, columns) {
        out.push(Line::raw(format!("  {row}")));
    }
    for (scope, rows) in app.keymap.help_sections() {
        out.push(Line::raw(""));
        out.push(Line::styled(scope.title().to_string(), theme.header));
        for (keys, action) in rows {
            // The name `[tui.keys]` and the palette use.
            let name = Span::styled(format!("({})", action.name()), theme.muted);
            let text = app.keymap.fill(action.help());
            entry(&mut out, theme, width, &keys, &text, Some(name));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        format!(
            "Commands (type {} then the name; a unique prefix is enough)",
            app.keymap.key(Action::Palette)
        ),
        theme.header,
    ));
    for e in palette::entries() {
        let keys = app.keymap.command(&format!("{} {}", e.name, e.args));
        let text = app.keymap.fill(e.help);
        entry(&mut out, theme, width, keys.trim_end(), &text, None);
    }
    if !first_run {
        out.push(Line::raw(""));
        out.append(&mut guidance);
    }
    out
}

/// One help entry: `keys` in the title style, then `text` (and `name`)
/// word-wrapped to `width` under the text column.
fn entry(
    out: &mut Vec<Line<'static>>,
    theme: &Theme,
    width: usize,
    keys: &str,
    text: &str,
    name: Option<Span<'static>>,
) {
    let keys = format!("  {keys}");
    let indent = KEYS.max(keys.chars().count() + 1);
    let words = text
        .split_whitespace()
        .map(|w| Span::raw(w.to_string()))
        .chain(name);
    let mut row = vec![Span::styled(format!("{keys:<indent$}"), theme.title)];
    let mut used = indent;
    for word in words {
        let w = word.content.chars().count();
        if used > indent {
            if used + 1 + w > width {
                out.push(Line::from(std::mem::take(&mut row)));
                row.push(Span::raw(" ".repeat(indent)));
                used = indent;
            } else {
                row.push(Span::raw(" "));
                used += 1;
            }
        }
        used += w;
        row.push(word);
    }
    out.push(Line::from(row));
}

/// The help's walk through coding a chart, its keys from `keys`.
fn how_to_code(keys: &Keymap) -> String {
    let k = |a| keys.key(a);
    format!(
        "{} claims the next chart · {} searches codes: type, {} assigns the highlighted code \
         (the first diagnosis is the principal) · {} leaves the search · {} moves between \
         panes (codes pane: {} sets POA)\n{} finalizes, {} confirms · {} goes back · {} quits",
        k(Action::ClaimNext),
        k(Action::Search),
        k(Action::Assign),
        k(Action::Back),
        k(Action::NextPane),
        k(Action::Poa),
        k(Action::Finalize),
        k(Action::Submit),
        k(Action::Back),
        k(Action::Quit),
    )
}

/// How many rows the help has in a terminal of `size`, and how many of
/// them show at once (the box `views::help` draws: the screen less the
/// status line, at most 110 wide).
pub fn help_rows(app: &App, size: (u16, u16)) -> (usize, usize) {
    let visible = size.1.saturating_sub(3) as usize;
    let width = size.0.min(HELP_WIDTH).saturating_sub(2) as usize;
    (help(app, width).len(), visible)
}

/// The help box's widest.
pub const HELP_WIDTH: u16 = 110;

/// Width of the code-system column.
const SYSTEM: usize = 12;

/// The whole guidance for a box `width` columns wide, one screen row per
/// line: who you are, how charts come in, the code sets.
pub fn getting_started(app: &App, width: usize) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    match app.workbench.role() {
        None => no_users(app, width, &mut out),
        Some(role) => {
            who(app, role, width, &mut out);
            charts(app, role, width, &mut out);
        }
    }
    out.push(Line::raw(""));
    code_sets(app, width, &mut out);
    out
}

fn who(app: &App, role: UserRole, width: usize, out: &mut Vec<Line<'static>>) {
    let text = format!(
        "You are {} ({role}) on {}.",
        app.workbench.user(),
        app.workbench.database()
    );
    plain(out, width, &text, Style::default());
}

fn charts(app: &App, role: UserRole, width: usize, out: &mut Vec<Line<'static>>) {
    let theme = &app.theme;
    match app.setup.charts {
        Some(0) => {
            let who_imports = if role >= UserRole::Supervisor {
                "Import a chart feed (JSON Lines, one chart a line, or CSV):"
            } else {
                "A supervisor or admin imports a chart feed (JSON Lines or CSV):"
            };
            plain(
                out,
                width,
                &format!("No charts in this database yet. {who_imports}"),
                Style::default(),
            );
            command(out, theme.title, "chartq charts import FILE");
            plain(
                out,
                width,
                "Or try chartq on synthetic charts, in a demo database of its own:",
                Style::default(),
            );
            command(out, theme.title, "chartq --demo");
        }
        Some(n) => plain(
            out,
            width,
            &format!(
                "{n} chart{} in this database; more come in with chartq charts import FILE.",
                if n == 1 { "" } else { "s" }
            ),
            Style::default(),
        ),
        None => {}
    }
}

fn no_users(app: &App, width: usize, out: &mut Vec<Line<'static>>) {
    let theme = &app.theme;
    plain(
        out,
        width,
        "This database has no users yet, so chartq cannot tell what you may do; \
         it never makes anyone admin by itself.",
        theme.error,
    );
    out.push(Line::raw(""));
    plain(
        out,
        width,
        "The owner of the database file makes the first admin, in a shell:",
        Style::default(),
    );
    command(out, theme.title, "chartq init");
    plain(
        out,
        width,
        &format!(
            "(with --db {} if that is not your default database). Then the admin adds \
             users (chartq user add LOGIN) and imports charts (chartq charts import FILE); \
             start chartq again.",
            app.workbench.database()
        ),
        Style::default(),
    );
    plain(
        out,
        width,
        &format!("You are logged in as {}.", app.workbench.user()),
        theme.muted,
    );
}

fn code_sets(app: &App, width: usize, out: &mut Vec<Line<'static>>) {
    let theme = &app.theme;
    out.push(Line::styled(
        format!("Code sets installed (today is {}):", app.today),
        theme.header,
    ));
    for c in coverage::coverage(&app.setup.versions, app.today) {
        // An uncovered ICD-10 system stops every chart of today; CPT and
        // HCPCS are the site's own files, not bundled.
        let style =
            if c.covered() || !matches!(c.system, CodeSystem::Icd10Cm | CodeSystem::Icd10Pcs) {
                Style::default()
            } else {
                theme.error
            };
        hanging(
            out,
            width,
            Span::styled(format!("  {}", c.system), theme.title),
            SYSTEM + 2,
            &system_text(&c),
            style,
        );
    }
}

/// One system's row: what is installed, whether it covers today, and what
/// to import when it does not.
fn system_text(c: &SystemCoverage) -> String {
    let mut text = match &c.covering {
        Some(label) => {
            let range = c.installed.iter().find(|r| &r.label == label);
            let others: Vec<&str> = c
                .installed
                .iter()
                .filter(|r| &r.label != label)
                .map(|r| r.label.as_str())
                .collect();
            let mut t = format!(
                "{} covers today",
                range.map_or_else(|| label.clone(), |r| r.to_string())
            );
            if !others.is_empty() {
                t.push_str(&format!("; also {}", others.join(", ")));
            }
            t
        }
        None if c.installed.is_empty() => "none installed".to_string(),
        None => {
            let ranges: Vec<String> = c.installed.iter().map(|r| r.to_string()).collect();
            format!("{}; none covers today", ranges.join(", "))
        }
    };
    if let Some(a) = c.advice() {
        text.push_str(&format!(
            ". To code today, import {} from {}",
            a.release, a.source
        ));
        if !a.files.is_empty() {
            text.push_str(&format!(" ({})", a.file_names()));
        }
        text.push_str(&format!(": {}", a.command()));
    }
    text
}

/// `text` word-wrapped to `width`.
fn plain(out: &mut Vec<Line<'static>>, width: usize, text: &str, style: Style) {
    for part in wrap_words(text, width, width) {
        out.push(Line::styled(part, style));
    }
}

/// A command to type, indented.
fn command(out: &mut Vec<Line<'static>>, style: Style, text: &str) {
    out.push(Line::from(vec![
        Span::raw("  "),
        Span::styled(text.to_string(), style),
    ]));
}

/// `head`, then `text` wrapped under a column `indent` wide.
fn hanging(
    out: &mut Vec<Line<'static>>,
    width: usize,
    head: Span<'static>,
    indent: usize,
    text: &str,
    style: Style,
) {
    let head_len = head.content.chars().count();
    let indent = indent.max(head_len + 1);
    let columns = width.saturating_sub(indent).max(10);
    for (i, part) in wrap_words(text, columns, columns).into_iter().enumerate() {
        let lead = if i == 0 {
            let pad = " ".repeat(indent - head_len);
            vec![head.clone(), Span::raw(pad)]
        } else {
            vec![Span::raw(" ".repeat(indent))]
        };
        let mut spans = lead;
        spans.push(Span::styled(part, style));
        out.push(Line::from(spans));
    }
}

/// `text` broken at spaces into lines of at most `first` characters (the
/// first line) and `rest` (the others); a word longer than a line is split;
/// a newline in `text` always starts a new line.
pub(crate) fn wrap_words(text: &str, first: usize, rest: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let width_now = |out: &Vec<String>| if out.is_empty() { first } else { rest }.max(1);
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut len = 0;
        for word in paragraph.split_whitespace() {
            let w = word.chars().count();
            if len > 0 && len + 1 + w <= width_now(&out) {
                line.push(' ');
                line.push_str(word);
                len += 1 + w;
                continue;
            }
            if len > 0 {
                out.push(std::mem::take(&mut line));
            }
            let mut chars: Vec<char> = word.chars().collect();
            while chars.len() > width_now(&out) {
                let cut = width_now(&out);
                out.push(chars.drain(..cut).collect());
            }
            len = chars.len();
            line = chars.into_iter().collect();
        }
        out.push(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::wrap_words;

    #[test]
    fn wraps_at_spaces_splits_long_words_and_keeps_newlines() {
        assert_eq!(wrap_words("one two three", 7, 7), ["one two", "three"]);
        assert_eq!(wrap_words("one two three", 3, 9), ["one", "two three"]);
        assert_eq!(
            wrap_words("a /very/long/path b", 4, 6),
            ["a", "/very/", "long/p", "ath b"]
        );
        assert_eq!(wrap_words("x\ny", 10, 10), ["x", "y"]);
        assert_eq!(wrap_words("", 10, 10), [""]);
    }
}
