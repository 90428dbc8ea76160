//! How a patient or a registration clerk says what a thing *is doing*
//! rather than what it is called, with the plain words between: "blood
//! pressure is low", "sugar was over 300", "passing a lot of gas",
//! "black tarry poop", "can't keep food down", "lightheaded when i stand
//! up", "trouble falling asleep", "knee hurts going up stairs", "fever
//! for three days".
//!
//! `lay_forms.rs` reads a body part and its verb a few *terms* apart;
//! patients put articles and prepositions between ("passing *a lot of*
//! gas", "peeing *a lot at* night"), so here the window counts content
//! words only. Three readings:
//!
//! - a subject and the state a patient names it in ([`STATES`]): the
//!   whole condition is met by both typed words ("pressure" + "low" →
//!   hypotension, "sugar" + "over" → hyperglycemia, "gas" + "passing" →
//!   flatulence), or only the state word is met by what it adds to a
//!   condition the subject already names ("sunburn" + "blisters" →
//!   second degree, "leaking" + "cough" → stress incontinence);
//! - a word of difficulty ([`TROUBLE`]: "trouble", "hard", "difficulty")
//!   read as "can't" is, with `lay_forms.rs`'s verbs ("trouble
//!   swallowing"), and the helper verbs between ("falling", "staying")
//!   light: "trouble falling asleep" is insomnia, no fall;
//! - the circumstance a patient adds to a complaint about a body site
//!   ([`CLAUSE_OPENERS`]: "shoulder hurts when i lift my arm") and how
//!   long ("for three days", "2 weeks ago") are light: they order titles
//!   that say them and decide nothing else. "Pain in shoulder" then comes
//!   before "Complex regional pain syndrome I of upper limb". Without a
//!   site before it the clause stays whole: "hurt while dancing" and
//!   "solitary kidney after nephrectomy" are coded by it (the activity,
//!   the acquired absence). A lexicon phrase ("burning when i pee") is one
//!   term and keeps its weight.
//!
//! Each reading is added below the typed words' own; a word the index's
//! vocabulary lacks is never produced.

use super::lay_compose::{is_site, plain_word};
use super::lay_forms::cant_kin;
use super::resolve::Resolved;
use crate::search::index::Index;
use crate::search::query::Term;

/// Two typed words met by the one condition they name: as a phrase.
const Q_STATE: f32 = 0.9;
/// What a light word costs when a title lacks it: about when or how long,
/// not what.
const LIGHT_WEIGHT: f32 = 0.3;
/// How far apart (in content words) a subject and its state may be typed:
/// "leaking pee when i cough".
const WINDOW: usize = 4;

/// A subject, the states a patient names it in (either typed first), the
/// words of titles for the whole condition (met by both typed words) and
/// the words only the state word is met by (what it adds to a condition
/// the subject already names: a title must still say the subject).
type State = (
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);
const STATES: [State; 11] = [
    (
        &["pressure", "bp"],
        &["low", "dropped", "dropping", "drops"],
        &["hypotension"],
        &[],
    ),
    (
        &["pressure", "bp"],
        &["high", "up", "elevated", "over", "through"],
        &["hypertension"],
        &[],
    ),
    (
        &["sugar", "sugars", "glucose"],
        &["high", "up", "elevated", "over", "running"],
        &["hyperglycemia"],
        &[],
    ),
    (
        &["sugar", "sugars", "glucose"],
        &["low", "dropped", "dropping", "drops", "crashed"],
        &["hypoglycemia"],
        &[],
    ),
    (
        &["gas", "wind"],
        &["passing", "pass", "passes", "farting"],
        &["flatulence"],
        &[],
    ),
    (
        &["poop", "poo", "stool", "stools", "bowel"],
        &["black", "tarry", "tar"],
        &["melena"],
        &[],
    ),
    // "can't keep food down": what does not stay down is vomited.
    (
        &["food", "anything", "fluids", "liquids", "water", "nothing"],
        &["down"],
        &["vomiting"],
        &[],
    ),
    // Faint on rising is the hypotension of posture.
    (
        &["lightheaded", "dizzy", "faint", "woozy"],
        &["stand", "standing", "stood", "stands", "rising"],
        &["orthostatic"],
        &[],
    ),
    (
        &["pee", "peeing", "urinate", "urinating", "urination"],
        &["night", "nights", "nighttime", "overnight"],
        &["nocturia"],
        &[],
    ),
    // A burn that blisters is of the second degree.
    (
        &[
            "sunburn",
            "sunburned",
            "sunburnt",
            "burn",
            "burned",
            "burnt",
            "scald",
            "scalded",
        ],
        &["blister", "blisters", "blistered", "blistering"],
        &[],
        &["second"],
    ),
    // Urine leaking on a cough is stress incontinence.
    (
        &["leaking", "leak", "leaks", "leakage", "wetting"],
        &[
            "cough", "coughing", "sneeze", "sneezing", "laugh", "laughing",
        ],
        &["stress"],
        &[],
    ),
];

/// Words of difficulty read as "can't" is: with its verbs.
const TROUBLE: [&str; 5] = ["trouble", "hard", "difficulty", "struggle", "struggling"];
/// Helper verbs between a word of difficulty (or "can't") and its verb:
/// "trouble *falling* asleep", "can't *stay* asleep".
const HELPERS: [&str; 6] = ["falling", "fall", "staying", "stay", "getting", "going"];
/// "can't stop" says the thing goes on, not that something cannot be
/// done: both words light ("can't stop throwing up").
const STOP: [&str; 3] = ["stop", "stopping", "quit"];
const CANT: [&str; 4] = ["cant", "cannot", "unable", "couldnt"];

/// Words that open a clause of circumstance: what follows is light.
const CLAUSE_OPENERS: [&str; 6] = ["when", "whenever", "while", "going", "during", "after"];
/// Sites a complaint names that `lay_compose.rs` and `limb.rs` leave to
/// titles' own words (joints of their own, the trunk, the head's organs).
pub(super) const CLAUSE_SITES: [&str; 16] = [
    "shoulder",
    "shoulders",
    "hip",
    "hips",
    "back",
    "neck",
    "chest",
    "head",
    "stomach",
    "belly",
    "throat",
    "ear",
    "ears",
    "eye",
    "eyes",
    "jaw",
];
/// Units of how long ("for three days", "2 weeks ago").
pub(super) const UNITS: [&str; 10] = [
    "hour", "hours", "day", "days", "week", "weeks", "month", "months", "year", "years",
];
const NUMBER_WORDS: [&str; 11] = [
    "a", "one", "two", "three", "four", "five", "six", "seven", "few", "several", "couple",
];

/// The subject and state of [`STATES`] two typed words are, in either
/// order: (the whole condition's words, the state word's own, whether the
/// state was typed first).
pub(super) fn state_kin(
    first: &str,
    second: &str,
) -> Option<(&'static [&'static str], &'static [&'static str], bool)> {
    STATES.iter().find_map(|(subjects, states, whole, own)| {
        if subjects.contains(&first) && states.contains(&second) {
            Some((*whole, *own, false))
        } else if subjects.contains(&second) && states.contains(&first) {
            Some((*whole, *own, true))
        } else {
            None
        }
    })
}

/// The words of a term that can name a subject or a state: a plain word,
/// or each word of a lexicon phrase ("peeing a lot" at night: the phrase
/// is met by nocturia as its word "peeing" is).
fn state_words(term: &Term) -> &[String] {
    if term.connector || term.negated || term.code.is_some() {
        return &[];
    }
    &term.words
}

/// The reading of [`state_kin`] for any word of each of two terms.
fn terms_state(
    first: &Term,
    second: &Term,
) -> Option<(&'static [&'static str], &'static [&'static str], bool)> {
    state_words(first)
        .iter()
        .find_map(|a| state_words(second).iter().find_map(|b| state_kin(a, b)))
}

/// Whether the term at `k` is a number or a unit of how long.
fn is_duration_word(word: &str) -> bool {
    UNITS.contains(&word) || NUMBER_WORDS.contains(&word) || word.parse::<f64>().is_ok()
}

impl Index {
    /// Adds the readings of the module doc. `resolved` is in query order.
    pub(super) fn join_lay_states(&self, resolved: &mut [Resolved<'_>]) {
        let content: Vec<usize> = (0..resolved.len())
            .filter(|&i| !resolved[i].term.connector)
            .collect();
        for (n, &i) in content.iter().enumerate() {
            for &j in content.iter().skip(n + 1).take(WINDOW) {
                let Some((whole, own, state_first)) =
                    terms_state(resolved[i].term, resolved[j].term)
                else {
                    continue;
                };
                if let Some(set) = self.any_of(whole.iter().copied()) {
                    self.add_way(&mut resolved[i], vec![set.clone()], Q_STATE);
                    self.add_way(&mut resolved[j], vec![set], Q_STATE);
                }
                let state = if state_first { i } else { j };
                if let Some(set) = self.any_of(own.iter().copied()) {
                    self.add_way(&mut resolved[state], vec![set], Q_STATE);
                }
                break;
            }
        }
        self.join_trouble(resolved, &content);
        lighten_circumstances(resolved);
    }

    /// A word of difficulty or "can't", helper verbs, then a verb of
    /// `lay_forms.rs`'s: the word of difficulty met by the condition, the
    /// helpers light; "can't stop" light.
    fn join_trouble(&self, resolved: &mut [Resolved<'_>], content: &[usize]) {
        for (n, &i) in content.iter().enumerate() {
            let Some(first) = plain_word(resolved[i].term) else {
                continue;
            };
            let trouble = TROUBLE.contains(&first);
            if !trouble && !CANT.contains(&first) {
                continue;
            }
            let mut helpers = Vec::new();
            for &j in content.iter().skip(n + 1).take(WINDOW) {
                let Some(second) = plain_word(resolved[j].term) else {
                    break;
                };
                if CANT.contains(&first) && STOP.contains(&second) {
                    for k in [i, j] {
                        resolved[k].weight = resolved[k].weight.min(LIGHT_WEIGHT);
                    }
                    break;
                }
                if HELPERS.contains(&second) {
                    helpers.push(j);
                    continue;
                }
                let Some(words) = cant_kin(second) else { break };
                if let Some(set) = self.any_of(words.iter().copied()).filter(|_| trouble) {
                    self.add_way(&mut resolved[i], vec![set.clone()], Q_STATE);
                    self.add_way(&mut resolved[j], vec![set], Q_STATE);
                }
                for &h in &helpers {
                    resolved[h].weight = resolved[h].weight.min(LIGHT_WEIGHT);
                }
                break;
            }
        }
    }
}

/// Makes light the words of a clause of circumstance (from an opener to
/// the query's end) and of a duration ("for" + a number + a unit, or a
/// number + a unit + "ago"). A query that is only such words keeps them.
fn lighten_circumstances(resolved: &mut [Resolved<'_>]) {
    let words: Vec<Option<&str>> = resolved.iter().map(|r| plain_word(r.term)).collect();
    let raw: Vec<&str> = resolved
        .iter()
        .map(|r| r.term.words.first().map_or("", String::as_str))
        .collect();
    let mut light = vec![false; resolved.len()];
    // A clause is light after a complaint that names a body site.
    if let Some(open) = (1..resolved.len()).find(|&k| {
        words[k].is_some_and(|w| CLAUSE_OPENERS.contains(&w))
            && words[..k]
                .iter()
                .any(|w| w.is_some_and(|w| is_site(w) || CLAUSE_SITES.contains(&w)))
    }) {
        light[open..].iter_mut().for_each(|l| *l = true);
    }
    for k in 0..resolved.len() {
        if !UNITS.contains(&raw[k]) {
            continue;
        }
        // Back over the number to "for", or on to "ago".
        let mut start = k;
        while start > 0 && is_duration_word(raw[start - 1]) && !UNITS.contains(&raw[start - 1]) {
            start -= 1;
        }
        let opened = start > 0 && raw[start - 1] == "for";
        let closed = raw.get(k + 1) == Some(&"ago");
        if start < k && (opened || closed) {
            let from = if opened { start - 1 } else { start };
            let to = if closed { k + 1 } else { k };
            light[from..=to].iter_mut().for_each(|l| *l = true);
        }
    }
    if light.iter().all(|&l| l) {
        return;
    }
    for (r, light) in resolved.iter_mut().zip(light) {
        if light && r.term.code.is_none() {
            r.weight = r.weight.min(LIGHT_WEIGHT);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::state_kin;
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    fn index() -> Index {
        let code = IndexableCode::billable;
        Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("I95.9", "Hypotension, unspecified"),
                code("I95.1", "Orthostatic hypotension"),
                code("I10", "Essential (primary) hypertension"),
                code("R73.9", "Hyperglycemia, unspecified"),
                code("E66.3", "Overweight"),
                code("R14.3", "Flatulence"),
                code("K31.89", "Other diseases of stomach and duodenum"),
                code("G47.00", "Insomnia, unspecified"),
                code("R29.6", "Repeated falls"),
                code("M25.561", "Pain in right knee"),
                code("M25.511", "Pain in right shoulder"),
                code(
                    "G90.511",
                    "Complex regional pain syndrome I of right upper limb",
                ),
                code("W10.9XXA", "Fall (on) (from) unspecified stairs and steps"),
                code("R50.9", "Fever, unspecified"),
                code("A93.1", "Sandfly fever"),
                code("L55.0", "Sunburn of first degree"),
                code("L55.1", "Sunburn of second degree"),
                code("L55.9", "Sunburn, unspecified"),
                code("R42", "Dizziness and giddiness"),
                code("R52", "Pain, unspecified"),
                code("Y93.41", "Activity, dancing"),
            ],
        )
    }

    #[test]
    fn a_subject_and_its_state_read_either_way() {
        assert_eq!(state_kin("pressure", "low").unwrap().0, ["hypotension"]);
        assert!(state_kin("low", "pressure").unwrap().2, "state typed first");
        assert_eq!(state_kin("sunburn", "blisters").unwrap().1, ["second"]);
        assert_eq!(state_kin("pressure", "blisters"), None);
    }

    #[test]
    fn states_compose_across_plain_words() {
        let index = index();
        assert_eq!(index.first_code("blood pressure is low"), "I95.9");
        assert_eq!(index.first_code("sugar was over 300"), "R73.9");
        assert_eq!(index.first_code("passing a lot of gas"), "R14.3");
        assert_eq!(index.first_code("sunburn with blisters"), "L55.1");
        assert_eq!(index.first_code("dizzy when i stand up"), "I95.1");
        assert_eq!(index.first_code("passing lots of gas"), "R14.3");
    }

    #[test]
    fn trouble_and_circumstances() {
        let index = index();
        assert_eq!(index.first_code("trouble falling asleep"), "G47.00");
        assert_eq!(
            index.first_code("right knee hurts going up stairs"),
            "M25.561"
        );
        assert_eq!(index.first_code("fever for three days"), "R50.9");
        // No site before the clause: the activity is what is coded.
        assert_eq!(index.first_code("hurt while dancing"), "Y93.41");
    }
}
