//! Organs named by noun or by adjective. A patient says "kidney", "liver",
//! "heart", "lung", "stomach", "brain"; the classification's titles say
//! either the noun ("Chronic kidney disease", "Cirrhosis of liver") or the
//! Latin or Greek adjective ("Acute renal failure", "Hepatic failure",
//! "Cardiac arrest", "Pulmonary embolism", "Gastric ulcer", "Cerebral
//! infarction"), and a coder types whichever comes to mind. The word
//! stemmer cannot join them (they share no stem), and the abbreviation
//! table held only "renal" → kidney, one way. Each pair here meets the
//! other both ways, a little below the word itself ([`anatomy_kin`]).

/// Noun and adjective of one organ or region, as the titles spell them.
/// Only pairs whose adjective means that organ alone: "cervical" (neck or
/// cervix), "cystic" (bladder or cyst) and "dental"/"oral" style pairs the
/// titles already spell both ways are left out.
const PAIRS: [(&str, &str); 46] = [
    ("kidney", "renal"),
    ("liver", "hepatic"),
    ("heart", "cardiac"),
    ("lung", "pulmonary"),
    ("stomach", "gastric"),
    ("brain", "cerebral"),
    ("eye", "ocular"),
    ("skin", "cutaneous"),
    ("skin", "dermal"),
    ("chest", "thoracic"),
    ("abdomen", "abdominal"),
    ("mouth", "oral"),
    ("nose", "nasal"),
    ("spine", "spinal"),
    ("artery", "arterial"),
    ("vein", "venous"),
    ("muscle", "muscular"),
    ("uterus", "uterine"),
    ("ovary", "ovarian"),
    ("testis", "testicular"),
    ("pancreas", "pancreatic"),
    ("spleen", "splenic"),
    ("prostate", "prostatic"),
    ("esophagus", "esophageal"),
    ("neck", "nuchal"),
    ("breast", "mammary"),
    ("bone", "osseous"),
    ("tongue", "lingual"),
    ("gum", "gingival"),
    ("navel", "umbilical"),
    ("vertebra", "vertebral"),
    // Bones: the fracture, dislocation and physeal titles name the bone
    // ("Fracture of shaft of left femur", "Unspecified fracture of
    // sacrum", "Fracture of angle of left mandible"), a clinician its
    // adjective ("femoral shaft fx", "sacral fracture", "mandibular
    // fracture"); without the pair such a query met only "fracture" and
    // the shortest fracture titles (S12.9XXA "Fracture of neck") led.
    ("femur", "femoral"),
    ("tibia", "tibial"),
    ("fibula", "fibular"),
    ("humerus", "humeral"),
    ("radius", "radial"),
    ("ulna", "ulnar"),
    ("clavicle", "clavicular"),
    ("scapula", "scapular"),
    ("patella", "patellar"),
    ("calcaneus", "calcaneal"),
    ("sacrum", "sacral"),
    ("coccyx", "coccygeal"),
    ("mandible", "mandibular"),
    ("sternum", "sternal"),
    ("talus", "talar"),
];

/// The words naming the same organ as typed `word` in the other form
/// (noun → adjective, adjective → noun); a plural noun ("kidneys",
/// "lungs") is read as its singular. Empty for other words.
pub(super) fn anatomy_kin(word: &str) -> Vec<&'static str> {
    let singular = match word.strip_suffix('s') {
        Some(stem) if !word.ends_with("ss") && !word.ends_with("us") && !word.ends_with("is") => {
            stem
        }
        _ => word,
    };
    let mut out = Vec::new();
    for &(noun, adjective) in &PAIRS {
        if noun == word || noun == singular {
            out.push(adjective);
        } else if adjective == word {
            out.push(noun);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::anatomy_kin;

    #[test]
    fn nouns_and_adjectives_meet_both_ways() {
        assert_eq!(anatomy_kin("kidney"), ["renal"]);
        assert_eq!(anatomy_kin("renal"), ["kidney"]);
        assert_eq!(anatomy_kin("lungs"), ["pulmonary"]);
        assert_eq!(anatomy_kin("hepatic"), ["liver"]);
        assert_eq!(anatomy_kin("skin"), ["cutaneous", "dermal"]);
        assert!(anatomy_kin("testis").contains(&"testicular"));
        assert!(anatomy_kin("fracture").is_empty());
        assert!(anatomy_kin("cervical").is_empty());
        assert_eq!(anatomy_kin("calcaneal"), ["calcaneus"]);
        assert_eq!(anatomy_kin("humerus"), ["humeral"]);
    }
}
