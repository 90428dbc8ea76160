//! ICD-10-CM/PCS order file (`codes::order_file::parse`; the first byte
//! picks the system): never panics; every entry is well formed.
#![no_main]

use chartq::ingest::order_file;
use chartq::ingest::source::Source;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((system, file)) = common::split_system(data) else {
        return;
    };
    let src = Source::from_bytes("order.txt", file.to_vec());
    if let Ok(set) = order_file::parse(&src, system) {
        common::assert_codes(&set.codes, "order file");
    }
});
