//! Pre-MDC DRGs, chosen by procedure before the principal's MDC: heart
//! transplant or assist system (001/002), ECMO or tracheostomy (003/004),
//! liver or intestinal transplant (005/006), lung (007), pancreas and
//! kidney (008/010/019), tracheostomy for a face, mouth and neck principal
//! or laryngectomy (011–013), bone marrow (014, 016/017), CAR-T (018).
//!
//! Tracheostomy (as the reference grouper does it): an open tracheostomy
//! with a face, mouth and neck principal (011's diagnosis list) or a
//! laryngectomy (without a tracheostomy) is 011–013; otherwise 003 when
//! another O.R. procedure not on the non-extensive list (a "major O.R.
//! procedure") is on the claim, else 004; ECMO is 003.

use super::facts::Facts;
use super::surgical::{Choice, choose as choose_in};

/// The pre-MDC choice, if a pre-MDC procedure is on the claim.
pub fn choose(f: &Facts<'_>) -> Option<Choice> {
    let mut c = choose_in(f, 0)?;
    match c.drgs.first() {
        Some(3) | Some(4) | Some(11) => {
            // Only an open tracheostomy ("AND TRACHEOSTOMY FOR FACE, MOUTH
            // & NECK") with a face, mouth and neck principal (011's list)
            // makes 011–013.
            let fmn = f.fam("011&012&013").is_some_and(|id| {
                f.pdx_has(id, |l| l == "PDX")
                    && f.proc_has(id, |l| l.starts_with("AND TRACHEOSTOMY"))
            });
            let ecmo = f
                .fam("003&004")
                .is_some_and(|id| f.proc_has(id, |l| l.starts_with("ECMO") || l == "NON-ORPCS"));
            let laryngectomy = f
                .fam("011&012&013")
                .is_some_and(|id| f.proc_has(id, |l| l.starts_with("LARYNGECTOMY")));
            // A tracheostomy decides before a laryngectomy (003 outranks 011).
            let trach = f.fam("003&004").is_some_and(|id| {
                f.proc_has(id, |l| l == "TRACHEOSTOMY ORPCS" || l == "OR NON-ORPCS")
            });
            if ecmo {
                c.drgs = vec![3];
            } else if fmn || (laryngectomy && !trach) {
                c.drgs = vec![11, 12, 13];
            } else {
                // "Major O.R.": another O.R. procedure not on the
                // non-extensive list.
                let trach_procs: Vec<usize> = c.procs.clone();
                let major = f.procs.iter().any(|p| {
                    p.is_or()
                        && !trach_procs.contains(&p.index)
                        && !f.t.non_extensive.contains(&p.key)
                });
                c.drgs = vec![if major { 3 } else { 4 }];
            }
        }
        _ => {}
    }
    Some(c)
}
