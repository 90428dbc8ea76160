//! Cardiac rhythm devices as coders type them (pcs12): a pacemaker or
//! defibrillator is a generator in the chest pocket and leads in the heart,
//! and the PCS tables name them differently by root operation:
//! - inserted, a lead is a "Pacemaker Lead" or "Defibrillator Lead" into
//!   the chamber (02H), never the generator's chest pocket;
//! - removed or revised, every lead is a "Cardiac Lead" of the "Heart"
//!   (02P, 02W), and the generator the "Cardiac Rhythm Related Device" of
//!   the "Trunk Subcutaneous Tissue" (0JP, 0JW), whatever its kind;
//! - a lead "extraction" is the lead's Removal (the PCS Extraction is of
//!   body parts), a "pocket revision" the generator's Revision;
//! - a "biventricular" generator is the Cardiac Resynchronization one.

use super::{Concept, Intent};

/// Words of revising a device in place.
const REVISION_WORDS: &[&str] = &["revision", "revise", "revised", "revisions"];

/// Words of pulling a lead out ("lead extraction").
const EXTRACTION_WORDS: &[&str] = &["extraction", "extract", "extracted"];

fn words_of(alts: &[&[&str]]) -> Vec<Vec<String>> {
    alts.iter()
        .map(|a| a.iter().map(|w| (*w).to_owned()).collect())
        .collect()
}

fn names(c: &Concept, w: &str) -> bool {
    c.alts.iter().flatten().any(|a| a == w)
}

fn only(c: &Concept, list: &[&str]) -> bool {
    c.alts.len() == 1 && c.alts[0].len() == 1 && list.contains(&c.alts[0][0].as_str())
}

/// The concept naming the rhythm device (pacemaker, defibrillator).
fn device_at(intent: &Intent) -> Option<usize> {
    intent.concepts.iter().position(|c| {
        names(c, "pacemaker")
            || names(c, "defibrillator")
            || c.alts.first().is_some_and(|a| {
                a.first().is_some_and(|w| w == "cardiac")
                    && a.get(1).is_some_and(|w| {
                        matches!(w.as_str(), "rhythm" | "resynchronization" | "lead")
                    })
            })
    })
}

/// Applies the conventions of the module doc once the words are read.
pub(super) fn settle_rhythm(intent: &mut Intent, words: &[String]) {
    let typed = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let Some(at) = device_at(intent) else {
        return;
    };
    let defib = typed(&["icd", "aicd", "defibrillator", "defib"])
        || names(&intent.concepts[at], "defibrillator");
    let kind = if defib { "defibrillator" } else { "pacemaker" };
    let lead = typed(&["lead", "leads"]);
    let revision = typed(REVISION_WORDS);
    let extraction = lead && typed(EXTRACTION_WORDS);
    if revision || extraction {
        intent
            .ops
            .retain(|(o, _)| o != "insertion" && o != "extraction");
        let op = if revision { "revision" } else { "removal" };
        intent.add_op(op, 4.0);
        super::removal::widen_for_removal(intent);
    }
    let out = revision || extraction || intent.ops.iter().any(|(o, w)| o == "removal" && *w >= 2.0);
    // The pocket is the generator's subcutaneous site, said already.
    intent
        .concepts
        .retain(|c| !only(c, &["pocket", "generator", "explant"]));
    if lead {
        intent.concepts.retain(|c| !only(c, &["lead", "leads"]));
        intent
            .concepts
            .retain(|c| !c.alts.iter().flatten().any(|w| w == "subcutaneous"));
        let at = device_at(intent).unwrap_or(0);
        if out {
            intent.concepts[at].alts = words_of(&[&["cardiac", "lead"]]);
            for c in &mut intent.concepts {
                if only(c, &["ventricle", "ventricular", "atrium", "atrial"]) {
                    c.alts.insert(0, vec!["heart".to_owned()]);
                }
            }
            if !intent.concepts.iter().any(|c| names(c, "heart")) {
                intent.concepts.push(Concept {
                    alts: words_of(&[&["heart"]]),
                    weight: 1.0,
                    equal: false,
                });
            }
        } else if let Some(c) = intent.concepts.get_mut(at) {
            c.alts = vec![vec![kind.to_owned(), "lead".to_owned()]];
        }
    } else if revision || (out && typed(&["generator", "pocket", "battery"])) {
        // The generator in its pocket: the Removal tables' device value
        // alone ("pacemaker" would also meet the Intracardiac Pacemaker).
        let at = device_at(intent).unwrap_or(0);
        intent.concepts[at].alts = words_of(&[&["cardiac", "rhythm", "related", "device"]]);
        intent.derived = true;
        if !intent.concepts.iter().any(|c| names(c, "subcutaneous")) {
            intent.concepts.push(Concept {
                alts: words_of(&[&["trunk", "subcutaneous"]]),
                weight: 1.0,
                equal: false,
            });
        }
    } else if !out && typed(&["biventricular", "biv"]) {
        intent
            .concepts
            .retain(|c| !only(c, &["biventricular", "biv"]));
        if let Some(c) = device_at(intent).and_then(|i| intent.concepts.get_mut(i)) {
            c.alts = vec![vec![
                "cardiac".to_owned(),
                "resynchronization".to_owned(),
                kind.to_owned(),
            ]];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn concept(words: &[&str]) -> Concept {
        Concept {
            alts: vec![words.iter().map(|w| (*w).to_owned()).collect()],
            weight: 1.0,
            equal: false,
        }
    }

    fn words(q: &str) -> Vec<String> {
        q.split_whitespace().map(str::to_owned).collect()
    }

    fn intent(op: &str, concepts: &[&[&str]]) -> Intent {
        Intent {
            ops: vec![(op.to_owned(), 4.0)],
            concepts: concepts.iter().map(|c| concept(c)).collect(),
            ..Intent::default()
        }
    }

    #[test]
    fn a_lead_taken_out_is_a_cardiac_lead_of_the_heart() {
        let mut i = intent(
            "insertion",
            &[
                &["chest", "subcutaneous"],
                &["defibrillator", "generator"],
                &["lead"],
            ],
        );
        settle_rhythm(&mut i, &words("icd lead extraction"));
        assert!(i.ops.iter().any(|(o, _)| o == "removal"));
        assert!(!i.ops.iter().any(|(o, _)| o == "insertion"));
        assert_eq!(i.concepts[0].alts[0], ["cardiac", "lead"]);
        assert!(i.concepts.iter().any(|c| c.alts[0] == ["heart"]));
    }

    #[test]
    fn a_lead_put_in_is_of_its_kind_in_the_chamber() {
        let mut i = intent(
            "insertion",
            &[
                &["chest", "subcutaneous"],
                &["defibrillator", "generator"],
                &["lead"],
                &["ventricle"],
            ],
        );
        settle_rhythm(&mut i, &words("icd lead placement right ventricle"));
        assert_eq!(i.concepts.len(), 2);
        assert_eq!(i.concepts[0].alts, [vec!["defibrillator", "lead"]]);
    }

    #[test]
    fn a_pocket_revision_is_the_generators_revision() {
        let mut i = intent(
            "insertion",
            &[&["chest", "subcutaneous"], &["pacemaker"], &["pocket"]],
        );
        settle_rhythm(&mut i, &words("pacemaker pocket revision"));
        assert!(i.ops.iter().any(|(o, _)| o == "revision"));
        assert_eq!(i.concepts.len(), 2);
        assert_eq!(i.concepts[0].alts[0], ["trunk", "subcutaneous"]);
        assert_eq!(
            i.concepts[1].alts,
            [vec!["cardiac", "rhythm", "related", "device"]]
        );
        // Named by the generator alone, the pocket is still its site.
        let mut g = intent("revision", &[&["defibrillator"]]);
        settle_rhythm(&mut g, &words("pocket revision defibrillator generator"));
        assert_eq!(g.concepts.len(), 2);
        assert_eq!(g.concepts[1].alts[0], ["trunk", "subcutaneous"]);
        assert!(g.derived);
    }

    #[test]
    fn a_biventricular_defibrillator_is_cardiac_resynchronization() {
        let mut i = intent(
            "insertion",
            &[&["biventricular"], &["defibrillator", "generator"]],
        );
        settle_rhythm(&mut i, &words("biventricular icd"));
        assert_eq!(i.concepts.len(), 1);
        assert_eq!(
            i.concepts[0].alts,
            [vec!["cardiac", "resynchronization", "defibrillator"]]
        );
    }
}
