//! Keys → actions, per scope. The defaults follow the issue (`?` help, `n`
//! next chart, `/` search, `:` palette, `Ctrl-G` back ...); `[tui.keys]` in
//! `config.toml` rebinds any action by name. Every action has a key that
//! needs no Esc, Alt or Ctrl-Shift (those break over SSH and tmux), and the
//! palette runs any action by name as well.

use std::collections::BTreeMap;
use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Scope};

/// A key with its modifiers, normalised so `G` and `Shift-g` are the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyChord {
    pub code: KeyCodeOrd,
    pub ctrl: bool,
    pub alt: bool,
    pub shift: bool,
}

/// `KeyCode` with an order, so bindings list stably in the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyCodeOrd {
    Char(char),
    F(u8),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Up,
    Down,
    Left,
    Right,
    Home,
    End,
    PageUp,
    PageDown,
}

impl KeyChord {
    pub fn from_event(ev: &KeyEvent) -> Option<KeyChord> {
        let code = match ev.code {
            KeyCode::Char(c) => KeyCodeOrd::Char(c),
            KeyCode::F(n) => KeyCodeOrd::F(n),
            KeyCode::Enter => KeyCodeOrd::Enter,
            KeyCode::Esc => KeyCodeOrd::Esc,
            KeyCode::Tab => KeyCodeOrd::Tab,
            KeyCode::BackTab => KeyCodeOrd::BackTab,
            KeyCode::Backspace => KeyCodeOrd::Backspace,
            KeyCode::Delete => KeyCodeOrd::Delete,
            KeyCode::Up => KeyCodeOrd::Up,
            KeyCode::Down => KeyCodeOrd::Down,
            KeyCode::Left => KeyCodeOrd::Left,
            KeyCode::Right => KeyCodeOrd::Right,
            KeyCode::Home => KeyCodeOrd::Home,
            KeyCode::End => KeyCodeOrd::End,
            KeyCode::PageUp => KeyCodeOrd::PageUp,
            KeyCode::PageDown => KeyCodeOrd::PageDown,
            _ => return None,
        };
        Some(Self::new(code, ev.modifiers))
    }

    fn new(code: KeyCodeOrd, mods: KeyModifiers) -> KeyChord {
        let mut chord = KeyChord {
            code,
            ctrl: mods.contains(KeyModifiers::CONTROL),
            alt: mods.contains(KeyModifiers::ALT),
            shift: mods.contains(KeyModifiers::SHIFT),
        };
        // The character's case already says Shift; BackTab is Shift-Tab.
        match &mut chord.code {
            KeyCodeOrd::Char(c) => {
                if chord.ctrl {
                    *c = c.to_ascii_lowercase();
                }
                chord.shift = false;
            }
            KeyCodeOrd::BackTab => chord.shift = false,
            _ => {}
        }
        chord
    }

    /// Parses `"n"`, `"G"`, `"ctrl-g"`, `"shift-tab"`, `"pgdn"`, `"enter"`.
    pub fn parse(text: &str) -> Result<KeyChord, String> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        loop {
            let lower = rest.to_ascii_lowercase();
            let (m, len) = if lower.starts_with("ctrl-") {
                (KeyModifiers::CONTROL, 5)
            } else if lower.starts_with("alt-") {
                (KeyModifiers::ALT, 4)
            } else if lower.starts_with("shift-") && rest.len() > 6 {
                (KeyModifiers::SHIFT, 6)
            } else {
                break;
            };
            mods |= m;
            rest = &rest[len..];
        }
        let lower = rest.to_ascii_lowercase();
        let code = match lower.as_str() {
            "enter" | "return" => KeyCodeOrd::Enter,
            "esc" | "escape" => KeyCodeOrd::Esc,
            "tab" if mods.contains(KeyModifiers::SHIFT) => KeyCodeOrd::BackTab,
            "tab" => KeyCodeOrd::Tab,
            "backtab" => KeyCodeOrd::BackTab,
            "backspace" => KeyCodeOrd::Backspace,
            "delete" | "del" => KeyCodeOrd::Delete,
            "up" => KeyCodeOrd::Up,
            "down" => KeyCodeOrd::Down,
            "left" => KeyCodeOrd::Left,
            "right" => KeyCodeOrd::Right,
            "home" => KeyCodeOrd::Home,
            "end" => KeyCodeOrd::End,
            "pgup" | "pageup" => KeyCodeOrd::PageUp,
            "pgdn" | "pagedown" => KeyCodeOrd::PageDown,
            "space" => KeyCodeOrd::Char(' '),
            f if f.len() > 1 && f.starts_with('f') && f[1..].parse::<u8>().is_ok() => {
                KeyCodeOrd::F(f[1..].parse().unwrap_or(1))
            }
            _ => {
                let mut chars = rest.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) => {
                        if mods.contains(KeyModifiers::SHIFT) {
                            KeyCodeOrd::Char(c.to_ascii_uppercase())
                        } else {
                            KeyCodeOrd::Char(c)
                        }
                    }
                    _ => return Err(format!("unknown key {text:?}")),
                }
            }
        };
        Ok(Self::new(code, mods))
    }

    /// A printable character typed without Ctrl or Alt: text, in a field.
    pub fn printable(&self) -> Option<char> {
        match self.code {
            KeyCodeOrd::Char(c) if !self.ctrl && !self.alt => Some(c),
            _ => None,
        }
    }

    /// Keys that do not survive SSH/tmux reliably.
    pub fn is_fragile(&self) -> bool {
        self.code == KeyCodeOrd::Esc || self.alt || (self.ctrl && self.shift)
    }
}

impl fmt::Display for KeyChord {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.ctrl {
            f.write_str("Ctrl-")?;
        }
        if self.alt {
            f.write_str("Alt-")?;
        }
        if self.shift {
            f.write_str("Shift-")?;
        }
        match self.code {
            KeyCodeOrd::Char(' ') => f.write_str("Space"),
            KeyCodeOrd::Char(c) if self.ctrl => write!(f, "{}", c.to_ascii_uppercase()),
            KeyCodeOrd::Char(c) => write!(f, "{c}"),
            KeyCodeOrd::F(n) => write!(f, "F{n}"),
            KeyCodeOrd::Enter => f.write_str("Enter"),
            KeyCodeOrd::Esc => f.write_str("Esc"),
            KeyCodeOrd::Tab => f.write_str("Tab"),
            KeyCodeOrd::BackTab => f.write_str("Shift-Tab"),
            KeyCodeOrd::Backspace => f.write_str("Backspace"),
            KeyCodeOrd::Delete => f.write_str("Del"),
            KeyCodeOrd::Up => f.write_str("Up"),
            KeyCodeOrd::Down => f.write_str("Down"),
            KeyCodeOrd::Left => f.write_str("Left"),
            KeyCodeOrd::Right => f.write_str("Right"),
            KeyCodeOrd::Home => f.write_str("Home"),
            KeyCodeOrd::End => f.write_str("End"),
            KeyCodeOrd::PageUp => f.write_str("PgUp"),
            KeyCodeOrd::PageDown => f.write_str("PgDn"),
        }
    }
}

/// The default bindings: `(scope, key, action)`.
const DEFAULTS: &[(Scope, &str, Action)] = {
    use Action::*;
    use Scope as S;
    &[
        (S::Global, "?", Help),
        (S::Global, "F1", Help),
        (S::Global, ":", Palette),
        (S::Global, "ctrl-g", Back),
        (S::Global, "esc", Back),
        (S::Global, "q", Quit),
        (S::Global, "ctrl-c", ForceQuit),
        (S::Global, "ctrl-z", Suspend),
        (S::Global, "k", Up),
        (S::Global, "up", Up),
        (S::Global, "ctrl-p", Up),
        (S::Global, "j", Down),
        (S::Global, "down", Down),
        (S::Global, "ctrl-n", Down),
        (S::Global, "g", Top),
        (S::Global, "home", Top),
        (S::Global, "G", Bottom),
        (S::Global, "end", Bottom),
        (S::Global, "pgup", PageUp),
        (S::Global, "ctrl-b", PageUp),
        (S::Global, "pgdn", PageDown),
        (S::Global, "ctrl-f", PageDown),
        (S::Global, "M", Mask),
        (S::Global, "T", Theme),
        (S::Queue, "n", ClaimNext),
        (S::Queue, "enter", Open),
        (S::Queue, "s", Sort),
        (S::Queue, "f", Filter),
        (S::Queue, "r", Refresh),
        (S::Workspace, "tab", NextPane),
        (S::Workspace, "shift-tab", PrevPane),
        (S::Workspace, "/", Search),
        (S::Workspace, "F", Finalize),
        (S::Workspace, "a", Ask),
        (S::Documents, "f", Find),
        (S::Documents, "n", FindNext),
        (S::Documents, "N", FindPrev),
        (S::Documents, "]", NextDocument),
        (S::Documents, "right", NextDocument),
        (S::Documents, "[", PrevDocument),
        (S::Documents, "left", PrevDocument),
        (S::Coding, "d", Remove),
        (S::Coding, "delete", Remove),
        (S::Coding, "K", MoveUp),
        (S::Coding, "J", MoveDown),
        (S::Coding, "p", Principal),
        (S::Coding, "o", Poa),
        (S::Edits, "enter", GoToCode),
        (S::Finalize, "A", Acknowledge),
        (S::Search, "enter", Assign),
        (S::Search, "ctrl-t", SystemFilter),
        (S::Detail, "enter", Assign),
        (S::Input, "enter", Submit),
        (S::Input, "ctrl-o", Editor),
        // Line editing, as in shells. Input comes first in a text field's
        // scope chain, so Home/End move the cursor there, not the list.
        (S::Input, "left", CursorLeft),
        (S::Input, "right", CursorRight),
        (S::Input, "home", LineStart),
        (S::Input, "ctrl-a", LineStart),
        (S::Input, "end", LineEnd),
        (S::Input, "ctrl-e", LineEnd),
        (S::Input, "backspace", DeleteChar),
        (S::Input, "ctrl-h", DeleteChar),
        (S::Input, "delete", DeleteForward),
        (S::Input, "ctrl-w", DeleteWord),
        (S::Input, "ctrl-u", DeleteToStart),
        // The ICD-10-PCS table builder.
        (S::Workspace, "ctrl-x", PcsBuilder),
        (S::Workspace, "i", IndexBrowser),
        (S::Index, "right", IndexExpand),
        (S::Index, "left", IndexCollapse),
        (S::Index, "enter", IndexFollow),
        (S::Index, "tab", IndexSeeAlso),
        (S::Index, "ctrl-y", IndexAssign),
        (S::Queue, "R", Reports),
        (S::Queue, "V", ReviewNext),
        (S::Review, "a", ReviewAgree),
        (S::Review, "p", ReviewPoa),
        (S::Review, "d", ReviewDelete),
        (S::Review, "r", ReviewReason),
        (S::Review, "c", ReviewClose),
        (S::Review, "x", ReviewRelease),
        (S::Review, "]", NextDocument),
        (S::Review, "n", NextDocument),
        (S::Review, "e", ReviewChange),
        (S::Review, "+", ReviewAdd),
        (S::Review, "D", ReviewDeleteWhy),
        (S::ReviewForm, "tab", ReviewFieldNext),
        (S::ReviewForm, "shift-tab", ReviewFieldPrev),
        (S::Queue, "O", ReviewOutcomes),
        (S::Outcomes, "b", ReviewRebut),
        (S::Outcomes, "y", ReviewAccept),
        (S::Outcomes, "u", ReviewUphold),
    ]
};

/// The live bindings.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<(Scope, KeyChord), Action>,
}

impl Default for Keymap {
    fn default() -> Self {
        let bindings = DEFAULTS
            .iter()
            .map(|(scope, key, action)| {
                let chord = KeyChord::parse(key).expect("default keys parse");
                ((*scope, chord), *action)
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    /// The defaults with `overrides` (action name → keys) applied: an
    /// overridden action loses its default keys in every scope it had them
    /// and gets the new ones there instead. Errors name `tui.keys.NAME`; a
    /// key left bound to two actions in one scope (by two overrides, or an
    /// override and a default kept) is an error naming both.
    pub fn with_overrides(overrides: &[(String, Vec<String>)]) -> Result<Keymap, String> {
        let mut map = Keymap::default();
        // Every overridden action's scopes, before any default is dropped,
        // so the order of the overrides does not matter (swapping two keys
        // works).
        let mut planned = Vec::new();
        for (name, keys) in overrides {
            let action = Action::from_name(name)
                .ok_or_else(|| format!("tui.keys.{name}: no such action"))?;
            let mut scopes: Vec<Scope> = map
                .bindings
                .iter()
                .filter(|(_, a)| **a == action)
                .map(|((s, _), _)| *s)
                .collect();
            scopes.dedup();
            if scopes.is_empty() {
                scopes.push(action.scope());
            }
            let chords = keys
                .iter()
                .map(|key| KeyChord::parse(key).map_err(|e| format!("tui.keys.{name}: {e}")))
                .collect::<Result<Vec<_>, _>>()?;
            planned.push((name, action, scopes, chords));
        }
        let overridden: Vec<Action> = planned.iter().map(|p| p.1).collect();
        map.bindings.retain(|_, a| !overridden.contains(a));
        for (name, action, scopes, chords) in planned {
            for chord in chords {
                for scope in &scopes {
                    match map.bindings.insert((*scope, chord), action) {
                        Some(other) if other != action => {
                            let how = if overridden.contains(&other) {
                                format!("tui.keys.{}", other.name())
                            } else {
                                format!("{} by default", other.name())
                            };
                            return Err(format!(
                                "tui.keys.{name}: key {chord} is already bound to {how} in the \
                                 {} scope; one key can run only one action there (rebind {} too)",
                                scope.title(),
                                other.name()
                            ));
                        }
                        _ => {}
                    }
                }
            }
        }
        Ok(map)
    }

    /// The action for `key` in the first scope of `chain` that binds it.
    pub fn lookup(&self, chain: &[Scope], key: &KeyChord) -> Option<Action> {
        chain
            .iter()
            .find_map(|scope| self.bindings.get(&(*scope, *key)).copied())
    }

    /// The keys bound to `action` in any scope, in a stable order.
    pub fn keys_for(&self, action: Action) -> Vec<KeyChord> {
        let mut keys: Vec<KeyChord> = self
            .bindings
            .iter()
            .filter(|(_, a)| **a == action)
            .map(|((_, k), _)| *k)
            .collect();
        keys.sort();
        keys.dedup();
        keys
    }

    /// The key a hint on screen names for `action`: its first key that
    /// survives SSH (else its first); `None` when nothing is bound.
    pub fn hint_key(&self, action: Action) -> Option<KeyChord> {
        let keys = self.keys_for(action);
        keys.iter()
            .find(|k| !k.is_fragile())
            .or(keys.first())
            .copied()
    }

    /// What a hint calls the key of `action` (`Ctrl-G`, `n`), so the hint
    /// follows `[tui.keys]`; an action with no key by its palette command.
    pub fn key(&self, action: Action) -> String {
        match self.hint_key(action) {
            Some(k) => k.to_string(),
            None => self.command(action.name()),
        }
    }

    /// `text` with every `{action}` in it replaced by that action's key
    /// (the help texts name keys this way).
    pub fn fill(&self, text: &str) -> String {
        let mut out = String::new();
        let mut rest = text;
        while let Some(at) = rest.find('{') {
            let Some(len) = rest[at..].find('}') else {
                break;
            };
            out.push_str(&rest[..at]);
            match Action::from_name(&rest[at + 1..at + len]) {
                Some(a) => out.push_str(&self.key(a)),
                None => out.push_str(&rest[at..=at + len]),
            }
            rest = &rest[at + len + 1..];
        }
        out.push_str(rest);
        out
    }

    /// How to type the palette command `text` (`:hold REASON`): the
    /// palette's key, then the text (right after a one-character key).
    pub fn command(&self, text: &str) -> String {
        match self.hint_key(Action::Palette) {
            Some(k) if matches!(k.code, KeyCodeOrd::Char(c) if c != ' ') && !k.ctrl && !k.alt => {
                format!("{k}{text}")
            }
            Some(k) => format!("{k} {text}"),
            None => text.to_string(),
        }
    }

    /// The help overlay's content: per scope, each action with its keys.
    pub fn help_sections(&self) -> Vec<(Scope, Vec<(String, Action)>)> {
        Scope::ALL
            .iter()
            .filter_map(|scope| {
                let mut by_action: BTreeMap<Action, Vec<KeyChord>> = BTreeMap::new();
                for ((s, k), a) in &self.bindings {
                    if s == scope {
                        by_action.entry(*a).or_default().push(*k);
                    }
                }
                let rows: Vec<(String, Action)> = by_action
                    .into_iter()
                    .map(|(a, keys)| {
                        let keys: Vec<String> = keys.iter().map(|k| k.to_string()).collect();
                        (keys.join(" "), a)
                    })
                    .collect();
                (!rows.is_empty()).then_some((*scope, rows))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(s: &str) -> KeyChord {
        KeyChord::parse(s).unwrap()
    }

    #[test]
    fn parses_and_prints_keys() {
        assert_eq!(key("G").to_string(), "G");
        assert_eq!(key("shift-g"), key("G"));
        assert_eq!(key("ctrl-g").to_string(), "Ctrl-G");
        assert_eq!(key("Ctrl-G"), key("ctrl-g"));
        assert_eq!(key("shift-tab").to_string(), "Shift-Tab");
        assert_eq!(key("pgdn").to_string(), "PgDn");
        assert!(KeyChord::parse("ctrl-nope").is_err());
        let ev = KeyEvent::new(KeyCode::Char('G'), KeyModifiers::SHIFT);
        assert_eq!(KeyChord::from_event(&ev), Some(key("G")));
        let ev = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
        assert_eq!(KeyChord::from_event(&ev), Some(key("shift-tab")));
    }

    #[test]
    fn every_action_has_a_key_that_survives_ssh() {
        let map = Keymap::default();
        for action in Action::ALL {
            let robust = map.keys_for(*action).iter().any(|k| !k.is_fragile());
            let palette_only = matches!(action, Action::Hold | Action::Release);
            assert!(
                robust || palette_only,
                "{action:?} needs Esc/Alt/Ctrl-Shift"
            );
        }
    }

    #[test]
    fn overrides_replace_defaults_in_the_same_scopes() {
        let map =
            Keymap::with_overrides(&[("next".into(), vec!["ctrl-x".into(), "N".into()])]).unwrap();
        assert_eq!(map.lookup(&[Scope::Queue], &key("n")), None);
        assert_eq!(
            map.lookup(&[Scope::Queue], &key("ctrl-x")),
            Some(Action::ClaimNext)
        );
        let err = Keymap::with_overrides(&[("nxt".into(), vec!["n".into()])]).unwrap_err();
        assert!(err.contains("tui.keys.nxt"), "{err}");
        let err = Keymap::with_overrides(&[("next".into(), vec!["ctrl-".into()])]).unwrap_err();
        assert!(err.contains("tui.keys.next"), "{err}");
    }

    #[test]
    fn a_key_bound_to_two_actions_in_one_scope_is_refused_naming_both() {
        // An override onto a default key of another action that stays.
        let err = Keymap::with_overrides(&[("up".into(), vec!["j".into()])]).unwrap_err();
        assert!(
            err.contains("tui.keys.up") && err.contains("key j") && err.contains("down"),
            "{err}"
        );
        // Two overrides onto one key.
        let err = Keymap::with_overrides(&[
            ("up".into(), vec!["x".into()]),
            ("down".into(), vec!["x".into()]),
        ])
        .unwrap_err();
        assert!(
            err.contains("tui.keys.down") && err.contains("tui.keys.up"),
            "{err}"
        );
        // Swapping two keys is fine in either order.
        let map = Keymap::with_overrides(&[
            ("up".into(), vec!["j".into()]),
            ("down".into(), vec!["k".into()]),
        ])
        .unwrap();
        assert_eq!(map.lookup(&[Scope::Global], &key("j")), Some(Action::Up));
        // The same key in different scopes is not a conflict.
        assert!(Keymap::with_overrides(&[("find".into(), vec!["s".into()])]).is_ok());
    }

    #[test]
    fn hints_name_the_live_key() {
        let map = Keymap::default();
        assert_eq!(map.key(Action::Back), "Ctrl-G", "Esc does not survive SSH");
        assert_eq!(map.key(Action::Up), "k");
        assert_eq!(map.key(Action::Hold), ":hold");
        assert_eq!(map.command("assign CODE"), ":assign CODE");
        assert_eq!(
            map.fill("{submit} runs, {nope} stays"),
            "Enter runs, {nope} stays"
        );
        let map = Keymap::with_overrides(&[
            ("back".into(), vec!["esc".into()]),
            ("palette".into(), vec!["ctrl-k".into()]),
        ])
        .unwrap();
        assert_eq!(map.key(Action::Back), "Esc");
        assert_eq!(map.key(Action::Hold), "Ctrl-K hold");
    }

    #[test]
    fn scope_chain_prefers_the_focused_scope() {
        let map = Keymap::default();
        assert_eq!(
            map.lookup(&[Scope::Documents, Scope::Global], &key("n")),
            Some(Action::FindNext)
        );
        assert_eq!(
            map.lookup(&[Scope::Queue, Scope::Global], &key("n")),
            Some(Action::ClaimNext)
        );
    }
}
