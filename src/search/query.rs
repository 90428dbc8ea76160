//! Reading a search query the way a coder means it: which typed words belong
//! together ("lap chole", "w/o aura"), which may be codes ("e1122",
//! "S72.0"), which are connectors ("w", "of"), and which word is still being
//! typed (prefix matching for short words only applies there).

use super::abbreviations::{Abbreviations, normalize_key};
use super::hcpcs_dose::{Dose, mark_doses};
use super::words::{for_each_word, words};
use crate::domain::codes::lookup_key;

/// A parsed search query (not to be confused with a provider query).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    pub(crate) terms: Vec<Term>,
}

/// One thing the coder asked for: a word, a code, or an abbreviation that
/// may span several typed words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    /// The typed words, folded ("lap", "chole").
    pub words: Vec<String>,
    /// What the abbreviation table says the typed words mean.
    pub expansions: Vec<Vec<String>>,
    /// The typed text as a code lookup key ("E1122"), when it could be one.
    pub code: Option<CodeProbe>,
    /// A connector ("with", "of"): it counts for less when missing.
    pub connector: bool,
    /// Introduced by "w/o" / "without": satisfied by titles that say
    /// "without <term>" or do not mention the term at all.
    pub negated: bool,
    /// The last term, with the cursor still on it: short words match as
    /// prefixes only here.
    pub being_typed: bool,
    /// The word "modifier": met by every modifier entry ("ga modifier"),
    /// whose titles never say so.
    pub names_modifier: bool,
    /// The dose this word states or carries ("40" and "mg" of "40 mg",
    /// "1mg", a bare "40"), and whether a miss costs little (its unit is
    /// known): see `hcpcs_dose.rs`.
    pub dose: Option<(Dose, bool)>,
}

impl Term {
    /// The term's one word, when it is a single word (not an abbreviation
    /// spanning several): what the ranking's word tables are keyed by.
    pub(crate) fn single_word(&self) -> Option<&str> {
        match self.words.as_slice() {
            [w] => Some(w),
            _ => None,
        }
    }
}

/// A typed token that may be a code or code prefix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CodeProbe {
    /// Upper case, no dot: `E1122`.
    pub key: String,
    /// Letters only ("LT", "GA"): only an exact modifier or code match
    /// counts, never a prefix ("ms" must not list every MS… code).
    pub exact_only: bool,
}

/// The longest query read, in bytes; the rest is ignored. A query is what
/// a coder types: a few words, at most a pasted title (ICD-10-CM titles
/// stay under 230 characters). Every term costs a look-up and takes part
/// in scoring every candidate, so a pasted document must not become a
/// query of thousands of terms.
pub const MAX_QUERY_BYTES: usize = 512;

/// Words that join concepts rather than name them.
const CONNECTORS: [&str; 16] = [
    "with", "w", "of", "and", "the", "in", "on", "for", "to", "due", "by", "at", "a", "an", "or",
    "from",
];

/// A typed token before abbreviation keys are matched.
struct Token {
    /// The typed text, lower case (`w/o`, `e11.22`, `>`).
    key: String,
    words: Vec<String>,
    code: Option<CodeProbe>,
}

impl Query {
    /// Parses `text` (its first [`MAX_QUERY_BYTES`]) with the given
    /// abbreviation table.
    pub fn parse(text: &str, table: &Abbreviations) -> Query {
        let text = &text[..text.floor_char_boundary(MAX_QUERY_BYTES)];
        let tokens = tokenize(text, table);
        let mut terms: Vec<Term> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let longest = table.longest_key().min(tokens.len() - i).max(1);
            let (n, expansions) = (1..=longest)
                .rev()
                .find_map(|n| {
                    let key = tokens[i..i + n]
                        .iter()
                        .map(|t| t.key.as_str())
                        .collect::<Vec<_>>()
                        .join(" ");
                    table.lookup(&key).map(|e| (n, e.to_vec()))
                })
                .unwrap_or((1, Vec::new()));
            let group = &tokens[i..i + n];
            let words: Vec<String> = group.iter().flat_map(|t| t.words.clone()).collect();
            let code = if n == 1 { group[0].code.clone() } else { None };
            if words.is_empty() && expansions.is_empty() {
                i += n;
                continue;
            }
            let connector = (words.iter().all(|w| CONNECTORS.contains(&w.as_str()))
                && !words.is_empty())
                || (expansions.len() == 1 && expansions[0] == ["with"]);
            let names_modifier =
                matches!(words.as_slice(), [w] if w == "modifier" || w == "modifiers");
            terms.push(Term {
                words,
                expansions,
                code,
                connector,
                negated: false,
                being_typed: false,
                names_modifier,
                dose: None,
            });
            i += n;
        }
        mark_negations(&mut terms);
        mark_doses(&mut terms);
        let typing = !text.ends_with(char::is_whitespace);
        if let Some(last) = terms.last_mut() {
            last.being_typed = typing;
        }
        Query { terms }
    }

    /// True when nothing searchable was typed.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }
}

/// "w/o X": the "without" term goes away and X becomes negated. A trailing
/// "w/o" (still typing) stays an ordinary word.
fn mark_negations(terms: &mut Vec<Term>) {
    let mut i = 0;
    while i + 1 < terms.len() {
        let t = &terms[i];
        let is_without = t.words == ["without"]
            || t.expansions.iter().any(|e| e == &["without"]) && t.expansions.len() == 1;
        if is_without {
            terms.remove(i);
            terms[i].negated = true;
            terms[i].connector = false;
        }
        i += 1;
    }
}

/// Splits on whitespace; a chunk that is a table key as a whole ("w/o",
/// "n/v", "s/p") stays one token, a chunk that looks like a code stays one
/// token, anything else splits into words. Comparison signs become tokens of
/// their own (">96" → ">", "96").
fn tokenize(text: &str, table: &Abbreviations) -> Vec<Token> {
    let mut tokens = Vec::new();
    for chunk in text.split_whitespace() {
        let lower = normalize_key(chunk);
        if table.get(&lower).is_some() {
            tokens.push(Token {
                words: words(&lower),
                code: code_probe(&lower),
                key: lower,
            });
            continue;
        }
        let body = lower.trim_matches(|c| matches!(c, '>' | '<' | '&' | '+'));
        for sign in lower
            .chars()
            .take_while(|c| matches!(c, '>' | '<' | '&' | '+'))
        {
            tokens.push(Token {
                key: sign.to_string(),
                words: Vec::new(),
                code: None,
            });
        }
        if let Some(code) = code_probe(body).filter(|_| looks_like_code(body)) {
            tokens.push(Token {
                key: body.to_owned(),
                words: words(body),
                code: Some(code),
            });
            continue;
        }
        for_each_word(body, |w, _| {
            tokens.push(Token {
                key: w.to_owned(),
                words: vec![w.to_owned()],
                code: code_probe(w),
            })
        });
    }
    tokens
}

/// A chunk typed as a code: letters, digits and dots only, at least one
/// digit ("e11.22", "0dtj4zz", "S72.0", "99213").
fn looks_like_code(s: &str) -> bool {
    !s.is_empty()
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.')
        && s.chars().any(|c| c.is_ascii_digit())
        && !s.starts_with('.')
}

/// The code key a token could stand for: 2–7 letters/digits with a digit
/// (prefix search), or exactly 2 letters (modifiers such as LT, GA).
fn code_probe(s: &str) -> Option<CodeProbe> {
    let key = lookup_key(s);
    let has_digit = key.chars().any(|c| c.is_ascii_digit());
    let plausible = s.chars().all(|c| c.is_ascii_alphanumeric() || c == '.');
    match key.len() {
        2..=7 if plausible && has_digit => Some(CodeProbe {
            key,
            exact_only: false,
        }),
        2 if plausible => Some(CodeProbe {
            key,
            exact_only: true,
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(q: &str) -> Query {
        Query::parse(q, Abbreviations::builtin())
    }

    #[test]
    fn abbreviations_group_and_expand() {
        let q = parse("dm2 w ckd 3a");
        let words: Vec<_> = q.terms.iter().map(|t| t.words.join(" ")).collect();
        assert_eq!(words, ["dm2", "w", "ckd", "3a"]);
        assert_eq!(
            q.terms[0].expansions[0],
            ["type", "2", "diabetes", "mellitus"]
        );
        assert!(q.terms[1].connector);
        assert!(!q.terms[2].connector);
        assert!(q.terms[3].being_typed);
        let q = parse("mech vent >96 hrs ");
        assert_eq!(q.terms[0].words, ["mech", "vent"]);
        assert_eq!(q.terms[1].expansions[0], ["greater", "than"]);
        assert!(!q.terms.last().unwrap().being_typed);
    }

    #[test]
    fn codes_are_probed_with_and_without_dot() {
        let q = parse("S72.001");
        assert_eq!(q.terms.len(), 1);
        assert_eq!(q.terms[0].code.as_ref().unwrap().key, "S72001");
        assert_eq!(parse("e1122").terms[0].code.as_ref().unwrap().key, "E1122");
        let lt = parse("lt").terms[0].code.clone().unwrap();
        assert!(lt.exact_only);
        assert!(parse("diabetes").terms[0].code.is_none());
    }

    #[test]
    fn without_negates_the_next_term() {
        let q = parse("copd w/o exac");
        assert_eq!(q.terms.len(), 2);
        assert!(q.terms[1].negated);
        assert_eq!(q.terms[1].words, ["exac"]);
        let q = parse("copd w/o");
        assert_eq!(q.terms.len(), 2);
        assert!(!q.terms[1].negated);
    }

    #[test]
    fn long_queries_are_cut() {
        let q = parse(&"fracture ".repeat(10_000));
        assert_eq!(q.terms.len(), MAX_QUERY_BYTES / "fracture ".len() + 1);
        assert!(q.terms.last().unwrap().being_typed, "cut inside a word");
        // Cut on a character boundary.
        let q = parse(&"é".repeat(MAX_QUERY_BYTES));
        assert_eq!(q.terms.len(), 1);
        let q = parse(&"x".repeat(1 << 20));
        assert_eq!(
            q.terms[0].words[0].len(),
            crate::search::words::MAX_WORD_BYTES
        );
    }

    #[test]
    fn punctuation_only_queries_are_empty() {
        assert!(parse("  ,, ").is_empty());
    }
}
