//! How patients say a symptom with the grammar around it, not with its
//! name: "can't" and a verb ("can't swallow", "can't stay asleep"), a body
//! part and what it does ("heart pounding", "feet falling asleep", "knee
//! keeps giving out", "hair falling out"), and words that say how often
//! ("keep passing out", "peeing all the time", "itching all over").
//!
//! The lay lexicon (`codesets/lay_terms.tsv`) lists whole phrases ("cant
//! pee", "heart racing"); a patient puts a word between them ("can't
//! *ever* pee", "heart *is* pounding") or picks another verb, and the
//! phrase is lost. Here the two words are read as one condition wherever
//! they stand a few terms apart, so any site, side or other word composes
//! with them:
//!
//! - "can't"/"unable" and a verb ([`CANT`]): the condition that inability
//!   is (sleep → insomnia, remember → amnesia, swallow → dysphagia,
//!   aphagia, walk → "difficulty in walking");
//! - a body part and a lay verb of what it does ([`DOINGS`]): heart +
//!   pounding → palpitations, hand + asleep → paresthesia, knee + giving
//!   (out) → instability, hair + falling (out) → loss, alopecia;
//! - a word of how often ([`AGAIN`], [`LASTING`], "all the time"), being
//!   about how often and not what, costs little where a title lacks it
//!   ("Syncope and collapse" for "keep passing out"); "keep" is met by the
//!   titles' "repeated", "recurrent", "all the time" by "frequency", "all
//!   over" by "generalized".
//!
//! Each way is added below the typed words' own, as `lay_compose.rs`'s; a
//! word the index's vocabulary lacks is never produced.

use super::lay_compose::plain_word;
use super::resolve::Resolved;
use crate::search::index::Index;

/// Two typed words met by the one condition they name: as a phrase.
const Q_FORM: f32 = 0.9;
/// A word of how often met by the titles' word for it.
const Q_HABIT: f32 = 0.7;
/// What a word of how often costs when a title lacks it: about how often,
/// not what, it orders equal titles and decides nothing else.
const HABIT_WEIGHT: f32 = 0.3;
/// How far apart (in terms) the two words of a form may be typed: "can't
/// ever stay asleep", "left knee keeps giving out".
const WINDOW: usize = 3;

/// Words saying a patient cannot do something.
const CANT_WORDS: [&str; 4] = ["cant", "cannot", "unable", "couldnt"];

/// A verb after a "can't" word → the words of titles for that inability.
const CANT: [(&[&str], &[&str]); 14] = [
    (&["sleep", "asleep"], &["insomnia"]),
    (&["remember"], &["amnesia", "memory"]),
    (&["swallow"], &["dysphagia", "aphagia"]),
    (&["hear"], &["deafness", "hearing"]),
    (&["see"], &["blindness", "vision", "visual"]),
    (&["breathe", "breath"], &["dyspnea", "breath"]),
    (&["walk"], &["walking", "gait"]),
    (&["talk", "speak"], &["aphasia", "speech"]),
    (&["focus", "concentrate"], &["concentration", "attention"]),
    (&["smell"], &["anosmia", "smell"]),
    (&["taste"], &["ageusia", "taste"]),
    (&["sit", "relax"], &["restlessness"]),
    // "can't poop", "hard to poop": the bowel that will not move.
    (&["poop", "poo"], &["constipation"]),
    (&["pee", "urinate", "empty"], &["retention", "emptying"]),
];

/// A body part, a lay verb of what it does (either typed first), the
/// words of titles for the whole condition (met by both typed words:
/// "Palpitations" says the heart), and the words that name only what the
/// part does (met by the verb alone: a title that says "weakness" or
/// "loss" must still name the part, or "Weakness" would answer "face
/// droops" and "Hearing loss" "hair falling out").
type Doing = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);
const DOINGS: [Doing; 9] = [
    (
        &["heart", "heartbeat"],
        &[
            "pounding",
            "pounds",
            "racing",
            "races",
            "fluttering",
            "flutters",
            "skipping",
            "skips",
            "jumping",
        ],
        &["palpitations"],
        &[],
    ),
    (
        &[
            "hand", "foot", "feet", "arm", "leg", "finger", "toe", "face", "lip",
        ],
        &["asleep"],
        // Only the skin's titles say these, and they name no part.
        &["paresthesia", "numbness"],
        &[],
    ),
    (
        &["knee", "ankle", "hip"],
        &["giving", "gives", "gave", "buckling", "buckles"],
        &[],
        &["instability"],
    ),
    (
        &["hair"],
        &["falling", "thinning", "coming"],
        &["alopecia"],
        &["loss"],
    ),
    (
        &["face", "mouth", "eyelid", "lid"],
        &["droops", "drooping", "droopy", "sagging"],
        &[],
        &["droop", "weakness", "ptosis"],
    ),
    // A part and the state a patient sees in it: "my skin is yellow",
    // "eye is pink", "wets the bed", "i see double".
    (
        &["skin", "eye"],
        &["yellow", "yellowish"],
        &["jaundice"],
        &[],
    ),
    (&["eye"], &["pink"], &["conjunctivitis"], &[]),
    (
        &["bed"],
        &["wets", "wetting", "wet", "wetter"],
        &["enuresis"],
        &[],
    ),
    (&["see", "seeing"], &["double"], &["diplopia"], &[]),
];

/// Words saying a thing happens again and again, and the titles' words
/// for it ("keep falling" → "Repeated falls").
const AGAIN: [&str; 4] = ["keep", "keeps", "kept", "repeatedly"];
const AGAIN_TITLE_WORDS: [&str; 2] = ["repeated", "recurrent"];
/// Words saying a thing lasts: light only. Met by "recurrent" or
/// "chronic" they brought "Recurrent depressive disorder" for "feeling
/// down all the time" and any recurrent title for "mouth always dry".
/// "a lot" says how much, as "often" says how often ("passing a lot of
/// gas", "peeing a lot at night").
const LASTING: [&str; 5] = ["always", "constantly", "often", "lot", "lots"];
/// The word after "all" ("all the time", "all night", "all over") and the
/// title words it means: "peeing all the time" is "Frequency of
/// micturition", "sweating all over" "Generalized hyperhidrosis".
const ALL: [(&str, &[&str]); 5] = [
    ("time", &["frequency"]),
    ("hour", &["frequency"]),
    ("day", &["frequency"]),
    ("night", &["nocturnal", "night"]),
    ("over", &["generalized"]),
];

/// `word` read as its singular where it is a plain plural.
fn singular(word: &str) -> &str {
    match word {
        "feet" => "foot",
        _ => match word.strip_suffix('s') {
            Some(stem) if !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) => stem,
            _ => word,
        },
    }
}

/// The words of titles for what a patient cannot do (a verb of
/// [`CANT`]): shared with `lay_states.rs`'s words of difficulty.
pub(super) fn cant_kin(verb: &str) -> Option<&'static [&'static str]> {
    CANT.iter()
        .find(|(verbs, _)| verbs.contains(&verb))
        .map(|(_, words)| *words)
}

/// Words "can't" means whatever follows it, met by the "can't" word
/// alone: "can't keep an erection" is "Male erectile dysfunction".
const CANT_ALONE: [&str; 5] = ["inability", "difficulty", "dysfunction", "loss", "impaired"];

/// How two typed words read as one condition: the title words both meet
/// and those only the second (the verb) meets.
#[derive(Debug, PartialEq)]
pub(super) struct Form {
    pub(super) whole: &'static [&'static str],
    pub(super) verb: &'static [&'static str],
    /// Whether the verb was typed first ("pounding heart").
    pub(super) verb_first: bool,
}

/// The condition two typed words name together: a "can't" word then a
/// verb ([`CANT`]), or a part and a verb of [`DOINGS`] in either order.
pub(super) fn form_kin(first: &str, second: &str) -> Option<Form> {
    if CANT_WORDS.contains(&first) {
        return CANT
            .iter()
            .find(|(verbs, _)| verbs.contains(&second))
            .map(|(_, words)| Form {
                whole: words,
                verb: &[],
                verb_first: false,
            });
    }
    let is_part = |w: &str, parts: &[&str]| parts.contains(&w) || parts.contains(&singular(w));
    DOINGS.iter().find_map(|(parts, verbs, whole, verb)| {
        let form = |verb_first| Form {
            whole,
            verb,
            verb_first,
        };
        if is_part(first, parts) && verbs.contains(&second) {
            Some(form(false))
        } else if is_part(second, parts) && verbs.contains(&first) {
            Some(form(true))
        } else {
            None
        }
    })
}

impl Index {
    /// Adds the readings of the module doc: two words of a form met by
    /// the condition they name, a "can't" word by what it means alone,
    /// and words of how often made light. `resolved` is in query order.
    pub(super) fn join_lay_forms(&self, resolved: &mut [Resolved<'_>]) {
        let cant = self.any_of(CANT_ALONE);
        for i in 0..resolved.len() {
            let Some(first) = plain_word(resolved[i].term) else {
                continue;
            };
            if let Some(set) = cant.clone().filter(|_| CANT_WORDS.contains(&first)) {
                self.add_way(&mut resolved[i], vec![set], Q_HABIT);
            }
            for j in i + 1..resolved.len().min(i + 1 + WINDOW) {
                let Some(second) = plain_word(resolved[j].term) else {
                    continue;
                };
                let Some(form) = form_kin(first, second) else {
                    continue;
                };
                if let Some(set) = self.any_of(form.whole.iter().copied()) {
                    self.add_way(&mut resolved[i], vec![set.clone()], Q_FORM);
                    self.add_way(&mut resolved[j], vec![set], Q_FORM);
                }
                let verb = if form.verb_first { i } else { j };
                if let Some(set) = self.any_of(form.verb.iter().copied()) {
                    self.add_way(&mut resolved[verb], vec![set], Q_FORM);
                }
                break;
            }
        }
        self.join_habits(resolved);
    }

    /// Words of how often ([`AGAIN`], [`LASTING`], "all the time", "all
    /// over"): light, and met by the titles' words for them.
    fn join_habits(&self, resolved: &mut [Resolved<'_>]) {
        let again = self.any_of(AGAIN_TITLE_WORDS);
        for i in 0..resolved.len() {
            let Some(word) = plain_word(resolved[i].term) else {
                continue;
            };
            if AGAIN.contains(&word) || LASTING.contains(&word) {
                if let Some(set) = again.clone().filter(|_| AGAIN.contains(&word)) {
                    self.add_way(&mut resolved[i], vec![set], Q_HABIT);
                }
                resolved[i].weight = resolved[i].weight.min(HABIT_WEIGHT);
                continue;
            }
            // "every" says it as "all" does: "peeing every hour".
            if word != "all" && word != "every" {
                continue;
            }
            // "all", an optional "the", then the word that says how.
            let next = (i + 1..resolved.len().min(i + 3))
                .find(|&k| !resolved[k].term.connector)
                .filter(|&k| k == i + 1 || resolved[i + 1].term.connector);
            let Some(k) = next else { continue };
            let Some((_, words)) = plain_word(resolved[k].term)
                .and_then(|w| ALL.iter().find(|(after, _)| *after == w))
            else {
                continue;
            };
            if let Some(set) = self.any_of(words.iter().copied()) {
                self.add_way(&mut resolved[i], vec![set.clone()], Q_HABIT);
                self.add_way(&mut resolved[k], vec![set], Q_HABIT);
            }
            for r in [i, k] {
                resolved[r].weight = resolved[r].weight.min(HABIT_WEIGHT);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::form_kin;
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    fn index() -> Index {
        let code = IndexableCode::billable;
        Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("G47.00", "Insomnia, unspecified"),
                code("G47.30", "Sleep apnea, unspecified"),
                code("R13.10", "Dysphagia, unspecified"),
                code("R00.2", "Palpitations"),
                code("I51.9", "Heart disease, unspecified"),
                code("R20.2", "Paresthesia of skin"),
                code("M79.672", "Pain in left foot"),
                code("M23.52", "Chronic instability of knee, left knee"),
                code("M25.562", "Pain in left knee"),
                code("R29.6", "Repeated falls"),
                code("W19.XXXA", "Unspecified fall, initial encounter"),
                code("R35.0", "Frequency of micturition"),
                code(
                    "R39.9",
                    "Unspecified symptoms and signs involving the genitourinary system",
                ),
                code("L29.9", "Pruritus, unspecified"),
                code("L65.9", "Nonscarring hair loss, unspecified"),
                code(
                    "L67.9",
                    "Hair color and hair shaft abnormality, unspecified",
                ),
                code("H91.90", "Unspecified hearing loss, unspecified ear"),
                code("R53.1", "Weakness"),
                code("R29.810", "Facial weakness"),
                code("N52.9", "Male erectile dysfunction, unspecified"),
                code("N48.30", "Priapism, unspecified"),
            ],
        )
    }

    #[test]
    fn forms_read_as_conditions() {
        let swallow = form_kin("cant", "swallow").unwrap();
        assert_eq!(swallow.whole, ["dysphagia", "aphagia"]);
        assert_eq!(form_kin("swallow", "cant"), None, "in the typed order only");
        let heart = form_kin("pounding", "heart").unwrap();
        assert!(heart.verb_first);
        assert_eq!(heart.whole, form_kin("heart", "pounding").unwrap().whole);
        let droops = form_kin("face", "droops").unwrap();
        assert!(droops.whole.is_empty(), "the part stays a word to meet");
        assert_eq!(droops.verb, ["droop", "weakness", "ptosis"]);
        assert_eq!(form_kin("heart", "asleep"), None);
        assert_eq!(form_kin("eyes", "pink").unwrap().whole, ["conjunctivitis"]);
        assert!(form_kin("wets", "bed").unwrap().verb_first);
        assert_eq!(form_kin("pink", "skin"), None);
    }

    #[test]
    fn a_form_composes_with_words_between() {
        let index = index();
        assert_eq!(index.first_code("cant stay asleep"), "G47.00");
        assert_eq!(index.first_code("cant swallow"), "R13.10");
        assert_eq!(index.first_code("heart is pounding"), "R00.2");
        assert_eq!(index.first_code("my left foot falls asleep"), "R20.2");
        assert_eq!(index.first_code("left knee keeps giving out"), "M23.52");
        assert_eq!(index.first_code("hair falling out"), "L65.9");
        assert_eq!(index.first_code("facial droops"), "R29.810");
        // A "can't" word alone ("erection" is the real index's Index
        // term of N52.9; this small one has titles only).
        assert_eq!(index.first_code("cant keep erectile"), "N52.9");
    }

    #[test]
    fn words_of_how_often_are_light() {
        let index = index();
        assert_eq!(index.first_code("keep falling"), "R29.6");
        assert_eq!(index.first_code("micturition all the time"), "R35.0");
    }
}
