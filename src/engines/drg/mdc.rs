//! The MDC of the principal diagnosis. Most diagnoses are listed under one
//! MDC. A few are listed under two and the patient's sex chooses, as in
//! CMS's grouper: the male reproductive MDC 12 or the female MDC 13
//! (72 diagnoses), and N39.3 (stress incontinence: MDC 11 for a man, 13
//! for a woman). With sex unknown or invalid such a claim is ungroupable
//! (999, return code INVALID_SEX) — what the reference grouper does.

use crate::domain::claim::Sex;
use crate::domain::drg::ReturnCode;

use super::facts::Facts;

/// The principal's MDC, or why the claim cannot be grouped.
pub fn of(f: &Facts<'_>) -> Result<u8, ReturnCode> {
    // MDC 25 is listed beside the own MDC of HIV-related conditions; it is
    // chosen by the HIV rule (super::special), not here.
    let mut own = [0u8; 4];
    let mut n = 0;
    for &m in f.pdx.mdcs.iter().filter(|&&m| m != 25) {
        if n < own.len() {
            own[n] = m;
            n += 1;
        }
    }
    if n == 0 && f.pdx.mdcs.contains(&25) {
        return Ok(25);
    }
    match &own[..n] {
        [] => Err(ReturnCode::InvalidPrincipalDiagnosis),
        [only] => Ok(*only),
        several => {
            let female = several.contains(&13);
            match (f.sex, female) {
                (Some(Sex::Female), true) => Ok(13),
                (Some(Sex::Male), true) => several
                    .iter()
                    .copied()
                    .find(|&m| m != 13)
                    .ok_or(ReturnCode::InvalidSex),
                (_, true) => Err(ReturnCode::InvalidSex),
                // Listed twice under one MDC (e.g. B20 in MDC 25): the first.
                (_, false) => Ok(several[0]),
            }
        }
    }
}
