//! Invariants shared by the fuzz targets. A target panics (= libFuzzer
//! reports a crash) when a parser panics, or when it returns `Ok` with
//! something its documentation promises never to produce.

#![allow(dead_code)]

use chartq::domain::codes::{Code, CodeKind, CodeSystem, lookup_key};

/// The first input byte picks ICD-10-CM or ICD-10-PCS for the parsers that
/// take a system; the rest is the file.
pub fn split_system(data: &[u8]) -> Option<(CodeSystem, &[u8])> {
    let (&first, rest) = data.split_first()?;
    let system = if first & 1 == 0 {
        CodeSystem::Icd10Cm
    } else {
        CodeSystem::Icd10Pcs
    };
    Some((system, rest))
}

/// A code as issued: non-empty printable ASCII, and its lookup key (no dot)
/// 1 to 7 letters or digits.
pub fn assert_code(code: &str, what: &str) {
    assert!(!code.is_empty(), "{what}: empty code");
    assert!(
        code.bytes().all(|b| b.is_ascii_graphic()),
        "{what}: code {code:?} is not printable ASCII"
    );
    let key = lookup_key(code);
    assert!(
        (1..=7).contains(&key.len()),
        "{what}: code {code:?} has a key of {} characters",
        key.len()
    );
}

/// Every reportable entry (code, category, modifier) has a well-formed code
/// and a non-empty title; chapters and sections have some name.
pub fn assert_codes(codes: &[Code], what: &str) {
    for c in codes {
        match c.kind {
            CodeKind::Code | CodeKind::Category | CodeKind::Modifier => assert_code(&c.code, what),
            CodeKind::Chapter | CodeKind::Section => {
                assert!(!c.code.is_empty(), "{what}: empty chapter/section name")
            }
        }
        assert!(
            !c.long_title.trim().is_empty(),
            "{what}: {:?} has an empty title",
            c.code
        );
    }
}

/// Text meant for one line of the screen: no control characters at all
/// (tabs and line breaks included), no bidi controls.
pub fn assert_one_line(s: &str, what: &str) {
    assert!(
        !s.chars()
            .any(|c| c.is_control() || chartq::domain::text::is_bidi_control(c)),
        "{what}: {s:?} holds a control character"
    );
}

/// Document text: controls removed except line feed and tab, no bidi
/// controls.
pub fn assert_clean_text(s: &str, what: &str) {
    assert!(
        !s.chars().any(|c| (c.is_control() && c != '\n' && c != '\t')
            || chartq::domain::text::is_bidi_control(c)),
        "{what}: document text holds a control character"
    );
}
