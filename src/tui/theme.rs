//! Themes (`themes/*.toml`, built into the binary) and the terminal's colour
//! depth. Exact `#rrggbb` colours are sent only when truecolor is detected
//! (`COLORTERM=truecolor|24bit`) or configured; otherwise they are mapped to
//! the 256- or 16-colour palette. With `NO_COLOR` (or colour `none`) every
//! colour is dropped and selection and matches stay visible through
//! reverse video, bold and underline.

use std::str::FromStr;

use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use serde::Deserialize;

/// The built-in themes, by name; the first is the default.
pub const THEMES: [(&str, &str); 5] = [
    ("16-colour", include_str!("../../themes/16-colour.toml")),
    ("dark", include_str!("../../themes/dark.toml")),
    ("light", include_str!("../../themes/light.toml")),
    (
        "high-contrast",
        include_str!("../../themes/high-contrast.toml"),
    ),
    ("mono", include_str!("../../themes/mono.toml")),
];

/// How many colours the terminal can show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorDepth {
    None,
    Ansi16,
    Ansi256,
    TrueColor,
}

impl ColorDepth {
    pub fn parse(s: &str) -> Option<ColorDepth> {
        Some(match s {
            "none" => ColorDepth::None,
            "16" => ColorDepth::Ansi16,
            "256" => ColorDepth::Ansi256,
            "truecolor" | "24bit" => ColorDepth::TrueColor,
            _ => return None,
        })
    }

    /// `NO_COLOR` wins, then the configured depth, then `COLORTERM` and
    /// `TERM` (`*-256color`). Plain `TERM=xterm` gets 16 colours.
    pub fn detect(configured: Option<ColorDepth>, env: impl Fn(&str) -> Option<String>) -> Self {
        if env("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            return ColorDepth::None;
        }
        if let Some(depth) = configured {
            return depth;
        }
        let colorterm = env("COLORTERM").unwrap_or_default().to_ascii_lowercase();
        if colorterm == "truecolor" || colorterm == "24bit" {
            return ColorDepth::TrueColor;
        }
        if env("TERM").is_some_and(|t| t.contains("256color")) {
            return ColorDepth::Ansi256;
        }
        ColorDepth::Ansi16
    }
}

/// The styles every view uses, already adapted to the colour depth.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    pub name: String,
    pub base: Style,
    pub border: Style,
    pub border_focus: Style,
    pub title: Style,
    pub header: Style,
    /// The selected row of a list or table.
    pub selection: Style,
    /// Matched words in search results and find-in-document matches.
    pub highlight: Style,
    /// The current find-in-document match (where n/N stands): the highlight
    /// in reverse video, so it stands out from the other matches with
    /// colour and without (`NO_COLOR`: reverse+bold+underline against the
    /// others' bold+underline).
    pub current_match: Style,
    pub muted: Style,
    /// Billable markers, success messages.
    pub accent: Style,
    pub status: Style,
    pub error: Style,
    pub borders: border::Set<'static>,
}

/// `+-|` borders for terminals or fonts without box drawing.
pub const ASCII_BORDERS: border::Set<'static> = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThemeFile {
    name: String,
    base: StyleSpec,
    border: StyleSpec,
    border_focus: StyleSpec,
    title: StyleSpec,
    header: StyleSpec,
    selection: StyleSpec,
    highlight: StyleSpec,
    muted: StyleSpec,
    accent: StyleSpec,
    status: StyleSpec,
    error: StyleSpec,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct StyleSpec {
    fg: Option<String>,
    bg: Option<String>,
    modifiers: Vec<String>,
}

impl Theme {
    /// The names `--theme`, `tui.theme` and `:theme` accept.
    pub fn names() -> impl Iterator<Item = &'static str> {
        THEMES.iter().map(|(n, _)| *n)
    }

    /// Loads a built-in theme for a terminal of `depth`.
    pub fn load(name: &str, depth: ColorDepth, ascii: bool) -> Result<Theme, String> {
        let (_, text) = THEMES
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .ok_or_else(|| {
                format!(
                    "unknown theme {name:?} (choose {})",
                    Self::names().collect::<Vec<_>>().join(", ")
                )
            })?;
        let file: ThemeFile =
            toml::from_str(text).map_err(|e| format!("themes/{name}.toml: {e}"))?;
        let style = |field: &str, spec: &StyleSpec| -> Result<Style, String> {
            spec.resolve(depth)
                .map_err(|e| format!("themes/{name}.toml: {field}: {e}"))
        };
        let mut theme = Theme {
            name: file.name.clone(),
            base: style("base", &file.base)?,
            border: style("border", &file.border)?,
            border_focus: style("border_focus", &file.border_focus)?,
            title: style("title", &file.title)?,
            header: style("header", &file.header)?,
            selection: style("selection", &file.selection)?,
            highlight: style("highlight", &file.highlight)?,
            current_match: Style::default(), // from the final highlight, below
            muted: style("muted", &file.muted)?,
            accent: style("accent", &file.accent)?,
            status: style("status", &file.status)?,
            error: style("error", &file.error)?,
            borders: if ascii { ASCII_BORDERS } else { border::PLAIN },
        };
        if depth == ColorDepth::None {
            // Without colour, these must still stand out.
            theme.selection = theme
                .selection
                .add_modifier(Modifier::REVERSED | Modifier::BOLD);
            theme.highlight = theme
                .highlight
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
            theme.status = theme.status.add_modifier(Modifier::REVERSED);
            theme.border_focus = theme.border_focus.add_modifier(Modifier::BOLD);
        }
        theme.current_match = theme.highlight.add_modifier(Modifier::REVERSED);
        Ok(theme)
    }

    /// The built-in theme after `current` (for the `theme` key).
    pub fn next_name(current: &str) -> &'static str {
        let names: Vec<&str> = Self::names().collect();
        let at = names.iter().position(|n| *n == current).unwrap_or(0);
        names[(at + 1) % names.len()]
    }
}

impl StyleSpec {
    fn resolve(&self, depth: ColorDepth) -> Result<Style, String> {
        let mut style = Style::default();
        if depth != ColorDepth::None {
            if let Some(fg) = &self.fg {
                style = style.fg(adapt(parse_color(fg)?, depth));
            }
            if let Some(bg) = &self.bg {
                style = style.bg(adapt(parse_color(bg)?, depth));
            }
        }
        for m in &self.modifiers {
            style = style.add_modifier(match m.as_str() {
                "bold" => Modifier::BOLD,
                "dim" => Modifier::DIM,
                "italic" => Modifier::ITALIC,
                "underlined" => Modifier::UNDERLINED,
                "reversed" => Modifier::REVERSED,
                other => return Err(format!("unknown modifier {other:?}")),
            });
        }
        Ok(style)
    }
}

fn parse_color(s: &str) -> Result<Color, String> {
    Color::from_str(s).map_err(|_| format!("unknown colour {s:?}"))
}

/// Maps an exact colour down to what the terminal can show.
fn adapt(color: Color, depth: ColorDepth) -> Color {
    let Color::Rgb(r, g, b) = color else {
        return color;
    };
    match depth {
        ColorDepth::TrueColor => color,
        ColorDepth::Ansi256 => Color::Indexed(rgb_to_256(r, g, b)),
        _ => nearest_16(r, g, b),
    }
}

fn rgb_to_256(r: u8, g: u8, b: u8) -> u8 {
    let level = |v: u8| -> u8 {
        if v < 48 {
            0
        } else if v < 115 {
            1
        } else {
            (v - 35) / 40
        }
    };
    let (lr, lg, lb) = (level(r), level(g), level(b));
    // Greys are better served by the 24-step grey ramp.
    if lr == lg && lg == lb {
        let avg = (r as u16 + g as u16 + b as u16) / 3;
        if avg < 8 {
            return 16;
        }
        if avg > 238 {
            return 231;
        }
        return 232 + ((avg - 8) / 10).min(23) as u8;
    }
    16 + 36 * lr + 6 * lg + lb
}

fn nearest_16(r: u8, g: u8, b: u8) -> Color {
    const PALETTE: [(Color, (i32, i32, i32)); 16] = [
        (Color::Black, (0, 0, 0)),
        (Color::Red, (170, 0, 0)),
        (Color::Green, (0, 170, 0)),
        (Color::Yellow, (170, 85, 0)),
        (Color::Blue, (0, 0, 170)),
        (Color::Magenta, (170, 0, 170)),
        (Color::Cyan, (0, 170, 170)),
        (Color::Gray, (170, 170, 170)),
        (Color::DarkGray, (85, 85, 85)),
        (Color::LightRed, (255, 85, 85)),
        (Color::LightGreen, (85, 255, 85)),
        (Color::LightYellow, (255, 255, 85)),
        (Color::LightBlue, (85, 85, 255)),
        (Color::LightMagenta, (255, 85, 255)),
        (Color::LightCyan, (85, 255, 255)),
        (Color::White, (255, 255, 255)),
    ];
    let (r, g, b) = (r as i32, g as i32, b as i32);
    PALETTE
        .iter()
        .min_by_key(|(_, (pr, pg, pb))| (pr - r).pow(2) + (pg - g).pow(2) + (pb - b).pow(2))
        .map(|(c, _)| *c)
        .unwrap_or(Color::Reset)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |k| {
            vars.iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.to_string())
        }
    }

    #[test]
    fn every_builtin_theme_loads_at_every_depth() {
        for name in Theme::names() {
            for depth in [
                ColorDepth::None,
                ColorDepth::Ansi16,
                ColorDepth::Ansi256,
                ColorDepth::TrueColor,
            ] {
                let t = Theme::load(name, depth, false).unwrap();
                assert_eq!(t.name, name);
                if depth == ColorDepth::TrueColor && name == "dark" {
                    assert!(matches!(t.selection.bg, Some(Color::Rgb(..))));
                }
                if depth != ColorDepth::TrueColor {
                    for s in [t.base, t.selection, t.highlight] {
                        assert!(!matches!(s.fg, Some(Color::Rgb(..))), "{name} {depth:?}");
                        assert!(!matches!(s.bg, Some(Color::Rgb(..))), "{name} {depth:?}");
                    }
                }
            }
        }
        assert!(Theme::load("neon", ColorDepth::Ansi16, false).is_err());
    }

    #[test]
    fn no_color_keeps_selection_and_matches_visible() {
        let t = Theme::load("dark", ColorDepth::None, false).unwrap();
        assert_eq!(t.selection.fg, None);
        assert!(t.selection.add_modifier.contains(Modifier::REVERSED));
        assert!(
            t.highlight
                .add_modifier
                .contains(Modifier::UNDERLINED | Modifier::BOLD)
        );
        assert!(!t.highlight.add_modifier.contains(Modifier::REVERSED));
        assert!(
            t.current_match
                .add_modifier
                .contains(Modifier::REVERSED | Modifier::BOLD)
        );
    }

    #[test]
    fn detects_depth_from_environment() {
        assert_eq!(
            ColorDepth::detect(None, env(&[("NO_COLOR", "1"), ("COLORTERM", "truecolor")])),
            ColorDepth::None
        );
        assert_eq!(
            ColorDepth::detect(None, env(&[("COLORTERM", "truecolor")])),
            ColorDepth::TrueColor
        );
        assert_eq!(
            ColorDepth::detect(None, env(&[("TERM", "xterm-256color")])),
            ColorDepth::Ansi256
        );
        assert_eq!(
            ColorDepth::detect(None, env(&[("TERM", "xterm")])),
            ColorDepth::Ansi16
        );
        assert_eq!(
            ColorDepth::detect(Some(ColorDepth::TrueColor), env(&[])),
            ColorDepth::TrueColor
        );
    }
}
