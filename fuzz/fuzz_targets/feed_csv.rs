//! Chart feed, CSV: never panics; every accepted record is validated
//! and cleaned (see feed_common.rs).
#![no_main]

use chartq::ingest::chart_feed::Format;
use libfuzzer_sys::fuzz_target;

#[path = "feed_common.rs"]
mod feed_common;

fuzz_target!(|data: &[u8]| {
    feed_common::run(data, "feed.csv", Format::Csv);
});
