//! Medical DRGs: the principal diagnosis's family within its MDC, with the
//! families whose choice reads more than the principal written out:
//! AMI discharged alive or expired (280–285), septicemia with ventilation
//! over 96 hours (870), respiratory disease with ventilation (207/208),
//! ischemic stroke with thrombolytic (061–063), chemotherapy with acute
//! leukemia (837–839), alcohol/drug use left AMA or with rehabilitation
//! (894/895), peptic ulcer complicated or not (380–384) and the newborns
//! (789–795).

use super::facts::Facts;

/// Ventilation over 96 consecutive hours.
const MV_OVER_96: &str = "5A1955Z";
/// Ventilation under 24 hours / 24–96 hours.
const MV_UNDER_96: [&str; 2] = ["5A1935Z", "5A1945Z"];

/// The DRGs (a family or part of one) a medical claim in `mdc` goes to.
pub fn family(f: &Facts<'_>, mdc: u8) -> Option<Vec<u16>> {
    if mdc == 15 {
        return newborn(f);
    }
    if mdc == 20 {
        // No formula in the logic file reaches MDC 20's DRGs.
        return Some(if f.status == 7 {
            vec![894]
        } else if rehab(f) {
            vec![895]
        } else {
            vec![896, 897]
        });
    }
    for formula in &f.pdx.formulas {
        let fam = f.t.family(formula.family);
        if fam.mdc != mdc || fam.surgical {
            continue;
        }
        let label = f.t.label(formula.label);
        if !label.contains("PDX") {
            continue;
        }
        if let Some(drgs) = refine(f, &fam.drgs, label) {
            return Some(drgs);
        }
    }
    None
}

/// A family's DRGs narrowed by what else the claim says.
fn refine(f: &Facts<'_>, drgs: &[u16], label: &str) -> Option<Vec<u16>> {
    let first = drgs.first().copied()?;
    Some(match first {
        280 => {
            if f.expired() {
                vec![283, 284, 285]
            } else {
                vec![280, 281, 282]
            }
        }
        870 if f.has_proc(MV_OVER_96) => vec![870],
        870 => vec![871, 872],
        380 if label.starts_with("UNCOMPLICATED") => vec![383, 384],
        380 => vec![380, 381, 382],
        61 if !thrombolytic(f) => return None,
        837 | 846 => {
            if f.sdx_has_label(837, "ACUTE LEUKEMIA SDX") || high_dose_chemo(f) {
                vec![837, 838, 839]
            } else {
                vec![846, 847, 848]
            }
        }
        949 if rehabilitation(f) => vec![945, 946],
        _ if f.t.drg(first).is_some_and(|i| i.mdc == 4) && f.has_proc(MV_OVER_96) => {
            vec![207]
        }
        _ if f.t.drg(first).is_some_and(|i| i.mdc == 4)
            && MV_UNDER_96.iter().any(|c| f.has_proc(c)) =>
        {
            vec![208]
        }
        _ => drgs.to_vec(),
    })
}

fn thrombolytic(f: &Facts<'_>) -> bool {
    f.fam("061&062&063")
        .is_some_and(|fam| f.proc_has(fam, |_| true))
}

fn high_dose_chemo(f: &Facts<'_>) -> bool {
    f.fam("837&838&839")
        .is_some_and(|fam| f.proc_has(fam, |l| l == "HIGH DOSE CHEMO AGENT"))
}

/// Rehabilitation (945/946): a rehabilitation procedure with an MDC 23
/// principal not on the family's exception list.
fn rehabilitation(f: &Facts<'_>) -> bool {
    f.fam("945&946").is_some_and(|fam| {
        f.proc_has(fam, |l| l.starts_with("SECOND CONDITION"))
            && !f.pdx_has(fam, |l| l.contains("EXCEPT"))
    })
}

fn rehab(f: &Facts<'_>) -> bool {
    f.fam("895&896&897").is_some_and(|fam| f.proc_has(fam, |_| true))
}

/// MDC 15: died or transferred to acute care (789), extreme immaturity
/// (790), prematurity with/without major problems (791/792), full term
/// with major problems (793), other significant problems (794), normal
/// newborn (795).
fn newborn(f: &Facts<'_>) -> Option<Vec<u16>> {
    // Died, or transferred to acute care (with or without a planned
    // readmission).
    if matches!(f.status, 2 | 5 | 20 | 66 | 82 | 85 | 94) {
        return Some(vec![789]);
    }
    let psdx = |drgs: &str, label: &str| {
        f.fam(drgs).is_some_and(|fam| {
            f.pdx_has(fam, |l| l.contains(label)) || f.sdx_has(fam, |l| l.contains(label))
        })
    };
    let major = psdx("793", "MAJOR PROBLEMS") || psdx("793", "SDX");
    if psdx("790", "PSDX") {
        return Some(vec![790]);
    }
    if psdx("791&792", "PREMATURITY") {
        return Some(vec![if major { 791 } else { 792 }]);
    }
    if major {
        return Some(vec![793]);
    }
    // Normal newborn: a 795 principal and only secondaries of its list.
    let normal = f.fam("795").is_some_and(|id| {
        f.pdx_has(id, |l| l == "PDX")
            && f.sdx.iter().all(|s| {
                s.dx.is_some_and(|d| {
                    d.formulas
                        .iter()
                        .any(|x| x.family == id && f.t.label(x.label).starts_with("AND NO SDX"))
                })
            })
    });
    Some(vec![if normal { 795 } else { 794 }])
}

impl Facts<'_> {
    /// Some secondary leads to the family starting with `first` under
    /// exactly `label`.
    pub fn sdx_has_label(&self, first: u16, label: &str) -> bool {
        self.t
            .families
            .iter()
            .enumerate()
            .filter(|(_, fam)| fam.drgs.first() == Some(&first))
            .any(|(id, _)| self.sdx_has(id as u16, |l| l == label))
    }
}
