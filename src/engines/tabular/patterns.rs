//! Code references in the text of a tabular note, as patterns a claim's
//! codes are matched against.
//!
//! The tabular writes references in parentheses at the end of a note:
//! `(J02.-)` (a category and everything below it), `(F01.5-)` (a
//! subcategory and everything below it), `(R57.0)` (one code, and any code
//! below it: a reference to a non-billable code means its subtree),
//! `(A00-B99)` and `(B38.0-B38.2)` (ranges), `(E10.-, E11.-)` and `(N48.1,
//! N48.2-)` (lists). A parenthesised group is read only when every item in
//! it is a reference: `(stuttering)` is words, and a group with a
//! qualifier (`(T39.0-, with sixth character 1-4)`, `(I69. with final
//! characters -23)`) is skipped whole rather than read wider than it means.

use std::fmt;

/// Codes a note refers to, compared on code keys (upper case, no dot).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CodePattern {
    /// This code and every code below it (`E83.-` → `E83`, `R57.0` → `R570`).
    Prefix(String),
    /// Every code whose leading characters fall in the range, inclusive
    /// (`A00-B99`, `B38.0-B38.2`).
    Range(String, String),
}

impl CodePattern {
    /// True when the code key `key` (no dot) falls under the pattern.
    pub fn matches(&self, key: &str) -> bool {
        match self {
            CodePattern::Prefix(prefix) => key.starts_with(prefix.as_str()),
            CodePattern::Range(lo, hi) => {
                let head = |n: usize| key.get(..n.min(key.len())).unwrap_or(key);
                head(lo.len()) >= lo.as_str() && head(hi.len()) <= hi.as_str()
            }
        }
    }
}

impl fmt::Display for CodePattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CodePattern::Prefix(p) => write!(f, "{}", dotted(p)),
            CodePattern::Range(lo, hi) => write!(f, "{}-{}", dotted(lo), dotted(hi)),
        }
    }
}

/// `E1122` → `E11.22` (a category stays as it is).
pub(super) fn dotted(key: &str) -> String {
    match (key.get(..3), key.get(3..)) {
        (Some(head), Some(tail)) if !tail.is_empty() => format!("{head}.{tail}"),
        _ => key.to_string(),
    }
}

/// Every code reference in `text`, in order (empty when it names none).
pub fn references(text: &str) -> Vec<CodePattern> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find('(') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(')') else {
            break;
        };
        let group = &after[..close];
        // A nested parenthesis: read from the innermost one.
        if let Some(inner) = group.rfind('(') {
            rest = &after[inner..];
            continue;
        }
        if let Some(patterns) = group_patterns(group) {
            out.extend(patterns);
        }
        rest = &after[close + 1..];
    }
    out
}

/// The patterns of one parenthesised group, or `None` when any item in
/// it is not a code reference.
fn group_patterns(group: &str) -> Option<Vec<CodePattern>> {
    let mut patterns = Vec::new();
    for item in group.split([',', ';']) {
        for word in item.split_whitespace() {
            if word.eq_ignore_ascii_case("and") || word.eq_ignore_ascii_case("or") {
                continue;
            }
            patterns.push(item_pattern(word)?);
        }
    }
    (!patterns.is_empty()).then_some(patterns)
}

/// One item: `J02.-`, `F01.5-`, `R57.0`, `W67`, `A00-B99`, `B38.0-B38.2`.
fn item_pattern(word: &str) -> Option<CodePattern> {
    let word = word.trim_end_matches('.');
    let stem = word
        .strip_suffix(".-")
        .or_else(|| word.strip_suffix('-'))
        .unwrap_or(word);
    match stem.split_once('-') {
        Some((lo, hi)) => {
            let (lo, hi) = (code_key(lo)?, code_key(hi.trim_end_matches('.'))?);
            (lo <= hi).then_some(CodePattern::Range(lo, hi))
        }
        None => code_key(stem).map(CodePattern::Prefix),
    }
}

/// The key of an ICD-10-CM code as written in a note (`E11.22`, `M1A`,
/// `C7A.0`): a letter, a digit, an alphanumeric, then up to four more
/// after an optional dot. `None` for anything else.
fn code_key(text: &str) -> Option<String> {
    let text = text.trim();
    let (head, tail) = match text.split_once('.') {
        Some((h, t)) => (h, t),
        None => (
            text.get(..3.min(text.len()))?,
            text.get(3.min(text.len())..)?,
        ),
    };
    let h = head.as_bytes();
    let shape = h.len() == 3
        && h[0].is_ascii_alphabetic()
        && h[1].is_ascii_digit()
        && h[2].is_ascii_alphanumeric()
        && tail.len() <= 4
        && tail.bytes().all(|b| b.is_ascii_alphanumeric());
    shape.then(|| format!("{head}{tail}").to_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(k: &str) -> CodePattern {
        CodePattern::Prefix(k.into())
    }
    fn r(lo: &str, hi: &str) -> CodePattern {
        CodePattern::Range(lo.into(), hi.into())
    }

    #[test]
    fn reads_the_ways_the_tabular_writes_references() {
        assert_eq!(references("acute pharyngitis (J02.-)"), [p("J02")]);
        assert_eq!(references("infections (A00-B99)"), [r("A00", "B99")]);
        assert_eq!(references("diabetes (E10.-, E11.-)"), [p("E10"), p("E11")]);
        assert_eq!(references("dementia (F01.5-)"), [p("F015")]);
        assert_eq!(
            references("pneumonia in coccidioidomycosis (B38.0-B38.2)"),
            [r("B380", "B382")]
        );
        assert_eq!(references("drowning (W67)"), [p("W67")]);
        assert_eq!(
            references("inflammation of penis (N48.1, N48.2-)"),
            [p("N481"), p("N482")]
        );
        assert_eq!(
            references("gangrene (K82.A1), or perforation (K82.A2)"),
            [p("K82A1"), p("K82A2")]
        );
        assert_eq!(
            references("code (B95-B97), to identify infectious agent."),
            [r("B95", "B97")]
        );
    }

    #[test]
    fn words_and_qualified_groups_are_not_references() {
        assert!(references("fluency disorder (stuttering) following").is_empty());
        assert!(references("salicylates (T39.0-, with sixth character 1-4)").is_empty());
        assert!(references("(I69. with final characters -23)").is_empty());
        assert!(references("see body system-related chapters").is_empty());
        assert!(references("unbalanced (E11.2").is_empty());
        assert!(references("((((").is_empty());
        assert_eq!(
            references("fluency disorder (stuttering) following stroke (I69.323)"),
            [p("I69323")]
        );
    }

    #[test]
    fn patterns_match_code_keys() {
        assert!(p("J02").matches("J020"));
        assert!(!p("J02").matches("J03"));
        assert!(r("A00", "B99").matches("B991"));
        assert!(!r("A00", "B99").matches("C000"));
        assert!(r("B380", "B382").matches("B382"));
        assert!(!r("B380", "B382").matches("B383"));
        assert!(r("I10", "I1A").matches("I1A0"));
        assert!(!r("I10", "I16").matches("I1"));
        assert_eq!(r("B380", "B382").to_string(), "B38.0-B38.2");
        assert_eq!(p("E11").to_string(), "E11");
    }
}
