//! Key scripts: a line of key names in the keymap's syntax (`"n"`,
//! `"ctrl-g"`, `"Enter"`, `"F1"`, `"shift-tab"`), separated by whitespace,
//! with `"quoted text"` typed character by character. The TUI's tests and
//! benches drive the app with them, so the fake and the real workbench
//! are given the very same key presses.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::keymap::{KeyChord, KeyCodeOrd};

/// One step of a script: a key press, or text typed a character at a time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(KeyEvent),
    Text(String),
}

impl Step {
    /// The key presses this step sends.
    pub fn events(&self) -> Vec<KeyEvent> {
        match self {
            Step::Key(k) => vec![*k],
            Step::Text(t) => t
                .chars()
                .map(|c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
                .collect(),
        }
    }
}

/// The key press a terminal sends for `chord`: an upper-case letter comes
/// with Shift, as crossterm reports it.
pub fn event(chord: &KeyChord) -> KeyEvent {
    let code = match chord.code {
        KeyCodeOrd::Char(c) => KeyCode::Char(c),
        KeyCodeOrd::Enter => KeyCode::Enter,
        KeyCodeOrd::Esc => KeyCode::Esc,
        KeyCodeOrd::Tab => KeyCode::Tab,
        KeyCodeOrd::BackTab => KeyCode::BackTab,
        KeyCodeOrd::Backspace => KeyCode::Backspace,
        KeyCodeOrd::Delete => KeyCode::Delete,
        KeyCodeOrd::Up => KeyCode::Up,
        KeyCodeOrd::Down => KeyCode::Down,
        KeyCodeOrd::Left => KeyCode::Left,
        KeyCodeOrd::Right => KeyCode::Right,
        KeyCodeOrd::Home => KeyCode::Home,
        KeyCodeOrd::End => KeyCode::End,
        KeyCodeOrd::PageUp => KeyCode::PageUp,
        KeyCodeOrd::PageDown => KeyCode::PageDown,
        KeyCodeOrd::F(n) => KeyCode::F(n),
    };
    let mut mods = KeyModifiers::NONE;
    if chord.ctrl {
        mods |= KeyModifiers::CONTROL;
    }
    if chord.alt {
        mods |= KeyModifiers::ALT;
    }
    if chord.shift || matches!(code, KeyCode::Char(c) if c.is_ascii_uppercase()) {
        mods |= KeyModifiers::SHIFT;
    }
    KeyEvent::new(code, mods)
}

/// One key press from its name (`"ctrl-n"`, `"G"`, `"esc"`, `"F1"`).
pub fn key(name: &str) -> Result<KeyEvent, String> {
    KeyChord::parse(name).map(|c| event(&c))
}

/// Parses a script: whitespace-separated key names; `"text"` in double
/// quotes is typed as it stands (spaces included).
pub fn parse(script: &str) -> Result<Vec<Step>, String> {
    let mut out = Vec::new();
    let mut rest = script.trim_start();
    while !rest.is_empty() {
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted
                .find('"')
                .ok_or_else(|| format!("no closing quote in {script:?}"))?;
            out.push(Step::Text(quoted[..end].to_string()));
            rest = quoted[end + 1..].trim_start();
        } else {
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            out.push(Step::Key(key(&rest[..end])?));
            rest = rest[end..].trim_start();
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_the_events_a_terminal_sends() {
        let k = |code, mods| KeyEvent::new(code, mods);
        assert_eq!(
            key("ctrl-n"),
            Ok(k(KeyCode::Char('n'), KeyModifiers::CONTROL))
        );
        assert_eq!(key("Enter"), Ok(k(KeyCode::Enter, KeyModifiers::NONE)));
        assert_eq!(key("esc"), Ok(k(KeyCode::Esc, KeyModifiers::NONE)));
        assert_eq!(key("F1"), Ok(k(KeyCode::F(1), KeyModifiers::NONE)));
        assert_eq!(key("G"), Ok(k(KeyCode::Char('G'), KeyModifiers::SHIFT)));
        assert_eq!(
            key("shift-tab"),
            Ok(k(KeyCode::BackTab, KeyModifiers::NONE))
        );
        assert!(key("ctrl-nosuch").is_err());
    }

    #[test]
    fn quoted_text_is_typed_as_it_stands() {
        let steps = parse(r#"n / "chest pain" Enter"#).unwrap();
        assert_eq!(steps.len(), 4);
        assert_eq!(steps[2], Step::Text("chest pain".into()));
        assert_eq!(steps[2].events().len(), 10);
        assert!(parse(r#"/ "open"#).is_err());
        assert_eq!(parse("  "), Ok(vec![]));
    }
}
