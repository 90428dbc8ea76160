//! Query understanding for ICD-10-PCS: the typed words become a partial
//! code pattern — root operations (weighted), approaches, body part and
//! device/qualifier word concepts, sides, and whether a diagnostic
//! qualifier is asked for — from the clinical tables, the definitions'
//! examples and synonyms, procedure suffixes and combining forms, with
//! bounded typo correction of procedure words.

use super::clinical::{
    ADJECTIVE_FORMS, APPROACH_WORDS, COMBINING, COUNTS, Clinical, MODIFIERS, SIDES, STOP, SUFFIXES,
    Suffix,
};
use super::lexicon;
use super::vocabulary::PcsVocabulary;

mod depth;
mod forms;
mod lines;
mod removal;
mod rhythm;
mod settle;
mod support;

use self::forms::{
    cavity_incision_reading, incision_stem, is_cavity_incision, scopic, singular_procedure,
};
use self::settle::settle;

/// Words of the titles that must all appear (one way to meet a concept).
pub(crate) type Alternative = Vec<String>;

/// One thing the query says about the code, met by any of its ways.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Concept {
    /// The ways to meet it, most likely first.
    pub alts: Vec<Alternative>,
    /// How much meeting it counts (1 for what the coder typed).
    pub weight: f32,
    /// Every alternative counts alike (an ambiguous word: "esophageal" is
    /// the esophagus as much as the titles' "Esophageal Vein").
    pub equal: bool,
}

/// A query read as a partial PCS code.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Intent {
    /// Root operations as their titles' first word, with weights.
    pub ops: Vec<(String, f32)>,
    /// Approach characters asked for (Medical and Surgical), best first.
    pub approach: Vec<char>,
    /// Body part, device and qualifier words, and words left unexplained.
    pub concepts: Vec<Concept>,
    /// "left", "right", "bilateral".
    pub sides: Vec<&'static str>,
    /// Biopsy or "diagnostic": the diagnostic qualifier (X).
    pub diagnostic: bool,
    /// Something only a procedure query says was understood (an
    /// operation, approach, abbreviation or procedure word).
    pub procedural: bool,
    /// Query words the PCS vocabulary did not know (title words or
    /// noise).
    pub words: usize,
    /// Something beyond the titles' own words was used (an abbreviation,
    /// suffix, example, synonym, modifier or typo correction): when not,
    /// the word search already reads the query as well.
    pub derived: bool,
    /// A condition or matter word was read ("stone", "foreign body").
    pub matter: bool,
    /// A device was named by a coders' term that inserts one ("port",
    /// "pacemaker", "stent"): "removal" of it is Removal of the device.
    pub device: bool,
    /// How many of `approach` were typed as approach words (they come
    /// first).
    pub typed_approaches: usize,
}

impl Intent {
    fn add_op(&mut self, op: &str, weight: f32) {
        match self.ops.iter_mut().find(|(o, _)| o == op) {
            Some(o) => o.1 += weight,
            None => self.ops.push((op.to_owned(), weight)),
        }
        self.procedural = true;
    }

    fn add_ops(&mut self, ops: &str, weight: f32) {
        for (i, op) in ops.split('|').filter(|o| !o.is_empty()).enumerate() {
            self.add_op(op, weight * (1.0 - 0.1 * i as f32));
        }
    }

    /// An approach the coder typed in so many words ("cystoscopic",
    /// "open", "percutaneous endoscopic") goes before any a coders' term
    /// implies (a stent's usual percutaneous one).
    fn add_typed_approach(&mut self, chars: &str) {
        let typed: Vec<char> = chars.split('|').filter_map(|s| s.chars().next()).collect();
        self.approach.retain(|c| !typed.contains(c));
        let at = self.typed_approaches.min(self.approach.len());
        for (n, c) in typed.iter().enumerate() {
            self.approach.insert(at + n, *c);
        }
        self.typed_approaches = at + typed.len();
        self.procedural = true;
    }

    fn add_approach(&mut self, chars: &str) {
        for c in chars.split('|').filter_map(|s| s.chars().next()) {
            if !self.approach.contains(&c) {
                self.approach.push(c);
            }
        }
        self.procedural = true;
    }

    /// Adds `;`-separated concepts of `|`-separated alternatives.
    fn add_concepts(&mut self, spec: &str, weight: f32) {
        for concept in spec.split(';').map(str::trim).filter(|c| !c.is_empty()) {
            if let Some(side) = SIDES.iter().find(|(w, _)| *w == concept) {
                self.sides.push(side.1);
                continue;
            }
            let alts = concept
                .split('|')
                .map(|a| a.split_whitespace().map(str::to_owned).collect())
                .collect();
            self.concepts.push(Concept {
                alts,
                weight,
                equal: false,
            });
        }
    }

    fn apply(&mut self, c: &Clinical) {
        self.derived = true;
        let was_procedural = self.procedural;
        // A condition word ("abscess", "stone") votes for its operations
        // but does not by itself make the query a procedure query.
        let condition = c.ops.starts_with('~');
        self.matter |= condition;
        self.device |= c.ops.split('|').any(|o| o == "insertion");
        self.add_ops(c.ops.trim_start_matches('~'), 2.0);
        self.add_concepts(c.body, 1.0);
        for detail in c.detail.split(';').map(str::trim) {
            if detail == "diagnostic" {
                self.diagnostic = true;
            } else {
                self.add_concepts(detail, 1.0);
            }
        }
        if !c.approach.is_empty() {
            if c.ops.is_empty() && c.body.is_empty() && c.detail.is_empty() {
                // A pure approach term ("lap", "percutaneous endoscopic").
                self.add_typed_approach(c.approach);
            } else {
                self.add_approach(c.approach);
            }
        }
        self.procedural = if condition { was_procedural } else { true };
    }
}

/// Reads the folded query words as a PCS intent. `title_word` says whether
/// the loaded titles use a word: such a word is never "corrected".
pub(crate) fn understand(
    words: &[String],
    vocab: &PcsVocabulary,
    title_word: &dyn Fn(&str) -> bool,
) -> Intent {
    let mut intent = Intent {
        diagnostic: words
            .iter()
            .any(|w| matches!(w.as_str(), "biopsy" | "bx" | "diagnostic")),
        ..Intent::default()
    };
    // Misspelt procedure words are put right first, so that a corrected
    // word also joins the coders' terms of several words around it
    // ("cesarian section", "lumbar puncutre").
    let singular: Vec<String> = words.iter().map(|w| singular_procedure(w)).collect();
    let (fixed, corrected) = corrected_words(&singular, vocab, title_word);
    intent.derived |= corrected || singular != words;
    let words = fixed.as_slice();
    let incision = cavity_incision_reading(words, vocab, title_word);
    let mut i = 0;
    while i < words.len() {
        if let Some(rest_names_body) = incision
            && is_cavity_incision(&words[i])
        {
            // The incision is how the definitive procedure was reached:
            // the open approach, its cavity only when nothing else names
            // the body part.
            intent.derived = true;
            intent.add_typed_approach("0");
            if !rest_names_body {
                let (forms, _) = combining_forms(incision_stem(&words[i]).unwrap_or_default());
                for (_, body, _) in forms {
                    intent.add_concepts(body, 1.0);
                }
            }
            i += 1;
            continue;
        }
        if let Some((n, c)) = clinical_at(words, i) {
            if i > 0 && words[i - 1] == "via" && c.ops == "insertion" {
                // "via central line", "via port", "via feeding tube": an
                // access device already in place names the route (a
                // central vein, the upper GI tract), not an insertion.
                intent.derived = true;
                if c.detail.contains("feeding") {
                    intent.add_concepts("upper gi|gastrointestinal", 1.0);
                } else {
                    intent.add_concepts("central vein", 1.0);
                }
            } else {
                intent.apply(c);
            }
            i += n;
            continue;
        }
        let w = words[i].as_str();
        let concepts_before = intent.concepts.len();
        let understood = word(&mut intent, w, words, vocab)
            | suffix(&mut intent, w, words, Stem::Known)
            || adjective(&mut intent, w, title_word(w))
            || suffix(&mut intent, w, words, Stem::Unknown);
        if understood
            && intent.concepts.len() == concepts_before
            && title_word(w)
            && vocab.op_words.contains_key(w)
            && lexicon::find(w).is_none()
        {
            // A word of the definitions' examples that the titles use as
            // anatomy ("lung" of "lung volume reduction") still names it.
            intent.concepts.push(Concept {
                alts: vec![vec![w.to_owned()]],
                weight: 1.0,
                equal: false,
            });
        }
        if !understood {
            intent.words += 1;
            intent.concepts.push(Concept {
                alts: vec![vec![w.to_owned()]],
                weight: 1.0,
                equal: false,
            });
        }
        i += 1;
    }
    settle(&mut intent, words);
    intent
}

/// The query words with misspelt procedure words corrected, and whether
/// any was. A word is left as typed when the loaded titles use it, when
/// the PCS vocabulary reads it (a coders' term, a word of the definitions,
/// a suffix on combining forms that spell its whole stem, an organ
/// adjective), or when no known word is near enough (see
/// [`PcsVocabulary::correct`]).
fn corrected_words(
    words: &[String],
    vocab: &PcsVocabulary,
    title_word: &dyn Fn(&str) -> bool,
) -> (Vec<String>, bool) {
    let mut corrected = false;
    let fixed = words
        .iter()
        .map(|w| {
            if title_word(w) || lexicon::find(w).is_some() {
                return w.clone();
            }
            let mut scratch = Intent::default();
            let reads = word(&mut scratch, w, words, vocab)
                || suffix(&mut scratch, w, words, Stem::Clean)
                || adjective(&mut scratch, w, false);
            match (!reads).then(|| vocab.correct(w)).flatten() {
                Some(fix) if fix != w => {
                    corrected = true;
                    fix.to_owned()
                }
                _ => w.clone(),
            }
        })
        .collect();
    (fixed, corrected)
}

/// How much of a procedure word's stem must be known combining forms for
/// its suffix to be read.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Stem {
    /// The whole stem, forms joined directly or by the combining vowel "o"
    /// ("gastr-o-duoden"): a word spelt right.
    Clean,
    /// Some known form (letters between forms may be slips).
    Known,
    /// Anything: the stem is then met by title words it begins.
    Unknown,
}

/// What "-ectomy" gives Excision beside Resection's 1.
const ECTOMY_EXCISION: f32 = 0.75;

/// The longest clinical key starting at word `i` (up to three words).
fn clinical_at(words: &[String], i: usize) -> Option<(usize, &'static Clinical)> {
    (1..=3.min(words.len() - i)).rev().find_map(|n| {
        let key = words[i..i + n].join(" ");
        lexicon::find(&key).map(|c| (n, c))
    })
}

/// Interprets one word; false when it says nothing the PCS vocabulary
/// knows (then it is a title word or a typo).
fn word(intent: &mut Intent, w: &str, all: &[String], vocab: &PcsVocabulary) -> bool {
    if let Some(c) = lexicon::find(w) {
        intent.apply(c);
        return true;
    }
    if STOP.contains(&w) {
        return true;
    }
    if let Some((_, side)) = SIDES.iter().find(|(k, _)| *k == w) {
        intent.sides.push(*side);
        return true;
    }
    if let Some((_, chars)) = APPROACH_WORDS.iter().find(|(k, _)| *k == w) {
        intent.add_typed_approach(chars);
        intent.derived |= !LITERAL_APPROACHES.contains(&w);
        if w.ends_with("vaginal") {
            // Also the organ itself ("vaginal lesion"), weakly: an empty
            // alternative meets the concept for any other body part.
            intent.concepts.push(Concept {
                alts: vec![vec!["vagina".to_owned()], Vec::new()],
                weight: 0.25,
                equal: false,
            });
        }
        return true;
    }
    if scopic(intent, w) {
        return true;
    }
    if let Some((_, op, weight)) = MODIFIERS.iter().find(|(k, _, _)| *k == w)
        && (!PART_WORDS.contains(&w) || all.iter().any(|x| x.ends_with("ectomy")))
    {
        intent.derived = true;
        if op.is_empty() {
            intent.diagnostic = true;
        } else {
            intent.add_op(op, *weight);
        }
        return true;
    }
    if let Some(range) = support::hours(w, all) {
        intent.derived = true;
        intent.add_concepts(range, 1.0);
        return true;
    }
    if let Some((_, title)) = COUNTS.iter().find(|(k, _)| *k == w) {
        intent.derived = true;
        intent.add_concepts(title, 0.5);
        return true;
    }
    if vocab.ops.contains(w) {
        intent.add_op(w, 2.5);
        return true;
    }
    let mut known = false;
    if let Some(examples) = vocab.examples.get(w) {
        for ex in examples
            .iter()
            .filter(|e| e.words.iter().all(|x| all.contains(x)))
        {
            intent.add_op(&ex.op, 1.0);
            intent.derived = true;
            if !ex.anatomy.is_empty() {
                intent.concepts.push(Concept {
                    alts: vec![ex.anatomy.clone()],
                    weight: 0.5,
                    equal: false,
                });
            }
            known = true;
        }
    }
    if let Some(votes) = vocab.op_words.get(w) {
        let total: f32 = votes.iter().map(|(_, v)| v).sum();
        for (op, v) in votes {
            intent.add_op(op, 1.5 * v / total);
        }
        intent.derived = true;
        known = true;
    }
    if let Some(syns) = vocab.synonyms.get(w) {
        let alts: Vec<Alternative> = syns
            .iter()
            .filter(|s| s.words.iter().all(|x| all.contains(x)) && !s.target.is_empty())
            .map(|s| s.target.clone())
            .collect();
        if !alts.is_empty() {
            let mut alts = alts;
            alts.push(vec![w.to_owned()]);
            intent.derived = true;
            intent.concepts.push(Concept {
                alts,
                weight: 1.0,
                equal: false,
            });
            return true;
        }
    }
    known
}

/// An adjective of an organ ("ovarian", "endometrial", "biliary") read as
/// the organ the titles name, from the combining forms and their Latin
/// adjective stems. A word the titles use themselves ("gastric") keeps its
/// own reading first.
fn adjective(intent: &mut Intent, w: &str, title_word: bool) -> bool {
    const ENDINGS: [&str; 9] = ["ial", "ian", "eal", "ary", "al", "ic", "ar", "ine", "ous"];
    // Every ending that leaves a known stem ("endometri-al", not
    // "endometr-ial").
    let organ = ENDINGS
        .iter()
        .filter_map(|e| w.strip_suffix(e))
        .flat_map(|stem| {
            COMBINING
                .iter()
                .map(|(form, body, _)| (*form, *body))
                .chain(ADJECTIVE_FORMS.iter().copied())
                .filter(move |(form, _)| {
                    form.len() >= 3 && stem.starts_with(form) && stem.len() - form.len() <= 1
                })
        })
        .max_by_key(|(form, _)| form.len());
    let Some((_, body)) = organ else {
        return false;
    };
    let mut alts: Vec<Alternative> = body
        .split('|')
        .map(|a| a.split_whitespace().map(str::to_owned).collect())
        .collect();
    if title_word {
        alts.insert(0, vec![w.to_owned()]);
    }
    // The organ is more than the titles' word says ("esophageal" is also
    // the esophagus): the reading adds to the word search.
    intent.derived = true;
    intent.concepts.push(Concept {
        alts,
        weight: 1.0,
        equal: title_word,
    });
    true
}

/// Modifiers that name a part of an organ: they choose Excision only for a
/// removal ("distal pancreatectomy"), not for a fracture's site.
const PART_WORDS: [&str; 2] = ["distal", "proximal"];

/// Approach words the titles themselves use.
const LITERAL_APPROACHES: [&str; 4] = ["open", "percutaneous", "endoscopic", "external"];

/// A procedure word built from combining forms and a suffix
/// ("cholecystectomy", "colonoscopy"): its operations, body parts and, for
/// endoscopy, the approach its organ takes. A stem of no known combining
/// form counts only with [`Stem::Unknown`] (after typo correction failed):
/// then it is met by title words it begins.
fn suffix(intent: &mut Intent, w: &str, all: &[String], need: Stem) -> bool {
    // The first suffix whose stem is made of known combining forms
    // ("thora-centesis" is not, "thorac-entesis" is).
    let split = |s: &'static Suffix| {
        let stem = &w[..w.len() - s.suffix.len()];
        let stem = stem.strip_suffix('o').unwrap_or(stem);
        let (forms, clean) = combining_forms(stem);
        (s, stem, forms, clean)
    };
    let mut found = SUFFIXES.iter().filter(|s| w.ends_with(s.suffix)).map(split);
    let Some((s, stem, forms, _)) = (match need {
        Stem::Unknown => found.next(),
        Stem::Known => found.find(|(_, _, forms, _)| !forms.is_empty()),
        Stem::Clean => found.find(|(_, _, forms, clean)| !forms.is_empty() && *clean),
    }) else {
        return false;
    };
    intent.derived = true;
    if s.suffix.ends_with("entesis") {
        intent.add_approach("3");
    }
    let tube = all.iter().any(|x| x == "tube" || x == "catheter");
    if s.suffix == "ostomy" && tube {
        intent.add_ops("insertion|drainage", 2.0);
    }
    if s.suffix == "ectomy" {
        // Cutting out a named organ or segment is Resection (all of the
        // body part); Excision (a portion) needs a word saying so
        // ("partial", "wedge"), which MODIFIERS adds.
        intent.add_op("resection", 1.0);
        intent.add_op("excision", ECTOMY_EXCISION);
    } else {
        intent.add_ops(s.ops, 1.0);
    }
    if s.suffix == "ostomy" && !tube {
        // A stoma opens the organ to the skin: Bypass ... to Cutaneous.
        intent.concepts.push(Concept {
            alts: vec![vec!["cutaneous".to_owned()]],
            weight: 0.5,
            equal: false,
        });
    }
    if s.suffix == "scopy" {
        let opening = forms.iter().filter_map(|f| f.2).next_back();
        match opening {
            Some(true) => intent.add_approach("8"),
            Some(false) => intent.add_approach("4"),
            None => intent.add_approach("8|4"),
        }
    }
    for (_, body, _) in &forms {
        intent.add_concepts(body, 1.0);
    }
    if forms.is_empty() && stem.len() >= 4 {
        intent.concepts.push(Concept {
            alts: vec![vec![format!("{stem}*")]],
            weight: 1.0,
            equal: false,
        });
    }
    true
}

/// A combining form, the body part words it names, and whether its
/// endoscopy goes through a natural opening (see `COMBINING`).
type Form = (&'static str, &'static str, Option<bool>);

/// The combining forms found in a stem, left to right, longest first at
/// each place ("pancreaticoduoden" is one form; "salpingooophor" two),
/// and whether they spell the whole stem (joined directly or by the
/// combining vowel "o"; "cole-cyst" does not: its "e" is a slip).
fn combining_forms(stem: &str) -> (Vec<&'static Form>, bool) {
    let mut out: Vec<&'static Form> = Vec::new();
    let mut clean = true;
    let mut at = 0;
    while at < stem.len() {
        let rest = &stem[at..];
        let found = COMBINING
            .iter()
            .filter(|(form, _, _)| rest.starts_with(form))
            .max_by_key(|(form, _, _)| form.len());
        match found {
            Some(f) => {
                out.push(f);
                at += f.0.len();
            }
            None => {
                let joining = rest.starts_with('o') && !out.is_empty() && at > 0;
                clean &= joining && stem.as_bytes()[at - 1] != b'o';
                at += rest.chars().next().map_or(1, char::len_utf8);
            }
        }
    }
    (out, clean)
}

#[cfg(test)]
mod tests {
    use super::super::vocabulary::vocabulary;
    use super::*;

    fn read(q: &str) -> Intent {
        let ws: Vec<String> = q.split_whitespace().map(str::to_owned).collect();
        understand(&ws, vocabulary(), &|w| w == "breast")
    }

    fn best_op(i: &Intent) -> &str {
        i.ops
            .iter()
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or("", |o| o.0.as_str())
    }

    #[test]
    fn endoscopy_approach_follows_the_organ() {
        assert_eq!(read("colonoscopy").approach, ['8']);
        assert_eq!(read("cystoscopy").approach, ['8']);
        assert_eq!(read("bronchoscopy").approach, ['8']);
        assert_eq!(read("lap appendectomy").approach, ['4']);
        assert_eq!(read("arthroscopy").approach, ['4']);
    }

    #[test]
    fn suffixes_and_modifiers_choose_the_operation() {
        assert_eq!(best_op(&read("partial nephrectomy")), "excision");
        assert_eq!(best_op(&read("total nephrectomy")), "resection");
        assert_eq!(best_op(&read("appendectomy")), "resection");
        assert_eq!(best_op(&read("thoracentesis")), "drainage");
        assert_eq!(best_op(&read("colostomy")), "bypass");
        let chole = read("cholecystectomy");
        assert!(
            chole
                .concepts
                .iter()
                .any(|c| c.alts.contains(&vec!["gallbladder".to_owned()]))
        );
    }

    #[test]
    fn abbreviations_give_axis_values_and_typos_are_corrected() {
        let tee = read("tee");
        assert_eq!(best_op(&tee), "ultrasonography");
        assert!(tee.procedural);
        assert_eq!(best_op(&read("hystrectomy")), "resection");
        assert!(read("liver biopsy").diagnostic);
        assert!(!read("fever cough").procedural);
        let lavh = read("lavh");
        assert_eq!(
            (best_op(&lavh), lavh.approach.as_slice()),
            ("resection", &['F'][..])
        );
        assert!(read("bal").diagnostic);
    }

    #[test]
    fn coders_conventions_settle_the_operation() {
        let ops = |q: &str| -> Vec<String> { read(q).ops.into_iter().map(|o| o.0).collect() };
        assert!(!ops("arthroscopy with meniscectomy").contains(&"inspection".to_owned()));
        assert!(ops("arthroscopy").contains(&"inspection".to_owned()));
        assert_eq!(best_op(&read("trach tube exchange")), "change");
        assert_eq!(best_op(&read("removal of stone")), "extirpation");
        assert_eq!(best_op(&read("sigmoidectomy")), "resection");
        assert_eq!(best_op(&read("partial sigmoidectomy")), "excision");
        assert_eq!(best_op(&read("ovarian cystectomy")), "excision");
        assert_eq!(best_op(&read("cystectomy")), "resection");
        assert!(
            read("endometrial ablation")
                .concepts
                .iter()
                .any(|c| c.alts.contains(&vec!["endometrium".to_owned()]))
        );
    }

    fn has_concept(i: &Intent, words: &[&str]) -> bool {
        i.concepts.iter().any(|c| {
            c.alts
                .iter()
                .any(|a| a.iter().map(String::as_str).eq(words.iter().copied()))
        })
    }

    #[test]
    fn misspelt_procedure_words_are_corrected_before_reading() {
        // A slip inside a compound word is corrected, not read as two
        // organs ("col-e-cyst": colon and bladder).
        let chole = read("colecystectomy");
        assert!(has_concept(&chole, &["gallbladder"]), "{chole:?}");
        assert!(!has_concept(&chole, &["bladder"]), "{chole:?}");
        // A corrected word joins a coders' term of several words.
        let lp = read("lumbar puncutre");
        assert_eq!(best_op(&lp), "drainage");
        assert!(has_concept(&lp, &["spinal", "canal"]));
        assert_eq!(lp.words, 0);
        let cs = read("cesarian section");
        assert_eq!((best_op(&cs), cs.words), ("extraction", 0));
        assert_eq!(best_op(&read("hysterctomy")), "resection");
        assert_eq!(best_op(&read("trachestomy")), "bypass");
        // Words spelt right are never "corrected".
        assert!(has_concept(&read("salpingooophorectomy"), &["ovary"]));
    }

    #[test]
    fn obstetric_and_route_words_read_as_their_axes() {
        // An instrument or incision makes a delivery Extraction.
        for q in [
            "forceps delivery",
            "vacuum assisted delivery",
            "cesarean delivery",
        ] {
            let i = read(q);
            assert_eq!(best_op(&i), "extraction", "{q}");
            assert!(!i.ops.iter().any(|o| o.0 == "delivery"), "{q}");
        }
        // "via port": the route (a central vein), not an insertion.
        let chemo = read("chemotherapy via port");
        assert!(!chemo.ops.iter().any(|o| o.0 == "insertion"));
        assert!(has_concept(&chemo, &["central", "vein"]));
        assert_eq!(best_op(&read("nonexcisional debridement")), "extraction");
        let evar = read("endovascular aneurysm repair");
        assert_eq!(best_op(&evar), "restriction");
        let crpp = read("crpp hip");
        assert!(
            crpp.concepts
                .iter()
                .any(|c| c.alts[0] == ["upper", "femur"])
        );
        assert!(has_concept(
            &read("ventilation 5 days"),
            &["greater", "than", "96"]
        ));
    }

    #[test]
    fn a_cavity_incision_with_a_procedure_is_its_open_approach() {
        let crani = read("craniotomy for evacuation of subdural hematoma");
        assert_eq!(best_op(&crani), "extirpation");
        assert_eq!(crani.approach.first(), Some(&'0'));
        assert!(!has_concept(&crani, &["skull"]), "{crani:?}");
        let thor = read("thoracotomy with lobectomy");
        assert_eq!(best_op(&thor), "resection");
        assert_eq!(thor.approach.first(), Some(&'0'));
        // Alone, the incision is still read as a procedure of its own.
        let alone = read("craniotomy");
        assert!(has_concept(&alone, &["skull"]));
        assert!(alone.ops.iter().any(|o| o.0 == "drainage"));
    }

    #[test]
    fn typed_approach_words_come_before_a_terms_usual_approach() {
        let stent = read("removal of ureteral stent cystoscopic");
        assert_eq!(stent.approach.first(), Some(&'8'), "{stent:?}");
        assert_eq!(best_op(&stent), "removal");
        assert_eq!(read("ureteroscopic").approach, ['8']);
        assert_eq!(
            read("excision lung percutaneous endoscopic").approach,
            ['4']
        );
    }

    #[test]
    fn plural_procedure_words_read_as_their_singular() {
        let m = read("bilateral mastectomies");
        assert!(has_concept(&m, &["breast"]), "{m:?}");
        assert_eq!(best_op(&m), "resection");
        assert_eq!(singular_procedure("arthroplasties"), "arthroplasty");
        assert_eq!(singular_procedure("arteries"), "arteries");
    }

    #[test]
    fn device_words_settle_removal_supplement_and_insertion() {
        assert_eq!(best_op(&read("port removal")), "removal");
        assert_eq!(best_op(&read("tonsils removed")), "resection");
        assert_eq!(best_op(&read("stone removed")), "extirpation");
        assert_eq!(
            best_op(&read("inguinal hernia repair with mesh")),
            "supplement"
        );
        let without = read("ventral hernia repair without mesh");
        assert_eq!(best_op(&without), "repair");
        assert!(!without.ops.iter().any(|o| o.0 == "supplement"));
        assert_eq!(best_op(&read("acl reconstruction")), "supplement");
        let generator = read("pacemaker generator change");
        assert_eq!(best_op(&generator), "insertion");
        assert!(generator.ops.iter().any(|o| o.0 == "removal"));
        assert_eq!(best_op(&read("trach tube change")), "change");
        assert!(has_concept(
            &read("two drug eluting stents two coronary arteries"),
            &["devices"]
        ));
        assert!(!has_concept(
            &read("drug eluting stent coronary"),
            &["devices"]
        ));
        let cysto = read("cysto with stent");
        assert_eq!(
            cysto
                .concepts
                .iter()
                .find(|c| c.alts.contains(&vec!["bladder".to_owned()]))
                .map(|c| c.alts[0].clone()),
            Some(vec!["ureter".to_owned()])
        );
    }

    #[test]
    fn partial_words_beat_a_typed_resection() {
        assert_eq!(best_op(&read("wedge resection lung")), "excision");
        assert_eq!(best_op(&read("partial resection colon")), "excision");
        assert_eq!(best_op(&read("resection colon")), "resection");
    }

    #[test]
    fn coders_terms_of_the_spine_and_the_pelvis() {
        let lam = read("decompressive lumbar laminectomy");
        assert_eq!(best_op(&lam), "release");
        assert!(has_concept(&lam, &["spinal", "cord"]));
        assert_eq!(best_op(&read("lumbar lamenectomy")), "release");
        assert_eq!(best_op(&read("lumbar discectomy")), "excision");
        let dc = read("d and c");
        assert_eq!(
            (best_op(&dc), dc.approach.first()),
            ("extraction", Some(&'7'))
        );
        assert_eq!(best_op(&read("episiotomy")), "division");
    }

    #[test]
    fn organ_adjectives_name_the_organ_and_conditions_need_a_procedure() {
        let ovarian = read("ovarian cystectomy");
        assert!(
            ovarian
                .concepts
                .iter()
                .any(|c| c.alts.contains(&vec!["ovary".to_owned()]))
        );
        assert!(!read("kidney stone").procedural);
        assert!(read("kidney stone removal").procedural);
    }
}
