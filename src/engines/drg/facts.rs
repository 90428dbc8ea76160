//! The claim as the grouper reads it: codes packed and looked up once, so
//! the family rules ask cheap questions ("does the principal lead to this
//! family under this label?", "is there an O.R. procedure?").

use crate::domain::claim::{Claim, Sex};
use crate::domain::coding::Poa;

use super::tables::{CcInfo, DrgTables, DxInfo, FamilyId, Key, PrInfo, key};

/// A secondary diagnosis with its table entries.
#[derive(Debug, Clone, Copy)]
pub struct Secondary<'t> {
    /// Index in the claim's `sdx`.
    pub index: usize,
    pub key: Key,
    pub dx: Option<&'t DxInfo>,
    pub cc: Option<&'t CcInfo>,
    pub poa: Option<Poa>,
}

/// A procedure with its table entry.
#[derive(Debug, Clone, Copy)]
pub struct Procedure<'t> {
    pub index: usize,
    pub key: Key,
    pub info: Option<&'t PrInfo>,
}

impl Procedure<'_> {
    /// An operating-room procedure in this version's definitions.
    pub fn is_or(&self) -> bool {
        self.info.is_some_and(|i| i.operating_room)
    }
}

/// Everything the rules read.
pub struct Facts<'t> {
    pub t: &'t DrgTables,
    pub pdx_key: Key,
    pub pdx: &'t DxInfo,
    pub sdx: Vec<Secondary<'t>>,
    pub procs: Vec<Procedure<'t>>,
    pub sex: Option<Sex>,
    /// Discharge status value (0 when missing or invalid).
    pub status: u8,
}

impl<'t> Facts<'t> {
    /// `None` when the principal is missing or not in this version.
    pub fn of(t: &'t DrgTables, claim: &Claim) -> Option<Facts<'t>> {
        let pdx_key = key(&claim.pdx.as_ref()?.code)?;
        let pdx = t.dx.get(&pdx_key)?;
        let sdx = claim
            .sdx
            .iter()
            .enumerate()
            .filter_map(|(index, d)| {
                let k = key(&d.code)?;
                Some(Secondary {
                    index,
                    key: k,
                    dx: t.dx.get(&k),
                    cc: t.cc.get(&k),
                    poa: d.poa.as_ref().and_then(|p| p.given()),
                })
            })
            .collect();
        let procs = claim
            .procedures
            .iter()
            .enumerate()
            .filter_map(|(index, p)| {
                let k = key(&p.code)?;
                Some(Procedure {
                    index,
                    key: k,
                    info: t.pr.get(&k),
                })
            })
            .collect();
        Some(Facts {
            t,
            pdx_key,
            pdx,
            sdx,
            procs,
            sex: claim.sex.given(),
            status: claim
                .discharge_status
                .as_ref()
                .and_then(|s| s.given())
                .map_or(0, |s| s.value()),
        })
    }

    /// The patient died in the hospital (status 20).
    pub fn expired(&self) -> bool {
        self.status == 20
    }

    /// The principal leads to `family` under a label `accept` takes.
    pub fn pdx_has(&self, family: FamilyId, accept: impl Fn(&str) -> bool) -> bool {
        self.pdx
            .formulas
            .iter()
            .any(|f| f.family == family && accept(self.t.label(f.label)))
    }

    /// Some secondary leads to `family` under a label `accept` takes.
    pub fn sdx_has(&self, family: FamilyId, accept: impl Fn(&str) -> bool) -> bool {
        self.sdx.iter().any(|s| {
            s.dx.is_some_and(|d| {
                d.formulas
                    .iter()
                    .any(|f| f.family == family && accept(self.t.label(f.label)))
            })
        })
    }

    /// Some procedure leads to `family` under a label `accept` takes.
    pub fn proc_has(&self, family: FamilyId, accept: impl Fn(&str) -> bool) -> bool {
        self.procs.iter().any(|p| {
            p.info.is_some_and(|i| {
                i.formulas
                    .iter()
                    .any(|f| f.family == family && accept(self.t.label(f.label)))
            })
        })
    }

    /// The family id of a DRG list such as `"280&281&282"`.
    pub fn fam(&self, drgs: &str) -> Option<FamilyId> {
        self.t.family_id(drgs)
    }

    /// A secondary with exactly this code.
    pub fn has_sdx(&self, code: &str) -> bool {
        key(code).is_some_and(|k| self.sdx.iter().any(|s| s.key == k))
    }

    /// A procedure with exactly this code.
    pub fn has_proc(&self, code: &str) -> bool {
        key(code).is_some_and(|k| self.procs.iter().any(|p| p.key == k))
    }

    /// Any operating-room procedure on the claim.
    pub fn any_or(&self) -> bool {
        self.procs.iter().any(Procedure::is_or)
    }
}
