//! CC/MCC: each secondary's listed level, and whether it counts for the
//! claim — not when the principal is in its PDX exclusion collection, not
//! when it counts only for patients discharged alive and the patient
//! expired, not when it is a HAC not present on admission, and not in the
//! DRGs that exclude it by name (Table 6K part 3). The claim's severity
//! is the highest level left.

use crate::domain::drg::{CcLevel, HacStatus};

use super::facts::Facts;

/// One secondary's marks.
#[derive(Debug, Clone)]
pub struct Mark {
    pub level: CcLevel,
    /// Cancelled by the principal, the alive rule or a HAC.
    pub excluded: bool,
    pub hac: HacStatus,
    pub hac_categories: Vec<u8>,
}

/// Marks every secondary of the claim (aligned with `f.sdx`).
pub fn marks(f: &Facts<'_>) -> Vec<Mark> {
    f.sdx
        .iter()
        .map(|s| {
            let Some(cc) = s.cc else {
                return Mark {
                    level: CcLevel::None,
                    excluded: false,
                    hac: HacStatus::NotHac,
                    hac_categories: Vec::new(),
                };
            };
            let by_pdx = f
                .t
                .collections
                .get(cc.collection as usize)
                .is_some_and(|c| c.contains(&f.pdx_key));
            let by_death = cc.alive_only && f.expired();
            let hac = super::hac::status(f, s);
            Mark {
                level: cc.level,
                excluded: by_pdx || by_death || hac == HacStatus::NotCounted,
                hac,
                hac_categories: if cc.hac == 0 { Vec::new() } else { vec![cc.hac] },
            }
        })
        .collect()
}

/// The claim's severity for `drg`: the highest counted level, leaving out
/// what the DRG's own exclusion list names.
pub fn level_for(f: &Facts<'_>, marks: &[Mark], drg: u16) -> CcLevel {
    let own = f.t.drg_exclusions.get(&drg);
    f.sdx
        .iter()
        .zip(marks)
        .filter(|(s, m)| !m.excluded && !own.is_some_and(|x| x.contains(&s.key)))
        .map(|(_, m)| m.level)
        .max()
        .unwrap_or(CcLevel::None)
}
