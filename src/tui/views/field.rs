//! How every text field draws its [`LineEdit`]: the text, and when the
//! field has focus the cell under the cursor in reverse video (a space past
//! the end), so the cursor shows where typing goes, with colour or without.

use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

use crate::tui::line_edit::LineEdit;

/// One line of spans per line of the field's text (a question from
/// `$EDITOR` may have several), the cursor drawn when `focused`.
pub(crate) fn lines(field: &LineEdit, style: Style, focused: bool) -> Vec<Vec<Span<'_>>> {
    let text = field.as_str();
    let cursor = focused.then_some(field.cursor());
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split('\n') {
        let end = start + line.len();
        let mut spans = Vec::new();
        match cursor {
            Some(at) if (start..=end).contains(&at) => {
                let under = text[at..end].chars().next().map_or(0, char::len_utf8);
                spans.push(Span::styled(&text[start..at], style));
                let shown = if under == 0 {
                    " "
                } else {
                    &text[at..at + under]
                };
                spans.push(Span::styled(shown, style.add_modifier(Modifier::REVERSED)));
                spans.push(Span::styled(&text[at + under..end], style));
            }
            _ => spans.push(Span::styled(line, style)),
        }
        spans.retain(|s| !s.content.is_empty());
        out.push(spans);
        start = end + 1;
    }
    out
}

/// A one-line field's spans (the search query, find, palette, provider,
/// option).
pub(crate) fn spans(field: &LineEdit, style: Style, focused: bool) -> Vec<Span<'_>> {
    lines(field, style, focused).into_iter().flatten().collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::line_edit::Edit;

    /// The text with the reversed cell in brackets.
    fn drawn(field: &LineEdit, focused: bool) -> Vec<String> {
        lines(field, Style::default(), focused)
            .iter()
            .map(|spans| {
                spans
                    .iter()
                    .map(|s| {
                        if s.style.add_modifier.contains(Modifier::REVERSED) {
                            format!("[{}]", s.content)
                        } else {
                            s.content.to_string()
                        }
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn the_cursor_cell_is_reversed_where_the_cursor_is() {
        let mut f = LineEdit::new("chest");
        assert_eq!(drawn(&f, true), ["chest[ ]"]);
        assert_eq!(drawn(&f, false), ["chest"]);
        f.apply(Edit::Left);
        f.apply(Edit::Left);
        assert_eq!(drawn(&f, true), ["che[s]t"]);
        f.apply(Edit::Home);
        assert_eq!(drawn(&f, true), ["[c]hest"]);
        assert_eq!(drawn(&LineEdit::default(), true), ["[ ]"]);
        let wide = LineEdit::new("é");
        assert_eq!(drawn(&wide, true), ["é[ ]"]);
    }

    #[test]
    fn a_field_with_lines_draws_the_cursor_on_its_line() {
        let mut f = LineEdit::new("first\nsecond");
        assert_eq!(drawn(&f, true), ["first", "second[ ]"]);
        for _ in 0..7 {
            f.apply(Edit::Left);
        }
        assert_eq!(drawn(&f, true), ["first[ ]", "second"]);
        f.apply(Edit::Home);
        assert_eq!(drawn(&f, true), ["[f]irst", "second"]);
    }
}
