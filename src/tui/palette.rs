//! The command palette's vocabulary: every [`Action`] by name, plus the
//! edits that take an argument (`modifiers LT`, `units 2`, `role
//! secondary`). The palette and the help overlay both list from here, and
//! [`parse`] turns what was typed into a typed [`Command`], so the app
//! never reads an argument string.

use super::action::Action;
use super::line_edit::Edit;
use super::model::{Poa, Role};
use super::workbench::AssignmentEdit;
use crate::domain::codes::CodeSystem;

/// What a palette entry names: an action, or an edit of the selected code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Action(Action),
    Modifiers,
    Units,
    Role,
}

/// What the app runs: an action as its key runs it, or a palette command
/// with its argument already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// An action with nothing typed after it (what every key runs).
    Plain(Action),
    /// `hold REASON`.
    Hold(String),
    /// `theme NAME`.
    Theme(String),
    /// `poa Y`: one of Y N U W 1.
    Poa(Poa),
    /// `assign CODE [SYSTEM]`: a code the coder knows, no search needed.
    Assign {
        code: String,
        system: Option<CodeSystem>,
    },
    /// `modifiers`, `units`, `role`: a change to the selected code.
    Edit(AssignmentEdit),
}

/// One palette entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub name: &'static str,
    /// What to type after the name, if anything.
    pub args: &'static str,
    pub help: &'static str,
    pub verb: Verb,
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
            verb: Verb::Action(*a),
        })
        .collect();
    all.extend([
        Entry {
            name: "modifiers",
            args: "M [M...]",
            help: "set the selected code's modifiers (none: clear)",
            verb: Verb::Modifiers,
        },
        Entry {
            name: "units",
            args: "N",
            help: "set the selected code's units",
            verb: Verb::Units,
        },
        Entry {
            name: "role",
            args: "ROLE",
            help: "set the selected code's role (principal, secondary, admitting, reason, procedure)",
            verb: Verb::Role,
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

/// The verb a typed word names: an exact name, or a prefix only one
/// name starts with (`fina` → finalize).
pub fn resolve(word: &str) -> Option<Verb> {
    let word = word.to_ascii_lowercase();
    if word.is_empty() {
        return None;
    }
    let all = entries();
    if let Some(e) = all.iter().find(|e| e.name == word) {
        return Some(e.verb);
    }
    let mut prefixed = all.iter().filter(|e| e.name.starts_with(&word));
    match (prefixed.next(), prefixed.next()) {
        (Some(e), None) => Some(e.verb),
        _ => None,
    }
}

/// The command typed into the palette; `selected` is the highlighted
/// entry, run when the word typed names none (Enter on an empty or partial
/// entry). The error is what the status line says.
pub fn parse(input: &str, selected: usize) -> Result<Command, String> {
    let input = input.trim();
    let (word, arg) = input.split_once(' ').unwrap_or((input, ""));
    let arg = arg.trim();
    let verb = resolve(word)
        .or_else(|| matches(input).get(selected).map(|e| e.verb))
        .ok_or_else(|| format!("unknown command {word:?} (? lists them)"))?;
    match verb {
        Verb::Action(a) => action_command(a, arg),
        Verb::Modifiers => Ok(Command::Edit(AssignmentEdit::Modifiers(
            arg.split_whitespace()
                .map(|m| m.to_ascii_uppercase())
                .collect(),
        ))),
        Verb::Units => match arg {
            "" => Ok(Command::Edit(AssignmentEdit::Units(None))),
            n => match n.parse::<u32>() {
                Ok(u) if u > 0 => Ok(Command::Edit(AssignmentEdit::Units(Some(u)))),
                _ => Err("units is a whole number above 0".into()),
            },
        },
        Verb::Role => match arg.parse::<Role>() {
            Ok(r) => Ok(Command::Edit(AssignmentEdit::Role(r))),
            Err(_) => Err("role is principal, secondary, admitting, reason or procedure".into()),
        },
    }
}

/// An action with what was typed after its name (`hold REASON`, `theme
/// NAME`, `poa Y`, `assign CODE [SYSTEM]`; other actions ignore it).
fn action_command(a: Action, arg: &str) -> Result<Command, String> {
    if arg.is_empty() {
        return Ok(Command::Plain(a));
    }
    Ok(match a {
        Action::Hold => Command::Hold(arg.to_string()),
        Action::Theme => Command::Theme(arg.to_string()),
        Action::Poa => {
            // `poa yes` as `poa Y`: the first letter, as before.
            let first: String = arg.trim().chars().take(1).collect();
            match super::model::Poa::parse(&first) {
                Some(p) => Command::Poa(p),
                None => return Err("POA is one of Y N U W 1".into()),
            }
        }
        Action::Assign => {
            let mut words = arg.split_whitespace();
            let code = words.next().unwrap_or_default().to_string();
            let system = match words.next() {
                Some(s) => Some(
                    s.parse::<CodeSystem>()
                        .map_err(|_| format!("unknown code system {s:?}"))?,
                ),
                None => None,
            };
            Command::Assign { code, system }
        }
        other => Command::Plain(other),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_names_and_unique_prefixes() {
        assert_eq!(resolve("finalize"), Some(Verb::Action(Action::Finalize)));
        assert_eq!(resolve("fina"), Some(Verb::Action(Action::Finalize)));
        assert_eq!(resolve("fin"), None, "finalize or find");
        assert_eq!(resolve("units"), Some(Verb::Units));
        // "f" could be finalize, find, find_next ...
        assert_eq!(resolve("f"), None);
        assert_eq!(resolve(""), None);
        assert!(matches("th").iter().any(|e| e.name == "theme"));
    }

    #[test]
    fn parses_typed_commands_with_their_arguments() {
        assert_eq!(parse("fina", 0), Ok(Command::Plain(Action::Finalize)));
        assert_eq!(
            parse("hold  awaiting op note ", 0),
            Ok(Command::Hold("awaiting op note".into()))
        );
        assert_eq!(parse("hold", 0), Ok(Command::Plain(Action::Hold)));
        assert_eq!(parse("poa yes", 0), Ok(Command::Poa(Poa::Y)));
        assert!(parse("poa x", 0).is_err());
        assert_eq!(
            parse("assign 99213 cpt", 0),
            Ok(Command::Assign {
                code: "99213".into(),
                system: Some(CodeSystem::Cpt)
            })
        );
        assert!(parse("assign 99213 nope", 0).unwrap_err().contains("nope"));
        assert_eq!(
            parse("units 2", 0),
            Ok(Command::Edit(AssignmentEdit::Units(Some(2))))
        );
        assert!(parse("units 0", 0).is_err());
        assert_eq!(
            parse("modifiers lt 59", 0),
            Ok(Command::Edit(AssignmentEdit::Modifiers(vec![
                "LT".into(),
                "59".into()
            ])))
        );
        assert!(parse("role boss", 0).is_err());
        // Enter on a partial entry runs the highlighted match.
        let second = matches("th").first().map(|e| e.verb);
        assert_eq!(second, Some(Verb::Action(Action::Theme)));
        assert_eq!(parse("", 0), Ok(Command::Plain(Action::Help)));
        assert!(parse("zzz", 0).unwrap_err().contains("unknown command"));
    }

    #[test]
    fn every_issue_command_is_in_the_palette() {
        for name in ["finalize", "hold", "ask", "release", "theme", "mask"] {
            assert!(resolve(name).is_some(), "{name}");
        }
    }
}
