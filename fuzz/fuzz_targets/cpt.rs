//! CPT licensee file, tab-delimited or CSV (`codes::cpt::parse`; the first
//! byte picks a `.csv` or `.txt` name): never panics; every code is 5
//! characters (or a 2-character modifier) and titled.
#![no_main]

use chartq::ingest::cpt;
use chartq::ingest::source::Source;
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let Some((&first, file)) = data.split_first() else {
        return;
    };
    let name = if first & 1 == 0 {
        "cpt.csv"
    } else {
        "LONGULT.txt"
    };
    let src = Source::from_bytes(name, file.to_vec());
    if let Ok(set) = cpt::parse(&src) {
        common::assert_codes(&set.codes, "cpt");
        for c in &set.codes {
            assert!(
                matches!(c.code.len(), 2 | 5),
                "cpt code {:?} is neither 5 characters nor a modifier",
                c.code
            );
        }
    }
});
