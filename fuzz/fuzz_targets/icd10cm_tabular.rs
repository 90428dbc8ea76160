//! ICD-10-CM tabular XML (`codes::icd10cm::parse`): never panics; every
//! code, category and 7th-character expansion it returns is well formed and
//! titled; codes are unique.
#![no_main]

use std::collections::HashSet;

use chartq::ingest::icd10cm;
use chartq::ingest::source::Source;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let src = Source::from_bytes("icd10cm-tabular-2026.xml", data.to_vec());
    if let Ok(tabular) = icd10cm::parse(&src) {
        common::assert_codes(&tabular.set.codes, "tabular");
        let mut seen = HashSet::new();
        for c in &tabular.set.codes {
            assert!(seen.insert(c.code.as_str()), "duplicate code {:?}", c.code);
        }
    }
});
