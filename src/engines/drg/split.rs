//! Choosing a DRG inside its family by severity. CMS's titles say what
//! each DRG of a family takes ("with MCC", "with CC", "with CC/MCC",
//! "without CC/MCC", "without MCC"); the first DRG of the family whose
//! title takes the claim's severity is the one.

use crate::domain::drg::{CcLevel, SeveritySplit};

use super::facts::Facts;
use super::severity::{Mark, level_for};

/// Whether a DRG titled `title` takes severity `sev`.
fn takes(t: &str, sev: CcLevel) -> bool {
    if t.contains("without cc/mcc") || t.contains("without mcc/cc") {
        sev == CcLevel::None
    } else if t.contains("without mcc") {
        sev != CcLevel::Mcc
    } else if t.contains("with cc/mcc")
        || t.contains("with mcc or cc")
        || t.contains("with cc or mcc")
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
    let by_severity = drgs
        .iter()
        .position(|&d| f.t.drg(d).is_some_and(|i| takes(&i.title_lc, sev)))
        .unwrap_or(drgs.len().saturating_sub(1));
    let at = forced(f, drgs).map_or(by_severity, |i| i.min(by_severity));
    (drgs.get(at).copied().unwrap_or(999), sev)
}

/// Title clauses "with MCC or …" / "with CC or …": the claim takes that
/// DRG whatever its severity when it has what the clause names.
const OR_CLAUSES: [(&str, &str); 8] = [
    (
        "or Peripheral Neurostimulator",
        "PERIPHERAL NEUROSTIMULATORS",
    ),
    ("or Custom-Made Anatomically Designed", "CMADIFD"),
    ("or Total Ankle Replacement", "TOTAL ANKLE REPLACEMENT"),
    (
        "or Disc Device or Neurostimulator",
        "NEUROSTIMULATORS|DISC DEVICES",
    ),
    ("or Spinal Neurostimulator", "SPINAL NEUROSTIMULATORS"),
    ("or Antineoplastic Implant", "ANTINEOPLASTIC IMPLANT"),
    ("or Carotid Artery Stent", "CAROTID"),
    ("or Intestinal Transplant", "INTESTINAL TRANSPLANT"),
];

/// The index of the family's DRG an "or …" clause of its title forces.
fn forced(f: &Facts<'_>, drgs: &[u16]) -> Option<usize> {
    if drgs.first() == Some(&321) && four_or_more_vessels(f) {
        return Some(0);
    }
    drgs.iter().position(|&d| {
        let Some(info) = f.t.drg(d) else { return false };
        let title = info.title.as_str();
        if title.contains("or tPA in 24 Hours") {
            return f.any_sdx_label(|l| l.starts_with("TPA WITHIN 24 HOURS"));
        }
        if title.contains("or Epilepsy with Neurostimulator")
            && f.pdx
                .formulas
                .iter()
                .any(|x| f.t.label(x.label).starts_with("EPILEPSY"))
            && f.any_proc_label(|l| l.starts_with("NEUROSTIMULATOR"))
        {
            return true;
        }
        OR_CLAUSES.iter().any(|(phrase, labels)| {
            title.contains(phrase)
                && labels.split('|').any(|want| {
                    f.any_proc_label(|l| {
                        l.starts_with(want) || l.contains(want) && want == "CMADIFD"
                    })
                })
        })
    })
}

/// DRG 321's "4+ arteries/intraluminal devices": the arteries (or the
/// intraluminal devices) the claim's coronary procedures treat add up to
/// four or more (each code counts as its list says: one … four or more).
fn four_or_more_vessels(f: &Facts<'_>) -> bool {
    let Some(fam) = f.fam("321&322") else {
        return false;
    };
    const COUNTS: [(&str, u32); 4] = [("ONE", 1), ("TWO", 2), ("THREE", 3), ("FOUR", 4)];
    let (mut arteries, mut devices) = (0u32, 0u32);
    for p in &f.procs {
        let Some(info) = p.info else { continue };
        for x in info.formulas.iter().filter(|x| x.family == fam) {
            let label = f.t.label(x.label);
            let n = COUNTS
                .iter()
                .find(|(w, _)| {
                    label.starts_with(w) || label.ends_with(&format!("{w} INTRALUMINAL DEVICE"))
                })
                .map_or(0, |(_, n)| *n);
            if label.contains("ARTER") && !label.contains("DEVICE") {
                arteries += n;
            } else if label.contains("INTRALUMINAL DEVICE") {
                devices += n;
            }
        }
    }
    arteries >= 4 || devices >= 4
}

/// The split a family uses, read from its titles.
pub fn split_of(f: &Facts<'_>, drgs: &[u16]) -> SeveritySplit {
    let titles: Vec<&str> = drgs
        .iter()
        .filter_map(|&d| f.t.drg(d).map(|i| i.title_lc.as_str()))
        .collect();
    let any = |s: &str| titles.iter().any(|t| t.contains(s));
    if titles.len() <= 1 {
        SeveritySplit::Single
    } else if any("with cc/mcc") || any("with mcc or cc") {
        if any("with mcc")
            && titles.len() >= 2
            && titles[0].contains("with mcc")
            && !titles[0].contains("cc/mcc")
        {
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
