//! The coding summary: assigned codes in sequence with role, POA,
//! modifiers and units, each code that carries a coding edit marked with
//! the worst one's character (`✗`, `!`, `i`: readable without colour),
//! and each CC or MCC of an inpatient chart marked after its code (`M`,
//! `C`; lower case, `m` `c`, when the principal or a rule cancels it).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Modifier;
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row, Table, TableState};

use super::{edits, fit, pane_block};
use crate::tui::action::Action;
use crate::tui::app::{App, ChartState, Pane};
use crate::tui::model::{Role, edit_glyph};

pub fn render(frame: &mut Frame, app: &App, chart: &ChartState, area: Rect) {
    let focused = chart.pane == Pane::Coding;
    let a = &chart.view.assignments;
    // The CC/MCC column shows only where a code is marked (an outpatient
    // chart's codes pane is as it was).
    let marked = a.iter().any(|x| chart.view.cc_mark(&x.code).is_some());
    let mark_width = u16::from(marked) * 2;
    let title = title(app, focused, marked);
    let extras: Vec<String> = a
        .iter()
        .map(|x| {
            let mut extra = x.modifiers.join(" ");
            if let Some(u) = x.units {
                extra.push_str(&format!(" ×{u}"));
            }
            extra.trim().to_string()
        })
        .collect();
    let extra_width = extras
        .iter()
        .map(|e| e.chars().count())
        .max()
        .unwrap_or(0)
        .min(14) as u16;
    // Borders, the fixed columns and the spaces between them.
    let fixed = 2 + 1 + 2 + 3 + 8 + mark_width + 1 + extra_width + 6;
    let title_width = area.width.saturating_sub(fixed) as usize;
    let rows: Vec<Row> = a
        .iter()
        .enumerate()
        .map(|(i, x)| {
            let role = match x.role {
                Role::Principal => "PDX",
                Role::Secondary => "SDX",
                Role::Admitting => "ADX",
                Role::Reason => "RFV",
                Role::Procedure => "PX",
            };
            let marker = match chart.view.worst_edit(&x.code) {
                Some(severity) => Cell::from(Span::styled(
                    edit_glyph(severity).to_string(),
                    edits::glyph_style(&app.theme, severity),
                )),
                None => Cell::from(" "),
            };
            let mut cells = vec![
                marker,
                Cell::from(format!("{}", i + 1)),
                Cell::from(role),
                Cell::from(x.code.clone()),
            ];
            if marked {
                cells.push(cc_cell(app, chart, &x.code));
            }
            cells.extend([
                Cell::from(x.poa.map_or_else(|| "-".into(), |p| p.as_str().to_string())),
                Cell::from(fit(&x.title, title_width)),
                Cell::from(extras[i].clone()),
            ]);
            Row::new(cells)
        })
        .collect();
    let mut widths = vec![
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Length(3),
        Constraint::Length(8),
    ];
    if marked {
        widths.push(Constraint::Length(1));
    }
    widths.extend([
        Constraint::Length(1),
        Constraint::Min(8),
        Constraint::Length(extra_width),
    ]);
    let empty = rows.is_empty();
    let table = Table::new(rows, widths)
        .block(pane_block(app, &title, focused))
        .row_highlight_style(if focused {
            app.theme.selection
        } else {
            app.theme.base
        });
    let mut state = TableState::default().with_selected((!empty).then_some(chart.coding_selected));
    frame.render_stateful_widget(table, area, &mut state);
}

/// The code's CC/MCC mark: the character carries it (bold when it counts,
/// muted when excluded), a blank for any other code.
fn cc_cell<'a>(app: &App, chart: &ChartState, code: &str) -> Cell<'a> {
    match chart.view.cc_mark(code) {
        Some(mark) => Cell::from(Span::styled(
            mark.glyph().to_string(),
            if mark.excluded {
                app.theme.muted
            } else {
                app.theme.accent.add_modifier(Modifier::BOLD)
            },
        )),
        None => Cell::from(" "),
    }
}

/// The pane's title: its keys when focused, else the marks' legend where
/// they show (it fits the pane at 80 columns).
fn title(app: &App, focused: bool, marked: bool) -> String {
    let k = |a| app.keymap.key(a);
    if focused {
        format!(
            " Codes · {} remove · {}/{} move · {} principal · {} POA ",
            k(Action::Remove),
            k(Action::MoveUp),
            k(Action::MoveDown),
            k(Action::Principal),
            k(Action::Poa)
        )
    } else if marked {
        " Codes · M MCC · C CC · m c excluded ".to_string()
    } else {
        " Codes ".to_string()
    }
}
