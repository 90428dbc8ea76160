//! The depth and site words of debridement and abscess drainage (pcs12).
//! Coders name a wound by its region ("left foot", "sacral", "elbow") and
//! say how deep the debridement went ("to bone", "down to subcutaneous
//! tissue"); PCS codes the deepest layer cut, so the body part value is
//! the region's bones, or its subcutaneous tissue, not the anatomical
//! region (0X, 0Y, 0W) the region word alone reads as. Likewise an abscess
//! drained at a region sits in its subcutaneous tissue, whose PCS body
//! parts have their own names (the axilla is "Upper Arm", a finger
//! "Hand", the abdominal wall "Abdomen", per the body part key).

use super::{Concept, Intent};

/// A wound region's words (all in one alternative of a concept) and the
/// bones of its PCS body parts (Upper and Lower Bones), most likely first.
const REGION_BONES: &[(&[&str], &str)] = &[
    (&["foot"], "tarsal|metatarsal|toe phalanx"),
    (&["heel"], "tarsal"),
    (&["toe"], "toe phalanx"),
    (&["1st", "toe"], "toe phalanx"),
    (&["ankle"], "tarsal|tibia|fibula"),
    (&["lower", "leg"], "tibia|fibula"),
    (&["leg"], "tibia|fibula"),
    (&["upper", "leg"], "femoral shaft|upper femur|lower femur"),
    (&["knee"], "patella|lower femur|tibia"),
    (&["hip"], "pelvic bone|upper femur|acetabulum"),
    (&["ischial"], "pelvic bone"),
    (&["ischium"], "pelvic bone"),
    (&["sacral"], "sacrum"),
    (&["coccygeal"], "coccyx"),
    (&["hand"], "metacarpal|carpal|finger phalanx|thumb phalanx"),
    (&["finger"], "finger phalanx"),
    (&["thumb"], "thumb phalanx"),
    (&["wrist"], "carpal|radius|ulna"),
    (&["lower", "arm"], "radius|ulna"),
    (&["elbow"], "humeral shaft|ulna|radius"),
    (&["upper", "arm"], "humeral shaft"),
    (&["chest"], "ribs|sternum"),
];

/// Bone words: when one is typed with "bone" the bone is already named.
const BONES: &[&str] = &[
    "tarsal",
    "metatarsal",
    "phalanx",
    "tibia",
    "fibula",
    "femur",
    "femoral",
    "patella",
    "pelvic",
    "acetabulum",
    "sacrum",
    "coccyx",
    "metacarpal",
    "carpal",
    "radius",
    "ulna",
    "humeral",
    "rib",
    "ribs",
    "sternum",
    "clavicle",
    "scapula",
    "vertebra",
];

/// A soft-tissue site's words and the name of its subcutaneous tissue
/// body part (body part key), most likely first.
const REGION_SUBCUTANEOUS: &[(&[&str], &str)] = &[
    (&["axilla"], "upper arm subcutaneous"),
    (&["axillary"], "upper arm subcutaneous"),
    (&["finger"], "hand subcutaneous"),
    (&["thumb"], "hand subcutaneous"),
    (&["buttock"], "buttock subcutaneous"),
    (&["gluteal"], "buttock subcutaneous"),
    (&["abdominal", "wall"], "abdomen subcutaneous"),
    (&["chest", "wall"], "chest subcutaneous"),
    (
        &["sacral"],
        "buttock subcutaneous|back subcutaneous|perineum subcutaneous",
    ),
    (
        &["sacrum"],
        "buttock subcutaneous|back subcutaneous|perineum subcutaneous",
    ),
    (
        &["sacrococcygeal"],
        "buttock subcutaneous|back subcutaneous|perineum subcutaneous",
    ),
    (&["upper", "leg"], "upper leg subcutaneous"),
    (&["lower", "arm"], "lower arm subcutaneous"),
];

/// A wound region's words and the name of its muscle body part.
const REGION_MUSCLE: &[(&[&str], &str)] = &[
    (&["abdominal", "wall"], "abdomen muscle"),
    (&["chest", "wall"], "thorax muscle"),
    (&["buttock"], "hip muscle"),
    (&["gluteal"], "hip muscle"),
    (&["sacral"], "hip muscle|trunk muscle"),
];

/// Excision or Extraction (a debridement) or Drainage is read.
fn debrides_or_drains(intent: &Intent) -> bool {
    intent
        .ops
        .iter()
        .any(|(o, w)| *w > 0.0 && matches!(o.as_str(), "excision" | "extraction" | "drainage"))
}

/// Reads "bone" as the depth of a debridement and abscess sites as their
/// subcutaneous tissue; see the module doc.
pub(super) fn settle_depth(intent: &mut Intent, words: &[String]) {
    if !debrides_or_drains(intent) {
        return;
    }
    let typed = |w: &str| words.iter().any(|x| x == w);
    // "Down to bone", "down to the fascia": a depth, not a title word.
    if words.windows(2).any(|p| p[0] == "down" && p[1] == "to") {
        intent
            .concepts
            .retain(|c| c.alts != [vec!["down".to_owned()]]);
    }
    let layer = |w: &str| {
        intent
            .concepts
            .iter()
            .any(|c| c.alts.iter().flatten().any(|a| a == w))
    };
    let table = if (typed("bone") || typed("bones")) && !typed("marrow") {
        REGION_BONES
    } else if typed("muscle") || typed("muscles") {
        REGION_MUSCLE
    } else if typed("abscess") || layer("subcutaneous") || layer("fascia") {
        REGION_SUBCUTANEOUS
    } else {
        return;
    };
    for (site, _) in table {
        if let [a, b] = site {
            join(intent, a, b);
        }
    }
    if std::ptr::eq(table, REGION_BONES) {
        to_bone(intent);
    } else {
        for concept in &mut intent.concepts {
            put_first(concept, table);
        }
    }
}

/// Two title words read apart that name one site ("abdominal", "wall")
/// become one concept, so that the site can be looked up.
fn join(intent: &mut Intent, a: &str, b: &str) {
    let single = |c: &Concept, w: &str| c.alts.len() == 1 && c.alts[0] == [w];
    let first = intent.concepts.iter().position(|c| single(c, a));
    let second = intent.concepts.iter().position(|c| single(c, b));
    if let (Some(i), Some(j)) = (first, second)
        && j == i + 1
    {
        intent.concepts[i].alts = vec![vec![a.to_owned(), b.to_owned()]];
        intent.concepts.remove(j);
    }
}

/// "Bone" names the layer: the region's bones become its body part, and
/// the word itself is dropped (the titles' "Parietal Bone", "Nasal Bone"
/// are head bones, never a debrided foot's).
fn to_bone(intent: &mut Intent) {
    let is_bone_word = |c: &Concept| {
        c.alts
            .iter()
            .all(|a| a.len() == 1 && matches!(a[0].as_str(), "bone" | "bones"))
    };
    intent.concepts.retain(|c| !is_bone_word(c));
    let named = intent
        .concepts
        .iter()
        .any(|c| c.alts.iter().flatten().any(|w| BONES.contains(&w.as_str())));
    if named {
        return;
    }
    for concept in &mut intent.concepts {
        if let Some(bones) = region_of(concept, REGION_BONES) {
            concept.alts = alternatives(bones);
            break;
        }
    }
}

/// The value of the first region whose words one alternative holds; a
/// longer region before a shorter one ("lower leg" before "leg").
fn region_of(concept: &Concept, regions: &[(&[&str], &'static str)]) -> Option<&'static str> {
    let mut best: Option<(usize, &'static str)> = None;
    for alt in &concept.alts {
        for (site, value) in regions {
            let holds = site.iter().all(|w| alt.iter().any(|a| a == w));
            if holds && best.is_none_or(|(n, _)| site.len() > n) {
                best = Some((site.len(), value));
            }
        }
    }
    best.map(|(_, v)| v)
}

/// Puts the region's values before the concept's own alternatives.
fn put_first(concept: &mut Concept, regions: &[(&[&str], &'static str)]) {
    if let Some(value) = region_of(concept, regions) {
        let mut alts = alternatives(value);
        alts.retain(|a| !concept.alts.contains(a));
        alts.append(&mut concept.alts);
        concept.alts = alts;
    }
}

fn alternatives(spec: &str) -> Vec<Vec<String>> {
    spec.split('|')
        .map(|a| a.split_whitespace().map(str::to_owned).collect())
        .collect()
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

    fn intent(op: &str, concepts: &[&[&str]]) -> Intent {
        Intent {
            ops: vec![(op.to_owned(), 2.0)],
            concepts: concepts.iter().map(|c| concept(c)).collect(),
            ..Intent::default()
        }
    }

    fn words(q: &str) -> Vec<String> {
        q.split_whitespace().map(str::to_owned).collect()
    }

    #[test]
    fn bone_names_the_regions_bones_and_is_dropped() {
        let mut i = intent("excision", &[&["bone"], &["lower", "leg"]]);
        settle_depth(&mut i, &words("debridement to bone lower leg"));
        assert_eq!(i.concepts.len(), 1);
        assert_eq!(i.concepts[0].alts, [vec!["tibia"], vec!["fibula"]]);
    }

    #[test]
    fn a_named_bone_keeps_its_name() {
        let mut i = intent("excision", &[&["bone"], &["metatarsal"], &["foot"]]);
        settle_depth(&mut i, &words("debridement bone metatarsal foot"));
        assert_eq!(i.concepts.len(), 2);
        assert_eq!(i.concepts[1].alts, [vec!["foot"]]);
    }

    #[test]
    fn bone_outside_debridement_or_drainage_is_left() {
        let mut i = intent("transfusion", &[&["bone"], &["foot"]]);
        settle_depth(&mut i, &words("bone foot"));
        assert_eq!(i.concepts.len(), 2);
    }

    #[test]
    fn abscess_sites_read_as_their_subcutaneous_tissue_first() {
        let mut i = intent("drainage", &[&["axilla"], &["abdominal", "wall"]]);
        settle_depth(&mut i, &words("abscess axilla abdominal wall"));
        assert_eq!(i.concepts[0].alts[0], ["upper", "arm", "subcutaneous"]);
        assert_eq!(i.concepts[0].alts[1], ["axilla"]);
        assert_eq!(i.concepts[1].alts[0], ["abdomen", "subcutaneous"]);
    }
}
