//! The one line-editing model behind every text field of the TUI (code
//! search, find in document, the provider query composer's fields, the
//! command palette): the text and a cursor, moved and edited the way shells
//! and readline do (Left/Right, Home/End, Ctrl-A/Ctrl-E, Backspace, Delete,
//! Ctrl-W, Ctrl-U). Keys reach it as [`Edit`]s through the keymap, so a
//! field never sees a key the keymap gave to something else.

use std::fmt;

use super::action::Action;

/// A text field's content and cursor. The cursor is a byte offset into the
/// text, always on a character boundary, from 0 (before the first
/// character) to the text's length (after the last).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineEdit {
    text: String,
    cursor: usize,
}

/// One editing step a key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Edit {
    Left,
    Right,
    /// To the start of the field (Home, Ctrl-A).
    Home,
    /// To the end of the field (End, Ctrl-E).
    End,
    /// The character before the cursor (Backspace, Ctrl-H).
    Backspace,
    /// The character under the cursor (Delete).
    Delete,
    /// The word before the cursor and the spaces after it (Ctrl-W).
    DeleteWordBack,
    /// Everything before the cursor (Ctrl-U).
    DeleteToStart,
}

impl Edit {
    /// The edit an action stands for, if it is a line-editing action.
    pub fn for_action(action: Action) -> Option<Edit> {
        Some(match action {
            Action::CursorLeft => Edit::Left,
            Action::CursorRight => Edit::Right,
            Action::LineStart => Edit::Home,
            Action::LineEnd => Edit::End,
            Action::DeleteChar => Edit::Backspace,
            Action::DeleteForward => Edit::Delete,
            Action::DeleteWord => Edit::DeleteWordBack,
            Action::DeleteToStart => Edit::DeleteToStart,
            _ => return None,
        })
    }
}

impl LineEdit {
    /// `text` with the cursor at its end.
    pub fn new(text: impl Into<String>) -> LineEdit {
        let text = text.into();
        LineEdit {
            cursor: text.len(),
            text,
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn is_empty(&self) -> bool {
        self.text.is_empty()
    }

    /// The cursor's byte offset into [`LineEdit::as_str`].
    pub fn cursor(&self) -> usize {
        self.cursor
    }

    /// Replaces the text; the cursor goes to its end.
    pub fn set(&mut self, text: impl Into<String>) {
        *self = LineEdit::new(text);
    }

    pub fn clear(&mut self) {
        *self = LineEdit::default();
    }

    /// The text, leaving the field empty.
    pub fn take(&mut self) -> String {
        std::mem::take(self).text
    }

    /// Types `c` at the cursor.
    pub fn insert(&mut self, c: char) {
        self.text.insert(self.cursor, c);
        self.cursor += c.len_utf8();
    }

    /// Applies `edit`; returns whether the text changed (a cursor move
    /// alone does not change it).
    pub fn apply(&mut self, edit: Edit) -> bool {
        match edit {
            Edit::Left => self.cursor = self.prev_boundary(self.cursor),
            Edit::Right => self.cursor = self.next_boundary(self.cursor),
            Edit::Home => self.cursor = 0,
            Edit::End => self.cursor = self.text.len(),
            Edit::Backspace => return self.delete_back_to(self.prev_boundary(self.cursor)),
            Edit::Delete => {
                let end = self.next_boundary(self.cursor);
                return self.text.drain(self.cursor..end).count() > 0;
            }
            Edit::DeleteWordBack => return self.delete_back_to(self.word_start()),
            Edit::DeleteToStart => return self.delete_back_to(0),
        }
        false
    }

    /// Removes `from..cursor`, leaving the cursor at `from`.
    fn delete_back_to(&mut self, from: usize) -> bool {
        let removed = self.text.drain(from..self.cursor).count() > 0;
        self.cursor = from;
        removed
    }

    fn prev_boundary(&self, at: usize) -> usize {
        self.text[..at].char_indices().last().map_or(0, |(i, _)| i)
    }

    fn next_boundary(&self, at: usize) -> usize {
        self.text[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8())
    }

    /// Where the word before the cursor starts: back over whitespace, then
    /// over the word (readline's Ctrl-W: words are split by whitespace).
    fn word_start(&self) -> usize {
        let before = &self.text[..self.cursor];
        let word_end = before.trim_end().len();
        before[..word_end]
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map_or(0, |(i, c)| i + c.len_utf8())
    }
}

impl fmt::Display for LineEdit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl PartialEq<str> for LineEdit {
    fn eq(&self, other: &str) -> bool {
        self.text == other
    }
}

impl PartialEq<&str> for LineEdit {
    fn eq(&self, other: &&str) -> bool {
        self.text == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `text` with the cursor where `|` is.
    fn at(marked: &str) -> LineEdit {
        let cursor = marked.find('|').unwrap();
        LineEdit {
            text: marked.replacen('|', "", 1),
            cursor,
        }
    }

    /// The field with `|` at the cursor.
    fn shown(f: &LineEdit) -> String {
        format!("{}|{}", &f.text[..f.cursor], &f.text[f.cursor..])
    }

    fn after(marked: &str, edits: &[Edit]) -> (String, bool) {
        let mut f = at(marked);
        let changed = edits.iter().fold(false, |ch, e| f.apply(*e) | ch);
        (shown(&f), changed)
    }

    #[test]
    fn typing_inserts_at_the_cursor() {
        let mut f = LineEdit::new("chst");
        assert_eq!(f.cursor(), 4);
        f.apply(Edit::Left);
        f.apply(Edit::Left);
        f.insert('e');
        assert_eq!(shown(&f), "che|st");
        f.apply(Edit::End);
        f.insert(' ');
        f.insert('é');
        assert_eq!(shown(&f), "chest é|");
        assert_eq!(f, "chest é");
    }

    #[test]
    fn moves_by_characters_not_bytes_and_stops_at_the_ends() {
        assert_eq!(after("ab|", &[Edit::Left; 5]), ("|ab".into(), false));
        assert_eq!(after("|ab", &[Edit::Right; 5]), ("ab|".into(), false));
        assert_eq!(after("é|é", &[Edit::Left]), ("|éé".into(), false));
        assert_eq!(after("é|é", &[Edit::Right]), ("éé|".into(), false));
        assert_eq!(after("a|bc", &[Edit::End]), ("abc|".into(), false));
        assert_eq!(after("ab|c", &[Edit::Home]), ("|abc".into(), false));
    }

    #[test]
    fn backspace_and_delete_take_one_character_either_side() {
        assert_eq!(after("ché|st", &[Edit::Backspace]), ("ch|st".into(), true));
        assert_eq!(after("ch|ést", &[Edit::Delete]), ("ch|st".into(), true));
        assert_eq!(after("|abc", &[Edit::Backspace]), ("|abc".into(), false));
        assert_eq!(after("abc|", &[Edit::Delete]), ("abc|".into(), false));
        assert_eq!(
            after("|", &[Edit::Backspace, Edit::Delete]),
            ("|".into(), false)
        );
    }

    #[test]
    fn ctrl_w_deletes_the_word_before_the_cursor() {
        let w = [Edit::DeleteWordBack];
        assert_eq!(after("chest pain|", &w), ("chest |".into(), true));
        assert_eq!(after("chest pain  |", &w), ("chest |".into(), true));
        assert_eq!(after("chest pa|in", &w), ("chest |in".into(), true));
        assert_eq!(after("chest|", &w), ("|".into(), true));
        assert_eq!(after("  |x", &w), ("|x".into(), true));
        assert_eq!(after("|chest", &w), ("|chest".into(), false));
        assert_eq!(after("dm2 w/ ckd|", &w), ("dm2 w/ |".into(), true));
    }

    #[test]
    fn ctrl_u_deletes_to_the_start() {
        let u = [Edit::DeleteToStart];
        assert_eq!(after("chest pa|in", &u), ("|in".into(), true));
        assert_eq!(after("chest|", &u), ("|".into(), true));
        assert_eq!(after("|chest", &u), ("|chest".into(), false));
    }

    #[test]
    fn set_take_and_clear_leave_the_cursor_valid() {
        let mut f = at("a|bc");
        f.set("dé");
        assert_eq!(shown(&f), "dé|");
        assert_eq!(f.take(), "dé");
        assert_eq!(shown(&f), "|");
        f.set("xyz");
        f.apply(Edit::Home);
        f.clear();
        f.insert('q');
        assert_eq!(shown(&f), "q|");
    }

    #[test]
    fn every_line_editing_action_maps_to_an_edit() {
        for a in [
            Action::CursorLeft,
            Action::CursorRight,
            Action::LineStart,
            Action::LineEnd,
            Action::DeleteChar,
            Action::DeleteForward,
            Action::DeleteWord,
            Action::DeleteToStart,
        ] {
            assert!(Edit::for_action(a).is_some(), "{a:?}");
        }
        assert_eq!(Edit::for_action(Action::Submit), None);
    }
}
