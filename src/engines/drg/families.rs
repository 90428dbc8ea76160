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
    let has =
        |fam: &str, pred: &dyn Fn(&str) -> bool| f.fam(fam).is_some_and(|id| f.proc_has(id, pred));
    let pdx =
        |fam: &str, pred: &dyn Fn(&str) -> bool| f.fam(fam).is_some_and(|id| f.pdx_has(id, pred));
    if !conditions_met(f, first, label) {
        return None;
    }
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
        _ => drgs.clone(),
    };
    Some(r)
}

/// The families that need more than one procedure (CABG with PTCA or
/// catheterization, valve with catheterization, concomitant valve or
/// LAA-with-ablation procedures, lithotripsy or atherectomy with a stent,
/// bilateral or multiple joints, kidney transplant with hemodialysis).
fn conditions_met(f: &Facts<'_>, first: u16, label: &str) -> bool {
    let has =
        |fam: &str, pred: &dyn Fn(&str) -> bool| f.fam(fam).is_some_and(|id| f.proc_has(id, pred));
    match first {
        231 if !has("231&232", &|l| l.starts_with("PTCA")) => false,
        231 if !label.starts_with("CORONARY BYPASS") => false,
        233 if !has("233&234", &|l| {
            l.starts_with("CARDIAC CATH") || l.starts_with("ABLATION") || l == "NON-ORPCS"
        }) =>
        {
            false
        }
        233 if !label.starts_with("CORONARY BYPASS") => false,
        323 if !has("323&324", &|l| l.starts_with("LITHOTRIPSY")) => false,
        359 if !has("359&360", &|l| l.starts_with("CORONARY ATHERECTOMY")) => false,
        216 if !has("216&217&218", &|l| l.starts_with("CARDIAC CATH")) => false,
        216 if label.starts_with("CARDIAC CATH") => false,
        212 => {
            has("212", &|l| l.starts_with("THREE CONDITIONS"))
                && has("212", &|l| l.starts_with("SECOND CONDITION"))
                && has("212", &|l| {
                    l.starts_with("THIRD CONDITION") || l.starts_with("CONCOMITANT")
                })
        }
        317 => {
            has("317", &|l| l.starts_with("TWO CONDITIONS"))
                && has("317", &|l| l.starts_with("SECOND CONDITION"))
        }
        650 => has("650&651", &|l| l == "AND NON-ORPCS"),
        // Biliary procedures except only cholecystectomy: a C.D.E.-type
        // code ("OR ORPCS") opens 408–410 only without a cholecystectomy.
        408 if label == "OR ORPCS" => !has("408&409&410", &|l| l == "WITHOUT ORPCS"),
        // Spinal fusions: combined needs an anterior and a posterior
        // fusion (426–428 with a multiple-level one); multiple level needs a
        // multiple-level fusion or two single-level ones.
        426 => {
            has("426&427&428", &|l| l.contains("ANTERIOR"))
                && has("426&427&428", &|l| l.contains("POSTERIOR"))
                && has("426&427&428", &|l| l.starts_with("MULTIPLE"))
        }
        429 => {
            has("429&430", &|l| l.starts_with("ANTERIOR CERVICAL"))
                && has("429&430", &|l| l.starts_with("POSTERIOR CERVICAL"))
        }
        402 => {
            has("402", &|l| l.starts_with("SINGLE LEVEL ANTERIOR"))
                && has("402", &|l| l.starts_with("SINGLE LEVEL POSTERIOR"))
        }
        447 => {
            has("447&448", &|l| l.starts_with("MULTIPLE"))
                || f.fam("447&448").is_some_and(|id| {
                    f.procs
                        .iter()
                        .filter(|p| {
                            p.info
                                .is_some_and(|i| i.formulas.iter().any(|x| x.family == id))
                        })
                        .count()
                        >= 2
                })
        }
        461 => {
            let sites = [
                "RIGHT HIP",
                "LEFT HIP",
                "RIGHT KNEE",
                "LEFT KNEE",
                "RIGHT ANKLE",
                "LEFT ANKLE",
            ];
            let n = sites
                .iter()
                .filter(|s| has("461&462", &|l| l.ends_with(*s)))
                .count();
            n >= 2
        }
        _ => true,
    }
}
