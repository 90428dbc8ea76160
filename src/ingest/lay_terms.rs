//! The lay-term lexicon (`codesets/lay_terms.tsv`): what patients and
//! charts say ("pink eye", "broken collarbone", "flu shot", "former
//! smoker") mapped to the clinical terms the Alphabetic Index and the
//! Tabular List use ("conjunctivitis", "fracture" + "clavicle",
//! "immunization", "personal history of nicotine dependence").
//!
//! The mapping is term → term, never term → code: search still ranks the
//! real codes of the chart's code-set version, and a clinical term no code
//! of that version has adds nothing. The official index knows only some
//! lay words (its "see" references, `search::see_entries`); real encoders
//! ship a lexicon like this one beside it.
//!
//! This module reads and checks the file; `search::lay_terms` turns it into
//! search terms. The file is bounded (size, entries, words) and every
//! problem is reported as `FILE:LINE: field `name`: what is wrong`.

use std::collections::HashMap;

use super::error::ImportError;

/// The largest lexicon read, in bytes: the bundled one is ~50 KiB.
pub const MAX_BYTES: usize = 1 << 20;
/// The most entries read.
pub const MAX_ENTRIES: usize = 10_000;
/// The most characters in one field.
pub const MAX_FIELD_CHARS: usize = 200;
/// The most words in a lay phrase: search matches phrases word by word,
/// and a longer one is a sentence, not a term.
pub const MAX_PHRASE_WORDS: usize = 8;
/// The most clinical terms one phrase maps to.
pub const MAX_ALTERNATIVES: usize = 8;

/// Which part of medicine an entry belongs to: kept so the lexicon's
/// coverage can be checked (every body system, the Z-code phrasing) and
/// reported, not used for ranking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum LayArea {
    Eye,
    Ear,
    NoseThroat,
    Mouth,
    Skin,
    Digestive,
    Genitourinary,
    WomensHealth,
    Pregnancy,
    Respiratory,
    Circulatory,
    Endocrine,
    Nervous,
    Mental,
    Infection,
    Childhood,
    Musculoskeletal,
    /// Lay names of body parts ("collarbone", "kneecap").
    Anatomy,
    /// Injuries in lay words, eponyms and sports injuries.
    Injury,
    /// Encounters: immunizations, checkups, aftercare (Z codes).
    Encounter,
    Screening,
    /// "History of", tobacco use.
    History,
    /// Status Z codes: long-term drugs, devices, social circumstances.
    Status,
    /// Drugs by generic or brand name → the class the poisoning, adverse
    /// effect and underdosing titles (T36–T50) and the long-term-use Z
    /// codes name: without the Table of Drugs those titles never say the
    /// drug ("tylenol" → 4-Aminophenol derivatives).
    Drug,
}

impl LayArea {
    /// Every area with its name in the file, in order.
    pub const ALL: [(LayArea, &'static str); 24] = [
        (LayArea::Eye, "eye"),
        (LayArea::Ear, "ear"),
        (LayArea::NoseThroat, "nose-throat"),
        (LayArea::Mouth, "mouth"),
        (LayArea::Skin, "skin"),
        (LayArea::Digestive, "digestive"),
        (LayArea::Genitourinary, "genitourinary"),
        (LayArea::WomensHealth, "womens-health"),
        (LayArea::Pregnancy, "pregnancy"),
        (LayArea::Respiratory, "respiratory"),
        (LayArea::Circulatory, "circulatory"),
        (LayArea::Endocrine, "endocrine"),
        (LayArea::Nervous, "nervous"),
        (LayArea::Mental, "mental"),
        (LayArea::Infection, "infection"),
        (LayArea::Childhood, "childhood"),
        (LayArea::Musculoskeletal, "musculoskeletal"),
        (LayArea::Anatomy, "anatomy"),
        (LayArea::Injury, "injury"),
        (LayArea::Encounter, "encounter"),
        (LayArea::Screening, "screening"),
        (LayArea::History, "history"),
        (LayArea::Status, "status"),
        (LayArea::Drug, "drug"),
    ];

    /// The area named `name` in the file.
    pub fn parse(name: &str) -> Option<LayArea> {
        LayArea::ALL
            .iter()
            .find(|(_, n)| *n == name)
            .map(|&(area, _)| area)
    }

    /// Its name in the file.
    pub fn name(self) -> &'static str {
        LayArea::ALL
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("", |&(_, n)| n)
    }
}

/// One line of the lexicon.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LayTerm {
    /// The lay phrase as written ("athlete's foot").
    pub phrase: String,
    /// The clinical terms it means, best first ("tinea pedis").
    pub clinical: Vec<String>,
    pub area: LayArea,
    /// 1-based line in the file.
    pub line: u64,
}

/// Parses the lexicon `text` read from `file` (named in errors). Lines are
/// `phrase<TAB>term [| term …]<TAB>area`; `#` starts a comment line. A
/// phrase appears once (compared as search compares words); a phrase that
/// maps only to itself is refused as a no-op that hides a mistake.
pub fn parse(file: &str, text: &str) -> Result<Vec<LayTerm>, ImportError> {
    let err = |line: Option<u64>, field: Option<&str>, message: String| ImportError {
        file: file.to_owned(),
        line,
        field: field.map(str::to_owned),
        message,
    };
    if text.len() > MAX_BYTES {
        return Err(err(
            None,
            None,
            format!("{} bytes; the limit is {MAX_BYTES}", text.len()),
        ));
    }
    let mut out: Vec<LayTerm> = Vec::new();
    let mut seen: HashMap<String, u64> = HashMap::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n as u64 + 1;
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let at = |field: &str, message: String| err(Some(line), Some(field), message);
        if out.len() >= MAX_ENTRIES {
            return Err(err(
                Some(line),
                None,
                format!("more than {MAX_ENTRIES} entries"),
            ));
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        let [phrase, clinical, area] = fields.as_slice() else {
            return Err(err(
                Some(line),
                None,
                format!(
                    "expected 3 tab-separated fields (phrase, clinical, area), found {}",
                    fields.len()
                ),
            ));
        };
        for (name, value) in [("phrase", phrase), ("clinical", clinical), ("area", area)] {
            check_field(value).map_err(|m| at(name, m))?;
        }
        let key = fold(phrase);
        if key.is_empty() {
            return Err(at("phrase", "has no words".into()));
        }
        if key.split(' ').count() > MAX_PHRASE_WORDS {
            return Err(at("phrase", format!("more than {MAX_PHRASE_WORDS} words")));
        }
        if let Some(first) = seen.insert(key.clone(), line) {
            return Err(at(
                "phrase",
                format!("'{}' already appears on line {first}", phrase.trim()),
            ));
        }
        let terms: Vec<String> = clinical
            .split('|')
            .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|t| !fold(t).is_empty())
            .collect();
        if terms.is_empty() {
            return Err(at("clinical", "no clinical term".into()));
        }
        if terms.len() > MAX_ALTERNATIVES {
            return Err(at(
                "clinical",
                format!("more than {MAX_ALTERNATIVES} terms"),
            ));
        }
        if terms.iter().all(|t| fold(t) == key) {
            return Err(at("clinical", "maps the phrase only to itself".into()));
        }
        let area = LayArea::parse(area.trim()).ok_or_else(|| {
            let names: Vec<&str> = LayArea::ALL.iter().map(|(_, n)| *n).collect();
            at("area", format!("unknown area; one of: {}", names.join(" ")))
        })?;
        out.push(LayTerm {
            phrase: phrase.trim().to_owned(),
            clinical: terms,
            area,
            line,
        });
    }
    Ok(out)
}

/// A field must be short, printable text (the file is data a coder's
/// search reads, not a place for terminal controls).
fn check_field(value: &str) -> Result<(), String> {
    let chars = value.chars().count();
    if chars > MAX_FIELD_CHARS {
        return Err(format!(
            "{chars} characters; the limit is {MAX_FIELD_CHARS}"
        ));
    }
    if value.chars().any(char::is_control) {
        return Err("contains a control character".into());
    }
    if value.trim().is_empty() {
        return Err("is empty".into());
    }
    Ok(())
}

/// A phrase as search compares it, close enough to find duplicates: lower
/// case, apostrophes dropped, any other non-alphanumeric run a space.
fn fold(s: &str) -> String {
    s.chars()
        .filter(|&c| c != '\'' && c != '\u{2019}')
        .map(|c| {
            if c.is_alphanumeric() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                ' '
            }
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_phrases_terms_and_areas() {
        let got = parse(
            "lay.tsv",
            "# c\n\npink eye\tconjunctivitis\teye\nathlete's foot\ttinea pedis | tinea\tskin\n",
        )
        .unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[1].phrase, "athlete's foot");
        assert_eq!(got[1].clinical, ["tinea pedis", "tinea"]);
        assert_eq!(got[1].area, LayArea::Skin);
        assert_eq!(got[1].line, 4);
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let cases = [
            ("a\tb\n", "lay.tsv:1: expected 3 tab-separated fields"),
            ("a\tb\tnowhere\n", "lay.tsv:1: field `area`: unknown area"),
            ("#\na\t \teye\n", "lay.tsv:2: field `clinical`: is empty"),
            (
                "a\t|\teye\n",
                "lay.tsv:1: field `clinical`: no clinical term",
            ),
            (
                "Pink Eye\tpink eye\teye\n",
                "lay.tsv:1: field `clinical`: maps the phrase",
            ),
            (
                "pink eye\tx\teye\npink-eye\ty\teye\n",
                "lay.tsv:2: field `phrase`: 'pink-eye' already appears on line 1",
            ),
            (
                "a\x1b\tb\teye\n",
                "lay.tsv:1: field `phrase`: contains a control",
            ),
            (
                "a b c d e f g h i\tb\teye\n",
                "lay.tsv:1: field `phrase`: more than 8",
            ),
        ];
        for (text, want) in cases {
            let got = parse("lay.tsv", text).unwrap_err().to_string();
            assert!(got.starts_with(want), "{text:?}: {got}");
        }
        let long = format!("{}\tb\teye\n", "a".repeat(MAX_FIELD_CHARS + 1));
        assert!(parse("lay.tsv", &long).is_err());
        let huge = "#".repeat(MAX_BYTES + 1);
        assert!(
            parse("lay.tsv", &huge)
                .unwrap_err()
                .to_string()
                .starts_with("lay.tsv: ")
        );
    }

    #[test]
    fn the_bundled_lexicon_is_large_and_covers_every_area() {
        let text = include_str!("../../codesets/lay_terms.tsv");
        let terms = parse("codesets/lay_terms.tsv", text).expect("codesets/lay_terms.tsv");
        assert!(terms.len() >= 400, "only {} entries", terms.len());
        for (area, name) in LayArea::ALL {
            let n = terms.iter().filter(|t| t.area == area).count();
            assert!(n >= 5, "area {name}: only {n} entries");
            assert_eq!(area.name(), name);
        }
    }
}
