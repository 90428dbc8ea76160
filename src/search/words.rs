//! Splitting titles and queries into the words search compares.
//!
//! Both sides go through the same folding so that what a coder types meets
//! what the title says: lower case, accents dropped (Ménière → meniere),
//! apostrophes dropped (Alzheimer's → alzheimers), and decimals kept whole
//! (BMI 40.0-44.9 → `40.0`, `44.9`). Everything else that is not a letter or
//! digit separates words. A word longer than [`MAX_WORD_BYTES`] is cut to
//! that length, on both sides alike.

/// The longest word search keeps, in bytes (folded words are ASCII). The
/// longest words of the official code sets have about 30 letters
/// ("methylenedioxymethamphetamine"); a longer run of letters is noise or a
/// hostile file, and every look-up that compares, hashes or corrects a word
/// costs in proportion to its length. Cut words still match each other (the
/// same cut on titles and queries) and by prefix.
pub(crate) const MAX_WORD_BYTES: usize = 64;

/// One word of a text: where it is (byte range in the original text) and
/// whether it sits inside parentheses or brackets, which in ICD-10-CM enclose
/// nonessential modifiers ("Essential (primary) hypertension").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WordSpan {
    pub start: usize,
    pub end: usize,
    pub in_parens: bool,
}

/// Calls `each(word, span)` for every word of `text`, in order. `word` is
/// the folded form; the buffer behind it is reused between calls.
pub(crate) fn for_each_word(text: &str, mut each: impl FnMut(&str, WordSpan)) {
    let bytes = text.as_bytes();
    let mut word = String::new();
    let mut start = 0;
    let mut depth: u32 = 0;
    let mut in_parens_at_start = false;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // ASCII fast path; other characters are decoded and folded.
        let (c, len) = if b < 0x80 {
            (b as char, 1)
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (c, c.len_utf8())
        };
        let folded = if b.is_ascii_alphanumeric() {
            Some(b.to_ascii_lowercase() as char)
        } else {
            None
        };
        let folded_str = if folded.is_none() && b >= 0x80 {
            fold(c)
        } else {
            None
        };
        if folded.is_some() || folded_str.is_some() {
            if word.is_empty() {
                start = i;
                in_parens_at_start = depth > 0;
            }
            if word.len() < MAX_WORD_BYTES {
                match folded {
                    Some(f) => word.push(f),
                    None => word.push_str(folded_str.unwrap_or_default()),
                }
                // A folded letter may be several ("ae", "alpha"): all ASCII.
                word.truncate(MAX_WORD_BYTES);
            }
            i += len;
            continue;
        }
        let next = text[i + len..].chars().next();
        let keeps_word = match c {
            '\'' | '\u{2019}' => !word.is_empty() && next.is_some_and(char::is_alphanumeric),
            '.' => {
                word.ends_with(|p: char| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit())
            }
            _ => false,
        };
        if keeps_word {
            if c == '.' && word.len() < MAX_WORD_BYTES {
                word.push('.');
            }
            i += len;
            continue;
        }
        if !word.is_empty() {
            each(
                &word,
                WordSpan {
                    start,
                    end: i,
                    in_parens: in_parens_at_start,
                },
            );
            word.clear();
        }
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += len;
    }
    if !word.is_empty() {
        each(
            &word,
            WordSpan {
                start,
                end: text.len(),
                in_parens: in_parens_at_start,
            },
        );
    }
}

/// The folded words of `text`, as owned strings.
pub(crate) fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for_each_word(text, |w, _| out.push(w.to_owned()));
    out
}

/// The folded form of a non-ASCII word character, `None` for a separator:
/// Latin letters with accents fold to their base letter, the Greek letters
/// titles use are spelled out.
fn fold(c: char) -> Option<&'static str> {
    let base = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => "o",
        'œ' | 'Œ' => "oe",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ß' => "ss",
        'α' | 'Α' => "alpha",
        'β' | 'Β' => "beta",
        'γ' | 'Γ' => "gamma",
        'δ' | 'Δ' => "delta",
        'κ' | 'Κ' => "kappa",
        'μ' | 'Μ' => "mu",
        _ => return None,
    };
    Some(base)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(String, &str, bool)> {
        let mut out = Vec::new();
        for_each_word(text, |w, s| {
            out.push((w.to_owned(), &text[s.start..s.end], s.in_parens))
        });
        out
    }

    #[test]
    fn folds_case_accents_and_apostrophes() {
        assert_eq!(
            words("Ménière's disease, Alzheimer’s"),
            ["menieres", "disease", "alzheimers"]
        );
    }

    #[test]
    fn keeps_decimals_and_marks_parentheses() {
        let got = spans("Body mass index [BMI] 40.0-44.9, adult");
        let words: Vec<&str> = got.iter().map(|(w, _, _)| w.as_str()).collect();
        assert_eq!(
            words,
            ["body", "mass", "index", "bmi", "40.0", "44.9", "adult"]
        );
        assert!(got[3].2, "BMI is inside brackets");
        assert!(!got[4].2);
        let got = spans("Essential (primary) hypertension");
        assert_eq!(got[1], ("primary".into(), "primary", true));
        assert_eq!(got[2], ("hypertension".into(), "hypertension", false));
    }

    #[test]
    fn long_words_are_cut_alike_and_keep_their_span() {
        let long = "Ab".repeat(40_000);
        let text = format!("x {long} y");
        let got = spans(&text);
        assert_eq!(got.len(), 3);
        assert_eq!(got[1].0, "ab".repeat(MAX_WORD_BYTES / 2));
        assert_eq!(got[1].1, long, "the span is the whole word");
        assert_eq!(got[2].0, "y");
        let greek = "α".repeat(100);
        assert_eq!(words(&greek)[0].len(), MAX_WORD_BYTES);
        let digits = format!("{}.5", "9".repeat(100));
        assert_eq!(words(&digits), ["9".repeat(MAX_WORD_BYTES)]);
    }

    #[test]
    fn spans_are_byte_ranges_of_the_original() {
        let text = "Ménière disease";
        let got = spans(text);
        assert_eq!(got[0].1, "Ménière");
        assert_eq!(got[1].1, "disease");
        assert_eq!(words("Type 2, E11.22."), ["type", "2", "e11.22"]);
    }
}
