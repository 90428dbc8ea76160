//! How much of a HCPCS descriptor's head the query covers.
//!
//! Why: a HCPCS Level II descriptor names its item first and qualifies it
//! after commas ("Oxygen concentrator, single delivery port, capable of
//! delivering 85 percent or greater oxygen concentration at the prescribed
//! flow rate"; "Transport chair, adult size, patient weight capacity up to
//! and including 300 pounds"). Coverage over the whole title made the
//! sibling with the fewest qualifiers win whatever its item: "Portable
//! oxygen concentrator, rental" led "oxygen concentrator", "Transport
//! chair, pediatric size" or a plain "Standard wheelchair" led "transport
//! chair". Half of a HCPCS entry's coverage is therefore the share of its
//! head (the words before the first comma or semicolon) the query met,
//! half the share of the whole title as before: siblings with the same
//! head still order by their qualifiers, and an item the query names
//! whole leads a longer-named item it names in part.
//!
//! A head of one word ("Injection", "Walker", "Cervical") names a class,
//! not an item: the whole title decides as before.

use crate::domain::codes::CodeSystem;
use crate::search::index::{Entry, Index, Token};
use crate::search::words::for_each_word;

/// The head's part of a HCPCS entry's coverage.
const HEAD: f32 = 0.5;

impl Index {
    /// `share` (the best share of one field the query met) blended with
    /// the share of the head for a HCPCS entry.
    pub(crate) fn hcpcs_coverage(
        &self,
        e: &Entry,
        tokens: &[Token],
        matched: &[u64],
        share: f32,
    ) -> f32 {
        if e.system != CodeSystem::Hcpcs {
            return share;
        }
        let title = self.str(e.title);
        let Some(cut) = title.find([',', ';']) else {
            return share;
        };
        let mut head_words = 0;
        for_each_word(&title[..cut], |_, _| head_words += 1);
        let (mut core, mut met) = (0u32, 0u32);
        for (t, &m) in tokens.iter().zip(matched).take(head_words) {
            if t.field() != 0 {
                break;
            }
            if !t.nonessential() && !self.filler[t.word() as usize] {
                core += 1;
                met += u32::from(m != 0);
            }
        }
        if core < 2 {
            return share;
        }
        HEAD * met as f32 / core as f32 + (1.0 - HEAD) * share
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::codes::CodeSystem;
    use crate::search::{Index, SearchOptions};
    use crate::store::code_tables::IndexableCode;

    fn code(code: &str, title: &str) -> IndexableCode {
        IndexableCode::billable(code, title)
    }

    #[test]
    fn the_item_named_whole_leads_a_shorter_title_naming_more() {
        let index = Index::build_system(
            CodeSystem::Hcpcs,
            vec![
                code(
                    "E1390",
                    "Oxygen concentrator, single delivery port, capable of delivering 85 percent or greater oxygen concentration at the prescribed flow rate",
                ),
                code("E1392", "Portable oxygen concentrator, rental"),
            ],
        );
        let first = |q: &str| {
            index
                .search(q, &SearchOptions::default())
                .into_iter()
                .next()
                .map(|h| h.code)
                .unwrap_or_default()
        };
        assert_eq!(first("oxygen concentrator"), "E1390");
        assert_eq!(first("portable oxygen concentrator"), "E1392");
    }

    /// `rank/score.rs` `title_leads`: an unmet "Injection" opening a HCPCS
    /// drug descriptor does not stop the drug after it from leading.
    #[test]
    fn a_drug_descriptor_leads_with_its_drug_after_its_route() {
        let index = Index::build_system(
            CodeSystem::Hcpcs,
            vec![
                code("J2405", "Injection, ondansetron hydrochloride, per 1 mg"),
                code(
                    "S0119",
                    "Ondansetron, oral, 4 mg (for circumstances falling under the medicare statute, use hcpcs q code)",
                ),
            ],
        );
        let hits = index.search("ondansetron 4 mg", &SearchOptions::default());
        assert_eq!(hits.first().map(|h| h.code.as_str()), Some("J2405"));
    }
}
