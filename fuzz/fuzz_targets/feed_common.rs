//! Shared by the two chart-feed targets: read the whole feed with
//! `ingest::chart_feed::read_feed` (the parser `chartq chart import` runs inside
//! its transaction), checking each record the parser hands over.

use chartq::ingest::chart_feed::{ChartRecord, Format, MAX_DOCUMENT_BYTES, read_feed};

#[path = "common.rs"]
mod common;
use common::{assert_clean_text, assert_one_line};

const MAX_SHORT_CHARS: usize = 200;

fn check_record(r: &ChartRecord) {
    for (field, value) in [
        ("account", Some(&r.account)),
        ("mrn", Some(&r.mrn)),
        ("patient.name", Some(&r.patient_name)),
        ("queue", Some(&r.queue)),
        ("attending", r.attending.as_ref()),
        ("payer", r.payer.as_ref()),
        ("facility", r.facility.as_ref()),
    ] {
        if let Some(v) = value {
            assert!(!v.is_empty(), "{field}: empty value accepted");
            assert!(
                v.chars().count() <= MAX_SHORT_CHARS,
                "{field}: longer than {MAX_SHORT_CHARS}"
            );
            assert_one_line(v, field);
            assert_eq!(v.trim(), v, "{field}: not trimmed");
        }
    }
    assert!(matches!(r.patient_sex.as_str(), "F" | "M" | "U"));
    assert!((1..=5).contains(&r.priority), "priority {}", r.priority);
    assert!(
        r.patient_dob <= r.date_of_service,
        "dob after date of service"
    );
    if let (Some(a), Some(d)) = (r.admit_date, r.discharge_date) {
        assert!(a <= d, "discharge before admit");
    }
    for (i, d) in r.documents.iter().flatten().enumerate() {
        assert!(
            d.text.len() <= MAX_DOCUMENT_BYTES,
            "documents[{i}] too long"
        );
        assert_clean_text(&d.text, "documents[].text");
        if let Some(a) = &d.author {
            assert_one_line(a, "documents[].author");
        }
    }
}

pub fn run(data: &[u8], file: &str, format: Format) {
    let mut seen = 0u64;
    let mut last_line = 0u64;
    let result = read_feed::<chartq::ingest::error::ImportError>(data, file, format, |line, record| {
        // Strictly increasing: a lone CR ends a line too (the CSV reader
        // once counted only LF, so records shared a line; found by this
        // target, fixed in `ingest::chart_feed::csv::LoneCrAsLf`).
        assert!(line > last_line, "line {line} after line {last_line}");
        last_line = line;
        check_record(&record);
        seen += 1;
        Ok(())
    });
    match result {
        Ok(n) => {
            assert_eq!(n, seen, "count differs from the records handed over");
            assert!(n > 0, "an empty feed was accepted");
        }
        Err(e) => {
            // The message is one line that names the file.
            let shown = e.to_string();
            assert!(
                shown.contains(file),
                "error does not name the file: {shown:?}"
            );
        }
    }
}
