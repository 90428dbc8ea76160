//! Coders' conventions between the readings of a query's words, applied
//! once every word is read (see [`settle`]).

use super::{Concept, Intent};

/// Operation weight below which an operation is only a side reading.
pub(super) const DEFINITIVE: f32 = 1.0;

/// Coders' conventions between the operations a query's words voted for:
/// - an inspection integral to a definitive procedure is not coded on its
///   own (PCS guideline B3.11a): "arthroscopy with debridement",
///   "EGD with biopsy" are the debridement and the biopsy, the scope only
///   their approach;
/// - taking out matter ("removal of a foreign body", "stone removal") is
///   Extirpation; Removal is for devices;
/// - a tube or catheter "replaced", "exchanged" or "changed" without
///   cutting is Change (External).
pub(super) fn settle(intent: &mut Intent, words: &[String]) {
    // A reading these conventions changed knows what the titles' words
    // alone do not say (the word search alone reads it no better).
    let before = intent.clone();
    super::lines::settle_lines(intent, words);
    super::support::settle_support(intent, words);
    intent.derived |= *intent != before;
    settle_body_and_section(intent, words);
    settle_devices(intent, words);
    settle_partial(intent, words);
    super::rhythm::settle_rhythm(intent, words);
    super::depth::settle_depth(intent, words);
    let typed = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    if weight(intent, "inspection") > 0.0
        && !typed(&["inspection", "exploration", "exploratory", "diagnostic"])
        && intent
            .ops
            .iter()
            .any(|(o, w)| o != "inspection" && *w >= DEFINITIVE)
    {
        intent.ops.retain(|(o, _)| o != "inspection");
    }
    // "Ovarian cystectomy": the cyst is a lesion of the organ named, cut
    // out of it (Excision), not the bladder ("cyst-" as a combining form).
    let bladder = |c: &Concept| c.alts == [vec!["bladder".to_owned()]];
    if typed(&["cystectomy"])
        && intent.concepts.iter().any(bladder)
        && intent.concepts.iter().any(|c| !bladder(c))
    {
        intent.concepts.retain(|c| !bladder(c));
        intent.add_op("excision", 2.0);
    }
    if intent.matter && weight(intent, "extirpation") > 0.0 {
        // An "evacuated" hematoma or clot is matter taken out
        // (Extirpation), not fluid let out (Drainage).
        let evacuated = typed(&["evacuation", "evacuate", "evacuated"]);
        for op in intent
            .ops
            .iter_mut()
            .filter(|(o, _)| o == "removal" || (evacuated && o == "drainage"))
        {
            op.1 = op.1.min(DEFINITIVE);
        }
    }
    let device = typed(&[
        "tube", "catheter", "drain", "cath", "stent", "line", "trach", "foley",
    ]) || words
        .iter()
        .any(|w| w.ends_with("tomy") && typed(&["tube"]));
    let changed = typed(&[
        "exchange",
        "exchanged",
        "change",
        "changed",
        "replacement",
        "replaced",
    ]);
    if changed && typed(GENERATORS) {
        // A pacemaker or defibrillator generator "changed" or "replaced"
        // (battery depletion) is the new generator's Insertion (with the
        // old one's Removal, coded apart): never Change, which is for
        // tubes exchanged without an incision.
        intent
            .ops
            .retain(|(o, _)| o != "replacement" && o != "change");
        intent.add_op("insertion", 4.0);
        intent.add_op("removal", 1.0);
    } else if device && changed {
        intent
            .ops
            .retain(|(o, _)| o != "replacement" && o != "insertion");
        intent.add_op("change", 4.0);
        super::removal::widen_for_change(intent);
        intent.approach.retain(|&c| c == 'X');
        intent.add_approach("X");
    }
}

/// Implanted generators: changing one is inserting the new one.
const GENERATORS: &[&str] = &[
    "generator",
    "pacemaker",
    "defibrillator",
    "aicd",
    "icd",
    "battery",
];

/// Words of taking something out.
const REMOVAL_WORDS: &[&str] = &[
    "removal",
    "remove",
    "removed",
    "explant",
    "explantation",
    "retrieval",
    "retrieve",
    "retrieved",
];

/// Device nouns as coders type them (with their plurals).
const DEVICE_WORDS: &[&str] = &[
    "device",
    "tube",
    "catheter",
    "cath",
    "stent",
    "drain",
    "port",
    "line",
    "pacemaker",
    "defibrillator",
    "generator",
    "lead",
    "iud",
    "implant",
    "mesh",
    "filter",
    "pump",
    "expander",
    "stimulator",
    "hardware",
    "plate",
    "screw",
    "rod",
    "nail",
    "pin",
    "wire",
    "shunt",
    "spacer",
    "prosthesis",
    "foley",
    "picc",
    "graft",
    "valve",
    "electrode",
];

/// Conventions about devices:
/// - "removal" of a device is Removal (of the device value); of anything
///   else a body part taken out (Resection) or matter (Extirpation,
///   see [`settle`]);
/// - a mesh makes a hernia repair Supplement with Synthetic Substitute,
///   unless "without" it;
/// - a reconstructed ligament is Supplement (the graft reinforces it);
/// - a count before plural stents ("two drug-eluting stents") is the
///   number of devices, which the titles spell "Two ... Devices";
/// - the balloon of an angioplasty is the technique, not the
///   drug-coated balloon qualifier, unless a drug is said.
fn settle_devices(intent: &mut Intent, words: &[String]) {
    let typed = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let device_typed = words.iter().any(|w| {
        DEVICE_WORDS.contains(&w.as_str())
            || w.strip_suffix('s')
                .is_some_and(|s| DEVICE_WORDS.contains(&s))
    });
    if typed(REMOVAL_WORDS) {
        if intent.device || device_typed {
            // What put the device in (an Insertion, a shunt's Bypass) is
            // not what takes it out.
            intent
                .ops
                .retain(|(o, _)| o != "insertion" && o != "bypass");
            let removal = weight(intent, "removal");
            intent.add_op("removal", (4.0 - removal).max(0.0));
            super::removal::widen_for_removal(intent);
        } else if !intent.matter {
            // A body part "removed" ("tonsils and adenoids removed"):
            // taken out whole.
            intent.ops.retain(|(o, _)| o != "removal");
            intent.add_op("resection", 2.0);
            intent.add_op("excision", 1.0);
        }
    }
    // A stent placed at cystoscopy goes up a ureter (the bladder itself
    // takes none): "cysto with stent" is the ureteral stent.
    if typed(&["stent", "stents"])
        && !intent.concepts.iter().any(|c| {
            c.alts
                .iter()
                .flatten()
                .any(|w| matches!(w.as_str(), "ureter" | "urethra" | "kidney" | "ureters"))
        })
    {
        for c in &mut intent.concepts {
            if c.alts == [vec!["bladder".to_owned()]] {
                c.alts.insert(0, vec!["ureter".to_owned()]);
            }
        }
    }
    if typed(&["mesh"]) {
        let without = words
            .windows(2)
            .any(|p| matches!(p[0].as_str(), "without" | "no" | "wo") && p[1] == "mesh");
        if without {
            intent.ops.retain(|(o, _)| o != "supplement");
            intent
                .concepts
                .retain(|c| !c.alts.iter().any(|a| a.iter().any(|w| w == "synthetic")));
            intent.add_op("repair", 2.0);
        } else if weight(intent, "repair") > 0.0 {
            let top = intent.ops.iter().map(|o| o.1).fold(0.0, f32::max);
            let supplement = weight(intent, "supplement");
            intent.add_op("supplement", top + 1.0 - supplement);
        }
    }
    let ligament = intent
        .concepts
        .iter()
        .any(|c| c.alts.iter().flatten().any(|w| w == "ligament"));
    if ligament && typed(&["reconstruction", "reconstruct", "reconstructed"]) {
        let top = intent.ops.iter().map(|o| o.1).fold(0.0, f32::max);
        let supplement = weight(intent, "supplement");
        intent.add_op("supplement", top + 1.0 - supplement);
    }
    let counted_devices = words.windows(4).any(|win| {
        let count = matches!(win[0].as_str(), "two" | "three" | "four" | "2" | "3" | "4");
        count && win[1..].iter().any(|w| w == "stents")
    });
    if counted_devices {
        intent.concepts.push(Concept {
            alts: vec![vec!["devices".to_owned()]],
            weight: 1.0,
            equal: false,
        });
    }
    if typed(&["balloon"])
        && weight(intent, "dilation") > 0.0
        && !typed(&["drug", "coated", "dcb", "eluting"])
    {
        intent
            .concepts
            .retain(|c| c.alts != [vec!["balloon".to_owned()]]);
    }
}

/// A word saying only part of the organ was taken ("wedge resection",
/// "partial resection", "segmental resection") makes it Excision even
/// when "resection" itself is typed: PCS Resection is all of a body part.
fn settle_partial(intent: &mut Intent, words: &[String]) {
    let partial = words
        .iter()
        .any(|w| matches!(w.as_str(), "partial" | "wedge" | "segmental" | "subtotal"));
    let resection = weight(intent, "resection");
    if partial && resection > 0.0 {
        let excision = weight(intent, "excision");
        intent.add_op("excision", (resection + 0.5 - excision).max(0.0));
    }
}

/// Conventions that move a reading to another body part or section:
/// - a delivery by incision or instrument is Extraction (Obstetrics);
/// - "nonexcisional" debridement is Extraction;
/// - a hip or ankle fracture is of the bones, not the joint;
/// - a tumor "resected" is Excision of its organ;
/// - an endovascular aneurysm repair is Restriction.
fn settle_body_and_section(intent: &mut Intent, words: &[String]) {
    let typed = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    // A delivery by incision or with an instrument (cesarean, forceps,
    // vacuum) is Extraction of the products of conception; Delivery is
    // assisting their passage by hand (the PCS definitions).
    if weight(intent, "extraction") >= DEFINITIVE && weight(intent, "delivery") > 0.0 {
        intent.ops.retain(|(o, _)| o != "delivery");
    }
    // "Nonexcisional" debridement is Extraction (pulling or stripping
    // away), not Excision (cutting out), most often of the skin or the
    // subcutaneous tissue of a wound.
    if typed(&["nonexcisional", "non"]) && typed(&["debridement", "excisional"]) {
        intent.ops.retain(|(o, _)| o != "excision");
        intent.add_op("extraction", 2.0);
        intent.add_concepts("skin|subcutaneous tissue|", 0.5);
    }
    // A fracture "of the hip" is of the upper femur (neck, trochanters),
    // one "of the ankle" of the malleoli (tibia, fibula): set with pins or
    // fixation, the bone, not the joint.
    if weight(intent, "reposition") >= DEFINITIVE {
        for c in &mut intent.concepts {
            let bones: &[&[&str]] = match c.alts.first().map(Vec::as_slice) {
                Some([h, j]) if h == "hip" && j == "joint" => &[&["upper", "femur"]],
                Some([a, j]) if a == "ankle" && j == "joint" => &[&["fibula"], &["tibia"]],
                _ => continue,
            };
            for (n, bone) in bones.iter().enumerate() {
                c.alts
                    .insert(n, bone.iter().map(|w| (*w).to_owned()).collect());
            }
        }
    }
    // A tumor, mass or polyp "resected" is cut out of its organ: Excision
    // (a portion of the body part), not Resection of the organ.
    if typed(&["tumor", "mass", "lesion", "polyp", "nodule", "lipoma"])
        && weight(intent, "resection") > 0.0
        && !typed(&["total", "radical", "complete"])
    {
        let resection = weight(intent, "resection");
        intent.add_op("excision", resection + 0.5);
    }
    // An aneurysm repaired from inside the vessel (endovascular, stent
    // graft) is Restriction with an intraluminal device.
    if typed(&["aneurysm", "aaa"]) && typed(&["endovascular", "evar", "tevar", "stent"]) {
        intent
            .ops
            .retain(|(o, _)| o != "repair" && o != "replacement");
        intent.add_op("restriction", 3.0);
        intent.add_concepts("intraluminal device", 0.5);
    }
}

/// The weight the reading gives operation `op` (0 if none).
fn weight(intent: &Intent, op: &str) -> f32 {
    intent
        .ops
        .iter()
        .find(|(o, _)| o == op)
        .map_or(0.0, |o| o.1)
}
