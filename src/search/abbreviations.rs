//! The curated abbreviation and synonym table (`codesets/abbreviations.tsv`,
//! compiled into the binary): what coders type ("dm2", "chf", "w/o", "lap
//! chole") mapped to the words official titles use.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::words::words;

/// The table as written in the repository.
pub const BUILTIN_TABLE: &str = include_str!("../../codesets/abbreviations.tsv");

/// A parsed abbreviation table.
#[derive(Debug, Clone, Default)]
pub struct Abbreviations {
    /// Key (typed words joined by one space) → expansions, each a list of
    /// folded words.
    map: HashMap<String, Vec<Vec<String>>>,
    /// The most words any key has (keys are matched greedily, longest first).
    longest_key: usize,
    /// Singular/plural-folded key ([`fold_key`]) → the key it was made
    /// from, the first key of a fold kept ([`Abbreviations::lookup`]).
    folded: HashMap<String, String>,
}

/// A line of the table that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("abbreviation table line {line}: {problem}")]
pub struct TableError {
    pub line: usize,
    pub problem: String,
}

impl Abbreviations {
    /// The table compiled into the binary, with the lay-term lexicon's
    /// phrases (`lay_terms.rs`) and the HCPCS brand and supply terms
    /// (`hcpcs_vocab.rs`) as keys. Each is checked by unit tests, so
    /// a broken table fails `cargo test`, not a coder's search.
    pub fn builtin() -> &'static Abbreviations {
        static TABLE: LazyLock<Abbreviations> = LazyLock::new(|| {
            Abbreviations::parse(BUILTIN_TABLE)
                .unwrap_or_default()
                .with_lay_terms(super::lay_terms::bundled_lay_terms())
                .with_hcpcs_vocab(
                    super::hcpcs_vocab::bundled_drug_names(),
                    super::hcpcs_vocab::bundled_supply_terms(),
                )
        });
        &TABLE
    }

    /// Adds `expansions` to `key` (folded words joined by one space),
    /// after any it has, skipping repeats.
    pub(super) fn add_expansions(&mut self, key: String, expansions: Vec<Vec<String>>) {
        if key.is_empty() {
            return;
        }
        self.longest_key = self.longest_key.max(key.split(' ').count());
        self.folded
            .entry(fold_key(&key))
            .or_insert_with(|| key.clone());
        let have = self.map.entry(key).or_default();
        for e in expansions {
            if !e.is_empty() && !have.contains(&e) {
                have.push(e);
            }
        }
    }

    /// Parses `key<TAB>expansion | expansion` lines; `#` starts a comment
    /// line. A key may appear only once.
    pub fn parse(text: &str) -> Result<Abbreviations, TableError> {
        let mut table = Abbreviations::default();
        for (n, raw) in text.lines().enumerate() {
            let line = n + 1;
            let err = |problem: &str| TableError {
                line,
                problem: problem.to_owned(),
            };
            if raw.trim().is_empty() || raw.starts_with('#') {
                continue;
            }
            let (key, expansions) = raw
                .split_once('\t')
                .ok_or_else(|| err("expected key<TAB>expansion"))?;
            let key = normalize_key(key);
            if key.is_empty() {
                return Err(err("empty key"));
            }
            let expansions: Vec<Vec<String>> = expansions
                .split('|')
                .map(words)
                .filter(|w| !w.is_empty())
                .collect();
            if expansions.is_empty() {
                return Err(err("no expansion"));
            }
            table.longest_key = table.longest_key.max(key.split(' ').count());
            table
                .folded
                .entry(fold_key(&key))
                .or_insert_with(|| key.clone());
            if table.map.insert(key.clone(), expansions).is_some() {
                return Err(err(&format!("key '{key}' appears twice")));
            }
        }
        Ok(table)
    }

    /// How many keys the table has.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    /// The expansions of `key` (typed words joined by single spaces).
    pub fn get(&self, key: &str) -> Option<&[Vec<String>]> {
        self.map.get(key).map(Vec::as_slice)
    }

    pub fn longest_key(&self) -> usize {
        self.longest_key
    }

    /// The expansions of typed words `key`, as written or in another
    /// number: a key matches typed words that differ from it only by
    /// plural endings ([`fold_key`]), so the lexicon's "cavities" answers
    /// "cavity", its "cold sore" answers "cold sores" and its "bunion"
    /// answers "bunions". Lexicon and table entries are written in one
    /// number each; a coder types either. The exact key wins over a fold.
    pub fn lookup(&self, key: &str) -> Option<&[Vec<String>]> {
        self.get(key).or_else(|| {
            let folded = fold_key(key);
            self.folded
                .get(&folded)
                .and_then(|k| self.get(k))
                .or_else(|| self.get(&folded))
        })
    }
}

/// `key` (words joined by one space) with each word in its number-free
/// form ([`fold_word`]).
pub(crate) fn fold_key(key: &str) -> String {
    key.split(' ').map(fold_word).collect::<Vec<_>>().join(" ")
}

/// A word without its plural ending, for matching keys across number:
/// "-ies" → "-y" ("cavities", "cavity"), then a final "s" (not "-ss",
/// "-us", "-is": "abscess", "herpes simplex virus", "arthritis" keep
/// theirs) and a final "e" go ("aches" and "ache" both "ach", "rashes"
/// and "rash" both "rash"). Only words of four letters or more fold, and
/// a fold never leaves fewer than four letters, so short abbreviations
/// ("hiv", "ms", "uti") are never reached from other words ("hives" folds
/// to "hive", not "hiv").
fn fold_word(word: &str) -> String {
    let long = |w: &str| w.len() >= 4 && w.bytes().all(|b| b.is_ascii_lowercase());
    if !long(word) {
        return word.to_owned();
    }
    if let Some(stem) = word.strip_suffix("ies").filter(|s| s.len() >= 3) {
        return format!("{stem}y");
    }
    let mut w = word;
    if !(w.ends_with("ss") || w.ends_with("us") || w.ends_with("is")) {
        w = w.strip_suffix('s').filter(|s| s.len() >= 4).unwrap_or(w);
    }
    w = w.strip_suffix('e').filter(|s| s.len() >= 4).unwrap_or(w);
    w.to_owned()
}

/// A key as looked up: lower case, single spaces.
pub(crate) fn normalize_key(key: &str) -> String {
    key.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_parses_and_is_large_enough() {
        let table = Abbreviations::parse(BUILTIN_TABLE).expect("codesets/abbreviations.tsv");
        assert!(table.len() >= 300, "only {} entries", table.len());
        let dm2 = table.get("dm2").unwrap();
        assert_eq!(dm2[0], ["type", "2", "diabetes", "mellitus"]);
        assert_eq!(table.get("w/o").unwrap()[0], ["without"]);
        assert!(table.get("c section").is_some());
        assert!(table.longest_key() >= 2);
    }

    #[test]
    fn keys_match_typed_words_in_either_number() {
        let table = Abbreviations::parse(
            "cavities\tdental caries\ncold sore\therpes labialis\nhiv\thuman immunodeficiency virus\nheadache\tcephalgia\n",
        )
        .unwrap();
        assert_eq!(table.lookup("cavity").unwrap()[0], ["dental", "caries"]);
        assert_eq!(table.lookup("cavities").unwrap()[0], ["dental", "caries"]);
        assert_eq!(
            table.lookup("cold sores").unwrap()[0],
            ["herpes", "labialis"]
        );
        assert_eq!(table.lookup("headaches").unwrap()[0], ["cephalgia"]);
        // Short words do not fold, and nothing folds onto a short key.
        assert!(table.lookup("hives").is_none());
        assert!(table.lookup("hivs").is_none());
        assert!(table.lookup("cold").is_none());
        assert!(table.get("cavity").is_none(), "get stays exact");
    }

    #[test]
    fn folding_drops_plural_endings_only() {
        for (a, b) in [
            ("cavities", "cavity"),
            ("rashes", "rash"),
            ("aches", "ache"),
            ("bruises", "bruise"),
            ("bunions", "bunion"),
        ] {
            assert_eq!(fold_word(a), fold_word(b), "{a} / {b}");
        }
        for w in ["abscess", "arthritis", "virus", "hiv", "uti", "ms"] {
            assert_eq!(fold_word(w), w.trim_end_matches('e'), "{w}");
        }
        assert_eq!(fold_word("hives"), "hive");
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let err = Abbreviations::parse("# c\nhtn\thypertension\nchf\n").unwrap_err();
        assert_eq!(err.line, 3);
        let err = Abbreviations::parse("htn\thypertension\nHTN\thigh\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.problem.contains("twice"));
    }
}
