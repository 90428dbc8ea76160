//! Codes-file addenda (`codes::addenda::parse`; the first byte picks the
//! system): never panics; every added, deleted or revised code is well
//! formed.
#![no_main]

use chartq::ingest::addenda;
use chartq::ingest::source::Source;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((system, file)) = common::split_system(data) else {
        return;
    };
    let src = Source::from_bytes("icd10cm_codes_addenda_2027.txt", file.to_vec());
    if let Ok(a) = addenda::parse(&src, system) {
        for c in a.adds.iter().chain(&a.deletes) {
            common::assert_code(&c.code, "addenda");
        }
        for r in &a.revisions {
            common::assert_code(&r.code, "addenda revision");
        }
    }
});
