//! Surgical families whose DRG needs more than "a procedure on the list":
//! families split by a second list (the principal's kind, another
//! procedure), families that need two or three procedures together, and
//! pair formulas (`LABEL|CODE`: this code only with that one). Each rule
//! is written from CMS's Definitions Manual and checked against the
//! reference grouper (docs/msdrg-notes.md lists them).

use super::facts::Facts;
use super::tables::FamilyId;

/// The DRGs of `family` the claim can take, or `None` when a condition of
/// the family is not met.
pub fn refine(f: &Facts<'_>, family: FamilyId, label: &str) -> Option<Vec<u16>> {
    let drgs = &f.t.family(family).drgs;
    let first = *drgs.first()?;
    let has = |fam: &str, pred: &dyn Fn(&str) -> bool| {
        f.fam(fam).is_some_and(|id| f.proc_has(id, pred))
    };
    let pdx = |fam: &str, pred: &dyn Fn(&str) -> bool| {
        f.fam(fam).is_some_and(|id| f.pdx_has(id, pred))
    };
    let r: Vec<u16> = match first {
        573 => {
            if pdx("573&574&575&576&577&578", &|l| l.starts_with("SKIN ULCER")) {
                vec![573, 574, 575]
            } else {
                vec![576, 577, 578]
            }
        }
        736 => {
            if pdx("736&737&738&739&740&741", &|l| l.starts_with("OVARIAN")) {
                vec![736, 737, 738]
            } else {
                vec![739, 740, 741]
            }
        }
        656 => {
            if pdx("656&657&658&659&660&661", &|l| l.starts_with("NEOPLASM")) {
                vec![656, 657, 658]
            } else {
                vec![659, 660, 661]
            }
        }
        715 => {
            if pdx("715&716&717&718", &|l| l.starts_with("MALIGNANCY")) {
                vec![715, 716]
            } else {
                vec![717, 718]
            }
        }
        5 if has("005&006", &|l| l.starts_with("INTESTINAL")) => vec![5],
        650 if !has("650&651", &|l| l == "AND NON-ORPCS") => return None,
        350 => {
            if label.starts_with("INGUINAL") {
                vec![350, 351, 352]
            } else {
                vec![353, 354, 355]
            }
        }
        411 => {
            let fam = "411&412&413&414&415&416&417&418&419";
            let cde = has(fam, &|l| l.starts_with("C.D.E."));
            if label.starts_with("C.D.E.") {
                return None;
            }
            if cde {
                vec![411, 412, 413]
            } else if label.starts_with("CHOLECYSTECTOMY EXCEPT") {
                vec![414, 415, 416]
            } else {
                vec![417, 418, 419]
            }
        }
        231 if !has("231&232", &|l| l.starts_with("PTCA")) => return None,
        231 if !label.starts_with("CORONARY BYPASS") => return None,
        233 if !has("233&234", &|l| {
            l.starts_with("CARDIAC CATH") || l.starts_with("ABLATION") || l == "NON-ORPCS"
        }) =>
        {
            return None;
        }
        233 if !label.starts_with("CORONARY BYPASS") => return None,
        323 if !has("323&324", &|l| l.starts_with("LITHOTRIPSY")) => return None,
        359 if !has("359&360", &|l| l.starts_with("CORONARY ATHERECTOMY")) => return None,
        216 if !has("216&217&218", &|l| l.starts_with("CARDIAC CATH")) => return None,
        216 if label.starts_with("CARDIAC CATH") => return None,
        212 => {
            let all = has("212", &|l| l.starts_with("THREE CONDITIONS"))
                && has("212", &|l| l.starts_with("SECOND CONDITION"))
                && has("212", &|l| l.starts_with("THIRD CONDITION") || l.starts_with("CONCOMITANT"));
            if !all {
                return None;
            }
            drgs.clone()
        }
        317 => {
            let all = has("317", &|l| l.starts_with("TWO CONDITIONS"))
                && has("317", &|l| l.starts_with("SECOND CONDITION"));
            if !all {
                return None;
            }
            drgs.clone()
        }
        461 => {
            let sites = ["RIGHT HIP", "LEFT HIP", "RIGHT KNEE", "LEFT KNEE", "RIGHT ANKLE", "LEFT ANKLE"];
            let n = sites
                .iter()
                .filter(|s| has("461&462", &|l| l.ends_with(*s)))
                .count();
            if n < 2 {
                return None;
            }
            drgs.clone()
        }
        _ => drgs.clone(),
    };
    Some(r)
}
