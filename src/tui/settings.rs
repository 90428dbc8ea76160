//! The `[tui]` table of `config.toml`:
//!
//! ```toml
//! [tui]
//! theme = "dark"            # dark, light, high-contrast, 16-colour, mono
//! color = "auto"            # auto, truecolor, 256, 16, none
//! ascii_borders = false     # +-| borders for terminals without line drawing
//! idle_lock_minutes = 10    # hide patient data after this long idle; 0 = never
//! mask_names = false        # start with patient names masked
//!
//! [tui.keys]                # rebind any action by its name (see the help overlay)
//! next = "n"
//! back = ["ctrl-g", "ctrl-x"]
//! ```

use std::time::Duration;

use super::keymap::Keymap;
use super::theme::ColorDepth;

#[derive(Debug, Clone)]
pub struct Settings {
    pub theme: Option<String>,
    /// `None`: detect from the environment.
    pub color: Option<ColorDepth>,
    pub ascii_borders: bool,
    /// `None`: never lock.
    pub idle_lock: Option<Duration>,
    pub mask_names: bool,
    pub keymap: Keymap,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            theme: None,
            color: None,
            ascii_borders: false,
            idle_lock: Some(Duration::from_secs(10 * 60)),
            mask_names: false,
            keymap: Keymap::default(),
        }
    }
}

impl Settings {
    /// Reads the `[tui]` table. Errors name the key (`tui.color: ...`);
    /// unknown keys are errors so a typo is noticed.
    pub fn from_table(table: &toml::Table) -> Result<Settings, String> {
        let mut s = Settings::default();
        for (key, value) in table {
            let field = format!("tui.{key}");
            match key.as_str() {
                "theme" => s.theme = Some(string(&field, value)?.to_string()),
                "color" => {
                    s.color = match string(&field, value)? {
                        "auto" => None,
                        other => Some(ColorDepth::parse(other).ok_or_else(|| {
                            format!(
                                "{field}: expected auto, truecolor, 256, 16 or none, not {other:?}"
                            )
                        })?),
                    }
                }
                "ascii_borders" => s.ascii_borders = boolean(&field, value)?,
                "mask_names" => s.mask_names = boolean(&field, value)?,
                "idle_lock_minutes" => {
                    let minutes = value
                        .as_integer()
                        .filter(|m| (0..=24 * 60).contains(m))
                        .ok_or_else(|| format!("{field}: expected minutes from 0 to 1440"))?;
                    s.idle_lock = (minutes > 0).then(|| Duration::from_secs(minutes as u64 * 60));
                }
                "keys" => {
                    let keys = value
                        .as_table()
                        .ok_or_else(|| format!("{field}: expected a table of action = key(s)"))?;
                    let overrides = keys
                        .iter()
                        .map(|(name, v)| {
                            let field = format!("tui.keys.{name}");
                            let list = match v {
                                toml::Value::String(k) => vec![k.clone()],
                                toml::Value::Array(items) => items
                                    .iter()
                                    .map(|i| string(&field, i).map(str::to_string))
                                    .collect::<Result<_, _>>()?,
                                _ => {
                                    return Err(format!(
                                        "{field}: expected a key or a list of keys"
                                    ));
                                }
                            };
                            Ok((name.clone(), list))
                        })
                        .collect::<Result<Vec<_>, String>>()?;
                    s.keymap = Keymap::with_overrides(&overrides)?;
                }
                _ => return Err(format!("{field}: unknown setting")),
            }
        }
        Ok(s)
    }
}

fn string<'a>(field: &str, value: &'a toml::Value) -> Result<&'a str, String> {
    value
        .as_str()
        .ok_or_else(|| format!("{field}: expected a string"))
}

fn boolean(field: &str, value: &toml::Value) -> Result<bool, String> {
    value
        .as_bool()
        .ok_or_else(|| format!("{field}: expected true or false"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::{Action, Scope};
    use crate::tui::keymap::KeyChord;

    fn parse(text: &str) -> Result<Settings, String> {
        let table: toml::Table = toml::from_str(text).unwrap();
        Settings::from_table(&table)
    }

    #[test]
    fn reads_every_setting() {
        let s = parse(
            "theme = \"light\"\ncolor = \"none\"\nascii_borders = true\nidle_lock_minutes = 0\nmask_names = true\n[keys]\nnext = [\"x\"]\n",
        )
        .unwrap();
        assert_eq!(s.theme.as_deref(), Some("light"));
        assert_eq!(s.color, Some(ColorDepth::None));
        assert!(s.ascii_borders && s.mask_names);
        assert_eq!(s.idle_lock, None);
        let x = KeyChord::parse("x").unwrap();
        assert_eq!(
            s.keymap.lookup(&[Scope::Queue], &x),
            Some(Action::ClaimNext)
        );
        assert_eq!(
            Settings::default().idle_lock,
            Some(Duration::from_secs(600))
        );
    }

    #[test]
    fn errors_name_the_key() {
        for (text, field) in [
            ("colour = \"16\"", "tui.colour"),
            ("color = \"lots\"", "tui.color"),
            ("idle_lock_minutes = -3", "tui.idle_lock_minutes"),
            ("ascii_borders = \"yes\"", "tui.ascii_borders"),
            ("[keys]\nhelp = 3", "tui.keys.help"),
            ("[keys]\nflyaway = \"f\"", "tui.keys.flyaway"),
        ] {
            let err = parse(text).unwrap_err();
            assert!(err.starts_with(field), "{text}: {err}");
        }
    }
}
