//! HCPCS fixed-width (ANWEB) file (`codes::hcpcs::parse`): never panics;
//! every code and modifier is well formed and titled.
#![no_main]

use chartq::ingest::hcpcs;
use chartq::ingest::source::Source;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let src = Source::from_bytes("HCPC2026_ANWEB.txt", data.to_vec());
    if let Ok(set) = hcpcs::parse(&src) {
        common::assert_codes(&set.codes, "hcpcs");
    }
});
