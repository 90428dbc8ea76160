//! More of the external-cause vocabulary (round 10), beside
//! `external.rs`'s parts: the words people type for the objects,
//! animals, substances, drug events and activities of chapter 20 and
//! T36–T65 whose titles say them another way ("forklift" → "special
//! industrial vehicle", "kicked" → "Struck by horse", "space heater" →
//! "hot heating appliances", "alcohol" → "ethanol", "missed doses" →
//! "Underdosing of …", "mowing the lawn" → "Activity, gardening and
//! landscaping"), the query words that only say "this is an external
//! cause" ("injury", "accident", "ecode", "external cause"), and the
//! residences nobody means unless they say so ("mobile home").
//!
//! Like `external.rs`'s parts, every word here is met only by the
//! external-cause and drug-event codes, so "heater", "rat" or "missed"
//! keep their plain meaning everywhere else.

use super::external::Part;
use super::resolve::Resolved;

/// Parts added in round 10, read with `external.rs`'s tables.
pub(super) const MORE_PARTS: &[Part] = &[
    // Vehicles the titles name by their class.
    (&["forklift", "forklifts"], &[&["industrial"]]),
    // A tractor on a farm is a special agricultural vehicle (a tractor
    // on the road, hauling a trailer, stays heavy transport).
    (&["tractor", "tractors", "combine"], &[&["agricultural"]]),
    // Falls and what they were from or how.
    (&["monkey"], &[&["jungle"], &["gym"]]),
    (&["bucked"], &[&["thrown"]]),
    // Animal contacts: the titles say "struck by" a horse or cow, "bitten
    // by" or the venom of what bit.
    (&["kicked", "kick", "trampled"], &[&["struck"]]),
    (&["bite", "bites", "bit", "bitten"], &[&["bitten", "venom"]]),
    // Animals the titles name by their class: "other hoof stock", "cow",
    // "bees", "ants" (whose singular the abbreviations read as anterior).
    (
        &[
            "deer", "goat", "goats", "sheep", "lamb", "llama", "alpaca", "donkey", "mule", "elk",
            "moose", "camel",
        ],
        &[&["hoof"], &["stock"]],
    ),
    (&["bull", "bulls", "steer", "calf", "cattle"], &[&["cow"]]),
    (
        &["honeybee", "honeybees", "bumblebee", "bumblebees"],
        &[&["bees"]],
    ),
    (&["ant", "ants"], &[&["ants"]]),
    // "Struck by" is also "strike by" ("Other cause of strike by thrown,
    // projected or falling object").
    (&["hit", "struck", "gored"], &[&["struck", "strike"]]),
    (
        &["tick", "ticks", "bug", "bugs", "mosquito", "flea", "fleas"],
        &[&["insect", "arthropods"]],
    ),
    // An animal named where the title says only "animal" ("walking an
    // animal", "collision with pedestrian or animal").
    (
        &["dog", "dogs", "cat", "cats", "deer", "moose", "elk"],
        &[&["animal"]],
    ),
    // Objects and machines.
    (&["saw", "tablesaw"], &[&["woodworking"]]),
    (
        &["iron", "dryer", "straightener"],
        &[&["household"], &["appliances"]],
    ),
    (
        &["heater", "heaters", "radiator", "furnace"],
        &[&["heating"]],
    ),
    (&["grease", "oil"], &[&["fats", "oils"]]),
    (&["penny", "nickel", "dime", "quarter"], &[&["coin"]]),
    (&["magnet", "magnets"], &[&["magnetic"]]),
    // Water: a lake, river or the sea is natural water.
    (
        &["lake", "river", "ocean", "sea", "pond", "creek"],
        &[&["natural"], &["water"]],
    ),
    // Assault; a stab is by a sharp object.
    (
        &["stabbed", "stab", "stabbing"],
        &[&["sharp", "knife", "dagger"]],
    ),
    (
        &["beaten", "assaulted", "mugged", "robbery", "robbed"],
        &[&["assault"]],
    ),
    // Substances as the toxic-effect titles name them.
    (&["alcohol", "booze"], &[&["ethanol"]]),
    // People say "poisoning" where T51–T65 say "Toxic effect of".
    (&["poisoning", "poisoned", "poison"], &[&["toxic"]]),
    // What was swallowed or inhaled "entered through a natural orifice".
    (
        &["swallowed", "ingested", "ingestion", "inhaled"],
        &[&["orifice"]],
    ),
    (&["antifreeze"], &[&["alcohols"]]),
    (&["rat", "mouse", "rodent"], &[&["rodenticides"]]),
    (&["furnace", "generator"], &[&["domestic"], &["fuels"]]),
    // Drug events: a symptom "from" a drug is its adverse effect;
    // missing or stopping doses is underdosing.
    (&["from"], &[&["adverse"]]),
    (
        &[
            "missed",
            "missing",
            "skipped",
            "stopped",
            "forgot",
            "ran",
            "noncompliant",
            "noncompliance",
        ],
        &[&["underdosing"]],
    ),
    // Machines by the titles' class: powered kitchen appliances, hot
    // engines.
    (
        &["slicer", "blender", "mixer", "grinder"],
        &[&["kitchen"], &["appliance"]],
    ),
    (&["exhaust", "muffler", "engine"], &[&["hot"], &["engines"]]),
    // Places and activities.
    (&["city"], &[&["public"]]),
    (&["jail", "jails", "penitentiary"], &[&["prison"]]),
    (&["jogging", "jog", "jogged", "jogger"], &[&["running"]]),
    (
        &[
            "phone",
            "phones",
            "cellphone",
            "smartphone",
            "texting",
            "tablet",
        ],
        &[&["electronic"], &["device"]],
    ),
    (
        &[
            "rollerblading",
            "rollerblade",
            "rollerblades",
            "rollerblader",
        ],
        &[&["line"], &["roller"]],
    ),
    (&["hoops"], &[&["basketball"]]),
    (
        &["mowing", "lawn", "weeding", "weeds", "raking"],
        &[&["gardening", "landscaping"]],
    ),
    (&["lifting"], &[&["activity"]]),
];

/// Words that say only that the code wanted is an external cause: the
/// nouns a coder puts after the cause ("table saw injury", "fireworks
/// injury", "push mower accident") and the names of the code kind itself
/// ("ecode for dog bite"). Chapter-20 titles never say them, so the cause
/// used to trail "Injury, unspecified" (T14.90), which meets the noun
/// and nothing else.
const GENERIC: [&str; 8] = [
    "injury",
    "injuries",
    "injured",
    "accident",
    "accidents",
    "ecode",
    "ecodes",
    "trauma",
];

/// Two-word names of the code kind: "e code", "external cause", "cause
/// code".
const GENERIC_PAIRS: [(&str, &str); 3] = [("e", "code"), ("external", "cause"), ("cause", "code")];

/// The terms (bit per index into `resolved`) that only say "an external
/// cause", met by one as a cause phrase's verb is (`cause.rs`). Only when
/// the query names something besides: "injury" alone asks for T14.90.
pub(super) fn generic_terms(resolved: &[Resolved<'_>]) -> u64 {
    let one = |i: usize| resolved.get(i).and_then(|r| r.term.single_word());
    let n = resolved.len().min(62);
    let mut mask = 0u64;
    for i in 0..n {
        let Some(w) = one(i) else { continue };
        if GENERIC.contains(&w) {
            mask |= 1 << i;
        }
        if let Some(next) = one(i + 1)
            && GENERIC_PAIRS.contains(&(w, next))
        {
            mask |= 0b11 << i;
        }
    }
    unless_alone(resolved, mask)
}

/// `mask` (a bit per term of `resolved`, the first 62) when the query
/// names something besides those terms, else nothing: a word that only
/// says what kind of code is wanted ("injury", "took") asks for the
/// unspecified code when it is all the query says.
pub(super) fn unless_alone(resolved: &[Resolved<'_>], mask: u64) -> u64 {
    let content = resolved
        .iter()
        .take(62)
        .enumerate()
        .filter(|(_, r)| !r.term.connector)
        .fold(0u64, |m, (i, _)| m | 1 << i);
    if content & !mask == 0 { 0 } else { mask }
}

/// Residences a place-of-occurrence title (Y92) names but a coder means
/// only when saying so: "at home" is a private house, not "Kitchen in
/// mobile home", "Bathroom in nursing home" or "… boarding-house", which
/// spell "home" or "house" itself and used to lead the house that the
/// part "home" → "private house" meets.
pub(super) const UNUSUAL_PLACES: [&str; 6] = [
    "mobile",
    "nursing",
    "boarding",
    "orphanage",
    "military",
    "prison",
];

#[cfg(test)]
mod tests {
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    fn index(codes: &[(&str, &str)]) -> Index {
        Index::build_system(
            CodeSystem::Icd10Cm,
            codes
                .iter()
                .map(|(c, t)| IndexableCode::billable(c, t))
                .collect(),
        )
    }

    /// A word that only says "external cause" is met by the cause, so the
    /// cause leads the unspecified injury that meets that word alone.
    #[test]
    fn injury_after_a_cause_is_met_by_the_cause() {
        let index = index(&[
            ("T14.90XA", "Injury, unspecified, initial encounter"),
            ("W39.XXXA", "Discharge of firework, initial encounter"),
            (
                "W31.2XXA",
                "Contact with powered woodworking and forming machines, initial encounter",
            ),
        ]);
        assert_eq!(index.first_code("firework injury"), "W39.XXXA");
        assert_eq!(index.first_code("saw injury"), "W31.2XXA");
        assert_eq!(index.first_code("injury"), "T14.90XA");
    }

    #[test]
    fn an_ecode_request_wants_the_cause() {
        let index = index(&[
            ("S51.851A", "Open bite of right forearm, initial encounter"),
            ("W54.0XXA", "Bitten by dog, initial encounter"),
            (
                "Y92.009",
                "Unspecified place in unspecified non-institutional (private) residence as the place of occurrence of the external cause",
            ),
        ]);
        assert_eq!(index.first_code("external cause dog bite"), "W54.0XXA");
    }

    /// The new parts: a kick is "struck", a missed dose underdosing,
    /// alcohol ethanol, and only in the external-cause codes.
    #[test]
    fn round_ten_parts_meet_their_title_words() {
        let index = index(&[
            ("W55.11XA", "Bitten by horse, initial encounter"),
            ("W55.12XA", "Struck by horse, initial encounter"),
            (
                "T46.4X1A",
                "Poisoning by angiotensin-converting-enzyme inhibitors, accidental (unintentional), initial encounter",
            ),
            (
                "T46.4X6A",
                "Underdosing of angiotensin-converting-enzyme inhibitors, initial encounter",
            ),
            (
                "T50.6X1A",
                "Poisoning by antidotes and chelating agents, accidental (unintentional), initial encounter",
            ),
            (
                "T51.0X1A",
                "Toxic effect of ethanol, accidental (unintentional), initial encounter",
            ),
            ("Y93.K1", "Activity, walking an animal"),
            ("Y93.01", "Activity, walking, marching and hiking"),
        ]);
        assert_eq!(index.first_code("kicked by a horse"), "W55.12XA");
        assert_eq!(
            index.first_code("missed doses of ace inhibitor"),
            "T46.4X6A"
        );
        assert_eq!(index.first_code("alcohol poisoning"), "T51.0X1A");
        assert_eq!(index.first_code("walking the dog"), "Y93.K1");
    }
}
