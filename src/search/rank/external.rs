//! The vocabulary of ICD-10-CM's external causes (chapter 20, V00–Y99)
//! and of its poisoning, adverse-effect and underdosing codes (T36–T65),
//! as parts a coder combines: a vehicle ("bike", "quad", "train"), a
//! role ("cyclist", "driving"), an event ("crash", "hit", "rolled"), a
//! fall ("tumbled", "off the couch"), an animal contact ("stung",
//! "human bite"), a place ("at home") or an activity ("while …"). The
//! titles spell each part their own way — "Pedal cycle driver injured in
//! collision with car, pick-up truck or van in traffic accident", "Fall
//! from other furniture", "Toxic effect of venom of wasps", "Activity,
//! swimming" — so phrase rows in the lay lexicon only answer the phrases
//! they were written for. Here each typed part meets the title's word(s)
//! for it, so any combination composes ("cyclist hit by pickup" →
//! pedal cycle + collision + pick-up).
//!
//! The parts are met only by these codes ([`is_external_code`]): "crash"
//! means a collision there, and "while" or "home" mean nothing elsewhere.

use super::external_words::UNUSUAL_PLACES;
use super::resolve::{Resolved, Ways, WordSet};
use crate::domain::codes::CodeSystem;
use crate::search::index::{Entry, Index, Token};
use crate::search::query::Term;
use crate::search::vocab::Vocab;

/// How well a part meets a title word it maps to: as an abbreviation's
/// expansion, so a title that spells the typed word itself still leads
/// an equal one that does not.
pub(super) const Q_PART: f32 = 0.95;

/// How well a lay phrase composed of parts is met that way
/// ([`Index::external_phrase_way`]): as a word family, below the row's
/// own reading, so where the row fits ("hit by a car": a pedestrian) its
/// codes still lead and the parts only answer what it does not.
const Q_PHRASE_PART: f32 = 0.85;

/// One part: the typed words (as folded by the query) and one way to meet
/// them, a list of word sets that must all be present, each a list of
/// words any one of which will do.
pub(super) type Part = (&'static [&'static str], &'static [&'static [&'static str]]);

/// Vehicles: the titles' names for them.
const VEHICLES: &[Part] = &[
    (
        &["bike", "bikes", "bicycle", "bicycles", "cycle", "cycling"],
        &[&["pedal"], &["cycle", "cyclist"]],
    ),
    (
        &["bicyclist", "cyclist", "biker", "bicycler"],
        &[&["pedal"], &["cyclist", "cycle"]],
    ),
    (&["motorbike", "motorbikes"], &[&["motorcycle"]]),
    // A pedestrian's collision names motorcycles by their wheels.
    (
        &["motorcycle", "motorcycles", "motorbike", "motorbikes"],
        &[&["two"], &["wheeled"]],
    ),
    (&["auto", "automobile", "sedan"], &[&["car"]]),
    (&["suv"], &[&["sport"], &["utility"]]),
    (&["pickup", "pickups"], &[&["pick"], &["truck"]]),
    (
        &["truck", "trucks", "semi", "tractor"],
        &[&["heavy"], &["transport"]],
    ),
    (&["quad", "quads", "fourwheeler"], &[&["atv"]]),
    (&["train", "trains", "railroad", "rail"], &[&["railway"]]),
    (&["horseback"], &[&["horse"]]),
    // What a vehicle crashes into, as its titles name it.
    (
        &[
            "pole",
            "tree",
            "wall",
            "guardrail",
            "post",
            "barrier",
            "pillar",
            "median",
        ],
        &[&["stationary"]],
    ),
];

/// Roles and events of a transport accident.
const EVENTS: &[Part] = &[
    (&["driving", "drove", "drives"], &[&["driver"]]),
    (&["riding", "rode", "rides"], &[&["rider", "riding"]]),
    (
        &[
            "crash", "crashed", "crashes", "wreck", "wrecked", "collided", "collide", "hit",
            "struck",
        ],
        &[&["collision"]],
    ),
    // Rear-ended: a car struck from behind by another.
    (&["rear", "ended"], &[&["collision"], &["car"]]),
    (
        &["rollover", "rolled", "flipped", "overturned"],
        &[&["noncollision"]],
    ),
];

/// Whether typed `word` names a transport event ([`EVENTS`] other than a
/// role: "crash", "rollover", "hit").
pub(super) fn is_event_word(word: &str) -> bool {
    EVENTS
        .iter()
        .filter(|(_, way)| {
            way.iter()
                .any(|alts| alts.iter().any(|w| w.ends_with("collision")))
        })
        .any(|(typed, _)| typed.contains(&word))
}

/// Falls and what they were from.
const FALLS: &[Part] = &[
    (
        &["tumbled", "tumble", "tumbling", "fell", "falling"],
        &[&["fall"]],
    ),
    // A fall to the floor or ground is a fall on the same level.
    (&["floor", "ground"], &[&["same"], &["level"]]),
    (
        &["couch", "sofa", "recliner", "dresser", "table"],
        &[&["furniture"]],
    ),
    (&["ski", "skiing", "skier"], &[&["skis"]]),
    (&["skating", "skater"], &[&["skates"]]),
    (&["skateboarding", "skateboarder"], &[&["skateboard"]]),
];

/// Animal contacts, places, activities and drug events.
const CONTACTS: &[Part] = &[
    (&["sting", "stung", "stings"], &[&["venom"]]),
    // Burns by what burned: fire, flames, hot things, steam.
    (
        &["burned", "burnt", "burn", "burns", "scalded"],
        &[&["fire", "flames", "hot", "steam"]],
    ),
    (&["campfire", "bonfire"], &[&["controlled"], &["fire"]]),
    (&["human"], &[&["person"]]),
    (&["knocked"], &[&["struck"]]),
    (&["home", "house"], &[&["private"], &["house"]]),
    (&["while", "playing", "doing"], &[&["activity"]]),
    (&["ace"], &[&["angiotensin"], &["converting"]]),
    (
        &["underdosed", "underdose", "underdosage"],
        &[&["underdosing"]],
    ),
    (&["reaction"], &[&["adverse"]]),
];

/// The ways `word` meets chapter-20 and T36–T65 titles: each a list of
/// word sets (each a list of alternatives) that must all be present.
pub(super) fn external_parts(word: &str) -> Vec<&'static [&'static [&'static str]]> {
    [
        VEHICLES,
        EVENTS,
        FALLS,
        CONTACTS,
        super::external_words::MORE_PARTS,
    ]
    .into_iter()
    .flatten()
    .filter(|(typed, _)| typed.contains(&word))
    .map(|&(_, way)| way)
    .collect()
}

/// Words a lay phrase holds that only join its parts ("struck by a
/// car", "fell off the couch"): a phrase composed of parts needs only
/// its other words.
const GLUE: [&str; 16] = [
    "by", "with", "w", "a", "an", "the", "of", "in", "on", "at", "to", "from", "into", "off",
    "out", "his",
];

impl Index {
    /// The ids of `words` this index knows, as one word set (`None` when
    /// it knows none of them).
    fn part_set(&self, words: &[&str]) -> Option<WordSet> {
        let ids: Vec<u32> = words.iter().filter_map(|w| self.vocab.id(w)).collect();
        (!ids.is_empty()).then(|| WordSet(ids.iter().map(|&i| i..i + 1).collect()))
    }

    /// Adds the ways typed `word` meets external-cause titles as a part.
    pub(super) fn external_word_ways(&self, word: &str, ways: &mut Ways) {
        for way in external_parts(word) {
            let sets: Option<Vec<WordSet>> = way.iter().map(|alts| self.part_set(alts)).collect();
            if let Some(sets) = sets {
                ways.add_external(sets, Q_PART);
            }
        }
    }

    /// A phrase the lay lexicon reads as one term ("struck by a car",
    /// whose row says "pedestrian injured collision car") is also met, in
    /// external-cause codes, by its own content words each met as itself
    /// or as a part ("struck" → collision): so "bicyclist struck by a car"
    /// reaches the pedal cyclist's collision with a car, which the row's
    /// pedestrian does not. Added only when a word of it is a part.
    pub(super) fn external_phrase_way(&self, term: &Term, ways: &mut Ways) {
        let mut sets = Vec::new();
        let mut any_part = false;
        for w in term.words.iter().filter(|w| !GLUE.contains(&w.as_str())) {
            let parts = external_parts(w);
            match parts.first() {
                Some([one]) => {
                    let mut words = one.to_vec();
                    words.push(w);
                    sets.extend(self.part_set(&words));
                    any_part = true;
                }
                Some(several) => {
                    let Some(found) = several
                        .iter()
                        .map(|a| self.part_set(a))
                        .collect::<Option<Vec<_>>>()
                    else {
                        return;
                    };
                    sets.extend(found);
                    any_part = true;
                }
                None => match self.part_set(&[w]) {
                    Some(set) => sets.push(set),
                    None => return,
                },
            }
        }
        if any_part {
            ways.add_external(sets, Q_PHRASE_PART);
        }
    }
}

/// Verbs of a transport event whose subject, typed before them, is the
/// person injured ("cyclist hit by a pickup", "pedestrian struck by
/// train", "motorcycle driver collided with car", "car crashed into a
/// pole").
/// Nouns ("crash", "collision") are left out: in "motor vehicle
/// collision" or "motorcycle crash passenger" the words around them are
/// not the person injured.
const EVENT_VERBS: [&str; 7] = [
    "hit", "struck", "crashed", "collided", "rear", "rammed", "ran",
];

/// Relevance taken from a transport title for each term that names the
/// person injured but is met only in the other party, or the other way
/// round. Such a title answers another accident, so the step is as large
/// as the spread of relevance among titles that meet the same terms
/// (index paths and title shape reach 2), still far less than a term
/// missed.
const ROLE_SWAPPED: f32 = 1.0;

/// Who the query says was injured and by what. A transport title names
/// the person injured before "injured" and the other party after it
/// ("Car driver injured in collision with pedal cycle"); as a bag of
/// words it answers "bicyclist struck by a car" as well as "Pedal cycle
/// driver injured in collision with car", so the order decides.
#[derive(Debug, Default)]
pub(super) struct Roles {
    /// Terms before the event verb (bit per term).
    victim: u64,
    /// The event verb's term and those after it.
    party: u64,
    /// The word "injured".
    injured: Option<u32>,
    /// The word "pedestrian", when the query names no one injured and
    /// says "hit by" or "struck by" a vehicle: a coder's "hit by a bus"
    /// is a pedestrian's accident, as the lay row for "hit by a car" says.
    pedestrian: Option<u32>,
    /// The query names an occupant and no vehicle: a car's
    /// (`vehicle_default.rs`).
    car_default: bool,
    /// The words of the roles nobody means unless they say so ([`UNUSUAL_ROLES`]).
    unusual: Vec<u32>,
    /// The same for places of occurrence (`external_words::UNUSUAL_PLACES`).
    places: Vec<u32>,
}

/// Persons injured whom a transport title names but a coder means only
/// when saying so: "Person boarding or alighting a car …", "Person on
/// outside of bus …". Their titles are short (no "in traffic accident")
/// and used to lead every collision a query named ("hit by a bus").
const UNUSUAL_ROLES: [&str; 3] = ["boarding", "alighting", "outside"];

/// Relevance taken from a title of an unusual role the query did not
/// name: the whole spread of relevance (3.2), still less than a term
/// missed, so such a title follows every one that meets as many terms.
const ROLE_UNASKED: f32 = 3.2;

impl Roles {
    pub(super) fn read(resolved: &[Resolved<'_>], vocab: &Vocab) -> Roles {
        let is_verb = |r: &Resolved<'_>| {
            r.term
                .words
                .first()
                .is_some_and(|w| EVENT_VERBS.contains(&w.as_str()))
        };
        let n = resolved.len().min(64);
        let plain = Roles {
            injured: vocab.id("injured"),
            unusual: UNUSUAL_ROLES.iter().filter_map(|w| vocab.id(w)).collect(),
            places: UNUSUAL_PLACES.iter().filter_map(|w| vocab.id(w)).collect(),
            car_default: super::vehicle_default::car_by_default(resolved),
            ..Roles::default()
        };
        let Some(v) = resolved[..n].iter().position(is_verb) else {
            return plain;
        };
        if v == 0 {
            return Roles {
                pedestrian: passive(resolved).then(|| vocab.id("pedestrian")).flatten(),
                ..plain
            };
        }
        // Connectors ("in", "by", "a") say nothing of who is who.
        let content = resolved[..n]
            .iter()
            .enumerate()
            .filter(|(_, r)| !r.term.connector)
            .fold(0u64, |m, (i, _)| m | 1 << i);
        let before = (1u64 << v) - 1;
        Roles {
            victim: content & before,
            party: content & !before,
            ..plain
        }
    }

    /// The relevance transport code `e` loses for terms met on the wrong
    /// side of its "injured" (`matched`: the terms each of `tokens` met).
    pub(super) fn penalty(&self, e: &Entry, key: &str, tokens: &[Token], matched: &[u64]) -> f32 {
        let vehicle = if self.car_default && e.system == CodeSystem::Icd10Cm {
            super::vehicle_default::other_vehicle(key)
        } else {
            0.0
        };
        vehicle + self.sides(e, key, tokens, matched)
    }

    /// [`Roles::penalty`] for the roles' and places' words.
    fn sides(&self, e: &Entry, key: &str, tokens: &[Token], matched: &[u64]) -> f32 {
        if e.system == CodeSystem::Icd10Cm && key.starts_with("Y92") {
            return self.unasked_place(tokens, matched);
        }
        let Some(injured) = self.injured else {
            return 0.0;
        };
        if e.system != CodeSystem::Icd10Cm || !key.starts_with('V') {
            return 0.0;
        }
        let title = tokens.iter().take_while(|t| t.field() == 0).count();
        let Some(at) = tokens[..title].iter().position(|t| t.word() == injured) else {
            return 0.0;
        };
        let side = |bit: u64| {
            let (before, after) = (
                matched[..at].iter().any(|&m| m & bit != 0),
                matched[at + 1..title].iter().any(|&m| m & bit != 0),
            );
            (before, after)
        };
        let mut swapped = 0;
        // A role the query did not ask for.
        let unasked = tokens[..at]
            .iter()
            .zip(matched)
            .any(|(t, &m)| m == 0 && self.unusual.contains(&t.word()));
        if let Some(p) = self.pedestrian
            && !tokens[..at].iter().any(|t| t.word() == p)
        {
            swapped += 1;
        }
        for b in 0..64 {
            let bit = 1u64 << b;
            if self.victim & bit != 0 && side(bit) == (false, true) {
                swapped += 1;
            }
            if self.party & bit != 0 && side(bit) == (true, false) {
                swapped += 1;
            }
        }
        ROLE_SWAPPED * swapped as f32 + if unasked { ROLE_UNASKED } else { 0.0 }
    }

    /// The relevance a place of occurrence loses for naming a residence
    /// the query did not (`external_words::UNUSUAL_PLACES`): as much as an
    /// unasked role, so "bathroom at home" finds the private house's
    /// bathroom before the mobile home's, which spells "home".
    fn unasked_place(&self, tokens: &[Token], matched: &[u64]) -> f32 {
        let unasked = tokens
            .iter()
            .take_while(|t| t.field() == 0)
            .zip(matched)
            .any(|(t, &m)| m == 0 && self.places.contains(&t.word()));
        if unasked { ROLE_UNASKED } else { 0.0 }
    }
}

/// Whether the query opens "hit by" or "struck by" (one lay phrase or
/// two terms).
fn passive(resolved: &[Resolved<'_>]) -> bool {
    let words = resolved
        .iter()
        .flat_map(|r| r.term.words.iter())
        .take(2)
        .map(String::as_str);
    matches!(
        words.collect::<Vec<_>>().as_slice(),
        ["hit" | "struck", "by"]
    )
}

/// Whether ICD-10-CM code `key` (no dot) is an external cause (V00–Y99)
/// or a poisoning, adverse effect, underdosing or toxic effect (T36–T65),
/// the codes whose titles [`external_parts`] speak for.
pub(super) fn is_external_code(e: &Entry, key: &str) -> bool {
    if e.system != CodeSystem::Icd10Cm {
        return false;
    }
    match key.as_bytes() {
        [b'V' | b'W' | b'X' | b'Y', ..] => true,
        [b'T', a, b, ..] if a.is_ascii_digit() && b.is_ascii_digit() => {
            (36..=65).contains(&((a - b'0') * 10 + (b - b'0')))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::{Index, SearchOptions};
    use crate::store::code_tables::IndexableCode;

    fn code(code: &str, title: &str) -> IndexableCode {
        IndexableCode::billable(code, title)
    }

    #[test]
    fn a_part_maps_to_its_title_words() {
        assert!(external_parts("bike").contains(&&[&["pedal"][..], &["cycle", "cyclist"][..]][..]));
        assert_eq!(external_parts("crash"), vec![&[&["collision"][..]][..]]);
        assert!(external_parts("fracture").is_empty());
    }

    #[test]
    fn only_external_and_drug_codes_are_external() {
        let index = Index::build_system(CodeSystem::Icd10Cm, vec![code("V134XXA", "x")]);
        let e = &index.entries[0];
        assert!(is_external_code(e, "V134XXA"));
        assert!(is_external_code(e, "Y9366"));
        assert!(is_external_code(e, "T36"));
        assert!(is_external_code(e, "T6591XA"));
        assert!(!is_external_code(e, "T66XXXA"));
        assert!(!is_external_code(e, "T3500XA"));
        assert!(!is_external_code(e, "S61411A"));
    }

    /// The parts compose: vehicle, role and event each meet their own
    /// title word, in any combination no table row names.
    #[test]
    fn transport_parts_compose() {
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code(
                    "V13.4XXA",
                    "Pedal cycle driver injured in collision with car, pick-up truck or van in traffic accident, initial encounter",
                ),
                code(
                    "V28.41XA",
                    "Electric (assisted) bicycle driver injured in noncollision transport accident in traffic accident, initial encounter",
                ),
                code(
                    "V48.5XXA",
                    "Car driver injured in noncollision transport accident in traffic accident, initial encounter",
                ),
                code(
                    "V47.5XXA",
                    "Car driver injured in collision with fixed or stationary object in traffic accident, initial encounter",
                ),
                code(
                    "S06.0X0A",
                    "Concussion without loss of consciousness, initial encounter",
                ),
            ],
        );
        assert_eq!(index.first_code("cyclist hit by pickup"), "V13.4XXA");
        assert_eq!(index.first_code("bike crash with car"), "V13.4XXA");
        assert_eq!(index.first_code("car rolled over"), "V48.5XXA");
        assert_eq!(index.first_code("car crashed into pole"), "V47.5XXA");
    }

    /// A part means its title word only in the external-cause codes.
    #[test]
    fn parts_stay_in_their_chapter() {
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("Y93.11", "Activity, swimming"),
                code("Z91.89", "Other specified personal risk factors, activity"),
                code("W08.XXXA", "Fall from other furniture, initial encounter"),
                code(
                    "Z99.89",
                    "Dependence on other enabling machines and furniture",
                ),
            ],
        );
        assert_eq!(index.first_code("while swimming"), "Y93.11");
        assert_eq!(index.first_code("fell off the couch"), "W08.XXXA");
        let hits = index.search("couch", &SearchOptions::default());
        assert!(hits.iter().all(|h| h.code != "Z99.89"));
    }

    fn transport_index() -> Index {
        let t = |c: &str, who: &str, with: &str, traffic: bool| {
            let place = if traffic { " in traffic accident" } else { "" };
            code(
                c,
                &format!("{who} injured in collision with {with}{place}, initial encounter"),
            )
        };
        Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                t(
                    "V13.4XXA",
                    "Pedal cycle driver",
                    "car, pick-up truck or van",
                    true,
                ),
                t("V41.5XXA", "Car driver", "pedal cycle", true),
                t(
                    "V03.10XA",
                    "Pedestrian on foot",
                    "car, pick-up truck or van",
                    true,
                ),
                t(
                    "V04.10XA",
                    "Pedestrian on foot",
                    "heavy transport vehicle or bus",
                    true,
                ),
                t(
                    "V44.5XXA",
                    "Car driver",
                    "heavy transport vehicle or bus",
                    true,
                ),
                t(
                    "V44.4XXA",
                    "Person boarding or alighting a car",
                    "heavy transport vehicle or bus",
                    false,
                ),
            ],
        )
    }

    /// The person typed before the event verb is the one injured: the
    /// title that names them before "injured" leads the one that names
    /// them as the other party, whose words are the same.
    #[test]
    fn the_subject_of_the_event_is_the_person_injured() {
        let index = transport_index();
        assert_eq!(index.first_code("cyclist struck by car"), "V13.4XXA");
        assert_eq!(index.first_code("car driver hit by a bicycle"), "V41.5XXA");
        assert_eq!(index.first_code("car driver collided with bus"), "V44.5XXA");
    }

    /// "Hit by a bus" with no one named is a pedestrian's accident, and a
    /// person boarding a car is meant only when said.
    #[test]
    fn no_one_named_is_a_pedestrian_and_boarding_must_be_said() {
        let index = transport_index();
        assert_eq!(index.first_code("hit by a bus"), "V04.10XA");
        assert_eq!(index.first_code("boarding a car hit by a bus"), "V44.4XXA");
    }
}
