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
    settle_body_and_section(intent, words);
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
        for op in intent.ops.iter_mut().filter(|(o, _)| o == "removal") {
            op.1 = op.1.min(DEFINITIVE);
        }
    }
    let device = typed(&[
        "tube", "catheter", "drain", "cath", "stent", "line", "trach", "foley",
    ]) || words
        .iter()
        .any(|w| w.ends_with("tomy") && typed(&["tube"]));
    if device
        && typed(&[
            "exchange",
            "exchanged",
            "change",
            "changed",
            "replacement",
            "replaced",
        ])
    {
        intent
            .ops
            .retain(|(o, _)| o != "replacement" && o != "insertion");
        intent.add_op("change", 4.0);
        intent.approach.retain(|&c| c == 'X');
        intent.add_approach("X");
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
