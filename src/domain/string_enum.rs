//! `string_enum!`: the one way a closed set of names becomes a Rust enum.
//!
//! Statuses, roles, code systems, POA indicators and the other domain words
//! are stored as text, typed on the command line, read from feeds and printed
//! in JSON. Each needs the same five things — every value in order (`ALL`),
//! its stored name (`as_str`), `Display`, `FromStr` with an error that lists
//! what is accepted, and serde — and hand-written copies of that block had
//! drifted (one parser accepted `in-progress`, its neighbour not; one error
//! listed the names, another did not). The sibling of `tui::action`'s
//! `actions!`: one table per enum, everything else derived from it.
//!
//! Parsing is forgiving in one documented way, the same for every enum:
//! only ASCII letters and digits count and case is ignored, so `in_progress`,
//! `In-Progress` and `inprogress` are one status and `icd-10-cm` is
//! `ICD-10-CM`. Aliases (`cm` for ICD-10-CM) are listed beside the name.
//! Serialization always writes the stored name.

/// What every `string_enum!` type offers, for code generic over them (a
/// feed field that must be one of the names).
pub trait StringEnum: Sized + Copy + 'static {
    /// The value `s` names, under the forgiving rule.
    fn from_name(s: &str) -> Option<Self>;
    /// The stored names as a sentence: `a, b or c`.
    fn names() -> String;
}

/// Whether `input` names `name` under the forgiving rule: ASCII letters and
/// digits compared without case, everything else ignored.
/// Compared byte by byte without allocating (every value of a batch of
/// claims is parsed through here): a non-ASCII character's bytes are never
/// ASCII letters or digits, so they are ignored like the character.
pub fn names_match(input: &str, name: &str) -> bool {
    fn significant(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase())
    }
    input.bytes().any(|b| b.is_ascii_alphanumeric()) && significant(input).eq(significant(name))
}

/// `a`, `a or b`, `a, b or c`.
pub fn or_list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => (*one).to_string(),
        [rest @ .., last] => format!("{} or {last}", rest.join(", ")),
    }
}

/// Defines a string enum. Syntax:
///
/// ```
/// chartq::string_enum! {
///     /// Where a chart is in its life.
///     #[derive(PartialOrd, Ord)]
///     pub enum Phase: "phase" {
///         /// Waiting.
///         New = "new",
///         InProgress = "in_progress" | "wip",
///     }
/// }
/// assert_eq!("In-Progress".parse::<Phase>(), Ok(Phase::InProgress));
/// assert_eq!("wip".parse::<Phase>(), Ok(Phase::InProgress));
/// assert_eq!(Phase::ALL, [Phase::New, Phase::InProgress]);
/// assert_eq!(Phase::New.to_string(), "new");
/// assert_eq!(
///     "x".parse::<Phase>().unwrap_err(),
///     "unknown phase 'x' (expected new or in_progress; also accepted: wip)"
/// );
/// ```
///
/// The string after the enum's name is the noun errors use. The enum derives
/// `Debug, Clone, Copy, PartialEq, Eq, Hash`; add others with `#[derive]`.
#[macro_export]
macro_rules! string_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : $noun:literal {
            $(
                $(#[$vmeta:meta])*
                $variant:ident = $text:literal $(| $alias:literal)*
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [Self; [$($text),+].len()] = [$(Self::$variant),+];

            /// What the user is told when a name is not one of these.
            pub const NOUN: &'static str = $noun;

            /// The stored (and printed) name.
            pub fn as_str(self) -> &'static str {
                match self {
                    $( Self::$variant => $text, )+
                }
            }

            /// The value `s` names (stored name or alias, forgiving about
            /// case and punctuation), if any.
            pub fn parse(s: &str) -> Option<Self> {
                $(
                    if $crate::domain::string_enum::names_match(s, $text)
                        $(|| $crate::domain::string_enum::names_match(s, $alias))*
                    {
                        return Some(Self::$variant);
                    }
                )+
                None
            }

            /// The stored names as a sentence: `a, b or c`.
            pub fn expected() -> String {
                $crate::domain::string_enum::or_list(&[$($text),+])
            }
        }

        impl $crate::domain::string_enum::StringEnum for $name {
            fn from_name(s: &str) -> Option<Self> {
                Self::parse(s)
            }
            fn names() -> String {
                Self::expected()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                Self::parse(s).ok_or_else(|| {
                    let aliases: &[&str] = &[$($($alias,)*)+];
                    let also = if aliases.is_empty() {
                        String::new()
                    } else {
                        format!("; also accepted: {}", aliases.join(", "))
                    };
                    format!("unknown {} '{}' (expected {}{also})", $noun, s, Self::expected())
                })
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let text = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                text.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::string_enum! {
        enum Colour: "colour" {
            Red = "red",
            DarkBlue = "dark_blue" | "navy",
        }
    }

    #[test]
    fn all_lists_every_value_in_order() {
        assert_eq!(Colour::ALL, [Colour::Red, Colour::DarkBlue]);
        assert_eq!(Colour::NOUN, "colour");
        assert_eq!(Colour::expected(), "red or dark_blue");
    }

    #[test]
    fn parses_names_and_aliases_forgivingly() {
        assert_eq!("RED".parse(), Ok(Colour::Red));
        assert_eq!("dark-blue".parse(), Ok(Colour::DarkBlue));
        assert_eq!(" Navy ".parse(), Ok(Colour::DarkBlue));
        assert_eq!(Colour::parse(""), None);
        assert_eq!(Colour::parse("-"), None);
        assert_eq!(
            "green".parse::<Colour>(),
            Err("unknown colour 'green' (expected red or dark_blue; also accepted: navy)".into())
        );
    }

    #[test]
    fn serde_round_trips_the_stored_name() {
        let json = serde_json::to_string(&Colour::DarkBlue).unwrap();
        assert_eq!(json, "\"dark_blue\"");
        assert_eq!(
            serde_json::from_str::<Colour>("\"navy\"").unwrap(),
            Colour::DarkBlue
        );
        assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
    }

    #[test]
    fn or_list_reads_as_a_sentence() {
        assert_eq!(or_list(&[]), "");
        assert_eq!(or_list(&["a"]), "a");
        assert_eq!(or_list(&["a", "b"]), "a or b");
        assert_eq!(or_list(&["a", "b", "c"]), "a, b or c");
    }
}
