//! The importers on the official files in `../shared/data` (skipped with a
//! printed reason where absent), checked against CMS's published counts.

use std::collections::BTreeSet;

use chartq::app::codesets::bundled;
use chartq::domain::codes::{CodeKind, CodeSet, CodeSystem, lookup_key};
use chartq::ingest::order_file;
use chartq::ingest::source::Source;

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

    let Some(order) = crate::support::fixtures::shared_data("icd10cm/icd10cm_order_2026.txt.gz")
    else {
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

#[test]
fn pcs_fy2026_order_file() {
    let Some(path) = crate::support::fixtures::shared_data("icd10pcs/icd10pcs_order_2026.txt.gz")
    else {
        return;
    };
    let parsed = chartq::app::codesets::import::read_file(CodeSystem::Icd10Pcs, &path).unwrap();
    let set = &parsed.set;
    assert_eq!(set.codes.len(), 80_029);
    assert_eq!(billable_keys(set).len(), 79_115);
    assert_eq!(count(set, CodeKind::Section), 914);
    assert!(
        set.codes
            .iter()
            .filter(|c| c.billable)
            .all(|c| c.parent.as_deref() == Some(&c.code[..3]))
    );
    let release = parsed.release.unwrap();
    assert_eq!(release.label, "FY2026");
    assert_eq!(release.effective.from.to_string(), "2025-10-01");
}

#[test]
fn hcpcs_2019_anweb_file() {
    let Some(path) = crate::support::fixtures::shared_data("hcpcs/HCPC2019_CONTR_ANWEB.txt.gz")
    else {
        return;
    };
    let parsed = chartq::app::codesets::import::read_file(CodeSystem::Hcpcs, &path).unwrap();
    let set = &parsed.set;
    assert_eq!(count(set, CodeKind::Code), 6_440);
    assert_eq!(count(set, CodeKind::Modifier), 360);
    assert_eq!(billable_keys(set).len(), 6_440);
    assert_eq!(
        set.codes.iter().filter(|c| c.valid_until.is_some()).count(),
        515
    );
    // Three lines, the second of them the file's one 316-column record.
    let g8891 = set.codes.iter().find(|c| c.code == "G8891").unwrap();
    assert!(g8891.long_title.starts_with(
        "Documentation of medical reason(s) for most recent ldl-c not under control (e.g., patients"
    ));
    assert!(
        g8891.long_title.ends_with("is not clinically appropriate)"),
        "{}",
        g8891.long_title
    );
    let e0601 = set.codes.iter().find(|c| c.code == "E0601").unwrap();
    assert_eq!(
        e0601.long_title,
        "Continuous positive airway pressure (cpap) device"
    );
    let release = parsed.release.unwrap();
    assert_eq!(
        (release.label.as_str(), release.effective.to),
        ("2019", None)
    );
}
