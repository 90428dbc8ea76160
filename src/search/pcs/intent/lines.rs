//! Lines, shunts and drains as coders type them (pcs13), read at the
//! values the PCS tables give them:
//! - a venous line names its vessel without "vein" ("triple lumen
//!   catheter right subclavian"): a vessel word that names an artery and a
//!   vein alike is the vein when a line goes in, unless an artery is said;
//!   such catheters go in through the skin (Percutaneous) unless an
//!   approach is said;
//! - a "hemodialysis catheter" is the catheter (an Infusion Device into
//!   the great vessels), not the hemodialysis it serves (Performance of
//!   Urinary Filtration);
//! - a VP shunt is a Bypass when placed, but removed or revised it is the
//!   Synthetic Substitute of the Cerebral Ventricle (00P6 / 00W6): the
//!   Bypass's destination (peritoneal cavity) is not in those titles;
//! - a drain placed to let fluid out (a pigtail) is Drainage with a
//!   Drainage Device, not an Insertion; a fluid collection names its
//!   cavity (pleural effusion: Pleural Cavity; ascites: Peritoneal
//!   Cavity).

use super::{Concept, Intent};

/// Vessel words the titles give an artery and a vein alike.
const VESSELS: &[&str] = &[
    "subclavian",
    "jugular",
    "femoral",
    "axillary",
    "brachial",
    "innominate",
    "iliac",
];

/// Words of a vascular line.
const LINE_WORDS: &[&str] = &[
    "catheter", "cath", "line", "picc", "cvc", "lumen", "permcath", "quinton",
];

/// Words of revising a device in place.
const REVISION_WORDS: &[&str] = &["revision", "revise", "revised", "revisions"];

/// Words of taking a device out.
const REMOVAL_WORDS: &[&str] = &["removal", "remove", "removed", "explant", "pulled"];

/// Words naming dialysis before its catheter.
const DIALYSIS_WORDS: &[&str] = &["hemodialysis", "dialysis", "hd"];

fn names(c: &Concept, w: &str) -> bool {
    c.alts.iter().flatten().any(|a| a == w)
}

fn only(c: &Concept, list: &[&str]) -> bool {
    c.alts.len() == 1 && c.alts[0].len() == 1 && list.contains(&c.alts[0][0].as_str())
}

fn alt(words: &str) -> Vec<String> {
    words.split(' ').map(str::to_owned).collect()
}

fn push(intent: &mut Intent, words: &str) {
    intent.concepts.push(Concept {
        alts: vec![alt(words)],
        weight: 1.0,
        equal: false,
    });
}

fn has_op(intent: &Intent, op: &str) -> bool {
    intent.ops.iter().any(|(o, _)| o == op)
}

/// Applies the conventions of the module doc once the words are read
/// (before the device conventions of `settle`, which read Removal).
pub(super) fn settle_lines(intent: &mut Intent, words: &[String]) {
    let typed = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let dialysis_line = words
        .windows(2)
        .any(|p| DIALYSIS_WORDS.contains(&p[0].as_str()) && LINE_WORDS.contains(&p[1].as_str()));
    if dialysis_line {
        intent.ops.retain(|(o, _)| o != "performance");
        intent
            .concepts
            .retain(|c| !names(c, "filtration") && !only(c, DIALYSIS_WORDS));
        if !intent.concepts.iter().any(|c| names(c, "infusion"))
            && let Some(c) = super::lexicon::find("dialysis catheter")
        {
            intent.apply(c);
        }
        intent.device = true;
    }
    let tunneled = words
        .windows(2)
        .any(|p| p[1] == "tunneled" && p[0] != "non")
        || words.first().is_some_and(|w| w == "tunneled");
    if tunneled && typed(REMOVAL_WORDS) {
        // Only the tunneled device has a Removal of its own (from the
        // trunk's subcutaneous tissue, its tunnel).
        for c in &mut intent.concepts {
            if let Some(at) = c
                .alts
                .iter()
                .position(|a| a.iter().any(|w| w == "vascular"))
            {
                let access = c.alts.remove(at);
                c.alts.insert(0, access);
            }
        }
    }
    let line = typed(LINE_WORDS) || dialysis_line;
    if line && !typed(&["artery", "arterial", "aline"]) {
        for c in &mut intent.concepts {
            if only(c, VESSELS) {
                let vessel = c.alts[0][0].clone();
                c.alts = vec![vec![vessel.clone(), "vein".to_owned()], vec![vessel]];
            }
        }
        let inserted = intent
            .ops
            .iter()
            .any(|(o, w)| o == "insertion" && *w >= 2.0);
        if inserted && intent.typed_approaches == 0 && !typed(&["port"]) {
            intent.approach.retain(|&c| c != '3');
            intent.approach.insert(0, '3');
            intent.procedural = true;
        }
    }
    // "Implantable" only says the device stays in: the device value
    // named already says which.
    if intent.concepts.iter().any(|c| names(c, "device")) {
        intent
            .concepts
            .retain(|c| !only(c, &["implantable", "implanted"]));
    }
    settle_shunt(intent, words);
    settle_drain(intent, words);
}

/// A cerebral shunt taken out or revised (see the module doc).
fn settle_shunt(intent: &mut Intent, words: &[String]) {
    let typed = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if !typed(&["shunt", "shunts"]) {
        return;
    }
    let heart = typed(&["heart", "cardiac", "atrial"]);
    for c in &mut intent.concepts {
        if only(c, &["ventricular", "ventricle"]) && !heart {
            c.alts = vec![alt("cerebral ventricle")];
        }
    }
    let cerebral = intent
        .concepts
        .iter()
        .any(|c| c.alts.iter().any(|a| a == &["cerebral", "ventricle"]));
    let revised = typed(REVISION_WORDS);
    let removed = intent.ops.iter().any(|(o, w)| o == "removal" && *w >= 2.0);
    if !cerebral || !(revised || removed) {
        return;
    }
    intent
        .ops
        .retain(|(o, _)| !matches!(o.as_str(), "bypass" | "insertion" | "change"));
    if revised {
        intent.concepts.retain(|c| !only(c, REVISION_WORDS));
        intent.add_op("revision", 4.0);
    }
    intent
        .concepts
        .retain(|c| !names(c, "cavity") && !only(c, &["catheter", "shunt"]));
    push(intent, "synthetic substitute");
}

/// A drain placed to let fluid out, and the cavity a collection names.
fn settle_drain(intent: &mut Intent, words: &[String]) {
    let typed = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let drain_device = intent
        .concepts
        .iter()
        .any(|c| c.alts.iter().any(|a| a == &["drainage", "device"]));
    if drain_device && has_op(intent, "drainage") && has_op(intent, "insertion") {
        intent.ops.retain(|(o, _)| o != "insertion");
        intent.add_op("drainage", 1.0);
        intent.concepts.retain(|c| !only(c, &["catheter", "drain"]));
    }
    if !has_op(intent, "drainage") {
        return;
    }
    if typed(&["effusion", "space", "fluid"]) {
        for c in &mut intent.concepts {
            if names(c, "pleural") || names(c, "pleura") {
                c.alts = vec![alt("pleural cavity")];
            }
            if only(c, &["pericardial"]) {
                c.alts = vec![alt("pericardial cavity")];
            }
        }
        intent
            .concepts
            .retain(|c| !only(c, &["effusion", "space", "fluid"]));
    }
    for c in &mut intent.concepts {
        if only(c, &["ascites"]) {
            c.alts = vec![alt("peritoneal cavity")];
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ws(q: &str) -> Vec<String> {
        q.split_whitespace().map(str::to_owned).collect()
    }

    fn concept(words: &str) -> Concept {
        Concept {
            alts: vec![alt(words)],
            weight: 1.0,
            equal: false,
        }
    }

    #[test]
    fn a_line_names_the_vein_and_goes_in_percutaneously() {
        let mut intent = Intent {
            ops: vec![("insertion".into(), 2.0)],
            concepts: vec![concept("subclavian"), concept("infusion device")],
            ..Intent::default()
        };
        settle_lines(&mut intent, &ws("triple lumen catheter subclavian"));
        assert_eq!(intent.concepts[0].alts[0], ["subclavian", "vein"]);
        assert_eq!(intent.approach, ['3']);
        let mut artery = Intent {
            ops: vec![("insertion".into(), 2.0)],
            concepts: vec![concept("subclavian")],
            ..Intent::default()
        };
        settle_lines(&mut artery, &ws("subclavian artery catheter"));
        assert_eq!(artery.concepts[0].alts, [alt("subclavian")]);
    }

    #[test]
    fn a_dialysis_catheter_is_not_the_dialysis() {
        let mut intent = Intent {
            ops: vec![("performance".into(), 2.0), ("removal".into(), 4.0)],
            concepts: vec![concept("urinary filtration"), concept("catheter")],
            ..Intent::default()
        };
        settle_lines(&mut intent, &ws("removal of hemodialysis catheter"));
        assert!(!has_op(&intent, "performance"));
        assert!(!intent.concepts.iter().any(|c| names(c, "filtration")));
        assert!(intent.device);
    }

    #[test]
    fn a_vp_shunt_revised_is_its_synthetic_substitute() {
        let mut intent = Intent {
            ops: vec![("bypass".into(), 2.0), ("revision".into(), 2.5)],
            concepts: vec![concept("cerebral ventricle"), concept("peritoneal cavity")],
            ..Intent::default()
        };
        settle_lines(&mut intent, &ws("vp shunt revision"));
        assert!(!has_op(&intent, "bypass"));
        let alts: Vec<&Vec<String>> = intent.concepts.iter().map(|c| &c.alts[0]).collect();
        assert_eq!(
            alts,
            [&alt("cerebral ventricle"), &alt("synthetic substitute")]
        );
        let mut placed = Intent {
            ops: vec![("bypass".into(), 2.0)],
            concepts: vec![concept("cerebral ventricle"), concept("peritoneal cavity")],
            ..Intent::default()
        };
        settle_lines(&mut placed, &ws("vp shunt placement"));
        assert_eq!(placed.concepts.len(), 2);
    }

    #[test]
    fn a_pigtail_for_an_effusion_drains_the_pleural_cavity() {
        let mut intent = Intent {
            ops: vec![("drainage".into(), 2.0), ("insertion".into(), 2.75)],
            concepts: vec![
                concept("drainage device"),
                concept("catheter"),
                Concept {
                    alts: vec![alt("pleural"), alt("pleura")],
                    weight: 1.0,
                    equal: false,
                },
                concept("effusion"),
            ],
            ..Intent::default()
        };
        settle_lines(
            &mut intent,
            &ws("pigtail catheter placement pleural effusion"),
        );
        assert!(!has_op(&intent, "insertion"));
        let alts: Vec<&Vec<String>> = intent.concepts.iter().map(|c| &c.alts[0]).collect();
        assert_eq!(alts, [&alt("drainage device"), &alt("pleural cavity")]);
    }
}
