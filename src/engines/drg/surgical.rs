//! Surgical DRGs: every procedure's formulas into a surgical family of the
//! claim's MDC are candidates; a family whose definition also names
//! diagnoses (a hemorrhage principal, a malignancy principal, a skin ulcer
//! principal…) needs the principal (or, for `SDX` labels, a secondary)
//! listed for it; the candidate highest in CMS's surgical hierarchy wins.
//! Families that split on a second list (cholecystectomy with C.D.E.,
//! CABG with PTCA or catheterization, ovarian malignancy…) are narrowed
//! in [`super::families`].

use super::facts::Facts;
use super::tables::FamilyId;

/// A surgical choice: the DRGs and the procedures that chose them.
#[derive(Debug, Clone)]
pub struct Choice {
    pub drgs: Vec<u16>,
    pub procs: Vec<usize>,
}

/// Labels that only add a condition to a family another label opens
/// (a second procedure, a catheterization, ventilation hours).
fn conditional(label: &str) -> bool {
    const PREFIXES: [&str; 14] = [
        "AND ",
        "WITH ",
        "WITHOUT ",
        "SECOND CONDITION",
        "THIRD CONDITION",
        "CONCOMITANT",
        "CARDIAC CATHETERIZATION",
        "HIGH DOSE",
        "THROMBOLYTIC",
        "MECHANICAL VENTILATION",
        "ANY PDX",
        "ALCOHOL/DRUG",
        "NON-ORPCS*",
        "ANY OTHER",
    ];
    PREFIXES.iter().any(|p| label.starts_with(p))
}

/// Pre-MDC DRGs that are not surgical but are chosen by procedure (bone
/// marrow transplants, CAR-T).
fn pre_mdc_medical(first: u16) -> bool {
    matches!(first, 14 | 16 | 18)
}

/// The surgical family of `mdc` (0: pre-MDC) the claim's procedures
/// reach, highest in the hierarchy first.
pub fn choose(f: &Facts<'_>, mdc: u8) -> Option<Choice> {
    let mut best: Option<(u32, FamilyId, Vec<u16>)> = None;
    let mut procs = Vec::new();
    for p in &f.procs {
        let Some(info) = p.info else { continue };
        for formula in &info.formulas {
            let fam = f.t.family(formula.family);
            let first = fam.drgs.first().copied().unwrap_or(0);
            let eligible = fam.surgical || (mdc == 0 && pre_mdc_medical(first));
            if fam.mdc != mdc || !eligible || first >= 998 {
                continue;
            }
            let label = f.t.label(formula.label);
            if conditional(label) && !f.t.family_has_dx(formula.family) {
                continue;
            }
            if formula.with.is_some_and(|w| !f.procs.iter().any(|q| q.key == w)) {
                continue;
            }
            if !dx_condition_met(f, formula.family) {
                continue;
            }
            let Some(drgs) = super::families::refine(f, formula.family, label) else {
                continue;
            };
            let rank = drgs
                .iter()
                .map(|&d| f.t.ranks[usize::from(d)])
                .min()
                .unwrap_or(u32::MAX);
            if best.as_ref().is_none_or(|(r, _, _)| rank < *r) {
                best = Some((rank, formula.family, drgs));
            }
        }
    }
    if best.is_none() {
        best = catch_all(f, mdc);
    }
    let (_, family, drgs) = best?;
    for p in &f.procs {
        if p.info
            .is_some_and(|i| i.formulas.iter().any(|x| x.family == family))
        {
            procs.push(p.index);
        }
    }
    Some(Choice { drgs, procs })
}

/// A family that names diagnoses takes the claim only with one of them.
fn dx_condition_met(f: &Facts<'_>, family: FamilyId) -> bool {
    if !f.t.family_is_gated(family) {
        return true;
    }
    let first = f.t.family(family).drgs.first().copied().unwrap_or(0);
    let alternative = match first {
        456 => f.proc_has(family, |l| l.starts_with("EXTENSIVE FUSIONS")),
        23 => {
            f.proc_has(family, |l| {
                l.starts_with("MAJOR DEVICE") || l.starts_with("ANTINEOPLASTIC")
            }) || (f.pdx_has(family, |l| l.starts_with("EPILEPSY"))
                && f.proc_has(family, |l| l.starts_with("NEUROSTIMULATOR")))
        }
        _ => false,
    };
    if alternative {
        return true;
    }
    if first == 23 {
        return f.pdx_has(family, |l| l.starts_with("ACUTE COMPLEX"));
    }
    // Families split by the principal's kind take any principal (the
    // split is in `families::refine`).
    if matches!(first, 573 | 656 | 715) {
        return true;
    }
    // "PDX from MDC 18 except …": any principal of the MDC but those.
    if f.pdx_has(family, |l| l.contains("EXCEPT")) {
        return false;
    }
    if f.t.family_has_except(family) {
        return true;
    }
    f.pdx_has(family, |l| l.contains("PDX") || l.contains("PSDX") || l == "SDX")
        || f.sdx_has(family, |l| l.contains("SDX"))
}

/// "Any other O.R. procedure" families (lymphoma and leukemia with other
/// O.R. procedures 823–825, myeloproliferative 829/830, infectious and
/// parasitic diseases 853–855): any O.R. procedure with a principal the
/// family takes, when no listed family took the claim.
fn catch_all(f: &Facts<'_>, mdc: u8) -> Option<(u32, FamilyId, Vec<u16>)> {
    if !f.any_or() {
        return None;
    }
    let mut best: Option<(u32, FamilyId, Vec<u16>)> = None;
    for (id, fam) in f.t.families.iter().enumerate() {
        let id = id as FamilyId;
        if fam.mdc != mdc || !fam.surgical || !f.t.family_is_catch_all(id) {
            continue;
        }
        if !dx_condition_met(f, id) {
            continue;
        }
        if best.as_ref().is_none_or(|(r, _, _)| fam.rank < *r) {
            best = Some((fam.rank, id, fam.drgs.clone()));
        }
    }
    best
}
