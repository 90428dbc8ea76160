//! Pre-MDC DRGs, chosen by procedure before the principal's MDC: heart
//! transplant or assist system (001/002), ECMO or tracheostomy (003/004),
//! liver or intestinal transplant (005/006), lung (007), pancreas and
//! kidney (008/010/019), tracheostomy for a face, mouth and neck principal
//! or laryngectomy (011–013), bone marrow (014, 016/017), CAR-T (018).
//!
//! Tracheostomy (as the reference grouper does it): with a principal of
//! MDC 03 (face, mouth and neck) it is 011–013; otherwise 003 when another
//! O.R. procedure is on the claim, else 004.

use super::facts::Facts;
use super::surgical::{Choice, choose as choose_in};

/// The pre-MDC choice, if a pre-MDC procedure is on the claim.
pub fn choose(f: &Facts<'_>) -> Option<Choice> {
    let mut c = choose_in(f, 0)?;
    match c.drgs.first() {
        Some(3) | Some(4) | Some(11) => {
            let fmn = f.pdx.mdcs.first() == Some(&3);
            let ecmo = f
                .fam("003&004")
                .is_some_and(|id| f.proc_has(id, |l| l.starts_with("ECMO")));
            if ecmo {
                c.drgs = vec![3];
            } else if fmn {
                c.drgs = vec![11, 12, 13];
            } else {
                let trach: Vec<usize> = c.procs.clone();
                let other_or = f.procs.iter().any(|p| p.is_or() && !trach.contains(&p.index));
                c.drgs = vec![if other_or { 3 } else { 4 }];
            }
        }
        _ => {}
    }
    Some(c)
}
