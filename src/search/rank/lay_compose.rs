//! A patient's words for a condition and for a body site, met by the
//! words titles use, so that each composes with any other word of the
//! query (the other site or condition, "left", "right", "both").
//!
//! The lay lexicon (`codesets/lay_terms.tsv`) answers the phrases it
//! lists; a patient combines its words freely: "fluid on my left knee" is
//! M25.462 "Effusion, left knee", "pinched nerve in lower back" M54.16
//! "Radiculopathy, lumbar region", "ringing in my left ear" H93.12
//! "Tinnitus, left ear", "bone spur on my heel" M77.3- "Calcaneal spur".
//! No phrase lists every such pair, and the lexicon's whole phrases even
//! hide their words: "swollen ankle left" is read as the key "swollen
//! ankles" (→ edema), which "Effusion, left ankle" does not say. So, here:
//!
//! - a lay site word meets its anatomic word ("neck" → cervical, "groin"
//!   → inguinal, "heel" → calcaneal), and two typed words meet the one
//!   that names their region ("lower back" → lumbar, "upper back" →
//!   thoracic, "white of the eye" → conjunctival);
//! - a lay condition word meets the clinical words titles use for it
//!   ("fluid" → effusion, edema, ascites; "ringing" → tinnitus; "bump" →
//!   swelling, contusion; "aching" → pain);
//! - a site met by no title of the right code meets the region the
//!   classification stops at ("face" → head, "back" → trunk, "heel" →
//!   foot), as [`super::limb`] does for a limb's parts, lower still;
//! - a lexicon phrase is also met word by word, each word by itself, its
//!   family or the words above, so "swollen ankle" meets "Effusion, …
//!   ankle" and, by the ankle's limb, "Localized swelling, … lower limb".
//!
//! Every way is added below the typed words' own, so a title that says
//! what was typed still comes first; a word the index's vocabulary lacks
//! is never produced. Organ nouns and adjectives are `super::anatomy`'s,
//! limbs `super::limb`'s, composed medical words `super::morph`'s: none
//! is repeated here.

use super::limb::{LIMB_WORDS, limb_of};
use super::resolve::{LIGHT_CONNECTOR, Resolved, WordSet};
use crate::search::index::Index;
use crate::search::query::Term;

/// A lay word met by the clinical word for it: as sure as a word family.
const Q_LAY_WORD: f32 = 0.85;
/// Two lay words met by the one word naming their region: as a phrase.
const Q_LAY_PAIR: f32 = 0.9;
/// A site met by the region that holds it: as a limb meets its part.
const Q_REGION: f32 = 0.6;
/// A lexicon phrase met word by word: below its own reading (the
/// lexicon's clinical terms), which the phrase was written for.
const Q_WORD_BY_WORD: f32 = 0.7;
/// How far apart (in terms) the two words of a region may be typed:
/// "white of the eye", "bottom of my foot".
const WINDOW: usize = 4;

/// Body-site words patients use → the anatomic words of titles. Only
/// words that name that site alone; organ adjectives are `anatomy.rs`'s
/// and the lexicon's own readings ("armpit" → axilla, "tailbone" →
/// coccyx, "kneecap" → patella) are not repeated.
const SITES: [(&str, &[&str]); 9] = [
    ("neck", &["cervical"]),
    ("groin", &["inguinal"]),
    ("heel", &["calcaneal"]),
    ("sole", &["plantar"]),
    ("jaw", &["temporomandibular"]),
    ("tailbone", &["sacrococcygeal", "coccygeal"]),
    ("kneecap", &["patellar", "patellofemoral"]),
    ("stomach", &["abdominal", "abdomen"]),
    ("chest", &["thorax", "thoracic"]),
];

/// Lay condition words → the clinical words titles and Index terms use.
const CONDITIONS: [(&str, &[&str]); 46] = [
    ("fluid", &["effusion", "edema", "ascites"]),
    (
        "swollen",
        &["swelling", "effusion", "edema", "enlarged", "enlargement"],
    ),
    ("swelling", &["effusion", "edema", "enlarged"]),
    ("puffy", &["edema", "swelling"]),
    ("lump", &["mass", "swelling", "nodule"]),
    ("bump", &["swelling", "mass", "lump", "contusion"]),
    ("ringing", &["tinnitus"]),
    ("buzzing", &["tinnitus"]),
    ("aching", &["pain"]),
    ("achy", &["pain"]),
    ("sore", &["pain"]),
    ("hurts", &["pain"]),
    // "hurt" also prefixes "Hurthle" (C73 came first for "my fingers
    // hurt"); read as the pain it says.
    ("hurt", &["pain"]),
    ("hurting", &["pain"]),
    ("arthritis", &["osteoarthritis"]),
    ("bleeding", &["hemorrhage"]),
    ("hole", &["perforation", "defect"]),
    ("blurry", &["blurred", "blurring"]),
    ("sight", &["vision"]),
    // Injuries: what the patient did to the part, as the titles name the
    // injury ("chipped tooth" → fracture of tooth); "tore" as the
    // lexicon reads "torn" (a torn ligament read as a sprain too brought
    // strains and sprains before "Complete rotator cuff tear").
    ("chipped", &["fracture"]),
    ("stubbed", &["contusion"]),
    ("banged", &["contusion"]),
    ("tore", &["tear", "rupture"]),
    // Symptoms said as an adjective or a verb.
    ("thirsty", &["thirst", "polydipsia"]),
    ("nervous", &["nervousness"]),
    ("watering", &["epiphora", "lacrimation"]),
    ("wheezy", &["wheezing"]),
    ("wobbly", &["unsteadiness", "instability"]),
    ("shaky", &["tremor"]),
    ("shake", &["tremor"]),
    ("shakes", &["tremor"]),
    ("tingle", &["paresthesia", "tingling"]),
    ("tingles", &["paresthesia", "tingling"]),
    ("tingly", &["paresthesia", "tingling"]),
    ("weak", &["weakness"]),
    ("stuffy", &["congestion"]),
    ("spinning", &["vertigo"]),
    // The titles' participle: "Ingrowing nail".
    ("ingrown", &["ingrowing"]),
    ("bleed", &["bleeding", "hemorrhage"]),
    ("sweat", &["sweating", "hyperhidrosis"]),
    ("poop", &["stool", "feces", "defecation"]),
    ("pooping", &["stool", "feces", "defecation"]),
    // "bit by a dog": the titles' "bite", "bitten".
    ("bit", &["bite", "bitten"]),
    // "tarry" says melena as the lexicon's "tarry stool" does.
    ("tarry", &["melena"]),
    ("sad", &["unhappiness", "sadness", "depressed"]),
    ("stressed", &["stress"]),
];

/// The region titles name when they stop above a site, and its sites.
/// The limbs are `limb.rs`'s.
const REGIONS: [(&str, &[&str]); 5] = [
    (
        "trunk",
        &["back", "chest", "belly", "tummy", "abdomen", "flank"],
    ),
    ("pelvis", &["tailbone"]),
    ("head", &["face", "cheek", "forehead", "chin", "scalp"]),
    ("foot", &["heel", "sole", "instep"]),
    ("hand", &["palm", "knuckle"]),
];

/// Two typed words (the first, then the second) and the words of titles
/// for the region they name together.
type Pair = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);
const PAIRS: [Pair; 13] = [
    (&["lower", "low"], &["back"], &["lumbar", "lumbosacral"]),
    (&["upper", "mid", "middle"], &["back"], &["thoracic"]),
    (
        &["white"],
        &["eye"],
        &["conjunctival", "conjunctiva", "scleral", "sclera"],
    ),
    (&["bottom"], &["foot"], &["plantar"]),
    (&["back"], &["head"], &["occipital", "scalp"]),
    (&["jaw"], &["joint"], &["temporomandibular"]),
    (&["roof"], &["mouth"], &["palate"]),
    (&["around"], &["heart"], &["pericardial"]),
    (&["around"], &["lung"], &["pleural"]),
    (&["eye"], &["socket"], &["orbit", "orbital"]),
    (&["behind"], &["knee"], &["popliteal"]),
    // "the back of my thigh": the posterior muscle group (hamstring).
    (&["back"], &["thigh"], &["posterior"]),
    (&["front"], &["thigh"], &["anterior"]),
];

/// Words inside a lexicon phrase that only place ("ringing in ears"):
/// a title need not say them.
const PLACING: [&str; 8] = ["in", "on", "of", "the", "my", "a", "at", "from"];

/// `word` read as its singular where it is a plain plural ("ankles",
/// "feet", "eyes"); other words as typed.
fn singular(word: &str) -> &str {
    match word {
        "feet" => "foot",
        _ => match word.strip_suffix('s') {
            Some(stem) if !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) => stem,
            _ => word,
        },
    }
}

/// The words of titles a typed lay word stands for, as a site or a
/// condition; empty for other words.
pub(super) fn lay_kin(word: &str) -> Vec<&'static str> {
    let one = singular(word);
    SITES
        .iter()
        .chain(&CONDITIONS)
        .filter(|(lay, _)| *lay == word || *lay == one)
        .flat_map(|(_, words)| words.iter().copied())
        .collect()
}

/// The region holding a typed site word that titles name when they stop
/// above it ("face" → head); `None` for other words.
pub(super) fn region_of(word: &str) -> Option<&'static str> {
    let one = singular(word);
    REGIONS
        .iter()
        .find(|(_, sites)| sites.contains(&word) || sites.contains(&one))
        .map(|(region, _)| *region)
}

/// The words of titles two typed words name together ("lower" "back" →
/// lumbar), typed in that order.
pub(super) fn pair_kin(first: &str, second: &str) -> Option<&'static [&'static str]> {
    let (a, b) = (singular(first), singular(second));
    PAIRS
        .iter()
        .find(|(x, y, _)| x.contains(&a) && y.contains(&b))
        .map(|(_, _, words)| *words)
}

/// Whether `word` names a body site this module or `limb.rs` reads.
pub(super) fn is_site(word: &str) -> bool {
    let one = singular(word);
    limb_of(word).is_some()
        || region_of(word).is_some()
        || SITES.iter().any(|(lay, _)| *lay == word || *lay == one)
}

/// The one plain word of a term that can take a lay reading.
pub(super) fn plain_word(term: &Term) -> Option<&str> {
    if term.connector || term.negated || term.code.is_some() {
        return None;
    }
    term.single_word()
}

impl Index {
    /// Adds the lay readings of the module doc to each term: its lay
    /// word's clinical words and region, a lexicon phrase's words one by
    /// one, and the region two nearby words name together. `resolved` is
    /// in query order.
    pub(super) fn join_lay_words(&self, resolved: &mut [Resolved<'_>]) {
        for r in resolved.iter_mut() {
            if let Some(word) = plain_word(r.term) {
                if let Some(set) = self.any_of(lay_kin(word)) {
                    self.add_way(r, vec![set], Q_LAY_WORD);
                }
                if let Some(set) = region_of(word).and_then(|g| self.any_of([g])) {
                    self.add_way(r, vec![set], Q_REGION);
                }
            } else if r.term.words.len() > 1 && !r.term.connector && r.term.code.is_none() {
                self.phrase_word_by_word(r);
            }
        }
        self.join_lay_pairs(resolved);
    }

    /// A lexicon phrase of two or more content words, one of them a lay
    /// word and one a site, met word by word: each word
    /// by itself, its family or its lay words, and, where a word is a
    /// part of a limb, by the limb instead.
    fn phrase_word_by_word(&self, r: &mut Resolved<'_>) {
        let words: Vec<&str> = r
            .term
            .words
            .iter()
            .map(String::as_str)
            .filter(|w| !PLACING.contains(w))
            .collect();
        // A phrase of one content word ("sore on" → ulcer) is the
        // lexicon's reading of that word, which stands; so is a phrase
        // that names no site ("swollen glands", "fluid in lungs": their
        // clinical terms are what they mean, and "gland" or "lung" alone
        // would bring any title that says edema beside it).
        let lay = words.iter().any(|w| !lay_kin(w).is_empty());
        if words.len() < 2 || !lay || !words.iter().any(|w| is_site(w)) {
            return;
        }
        let mut sets = Vec::new();
        for w in &words {
            let mut ids = self.word_or_kin(w);
            ids.extend(
                lay_kin(w)
                    .iter()
                    .filter_map(|k| self.vocab.id(k))
                    .map(|i| i..i + 1),
            );
            if ids.is_empty() {
                return;
            }
            sets.push(WordSet(ids));
        }
        // The limb of a part in the phrase ("swollen ankle" → "… lower
        // limb"), as `limb.rs` reads a typed part.
        let limb = words.iter().position(|w| limb_of(w).is_some());
        if let Some(at) = limb
            && let (Some(side), Some(whole)) = (
                limb_of(words[at]).and_then(|l| self.any_of([l])),
                self.any_of(LIMB_WORDS),
            )
        {
            let mut by_limb = sets.clone();
            by_limb.splice(at..=at, [side, whole]);
            self.add_way(r, by_limb, Q_REGION);
        }
        self.add_way(r, sets, Q_WORD_BY_WORD);
    }

    /// Two terms at most [`WINDOW`] apart that name one region together
    /// ([`pair_kin`]) are each met by its words; so are the prepositions
    /// and unknown words ("my") between them, which the region's word
    /// says too.
    fn join_lay_pairs(&self, resolved: &mut [Resolved<'_>]) {
        for i in 0..resolved.len() {
            let Some(first) = plain_word(resolved[i].term) else {
                continue;
            };
            for j in i + 1..resolved.len().min(i + 1 + WINDOW) {
                let term = resolved[j].term;
                // The second word may open a lexicon phrase ("upper" +
                // "back pain"): the phrase is then met by the region's
                // words and the rest of its own.
                let (second, rest) = match plain_word(term) {
                    Some(w) => (w, &[][..]),
                    None if term.words.len() > 1 && !term.connector && term.code.is_none() => {
                        (term.words[0].as_str(), &term.words[1..])
                    }
                    None if term.connector || resolved[j].alts.is_empty() => continue,
                    None => break,
                };
                let Some(set) =
                    pair_kin(first, second).and_then(|w| self.any_of(w.iter().copied()))
                else {
                    if resolved[j].alts.is_empty() {
                        continue;
                    }
                    break;
                };
                let mut phrase = vec![set.clone()];
                for w in rest.iter().filter(|w| !PLACING.contains(&w.as_str())) {
                    phrase.push(WordSet(self.word_or_kin(w)));
                }
                for (k, r) in resolved.iter_mut().enumerate().take(j + 1).skip(i) {
                    let between = r.term.connector && r.weight <= LIGHT_CONNECTOR;
                    if k == j && !rest.is_empty() {
                        self.add_way(r, phrase.clone(), Q_LAY_PAIR);
                    } else if between || plain_word(r.term).is_some() {
                        self.add_way(r, vec![set.clone()], Q_LAY_PAIR);
                    }
                }
                break;
            }
        }
    }

    /// `word` and its family, as ranges of the vocabulary's ids; empty
    /// when it knows neither (a way holding that set is then dropped).
    fn word_or_kin(&self, word: &str) -> Vec<std::ops::Range<u32>> {
        let mut ids: Vec<u32> = self.vocab.id(word).into_iter().collect();
        ids.extend(self.vocab.kin(word));
        ids.into_iter().map(|i| i..i + 1).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::{lay_kin, pair_kin, region_of};
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    fn index() -> Index {
        let code = IndexableCode::billable;
        Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("M25.461", "Effusion, right knee"),
                code("M25.462", "Effusion, left knee"),
                code("M25.472", "Effusion, left ankle"),
                code("S80.02XA", "Contusion of left knee, initial encounter"),
                code("M54.12", "Radiculopathy, cervical region"),
                code("M54.16", "Radiculopathy, lumbar region"),
                code("M54.14", "Radiculopathy, thoracic region"),
                code("M54.2", "Cervicalgia"),
                code("M54.50", "Low back pain, unspecified"),
                code("M54.6", "Pain in thoracic spine"),
                code("M54.9", "Dorsalgia, unspecified"),
                code("H93.11", "Tinnitus, right ear"),
                code("H93.12", "Tinnitus, left ear"),
                code("H61.22", "Impacted cerumen, left ear"),
                code("M77.31", "Calcaneal spur, right foot"),
                code("M77.9", "Enthesopathy, unspecified"),
                code("R22.0", "Localized swelling, mass and lump, head"),
                code("R22.2", "Localized swelling, mass and lump, trunk"),
                code(
                    "L89.100",
                    "Pressure ulcer of unspecified part of back, unstageable",
                ),
                code("H11.31", "Conjunctival hemorrhage, right eye"),
                code("B07.0", "Plantar wart"),
                code("B07.9", "Viral wart, unspecified"),
                code("M25.552", "Pain in left hip"),
                code("S70.02XA", "Contusion of left hip, initial encounter"),
                code(
                    "R22.42",
                    "Localized swelling, mass and lump, left lower limb",
                ),
                code("H02.844", "Edema of left upper eyelid"),
            ],
        )
    }

    #[test]
    fn lay_words_read_as_title_words() {
        assert_eq!(lay_kin("neck"), ["cervical"]);
        assert_eq!(lay_kin("heels"), ["calcaneal"]);
        assert_eq!(lay_kin("ringing"), ["tinnitus"]);
        assert_eq!(lay_kin("hurt"), ["pain"], "not Hurthle's prefix");
        assert_eq!(lay_kin("ingrown"), ["ingrowing"]);
        assert!(lay_kin("fluid").contains(&"effusion"));
        assert!(lay_kin("hole").contains(&"perforation"));
        assert!(lay_kin("knee").is_empty());
        assert!(lay_kin("kidney").is_empty(), "anatomy.rs's, not here");
        assert_eq!(region_of("face"), Some("head"));
        assert_eq!(region_of("feet"), None);
        assert_eq!(region_of("heels"), Some("foot"));
        assert_eq!(
            pair_kin("lower", "back"),
            Some(&["lumbar", "lumbosacral"][..])
        );
        assert_eq!(pair_kin("white", "eyes"), pair_kin("white", "eye"));
        assert_eq!(pair_kin("back", "lower"), None, "in the typed order only");
    }

    #[test]
    fn a_lay_condition_composes_with_site_and_side() {
        let index = index();
        assert_eq!(index.first_code("fluid on my left knee"), "M25.462");
        assert_eq!(index.first_code("fluid on the knee right"), "M25.461");
        assert_eq!(index.first_code("ringing in my left ear"), "H93.12");
        assert_eq!(index.first_code("aching left hip"), "M25.552");
        assert_eq!(index.first_code("puffy left upper eyelid"), "H02.844");
    }

    #[test]
    fn a_lexicon_phrase_with_a_site_is_met_word_by_word() {
        let index = index();
        // "swollen ankle" is the lexicon's key "swollen ankles" (edema),
        // which no title here says beside "left ankle".
        assert_eq!(index.first_code("swollen ankle left"), "M25.472");
        // A phrase naming no site keeps the lexicon's reading alone.
        let found = index.ranked_codes("swollen glands");
        assert!(!found.contains(&"H02.844".to_string()), "{found:?}");
    }

    #[test]
    fn a_lay_site_composes_with_a_condition() {
        let index = index();
        assert_eq!(index.first_code("bone spur on my heel"), "M77.31");
        assert_eq!(index.first_code("radiculopathy neck"), "M54.12");
        assert_eq!(index.first_code("radiculopathy in lower back"), "M54.16");
        assert_eq!(index.first_code("radiculopathy upper back"), "M54.14");
        // The pair's second word opening a lexicon phrase ("back pain").
        assert_eq!(index.first_code("upper back pain"), "M54.6");
        assert_eq!(
            index.first_code("bleeding in the white of my eye"),
            "H11.31"
        );
        assert_eq!(index.first_code("wart on bottom of foot"), "B07.0");
        // The region, when no title names the site.
        assert_eq!(index.first_code("swollen face"), "R22.0");
    }

    #[test]
    fn the_typed_word_still_comes_first() {
        let index = index();
        // A title that says "low back" outranks one that says "lumbar".
        assert_eq!(index.first_code("low back pain"), "M54.50");
        let found = index.ranked_codes("tinnitus right ear");
        assert_eq!(found[0], "H93.11");
        // A site no title names is met by its region.
        assert_eq!(index.first_code("lump on my back"), "R22.2");
    }
}
