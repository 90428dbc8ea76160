//! The answer: the DRG with its title and Table 5 numbers, and what each
//! code did (its level, whether it was excluded, whether it set the
//! severity, its HAC status, whether it moved the DRG).

use crate::domain::claim::Claim;
use crate::domain::drg::{
    CcLevel, CodeGrouping, Drg, GroupedRole, Grouping, HacStatus, Mdc, ReturnCode, SeveritySplit,
};

use super::facts::Facts;
use super::severity::Mark;
use super::surgical::Choice;
use super::tables::{DrgTables, key};

/// A grouped claim's answer.
pub fn grouping(
    f: &Facts<'_>,
    claim: &Claim,
    marks: &[Mark],
    choice: &Choice,
    drg: u16,
    sev: CcLevel,
    mdc: u8,
) -> Grouping {
    let split = super::split::split_of(f, &choice.drgs);
    let own = f.t.drg_exclusions.get(&drg);
    let uses_severity = split != SeveritySplit::Single;
    let mut codes = Vec::with_capacity(1 + claim.sdx.len() + claim.procedures.len());
    if let Some(p) = &claim.pdx {
        codes.push(CodeGrouping {
            code: p.code.clone(),
            role: GroupedRole::Principal,
            level: f.t.cc.get(&f.pdx_key).map_or(CcLevel::None, |c| c.level),
            excluded: false,
            sets_severity: false,
            hac: HacStatus::NotHac,
            hac_categories: Vec::new(),
            operating_room: false,
            affects_drg: true,
        });
    }
    for (i, d) in claim.sdx.iter().enumerate() {
        let at = f.sdx.iter().position(|s| s.index == i);
        let (mark, k) = match at {
            Some(j) => (marks.get(j), Some(f.sdx[j].key)),
            None => (None, None),
        };
        let by_drg = k.is_some_and(|k| own.is_some_and(|x| x.contains(&k)));
        let level = mark.map_or(CcLevel::None, |m| m.level);
        let excluded = mark.is_some_and(|m| m.excluded) || (by_drg && level != CcLevel::None);
        let sets = !excluded && level != CcLevel::None && level == sev && uses_severity;
        codes.push(CodeGrouping {
            code: d.code.clone(),
            role: GroupedRole::Secondary,
            level,
            excluded,
            sets_severity: sets,
            hac: mark.map_or(HacStatus::NotHac, |m| m.hac),
            hac_categories: mark.map_or_else(Vec::new, |m| m.hac_categories.clone()),
            operating_room: false,
            affects_drg: sets,
        });
    }
    for (i, p) in claim.procedures.iter().enumerate() {
        let info = key(&p.code).and_then(|k| f.t.pr.get(&k));
        codes.push(CodeGrouping {
            code: p.code.clone(),
            role: GroupedRole::Procedure,
            level: CcLevel::None,
            excluded: false,
            sets_severity: false,
            hac: HacStatus::NotHac,
            hac_categories: Vec::new(),
            operating_room: info.is_some_and(|i| i.operating_room),
            affects_drg: choice.procs.contains(&i),
        });
    }
    let info = f.t.drg(drg);
    let ungroupable = drg >= 998;
    Grouping {
        version: f.t.version,
        drg: Drg::new(drg).unwrap_or(Drg::UNGROUPABLE),
        mdc: Mdc::new(mdc).unwrap_or(Mdc::NONE),
        severity: if ungroupable { CcLevel::None } else { sev },
        split,
        description: info.map_or_else(String::new, |i| i.title.clone()),
        weight: info.and_then(|i| i.weight),
        gmlos: info.and_then(|i| i.gmlos),
        amlos: info.and_then(|i| i.amlos),
        return_code: ReturnCode::Ok,
        codes,
    }
}

/// DRG 999 with the reason; every code listed, none counted.
pub fn ungroupable(t: &DrgTables, claim: &Claim, rc: ReturnCode) -> Grouping {
    let plain = |code: &str, role| CodeGrouping {
        code: code.to_string(),
        role,
        level: CcLevel::None,
        excluded: false,
        sets_severity: false,
        hac: HacStatus::NotHac,
        hac_categories: Vec::new(),
        operating_room: false,
        affects_drg: false,
    };
    let mut codes: Vec<CodeGrouping> = Vec::new();
    codes.extend(claim.pdx.iter().map(|d| plain(&d.code, GroupedRole::Principal)));
    codes.extend(claim.sdx.iter().map(|d| plain(&d.code, GroupedRole::Secondary)));
    codes.extend(claim.procedures.iter().map(|p| plain(&p.code, GroupedRole::Procedure)));
    Grouping {
        version: t.version,
        drg: Drg::UNGROUPABLE,
        mdc: Mdc::NONE,
        severity: CcLevel::None,
        split: SeveritySplit::Single,
        description: t.drg(999).map_or_else(|| "Ungroupable".to_string(), |i| i.title.clone()),
        weight: None,
        gmlos: None,
        amlos: None,
        return_code: rc,
        codes,
    }
}
