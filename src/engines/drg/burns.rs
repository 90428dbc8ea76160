//! MDC 22, burns (no medical formula in the logic file reaches them; the
//! rules are CMS's Definitions Manual's, checked against the reference):
//!
//! - extensive burns (a third-degree burn of 20% or more of the body,
//!   `EXTENSIVE BURNS` on 927/933, principal or secondary), or a
//!   full-thickness burn with ventilation over 96 hours → 927 with a skin
//!   graft, else 933;
//! - a full-thickness burn (principal or secondary) → 928/929 with a skin
//!   graft (with CC/MCC or inhalation injury | without), else 934;
//! - otherwise non-extensive burns, 935 (an O.R. procedure does not move
//!   it).

use super::facts::Facts;
use super::surgical::Choice;

/// The MDC 22 family.
pub fn choose(f: &Facts<'_>) -> Choice {
    let any_dx = |fam: &str, pred: &dyn Fn(&str) -> bool| {
        f.fam(fam)
            .is_some_and(|id| f.pdx_has(id, pred) || f.sdx_has(id, pred))
    };
    let proc_label = |fam: &str, pred: &dyn Fn(&str) -> bool| {
        f.fam(fam).is_some_and(|id| f.proc_has(id, pred))
    };
    let graft_procs = |fam: &str| -> Vec<usize> {
        let Some(id) = f.fam(fam) else { return Vec::new() };
        f.procs
            .iter()
            .filter(|p| p.info.is_some_and(|i| i.formulas.iter().any(|x| x.family == id)))
            .map(|p| p.index)
            .collect()
    };
    let mv96 = f.has_proc("5A1955Z");
    let extensive = any_dx("927&933", &|l| l.starts_with("EXTENSIVE"));
    let full = any_dx("927&933", &|l| l.starts_with("FULL THICKNESS"))
        || any_dx("928&929&934", &|l| l == "PSDX");
    if extensive || (full && mv96) {
        if proc_label("927&933", &|l| l.starts_with("SKIN GRAFT")) {
            return Choice { drgs: vec![927], procs: graft_procs("927&933") };
        }
        return Choice { drgs: vec![933], procs: Vec::new() };
    }
    if full {
        if proc_label("928&929&934", &|l| l.starts_with("SKIN GRAFT")) {
            let inhalation = any_dx("928&929&934", &|l| l.starts_with("INHALATION"));
            let drgs = if inhalation { vec![928] } else { vec![928, 929] };
            return Choice { drgs, procs: graft_procs("928&929&934") };
        }
        return Choice { drgs: vec![934], procs: Vec::new() };
    }
    Choice { drgs: vec![935], procs: Vec::new() }
}
