//! Numbers a title states as a range ("Body mass index [BMI] 40.0-44.9,
//! adult", "Newborn small for gestational age, 1000-1249 grams", "Blood
//! alcohol level of 20-39 mg/100 ml", "Burn involving 10-19% of body
//! surface"), so that a number a coder types meets the range holding it:
//! "bmi 41 adult" → Z68.41, "sga 1200 grams" → P05.14.
//!
//! Coders type the measured value, never the range; the words of the title
//! hold only the range's two ends, so without this a typed value meets
//! nothing but the codes that happen to print it. The ranges are read from
//! the titles themselves (no table), once per index and only when a query
//! first holds a number: an index that is never asked about numbers never
//! pays for the scan.

use crate::search::index::Index;
use crate::search::vocab::Vocab;

/// One range a title states, by the vocabulary ids of its two ends as
/// search folds them (`40.0`, `44.9`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NumRange {
    lo: f64,
    hi: f64,
    pub(crate) lo_word: u32,
    pub(crate) hi_word: u32,
}

/// The ranges of one index, sorted by lower end; each distinct pair of
/// ends once.
#[derive(Debug, Default)]
pub(crate) struct NumRanges(Vec<NumRange>);

/// Most ranges a typed number is read into: the narrowest first. Enough
/// for any value of the code sets (a birth weight falls in two or three
/// ranges, a BMI in one); bounded so that a number does not become a term
/// that meets half the index.
const MOST_HOLDING: usize = 6;

/// The longest number read, in bytes: the code sets' ranges are at most
/// a few digits ("2000-2499 grams", "40.0-44.9"); longer digit runs are
/// codes, dates or noise.
const MAX_NUMBER_BYTES: usize = 8;

impl NumRanges {
    /// Reads every "A-B" (or "A–B", "A to B") of two numbers, with A < B,
    /// from `titles`, keeping those whose ends are words of `vocab`.
    pub(crate) fn read<'t>(titles: impl Iterator<Item = &'t str>, vocab: &Vocab) -> NumRanges {
        let mut found: Vec<NumRange> = Vec::new();
        for title in titles {
            if !title.bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            for (lo, hi) in ranges_in(title) {
                let (Some(lo_word), Some(hi_word)) = (vocab.id(lo), vocab.id(hi)) else {
                    continue;
                };
                let (Some(lo), Some(hi)) = (number(lo), number(hi)) else {
                    continue;
                };
                if lo < hi {
                    found.push(NumRange {
                        lo,
                        hi,
                        lo_word,
                        hi_word,
                    });
                }
            }
        }
        found.sort_by(|a, b| {
            a.lo.total_cmp(&b.lo)
                .then(a.hi.total_cmp(&b.hi))
                .then(a.lo_word.cmp(&b.lo_word))
                .then(a.hi_word.cmp(&b.hi_word))
        });
        found.dedup();
        NumRanges(found)
    }

    /// The ranges holding the typed `word` when it is a number, narrowest
    /// first, at most [`MOST_HOLDING`]; none for any other word.
    pub(crate) fn holding(&self, word: &str) -> Vec<NumRange> {
        let Some(n) = number(word) else {
            return Vec::new();
        };
        let end = self.0.partition_point(|r| r.lo <= n);
        let mut out: Vec<NumRange> = self.0[..end]
            .iter()
            .filter(|r| n <= r.hi)
            .copied()
            .collect();
        out.sort_by(|a, b| (a.hi - a.lo).total_cmp(&(b.hi - b.lo)));
        out.truncate(MOST_HOLDING);
        out
    }
}

impl Index {
    /// This index's title ranges, read on first use, from billable codes
    /// only: a header's range is the span of its children's ("Weeks of
    /// gestation of pregnancy, weeks 30-39"), and the value's own code is
    /// among them ("38 weeks gestation of pregnancy"); reading the
    /// header's would bring its most general child (30 weeks) first.
    pub(crate) fn num_ranges(&self) -> &NumRanges {
        self.num_ranges.get_or_init(|| {
            let billable = self.entries.iter().filter(|e| e.billable);
            NumRanges::read(billable.map(|e| self.str(e.title)), &self.vocab)
        })
    }
}

/// A folded word that is a plain number ("41", "40.0"), as a value.
fn number(word: &str) -> Option<f64> {
    let plain = !word.is_empty()
        && word.len() <= MAX_NUMBER_BYTES
        && word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && word.bytes().next().is_some_and(|b| b.is_ascii_digit())
        && word.bytes().filter(|&b| b == b'.').count() <= 1;
    if plain { word.parse().ok() } else { None }
}

/// The "A-B" number pairs of a title, as the words search makes of them
/// (digits with at most one inner decimal point). A number glued to
/// letters ("T36-T50", "A1c") is no end of a range.
fn ranges_in(title: &str) -> Vec<(&str, &str)> {
    let b = title.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() || (i > 0 && is_word_byte(b[i - 1])) {
            i += 1;
            continue;
        }
        let lo_end = number_end(b, i);
        let lo = &title[i..lo_end];
        let Some(hi_start) = after_dash(title, lo_end) else {
            i = lo_end;
            continue;
        };
        let hi_end = number_end(b, hi_start);
        if hi_end < b.len() && b[hi_end].is_ascii_alphabetic() && !unit_follows(b, hi_end) {
            i = hi_end;
            continue;
        }
        out.push((lo, &title[hi_start..hi_end]));
        i = hi_end;
    }
    out
}

/// Letters that may follow a range's upper end directly ("10-19%" has
/// none; "500-749g" is a unit): a lower-case unit of one or two letters.
fn unit_follows(b: &[u8], at: usize) -> bool {
    let run = b[at..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    run <= 2 && b[at].is_ascii_lowercase()
}

fn is_word_byte(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'.'
}

/// Where the number starting at `start` ends: digits, and one decimal
/// point followed by a digit.
fn number_end(b: &[u8], start: usize) -> usize {
    let mut i = start;
    let mut seen_point = false;
    while i < b.len() {
        if b[i].is_ascii_digit() {
            i += 1;
        } else if b[i] == b'.' && !seen_point && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            seen_point = true;
            i += 1;
        } else {
            break;
        }
    }
    i
}

/// The start of the number after a dash, an en dash or " to " at `at`
/// (spaces around allowed), if one follows.
fn after_dash(title: &str, at: usize) -> Option<usize> {
    let rest = &title[at..];
    let trimmed = rest.trim_start_matches(' ');
    let after = trimmed
        .strip_prefix('-')
        .or_else(|| trimmed.strip_prefix('\u{2013}'))
        .or_else(|| trimmed.strip_prefix("to "))?;
    let after = after.trim_start_matches(' ');
    let start = title.len() - after.len();
    title.as_bytes().get(start).filter(|c| c.is_ascii_digit())?;
    Some(start)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::{CodeKind, CodeSystem};
    use crate::search::SearchOptions;
    use crate::store::code_tables::IndexableCode;

    fn vocab_of(words: &[&str]) -> Vocab {
        Vocab::build(words.iter().map(|&w| Box::from(w)).collect()).0
    }

    #[test]
    fn reads_the_ranges_titles_state_and_not_code_spans() {
        assert_eq!(
            ranges_in("Body mass index [BMI] 40.0-44.9, adult"),
            vec![("40.0", "44.9")]
        );
        assert_eq!(
            ranges_in("Newborn small for gestational age, 1000 - 1249 grams"),
            vec![("1000", "1249")]
        );
        assert_eq!(
            ranges_in("Burn involving 10\u{2013}19% of body"),
            vec![("10", "19")]
        );
        assert_eq!(
            ranges_in("Blood alcohol level of 20 to 39 mg/100 ml"),
            vec![("20", "39")]
        );
        assert!(ranges_in("Poisoning (T36-T50) by drugs").is_empty());
        assert!(ranges_in("Type 2 diabetes mellitus").is_empty());
        assert!(ranges_in("Hemoglobin A1c-5 level").is_empty());
    }

    #[test]
    fn a_typed_number_is_held_by_its_ranges_narrowest_first() {
        let vocab = vocab_of(&["40.0", "44.9", "45.0", "49.9", "1000", "1249", "1499"]);
        let ranges = NumRanges::read(
            [
                "Body mass index [BMI] 40.0-44.9, adult",
                "Body mass index [BMI] 45.0-49.9, adult",
                "Low birth weight newborn, 1000-1249 grams",
                "Low birth weight newborn, 1000-1499 grams",
            ]
            .into_iter(),
            &vocab,
        );
        let ends = |word: &str| {
            ranges
                .holding(word)
                .iter()
                .map(|r| {
                    (
                        vocab.word(r.lo_word).to_owned(),
                        vocab.word(r.hi_word).to_owned(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(ends("41"), vec![("40.0".into(), "44.9".into())]);
        assert_eq!(ends("44.9"), vec![("40.0".into(), "44.9".into())]);
        assert_eq!(ends("45"), vec![("45.0".into(), "49.9".into())]);
        assert_eq!(
            ends("1200"),
            vec![
                ("1000".into(), "1249".into()),
                ("1000".into(), "1499".into())
            ]
        );
        assert!(ends("39").is_empty());
        assert!(ends("bmi").is_empty());
        assert!(ends("4.1.2").is_empty());
    }

    fn code(code: &str, billable: bool, title: &str) -> IndexableCode {
        IndexableCode {
            code: code.into(),
            kind: if billable {
                CodeKind::Code
            } else {
                CodeKind::Category
            },
            billable,
            title: title.into(),
            terms: Vec::new(),
            valid_until: None,
        }
    }

    fn top(index: &Index, query: &str) -> Vec<String> {
        let opts = SearchOptions {
            limit: 3,
            ..SearchOptions::default()
        };
        index
            .search(query, &opts)
            .into_iter()
            .map(|h| h.code)
            .collect()
    }

    #[test]
    fn search_meets_a_typed_value_in_the_billable_range_holding_it() {
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("Z68.3", false, "Body mass index [BMI] 30-39, adult"),
                code("Z68.30", true, "Body mass index [BMI] 30.0-30.9, adult"),
                code("Z68.35", true, "Body mass index [BMI] 35.0-35.9, adult"),
                code("Z68.4", false, "Body mass index [BMI] 40 or greater, adult"),
                code("Z68.41", true, "Body mass index [BMI] 40.0-44.9, adult"),
                code("Z68.42", true, "Body mass index [BMI] 45.0-49.9, adult"),
                code(
                    "Z3A.3",
                    false,
                    "Weeks of gestation of pregnancy, weeks 30-39",
                ),
                code("Z3A.30", true, "30 weeks gestation of pregnancy"),
                code("Z3A.38", true, "38 weeks gestation of pregnancy"),
                code("T31.30", true, "Burns involving 30-39% of body surface"),
            ],
        );
        assert_eq!(top(&index, "bmi 41 adult")[0], "Z68.41");
        assert_eq!(top(&index, "body mass index 35.5")[0], "Z68.35");
        // A header's range is no reading of the value: the code printing
        // it leads, not the header's most general child.
        assert_eq!(top(&index, "38 weeks gestation")[0], "Z3A.38");
    }
}
