//! The importers on the official files in `../shared/data` (skipped with a
//! printed reason where absent), checked against CMS's published counts.

mod common;

use std::collections::BTreeSet;

use chartq::codes::source::Source;
use chartq::codes::{CodeKind, CodeSet, CodeSystem, bundled, lookup_key, order_file};

fn billable_keys(set: &CodeSet) -> BTreeSet<String> {
    set.codes
        .iter()
        .filter(|c| c.billable)
        .map(|c| lookup_key(&c.code))
        .collect()
}

fn count(set: &CodeSet, kind: CodeKind) -> usize {
    set.codes.iter().filter(|c| c.kind == kind).count()
}

/// The April 1 2026 tabular, with 7th characters expanded, yields exactly
/// the 74,719 billable codes of the FY2026 (October 2025) order file: the
/// April 1 2026 update added and deleted no codes (its 46,881 `<diag>`
/// titles also equal the order file's long titles, apart from 109 titles
/// whose eponyms carry accents the ASCII order file drops).
#[test]
fn april_2026_tabular_matches_the_fy2026_order_file() {
    let tabular = bundled::tabular().unwrap();
    assert_eq!(tabular.fiscal_year, Some(2026));
    let set = &tabular.set;
    assert_eq!(count(set, CodeKind::Chapter), 22);
    assert_eq!(count(set, CodeKind::Section), 297);
    // Of the 46,881 <diag> elements, the headers and 7th-character stems
    // are categories: as many as the order file's 23,467 headers.
    assert_eq!(count(set, CodeKind::Category), 23_467);
    assert_eq!(count(set, CodeKind::Code), 74_719);
    assert_eq!(set.codes.len(), 22 + 297 + 23_467 + 74_719);
    assert_eq!(
        set.codes.iter().map(|c| c.notes.len()).sum::<usize>(),
        26_952
    );
    let apr = billable_keys(set);
    assert_eq!(apr.len(), 74_719);
    assert!(
        set.codes
            .iter()
            .all(|c| c.billable == (c.kind == CodeKind::Code))
    );

    let Some(order) = common::shared_data("icd10cm/icd10cm_order_2026.txt.gz") else {
        return;
    };
    let order = order_file::parse(
        &Source::open(&order, &[order_file::is_order_member]).unwrap(),
        CodeSystem::Icd10Cm,
    )
    .unwrap();
    assert_eq!(order.codes.len(), 98_186);
    let oct = billable_keys(&order);
    assert_eq!(oct.len(), 74_719);
    let added: Vec<&String> = apr.difference(&oct).collect();
    let deleted: Vec<&String> = oct.difference(&apr).collect();
    assert_eq!(
        (added.len(), deleted.len()),
        (0, 0),
        "added {added:?} deleted {deleted:?}"
    );
}
