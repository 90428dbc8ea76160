//! MDC 14, pregnancy, childbirth and the puerperium, as the reference
//! grouper does it (checked claim by claim, docs/msdrg-notes.md):
//!
//! - a cesarean section (10D00Z*) → 783–785 with sterilization, else
//!   786–788 (with or without an outcome-of-delivery code);
//! - a vaginal delivery needs both the delivery procedure (10E0XZZ …)
//!   and an outcome of delivery (Z37.x) secondary: then 768 with any O.R.
//!   procedure other than sterilization or D&C, 796–798 with
//!   sterilization and/or D&C, else 805–807;
//! - not delivered: an antepartum principal → 817–819 with an O.R.
//!   procedure, else 831–833; postpartum → 769 with an O.R. procedure,
//!   else 776; abortion → 770 with D&C, aspiration curettage or
//!   hysterotomy, else 779;
//! - a principal that only a delivery makes valid (O80, O60.14…): 998.

use super::facts::Facts;
use super::surgical::Choice;

/// The MDC 14 choice (`None` never: every MDC 14 principal has one).
pub fn choose(f: &Facts<'_>) -> Option<Choice> {
    let fam = |s: &str| f.fam(s);
    let procs_of = |s: &str| -> Vec<usize> {
        let Some(id) = fam(s) else { return Vec::new() };
        f.procs
            .iter()
            .filter(|p| p.info.is_some_and(|i| i.formulas.iter().any(|x| x.family == id)))
            .map(|p| p.index)
            .collect()
    };
    let proc_label = |s: &str, pred: &dyn Fn(&str) -> bool| {
        fam(s).is_some_and(|id| f.proc_has(id, pred))
    };
    let pdx_in = |s: &str| fam(s).is_some_and(|id| f.pdx_has(id, |_| true));
    let or: Vec<usize> = f.procs.iter().filter(|p| p.is_or()).map(|p| p.index).collect();
    if proc_label("786&787&788", &|l| l == "ORPCS") {
        let drgs = if proc_label("783&784&785", &|l| l == "AND ORPCS") {
            vec![783, 784, 785]
        } else {
            vec![786, 787, 788]
        };
        return Some(Choice { drgs, procs: procs_of("783&784&785") });
    }
    let delivered = proc_label("805&806&807", &|l| l == "NON-ORPCS")
        && fam("805&806&807").is_some_and(|id| f.sdx_has(id, |l| l == "SDX"));
    if delivered {
        let except = fam("768");
        let other_or = f.procs.iter().any(|p| {
            p.is_or()
                && !p.info.is_some_and(|i| {
                    i.formulas
                        .iter()
                        .any(|x| Some(x.family) == except && f.t.label(x.label).starts_with("WITH ANY"))
                })
        });
        let drgs = if other_or {
            vec![768]
        } else if proc_label("796&797&798", &|l| l != "NON-ORPCS") {
            vec![796, 797, 798]
        } else {
            vec![805, 806, 807]
        };
        return Some(Choice { drgs, procs: procs_of("805&806&807") });
    }
    let (drgs, procs) = if pdx_in("817&818&819") {
        if or.is_empty() { (vec![831, 832, 833], or) } else { (vec![817, 818, 819], or) }
    } else if pdx_in("769") {
        if or.is_empty() { (vec![776], or) } else { (vec![769], or) }
    } else if pdx_in("770") {
        if proc_label("770", &|l| l == "AND ORPCS") {
            (vec![770], procs_of("770"))
        } else {
            (vec![779], Vec::new())
        }
    } else {
        (vec![998], Vec::new())
    };
    Some(Choice { drgs, procs })
}
