//! ICD-10-CM Alphabetic Index XML, any of the four files
//! (`codes::cm_index::parse`): never panics; every entry points at a
//! well-formed code and has words leading to it.
#![no_main]

use chartq::ingest::cm_index;
use chartq::ingest::source::Source;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let src = Source::from_bytes("icd10cm_index_2026.xml", data.to_vec());
    if let Ok(index) = cm_index::parse(&src) {
        for e in &index.entries {
            common::assert_code(&e.code, "index");
            assert!(e.line >= 1);
        }
    }
});
