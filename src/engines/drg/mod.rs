//! The MS-DRG grouper (v43, v43.1): pure, one claim in, one [`Grouping`]
//! out, over one version's [`DrgTables`].
//!
//! The order is CMS's: the principal must be valid ([`mdc`]); pre-MDC
//! (transplants, ECMO, tracheostomy, bone marrow, CAR-T) by procedure;
//! multiple significant trauma (MDC 24) and HIV (MDC 25) by diagnoses
//! ([`special`]); then the principal's MDC: obstetrics ([`obstetrics`]),
//! the surgical hierarchy ([`surgical`], [`families`]), an O.R. procedure
//! unrelated to the principal, else the medical family ([`medical`]).
//! Inside the family, the severity of the secondaries ([`severity`],
//! [`hac`]) chooses the DRG ([`split`]).

pub mod burns;
pub mod facts;
pub mod families;
pub mod hac;
pub mod mdc;
pub mod medical;
pub mod obstetrics;
pub mod output;
pub mod pre_mdc;
pub mod severity;
pub mod special;
pub mod split;
pub mod surgical;
pub mod tables;

pub use tables::DrgTables;

use crate::domain::claim::Claim;
use crate::domain::drg::{Grouping, ReturnCode};

use facts::Facts;
use surgical::Choice;

/// Groups one claim.
pub fn group(t: &DrgTables, claim: &Claim) -> Grouping {
    let Some(f) = Facts::of(t, claim) else {
        return output::ungroupable(t, claim, ReturnCode::InvalidPdx);
    };
    let mdc = match mdc::of(&f) {
        Ok(m) => m,
        Err(rc) => return output::ungroupable(t, claim, rc),
    };
    let marks = severity::marks(&f);
    if hac::claim_missing_poa(&f, &marks) {
        return output::ungroupable(t, claim, ReturnCode::HacMissingOnePoa);
    }
    // An "alive only" MCC needs a valid discharge status.
    if f.status == 0 && f.sdx.iter().any(|s| s.cc.is_some_and(|c| c.alive_only)) {
        return output::ungroupable(t, claim, ReturnCode::InvalidDischargeStatus);
    }
    let (choice, mdc) = route(&f, mdc);
    let Some(choice) = choice else {
        return output::ungroupable(t, claim, ReturnCode::InvalidPrincipalDiagnosis);
    };
    let (drg, sev) = split::choose(&f, &marks, &choice.drgs);
    output::grouping(&f, claim, &marks, &choice, drg, sev, mdc)
}

/// The DRG family the claim goes to, and the MDC reported with it.
fn route(f: &Facts<'_>, mdc: u8) -> (Option<Choice>, u8) {
    if let Some(c) = pre_mdc::choose(f) {
        return (Some(c), mdc);
    }
    // A kidney transplant groups to MDC 11 whatever the principal.
    if let Some(c) = surgical::choose(f, 11).filter(|c| matches!(c.drgs[0], 650 | 652)) {
        return (Some(c), 11);
    }
    if special::is_multiple_trauma(f) {
        return (Some(special::trauma(f)), 24);
    }
    if special::is_hiv(f) {
        return (Some(special::hiv(f)), 25);
    }
    if mdc == 22 {
        return (Some(burns::choose(f)), 22);
    }
    if mdc == 14 {
        if let Some(c) = obstetrics::choose(f) {
            return (Some(c), 14);
        }
    }
    if let Some(c) = surgical::choose(f, mdc) {
        return (Some(c), mdc);
    }
    if mdc == 15 {
        return (medical::family(f, mdc).map(|drgs| Choice { drgs, procs: Vec::new() }), mdc);
    }
    if let Some(c) = special::unrelated(f, mdc) {
        return (Some(c), mdc);
    }
    if let Some(drgs) = medical::family(f, mdc) {
        return (Some(Choice { drgs, procs: medical_procs(f) }), mdc);
    }
    // A principal whose only formula is 998 (e.g. O80 with no delivery).
    let invalid = f
        .pdx
        .formulas
        .iter()
        .any(|x| f.t.family(x.family).drgs == [998]);
    if invalid {
        return (Some(Choice { drgs: vec![998], procs: Vec::new() }), mdc);
    }
    (None, mdc)
}

/// Non-O.R. procedures that affected a medical DRG (ventilation,
/// thrombolytics, catheterization, rehabilitation).
fn medical_procs(f: &Facts<'_>) -> Vec<usize> {
    f.procs
        .iter()
        .filter(|p| p.info.is_some_and(|i| i.non_or_affecting))
        .map(|p| p.index)
        .collect()
}
