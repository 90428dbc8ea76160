//! A relevance floor for the search the Alphabetic Index feeds: the bundled
//! ICD-10-CM with the FY2017 Index to Diseases imported (its paths and its
//! "see" references become search terms) and the lay-term lexicon, asked
//! the lay, Z-code and injury queries of `tests/relevance/lay_queries.tsv`
//! and the ICD-10-CM rows of `tests/relevance/coder_queries.tsv`. Prints
//! recall@10 per set and asserts floors a little under what was measured
//! (`bench/relevance_lay.sh` gives the full table), so losing the index
//! terms, the see references or the lexicon fails here.
//!
//! Skips, with the reason printed, when `../shared/data` is absent.

use chartq::app::codesets::{bundled, import};
use chartq::domain::codes::CodeSystem;
use chartq::search::{self, Index, SearchOptions};
use chartq::store::{Store, people};

const INDEX_2017: &str = "icd10cm/fy2017/icd10cm_index_2017.xml.gz";

/// One query: its kind, the text, acceptable code patterns (no dots).
struct Case {
    kind: String,
    query: String,
    want: Vec<String>,
}

/// The ICD-10-CM rows of a relevance file: `kind query codes` or
/// `system kind query codes`.
fn cases(text: &str) -> Vec<Case> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let f = match f.as_slice() {
                ["cm", rest @ ..] if rest.len() == 3 => rest.to_vec(),
                [_, _, _, _] => return None,
                _ => f,
            };
            Some(Case {
                kind: f[0].to_string(),
                query: f[1].to_string(),
                want: f[2].split(',').map(norm).collect(),
            })
        })
        .collect()
}

fn norm(code: &str) -> String {
    code.replace('.', "").to_uppercase()
}

/// `*` matches any run of characters.
fn glob(pattern: &str, text: &str) -> bool {
    match pattern.split_once('*') {
        None => pattern == text,
        Some((head, rest)) => {
            let Some(tail) = text.strip_prefix(head) else {
                return false;
            };
            (0..=tail.len()).any(|i| tail.is_char_boundary(i) && glob(rest, &tail[i..]))
        }
    }
}

/// The share of `cases` (of `kind`, or all) answered in the top 10.
fn recall10(index: &Index, cases: &[Case], kind: Option<&str>) -> (f64, usize) {
    let opts = SearchOptions {
        systems: vec![CodeSystem::Icd10Cm],
        limit: 10,
        ..SearchOptions::default()
    };
    let chosen: Vec<&Case> = cases
        .iter()
        .filter(|c| kind.is_none_or(|k| c.kind == k))
        .collect();
    let found = chosen
        .iter()
        .filter(|c| {
            index
                .search(&c.query, &opts)
                .iter()
                .any(|h| c.want.iter().any(|w| glob(w, &norm(&h.code))))
        })
        .count();
    (found as f64 / chosen.len().max(1) as f64, chosen.len())
}

#[test]
fn search_with_the_fy2017_index_and_the_lay_lexicon_keeps_its_floor() {
    let Some(path) = crate::support::fixtures::shared_data(INDEX_2017) else {
        return;
    };
    let mut store = Store::open_in_memory().expect("in-memory store");
    bundled::seed_if_missing(&mut store).expect("bundled ICD-10-CM");
    let admin = chartq::domain::people::Actor {
        user: people::init_as(&mut store, "admin", people::process_uid()).expect("first admin"),
        real_login: None,
    };
    import::import_index_file(&mut store, &admin, &path, None).expect("FY2017 index");
    let index = search::load(&mut store, None, &[CodeSystem::Icd10Cm]).expect("index");

    let lay = cases(include_str!("../relevance/lay_queries.tsv"));
    let coder = cases(include_str!("../relevance/coder_queries.tsv"));
    assert!(lay.len() >= 150, "{} lay queries", lay.len());
    // Floors: measured values (docs/search-lay-notes.md) less a margin.
    let floors = [
        ("lay", &lay, Some("lay"), 0.90),
        ("lay", &lay, Some("z"), 0.85),
        ("lay", &lay, Some("injury"), 0.80),
        ("coder", &coder, None, 0.93),
    ];
    let mut failed = Vec::new();
    for (set, cases, kind, floor) in floors {
        let (r, n) = recall10(&index, cases, kind);
        let name = format!("{set}/{}", kind.unwrap_or("all cm"));
        println!("{name:<16} n={n:<4} recall@10={r:.3} (floor {floor:.2})");
        if r < floor {
            failed.push(format!("{name}: recall@10 {r:.3} < {floor:.2}"));
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("; "));
}

#[test]
fn glob_matches_code_patterns() {
    assert!(glob("S420*A", "S42001A"));
    assert!(!glob("S420*A", "S42001D"));
    assert!(glob("R32", "R32"));
    assert!(glob("J45*1", "J45901"));
    assert!(!glob("R32", "R321"));
}
