//! The MDCs chosen by more than the principal diagnosis: multiple
//! significant trauma (MDC 24), HIV (MDC 25), and the O.R. DRGs no
//! formula reaches: O.R. procedures unrelated to the principal
//! (981–983 extensive, 987–989 non-extensive), with a principal of mental
//! illness (876), with diagnoses of other contact with health services
//! (939–941), HIV with extensive O.R. procedure (969/970), multiple
//! significant trauma with other O.R. procedures (957–959).

use super::facts::Facts;
use super::surgical::Choice;

/// HIV infection.
const HIV: &str = "B20";

/// MDC 25 applies: the principal is HIV, or the principal is an
/// HIV-related condition listed in MDC 25 and HIV is a secondary.
pub fn is_hiv(f: &Facts<'_>) -> bool {
    let pdx_hiv = super::tables::key(HIV) == Some(f.pdx_key);
    pdx_hiv || (f.pdx.mdcs.contains(&25) && f.has_sdx(HIV))
}

/// MDC 25's DRG family: HIV with extensive O.R. (969/970), with a major
/// related condition (974–976) or without (977).
pub fn hiv(f: &Facts<'_>) -> Choice {
    let or: Vec<usize> = f
        .procs
        .iter()
        .filter(|p| p.is_or() && !f.t.non_extensive.contains(&p.key))
        .map(|p| p.index)
        .collect();
    if !or.is_empty() {
        return Choice { drgs: vec![969, 970], procs: or };
    }
    let pdx_hiv = super::tables::key(HIV) == Some(f.pdx_key);
    let major = |d: &super::tables::DxInfo| {
        d.formulas.iter().any(|x| f.t.family(x.family).drgs.first() == Some(&974))
    };
    let related = if pdx_hiv {
        f.sdx.iter().any(|s| s.dx.is_some_and(major))
    } else {
        major(f.pdx)
    };
    if related {
        Choice { drgs: vec![974, 975, 976], procs: Vec::new() }
    } else {
        Choice { drgs: vec![977], procs: Vec::new() }
    }
}

/// MDC 24 applies: a significant-trauma principal and significant trauma
/// at two or more different body sites (the principal's and secondaries').
pub fn is_multiple_trauma(f: &Facts<'_>) -> bool {
    if !f.pdx.trauma_pdx || f.pdx.trauma_site == 0 {
        return false;
    }
    let mut sites = 1u16 << f.pdx.trauma_site;
    for s in &f.sdx {
        if let Some(d) = s.dx.filter(|d| d.trauma_site != 0) {
            sites |= 1 << d.trauma_site;
        }
    }
    sites.count_ones() >= 2
}

/// MDC 24's families: the formulas' surgical families (craniotomy 955,
/// hip/femur/limb 956, other O.R. 957–959); an O.R. procedure on none of
/// their lists is unrelated (981–989); else medical (963–965).
pub fn trauma(f: &Facts<'_>) -> Choice {
    if let Some(c) = super::surgical::choose(f, 24) {
        return c;
    }
    if let Some(c) = unrelated(f, 24) {
        return c;
    }
    Choice { drgs: vec![963, 964, 965], procs: Vec::new() }
}

/// An O.R. procedure that no surgical family of the MDC takes.
pub fn unrelated(f: &Facts<'_>, mdc: u8) -> Option<Choice> {
    let or: Vec<usize> = f.procs.iter().filter(|p| p.is_or()).map(|p| p.index).collect();
    if or.is_empty() {
        return None;
    }
    let drgs = match mdc {
        19 => vec![876],
        23 => vec![939, 940, 941],
        _ => {
            let extensive = f
                .procs
                .iter()
                .any(|p| p.is_or() && !f.t.non_extensive.contains(&p.key));
            if extensive {
                vec![981, 982, 983]
            } else {
                vec![987, 988, 989]
            }
        }
    };
    Some(Choice { drgs, procs: or })
}
