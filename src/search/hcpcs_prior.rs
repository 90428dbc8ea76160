//! Which of several HCPCS codes that answer a query alike a coder means,
//! when the query does not say: the code in force, the injection rather
//! than the oral form, the reference product rather than a biosimilar,
//! the FDA-approved product rather than a compounded one.
//!
//! Why: the HCPCS file keeps terminated codes beside their successors
//! ("Injection, epoetin alfa, 1000 units (for esrd on dialysis)", ended
//! 2015, beside the codes that replaced it), and names variants of one
//! drug whose descriptors share its generic ("Ondansetron 1 mg, oral, …"
//! beside "Injection, ondansetron hydrochloride, per 1 mg"; "infliximab,
//! biosimilar" beside "infliximab, excludes biosimilar"; albuterol
//! "compounded product" beside "fda-approved final product,
//! non-compounded"). The shorter variant title otherwise wins on how much
//! of it the query covers. Each variant is what a coder names when meant
//! ("zofran oral", "inflectra", "compounded"), so it gives way only when
//! the query does not name it: a small relevance cost, less than any
//! difference in the terms met.

use super::hcpcs_dme::DmeIntent;
use crate::domain::codes::CodeSystem;
use crate::search::index::Entry;
use crate::search::query::Term;
use crate::search::words::for_each_word;

/// Relevance taken from a terminated code: less than a term met or
/// missed, more than the coverage a shorter title gains over a sibling.
const TERMINATED: f32 = 0.6;
/// Relevance taken from a variant the query does not name.
const UNASKED_VARIANT: f32 = 0.4;

/// The variants a query names, read once per query.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct HcpcsIntent {
    oral: bool,
    biosimilar: bool,
    compounded: bool,
    /// The equipment variants it names (`hcpcs_dme.rs`).
    dme: DmeIntent,
}

impl HcpcsIntent {
    pub(crate) fn read<'a>(terms: impl IntoIterator<Item = &'a Term> + Clone) -> HcpcsIntent {
        let mut intent = HcpcsIntent {
            dme: DmeIntent::read(terms.clone()),
            ..HcpcsIntent::default()
        };
        for w in terms.into_iter().flat_map(|t| t.words.iter()) {
            match w.as_str() {
                "oral" | "po" | "tab" | "tabs" | "tablet" | "tablets" | "capsule" | "capsules"
                | "pill" | "pills" => intent.oral = true,
                "biosimilar" | "biosimilars" => intent.biosimilar = true,
                "compounded" | "compound" => intent.compounded = true,
                _ => {}
            }
        }
        intent
    }

    /// The relevance `e` (titled `title`) gives up: terminated, or a
    /// variant the query does not name. Only HCPCS entries.
    pub(crate) fn penalty(self, e: &Entry, title: &str) -> f32 {
        if e.system != CodeSystem::Hcpcs {
            return 0.0;
        }
        let mut cost = if e.valid_until != Entry::IN_FORCE {
            TERMINATED
        } else {
            0.0
        };
        cost += self.dme.penalty(title);
        // Most titles name no variant: a substring test spares the word scan.
        let may_name = ["oral", "Oral", "biosimilar", "ompounded"]
            .iter()
            .any(|w| title.contains(w));
        if !may_name {
            return cost;
        }
        let mut previous = String::new();
        let mut variant = false;
        for_each_word(title, |w, _| {
            // "excludes biosimilar", "non-compounded" name the reference.
            let negated = matches!(previous.as_str(), "excludes" | "non" | "not");
            variant |= !negated
                && match w {
                    "oral" => !self.oral,
                    "biosimilar" => !self.biosimilar,
                    "compounded" => !self.compounded,
                    _ => false,
                };
            previous.clear();
            previous.push_str(w);
        });
        if variant {
            cost += UNASKED_VARIANT;
        }
        cost
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::CodeKind;
    use crate::search::Query;
    use crate::search::abbreviations::Abbreviations;

    fn entry(system: CodeSystem, valid_until: i32) -> Entry {
        let span = crate::search::index::Span { start: 0, len: 0 };
        Entry {
            code: span,
            key: span,
            title: span,
            tokens_start: 0,
            tokens_len: 0,
            system,
            kind: CodeKind::Code,
            billable: true,
            valid_until,
        }
    }

    fn intent(q: &str) -> HcpcsIntent {
        HcpcsIntent::read(&Query::parse(q, Abbreviations::builtin()).terms)
    }

    #[test]
    fn unasked_variants_and_terminated_codes_give_way() {
        let active = entry(CodeSystem::Hcpcs, Entry::IN_FORCE);
        let zofran = intent("zofran");
        let inj = "Injection, ondansetron hydrochloride, per 1 mg";
        let oral = "Ondansetron 1 mg, oral, fda approved prescription anti-emetic";
        assert_eq!(zofran.penalty(&active, inj), 0.0);
        assert!(zofran.penalty(&active, oral) > 0.0);
        assert_eq!(intent("zofran oral").penalty(&active, oral), 0.0);
        let ended = entry(CodeSystem::Hcpcs, 735_000);
        assert!(zofran.penalty(&ended, inj) > 0.0);
        // The reference product's descriptor names biosimilars to exclude them.
        let remicade = intent("remicade");
        let reference = "Injection, infliximab, excludes biosimilar, 10 mg";
        let biosimilar = "Injection, infliximab-dyyb, biosimilar, (inflectra), 10 mg";
        assert_eq!(remicade.penalty(&active, reference), 0.0);
        assert!(remicade.penalty(&active, biosimilar) > 0.0);
        let albuterol =
            "Albuterol, inhalation solution, fda-approved final product, non-compounded";
        assert_eq!(intent("albuterol").penalty(&active, albuterol), 0.0);
        // Other systems are left alone.
        let cm = entry(CodeSystem::Icd10Cm, Entry::IN_FORCE);
        assert_eq!(zofran.penalty(&cm, oral), 0.0);
    }
}
