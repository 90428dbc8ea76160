//! General clinical knowledge a coder brings to the PCS tables, written
//! once from standard usage (not from any evaluation query): procedure
//! abbreviations and common procedure names as *axis values* (root
//! operation, body part words, approach, device or qualifier words), Greek
//! and Latin combining forms as body part words, and procedure suffixes as
//! root operations. Never whole codes: the code comes from scoring the
//! valid codes of the chart's version against these axis values.

mod coders;
mod forms;
mod wounds;

pub(super) use self::coders::CODERS;
pub(super) use self::wounds::WOUNDS;

pub(super) use self::forms::{
    ADJECTIVE_FORMS, APPROACH_WORDS, COMBINING, COUNTS, MODIFIERS, SIDES, STOP, SUFFIXES, Suffix,
};

/// A coders' term and what it says about the code's axes.
pub(super) struct Clinical {
    /// The typed words, folded and space-separated ("av fistula", "i d").
    pub key: &'static str,
    /// Root operations, as the first word of their titles, `|`-separated,
    /// most likely first.
    pub ops: &'static str,
    /// Body part words: concepts `;`-separated, alternatives `|`-separated
    /// (each alternative's words must all be in the title).
    pub body: &'static str,
    /// Approach characters (Medical and Surgical), most likely first.
    pub approach: &'static str,
    /// Device or qualifier words, as `body`.
    pub detail: &'static str,
}

const fn c(
    key: &'static str,
    ops: &'static str,
    body: &'static str,
    approach: &'static str,
    detail: &'static str,
) -> Clinical {
    Clinical {
        key,
        ops,
        body,
        approach,
        detail,
    }
}

/// Standard procedure abbreviations and common procedure names.
pub(super) const CLINICAL: &[Clinical] = &[
    c("vats", "", "lung|lobe|pleura|bronchus", "4", ""),
    c("tee", "ultrasonography", "heart", "", "transesophageal"),
    c("tte", "ultrasonography", "heart", "", ""),
    c("echo", "ultrasonography", "heart", "", ""),
    c("echocardiogram", "ultrasonography", "heart", "", ""),
    c(
        "egd",
        "inspection",
        "upper intestinal|stomach|duodenum|esophagus",
        "8",
        "",
    ),
    c(
        "ercp",
        "inspection",
        "common bile duct|hepatobiliary duct|pancreatic duct",
        "8",
        "",
    ),
    // A coronary bypass whose grafts are not said: the usual grafts, a
    // saphenous vein from the aorta and the left internal mammary in situ.
    c(
        "cabg",
        "bypass",
        "coronary artery",
        "0",
        "aorta autologous venous|left internal mammary",
    ),
    c("ptca", "dilation", "coronary artery", "3", ""),
    c("pci", "dilation", "coronary artery", "3", ""),
    c("turp", "resection|excision", "prostate", "8", ""),
    c("turbt", "excision|resection", "bladder", "8", ""),
    c("tah", "resection", "uterus", "0", ""),
    c("tlh", "resection", "uterus", "4", ""),
    c(
        "bso",
        "resection",
        "ovaries|fallopian tubes; bilateral",
        "",
        "",
    ),
    c("lso", "resection", "ovary|fallopian tube; left", "", ""),
    c("rso", "resection", "ovary|fallopian tube; right", "", ""),
    c("orif", "reposition", "", "0", "internal fixation"),
    c("crpp", "reposition", "", "3", "internal fixation"),
    c("i d", "drainage", "subcutaneous tissue", "0", ""),
    c("d c", "extraction", "endometrium", "7|8", ""),
    c("av fistula", "bypass", "artery", "0", "vein"),
    c("avf", "bypass", "artery", "0", "vein"),
    c("peg", "insertion", "stomach", "4", "feeding device"),
    c("g tube", "insertion", "stomach", "3|4", "feeding device"),
    c("ng tube", "insertion", "stomach", "7", "feeding device"),
    c(
        "picc",
        "insertion",
        "superior vena cava",
        "3",
        "infusion device",
    ),
    c(
        "cvc",
        "insertion",
        "superior vena cava|vein",
        "3",
        "infusion device",
    ),
    c(
        "central line",
        "insertion",
        "superior vena cava|vein",
        "3",
        "infusion device",
    ),
    c(
        "port",
        "insertion",
        "chest subcutaneous|trunk subcutaneous",
        "0|3",
        "totally implantable vascular access",
    ),
    c(
        "port a cath",
        "insertion",
        "chest subcutaneous",
        "0|3",
        "totally implantable vascular access",
    ),
    c(
        "portacath",
        "insertion",
        "chest subcutaneous",
        "0|3",
        "totally implantable vascular access",
    ),
    c(
        "mediport",
        "insertion",
        "chest subcutaneous",
        "0|3",
        "totally implantable vascular access",
    ),
    c("tka", "replacement", "knee joint", "0", ""),
    c("tkr", "replacement", "knee joint", "0", ""),
    c("tha", "replacement", "hip joint", "0", ""),
    c("thr", "replacement", "hip joint", "0", ""),
    c("bka", "detachment", "lower leg", "0", ""),
    c("below knee", "detachment", "lower leg", "0", ""),
    c("aka", "detachment", "upper leg", "0", ""),
    c("above knee", "detachment", "upper leg", "0", ""),
    c("lp", "drainage", "spinal canal", "3", ""),
    c("tavr", "replacement", "aortic valve", "3", ""),
    c("tavi", "replacement", "aortic valve", "3", ""),
    c(
        "ivc filter",
        "insertion",
        "inferior vena cava",
        "3|0",
        "intraluminal device",
    ),
    c("lap", "", "", "4", ""),
    // The titles' own approach phrase: not percutaneous and endoscopic
    // as two approaches.
    c("percutaneous endoscopic", "", "", "4", ""),
    c("chole", "resection", "gallbladder", "", ""),
    c("tubal", "", "fallopian tube", "", ""),
    c("appy", "resection", "appendix", "", ""),
    c("lhc", "measurement", "cardiac", "3", "left heart"),
    c("rhc", "measurement", "cardiac", "3", "right heart"),
    c("eswl", "fragmentation", "", "X", ""),
    c("foley", "drainage", "bladder", "7", "drainage device"),
    c("ett", "insertion", "trachea", "7|8", "endotracheal airway"),
    c("trach", "bypass", "trachea", "0|3", "tracheostomy device"),
    c("ex lap", "inspection", "peritoneal cavity", "0", ""),
    c("exlap", "inspection", "peritoneal cavity", "0", ""),
    c("c section", "extraction", "products of conception", "0", ""),
    c("cesarean", "extraction", "products of conception", "0", ""),
    c("bx", "excision|extraction|drainage", "", "", ""),
    c(
        "stent",
        "dilation|insertion",
        "",
        "3",
        "intraluminal device",
    ),
    c("des", "dilation", "", "", "drug eluting"),
    c("svg", "bypass", "", "", "autologous venous tissue"),
    c("lima", "bypass", "", "", "internal mammary"),
    c("mesh", "supplement", "", "", "synthetic substitute"),
    c(
        "pacemaker",
        "insertion",
        "chest subcutaneous|",
        "",
        "pacemaker",
    ),
    c("lumpectomy", "excision", "breast", "0", ""),
    c("nissen", "restriction", "esophagogastric junction", "", ""),
    c("whipple", "resection", "pancreas|duodenum", "0", ""),
    c("sleeve", "excision", "stomach", "", "vertical"),
    c("gastric bypass", "bypass", "stomach", "", "jejunum"),
    c("endarterectomy", "extirpation", "artery", "0", ""),
    c("paracentesis", "drainage", "peritoneal cavity", "3", ""),
    c(
        "hernia",
        "repair|supplement",
        "region|abdominal wall|",
        "",
        "",
    ),
    c("ventral", "", "abdominal wall", "", ""),
    c("umbilical", "", "abdominal wall", "", ""),
    c(
        "vp shunt",
        "bypass",
        "cerebral ventricle",
        "",
        "peritoneal cavity",
    ),
    c(
        "ventriculoperitoneal",
        "bypass",
        "cerebral ventricle",
        "",
        "peritoneal cavity",
    ),
    c("shunt", "bypass", "", "", ""),
    c("cysto", "inspection", "bladder", "8", ""),
    // A biopsy takes tissue (Excision), cells or marrow (Extraction:
    // endometrium, bone marrow) or fluid (Drainage), qualifier Diagnostic.
    c("biopsy", "excision|extraction|drainage", "", "", ""),
    c("placement", "insertion", "", "", ""),
    c("place", "insertion", "", "", ""),
    c("insert", "insertion", "", "", ""),
    c("remove", "removal", "", "", ""),
    c("replace", "replacement", "", "", ""),
    c("transplant", "transplantation", "", "", ""),
    c("ligation", "occlusion", "", "", ""),
    c("amputation", "detachment", "", "", ""),
    c("fixation", "reposition", "", "", "internal fixation"),
    c("reduction", "reposition", "", "", ""),
    c("graft", "replacement|supplement|bypass", "", "", ""),
    c("ablation", "destruction", "", "", ""),
    c("cautery", "destruction", "", "", ""),
    c("suture", "repair", "", "", ""),
    c("closure", "repair", "", "", ""),
    c("drain", "drainage", "", "", ""),
    c("incision", "drainage|division", "", "0", ""),
    c("evacuation", "extirpation|drainage", "", "", ""),
    c("angioplasty", "dilation", "artery", "3", ""),
    c(
        "fundoplication",
        "restriction",
        "esophagogastric junction",
        "",
        "",
    ),
    c(
        "cholecystostomy",
        "drainage",
        "gallbladder",
        "3",
        "drainage device",
    ),
    c("mastectomy", "resection|excision", "breast", "0", ""),
    c("hemicolectomy", "resection", "large intestine", "", ""),
    c("delivery", "delivery", "products of conception", "", ""),
    c("bronch", "inspection", "tracheobronchial", "8", ""),
    c("polypectomy", "excision", "", "", ""),
    c("debridement", "excision|extraction", "", "", ""),
    c("embolectomy", "extirpation", "artery", "", ""),
    c(
        "chest tube",
        "drainage",
        "pleural cavity",
        "0|3",
        "drainage device",
    ),
    c("pleurodesis", "destruction", "pleura", "", ""),
    c("suprapubic", "drainage", "bladder", "3", "drainage device"),
    c("cardioversion", "restoration", "cardiac rhythm", "", ""),
    c(
        "ecmo",
        "extracorporeal|assistance|performance",
        "",
        "",
        "oxygenation membrane",
    ),
    c("carpal tunnel", "release", "median nerve", "0", ""),
    c("bone marrow biopsy", "extraction", "bone marrow", "3", ""),
    // "D and C" (dilation and curettage) as typed with its "and".
    c("d and c", "extraction", "endometrium", "7|8", ""),
    // A decompressive laminectomy frees the cord or the nerve roots: coded
    // as Release of them, the lamina taken only to reach them (Coding
    // Clinic; the same for hemilaminectomy and laminotomy).
    c("laminectomy", "release", "spinal cord|nerve", "0", ""),
    c("hemilaminectomy", "release", "spinal cord|nerve", "0", ""),
    c("laminotomy", "release", "spinal cord|nerve", "0", ""),
    c("decompressive", "release", "", "", ""),
    // A discectomy takes the herniated part of the disc (Excision) unless
    // the whole disc is said to be taken.
    c("discectomy", "excision|resection", "disc", "0", ""),
    c("microdiscectomy", "excision|resection", "disc", "0", ""),
    // An episiotomy cuts the perineum to widen the outlet: Division.
    c("episiotomy", "division", "female perineum", "X", ""),
    c(
        "labor epidural",
        "introduction",
        "epidural space",
        "3",
        "anesthetic",
    ),
    c(
        "epidural anesthesia",
        "introduction",
        "epidural space",
        "3",
        "anesthetic",
    ),
    c(
        "epidural analgesia",
        "introduction",
        "epidural space",
        "3",
        "anesthetic",
    ),
    c(
        "lvad",
        "insertion",
        "heart",
        "0",
        "implantable heart assist",
    ),
    c("removed", "removal", "", "", ""),
    c(
        "aicd",
        "insertion",
        "chest subcutaneous",
        "0",
        "defibrillator generator",
    ),
    // hcpcs7: device words in coders' language. An external fixator ("ex
    // fix") holds a reduced fracture from outside (Reposition with, or
    // Insertion of, an External Fixation Device), never a repair.
    c(
        "ex fix",
        "reposition|insertion",
        "",
        "",
        "external fixation",
    ),
    c("exfix", "reposition|insertion", "", "", "external fixation"),
    c(
        "external fixator",
        "insertion|reposition",
        "",
        "",
        "external fixation",
    ),
    c(
        "external fixation",
        "insertion|reposition",
        "",
        "",
        "external fixation",
    ),
    // The coronary arteries by name, spelt out as the lexicon's "lad" and
    // "rca" are: one artery named is "Coronary Artery, One Artery", and
    // the left anterior descending is not the anterior tibial artery.
    c("left anterior descending", "", "coronary artery", "", "one"),
    c("circumflex", "", "coronary artery", "", "one"),
    c("right coronary", "", "coronary artery", "", "one"),
    // A single spinal level names its region ("kyphoplasty l1": a lumbar
    // vertebra); two levels in a row name the joint (the lexicon's
    // "l4 l5").
    c("c1", "", "cervical", "", ""),
    c("c2", "", "cervical", "", ""),
    c("c3", "", "cervical", "", ""),
    c("c4", "", "cervical", "", ""),
    c("c5", "", "cervical", "", ""),
    c("c6", "", "cervical", "", ""),
    c("c7", "", "cervical", "", ""),
    c("t1", "", "thoracic", "", ""),
    c("t2", "", "thoracic", "", ""),
    c("t3", "", "thoracic", "", ""),
    c("t4", "", "thoracic", "", ""),
    c("t5", "", "thoracic", "", ""),
    c("t6", "", "thoracic", "", ""),
    c("t7", "", "thoracic", "", ""),
    c("t8", "", "thoracic", "", ""),
    c("t9", "", "thoracic", "", ""),
    c("t10", "", "thoracic", "", ""),
    c("t11", "", "thoracic", "", ""),
    c("t12", "", "thoracic", "", ""),
    c("l1", "", "lumbar", "", ""),
    c("l2", "", "lumbar", "", ""),
    c("l3", "", "lumbar", "", ""),
    c("l4", "", "lumbar", "", ""),
    c("l5", "", "lumbar", "", ""),
];
