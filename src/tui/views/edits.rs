//! The coding edits pane: one line per edit on the chart's codes, worst
//! first as the engine reports them in claim order, each led by its
//! severity's character (`✗` error, `!` warning, `i` info) so it reads
//! without colour. The top border's title counts them; the bottom
//! border's right end carries the MS-DRG line ([`drg_line`]): the working
//! DRG, its weight and title, regrouped with the edits on every change (a
//! chart's DRG needs codes, as this pane does). Hidden while the chart
//! has no codes.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{List, ListItem, ListState};

use super::{fit, pane_block};
use crate::domain::chart::Status;
use crate::tui::action::Action;
use crate::tui::app::{App, ChartState, Pane};
use crate::tui::model::{ChartView, Edit, EditSeverity, GroupOutcome, edit_glyph};
use crate::tui::theme::Theme;

/// Most edit lines shown at once (more scroll).
pub const MAX_LINES: u16 = 4;

/// The rows the pane takes: none without codes; else its lines (at most
/// [`MAX_LINES`], one for "no edits" or "cannot check") and the borders.
pub fn rows(view: &ChartView) -> u16 {
    if view.assignments.is_empty() {
        return 0;
    }
    (view.edits.len() as u16).clamp(1, MAX_LINES) + 2
}

/// ` Edits · 1 error · 2 warnings · 1 info `: the counts, nothing when
/// no edit fires.
pub fn title(view: &ChartView) -> String {
    let mut title = String::from(" Edits");
    for (severity, one, many) in [
        (EditSeverity::Error, "error", "errors"),
        (EditSeverity::Warning, "warning", "warnings"),
        (EditSeverity::Info, "info", "info"),
    ] {
        let n = view.edit_count(severity);
        if n > 0 {
            let word = if n == 1 { one } else { many };
            title.push_str(&format!(" · {n} {word}"));
        }
    }
    title
}

/// The style of an edit's severity character (the character carries the
/// meaning; the style only adds to it).
pub fn glyph_style(theme: &Theme, severity: EditSeverity) -> Style {
    match severity {
        EditSeverity::Error => theme.error.add_modifier(Modifier::BOLD),
        EditSeverity::Warning => theme.accent.add_modifier(Modifier::BOLD),
        EditSeverity::Info => theme.muted,
    }
}

/// `F02.811 manifestation_as_pdx: message`: the codes as the codes pane
/// writes them, the edit's name and its message (one clean line: note text
/// is data from outside).
pub fn describe(view: &ChartView, edit: &Edit) -> String {
    let codes: Vec<String> = edit
        .codes
        .iter()
        .map(|c| {
            let key = crate::domain::codes::lookup_key(c);
            view.assignments
                .iter()
                .find(|a| crate::domain::codes::lookup_key(&a.code) == key)
                .map_or_else(|| c.clone(), |a| a.code.clone())
        })
        .collect();
    let message = crate::domain::text::single_line(&edit.message);
    let mut text = codes.join(" ");
    if !text.is_empty() {
        text.push(' ');
    }
    text.push_str(&format!("{}: {}", edit.name, message.trim()));
    text
}

/// What the bottom border says of the chart's MS-DRG, fitted to `width`
/// columns, and whether it is a problem (no DRG where one is needed):
/// ` DRG 291 · 1.3444 · HEART FAILURE AND SHOCK WITH MCC `, the stored DRG
/// once finalized (` final DRG 291 … `), ` no MS-DRG v44 grouper installed `
/// for a discharge whose lists only are bundled, or the sentence saying
/// what grouping lacks. `None` for an outpatient chart. Titles are data
/// from outside: one clean line.
pub fn drg_line(view: &ChartView, width: usize) -> Option<(String, bool)> {
    let (text, problem) = match (&view.final_drg, view.grouping.as_ref()?) {
        (Some(stored), _) if matches!(view.status, Status::Coded | Status::Audited) => {
            match &stored.current {
                Some(d) => {
                    let weight = d
                        .weight
                        .map_or_else(|| "no weight".into(), |w| w.to_string());
                    let was = if stored.regrouped() {
                        format!(" · was {}", stored.original.drg)
                    } else {
                        String::new()
                    };
                    (format!("final DRG {} · {weight}{was}", d.drg), false)
                }
                None => ("finalized without a DRG".to_string(), false),
            }
        }
        (_, GroupOutcome::Grouped(g)) => {
            let weight = g
                .weight
                .map_or_else(|| "no weight".into(), |w| w.to_string());
            let title = crate::domain::text::single_line(&g.description);
            (
                format!("DRG {} · {weight} · {}", g.drg, title.trim()),
                g.drg.is_ungroupable(),
            )
        }
        (_, GroupOutcome::ListsOnly { version, .. }) => (
            format!(
                "no MS-DRG v{} grouper installed",
                version.as_str().trim_end_matches(".0")
            ),
            false,
        ),
        (_, GroupOutcome::NotGroupable(why)) => (
            format!("no DRG: {}", crate::domain::text::single_line(why).trim()),
            true,
        ),
    };
    // A space each side, inside the corners.
    let room = width.saturating_sub(4);
    (room > 0).then(|| (format!(" {} ", fit(&text, room)), problem))
}

pub fn render(frame: &mut Frame, app: &App, chart: &ChartState, area: Rect) {
    let focused = chart.pane == Pane::Edits;
    let theme = &app.theme;
    let v = &chart.view;
    let mut title = title(v);
    if focused && !v.edits.is_empty() {
        title.push_str(&format!(" · {} to code", app.keymap.key(Action::GoToCode)));
    }
    title.push(' ');
    let mut block = pane_block(app, &title, focused);
    if let Some((line, problem)) = drg_line(v, area.width as usize) {
        let style = if problem { theme.error } else { theme.title };
        block = block.title_bottom(Line::from(Span::styled(line, style)).right_aligned());
    }
    let width = block.inner(area).width as usize;
    let items: Vec<ListItem> = if let Some(why) = &v.edits_unchecked {
        let text = format!("cannot check: {}", crate::domain::text::single_line(why));
        vec![ListItem::new(Span::styled(fit(&text, width), theme.error))]
    } else if v.edits.is_empty() {
        vec![ListItem::new(Span::styled("no edits", theme.muted))]
    } else {
        v.edits
            .iter()
            .map(|e| {
                ListItem::new(Line::from(vec![
                    Span::styled(
                        edit_glyph(e.severity).to_string(),
                        glyph_style(theme, e.severity),
                    ),
                    Span::raw(" "),
                    Span::raw(fit(&describe(v, e), width.saturating_sub(2))),
                ]))
            })
            .collect()
    };
    let selectable = v.edits_unchecked.is_none() && !v.edits.is_empty();
    let list = List::new(items).block(block).highlight_style(if focused {
        theme.selection
    } else {
        theme.base
    });
    let mut state = ListState::default().with_selected(selectable.then_some(chart.edits_selected));
    frame.render_stateful_widget(list, area, &mut state);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::drg::{Drg, GrouperVersion, Grouping, Mdc, ReturnCode, SeveritySplit};
    use crate::tui::model::CcLevel;

    fn view(grouping: Option<GroupOutcome>) -> ChartView {
        ChartView {
            id: 1,
            account: "IP-1".into(),
            mrn: "M".into(),
            patient: "P".into(),
            dob: None,
            sex: "F".into(),
            encounter_type: "inpatient".into(),
            inpatient: true,
            coding_date: chrono::NaiveDate::from_ymd_opt(2026, 4, 5).unwrap(),
            attending: String::new(),
            status: Status::InProgress,
            mine: true,
            documents: vec![],
            assignments: vec![],
            provider_queries: vec![],
            edits: vec![],
            edits_unchecked: None,
            grouping,
            final_drg: None,
        }
    }

    fn grouped(description: &str, drg: u16, weight: Option<&str>) -> GroupOutcome {
        GroupOutcome::Grouped(Grouping {
            version: GrouperVersion::V43,
            drg: Drg::new(drg).unwrap(),
            mdc: Mdc::new(4).unwrap(),
            severity: CcLevel::None,
            split: SeveritySplit::MccCc,
            description: description.into(),
            weight: weight.map(|w| w.parse().unwrap()),
            gmlos: None,
            amlos: None,
            return_code: ReturnCode::Ok,
            codes: vec![],
        })
    }

    #[test]
    fn an_untrusted_title_is_one_clean_line_cut_to_fit() {
        let v = view(Some(grouped(
            "EVIL\u{1b}[2J\nTITLE IS LONG",
            195,
            Some("0.6932"),
        )));
        let (line, problem) = drg_line(&v, 30).unwrap();
        assert!(!problem);
        assert!(!line.contains('\u{1b}') && !line.contains('\n'), "{line:?}");
        assert_eq!(line.chars().count(), 28, "{line:?}");
        assert!(line.starts_with(" DRG 195 · 0.6932 · EVIL"), "{line:?}");
    }

    #[test]
    fn a_finalized_chart_shows_its_stored_drg_and_the_original_when_regrouped() {
        use crate::domain::drg::FinalDrg;
        use crate::tui::model::ChartDrg;
        let stored = |n: u16| FinalDrg {
            drg: Drg::new(n).unwrap(),
            mdc: Mdc::new(4).unwrap(),
            version: GrouperVersion::V43,
            weight: Some("0.6932".parse().unwrap()),
        };
        let mut v = view(Some(grouped("LIVE", 194, Some("0.8811"))));
        v.final_drg = Some(ChartDrg {
            current: Some(stored(195)),
            grouped_at: "t2".into(),
            original: stored(194),
            original_grouped_at: "t1".into(),
        });
        assert!(
            drg_line(&v, 80).unwrap().0.starts_with(" DRG 194"),
            "still coding"
        );
        v.status = Status::Coded;
        let (line, problem) = drg_line(&v, 80).unwrap();
        assert_eq!(
            (line.as_str(), problem),
            (" final DRG 195 · 0.6932 · was 194 ", false)
        );
    }

    #[test]
    fn ungroupable_and_not_groupable_are_problems_outpatient_is_nothing() {
        let (line, problem) = drg_line(&view(Some(grouped("UNGROUPABLE", 999, None))), 80).unwrap();
        assert_eq!(
            (line.as_str(), problem),
            (" DRG 999 · no weight · UNGROUPABLE ", true)
        );
        let why = GroupOutcome::NotGroupable("no principal diagnosis".into());
        let (line, problem) = drg_line(&view(Some(why)), 80).unwrap();
        assert_eq!(
            (line.as_str(), problem),
            (" no DRG: no principal diagnosis ", true)
        );
        assert_eq!(drg_line(&view(None), 80), None);
        assert_eq!(drg_line(&view(Some(grouped("X", 195, None))), 4), None);
    }
}
