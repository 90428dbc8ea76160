//! The lay-term lexicon as search terms: each lay phrase of
//! `codesets/lay_terms.tsv` (read by `ingest::lay_terms`) becomes a key of
//! the query's abbreviation table whose expansions are its clinical terms,
//! so "pink eye" is also searched as "conjunctivitis" and "broken
//! collarbone" as "fracture" + "clavicle".
//!
//! Why at query time, when the index's "see" references
//! (`see_terms.rs`) become terms of codes at import: a see reference ends
//! at one code, but a lexicon entry ends at a *term*, which each version's
//! own titles, inclusion terms and index terms answer. Resolved per query
//! against the version searched, a term that version lacks does nothing,
//! no stored snapshot depends on the lexicon, and a phrase composes with
//! the rest of the query ("pink eye left", "broken collarbone subsequent").

use std::sync::LazyLock;

use super::abbreviations::Abbreviations;
use super::words::words;
use crate::ingest::lay_terms::{LayTerm, parse};

/// The lexicon as written in the repository, compiled into the binary and
/// parsed at run time on the first search.
pub const BUNDLED_LAY_TERMS: &str = include_str!("../../codesets/lay_terms.tsv");
/// Its name in errors.
const BUNDLED_FILE: &str = "codesets/lay_terms.tsv";

/// The bundled lexicon, parsed once per process. It is checked by a unit
/// test (`ingest::lay_terms`), so a broken file fails `cargo test`; were it
/// unreadable anyway, search runs without it rather than failing.
pub fn bundled_lay_terms() -> &'static [LayTerm] {
    static TERMS: LazyLock<Vec<LayTerm>> =
        LazyLock::new(|| parse(BUNDLED_FILE, BUNDLED_LAY_TERMS).unwrap_or_default());
    &TERMS
}

impl Abbreviations {
    /// This table with every lay phrase of `terms` as a key: its clinical
    /// terms are appended to the expansions of a key the table already has
    /// ("flu shot": the HCPCS vaccine words, then "immunization").
    pub fn with_lay_terms(mut self, terms: &[LayTerm]) -> Abbreviations {
        for term in terms {
            let key = words(&term.phrase).join(" ");
            let expansions = term.clinical.iter().map(|c| words(c)).collect();
            self.add_expansions(key, expansions);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ingest::lay_terms::LayArea;

    fn lay(phrase: &str, clinical: &[&str]) -> LayTerm {
        LayTerm {
            phrase: phrase.into(),
            clinical: clinical.iter().map(|s| s.to_string()).collect(),
            area: LayArea::Eye,
            line: 1,
        }
    }

    #[test]
    fn lay_phrases_become_keys_and_merge_with_the_table() {
        let table = Abbreviations::parse("flu shot\tinfluenza virus vaccine\n")
            .unwrap()
            .with_lay_terms(&[
                lay("Athlete's foot", &["tinea pedis"]),
                lay("flu shot", &["immunization"]),
                lay("getting up at night to pee", &["nocturia"]),
            ]);
        assert_eq!(table.get("athletes foot").unwrap(), [["tinea", "pedis"]]);
        let flu = table.get("flu shot").unwrap();
        assert_eq!(flu.len(), 2);
        assert_eq!(flu[1], ["immunization"]);
        assert_eq!(table.longest_key(), 6);
    }

    #[test]
    fn the_builtin_table_holds_the_bundled_lexicon() {
        assert!(bundled_lay_terms().len() >= 400);
        let table = Abbreviations::builtin();
        assert!(table.get("collarbone").is_some());
        assert!(table.get("flu shot").unwrap().len() >= 2);
    }

    /// A drug named by brand finds the class the poisoning titles name,
    /// with the Tabular alone (no Table of Drugs installed).
    #[test]
    fn a_brand_name_meets_its_drug_class() {
        use crate::domain::codes::CodeSystem;
        use crate::search::Index;
        use crate::store::code_tables::IndexableCode;
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code(
                    "T37.1X1A",
                    "Poisoning by antimycobacterial drugs, accidental (unintentional), initial encounter",
                ),
                code(
                    "T39.1X1A",
                    "Poisoning by 4-Aminophenol derivatives, accidental (unintentional), initial encounter",
                ),
                code("Z79.01", "Long term (current) use of anticoagulants"),
                code(
                    "Z79.02",
                    "Long term (current) use of antithrombotics/antiplatelets",
                ),
            ],
        );
        assert_eq!(index.first_code("tylenol overdose"), "T39.1X1A");
        assert_eq!(index.first_code("long term eliquis"), "Z79.01");
    }
}
