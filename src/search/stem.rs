//! A light suffix stemmer, so that word families meet: hypertension and
//! hypertensive, diabetes and diabetic, fracture and fractured, kidney and
//! kidneys. Deliberately conservative (a stem keeps at least four letters,
//! and "-itis" is never stripped: pneumonia and pneumonitis stay apart).

/// Suffixes removed, longest first; the first that leaves four or more
/// letters wins.
/// "-ated" goes with "-ation" ("perforated" with "perforation",
/// "complicated" with "complication"), as "-ed" goes with "-ion"
/// ("obstructed", "obstruction").
const SUFFIXES: [&str; 23] = [
    "ations", "ation", "ically", "ities", "ious", "ions", "ives", "ical", "ated", "ity", "ion",
    "ive", "ics", "ies", "ous", "ing", "ia", "ic", "es", "ed", "al", "s", "e",
];

/// Irregular past forms of the verbs external-cause titles use in their
/// present participle or noun ("Fall … from tripping", "Bitten or struck
/// by dog"): the family of the regular form. A coder writes what happened
/// ("fell off ladder", "stung by bee").
const IRREGULAR: [(&str, &str); 9] = [
    ("fell", "fall"),
    ("fallen", "fall"),
    ("stung", "sting"),
    ("struck", "strik"),
    ("bit", "bite"),
    ("bitten", "bite"),
    ("burnt", "burn"),
    ("froze", "freez"),
    ("frozen", "freez"),
];

/// Endings of a condition's noun and its adjective that keep their "o":
/// "osteoporosis" and "osteoporotic", "necrosis" and "necrotic",
/// "stenosis", "stenoses" and "stenotic", "antithrombotic" and
/// "antithrombotics" share the stem up to it
/// ("osteoporo"). Keeping the "o" keeps such a noun apart from its root's
/// other words ("sclerosis" from "scleral", "fibrosis" from "fibrous").
const O_ENDINGS: [&str; 4] = ["osis", "oses", "otic", "otics"];

/// The stem of a folded word, or `None` when the word is too short or has
/// no known suffix (then the word is its own family).
pub(crate) fn stem(word: &str) -> Option<&str> {
    if let Some(&(_, regular)) = IRREGULAR.iter().find(|(form, _)| *form == word) {
        return Some(regular);
    }
    if word.len() < 5 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    if let Some(root) = O_ENDINGS.iter().find_map(|e| word.strip_suffix(e))
        && root.len() >= 4
    {
        return Some(&word[..=root.len()]);
    }
    SUFFIXES.iter().find_map(|suffix| {
        let stem = word.strip_suffix(suffix)?;
        (stem.len() >= 4 && !stem.ends_with("it")).then_some(stem)
    })
}

#[cfg(test)]
mod tests {
    use super::stem;

    #[test]
    fn word_families_share_a_stem() {
        for (a, b) in [
            ("hypertension", "hypertensive"),
            ("diabetes", "diabetic"),
            ("fracture", "fractured"),
            ("kidneys", "kidney"),
            ("infection", "infectious"),
            ("anemia", "anemic"),
            ("obesity", "obese"),
            ("perforated", "perforation"),
            ("complicated", "complications"),
            ("incarcerated", "incarceration"),
            ("osteoporosis", "osteoporotic"),
            ("necrosis", "necrotic"),
            ("stenoses", "stenotic"),
            ("antithrombotics", "antithrombotic"),
        ] {
            assert_eq!(stem(a).or(Some(a)), stem(b).or(Some(b)), "{a} / {b}");
        }
    }

    #[test]
    fn irregular_past_forms_join_their_verbs_family() {
        for (a, b) in [
            ("fell", "falling"),
            ("fallen", "fall"),
            ("struck", "striking"),
            ("stung", "stinging"),
            ("burnt", "burns"),
            ("bitten", "bite"),
        ] {
            let key = |w| stem(w).unwrap_or(w);
            assert_eq!(key(a), key(b), "{a} / {b}");
        }
    }

    #[test]
    fn distinct_conditions_stay_apart() {
        assert_ne!(stem("pneumonia"), stem("pneumonitis"));
        assert_ne!(stem("sclerosis"), stem("scleral"));
        assert_ne!(stem("fibrosis"), stem("fibrous"));
        assert_eq!(stem("knee"), None);
        assert_eq!(stem("e11.22"), None);
    }
}
