//! ICD-10-CM/PCS codes file (`codes::codes_file::parse`; the first byte
//! picks the system): never panics; every entry has a well-formed code and
//! a title.
#![no_main]

use chartq::ingest::codes_file;
use chartq::ingest::source::Source;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((system, file)) = common::split_system(data) else {
        return;
    };
    let src = Source::from_bytes("codes.txt", file.to_vec());
    if let Ok(parsed) = codes_file::parse(&src, system) {
        for e in &parsed.entries {
            common::assert_code(&e.code, "codes file");
            assert!(!e.title.trim().is_empty(), "empty title at line {}", e.line);
            assert!(e.line >= 1);
        }
    }
});
