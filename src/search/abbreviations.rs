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
    fn bad_lines_are_reported_with_their_number() {
        let err = Abbreviations::parse("# c\nhtn\thypertension\nchf\n").unwrap_err();
        assert_eq!(err.line, 3);
        let err = Abbreviations::parse("htn\thypertension\nHTN\thigh\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.problem.contains("twice"));
    }
}
