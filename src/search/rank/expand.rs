//! A matched header brings its billable codes: a query that names a
//! category ("scarlet fever" → A38, "seasickness" → T75.3, an inclusion
//! term written on the category) lists the codes a coder can report below
//! it, the most general first (the unspecified or uncomplicated one, the
//! initial encounter), right after the header's own rank.
//!
//! "Most general" is read from the titles, not from a table: walking down
//! from the header, each level takes the child whose title adds the most
//! general words ("unspecified", "not", "without", "initial", …) and the
//! fewest specific ones ("with", "other", …), unless the query's own words
//! pick another child ("subsequent", "left", "intractable").

use rustc_hash::FxHashMap;

use super::resolve::Resolved;
use crate::domain::codes::CodeKind;
use crate::search::index::{Entry, Index};
use crate::search::words::for_each_word;

/// Billable codes brought per matched header: the most general one, then
/// its nearest siblings.
const BROUGHT: usize = 3;
/// Below the header's score plus the billable bonus: a code met directly
/// as well ranks above the one only brought.
const FIRST_STEP: f32 = 0.01;
const NEXT_STEP: f32 = 0.4;

/// The weight of how a child answered on its own ([`answered_behind`]),
/// per unit of score, and the most it can cost (two general words).
const DIRECT_WEIGHT: f32 = 2.0;
const DIRECT_FLOOR: f32 = 1.0;

/// Words that make a child more general than its siblings.
const GENERAL: [&str; 8] = [
    "unspecified",
    "uncomplicated",
    "not",
    "without",
    "initial",
    "nos",
    "simple",
    "unilateral",
];
/// Words that make a child more specific.
const SPECIFIC: [&str; 4] = ["with", "other", "specified", "sequela"];
/// What each word of a child's title that the query did not ask for
/// costs: a subtype the coder did not name ("Antineoplastic chemotherapy
/// induced pancytopenia") is less general than the residual "Other
/// pancytopenia" the Index gives for the bare term, though neither title
/// says "unspecified". Half a general word, so "unspecified" and
/// "without" still lead.
const UNASKED: f32 = 0.5;

impl Index {
    /// Adds to `scored` (score, entry id; the best `limit` found) the
    /// billable codes below each header in it, scored just under the
    /// header plus `billable_bonus`; keeps the better score of an entry
    /// found both ways.
    pub(super) fn bring_billable_below(
        &self,
        scored: &mut Vec<(f32, u32)>,
        resolved: &[Resolved<'_>],
        billable_bonus: f32,
        in_force_on: i32,
    ) {
        let headers: Vec<(f32, u32)> = scored
            .iter()
            .copied()
            .filter(|&(_, id)| {
                let e = &self.entries[id as usize];
                !e.billable && matches!(e.kind, CodeKind::Category | CodeKind::Code)
            })
            .collect();
        // How each entry answered the query on its own, before any code
        // was brought.
        let direct: FxHashMap<u32, f32> = scored.iter().map(|&(s, id)| (id, s)).collect();
        for (score, id) in headers {
            let brought = self.general_codes_below(id, resolved, &direct, in_force_on);
            for (i, code) in brought.into_iter().enumerate() {
                let step = if i == 0 {
                    FIRST_STEP
                } else {
                    NEXT_STEP + 0.01 * i as f32
                };
                let s = score + billable_bonus - step;
                match scored.iter_mut().find(|(_, c)| *c == code) {
                    Some(found) => found.0 = found.0.max(s),
                    None => scored.push((s, code)),
                }
            }
        }
    }

    /// Up to [`BROUGHT`] billable codes below header `id`: the one reached
    /// by walking down to the most general child, then the other billable
    /// children of its parent level in order of generality.
    fn general_codes_below(
        &self,
        id: u32,
        resolved: &[Resolved<'_>],
        direct: &FxHashMap<u32, f32>,
        in_force_on: i32,
    ) -> Vec<u32> {
        let header = &self.entries[id as usize];
        let mut at = id;
        let mut siblings: Vec<u32> = Vec::new();
        // Every level adds at least one character: the walk ends.
        for _ in 0..8 {
            let e = &self.entries[at as usize];
            if e.billable {
                break;
            }
            let children = self.children(e, header, in_force_on);
            let best_direct = children
                .iter()
                .filter_map(|c| direct.get(c).copied())
                .reduce(f32::max);
            // Each child's standing read once, not once per comparison.
            let standing: Vec<(u32, f32)> = children
                .iter()
                .map(|&c| {
                    let behind = answered_behind(direct.get(&c).copied(), best_direct);
                    (c, self.generality(c, resolved) + behind)
                })
                .collect();
            let Some(&(best, _)) = standing.iter().max_by(|(a, ga), (b, gb)| {
                // Ties go to the first child.
                ga.total_cmp(gb).then(b.cmp(a))
            }) else {
                return Vec::new();
            };
            siblings = children;
            at = best;
        }
        if !self.entries[at as usize].billable {
            return Vec::new();
        }
        let mut out = vec![at];
        siblings.retain(|&s| s != at && self.entries[s as usize].billable);
        siblings.sort_by(|&a, &b| {
            self.generality(b, resolved)
                .total_cmp(&self.generality(a, resolved))
                .then(a.cmp(&b))
        });
        out.extend(siblings.into_iter().take(BROUGHT - 1));
        out
    }

    /// The entries one level below `e` (the shortest keys longer than its
    /// key that start with it), of the header's system, in force.
    fn children(&self, e: &Entry, header: &Entry, in_force_on: i32) -> Vec<u32> {
        let key = self.str(e.key);
        let below: Vec<u32> = self
            .key_range(key)
            .iter()
            .copied()
            .filter(|&c| {
                let c = &self.entries[c as usize];
                c.system == header.system
                    && c.valid_until >= in_force_on
                    && self.str(c.key).len() > key.len()
            })
            .collect();
        let Some(shortest) = below
            .iter()
            .map(|&c| self.str(self.entries[c as usize].key).len())
            .min()
        else {
            return Vec::new();
        };
        below
            .into_iter()
            .filter(|&c| self.str(self.entries[c as usize].key).len() == shortest)
            .collect()
    }

    /// How general a child's title reads, plus a strong pull toward the
    /// words the query asked for.
    fn generality(&self, id: u32, resolved: &[Resolved<'_>]) -> f32 {
        let title = self.str(self.entries[id as usize].title);
        let mut g = 0.0;
        // A query word counts once, however often the title repeats it.
        let mut asked: Vec<u32> = Vec::new();
        // Words after "unspecified", "without" or "not", up to the next
        // comma, deny a subtype rather than name one ("unspecified whether
        // with hypoxia or hypercapnia"): they cost nothing.
        let (mut denying, mut last_end) = (false, 0);
        for_each_word(title, |w, span| {
            if title[last_end..span.start].contains(',') {
                denying = false;
            }
            last_end = span.end;
            if GENERAL.contains(&w) {
                denying |= matches!(w, "unspecified" | "without" | "not");
                g += 1.0;
            } else if SPECIFIC.contains(&w) {
                g -= 1.0;
            }
            let Some(word) = self.vocab.id(w) else { return };
            let wanted = resolved
                .iter()
                .any(|r| !r.term.negated && r.sets.iter().any(|s| s.contains(word)));
            if wanted && !asked.contains(&word) {
                asked.push(word);
                g += 3.0;
            } else if !wanted
                && !denying
                && !span.in_parens
                && !GENERAL.contains(&w)
                && !SPECIFIC.contains(&w)
                && !self.filler[word as usize]
            {
                g -= UNASKED;
            }
        });
        g
    }
}

/// How far behind the best of its siblings (`best`) a child answered the
/// query on its own (`own`), scaled to weigh against
/// [`Index::generality`]: 0 for the best, down to -[`DIRECT_WEIGHT`] ×
/// [`DIRECT_FLOOR`]. The child the Index names for what was said
/// ("Hemorrhage, postpartum" → O72.1 "Other immediate postpartum
/// hemorrhage") leads the one whose title merely reads more general
/// (O72.2 "Delayed and secondary postpartum hemorrhage"). A child that
/// was not scored at all counts as the floor.
fn answered_behind(own: Option<f32>, best: Option<f32>) -> f32 {
    let behind = match (own, best) {
        (Some(own), Some(best)) => (own - best).max(-DIRECT_FLOOR),
        (None, Some(_)) => -DIRECT_FLOOR,
        _ => 0.0,
    };
    DIRECT_WEIGHT * behind
}

#[cfg(test)]
mod tests {
    use crate::domain::codes::{CodeKind, CodeSystem};
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    fn header(code: &str, title: &str) -> IndexableCode {
        IndexableCode {
            kind: CodeKind::Category,
            billable: false,
            ..IndexableCode::billable(code, title)
        }
    }

    #[test]
    fn a_bare_header_brings_its_residual_code_before_a_subtype_not_asked() {
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                header("D61.81", "Pancytopenia"),
                code(
                    "D61.810",
                    "Antineoplastic chemotherapy induced pancytopenia",
                ),
                code("D61.811", "Other drug-induced pancytopenia"),
                code("D61.818", "Other pancytopenia"),
            ],
        );
        assert_eq!(index.first_code("pancytopenia"), "D61.818");
        // The query's own words still pick the subtype.
        assert_eq!(
            index.first_code("chemotherapy induced pancytopenia"),
            "D61.810"
        );
    }

    #[test]
    fn the_child_the_index_names_leads_a_more_general_reading_title() {
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                header("O72", "Postpartum hemorrhage"),
                code("O72.0", "Third-stage hemorrhage"),
                IndexableCode {
                    terms: vec!["Hemorrhage, postpartum (atonic) (following delivery)".into()],
                    ..code("O72.1", "Other immediate postpartum hemorrhage")
                },
                code("O72.2", "Delayed and secondary postpartum hemorrhage"),
            ],
        );
        assert_eq!(index.first_code("postpartum hemorrhage"), "O72.1");
        assert_eq!(index.first_code("delayed postpartum hemorrhage"), "O72.2");
    }

    #[test]
    fn words_denied_after_unspecified_are_not_a_subtype() {
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                header("J96.1", "Chronic respiratory failure"),
                code(
                    "J96.10",
                    "Chronic respiratory failure, unspecified whether with hypoxia or hypercapnia",
                ),
                code("J96.11", "Chronic respiratory failure with hypoxia"),
                code("J96.12", "Chronic respiratory failure with hypercapnia"),
            ],
        );
        assert_eq!(index.first_code("chronic respiratory failure"), "J96.10");
    }
}
