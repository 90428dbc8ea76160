//! Hospital-acquired conditions: a HAC diagnosis not present on admission
//! (POA N or U) does not count as a CC or MCC, when its category's other
//! criteria are met. POA Y, W and exempt (1) count; a blank POA is read
//! as U (CMS: a missing indicator on a non-exempt code is not "present").
//!
//! Categories 06 (catheter-associated UTI) needs its catheter complication
//! code on the claim. Categories 08 and 10–14 need procedures (orthopedic,
//! bariatric, CABG, knee/hip replacement, CIED, venous catheter) whose
//! lists are not in the bundled logic: they are treated as not met, so the
//! diagnosis counts (see docs/msdrg-notes.md).

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
    if matches!(s.poa, Some(Poa::Y | Poa::W | Poa::Exempt)) {
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
        6 => f.sdx.iter().any(|s| {
            let code = super::tables::unkey(s.key);
            code.starts_with("T8351")
        }),
        8 | 10..=14 => false,
        _ => true,
    }
}
