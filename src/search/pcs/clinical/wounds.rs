//! Coders' words for wound care and abscesses (pcs11): how incision and
//! drainage and debridement are typed, which root operation the
//! debridement's kind names (excisional: Excision; non-excisional,
//! selective, mechanical: Extraction, per the PCS definitions of the two
//! operations), and the PCS body part key's names for the sites they are
//! done at. Like the other tables, axis values only, never codes.

use super::{Clinical, c};

/// Wound-care and abscess terms not in the other tables or the lexicon.
pub(in crate::search::pcs) const WOUNDS: &[Clinical] = &[
    // Incision and drainage spelt out or with "and": as "I&D" ("i d"),
    // Drainage of the soft tissue an abscess sits in.
    c("i and d", "drainage", "subcutaneous tissue", "0", ""),
    c(
        "incise and drain",
        "drainage",
        "subcutaneous tissue",
        "0",
        "",
    ),
    c(
        "incision drainage",
        "drainage",
        "subcutaneous tissue",
        "0",
        "",
    ),
    // "Exc debridement": the excisional one, cutting out tissue (Excision).
    c("exc", "excision", "", "", ""),
    // Debridement that pulls or scrapes tissue off without cutting it out
    // is Extraction ("pulling or stripping out or off").
    c("non excisional", "extraction", "", "", ""),
    c("selective debridement", "extraction", "", "", ""),
    c("nonselective debridement", "extraction", "", "", ""),
    c("mechanical debridement", "extraction", "", "", ""),
    // Body part key: the calcaneus is a tarsal; the calf is the lower leg;
    // the gluteal muscles are the hip muscles.
    c("calcaneus", "", "tarsal", "", ""),
    c("calcaneal", "", "tarsal", "", ""),
    c("calf", "", "lower leg", "", ""),
    c("buttock muscle", "", "hip muscle", "", ""),
    c("gluteal muscle", "", "hip muscle", "", ""),
    // Abscess sites named by the organ they lie beside.
    c(
        "perirectal",
        "",
        "rectum|anus|perineum subcutaneous",
        "",
        "",
    ),
    c(
        "ischiorectal",
        "",
        "anus|perineum subcutaneous|rectum",
        "",
        "",
    ),
    c(
        "pilonidal",
        "",
        "buttock subcutaneous|perineum subcutaneous|pelvic region subcutaneous",
        "",
        "",
    ),
    c("scrotal", "", "scrotum", "", ""),
    c("peritonsillar", "", "tonsils", "", ""),
    c("bartholin", "", "vestibular gland", "", ""),
    // Device key names coders use when a device is taken out: the spelt-out
    // vena cava filter (as "ivc filter"), a breast or joint implant (a
    // synthetic substitute), orthopedic hardware (fixation devices).
    c(
        "vena cava filter",
        "insertion",
        "inferior vena cava",
        "3|0",
        "intraluminal device",
    ),
    c("breast implant", "", "breast", "", "synthetic substitute"),
    c("prosthesis", "", "", "", "synthetic substitute|prosthesis"),
    c(
        "hardware",
        "",
        "",
        "",
        "internal fixation|external fixation",
    ),
];

#[cfg(test)]
mod tests {
    use super::super::{CLINICAL, CODERS};
    use super::*;

    #[test]
    fn wound_keys_are_new_and_folded() {
        for (i, t) in WOUNDS.iter().enumerate() {
            assert!(
                t.key.chars().all(|ch| ch.is_ascii_lowercase() || ch == ' '),
                "{}",
                t.key
            );
            assert!(
                CLINICAL.iter().chain(CODERS).all(|b| b.key != t.key),
                "{} elsewhere",
                t.key
            );
            assert!(
                WOUNDS[..i].iter().all(|b| b.key != t.key),
                "{} twice",
                t.key
            );
        }
    }

    #[test]
    fn the_kind_of_debridement_names_the_operation() {
        let op = |k: &str| WOUNDS.iter().find(|t| t.key == k).map(|t| t.ops);
        assert_eq!(op("exc"), Some("excision"));
        assert_eq!(op("non excisional"), Some("extraction"));
        assert_eq!(op("selective debridement"), Some("extraction"));
        assert_eq!(op("i and d"), Some("drainage"));
    }
}
