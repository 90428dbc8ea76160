//! What a query says beyond its words' matches, read once per query: which
//! encounter (7th character) it wants, and whether it speaks of a family
//! member's history. Both decide between codes that answer the words alike.

use std::collections::HashMap;

use super::drug_event::DrugEvent;
use crate::domain::codes::CodeSystem;
use crate::search::index::{Entry, Index};
use crate::search::query::Term;

/// The 7th character a query asks for among siblings that differ only
/// there (ICD-10-CM injuries, poisonings, external causes, M80/M84
/// fractures).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Encounter {
    /// No encounter word: a coder reporting an injury without saying so
    /// means the active treatment, `A` (closed, initial).
    Initial,
    /// "subsequent", "subs", "follow up": `D` (routine healing). Also
    /// "aftercare": the guidelines (I.C.19.a) code the aftercare of an
    /// injury with the injury's own code and 7th character D, not an
    /// aftercare Z code. The word is left to the titles, though: the Z47
    /// aftercare codes (joint replacement, amputation) say it.
    Subsequent,
    /// "sequela", "late effect": `S`.
    Sequela,
    /// The query names its own 7th-character detail ("open", "nonunion",
    /// "malunion", "delayed") or says "initial": left to the words.
    Said,
}

/// The query's reading, for scoring and for the 7th-character pass.
#[derive(Debug, Clone, Copy)]
pub(super) struct Intent {
    pub(super) encounter: Encounter,
    /// "family", "familial", "fh", "fhx": the history is a relative's.
    pub(super) names_family: bool,
    /// The query says why a poisoning happened ("intentional", "self
    /// harm", "suicide", "assault", "undetermined", "accidental").
    pub(super) names_poisoning_intent: bool,
    /// The persons of a transport accident the query names ("pedestrian",
    /// "driver"), by bit of [`TRANSPORT_ROLES`].
    roles: u8,
    /// The query places a transport accident off the road ([`PLACE_WORDS`]).
    names_place: bool,
    /// The encounter was said in words ([`ENCOUNTER_WORDS`]), not assumed;
    /// and whether "follow" was among them (then "up" is one too).
    encounter_said: bool,
    follow: bool,
    /// The encounter the encounter words alone name, the 7th-character
    /// details ("open", "nonunion", "delayed") aside: "hip fx follow up
    /// delayed healing" names the subsequent encounter (G) in its words, so
    /// its "follow up" is met by every subsequent character though no one
    /// character is preferred.
    words_encounter: Encounter,
    /// The query speaks of a poisoning or overdose and names no drug or
    /// substance ([`DRUG_UNNAMED_WORDS`]).
    drug_unnamed: bool,
    /// The query names a kind of osteoporosis other than age-related
    /// ([`OSTEOPOROSIS_KIND_WORDS`]).
    names_osteoporosis_kind: bool,
    /// Which of a drug class's six siblings the sentence means
    /// (`drug_event.rs`).
    drug: DrugEvent,
}

/// Words that name an osteoporosis the Index sends to "Other
/// osteoporosis" (M80.8-, M81.8: drug-induced, idiopathic, of disuse,
/// postoophorectomy, postsurgical malabsorption, post-traumatic), typed in
/// full or by a prefix of four letters or more.
const OSTEOPOROSIS_KIND_WORDS: [&str; 11] = [
    "other",
    "drug",
    "induced",
    "steroid",
    "glucocorticoid",
    "idiopathic",
    "disuse",
    "postoophorectomy",
    "postsurgical",
    "malabsorption",
    "traumatic",
];

/// Whether typed word `w` names one of [`OSTEOPOROSIS_KIND_WORDS`] (in
/// full or by a prefix of four letters or more).
fn names_osteoporosis_kind_word(w: &str) -> bool {
    w.len() >= 4 && OSTEOPOROSIS_KIND_WORDS.iter().any(|k| k.starts_with(w))
}

/// Relevance taken from "Other osteoporosis …" (M80.8-, M81.8) when the
/// query names no other kind: the Index's "Osteoporosis" and its "with
/// current pathological fracture" lead to the age-related codes (M81.0,
/// M80.0-), whose titles answer the same words ("osteoporotic fracture
/// right femur" listed M80.851 "Other osteoporosis with current
/// pathological fracture, right femur" first). As [`FAMILY_UNASKED`].
const OTHER_OSTEOPOROSIS_UNASKED: f32 = FAMILY_UNASKED;

/// Words a query about a poisoning may hold without naming what was taken:
/// the poisoning itself, a generic word for a drug, and intent and
/// encounter words. A query of only these ("overdose", "drug overdose",
/// "accidental overdose", "intentional overdose of pills") is coded, by the
/// Table of Drugs and Chemicals' "Drug NEC" row, to the unspecified drug
/// (T50.90-): the Index sends "Overdose" and "Poisoning, drug" to that
/// table, which the review configuration does not load, and every
/// "Poisoning by <class>" title met "poisoning" as well and is shorter.
const DRUG_UNNAMED_WORDS: [&str; 24] = [
    "overdose",
    "overdosed",
    "overdosage",
    "poisoning",
    "poisoned",
    "od",
    "drug",
    "drugs",
    "medication",
    "medications",
    "medicine",
    "pill",
    "pills",
    "accidental",
    "unintentional",
    "intentional",
    "self",
    "harm",
    "suicide",
    "attempt",
    "undetermined",
    "of",
    "by",
    "on",
];

/// The pull toward the unspecified drug's poisoning codes for a query that
/// names none: as a typed category's pull toward its unspecified code.
const DRUG_UNNAMED: f32 = 0.4;

/// Words a coder uses to say which encounter a 7th character reports,
/// beside the titles' own "initial", "subsequent" and "sequela": "follow
/// up (visit)", "healing", "late effect", "first visit". The titles never
/// say them, so a query naming its injury and its encounter this way
/// missed a term in every code that answers it, and a follow-up
/// examination (Z09) or an unrelated title holding "visit" could lead.
/// Such a term is met by a code whose 7th character is the encounter it
/// names ([`Intent::meets_encounter_term`]). "up" counts only after
/// "follow". An abbreviation that stands for them ("f/u", "fu" →
/// follow-up) counts as its expansion.
const ENCOUNTER_WORDS: [&str; 17] = [
    "follow",
    "followup",
    "up",
    "visit",
    "visits",
    "encounter",
    "healing",
    "healed",
    "routine",
    "late",
    "effect",
    "effects",
    "first",
    "subsequent",
    "subs",
    "sequela",
    "sequelae",
];

/// The persons the transport-accident titles (V00–V99) name as the one
/// injured ("Pedestrian injured in collision with car") or as the other
/// party ("Car driver injured in collision with pedestrian or animal").
const TRANSPORT_ROLES: [&str; 7] = [
    "pedestrian",
    "driver",
    "passenger",
    "occupant",
    "rider",
    "cyclist",
    "person",
];

/// Relevance taken from a transport accident whose title names a person
/// the query names only as the other party: a coder's "pedestrian hit by
/// car" is the pedestrian injured (V03.1-), not the car occupant injured
/// in collision with a pedestrian (V40.-), whose words are the same. As
/// [`FAMILY_UNASKED`].
const ROLE_SWAPPED: f32 = FAMILY_UNASKED;

/// Relevance taken from a nontraffic transport accident when the query
/// does not place the accident: the classification's note at V00–V99 is
/// that an accident is a traffic accident unless another place is
/// specified. A tie-breaker between the two siblings.
const NONTRAFFIC_UNASKED: f32 = 0.1;

/// Words that place a transport accident off the public highway.
const PLACE_WORDS: [&str; 7] = [
    "nontraffic",
    "non",
    "parking",
    "driveway",
    "offroad",
    "off",
    "farm",
];

/// Words that state why an injury or poisoning happened (typed in full or
/// by a prefix of four letters or more).
const POISONING_INTENT_WORDS: [&str; 20] = [
    "intentional",
    "self",
    "suicide",
    "suicidal",
    "assault",
    "assaulted",
    "undetermined",
    "accidental",
    "unintentional",
    "homicide",
    "homicidal",
    "abuse",
    "abused",
    "maltreatment",
    "brawl",
    "fight",
    "legal",
    "police",
    "military",
    "terrorism",
];

/// Intent words too short for a prefix: typed whole.
const SHORT_INTENT_WORDS: [&str; 1] = ["war"];

/// Relevance taken from an external cause of stated intent (self-harm
/// X71–X83, assault X92–Y09, undetermined Y21–Y33, legal intervention,
/// war and terrorism Y35–Y38) when the query names no intent: the
/// classification's rule (ICD-10-CM guideline I.C.20.f) is that an injury
/// of unknown intent is coded accidental, so "burned by hot water" lists
/// "Contact with hot water in bath or tub" before the shorter "Assault by
/// hot tap water". As [`FAMILY_UNASKED`]: more than the coverage a shorter
/// title gains, less than a term met or missed.
const EXTERNAL_INTENT_UNASKED: f32 = FAMILY_UNASKED;

/// Relevance taken from a "Family history of …" title when the query
/// does not speak of family ("history of breast cancer" is the patient's
/// own, Z85.3 before Z80.3): more than the coverage a shorter title gains,
/// less than a term met or missed.
pub(super) const FAMILY_UNASKED: f32 = 0.3;

impl Intent {
    pub(super) fn read(terms: &[Term]) -> Intent {
        let mut encounter = Encounter::Initial;
        let mut names_family = false;
        let mut names_poisoning_intent = false;
        let mut roles = 0u8;
        let mut names_place = false;
        let mut encounter_said = false;
        let mut previous = "";
        let mut follow = false;
        let mut words_encounter = Encounter::Initial;
        let mut poisoning = false;
        let mut only_poisoning_words = true;
        let mut names_osteoporosis_kind = false;
        for w in terms
            .iter()
            .flat_map(|t| encounter_words(t).unwrap_or(&t.words))
        {
            poisoning |= matches!(
                w.as_str(),
                "overdose" | "overdosed" | "overdosage" | "poisoning" | "poisoned" | "od"
            );
            only_poisoning_words &= DRUG_UNNAMED_WORDS.contains(&w.as_str())
                || ENCOUNTER_WORDS.contains(&w.as_str())
                || w == "initial";
            let w = w.as_str();
            let after = std::mem::replace(&mut previous, w);
            follow |= w == "follow" || w == "followup";
            if matches!(w, "family" | "familial" | "fh" | "fhx") || super::zfactors::is_relative(w)
            {
                names_family = true;
            }
            names_place |= PLACE_WORDS.contains(&w);
            names_osteoporosis_kind |= names_osteoporosis_kind_word(w);
            if let Some(bit) = TRANSPORT_ROLES.iter().position(|r| *r == w) {
                roles |= 1 << bit;
            }
            names_poisoning_intent |= POISONING_INTENT_WORDS
                .iter()
                .any(|p| w.len() >= 4 && p.starts_with(w))
                || SHORT_INTENT_WORDS.contains(&w);
            let said = if w.len() >= 3 && "subsequent".starts_with(w)
                || matches!(
                    w,
                    "followup" | "healing" | "healed" | "routine" | "aftercare"
                )
                || (w == "up" && after == "follow")
            {
                Encounter::Subsequent
            } else if w.len() >= 3 && "sequela".starts_with(w)
                || w == "sequelae"
                || (matches!(w, "effect" | "effects") && after == "late")
            {
                Encounter::Sequela
            } else if matches!(w, "visit" | "encounter" | "time") && after == "first" {
                // "first visit": the initial encounter, which is also what
                // a query naming none means; said, so its words are met.
                encounter_said = true;
                continue;
            } else if w.len() >= 4 && "initial".starts_with(w)
                || matches!(w, "open" | "nonunion" | "malunion" | "delayed")
            {
                Encounter::Said
            } else {
                continue;
            };
            encounter_said |= said != Encounter::Said;
            if said != Encounter::Said {
                words_encounter =
                    if matches!(words_encounter, Encounter::Initial) || words_encounter == said {
                        said
                    } else {
                        Encounter::Said
                    };
            }
            // Two different encounter words: leave it to the words.
            encounter = if encounter == Encounter::Initial || encounter == said {
                said
            } else {
                Encounter::Said
            };
        }
        Intent {
            encounter,
            names_family,
            names_poisoning_intent,
            roles,
            names_place,
            encounter_said,
            follow,
            words_encounter,
            drug_unnamed: poisoning && only_poisoning_words,
            names_osteoporosis_kind,
            drug: DrugEvent::read(
                terms
                    .iter()
                    .flat_map(|t| t.words.iter().map(String::as_str)),
            ),
        }
    }

    /// Relevance added to a poisoning by the unspecified drug (T50.90-)
    /// when the query names no drug ([`DRUG_UNNAMED_WORDS`]).
    pub(super) fn drug_unnamed_pull(self, e: &Entry, key: &str) -> f32 {
        if self.drug_unnamed && e.system == CodeSystem::Icd10Cm && key.starts_with("T5090") {
            DRUG_UNNAMED
        } else {
            0.0
        }
    }

    /// Whether `term` only says which encounter the query means ("follow
    /// up", "visit", "healing", "late effect") and ICD-10-CM code `key`
    /// has that encounter's 7th character: then the code answers the term
    /// ([`ENCOUNTER_WORDS`]). Subsequent encounters are D and the other
    /// healing characters (E–R), sequelae S, initial A–C.
    pub(super) fn meets_encounter_term(self, term: &Term, e: &Entry, key: &str) -> bool {
        if !self.encounter_said || e.system != CodeSystem::Icd10Cm || key.len() != 7 {
            return false;
        }
        let words = encounter_words(term).unwrap_or(&term.words);
        let encounter_only = !words.is_empty()
            && words
                .iter()
                .all(|w| ENCOUNTER_WORDS.contains(&w.as_str()) && (w != "up" || self.follow));
        if !encounter_only {
            return false;
        }
        let c = key.as_bytes()[6];
        let encounter = match self.encounter {
            Encounter::Said => self.words_encounter,
            said => said,
        };
        match encounter {
            Encounter::Initial => matches!(c, b'A' | b'B' | b'C'),
            Encounter::Subsequent => {
                matches!(c, b'D'..=b'R') && c != b'I' && c != b'L' && c != b'O'
            }
            Encounter::Sequela => c == b'S',
            Encounter::Said => false,
        }
    }

    /// Whether `e` is a poisoning by a drug or substance (T36–T65) of
    /// accidental intent (the character before the 7th, or before its
    /// placeholder X: T39.1X1A, T58.91XA, is 1) and the query names no intent:
    /// the classification's rule is that a poisoning of unstated intent
    /// is coded accidental, so that code leads its assault, self-harm and
    /// undetermined siblings ("acetaminophen poisoning" → T39.1X1A). A
    /// drug class's query that speaks of no poisoning ("lisinopril
    /// angioedema") means its adverse effect instead (`drug_event.rs`).
    pub(super) fn usual_poisoning(self, e: &Entry, key: &str) -> bool {
        let b = key.as_bytes();
        !self.names_poisoning_intent
            && e.system == CodeSystem::Icd10Cm
            && b.len() >= 6
            && b[0] == b'T'
            && matches!(
                (b[1], b[2]),
                (b'3', b'6'..=b'9') | (b'4', _) | (b'5', _) | (b'6', b'0'..=b'5')
            )
            && DrugEvent::is(key, self.drug.usual(key))
    }

    /// The 7th character wanted, if one.
    fn seventh(self) -> Option<u8> {
        match self.encounter {
            Encounter::Initial => Some(b'A'),
            Encounter::Subsequent => Some(b'D'),
            Encounter::Sequela => Some(b'S'),
            Encounter::Said => None,
        }
    }

    /// Relevance taken from `e` for what the query did not say.
    pub(super) fn penalty(self, e: &Entry, key: &str, title: &str) -> f32 {
        if e.system != CodeSystem::Icd10Cm {
            return 0.0;
        }
        self.drug.penalty(key) + self.stated_penalty(key, title)
    }

    fn stated_penalty(self, key: &str, title: &str) -> f32 {
        if !self.names_family
            && title.len() >= 14
            && title.as_bytes()[..14].eq_ignore_ascii_case(b"family history")
        {
            FAMILY_UNASKED
        } else if !self.names_poisoning_intent && of_stated_intent(key) {
            EXTERNAL_INTENT_UNASKED
        } else if !self.names_osteoporosis_kind && (key.starts_with("M808") || key == "M818") {
            OTHER_OSTEOPOROSIS_UNASKED
        } else if key.starts_with('V') {
            let swapped = self.roles != 0 && self.role_swapped(title);
            let nontraffic = !self.names_place && title.contains("nontraffic");
            let role = if swapped { ROLE_SWAPPED } else { 0.0 };
            role + if nontraffic { NONTRAFFIC_UNASKED } else { 0.0 }
        } else {
            0.0
        }
    }
}

impl Intent {
    /// Whether a transport title ("X injured in collision with Y") names a
    /// person the query names only after "injured", as the other party.
    fn role_swapped(self, title: &str) -> bool {
        let Some(at) = title.find(" injured ") else {
            return false;
        };
        let (injured, other) = title.split_at(at);
        let names = |part: &str, role: &str| {
            part.split(|c: char| !c.is_ascii_alphanumeric())
                .any(|w| w.eq_ignore_ascii_case(role))
        };
        TRANSPORT_ROLES.iter().enumerate().any(|(bit, role)| {
            self.roles & (1 << bit) != 0 && !names(injured, role) && names(other, role)
        })
    }
}

/// The words of an abbreviation's expansion when it says only which
/// encounter is meant ("f/u" → "follow up"): the typed letters are none
/// of [`ENCOUNTER_WORDS`], what they stand for is.
fn encounter_words(term: &Term) -> Option<&Vec<String>> {
    term.expansions
        .iter()
        .find(|e| !e.is_empty() && e.iter().all(|w| ENCOUNTER_WORDS.contains(&w.as_str())))
}

/// Whether an ICD-10-CM code (lookup key, no dot) is an external cause
/// whose category states an intent other than accident: X71–X83, X92–X99,
/// Y00–Y09, Y21–Y33, Y35–Y38.
fn of_stated_intent(key: &str) -> bool {
    let b = key.as_bytes();
    if b.len() < 3 || !b[1].is_ascii_digit() || !b[2].is_ascii_digit() {
        return false;
    }
    let n = (b[1] - b'0') * 10 + (b[2] - b'0');
    match b[0] {
        b'X' => (71..=83).contains(&n) || (92..=99).contains(&n),
        b'Y' => n <= 9 || (21..=33).contains(&n) || (35..=38).contains(&n),
        _ => false,
    }
}

impl Index {
    /// Among ICD-10-CM codes that differ only in the 7th character, the
    /// one the query's encounter asks for ([`Intent::seventh`]) takes the
    /// best score of its siblings, and the siblings give way below it and
    /// below other stems that answer almost as well: "broken nose" lists
    /// S02.2XXA before the shorter-titled S02.2XXS, "… subsequent" the
    /// routine-healing D before nonunion K, and "hip fracture" the initial
    /// codes of several S72.0- stems before any one stem's D or S.
    pub(super) fn prefer_encounter(&self, scored: &mut [(f32, u32)], intent: Intent) {
        let Some(wanted) = intent.seventh() else {
            return;
        };
        let stem = |id: u32| {
            let e = &self.entries[id as usize];
            let key = self.str(e.key);
            (e.system == CodeSystem::Icd10Cm && key.len() == 7)
                .then(|| (&key[..6], key.as_bytes()[6] == wanted))
        };
        // Per stem: the best score, and whether the wanted sibling is here.
        let mut best: HashMap<&str, (f32, bool)> = HashMap::new();
        for &(score, id) in scored.iter() {
            if let Some((s, is_wanted)) = stem(id) {
                let b = best.entry(s).or_insert((score, false));
                b.0 = b.0.max(score);
                b.1 |= is_wanted;
            }
        }
        for (score, id) in scored.iter_mut() {
            let Some((s, is_wanted)) = stem(*id) else {
                continue;
            };
            let Some(&(b, has_wanted)) = best.get(s) else {
                continue;
            };
            if is_wanted {
                *score = b;
            } else if has_wanted {
                *score = score.min(b - SIBLING_GIVE_WAY);
            }
        }
    }
}

/// How far below the wanted sibling the others drop: past the other
/// stems that answer the words almost as well (relevance differences are
/// at most about 3; a missed term costs 10), so a query that names no
/// encounter lists the initial codes of ten stems, not one stem's
/// initial, subsequent and sequela codes ("broken ankle" filled the top
/// ten with three talus codes' A, D and S).
const SIBLING_GIVE_WAY: f32 = 1.0;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::abbreviations::Abbreviations;
    use crate::search::query::Query;

    fn encounter_of(q: &str) -> (Encounter, bool) {
        let query = Query::parse(q, &Abbreviations::default());
        let i = Intent::read(&query.terms);
        (i.encounter, i.names_family)
    }

    #[test]
    fn the_query_names_its_encounter_or_means_initial() {
        assert_eq!(encounter_of("broken nose").0, Encounter::Initial);
        assert_eq!(encounter_of("femur fx subs").0, Encounter::Subsequent);
        assert_eq!(encounter_of("hip fracture sequela").0, Encounter::Sequela);
        assert_eq!(encounter_of("open fracture tibia").0, Encounter::Said);
        assert_eq!(encounter_of("wrist fracture init").0, Encounter::Said);
        assert_eq!(encounter_of("sprain subsequent sequela").0, Encounter::Said);
        assert_eq!(
            encounter_of("rib fracture follow up").0,
            Encounter::Subsequent
        );
        assert_eq!(
            encounter_of("patella fracture healing").0,
            Encounter::Subsequent
        );
        assert_eq!(
            encounter_of("ankle fracture late effect").0,
            Encounter::Sequela
        );
        assert_eq!(encounter_of("concussion first visit").0, Encounter::Initial);
        let builtin = |q: &str| Intent::read(&Query::parse(q, Abbreviations::builtin()).terms);
        assert_eq!(builtin("ankle fx f/u").encounter, Encounter::Subsequent);
        assert_eq!(
            encounter_of("clavicle fx aftercare").0,
            Encounter::Subsequent
        );
        assert_eq!(encounter_of("fracture delayed healing").0, Encounter::Said);
        assert!(!encounter_of("history of stroke").1);
        let q = |q: &str| Intent::read(&Query::parse(q, &Abbreviations::default()).terms);
        assert!(q("overdose").drug_unnamed && q("accidental drug overdose").drug_unnamed);
        assert!(!q("tylenol overdose").drug_unnamed && !q("drug allergy").drug_unnamed);
        assert!(encounter_of("family history of stroke").1);
    }

    #[test]
    fn encounter_words_are_met_by_the_seventh_character_they_name() {
        use crate::search::{Index, SearchOptions};
        use crate::store::code_tables::IndexableCode;
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code(
                    "S22.31XA",
                    "Fracture of one rib, right side, initial encounter for closed fracture",
                ),
                code(
                    "S22.31XD",
                    "Fracture of one rib, right side, subsequent encounter for fracture with routine healing",
                ),
                code("S22.31XS", "Fracture of one rib, right side, sequela"),
                code(
                    "Z09",
                    "Encounter for follow-up examination after completed treatment",
                ),
            ],
        );
        let first = |q: &str| index.search(q, &SearchOptions::default())[0].code.clone();
        assert_eq!(first("rib fracture follow up visit"), "S22.31XD");
        assert_eq!(first("rib fracture late effect"), "S22.31XS");
        assert_eq!(first("rib fracture first visit"), "S22.31XA");
        // A detail ("delayed") leaves the 7th character to the words, and
        // "follow up" is still met by the subsequent characters.
        let q = Query::parse("rib fx follow up delayed healing", Abbreviations::builtin());
        let intent = Intent::read(&q.terms);
        let follow = q.terms.iter().find(|t| t.words == ["follow"]).unwrap();
        let e = entry("S2231XG");
        assert!(intent.meets_encounter_term(follow, &e, "S2231XG"));
        assert!(!intent.meets_encounter_term(follow, &e, "S2231XA"));
    }

    fn read(q: &str) -> Intent {
        Intent::read(&Query::parse(q, &Abbreviations::default()).terms)
    }

    /// An ICD-10-CM entry of code `key`: the intent rules read only the key.
    fn entry(key: &str) -> Entry {
        let nowhere = crate::search::index::Span { start: 0, len: 0 };
        Entry {
            code: nowhere,
            key: nowhere,
            title: nowhere,
            tokens_start: 0,
            tokens_len: 0,
            system: CodeSystem::Icd10Cm,
            kind: crate::domain::codes::CodeKind::Code,
            billable: key.len() == 7,
            valid_until: Entry::IN_FORCE,
        }
    }

    #[test]
    fn a_poisoning_of_unstated_intent_is_accidental() {
        let plain = read("acetaminophen poisoning");
        assert!(!plain.names_poisoning_intent);
        for key in ["T391X1A", "T5891XA", "T43011A"] {
            assert!(plain.usual_poisoning(&entry(key), key), "{key}");
        }
        for key in ["T391X2A", "T391X4A", "T5892XA", "S72001A", "T7491XA"] {
            assert!(!plain.usual_poisoning(&entry(key), key), "{key}");
        }
        for q in [
            "tylenol overdose intentional",
            "self harm poisoning",
            "assault",
        ] {
            let said = read(q);
            assert!(said.names_poisoning_intent, "{q}");
            assert!(!said.usual_poisoning(&entry("T391X1A"), "T391X1A"), "{q}");
        }
    }

    #[test]
    fn an_external_cause_of_unstated_intent_is_accidental() {
        let plain = read("burned by hot water");
        for key in ["X981XXA", "X781XXA", "Y040XXA", "Y09", "Y270XXA", "Y363XXA"] {
            assert!(plain.penalty(&entry(key), key, "") > 0.0, "{key}");
        }
        let osteoporosis = read("osteoporotic fracture right femur");
        assert!(osteoporosis.penalty(&entry("M80851A"), "M80851A", "") > 0.0);
        assert_eq!(osteoporosis.penalty(&entry("M80051A"), "M80051A", ""), 0.0);
        let steroid = read("steroid induced osteoporosis fracture femur");
        assert_eq!(steroid.penalty(&entry("M80851A"), "M80851A", ""), 0.0);
        for key in [
            "X110XXA", "W540XXA", "V0310XA", "Y9302", "Y92000", "X58XXXA", "Y900",
        ] {
            assert_eq!(plain.penalty(&entry(key), key, ""), 0.0, "{key}");
        }
        let pedestrian = read("pedestrian hit by car");
        let v40 = "Car occupant injured in collision with pedestrian or animal";
        let v03 = "Pedestrian injured in collision with car, pick-up truck or van";
        assert!(pedestrian.penalty(&entry("V4030XA"), "V4030XA", v40) > 0.0);
        assert_eq!(pedestrian.penalty(&entry("V0310XA"), "V0310XA", v03), 0.0);
        assert_eq!(plain.penalty(&entry("V4030XA"), "V4030XA", v40), 0.0);
        // Unless placed, a transport accident is a traffic accident.
        let nontraffic = "Pedestrian on foot injured in collision with car in nontraffic accident";
        let traffic = "Pedestrian on foot injured in collision with car in traffic accident";
        assert!(pedestrian.penalty(&entry("V0300XA"), "V0300XA", nontraffic) > 0.0);
        assert_eq!(
            pedestrian.penalty(&entry("V0310XA"), "V0310XA", traffic),
            0.0
        );
        let parked = read("pedestrian hit by car in parking lot");
        assert_eq!(
            parked.penalty(&entry("V0300XA"), "V0300XA", nontraffic),
            0.0
        );
        for q in [
            "assault hot water",
            "self harm cutting",
            "fist fight",
            "war injury",
        ] {
            assert_eq!(
                read(q).penalty(&entry("Y040XXA"), "Y040XXA", ""),
                0.0,
                "{q}"
            );
        }
    }
}
