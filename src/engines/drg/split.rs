//! Choosing a DRG inside its family by severity. CMS's titles say what
//! each DRG of a family takes ("with MCC", "with CC", "with CC/MCC",
//! "without CC/MCC", "without MCC"); the first DRG of the family whose
//! title takes the claim's severity is the one.

use crate::domain::drg::{CcLevel, SeveritySplit};

use super::facts::Facts;
use super::severity::{Mark, level_for};

/// Whether a DRG titled `title` takes severity `sev`.
fn takes(title: &str, sev: CcLevel) -> bool {
    let t = title.to_ascii_lowercase();
    if t.contains("without cc/mcc") || t.contains("without mcc/cc") {
        sev == CcLevel::None
    } else if t.contains("without mcc") {
        sev != CcLevel::Mcc
    } else if t.contains("with cc/mcc") || t.contains("with mcc or cc") || t.contains("with cc or mcc")
    {
        sev != CcLevel::None
    } else if t.contains("with mcc") {
        sev == CcLevel::Mcc
    } else if t.contains("with cc") {
        sev == CcLevel::Cc
    } else {
        true
    }
}

/// The DRG of `drgs` the claim's severity selects (severity read with the
/// first DRG's own exclusions), with that severity.
pub fn choose(f: &Facts<'_>, marks: &[Mark], drgs: &[u16]) -> (u16, CcLevel) {
    let first = drgs.first().copied().unwrap_or(999);
    let sev = level_for(f, marks, first);
    let pick = drgs
        .iter()
        .copied()
        .find(|&d| f.t.drg(d).is_some_and(|i| takes(&i.title, sev)))
        .or_else(|| drgs.last().copied())
        .unwrap_or(999);
    (pick, sev)
}

/// The split a family uses, read from its titles.
pub fn split_of(f: &Facts<'_>, drgs: &[u16]) -> SeveritySplit {
    let titles: Vec<String> = drgs
        .iter()
        .filter_map(|&d| f.t.drg(d).map(|i| i.title.to_ascii_lowercase()))
        .collect();
    let any = |s: &str| titles.iter().any(|t| t.contains(s));
    if titles.len() <= 1 {
        SeveritySplit::Single
    } else if any("with cc/mcc") || any("with mcc or cc") {
        if any("with mcc") && titles.len() >= 2 && titles[0].contains("with mcc") && !titles[0].contains("cc/mcc") {
            SeveritySplit::MccOrCcAndMcc
        } else {
            SeveritySplit::CcOrMcc
        }
    } else if any("with cc") {
        SeveritySplit::MccCc
    } else if any("with mcc") {
        SeveritySplit::Mcc
    } else {
        SeveritySplit::Single
    }
}
