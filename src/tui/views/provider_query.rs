//! The provider query composer: provider, question, the coder's options
//! and the two compliant options the store always adds.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::{centered, clear, pane_block};
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
    let cursor = |field: ComposerField| if c.field == field { "▏" } else { "" };
    let mut lines = vec![
        Line::from(vec![
            label(ComposerField::Provider, "Provider:"),
            Span::raw(format!(
                " {}{}",
                c.draft.provider,
                cursor(ComposerField::Provider)
            )),
        ]),
        Line::from(vec![
            label(ComposerField::Question, "Question:"),
            Span::styled(" (Ctrl-E edits in $EDITOR)", theme.muted),
        ]),
    ];
    for l in c.draft.question.lines() {
        lines.push(Line::raw(format!("  {l}")));
    }
    if c.field == ComposerField::Question {
        lines.push(Line::raw("  ▏"));
    }
    lines.push(Line::from(vec![
        label(ComposerField::Option, "Options:"),
        Span::styled(
            " (type one, Enter adds it; Enter on empty moves on)",
            theme.muted,
        ),
    ]));
    for (i, o) in c.draft.options.iter().enumerate() {
        lines.push(Line::raw(format!("  {}. {o}", i + 1)));
    }
    let n = c.draft.options.len();
    if c.field == ComposerField::Option {
        lines.push(Line::raw(format!("  +  {}▏", c.option)));
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
        Span::styled("  Tab moves between fields · Ctrl-G cancels", theme.muted),
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
