//! The coders' lexicon bundled as `codesets/icd10pcs/pcs_lexicon.tsv`:
//! procedure abbreviations, coders' and lay words for procedures, anatomy
//! and approaches, each read as axis values ([`Clinical`]) exactly like the
//! built-in table in `clinical.rs`. A data file rather than code so that a
//! site (or the project) can review and extend the words without touching
//! ranking; never whole codes (see the file's header).

use std::sync::OnceLock;

use super::clinical::{CLINICAL, CODERS, Clinical, WOUNDS};

/// The lexicon file compiled into the binary.
const LEXICON: &str = include_str!("../../../codesets/icd10pcs/pcs_lexicon.tsv");

/// One lexicon line that could not be read, for the bundled file's test.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct LexiconError {
    /// 1-based line number in the file.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses lexicon text: five tab-separated columns (key, operations, body,
/// approach, detail); `#` lines and blank lines are skipped. Bad lines are
/// returned as errors and left out, never a panic.
pub(crate) fn parse(text: &'static str) -> (Vec<Clinical>, Vec<LexiconError>) {
    let mut out = Vec::new();
    let mut errors = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&'static str> = line.split('\t').collect();
        let bad = |message: &str| LexiconError {
            line: n + 1,
            message: message.to_owned(),
        };
        if cols.len() != 5 {
            errors.push(bad(&format!("expected 5 columns, found {}", cols.len())));
            continue;
        }
        let key = cols[0].trim();
        if key.is_empty()
            || key
                .chars()
                .any(|c| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == ' '))
        {
            errors.push(bad("key: must be folded words (a-z, 0-9, spaces)"));
            continue;
        }
        if cols[1..].iter().all(|c| c.trim().is_empty()) {
            errors.push(bad("says nothing about any axis"));
            continue;
        }
        out.push(Clinical {
            key,
            ops: cols[1].trim(),
            body: cols[2].trim(),
            approach: cols[3].trim(),
            detail: cols[4].trim(),
        });
    }
    (out, errors)
}

/// The bundled lexicon (parsed once).
pub(super) fn lexicon() -> &'static [Clinical] {
    static PARSED: OnceLock<Vec<Clinical>> = OnceLock::new();
    PARSED.get_or_init(|| parse(LEXICON).0)
}

/// The coders' term spelt `key`: the built-in table first, then the
/// bundled lexicon.
/// A plural the lexicon lists only in the singular ("stents") is found
/// by its singular.
pub(super) fn find(key: &str) -> Option<&'static Clinical> {
    let exact = |key: &str| {
        CLINICAL
            .iter()
            .chain(CODERS)
            .chain(WOUNDS)
            .find(|c| c.key == key)
            .or_else(|| lexicon().iter().find(|c| c.key == key))
    };
    exact(key).or_else(|| {
        let singular = key
            .strip_suffix('s')
            .filter(|k| k.len() >= 3 && !k.ends_with('s'))?;
        exact(singular)
    })
}

/// Every coders' term (built-in and lexicon), for the typo vocabulary.
pub(super) fn all() -> impl Iterator<Item = &'static Clinical> {
    CLINICAL
        .iter()
        .chain(CODERS)
        .chain(WOUNDS)
        .chain(lexicon().iter())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_lexicon_reads_whole() {
        let (terms, errors) = parse(LEXICON);
        assert!(errors.is_empty(), "{errors:?}");
        assert!(terms.len() > 100, "{}", terms.len());
        for c in &terms {
            assert!(
                CLINICAL
                    .iter()
                    .chain(CODERS)
                    .chain(WOUNDS)
                    .all(|b| b.key != c.key),
                "{} is also built in",
                c.key
            );
        }
    }

    #[test]
    fn bad_lines_are_reported_with_their_line() {
        let (terms, errors) = parse("# c\nok\tresection\t\t\t\nBad Key\tx\t\t\t\nshort\tx\n");
        assert_eq!(terms.len(), 1);
        assert_eq!(errors.iter().map(|e| e.line).collect::<Vec<_>>(), [3, 4]);
    }

    #[test]
    fn finds_built_in_and_lexicon_terms() {
        assert_eq!(find("lavh").map(|c| c.approach), Some("F"));
        assert_eq!(find("vats").map(|c| c.approach), Some("4"));
        assert!(find("zzzz").is_none());
        assert_eq!(find("stents").map(|c| c.key), Some("stent"));
    }
}
