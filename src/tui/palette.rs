//! The command palette's vocabulary: every [`Action`] by name, plus the
//! edits that take an argument (`modifiers LT`, `units 2`, `role
//! secondary`). The palette and the help overlay both list from here.

use super::action::Action;
use super::line_edit::Edit;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Command {
    Action(Action),
    Modifiers,
    Units,
    Role,
}

/// One palette entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub name: &'static str,
    /// What to type after the name, if anything.
    pub args: &'static str,
    pub help: &'static str,
    pub command: Command,
}

/// Palette arguments for the actions that take one.
fn action_args(a: Action) -> &'static str {
    match a {
        Action::Hold => "REASON",
        Action::Theme => "[NAME]",
        Action::Poa => "[Y|N|U|W|1]",
        Action::Assign => "[CODE [SYSTEM]]",
        _ => "",
    }
}

/// Actions that make no sense typed into the palette (moves, line edits).
fn palette_worthy(a: Action) -> bool {
    Edit::for_action(a).is_none()
        && !matches!(
            a,
            Action::Palette
                | Action::Up
                | Action::Down
                | Action::PageUp
                | Action::PageDown
                | Action::Top
                | Action::Bottom
                | Action::Submit
                | Action::Back
                | Action::ForceQuit
        )
}

/// Every palette entry, in a stable order.
pub fn entries() -> Vec<Entry> {
    let mut all: Vec<Entry> = Action::ALL
        .iter()
        .filter(|a| palette_worthy(**a))
        .map(|a| Entry {
            name: a.name(),
            args: action_args(*a),
            help: a.help(),
            command: Command::Action(*a),
        })
        .collect();
    all.extend([
        Entry {
            name: "modifiers",
            args: "M [M...]",
            help: "set the selected code's modifiers (none: clear)",
            command: Command::Modifiers,
        },
        Entry {
            name: "units",
            args: "N",
            help: "set the selected code's units",
            command: Command::Units,
        },
        Entry {
            name: "role",
            args: "ROLE",
            help: "set the selected code's role (principal, secondary, admitting, reason, procedure)",
            command: Command::Role,
        },
    ]);
    all
}

/// The entries whose name starts with the first word typed.
pub fn matches(input: &str) -> Vec<Entry> {
    let word = input
        .split_whitespace()
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    entries()
        .into_iter()
        .filter(|e| e.name.starts_with(&word))
        .collect()
}

/// The command a typed word names: an exact name, or a prefix only one
/// name starts with (`fina` → finalize).
pub fn resolve(word: &str) -> Option<Command> {
    let word = word.to_ascii_lowercase();
    if word.is_empty() {
        return None;
    }
    let all = entries();
    if let Some(e) = all.iter().find(|e| e.name == word) {
        return Some(e.command);
    }
    let mut prefixed = all.iter().filter(|e| e.name.starts_with(&word));
    match (prefixed.next(), prefixed.next()) {
        (Some(e), None) => Some(e.command),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_names_and_unique_prefixes() {
        assert_eq!(resolve("finalize"), Some(Command::Action(Action::Finalize)));
        assert_eq!(resolve("fina"), Some(Command::Action(Action::Finalize)));
        assert_eq!(resolve("fin"), None, "finalize or find");
        assert_eq!(resolve("units"), Some(Command::Units));
        // "f" could be finalize, find, find_next ...
        assert_eq!(resolve("f"), None);
        assert_eq!(resolve(""), None);
        assert!(matches("th").iter().any(|e| e.name == "theme"));
    }

    #[test]
    fn every_issue_command_is_in_the_palette() {
        for name in ["finalize", "hold", "ask", "release", "theme", "mask"] {
            assert!(resolve(name).is_some(), "{name}");
        }
    }
}
