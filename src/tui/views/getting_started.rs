//! The getting-started guidance, generated from live data (who you are,
//! the charts in the database, the code sets installed and whether they
//! cover today): the queue screen of a database without charts, the
//! no-users screen, and the "Getting started" part of the help.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{pane_block, wrap_words};
use crate::domain::codes::CodeSystem;
use crate::domain::coverage::{self, SystemCoverage};
use crate::tui::app::App;
use crate::tui::model::UserRole;

/// Width of the code-system column.
const SYSTEM: usize = 12;

/// The whole guidance for a box `width` columns wide, one screen row per
/// line: who you are, how charts come in, the code sets.
pub fn lines(app: &App, width: usize) -> Vec<Line<'static>> {
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

/// The queue screen of a database with no charts.
pub fn render_first_run(frame: &mut Frame, app: &App, area: Rect) {
    let block = pane_block(app, " Getting started · r reloads · ? help ", true);
    let width = block.inner(area).width as usize;
    frame.render_widget(Paragraph::new(lines(app, width)).block(block), area);
}

/// The screen of a database with no users.
pub fn render_no_users(frame: &mut Frame, app: &App, area: Rect) {
    let block = pane_block(app, " chartq · no users yet · ? help · q quits ", true);
    let width = block.inner(area).width as usize;
    frame.render_widget(Paragraph::new(lines(app, width)).block(block), area);
}
