//! Medical words composed from plain ones. A patient says "enlarged liver",
//! "inflamed pancreas", "low potassium", "slow heart rate"; the titles and
//! the Alphabetic Index say "Hepatomegaly", "pancreatitis", "Hypokalemia",
//! "Bradycardia". Rather than list every such phrase (the lay lexicon holds
//! a few hundred), two small tables name the parts the medical word is made
//! of: organ and substance *roots* (liver ↔ hepat, potassium ↔ kal) and
//! condition *affixes* (enlarged ↔ -megaly, low ↔ hypo-…-emia). Two typed
//! words, an affix word and a root word, give the words
//! `before + root + link + after` for every shape of the affix and every
//! combining form of the root; the caller keeps only the words its
//! vocabulary holds (`rank/morph.rs`), so a composition no code uses
//! ("rhinomegaly") does nothing and no word is ever invented.
//!
//! Left out on purpose: "infection" (a bladder infection is cystitis, but a
//! lung infection is pneumonia, not pneumonitis, and a skin infection
//! cellulitis), "dry" (xerophthalmia is vitamin A deficiency, not dry eye)
//! and two-word organs ("voice box", "bile duct"): one typed word is one
//! table key.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::abbreviations::fold_key;

/// One way an affix word shapes a medical word: `before` + root + link +
/// one of `after` ("hypo" + "kal" + "emia"; "" + "hepat" + "o" + "megaly").
#[derive(Debug, PartialEq)]
pub(crate) struct Shape {
    pub before: &'static str,
    pub after: &'static [&'static str],
    /// Composes with body functions only ([`FUNCTIONS`]): dys- is
    /// difficult or painful *doing* ("dysuria", "dysphagia"); with an
    /// organ's root it would spell another word ("dysarthria" is speech,
    /// not a painful joint).
    pub function_only: bool,
}

/// What one plain word can contribute to a composed word.
#[derive(Debug, Default)]
pub(crate) struct Parts {
    /// Combining forms, when the word names an organ or a substance.
    pub roots: Vec<&'static str>,
    /// Combining forms, when the word names a body function.
    pub functions: Vec<&'static str>,
    /// Shapes, when the word names a condition.
    pub shapes: Vec<&'static Shape>,
}

impl Parts {
    /// Adds `other`'s roots and shapes not held yet.
    pub(crate) fn merge(&mut self, other: &Parts) {
        for r in &other.roots {
            if !self.roots.contains(r) {
                self.roots.push(r);
            }
        }
        for r in &other.functions {
            if !self.functions.contains(r) {
                self.functions.push(r);
            }
        }
        for s in &other.shapes {
            if !self.shapes.contains(s) {
                self.shapes.push(s);
            }
        }
    }
}

/// Letters that join a root to what follows ("hepat-o-megaly",
/// "my-os-itis", "glyc-os-uria").
const LINKS: [&str; 5] = ["", "o", "i", "a", "os"];

/// Organs, body parts and substances: plain words ↔ combining forms, as
/// the classification's words are built. Keys are singular; plurals are
/// matched by folding ([`fold_key`]).
const ROOTS: &[(&[&str], &[&str])] = &[
    (&["liver"], &["hepat"]),
    (&["kidney"], &["nephr", "ren"]),
    (&["stomach"], &["gastr"]),
    (&["heart", "heartbeat", "pulse"], &["cardi", "card"]),
    (&["lung"], &["pneumon", "pulmon"]),
    (&["bladder"], &["cyst"]),
    (&["gallbladder"], &["cholecyst"]),
    (&["uterus", "womb"], &["hyster", "metr"]),
    (&["ovary"], &["oophor"]),
    (&["breast"], &["mast", "mamm"]),
    (&["skin"], &["derm", "dermat"]),
    (&["joint"], &["arthr"]),
    (&["muscle"], &["my"]),
    (&["bone"], &["oste"]),
    (&["nerve"], &["neur"]),
    (&["brain"], &["encephal"]),
    (&["ear"], &["ot"]),
    (&["nose"], &["rhin"]),
    (&["spleen"], &["splen"]),
    (&["pancreas"], &["pancreat"]),
    (&["gum"], &["gingiv"]),
    (&["vein"], &["phleb"]),
    (&["artery"], &["arteri"]),
    (&["blood"], &["hem", "hemat"]),
    (&["sugar", "glucose"], &["glyc"]),
    (&["potassium"], &["kal"]),
    (&["sodium"], &["natr"]),
    (&["calcium"], &["calc"]),
    (&["magnesium"], &["magnes"]),
    (&["phosphate", "phosphorus"], &["phosphat"]),
    (&["oxygen"], &["ox"]),
    (&["uric"], &["uric"]),
    (&["cholesterol"], &["cholesterol"]),
    (&["fat", "lipid"], &["lip"]),
    (&["protein"], &["protein"]),
    (&["albumin"], &["albumin"]),
    (&["platelet"], &["thrombocyt"]),
    (&["neutrophil"], &["neutr"]),
    (&["lymphocyte"], &["lymphocyt"]),
    (&["white"], &["leuk", "leukocyt"]),
    (&["pus"], &["py"]),
    (&["ketone"], &["keton"]),
    (&["tongue"], &["gloss"]),
    (&["mouth"], &["stomat"]),
    (&["colon"], &["col"]),
    (&["esophagus"], &["esophag"]),
    (&["prostate"], &["prostat"]),
    (&["larynx"], &["laryng"]),
    (&["throat"], &["pharyng"]),
    (&["sinus"], &["sinus"]),
    (&["appendix"], &["appendic", "append"]),
    (&["tonsil"], &["tonsill"]),
    (&["eyelid"], &["blephar"]),
    (&["lymph"], &["lymphaden"]),
    (&["cornea"], &["kerat"]),
    (&["head"], &["cephal"]),
    (&["jaw"], &["gnath"]),
    (&["tooth", "teeth"], &["odont"]),
    (&["thyroid"], &["thyroid"]),
    (&["sweat", "sweating"], &["hidr"]),
    (&["saliva", "salivary"], &["sial"]),
    (&["ureter"], &["ureter"]),
    (&["urethra"], &["urethr"]),
    (&["rectum"], &["proct"]),
    (&["testicle", "testis"], &["orchi", "orch"]),
];

/// Body functions: plain words ↔ combining forms. They take every shape;
/// organs and substances ([`ROOTS`]) take all but the function-only ones.
const FUNCTIONS: &[(&[&str], &[&str])] = &[
    (&["vision", "sight", "seeing"], &["op"]),
    (&["swallowing", "swallow"], &["phag"]),
    (&["breathing", "breath"], &["pne"]),
    (&["menstruation", "period", "menses", "menstrual"], &["men"]),
    (&["speech", "speaking"], &["phas"]),
    (
        &["urine", "urination", "urinating", "pee", "peeing"],
        &["ur"],
    ),
];

const ITIS: Shape = Shape {
    before: "",
    after: &["itis"],
    function_only: false,
};
const MEGALY: Shape = Shape {
    before: "",
    after: &["megaly"],
    function_only: false,
};
const MACRO: Shape = Shape {
    before: "macro",
    after: &["ia", "y"],
    function_only: false,
};
const MICRO: Shape = Shape {
    before: "micro",
    after: &["ia", "y"],
    function_only: false,
};
const ALGIA: Shape = Shape {
    before: "",
    after: &["algia", "dynia"],
    function_only: false,
};
const DYS: Shape = Shape {
    before: "dys",
    after: &["ia", "a", "orrhea"],
    function_only: true,
};
const ODYNO: Shape = Shape {
    before: "odyno",
    after: &["ia"],
    function_only: true,
};
const ECTOMY: Shape = Shape {
    before: "",
    after: &["ectomy"],
    function_only: false,
};
const LITHIASIS: Shape = Shape {
    before: "",
    after: &["lithiasis"],
    function_only: false,
};
const HYPO: Shape = Shape {
    before: "hypo",
    after: &["emia", "idemia", "ism"],
    function_only: false,
};
const HYP: Shape = Shape {
    before: "hyp",
    after: &["emia"],
    function_only: false,
};
const PENIA: Shape = Shape {
    before: "",
    after: &["penia"],
    function_only: false,
};
const HYPER: Shape = Shape {
    before: "hyper",
    after: &["emia", "idemia", "ism", "osis"],
    function_only: false,
};
const OSIS: Shape = Shape {
    before: "",
    after: &["osis", "philia"],
    function_only: false,
};
const BRADY: Shape = Shape {
    before: "brady",
    after: &["ia", "a"],
    function_only: false,
};
const TACHY: Shape = Shape {
    before: "tachy",
    after: &["ia", "a"],
    function_only: false,
};
const DIPL: Shape = Shape {
    before: "dipl",
    after: &["ia"],
    function_only: true,
};
const RRHAGIA: Shape = Shape {
    before: "",
    after: &["rrhagia"],
    function_only: false,
};
const RRHEA: Shape = Shape {
    before: "",
    after: &["rrhea"],
    function_only: false,
};
const URIA: Shape = Shape {
    before: "",
    after: &["uria"],
    function_only: false,
};
const SCLEROSIS: Shape = Shape {
    before: "",
    after: &["sclerosis"],
    function_only: false,
};
const MALACIA: Shape = Shape {
    before: "",
    after: &["malacia"],
    function_only: false,
};

/// Conditions: plain words ↔ the shapes of the medical words that name
/// them. "painful" is both the pain suffix ("mastodynia") and the prefix
/// of painful function ("dysuria", "odynophagia").
const AFFIXES: &[(&[&str], &[&Shape])] = &[
    (&["inflamed", "inflammation", "inflammed"], &[&ITIS]),
    // An organ that grew is -megaly; macro- is a part large as made
    // ("macroglossia" is first congenital): only "large" and "big" say so.
    (&["enlarged", "enlargement"], &[&MEGALY]),
    (&["swollen"], &[&MEGALY]),
    (&["large", "big"], &[&MACRO]),
    (&["small", "tiny"], &[&MICRO]),
    (&["pain", "ache", "aching", "sore", "hurting"], &[&ALGIA]),
    (&["painful"], &[&ALGIA, &DYS, &ODYNO]),
    (&["difficult", "difficulty", "trouble", "hard"], &[&DYS]),
    (&["removed", "removal", "excised", "excision"], &[&ECTOMY]),
    (&["stone", "calculus"], &[&LITHIASIS]),
    (
        &["low", "decreased", "deficient", "deficiency"],
        &[&HYPO, &HYP, &PENIA],
    ),
    (
        &[
            "high",
            "elevated",
            "raised",
            "increased",
            "excess",
            "excessive",
        ],
        &[&HYPER, &OSIS],
    ),
    (&["slow"], &[&BRADY]),
    (&["fast", "rapid", "racing", "quick"], &[&TACHY]),
    (&["double"], &[&DIPL]),
    (&["heavy", "bleeding", "hemorrhage"], &[&RRHAGIA]),
    (&["discharge", "runny", "running"], &[&RRHEA]),
    (&["urine", "urination", "pee", "peeing"], &[&URIA]),
    (&["hardening", "hardened"], &[&SCLEROSIS]),
    (&["softening", "soft"], &[&MALACIA]),
];

/// The tables keyed by folded plain word.
static PARTS: LazyLock<HashMap<String, Parts>> = LazyLock::new(|| {
    let mut map: HashMap<String, Parts> = HashMap::new();
    for (words, forms) in ROOTS {
        for w in *words {
            map.entry(fold_key(w)).or_default().roots.extend(*forms);
        }
    }
    for (words, forms) in FUNCTIONS {
        for w in *words {
            map.entry(fold_key(w)).or_default().functions.extend(*forms);
        }
    }
    for (words, shapes) in AFFIXES {
        for w in *words {
            map.entry(fold_key(w)).or_default().shapes.extend(*shapes);
        }
    }
    map
});

/// What typed `word` contributes to composed words, if anything; a plural
/// is read as its singular ("kidneys", "stones", and "gums", "ears",
/// whose singular is too short for [`fold_key`]).
pub(crate) fn parts(word: &str) -> Option<&'static Parts> {
    PARTS
        .get(word)
        .or_else(|| PARTS.get(&fold_key(word)))
        .or_else(|| word.strip_suffix('s').and_then(|w| PARTS.get(w)))
}

/// Calls `f(stem, shape)` for every stem (`before` + root form) the two
/// plain words' parts compose, in either role (either word the affix, the
/// other the root); a word of the vocabulary that starts with the stem and
/// goes on with [`is_tail`] of the shape is a composed word. Stems may
/// repeat; most start no word at all. The caller looks each stem up once
/// as a prefix (`rank/morph.rs`), not every link and ending apart: the
/// keystroke search must stay cheap.
pub(crate) fn compose(a: &Parts, b: &Parts, mut f: impl FnMut(&str, &Shape)) {
    let mut stem = String::new();
    for (affix, root) in [(a, b), (b, a)] {
        for shape in &affix.shapes {
            let organs = if shape.function_only {
                &[][..]
            } else {
                &root.roots[..]
            };
            for form in root.functions.iter().chain(organs) {
                stem.clear();
                stem.push_str(shape.before);
                stem.push_str(form);
                f(&stem, shape);
            }
        }
    }
}

/// Whether `rest` (what follows a stem in a word) is a link and one of
/// the shape's endings: "omegaly" after "hepat", "emia" after "hypokal".
pub(crate) fn is_tail(rest: &str, shape: &Shape) -> bool {
    LINKS.iter().any(|link| {
        rest.strip_prefix(link)
            .is_some_and(|end| shape.after.contains(&end))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn composed(a: &str, b: &str) -> Vec<String> {
        let mut out = Vec::new();
        if let (Some(a), Some(b)) = (parts(a), parts(b)) {
            compose(a, b, |stem, shape| {
                for link in LINKS {
                    for after in shape.after {
                        let word = format!("{stem}{link}{after}");
                        assert!(is_tail(&word[stem.len()..], shape), "{word}");
                        out.push(word);
                    }
                }
            });
        }
        out
    }

    #[test]
    fn an_affix_and_a_root_compose_in_either_order() {
        for (a, b, word) in [
            ("enlarged", "liver", "hepatomegaly"),
            ("liver", "enlarged", "hepatomegaly"),
            ("inflamed", "pancreas", "pancreatitis"),
            ("low", "potassium", "hypokalemia"),
            ("low", "oxygen", "hypoxemia"),
            ("low", "platelets", "thrombocytopenia"),
            ("high", "platelets", "thrombocytosis"),
            ("painful", "urination", "dysuria"),
            ("painful", "swallowing", "odynophagia"),
            ("difficulty", "swallowing", "dysphagia"),
            ("slow", "heart", "bradycardia"),
            ("double", "vision", "diplopia"),
            ("heavy", "periods", "menorrhagia"),
            ("kidney", "stones", "nephrolithiasis"),
            ("gallbladder", "removed", "cholecystectomy"),
            ("stomach", "inflammation", "gastritis"),
            ("joint", "pain", "arthralgia"),
            ("blood", "urine", "hematuria"),
            ("sugar", "urine", "glycosuria"),
            ("muscle", "aches", "myalgia"),
            ("high", "fat", "hyperlipidemia"),
            ("low", "thyroid", "hypothyroidism"),
        ] {
            assert!(
                composed(a, b).iter().any(|w| w == word),
                "{a} + {b} should give {word}"
            );
        }
    }

    #[test]
    fn unrelated_words_compose_nothing() {
        // Two roots, two affixes, or a word of neither table.
        assert!(composed("liver", "kidney").is_empty());
        assert!(composed("low", "high").is_empty());
        assert!(composed("enlarged", "fracture").is_empty());
        assert!(composed("broken", "arm").is_empty());
        // dys- is painful doing, not a painful organ: "dysarthria" is speech.
        assert!(
            !composed("painful", "joints")
                .iter()
                .any(|w| w == "dysarthria")
        );
        assert!(
            composed("painful", "joints")
                .iter()
                .any(|w| w == "arthralgia")
        );
        assert!(parts("diabetes").is_none());
    }

    #[test]
    fn plural_words_read_as_their_singular() {
        assert!(parts("kidneys").is_some_and(|p| p.roots.contains(&"nephr")));
        assert!(parts("stones").is_some_and(|p| !p.shapes.is_empty()));
        assert!(parts("aches").is_some_and(|p| !p.shapes.is_empty()));
        assert!(parts("gums").is_some_and(|p| p.roots.contains(&"gingiv")));
    }
}
