//! The PCS query vocabulary learned from CMS's definitions XML (bundled):
//! the root operations' `includes` examples ("Partial nephrectomy" under
//! Excision, "Thoracentesis" under Drainage) become procedure words and
//! phrases for their operation; the body part key's and device key's
//! `includes` ("Hallux" under "1st Toe") become synonyms for the words of
//! the values' titles. Built once, on the first PCS search.

use std::sync::OnceLock;

use rustc_hash::{FxHashMap, FxHashSet};

use super::clinical::{COMBINING, STOP, SUFFIXES};
use super::lexicon;
use crate::ingest::pcs_definitions::{PcsKeyTerm, parse_key_terms};
use crate::ingest::source::Source;
use crate::search::vocab::{SKELETON_MIN_LEN, Vocab};
use crate::search::words::words;

/// The definitions bundled with chartq (the same file the table builder
/// shows definitions from).
const DEFINITIONS: &[u8] =
    include_bytes!("../../../codesets/icd10pcs/icd10pcs_definitions_2026.xml");

/// An `includes` name and the title words of the value it belongs to.
#[derive(Debug, Clone)]
pub(crate) struct Synonym {
    /// The include's words (all must be typed).
    pub words: Vec<String>,
    /// The value's title words ("1st toe").
    pub target: Vec<String>,
}

/// An example of a root operation ("Kidney transplant" → Transplantation).
#[derive(Debug, Clone)]
pub(crate) struct Example {
    /// The example's words, sides and connectors left out.
    pub words: Vec<String>,
    /// The operation's title word ("transplantation").
    pub op: String,
    /// The example's anatomy words ("kidney").
    pub anatomy: Vec<String>,
}

/// What the definitions and the clinical tables teach search.
#[derive(Default)]
pub(crate) struct PcsVocabulary {
    /// Procedure word → operations it was an example of, with votes.
    pub op_words: FxHashMap<String, Vec<(String, f32)>>,
    /// Whole examples, by their first word.
    pub examples: FxHashMap<String, Vec<Example>>,
    /// Body part and device synonyms, by their first word.
    pub synonyms: FxHashMap<String, Vec<Synonym>>,
    /// The operation title words ("excision").
    pub ops: FxHashSet<String>,
    /// Every procedure word understood, for correcting typos.
    pub known: Vec<String>,
    /// `known` spelt as it sounds ("ph" as "f"), same order.
    sounds: Vec<String>,
    /// `known` as a search vocabulary, for its skeleton look-up (the same
    /// typo model the word search uses for title words).
    /// Built on the first word that needs it, not at start-up.
    known_vocab: OnceLock<Vocab>,
}

/// The vocabulary (built on first use; an unreadable bundled file leaves
/// it empty rather than failing searches).
pub(crate) fn vocabulary() -> &'static PcsVocabulary {
    static VOCAB: OnceLock<PcsVocabulary> = OnceLock::new();
    VOCAB.get_or_init(|| {
        let src = Source::from_bytes("icd10pcs_definitions_2026.xml", DEFINITIONS.to_vec());
        PcsVocabulary::build(&parse_key_terms(&src).unwrap_or_default())
    })
}

/// Side words never carry an anatomy concept of their own in a key.
fn side_or_stop(w: &str) -> bool {
    matches!(w, "left" | "right" | "bilateral" | "upper" | "lower") || STOP.contains(&w)
}

impl PcsVocabulary {
    /// Builds from the definitions' key terms.
    pub(crate) fn build(terms: &[PcsKeyTerm]) -> PcsVocabulary {
        let mut v = PcsVocabulary::default();
        let mut anatomy: FxHashSet<String> = FxHashSet::default();
        for t in terms.iter().filter(|t| t.section == '0') {
            let pos = t.pos.get();
            if pos != 4 && pos != 6 {
                continue;
            }
            let Some(title) = t.titles.first() else {
                continue;
            };
            let target: Vec<String> = words(title)
                .into_iter()
                .filter(|w| !side_or_stop(w))
                .collect();
            if pos == 4 {
                anatomy.extend(target.iter().cloned());
            }
            for inc in &t.includes {
                let ws: Vec<String> = words(inc)
                    .into_iter()
                    .filter(|w| !STOP.contains(&w.as_str()))
                    .collect();
                if pos == 4 {
                    anatomy.extend(ws.iter().cloned());
                }
                let Some(first) = ws.first().cloned() else {
                    continue;
                };
                if ws.len() > 4 {
                    continue;
                }
                v.synonyms.entry(first).or_default().push(Synonym {
                    words: ws,
                    target: target.clone(),
                });
            }
        }
        for t in terms.iter().filter(|t| t.pos.get() == 3) {
            let Some(op) = t.titles.first().and_then(|t| words(t).into_iter().next()) else {
                continue;
            };
            v.ops.insert(op.clone());
            if t.section != '0' {
                continue;
            }
            for phrase in t.includes.iter().flat_map(|i| i.split(", ")) {
                let ws: Vec<String> = words(phrase)
                    .into_iter()
                    .filter(|w| !side_or_stop(w))
                    .collect();
                let (anat, proc): (Vec<String>, Vec<String>) =
                    ws.iter().cloned().partition(|w| anatomy.contains(w));
                for w in proc.iter().filter(|w| **w != op && w.len() > 2) {
                    let votes = v.op_words.entry(w.clone()).or_default();
                    match votes.iter_mut().find(|(o, _)| *o == op) {
                        Some(vote) => vote.1 += 1.0,
                        None => votes.push((op.clone(), 1.0)),
                    }
                }
                if let Some(first) = ws.first().cloned() {
                    v.examples.entry(first).or_default().push(Example {
                        words: ws.clone(),
                        op: op.clone(),
                        anatomy: anat,
                    });
                }
            }
        }
        v.known = v.known_words();
        v.sounds = v.known.iter().map(|k| k.replace("ph", "f")).collect();
        v
    }

    /// Every word the vocabulary understands: keys, operations, example
    /// words and combining forms joined to suffixes ("cholecyst" +
    /// "ectomy"), sorted and unique.
    fn known_words(&self) -> Vec<String> {
        let mut known: Vec<String> = self.op_words.keys().cloned().collect();
        known.extend(self.ops.iter().cloned());
        known.extend(self.synonyms.keys().cloned());
        for c in lexicon::all() {
            known.extend(c.key.split(' ').map(str::to_owned));
        }
        for (form, _, _) in COMBINING {
            for s in SUFFIXES {
                known.push(format!("{form}{}", s.suffix));
                known.push(format!("{form}o{}", s.suffix));
            }
        }
        known.extend(
            super::clinical::APPROACH_WORDS
                .iter()
                .map(|(w, _)| (*w).to_owned()),
        );
        known.extend(super::clinical::SIDES.iter().map(|(w, _)| (*w).to_owned()));
        known.retain(|w| w.len() >= 5);
        known.sort();
        known.dedup();
        known
    }

    /// The known word `word` most likely stands for: itself, or the one
    /// closest within a bounded number of edits — one (a letter doubled,
    /// dropped, added or slipped, or two neighbours swapped) for words of
    /// 5 to 8 letters, two from [`TWO_EDITS_FROM`] letters — preferring
    /// the same first letter; failing that, a word of 7 letters or more with
    /// the same skeleton ([`Vocab::same_skeleton`], the word search's typo
    /// model: doubled letters once, any run of vowels as one vowel —
    /// "hemorrhoidectomy" for "hemmoroidectomy"), the slips that edits
    /// count too dearly in long words. `None` if none.
    pub(crate) fn correct<'a>(&'a self, word: &'a str) -> Option<&'a str> {
        if word.len() == 4 && word.is_ascii() {
            // Short words: only two swapped letters of a connector or side
            // ("wtih", "letf"); anything else is too likely a real word.
            return SHORT
                .iter()
                .find(|k| {
                    let (a, b) = (k.as_bytes(), word.as_bytes());
                    let diff: Vec<usize> = (0..4).filter(|&i| a[i] != b[i]).collect();
                    matches!(diff.as_slice(), [i, j] if j == &(i + 1) && a[*i] == b[*j] && a[*j] == b[*i])
                })
                .copied();
        }
        if word.len() < 5 || !word.is_ascii() {
            return None;
        }
        if self
            .known
            .binary_search_by(|k| k.as_str().cmp(word))
            .is_ok()
        {
            return Some(word);
        }
        let max = if word.len() >= TWO_EDITS_FROM { 2 } else { 1 };
        // "ph" and "f" sound alike: a coder's "nefrectomy" is no slip.
        let sound = word.replace("ph", "f");
        let mut best: Option<(usize, &str)> = None;
        // `known` is sorted: the words of the same first letter are a range.
        let first = word.as_bytes()[0];
        let lo = self.known.partition_point(|k| k.as_bytes()[0] < first);
        let hi = self.known.partition_point(|k| k.as_bytes()[0] <= first);
        for (k, k_sound) in self.known[lo..hi].iter().zip(&self.sounds[lo..hi]) {
            if k.len().abs_diff(word.len()) > max {
                continue;
            }
            let d = edit_distance(k_sound.as_bytes(), sound.as_bytes(), max);
            if d <= max && best.is_none_or(|(b, _)| d < b) {
                best = Some((d, k.as_str()));
            }
        }
        if best.is_none() && word.len() >= SKELETON_MIN_LEN {
            let vocab = self.known_vocab.get_or_init(|| {
                Vocab::build(self.known.iter().map(|k| k.as_str().into()).collect()).0
            });
            best = vocab
                .same_skeleton(word)
                .into_iter()
                .map(|id| vocab.word(id))
                .filter(|k| k.as_bytes()[0] == first)
                .min_by_key(|k| k.len().abs_diff(word.len()))
                .and_then(|k| {
                    let at = self.known.binary_search_by(|x| x.as_str().cmp(k)).ok()?;
                    Some((0, self.known[at].as_str()))
                });
        }
        best.map(|(_, k)| k)
    }
}

/// Words of this many letters or more may be two edits from the word
/// meant; shorter ones one.
const TWO_EDITS_FROM: usize = 9;

/// Four-letter connectors and sides whose swapped letters are corrected.
const SHORT: [&str; 4] = ["with", "left", "both", "into"];

/// Optimal string alignment distance (adjacent swaps count one), giving up
/// above `max`.
pub(crate) fn edit_distance(a: &[u8], b: &[u8], max: usize) -> usize {
    let (n, m) = (a.len(), b.len());
    let mut rows = vec![vec![0usize; m + 1]; n + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=n {
        let mut row_min = usize::MAX;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1)
                .min(rows[i][j - 1] + 1)
                .min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
            row_min = row_min.min(d);
        }
        if row_min > max {
            return max + 1;
        }
    }
    rows[n][m]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_operations_and_synonyms_from_the_definitions() {
        let v = vocabulary();
        let ops = |w: &str| -> Vec<String> {
            v.op_words
                .get(w)
                .map(|o| o.iter().map(|(op, _)| op.clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(ops("thoracentesis"), ["drainage"]);
        assert!(ops("nephrectomy").contains(&"excision".to_owned()));
        assert!(ops("nephrectomy").contains(&"resection".to_owned()));
        assert!(
            v.synonyms["hallux"]
                .iter()
                .any(|s| s.target == ["1st", "toe"])
        );
        assert!(v.ops.contains("excision"));
    }

    #[test]
    fn corrects_bounded_typos_only() {
        let v = vocabulary();
        assert_eq!(v.correct("cholecystecomy"), Some("cholecystectomy"));
        assert_eq!(v.correct("colonoscpy"), Some("colonoscopy"));
        assert_eq!(v.correct("nefrectomy"), Some("nephrectomy"));
        assert_eq!(v.correct("zzzzzzzz"), None);
        assert_eq!(v.correct("abc"), None);
        assert_eq!(v.correct("wtih"), Some("with"));
        assert_eq!(v.correct("rigth"), Some("right"));
        assert_eq!(v.correct("wiht"), Some("with"));
        assert_eq!(v.correct("lung"), None);
    }

    #[test]
    fn the_typo_model_bounds_edits_by_length() {
        let v = vocabulary();
        // A doubled letter in a root-operation word still finds it.
        assert_eq!(v.correct("ressection"), Some("resection"));
        assert_eq!(v.correct("excission"), Some("excision"));
        // One transposition in an 8-letter word; a vowel slip.
        assert_eq!(v.correct("puncutre"), Some("puncture"));
        assert_eq!(v.correct("intubaton"), Some("intubation"));
        // Two edits only from nine letters: "herniorrhaphy" less "r", "h".
        assert_eq!(v.correct("hernioraphy"), Some("herniorrhaphy"));
        // An 8-letter word two edits from anything known stays as typed.
        assert_eq!(v.correct("rseectin"), None);
        // The skeleton (doubled letters once, vowel runs as one) catches
        // what edits count too dearly: three slips (a letter dropped, one
        // doubled, a vowel changed), beyond the two edits allowed.
        assert_eq!(v.correct("apenndectemy"), Some("appendectomy"));
    }

    #[test]
    fn edit_distance_counts_swaps_once() {
        assert_eq!(edit_distance(b"abcd", b"abdc", 2), 1);
        assert_eq!(edit_distance(b"kitten", b"sitting", 3), 3);
        assert_eq!(edit_distance(b"kitten", b"sitting", 1), 2);
    }
}
