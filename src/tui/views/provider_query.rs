//! The provider query composer: provider, question, the coder's options
//! and the two compliant options the store always adds.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{centered, clear, field, pane_block};
use crate::tui::action::Action;
use crate::tui::app::{App, Composer, ComposerField};
use crate::tui::model::COMPLIANT_OPTIONS;

pub fn render(frame: &mut Frame, app: &App, c: &Composer, area: Rect) {
    let theme = &app.theme;
    let label = |field: ComposerField, text: &'static str| {
        Span::styled(
            text,
            if c.field == field {
                theme.selection
            } else {
                theme.header
            },
        )
    };
    let focused = |f: ComposerField| c.field == f;
    let mut provider = vec![label(ComposerField::Provider, "Provider:"), Span::raw(" ")];
    provider.extend(field::spans(
        &c.provider,
        theme.base,
        focused(ComposerField::Provider),
    ));
    // Every key as the keymap has it (remappable), so the hints are true.
    let k = |a| app.keymap.key(a);
    let editor = format!(" ({} edits in $EDITOR)", k(Action::Editor));
    let mut lines = vec![
        Line::from(provider),
        Line::from(vec![
            label(ComposerField::Question, "Question:"),
            Span::styled(editor, theme.muted),
        ]),
    ];
    if !c.question.is_empty() || focused(ComposerField::Question) {
        for line in field::lines(&c.question, theme.base, focused(ComposerField::Question)) {
            lines.push(Line::from([vec![Span::raw("  ")], line].concat()));
        }
    }
    lines.push(Line::from(vec![
        label(ComposerField::Option, "Options:"),
        Span::styled(
            format!(
                " (type one, {} adds it; {} on empty moves on)",
                k(Action::Submit),
                k(Action::Submit)
            ),
            theme.muted,
        ),
    ]));
    for (i, o) in c.options.iter().enumerate() {
        lines.push(Line::raw(format!("  {}. {o}", i + 1)));
    }
    let n = c.options.len();
    if focused(ComposerField::Option) {
        let mut option = vec![Span::raw("  +  ")];
        option.extend(field::spans(&c.option, theme.base, true));
        lines.push(Line::from(option));
    }
    for (i, o) in COMPLIANT_OPTIONS.iter().enumerate() {
        lines.push(Line::styled(
            format!("  {}. {o} (always added)", n + i + 1),
            theme.muted,
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::from(vec![
        label(ComposerField::Send, "[ Send ]"),
        Span::styled(
            format!(
                "  {} moves between fields · {} cancels",
                k(Action::NextPane),
                k(Action::Back)
            ),
            theme.muted,
        ),
    ]));
    let box_area = centered(area, 76, lines.len() as u16 + 2);
    clear(frame, theme, box_area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(pane_block(app, " Provider query ", true)),
        box_area,
    );
}
