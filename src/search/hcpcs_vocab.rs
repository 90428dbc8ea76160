//! HCPCS Level II vocabulary as search terms: drug brand names mapped to
//! the generic the descriptors name (`codesets/hcpcs_drug_names.tsv`), and
//! the words patients, DME suppliers and coders use for supplies,
//! equipment and services mapped to the descriptors' words
//! (`codesets/hcpcs_supply_terms.tsv`).
//!
//! Why: the HCPCS long descriptors are written in CMS's language. A drug is
//! named only by its generic, often with its salt ("Injection,
//! methylprednisolone acetate, 40 mg"), while the coder has the brand on
//! the order ("depo-medrol 40"); equipment is named by its class ("Knee
//! orthosis, …", "Urinary drainage bag, …", "Blood glucose test or reagent
//! strips …") while the chart says "knee brace", "catheter bag", "test
//! strips". Each table's phrases become keys of the query's abbreviation
//! table, exactly as the lay-term lexicon's do (`lay_terms.rs`): the typed
//! words still count, the mapped words are another way to meet the term,
//! and a phrase composes with the rest of the query ("humira 40",
//! "knee brace hinged"). Mapping word → word (never word → code) keeps the
//! ranking to the codes of the version searched.

use std::sync::LazyLock;

use super::abbreviations::Abbreviations;
use super::words::words;

/// Brand → generic names, compiled into the binary.
pub const BUNDLED_DRUG_NAMES: &str = include_str!("../../codesets/hcpcs_drug_names.tsv");
/// Supply, equipment and service words → descriptor words.
pub const BUNDLED_SUPPLY_TERMS: &str = include_str!("../../codesets/hcpcs_supply_terms.tsv");

/// One line of either table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VocabEntry {
    /// The typed phrase, folded words joined by one space.
    pub phrase: String,
    /// The phrase as written in the file ("solu-medrol").
    pub written: String,
    /// What it means in the descriptors' words, each a list of folded
    /// words (all of which an entry must have).
    pub meanings: Vec<Vec<String>>,
    /// Where it belongs (drug area, DME class): for coverage checks.
    pub area: String,
    /// Line in its file.
    pub line: usize,
}

/// A line that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{file}:{line}: {problem}")]
pub struct VocabError {
    pub file: &'static str,
    pub line: usize,
    pub problem: String,
}

/// The most words a phrase may have: longer is a sentence, and every
/// query word is matched against keys up to the longest.
const MAX_PHRASE_WORDS: usize = 6;

/// Parses `phrase<TAB>meaning | meaning<TAB>area` lines (`#` comments).
/// A phrase may appear once per file.
pub fn parse(file: &'static str, text: &str) -> Result<Vec<VocabEntry>, VocabError> {
    let mut out: Vec<VocabEntry> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let err = |problem: String| VocabError {
            file,
            line,
            problem,
        };
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = raw.split('\t').collect();
        let [phrase, meanings, area] = fields.as_slice() else {
            return Err(err(format!(
                "expected 3 tab-separated fields, found {}",
                fields.len()
            )));
        };
        let key = words(phrase);
        if key.is_empty() || key.len() > MAX_PHRASE_WORDS {
            return Err(err(format!(
                "phrase '{phrase}' must have 1-{MAX_PHRASE_WORDS} words"
            )));
        }
        let meanings: Vec<Vec<String>> = meanings
            .split('|')
            .map(words)
            .filter(|w| !w.is_empty())
            .collect();
        if meanings.is_empty() {
            return Err(err(format!("'{phrase}' has no meaning")));
        }
        if area.trim().is_empty() {
            return Err(err(format!("'{phrase}' has no area")));
        }
        let written = phrase.trim().to_owned();
        let phrase = key.join(" ");
        if !seen.insert(phrase.clone()) {
            return Err(err(format!("'{phrase}' appears twice")));
        }
        out.push(VocabEntry {
            phrase,
            written,
            meanings,
            area: area.trim().to_owned(),
            line,
        });
    }
    Ok(out)
}

/// A hyphenated brand ("solu-medrol", "depo-provera") is typed hyphenated,
/// spaced or run together ("solumedrol"): the run-together form, when the
/// written name has a hyphen between letters.
fn run_together(written: &str, phrase: &str) -> Option<String> {
    let hyphen_between_letters = written
        .as_bytes()
        .windows(3)
        .any(|w| w[1] == b'-' && w[0].is_ascii_alphabetic() && w[2].is_ascii_alphabetic());
    (hyphen_between_letters && phrase.contains(' ')).then(|| phrase.replace(' ', ""))
}

/// The bundled brand names, parsed once per process. Checked by a unit
/// test, so a broken file fails `cargo test`; were it unreadable anyway,
/// search runs without it.
pub fn bundled_drug_names() -> &'static [VocabEntry] {
    static TABLE: LazyLock<Vec<VocabEntry>> = LazyLock::new(|| {
        parse("codesets/hcpcs_drug_names.tsv", BUNDLED_DRUG_NAMES).unwrap_or_default()
    });
    &TABLE
}

/// The bundled supply, equipment and service terms, parsed once.
pub fn bundled_supply_terms() -> &'static [VocabEntry] {
    static TABLE: LazyLock<Vec<VocabEntry>> = LazyLock::new(|| {
        parse("codesets/hcpcs_supply_terms.tsv", BUNDLED_SUPPLY_TERMS).unwrap_or_default()
    });
    &TABLE
}

impl Abbreviations {
    /// This table with every phrase of the HCPCS tables as a key (brands
    /// also run together when written with a hyphen); meanings are appended
    /// to those of a key the table already has ("cpap": the abbreviation
    /// table's "continuous positive airway pressure", then "positive airway
    /// pressure", as the mask and tubing descriptors say).
    pub fn with_hcpcs_vocab(
        mut self,
        brands: &[VocabEntry],
        supplies: &[VocabEntry],
    ) -> Abbreviations {
        for e in brands {
            self.add_expansions(e.phrase.clone(), e.meanings.clone());
            if let Some(joined) = run_together(&e.written, &e.phrase) {
                self.add_expansions(joined, e.meanings.clone());
            }
        }
        for e in supplies {
            self.add_expansions(e.phrase.clone(), e.meanings.clone());
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_tables_parse_and_cover_their_areas() {
        let drugs = parse("drugs", BUNDLED_DRUG_NAMES).expect("codesets/hcpcs_drug_names.tsv");
        assert!(drugs.len() >= 300, "only {} brands", drugs.len());
        let areas: std::collections::BTreeSet<&str> =
            drugs.iter().map(|e| e.area.as_str()).collect();
        for area in [
            "oncology",
            "biologic",
            "steroid",
            "pain",
            "antiemetic",
            "diabetes",
        ] {
            assert!(areas.contains(area), "no {area} brands");
        }
        let supplies =
            parse("supplies", BUNDLED_SUPPLY_TERMS).expect("codesets/hcpcs_supply_terms.tsv");
        assert!(supplies.len() >= 60, "only {} supply terms", supplies.len());
        assert_eq!(bundled_drug_names().len(), drugs.len());
        assert_eq!(bundled_supply_terms().len(), supplies.len());
    }

    #[test]
    fn brands_read_as_their_generic_with_its_salt() {
        let table = Abbreviations::builtin();
        assert_eq!(table.get("humira").unwrap()[0], ["adalimumab"]);
        let depo = table.get("depo medrol").unwrap();
        assert!(depo.iter().any(|e| e == &["methylprednisolone", "acetate"]));
        // Hyphenated brands also typed run together.
        let solu = table.get("solumedrol").unwrap();
        assert!(
            solu.iter()
                .any(|e| e == &["methylprednisolone", "sodium", "succinate"])
        );
        // A brand sold as two generics (IV and oral) means either.
        assert_eq!(table.get("emend").unwrap().len(), 2);
    }

    #[test]
    fn supply_words_read_as_descriptor_words() {
        let table = Abbreviations::builtin();
        assert!(
            table
                .get("brace")
                .unwrap()
                .iter()
                .any(|e| e == &["orthosis"])
        );
        // Merged with the abbreviation table's own reading, after it.
        let cpap = table.get("cpap").unwrap();
        assert_eq!(cpap[0], ["continuous", "positive", "airway", "pressure"]);
        assert!(
            cpap.iter()
                .any(|e| e == &["positive", "airway", "pressure"])
        );
    }

    #[test]
    fn bad_lines_are_reported_with_file_and_line() {
        let err = parse(
            "t.tsv",
            "# c\nhumira\tadalimumab\tbiologic\nenbrel\tetanercept\n",
        )
        .unwrap_err();
        assert_eq!((err.file, err.line), ("t.tsv", 3));
        let err = parse("t.tsv", "humira\tadalimumab\tx\nHumira\tadalimumab\tx\n").unwrap_err();
        assert!(err.problem.contains("twice"), "{err}");
        let err = parse("t.tsv", "humira\t | \tx\n").unwrap_err();
        assert!(err.problem.contains("no meaning"), "{err}");
        let err = parse("t.tsv", "a b c d e f g\tx\tx\n").unwrap_err();
        assert!(err.problem.contains("words"), "{err}");
    }

    #[test]
    fn only_hyphenated_names_are_also_run_together() {
        assert_eq!(
            run_together("solu-medrol", "solu medrol").as_deref(),
            Some("solumedrol")
        );
        assert_eq!(run_together("simponi aria", "simponi aria"), None);
        assert_eq!(run_together("humira", "humira"), None);
        // A hyphen before a digit is not part of a word ("kenalog-40").
        assert_eq!(run_together("exondys-51", "exondys 51"), None);
    }
}
