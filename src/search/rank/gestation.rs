//! Weeks of gestation meet their trimester. A coder types the chart's
//! "uti 20 weeks pregnant" or "preeclampsia at 30 wks"; the pregnancy
//! chapter's titles say "…, second trimester" and "…, third trimester",
//! and only the Z3A codes say weeks. Without this the Z3A codes, which
//! meet the number, led every such query and the condition itself (the
//! code sequenced first) was missing. ICD-10-CM counts trimesters from the
//! first day of the last menstrual period: first, less than 14 weeks 0
//! days; second, 14 weeks 0 days to less than 28 weeks 0 days; third, 28
//! weeks 0 days until delivery.

use super::resolve::{Resolved, WordSet};
use crate::search::index::Index;

/// How much a trimester title meets the typed weeks: below the number
/// itself (Z3A's "30 weeks gestation" and a newborn's "30 completed
/// weeks" still meet it exactly), above a title that says no time.
const Q_TRIMESTER: f32 = 0.9;

/// The words a coder types after the number of weeks.
const WEEK_WORDS: [&str; 4] = ["weeks", "week", "wks", "wk"];

/// The trimester, as the titles spell its ordinal, of `weeks` completed
/// weeks; `None` outside a pregnancy's length.
fn trimester(weeks: u32) -> Option<&'static str> {
    match weeks {
        4..=13 => Some("first"),
        14..=27 => Some("second"),
        28..=42 => Some("third"),
        _ => None,
    }
}

impl Index {
    /// For each typed number followed by a week word, lets the number be
    /// met by its trimester's ordinal and "trimester", and the week word
    /// by "trimester". `resolved` is in query order.
    pub(super) fn weeks_meet_trimesters(&self, resolved: &mut [Resolved<'_>]) {
        let Some(trimester_word) = self.vocab.id("trimester") else {
            return;
        };
        for i in 1..resolved.len() {
            let ([number], [unit]) = (
                resolved[i - 1].term.words.as_slice(),
                resolved[i].term.words.as_slice(),
            ) else {
                continue;
            };
            if !WEEK_WORDS.contains(&unit.as_str()) {
                continue;
            }
            let Some(ordinal) = number.parse().ok().and_then(trimester) else {
                continue;
            };
            let Some(ordinal) = self.vocab.id(ordinal) else {
                continue;
            };
            let sets = vec![WordSet::one(ordinal), WordSet::one(trimester_word)];
            self.add_way(&mut resolved[i - 1], sets, Q_TRIMESTER);
            self.add_way(
                &mut resolved[i],
                vec![WordSet::one(trimester_word)],
                Q_TRIMESTER,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::trimester;
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    #[test]
    fn weeks_fall_in_the_trimesters_the_guidelines_count() {
        assert_eq!(trimester(13), Some("first"));
        assert_eq!(trimester(14), Some("second"));
        assert_eq!(trimester(27), Some("second"));
        assert_eq!(trimester(28), Some("third"));
        assert_eq!(trimester(2), None);
        assert_eq!(trimester(60), None);
    }

    #[test]
    fn the_condition_in_its_trimester_leads_the_weeks_code() {
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("O14.92", "Unspecified pre-eclampsia, second trimester"),
                code("O14.93", "Unspecified pre-eclampsia, third trimester"),
                code("O14.90", "Unspecified pre-eclampsia, unspecified trimester"),
                code("Z3A.30", "30 weeks gestation of pregnancy"),
                code("Z3A.20", "20 weeks gestation of pregnancy"),
                code(
                    "P07.33",
                    "Preterm newborn, gestational age 30 completed weeks",
                ),
            ],
        );
        assert_eq!(index.first_code("pre-eclampsia 30 weeks"), "O14.93");
        assert_eq!(index.first_code("pre-eclampsia at 20 wks"), "O14.92");
        // Weeks alone still mean the weeks code, and a newborn's weeks.
        assert_eq!(index.first_code("30 weeks gestation"), "Z3A.30");
        assert_eq!(index.first_code("preterm newborn 30 weeks"), "P07.33");
    }
}
