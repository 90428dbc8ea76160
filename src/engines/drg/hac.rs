//! Hospital-acquired conditions: a HAC diagnosis not present on admission
//! (POA N or U) does not count as a CC or MCC, when its category's other
//! criteria are met. POA Y, W and exempt (1) count; a blank POA is read
//! as U (CMS: a missing indicator on a non-exempt code is not "present").
//!
//! Category 06 (catheter-associated UTI) needs both a UTI code and the
//! catheter complication (T83.51x) on the claim. Categories 08 and 10–14
//! need a procedure of their list (CABG, knee/hip replacement, bariatric,
//! orthopedic, CIED, venous catheterization: `codesets/msdrg/hac_lists.tsv`);
//! category 11 also a principal of morbid obesity, read from the list as
//! the reference applies it. A HAC code whose criteria are met with no
//! POA (or POA 1, which the reference does not take) makes the claim 999
//! HAC_MISSING_ONE_POA, as the reference does.

use crate::domain::coding::Poa;
use crate::domain::drg::HacStatus;

use super::facts::{Facts, Secondary};

/// What the HAC rules make of one secondary.
pub fn status(f: &Facts<'_>, s: &Secondary<'_>) -> HacStatus {
    let Some(cc) = s.cc else {
        return HacStatus::NotHac;
    };
    if cc.hac == 0 {
        return HacStatus::NotHac;
    }
    if matches!(s.poa, Some(Poa::Y | Poa::W)) {
        return HacStatus::PresentOnAdmission;
    }
    if criteria_met(f, cc.hac) {
        HacStatus::NotCounted
    } else {
        HacStatus::CriteriaNotMet
    }
}

fn criteria_met(f: &Facts<'_>, category: u8) -> bool {
    match category {
        // CAUTI: the urinary catheter complication (T83.51x) is on the claim.
        6 => {
            let catheter = |k| super::tables::unkey(k).starts_with("T8351");
            let cat6 = |s: &&Secondary<'_>| s.cc.is_some_and(|c| c.hac == 6);
            f.sdx.iter().filter(cat6).any(|s| catheter(s.key))
                && f.sdx.iter().filter(cat6).any(|s| !catheter(s.key))
        }
        8 | 10..=14 => f.procs.iter().any(|p| {
            f.t.hac_procs
                .get(&p.key)
                .is_some_and(|m| m & (1 << category) != 0)
        }),
        _ => true,
    }
}

/// The claim is 999 HAC_MISSING_ONE_POA: some HAC code lacks its POA and a
/// HAC's criteria are met (that code's own, or another's not present on
/// admission) — the reference's behaviour.
pub fn claim_missing_poa(f: &Facts<'_>, marks: &[super::severity::Mark]) -> bool {
    let missing = |s: &Secondary<'_>| {
        s.cc.is_some_and(|c| c.hac != 0) && !matches!(s.poa, Some(Poa::Y | Poa::W | Poa::N | Poa::U))
    };
    let any_missing = f.sdx.iter().any(missing);
    any_missing && marks.iter().any(|m| m.hac == HacStatus::NotCounted)
}
