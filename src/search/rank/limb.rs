//! A part of a limb is met, a little, by the limb. The classification
//! often stops above the part a coder names: "cellulitis of right foot" is
//! L03.115 "Cellulitis of right lower limb", "blood clot in leg" is
//! I82.40- "… deep veins of lower extremity", "cellulitis right arm" is
//! L03.113 "… right upper limb". The Index leads to the category, and
//! without this the category's first child (the axilla) came first: no
//! title said "foot". A title that names the part itself still ranks
//! above one that names only its limb ([`super::resolve`] gives this way
//! a lower quality than the word's own).

/// Which limb a typed body part belongs to: `"lower"` or `"upper"`.
/// Only parts that lie wholly in one limb; "hip" and "shoulder" (titles
/// treat them as joints of their own) are left out.
pub(super) fn limb_of(word: &str) -> Option<&'static str> {
    const LOWER: [&str; 14] = [
        "foot", "feet", "ankle", "ankles", "toe", "toes", "heel", "heels", "leg", "legs", "knee",
        "knees", "thigh", "calf",
    ];
    const UPPER: [&str; 12] = [
        "hand", "hands", "finger", "fingers", "thumb", "wrist", "wrists", "forearm", "elbow",
        "elbows", "arm", "arms",
    ];
    if LOWER.contains(&word) {
        Some("lower")
    } else if UPPER.contains(&word) {
        Some("upper")
    } else {
        None
    }
}

/// The words titles use for a whole limb, after "lower" or "upper".
pub(super) const LIMB_WORDS: [&str; 4] = ["limb", "limbs", "extremity", "extremities"];

#[cfg(test)]
mod tests {
    use super::limb_of;
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    #[test]
    fn the_limb_meets_its_part_below_the_part_itself() {
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("L03.111", "Cellulitis of right axilla"),
                code("L03.113", "Cellulitis of right upper limb"),
                code("L03.115", "Cellulitis of right lower limb"),
                code("L03.031", "Cellulitis of right toe"),
            ],
        );
        assert_eq!(index.ranked_codes("cellulitis right foot")[0], "L03.115");
        assert_eq!(index.ranked_codes("cellulitis of right arm")[0], "L03.113");
        // The part named by a title outranks its limb.
        assert_eq!(
            index.ranked_codes("cellulitis right toe")[..2],
            ["L03.031", "L03.115"]
        );
    }

    #[test]
    fn parts_belong_to_their_limb() {
        assert_eq!(limb_of("foot"), Some("lower"));
        assert_eq!(limb_of("legs"), Some("lower"));
        assert_eq!(limb_of("wrist"), Some("upper"));
        assert_eq!(limb_of("arm"), Some("upper"));
        assert_eq!(limb_of("hip"), None);
        assert_eq!(limb_of("shoulder"), None);
        assert_eq!(limb_of("cellulitis"), None);
    }
}
