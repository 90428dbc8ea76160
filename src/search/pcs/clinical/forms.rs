//! The word forms a coder's procedure words are built from, as general
//! knowledge (not from any evaluation query): procedure suffixes as root
//! operations, Greek and Latin combining forms and adjectives as body part
//! words, approach, side, modifier and count words, and the words that
//! never name an axis. Split from `clinical.rs`, whose own table is the
//! coders' terms.

/// A procedure suffix and the root operations it names.
pub(in crate::search::pcs) struct Suffix {
    /// The word ending ("ectomy").
    pub suffix: &'static str,
    /// Root operations, `|`-separated, most likely first.
    pub ops: &'static str,
}

/// Procedure suffixes, longest first.
pub(in crate::search::pcs) const SUFFIXES: &[Suffix] = &[
    Suffix {
        suffix: "centesis",
        ops: "drainage",
    },
    Suffix {
        suffix: "entesis",
        ops: "drainage",
    },
    Suffix {
        suffix: "rrhaphy",
        ops: "repair",
    },
    Suffix {
        suffix: "tripsy",
        ops: "fragmentation",
    },
    Suffix {
        suffix: "ectomy",
        ops: "resection|excision",
    },
    Suffix {
        suffix: "ostomy",
        ops: "bypass",
    },
    Suffix {
        suffix: "plasty",
        ops: "repair|replacement|supplement|reposition",
    },
    Suffix {
        suffix: "scopy",
        ops: "inspection",
    },
    Suffix {
        suffix: "otomy",
        ops: "drainage|division|release|inspection",
    },
    Suffix {
        suffix: "desis",
        ops: "fusion",
    },
    Suffix {
        suffix: "olysis",
        ops: "release",
    },
    Suffix {
        suffix: "pexy",
        ops: "reposition",
    },
    Suffix {
        suffix: "tomy",
        ops: "drainage|division|release",
    },
];

/// Greek and Latin combining forms and the body part words of the PCS
/// titles they name. `true`: endoscopy of it goes through a natural or
/// artificial opening (8); `false`: through a port in a cavity or joint
/// (4); `None`: either.
pub(in crate::search::pcs) const COMBINING: &[(&str, &str, Option<bool>)] = &[
    ("cholecyst", "gallbladder", None),
    ("choledoch", "common bile duct", Some(true)),
    ("chole", "gallbladder", None),
    ("appendic", "appendix", None),
    ("append", "appendix", None),
    ("nephr", "kidney", None),
    ("pyel", "kidney pelvis", Some(true)),
    ("hyster", "uterus", Some(true)),
    ("mast", "breast", None),
    ("mamm", "breast", None),
    ("sigmoid", "sigmoid colon|lower intestinal", Some(true)),
    (
        "colon",
        "lower intestinal|large intestine|colon",
        Some(true),
    ),
    ("col", "lower intestinal|large intestine|colon", Some(true)),
    ("proct", "rectum|lower intestinal", Some(true)),
    ("rect", "rectum", Some(true)),
    ("esophag", "esophagus|upper intestinal", Some(true)),
    ("gastr", "stomach|upper intestinal", Some(true)),
    ("duoden", "duodenum|upper intestinal", Some(true)),
    ("jejun", "jejunum", Some(true)),
    ("ile", "ileum", Some(true)),
    ("enter", "small intestine", Some(true)),
    ("splen", "spleen", None),
    ("hepat", "liver", None),
    ("pancreat", "pancreas", None),
    ("parathyroid", "parathyroid", None),
    ("thyroid", "thyroid", None),
    ("adrenal", "adrenal", None),
    ("tonsill", "tonsils", None),
    ("tonsil", "tonsils", None),
    ("adenoid", "adenoids", None),
    ("prostat", "prostate", Some(true)),
    ("salping", "fallopian tube", None),
    ("oophor", "ovary", None),
    ("orchi", "testis", None),
    ("cyst", "bladder", Some(true)),
    ("urethr", "urethra", Some(true)),
    ("ureter", "ureter", Some(true)),
    ("trache", "trachea", Some(true)),
    ("bronch", "tracheobronchial|bronchus|lung", Some(true)),
    ("laryng", "larynx", Some(true)),
    ("pharyng", "pharynx", Some(true)),
    ("thorac", "pleural cavity|chest|lung", Some(false)),
    ("pleur", "pleura", Some(false)),
    ("pneumon", "lung", None),
    // A lobectomy is of a lung lobe unless the liver's is said.
    ("lob", "lung lobe|lobe", None),
    ("lapar", "peritoneal cavity|abdomen", Some(false)),
    ("celi", "peritoneal cavity", Some(false)),
    ("mediastin", "mediastinum", Some(false)),
    ("crani", "skull|cranial", None),
    ("stern", "sternum", None),
    ("lamin", "vertebra", None),
    ("disc", "disc", None),
    ("vertebr", "vertebra", None),
    ("arthr", "joint", Some(false)),
    ("oste", "bone", None),
    ("chondr", "cartilage", None),
    ("fasci", "fascia", None),
    ("tend", "tendon", None),
    ("ten", "tendon", None),
    ("neur", "nerve", None),
    ("phleb", "vein", None),
    ("ven", "vein", None),
    ("arteri", "artery", None),
    ("angi", "artery|vein", None),
    ("aort", "aorta", None),
    ("pericardi", "pericardium|pericardial", None),
    ("cardi", "heart", None),
    ("valvul", "valve", None),
    ("vas", "vas deferens", None),
    ("episi", "perineum", None),
    ("colp", "vagina", Some(true)),
    ("vagin", "vagina", Some(true)),
    ("cervic", "cervix", Some(true)),
    ("vulv", "vulva", None),
    ("blephar", "eyelid", None),
    ("kerat", "cornea", None),
    ("irid", "iris", None),
    ("vitr", "vitreous", None),
    ("myring", "tympanic membrane", None),
    ("tympan", "tympanic membrane", None),
    ("mastoid", "mastoid", None),
    ("sinus", "sinus", Some(true)),
    ("rhin", "nasal", Some(true)),
    ("sept", "nasal septum|septum", None),
    ("gloss", "tongue", None),
    ("sial", "salivary", None),
    ("gingiv", "gingiva", None),
    ("thym", "thymus", None),
    ("omen", "omentum", None),
    ("lymphaden", "lymph", None),
    ("menisc", "knee joint", Some(false)),
    ("amni", "amniotic fluid|products of conception", None),
    ("my", "muscle", None),
    ("pancreaticoduoden", "pancreas|duodenum", None),
    (
        "esophagogastroduoden",
        "upper intestinal|stomach|duodenum|esophagus",
        Some(true),
    ),
];

/// Latin adjective stems of organs the Greek combining forms above do not
/// spell ("ovarian", "renal", "endometrial"), as title words.
pub(in crate::search::pcs) const ADJECTIVE_FORMS: &[(&str, &str)] = &[
    ("ovar", "ovary"),
    ("endometri", "endometrium"),
    ("bili", "bile duct"),
    ("perine", "perineum"),
    ("uter", "uterus"),
    ("ren", "kidney"),
    ("vesic", "bladder"),
];

/// Approach words: what they say about the fifth character.
pub(in crate::search::pcs) const APPROACH_WORDS: &[(&str, &str)] = &[
    ("laparoscopic", "4"),
    ("laparoscopically", "4"),
    ("laparoscopy", "4"),
    ("thoracoscopic", "4"),
    ("arthroscopic", "4"),
    ("scope", "4|8"),
    ("robotic", "4"),
    ("endoscopic", "8|4"),
    ("endoscopically", "8|4"),
    ("open", "0"),
    ("percutaneous", "3"),
    ("perc", "3"),
    ("needle", "3"),
    ("external", "X"),
    ("transurethral", "8"),
    ("hysteroscopic", "8"),
    ("transvaginal", "7|8"),
    ("vaginal", "7|8"),
];

/// Words that name a side of the body, as the titles say it.
pub(in crate::search::pcs) const SIDES: &[(&str, &str)] = &[
    ("left", "left"),
    ("lt", "left"),
    ("right", "right"),
    ("rt", "right"),
    // A lone letter after a procedure ("thora r", "chest tube l"): coders'
    // shorthand for the side.
    ("r", "right"),
    ("l", "left"),
    ("bilateral", "bilateral"),
    ("bilat", "bilateral"),
    ("both", "bilateral"),
];

/// Modifier words that choose between the suffixes' root operations: a
/// partial removal is Excision, a whole one Resection.
pub(in crate::search::pcs) const MODIFIERS: &[(&str, &str, f32)] = &[
    ("partial", "excision", 1.5),
    ("wedge", "excision", 1.5),
    ("segmental", "excision", 1.5),
    ("subtotal", "excision", 1.5),
    ("total", "resection", 1.2),
    ("complete", "resection", 1.2),
    ("radical", "resection", 1.2),
    ("simple", "resection", 1.2),
    ("distal", "excision", 1.5),
    ("proximal", "excision", 1.5),
    ("diagnostic", "", 0.0),
];

/// Counts as typed by coders ("x2", "2 vessels"): as the titles spell them.
pub(in crate::search::pcs) const COUNTS: &[(&str, &str)] = &[
    ("x1", "one"),
    ("1", "one"),
    ("single", "one"),
    ("x2", "two"),
    ("2", "two"),
    ("double", "two"),
    ("x3", "three"),
    ("3", "three"),
    ("triple", "three"),
    ("x4", "four"),
    ("4", "four"),
    ("quadruple", "four"),
    ("vessel", "artery"),
    ("vessels", "arteries"),
];

/// Words that carry no axis value.
pub(in crate::search::pcs) const STOP: &[&str] = &[
    "of",
    "with",
    "w",
    "the",
    "and",
    "a",
    "an",
    "to",
    "for",
    "via",
    "using",
    "approach",
    "procedure",
    "surgery",
    "in",
    "on",
    "into",
    "line",
    "placed",
    "creation",
    "formation",
    // Read by the conventions ("without mesh"), never a typo of a
    // procedure word.
    "without",
];
