//! How a patient tells an injury or a pain: the sentence's own shape says
//! which words are the complaint and which are the story around it.
//!
//! - An injury told as a story: an injury verb whose object is the
//!   patient's own body part, a possessive between ("burned *my* hand on
//!   a hot pan", "fell off a ladder and broke *my* leg", "broke *his*
//!   collarbone"), the speaker its subject. Verb and body part are the complaint, and the code a
//!   coder assigns first is the injury's (chapter 19). What the patient
//!   adds is how it happened: a tail opened by a preposition or a
//!   conjunction of time after the body part ("*on* a hot pan", "*in* the
//!   car door", "*when* i fell") and a clause joined to the verb by "and"
//!   before it ("*fell off a ladder and* broke my leg"). Those words are
//!   met only by the external cause's titles (X15 "Contact with hot
//!   saucepan", W11 "Fall from ladder"), which then led: they are made
//!   light, as `lay_acts.rs` lightens an activity ("playing soccer"). A
//!   coder's own phrase about the cause ("cut finger on a kitchen knife",
//!   "burned by hot water") has no possessive and is left as it is.
//! - A cause told with "from" and a verb in -ing after a body site
//!   ("bruised ribs *from falling* on the ice", "road rash on my leg *from
//!   falling* off my bike"): the same light tail.
//! - A body part doing something to the speaker ("my stomach is *killing
//!   me*", "my back is *killing me*"): a verb in -ing whose object is "me"
//!   after a site is how much it hurts, and is met by "pain"; the
//!   site's own readings ("stomach" → abdominal) then find the title.

use super::lay_acts::{INJURY_VERBS, names_site};
use super::resolve::Resolved;
use crate::search::index::Index;
use crate::search::query::Term;

/// What a word of the story around an injury costs when missing: as an
/// activity clause's (`lay_acts.rs`).
const LIGHT_WEIGHT: f32 = 0.3;
/// How well "pain" meets a verb done to the speaker: a word family's.
const Q_PAIN: f32 = 0.85;

/// Injury verbs beyond `lay_acts.rs`'s that a patient uses with a body
/// part as the object ("slammed my finger", "scalded my arm").
const MORE_VERBS: [&str; 9] = [
    "scalded",
    "slammed",
    "split",
    "stabbed",
    "poked",
    "scratched",
    "pinched",
    "punctured",
    "popped",
];

/// Words that say whose body part it is.
const POSSESSIVES: [&str; 5] = ["my", "his", "her", "their", "our"];

/// Words that open the story's tail after the body part.
const TAIL_OPENERS: [&str; 13] = [
    "on", "with", "in", "at", "against", "from", "by", "off", "into", "onto", "while", "when",
    "during",
];

/// A term's one word. A typed-code probe is not excluded: two letters
/// such as "my" or "me" also read as the start of a code.
fn word(term: &Term) -> Option<&str> {
    if term.negated {
        return None;
    }
    term.single_word()
}

fn injury_verb(w: &str) -> bool {
    INJURY_VERBS.contains(&w) || MORE_VERBS.contains(&w)
}

fn doing(w: &str) -> bool {
    w.len() > 4 && w.ends_with("ing") && !w.ends_with("thing")
}

fn lighten(resolved: &mut [Resolved<'_>]) {
    for r in resolved {
        if r.term.code.is_none() {
            r.weight = r.weight.min(LIGHT_WEIGHT);
        }
    }
}

/// The first injury verb whose next word is a possessive and whose subject
/// is the speaker: (verb, possessive). The speaker is the subject when the
/// verb opens the query or follows "i" or a clause's "and" ("fell and
/// broke my leg"); an agent named before it ("dog bit my hand", "cat
/// scratched my arm") makes the sentence as much about the cause, and the
/// external cause keeps its place.
fn told_injury(words: &[Option<&str>]) -> Option<(usize, usize)> {
    (0..words.len().saturating_sub(2)).find_map(|i| {
        let verb = words[i].is_some_and(injury_verb);
        let own = words[i + 1].is_some_and(|w| POSSESSIVES.contains(&w));
        let speaker = i == 0 || matches!(words[i - 1], Some("i" | "and"));
        (verb && own && speaker).then_some((i, i + 1))
    })
}

impl Index {
    /// Reads the query as the module doc says. `resolved` is in query order.
    pub(super) fn join_lay_story(&self, resolved: &mut [Resolved<'_>]) {
        let words: Vec<Option<&str>> = resolved.iter().map(|r| word(r.term)).collect();
        let before: Vec<f32> = resolved.iter().map(|r| r.weight).collect();
        if let Some((verb, own)) = told_injury(&words) {
            let site =
                (own + 1..words.len().min(own + 4)).find(|&k| words[k].is_some_and(names_site));
            if let Some(site) = site {
                resolved[site].injured = true;
            }
            // The tail: from the first opener after the body part.
            if let Some(open) = (own + 2..words.len())
                .find(|&k| words[k].is_some_and(|w| TAIL_OPENERS.contains(&w)))
            {
                lighten(&mut resolved[open..]);
            }
            // A clause joined by "and" before the verb.
            if verb >= 2 && words[verb - 1] == Some("and") {
                lighten(&mut resolved[..verb]);
            }
        }
        // "from" + a verb in -ing after a site.
        if let Some(site) = words.iter().position(|w| w.is_some_and(names_site))
            && let Some(from) = (site + 1..words.len().saturating_sub(1))
                .find(|&k| words[k] == Some("from") && words[k + 1].is_some_and(doing))
        {
            lighten(&mut resolved[from..]);
        }
        // A query that would be all light keeps its weights.
        if !resolved.iter().any(|r| r.weight > LIGHT_WEIGHT) {
            for (r, w) in resolved.iter_mut().zip(before) {
                r.weight = w;
            }
        }
        self.join_done_to_me(resolved, &words);
    }

    /// A site, then a verb in -ing and "me" ending the query: "pain".
    fn join_done_to_me(&self, resolved: &mut [Resolved<'_>], words: &[Option<&str>]) {
        let n = words.len();
        if n < 3 || words[n - 1] != Some("me") || !words[n - 2].is_some_and(doing) {
            return;
        }
        if !words[..n - 2].iter().any(|w| w.is_some_and(names_site)) {
            return;
        }
        if let Some(set) = self.any_of(["pain"]) {
            self.add_way(&mut resolved[n - 2], vec![set], Q_PAIN);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    fn index() -> Index {
        let code = IndexableCode::billable;
        Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code(
                    "T23.009A",
                    "Burn of unspecified degree of unspecified hand, unspecified site, initial encounter",
                ),
                code(
                    "X15.3XXA",
                    "Contact with hot saucepan or skillet, initial encounter",
                ),
                code("R10.9", "Unspecified abdominal pain"),
                code("N94.6", "Dysmenorrhea, unspecified"),
                code("K31.89", "Other diseases of stomach and duodenum"),
            ],
        )
    }

    #[test]
    fn a_told_injury_asks_for_the_injury_first() {
        let index = index();
        assert_eq!(
            index.first_code("burned my hand on a hot saucepan"),
            "T23.009A"
        );
        // A coder's phrase about the cause keeps the cause first.
        assert_eq!(index.first_code("burned on hot saucepan"), "X15.3XXA");
    }

    #[test]
    fn a_part_killing_me_is_pain() {
        let index = index();
        assert_eq!(index.first_code("my stomach is killing me"), "R10.9");
    }
}
