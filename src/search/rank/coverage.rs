//! How much of an entry's words a query met: the share of one field's
//! essential words ([`Index::coverage`]) and whether the title leads with a
//! met word ([`Index::title_leads`]). Split from `score.rs`, which weighs
//! these against everything else, so each file keeps one job.

use super::combo;
use super::score::INCLUSION_FACTOR;
use crate::search::index::{Index, Token};

/// How much of an entry the query covers ([`Index::coverage`]).
pub(super) struct Coverage {
    /// The best share of one field's essential words met.
    pub(super) share: f32,
    /// Every essential word of an inclusion term or index path met, and
    /// every wanted term met in it.
    pub(super) spelled: bool,
    /// Every essential word (two or more) of some inclusion term or index
    /// path met.
    pub(super) whole_field: bool,
    /// Every wanted term (two or more) met within one field: the title or
    /// one inclusion term or index path holds all the query's concepts
    /// together (`combo.rs`).
    pub(super) together: bool,
}

impl Index {
    /// Whether the title's first essential word was met. A residual title
    /// ("Other fracture of …") is about what follows its "Other" (`other`,
    /// that word's id): it does not stop the title from leading; nor does
    /// an unmet `route` word opening a HCPCS drug descriptor.
    pub(super) fn title_leads(
        &self,
        tokens: &[Token],
        matched: &[u64],
        other: Option<u32>,
        route: Option<u32>,
    ) -> bool {
        tokens
            .iter()
            .enumerate()
            .filter(|(_, t)| {
                !t.nonessential() && !self.filler[t.word() as usize] && Some(t.word()) != other
            })
            .find(|&(i, t)| matched[i] != 0 || route.is_none() || Some(t.word()) != route)
            .is_some_and(|(i, t)| matched[i] != 0 && t.field() == 0)
    }

    /// The best share of one field's essential words that the query met
    /// (title counted in full, inclusion terms a little less), and
    /// whether the query spelled one inclusion term or index path whole:
    /// its every essential word met, and every term of `wanted` met in it.
    pub(super) fn coverage(&self, tokens: &[Token], matched: &[u64], wanted: u64) -> Coverage {
        let mut best: f32 = 0.0;
        let mut spelled = false;
        let mut whole_field = false;
        let mut together = false;
        let mut field = u32::MAX;
        let (mut core, mut met, mut any, mut terms) = (0u32, 0u32, false, 0u64);
        let mut finish = |field: u32, core: u32, met: u32, any: bool, terms: u64| {
            let share = if core == 0 {
                if any { 1.0 } else { 0.0 }
            } else {
                met as f32 / core as f32
            };
            whole_field |= field != 0 && core > 1 && met == core;
            spelled |= field != 0 && core > 0 && met == core && terms & wanted == wanted;
            together |= combo::holds_all(terms, wanted);
            let factor = if field == 0 { 1.0 } else { INCLUSION_FACTOR };
            best = best.max(share * factor);
        };
        for (t, &m) in tokens.iter().zip(matched) {
            if t.field() != field {
                if field != u32::MAX {
                    finish(field, core, met, any, terms);
                }
                field = t.field();
                (core, met, any, terms) = (0, 0, false, 0);
            }
            any |= m != 0;
            terms |= m;
            if !t.nonessential() && !self.filler[t.word() as usize] {
                core += 1;
                met += u32::from(m != 0);
            }
        }
        if field != u32::MAX {
            finish(field, core, met, any, terms);
        }
        Coverage {
            share: best,
            spelled,
            whole_field,
            together,
        }
    }
}
