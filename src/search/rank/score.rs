//! Scoring one candidate: which terms its words meet (through a per-query
//! word look-up), how well, and how much of its title the query covers.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::cause::{CAUSE_TERM, CauseTerms, cause_terms, meets_cause_term};
use super::combo::{self, Denying};
use super::context::ChapterContext;
use super::coverage::Coverage;
use super::external::Roles;
use super::intent::Intent;
use super::resolve::{Q_ABSENT, Q_EXACT, Resolved, parse_quantity};
use super::siteless::{SITELESS_FACTOR, SiteWords};
use super::zfactors::ZTerms;
use crate::domain::codes::{CodeKind, CodeSystem};
use crate::search::hcpcs_prior::HcpcsIntent;
use crate::search::index::{Entry, Index, Token};
use crate::search::vocab::Vocab;

/// Weight of the plainer title among codes that answer alike
/// ([`Index::title_plainness`]): less than any difference in how a term
/// was met, enough to order siblings that tie.
const PLAIN: f32 = 0.04;

/// Relevance for an entry one of whose index paths (or inclusion terms)
/// the query met in every essential word: the code the Index gives for
/// what was said, before codes the Index reaches only through further
/// subterms ("pulmonary embolism": "Embolism, pulmonary" → I26.99, not
/// "Embolism, pulmonary, septic" → I26.90). A tie-breaker.
const WHOLE_PATH: f32 = 0.1;

/// The pull of a typed category toward its unspecified code
/// ([`Index::unspecified_below`]): more than the share of a longer code
/// its typed characters cover (J45 → J45.909 before J45.20), less than a
/// term met or missed.
const CATEGORY_DEFAULT: f32 = 0.4;

/// A term met only in an inclusion term counts for a little less.
pub(super) const INCLUSION_FACTOR: f32 = 0.9;

/// The pull toward the usual 7th character among siblings that answer
/// alike: less than any difference in how a term was met.
const USUAL_ENCOUNTER: f32 = 0.1;

/// How well a 7th character meets a term that names its encounter in a
/// coder's words ("follow up" → D): as an abbreviation's expansion.
const ENCOUNTER_TERM: f32 = 0.95;

/// An ICD-10-CM code whose 7th character is the usual one of its kind:
/// initial encounter (A, closed fracture), subsequent encounter (D,
/// routine healing) or sequela (S). A query saying only "subsequent" means
/// routine healing, not nonunion; "initial" means closed, not open; the
/// query's own words ("open", "nonunion") still win.
fn usual_encounter(e: &Entry, key: &str) -> bool {
    e.system == CodeSystem::Icd10Cm
        && key.len() == 7
        && matches!(key.as_bytes()[6], b'A' | b'D' | b'S')
}

/// Relevance taken from HCPCS codes that are rarely what a coder looking
/// up a supply, drug or service means, so that the permanent national
/// code leads when both answer alike: C (hospital outpatient pass-through),
/// S (private payers), H and T (state Medicaid). Less than a term met or
/// missed; as much as the coverage a few title words give.
const HCPCS_SPECIAL: f32 = 0.3;

/// G8xxx–G9xxx report that a quality measure was met or not ("Depression
/// screening not documented, reason not given"): the service's own code
/// leads them further.
const HCPCS_QUALITY: f32 = 0.8;

fn hcpcs_prior(e: &Entry, key: &str) -> f32 {
    if e.system != CodeSystem::Hcpcs || key.len() != 5 {
        return 0.0;
    }
    match key.as_bytes() {
        [b'G', b'8' | b'9', ..] => HCPCS_QUALITY,
        [b'C' | b'S' | b'H' | b'T', ..] => HCPCS_SPECIAL,
        _ => 0.0,
    }
}

/// How a candidate answers the query: the weight of the terms it misses,
/// and its relevance among entries that miss as much.
pub(super) struct Relevance {
    pub(super) missing: f32,
    pub(super) relevance: f32,
}

/// Which word sets of which terms each word belongs to, built once per
/// query so that scoring a candidate costs one look-up per word.
pub(super) struct WordLookup {
    /// Word id → (term index, set bit) for sets of a few words.
    single: FxHashMap<u32, Vec<(usize, u64)>>,
    /// Wide ranges (prefixes of short typed words).
    wide: Vec<(Range<u32>, usize, u64)>,
    without: Option<u32>,
    /// The word "not", which with "without" opens a clause whose words
    /// the entry denies ([`WordLookup::denies`]).
    not: Option<u32>,
    /// Which clauses deny: not those the query itself speaks of (`combo.rs`).
    denying: Denying,
    /// Words that end a denied clause once it has named something ("of",
    /// "in", …): "Laceration without foreign body of right hand".
    clause_ends: Vec<u32>,
    /// The word "other": a title that opens with it ("Other fracture of
    /// lower leg") still leads with what follows (see [`Index::score`]).
    other: Option<u32>,
    /// The word "injection": a HCPCS drug descriptor opens with its route
    /// ("Injection, ondansetron hydrochloride, per 1 mg"), and still
    /// leads with the drug it names next (hcpcs7).
    injection: Option<u32>,
    /// What the query says beyond its words (`intent.rs`).
    intent: Intent,
    /// The pregnancy and newborn chapters' context words (`context.rs`).
    context: ChapterContext,
    /// Terms that are typed quantities: (term, range-set bit).
    quantities: Vec<(usize, u64)>,
    /// The value of each number of the vocabulary, when a quantity was
    /// typed (for the range check in [`Index::meet`]).
    numbers: FxHashMap<u32, f64>,
    /// The HCPCS variants the query names (`search/hcpcs_prior.rs`).
    hcpcs: HcpcsIntent,
    /// The terms an external cause meets without saying them: a cause
    /// phrase's verb or preposition, "injury", "ecode" (`cause.rs`).
    cause: CauseTerms,
    /// Who a transport query says was injured (`external.rs`).
    roles: Roles,
    /// The query's site and side words (`siteless.rs`).
    sites: SiteWords,
    /// Chapter 21's history and status words (`zfactors.rs`).
    z: ZTerms,
}

impl WordLookup {
    pub(super) fn new(
        resolved: &[Resolved<'_>],
        vocab: &Vocab,
        intent: Intent,
        context: ChapterContext,
    ) -> WordLookup {
        let [without, not, other] = ["without", "not", "other"].map(|w| vocab.id(w));
        let mut lookup = WordLookup {
            single: FxHashMap::default(),
            wide: Vec::new(),
            without,
            not,
            denying: Denying::read(resolved),
            clause_ends: CLAUSE_ENDS.iter().filter_map(|w| vocab.id(w)).collect(),
            other,
            injection: vocab.id("injection"),
            intent,
            context,
            quantities: Vec::new(),
            numbers: FxHashMap::default(),
            hcpcs: HcpcsIntent::read(resolved.iter().map(|r| r.term)),
            cause: cause_terms(resolved),
            roles: Roles::read(resolved, vocab),
            sites: SiteWords::read(resolved, vocab),
            z: ZTerms::read(resolved, vocab),
        };
        for (term, r) in resolved.iter().enumerate() {
            if let Some((_, bit)) = r.quantity {
                lookup.quantities.push((term, bit));
            }
            for (b, set) in r.sets.iter().enumerate() {
                if r.quantity.is_some_and(|(_, bit)| bit == 1 << b) {
                    // Met only as a pair of numbers (`Index::meet`).
                    continue;
                }
                for range in &set.0 {
                    if range.len() <= 16 {
                        for w in range.clone() {
                            lookup.single.entry(w).or_default().push((term, 1 << b));
                        }
                    } else {
                        lookup.wide.push((range.clone(), term, 1 << b));
                    }
                }
            }
        }
        if !lookup.quantities.is_empty() {
            for digit in '0'..='9' {
                for id in vocab.prefix_range(digit.encode_utf8(&mut [0; 4])) {
                    if let Some(v) = parse_quantity(vocab.word(id)) {
                        lookup.numbers.insert(id, v);
                    }
                }
            }
        }
        lookup
    }

    /// Whether token `t` stands in a clause its entry denies: after
    /// "not" or "without", up to the first preposition once a word has
    /// been named. "Type 1 diabetes mellitus with hypoglycemia without
    /// coma" does not answer "… with coma"; "Bronchitis, not specified as
    /// acute or chronic" does not answer "acute bronchitis"; "Laceration
    /// without foreign body of right hand" still answers "right hand".
    fn denies(
        &self,
        state: &mut Denial,
        t: Token,
        previous: Option<u32>,
        same_field: bool,
        filler: &[bool],
    ) -> bool {
        if !t.nonessential() || !same_field {
            *state = Denial::default();
        }
        let opener = previous.is_some() && (previous == self.not || previous == self.without);
        if opener && self.denying.opens(previous == self.not) && t.nonessential() && same_field {
            *state = Denial {
                active: true,
                named: false,
            };
        }
        if !state.active {
            return false;
        }
        let w = t.word();
        if state.named && self.clause_ends.contains(&w) {
            state.active = false;
            return false;
        }
        state.named |= !filler.get(w as usize).copied().unwrap_or(false);
        true
    }

    fn each(&self, word: u32, mut f: impl FnMut(usize, u64)) {
        if let Some(found) = self.single.get(&word) {
            for &(term, mask) in found {
                f(term, mask);
            }
        }
        for (range, term, mask) in &self.wide {
            if range.contains(&word) {
                f(*term, *mask);
            }
        }
    }
}

/// The terms (bit per term) a spelled inclusion term must hold: all but
/// negated ones, connectors and typed codes.
fn spelling_terms(resolved: &[Resolved<'_>]) -> u64 {
    resolved
        .iter()
        .enumerate()
        .take(64)
        .filter(|(_, r)| !r.term.negated && !r.term.connector && r.term.code.is_none())
        .fold(0, |mask, (i, _)| mask | 1 << i)
}

/// Prepositions that end a denied clause once it has named something.
const CLAUSE_ENDS: [&str; 9] = ["of", "in", "to", "on", "at", "by", "for", "from", "due"];

/// Where a denied clause stands while an entry's words are read.
#[derive(Debug, Clone, Copy, Default)]
struct Denial {
    active: bool,
    /// A word that is not filler has been denied.
    named: bool,
}

/// Per-term word-set hits of one candidate.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct TermHits {
    pub(super) any: u64,
    pub(super) title: u64,
    /// A hit right after the word "without" (for "w/o" terms).
    after_without: bool,
}

/// Buffers reused across candidates.
#[derive(Default)]
pub(super) struct Scratch {
    /// Per token, the query terms (bit per term, the first 64) it met.
    matched: Vec<u64>,
    hits: Vec<TermHits>,
}

impl Index {
    /// Scores one candidate; `None` when it meets no term at all.
    pub(super) fn score(
        &self,
        e: &Entry,
        resolved: &[Resolved<'_>],
        lookup: &WordLookup,
        scratch: &mut Scratch,
    ) -> Option<Relevance> {
        let tokens = self.entry_tokens(e);
        let Scratch { matched, hits } = scratch;
        matched.clear();
        matched.resize(tokens.len(), 0);
        hits.clear();
        hits.resize(resolved.len(), TermHits::default());
        self.meet(tokens, resolved, lookup, matched, hits);
        combo::unlink(e, tokens, resolved, matched, hits);
        let key = self.str(e.key);
        let covered = self.coverage(tokens, matched, spelling_terms(resolved));
        let inclusion_factor = self.inclusion_factor(&covered, hits, resolved);
        let mut missing = 0.0;
        let mut quality_sum = 0.0;
        let mut met_any = false;
        let mut code_coverage: f32 = 0.0;
        let mut general_below = false;
        let mut siteless: Option<bool> = None;
        for (i, (r, h)) in resolved.iter().zip(hits.iter()).enumerate() {
            let (hit, title_hit, after_without) = (h.any, h.title, h.after_without);
            let mut quality = r
                .alts
                .iter()
                .find(|a| a.mask & hit == a.mask && a.applies(e, key))
                .map(|a| {
                    if a.mask & title_hit == a.mask {
                        a.quality
                    } else {
                        a.quality * inclusion_factor
                    }
                });
            if let Some(probe) = &r.term.code
                && key.starts_with(probe.key.as_str())
                && (!probe.exact_only || key.len() == probe.key.len())
            {
                let exact = key.len() == probe.key.len();
                quality = Some(quality.unwrap_or(0.0).max(if exact { 1.0 } else { 0.95 }));
                code_coverage = code_coverage.max(probe.key.len() as f32 / key.len() as f32);
                general_below |= self.unspecified_below(e, key, probe.key.len());
            }
            quality = self.met_beyond_words(quality, i, r, e, key, lookup);
            if r.term.negated {
                match quality {
                    Some(_) if after_without => quality_sum += Q_EXACT,
                    Some(_) => missing += r.weight,
                    None => quality_sum += Q_ABSENT,
                }
                continue;
            }
            match quality {
                Some(q) => {
                    quality_sum += q;
                    met_any = true;
                }
                None => missing += self.missing_cost(i, r, e, tokens, lookup, &mut siteless),
            }
        }
        if !met_any {
            return None;
        }
        // hcpcs7: a HCPCS descriptor's head counts for half (`hcpcs_head.rs`).
        let coverage = self
            .hcpcs_coverage(e, tokens, matched, covered.share)
            .max(code_coverage);
        let route = lookup.injection.filter(|_| e.system == CodeSystem::Hcpcs);
        let leads = self.title_leads(tokens, matched, lookup.other, route);
        Some(Relevance {
            missing,
            relevance: 2.0 * quality_sum / resolved.len() as f32
                + coverage
                + if leads { 0.2 } else { 0.0 }
                + PLAIN * self.title_plainness(tokens, matched)
                + if covered.whole_field { WHOLE_PATH } else { 0.0 }
                + combo::pull(covered.together, resolved, e)
                + if general_below { CATEGORY_DEFAULT } else { 0.0 }
                + if lookup.intent.usual_poisoning(e, key) {
                    USUAL_ENCOUNTER
                } else {
                    0.0
                }
                + if usual_encounter(e, key) {
                    USUAL_ENCOUNTER
                } else {
                    0.0
                }
                + lookup.intent.drug_unnamed_pull(e, key)
                - lookup.intent.penalty(e, key, self.str(e.title))
                - lookup.context.penalty(e, key, tokens, matched)
                - lookup.roles.penalty(e, key, tokens, matched)
                - hcpcs_prior(e, key)
                - lookup.hcpcs.penalty(e, self.str(e.title)),
        })
    }

    /// What a term the entry does not meet costs: its weight, or part of
    /// it for a site or side word the entry's title cannot hold
    /// (`siteless.rs`; `siteless` caches that reading of the title).
    fn missing_cost(
        &self,
        i: usize,
        r: &Resolved<'_>,
        e: &Entry,
        tokens: &[Token],
        lookup: &WordLookup,
        siteless: &mut Option<bool>,
    ) -> f32 {
        if lookup.sites.is_site_term(i)
            && *siteless.get_or_insert_with(|| self.title_names_no_site(e, tokens, &lookup.sites))
        {
            r.weight * SITELESS_FACTOR
        } else {
            r.weight
        }
    }

    /// How a term is met beyond its words, given how its words were
    /// (`quality`): a typed dose by a HCPCS drug's unit, an encounter word
    /// by the 7th character, a cause phrase's verb by an external cause, a
    /// modifier named as one. Split from [`Index::score`] to keep it short.
    fn met_beyond_words(
        &self,
        mut quality: Option<f32>,
        i: usize,
        r: &Resolved<'_>,
        e: &Entry,
        key: &str,
        lookup: &WordLookup,
    ) -> Option<f32> {
        // hcpcs6: a typed dose met by a HCPCS drug code's per-unit
        // amount (`hcpcs_dose.rs`).
        if let Some((dose, _)) = r.term.dose
            && e.system == CodeSystem::Hcpcs
            && quality.is_none_or(|q| q < Q_EXACT)
            && let Some(q) = dose.quality_in(self.str(e.title))
        {
            quality = Some(quality.map_or(q, |have| have.max(q)));
        }
        // A term that only names the encounter ("follow up", "late
        // effect") is met by the 7th character it names (`intent.rs`).
        if quality.is_none() && lookup.intent.meets_encounter_term(r.term, e, key) {
            quality = Some(ENCOUNTER_TERM);
        }
        // The verb and preposition of a cause phrase ("cut with …")
        // are met by an external cause (`cause.rs`).
        if quality.is_none() && meets_cause_term(lookup.cause, i, e, key) {
            quality = Some(CAUSE_TERM);
        }
        // "mother", "prior", "dependent", "on <drug>" (`zfactors.rs`);
        // "baby", "from delivery" (`newborn.rs`).
        quality = quality.or_else(|| lookup.z.meets(i, e, key, self.str(e.title)));
        quality = quality.or_else(|| super::newborn::meets(r.term, e, key));
        if r.term.names_modifier && e.kind == CodeKind::Modifier {
            quality = Some(Q_EXACT);
        }
        quality
    }

    /// Reads an entry's words once: which terms each word meets (`matched`,
    /// per token) and, per term, which of its word sets were met anywhere,
    /// in the title, and right after "without" (`hits`). Words in a clause
    /// the entry denies ([`WordLookup::denies`]) meet nothing.
    fn meet(
        &self,
        tokens: &[Token],
        resolved: &[Resolved<'_>],
        lookup: &WordLookup,
        matched: &mut [u64],
        hits: &mut [TermHits],
    ) {
        debug_assert_eq!(hits.len(), resolved.len());
        let mut previous = None;
        let mut denial = Denial::default();
        for (i, t) in tokens.iter().enumerate() {
            let w = t.word();
            let same_field = i > 0 && tokens[i - 1].field() == t.field();
            let denied = lookup.denies(&mut denial, *t, previous, same_field, &self.filler);
            lookup.each(w, |term, mask| {
                if denied {
                    return;
                }
                let h = &mut hits[term];
                h.any |= mask;
                if t.field() == 0 {
                    h.title |= mask;
                }
                h.after_without |= previous.is_some() && previous == lookup.without;
                matched[i] |= 1u64.checked_shl(term as u32).unwrap_or(0);
            });
            if !lookup.quantities.is_empty() && !denied {
                self.meet_range(tokens, i, resolved, lookup, matched, hits);
            }
            previous = Some(w);
        }
    }

    /// A range of two numbers in a row of the title ("1500-1749")
    /// starting at token `i` meets each typed quantity it holds
    /// (`resolve.rs`, `number_bounds`). Only the title's: the code's own
    /// range is there, while index paths and inclusion terms may state a
    /// broader one ("Low birthweight … 1000-2499 grams" of the
    /// unspecified-weight code; "30-39" of every BMI code in the thirties).
    fn meet_range(
        &self,
        tokens: &[Token],
        i: usize,
        resolved: &[Resolved<'_>],
        lookup: &WordLookup,
        matched: &mut [u64],
        hits: &mut [TermHits],
    ) {
        if tokens[i].field() != 0 {
            return;
        }
        let Some(next) = tokens.get(i + 1).filter(|n| n.field() == 0) else {
            return;
        };
        let (Some(&low), Some(&high)) = (
            lookup.numbers.get(&tokens[i].word()),
            lookup.numbers.get(&next.word()),
        ) else {
            return;
        };
        for &(term, bit) in &lookup.quantities {
            if !resolved[term].in_range(low, high) {
                continue;
            }
            let h = &mut hits[term];
            h.any |= bit;
            h.title |= bit;
            let own = 1u64.checked_shl(term as u32).unwrap_or(0);
            matched[i] |= own;
            matched[i + 1] |= own;
        }
    }

    /// How much a term met only outside the title counts. A query that
    /// spells a whole inclusion term or index path, all of its terms met
    /// there, names the code as surely as its title would when the title
    /// says something else ("kidney infection" for "Acute
    /// pyelonephritis"); not when the title shares words with the query
    /// and its own wording should decide between siblings.
    fn inclusion_factor(
        &self,
        covered: &Coverage,
        hits: &[TermHits],
        resolved: &[Resolved<'_>],
    ) -> f32 {
        let spelled = covered.spelled
            && hits.iter().all(|h| h.title == 0)
            && self.meets_every_term(hits, resolved);
        if spelled { 1.0 } else { INCLUSION_FACTOR }
    }

    /// The share of the title's words (parenthesised and default-clause
    /// words too, filler not) that the query met: among codes that answer
    /// alike, the one that adds least to what was asked is the one a
    /// coder picks when the query leaves an axis open ("rheumatoid
    /// arthritis" → M06.9, not M06.00 "… without rheumatoid factor").
    fn title_plainness(&self, tokens: &[Token], matched: &[u64]) -> f32 {
        let (mut all, mut met) = (0u32, 0u32);
        for (t, &m) in tokens
            .iter()
            .zip(matched)
            .take_while(|(t, _)| t.field() == 0)
        {
            if !self.filler[t.word() as usize] {
                all += 1;
                met += u32::from(m != 0);
            }
        }
        if all == 0 {
            0.0
        } else {
            met as f32 / all as f32
        }
    }

    /// Whether `e`, below a typed ICD-10-CM code of `typed` characters, is
    /// that code's unspecified subdivision at every level below it: each
    /// further character 9 (the classification's place for "unspecified"),
    /// 0 or the placeholder X, but for an initial-encounter 7th character
    /// (E11 → E11.9, J45 → J45.909, I50 → I50.9). A coder typing a
    /// category means that code unless more is said.
    fn unspecified_below(&self, e: &Entry, key: &str, typed: usize) -> bool {
        let Some(rest) = key.as_bytes().get(typed..) else {
            return false;
        };
        let rest = match rest {
            [body @ .., b'A'] if key.len() == 7 => body,
            _ => rest,
        };
        e.system == CodeSystem::Icd10Cm
            && rest.first() == Some(&b'9')
            && rest.iter().all(|b| matches!(b, b'9' | b'0' | b'X'))
    }

    /// Whether every term that is not negated has one of its ways met
    /// (anywhere in the entry).
    fn meets_every_term(&self, hits: &[TermHits], resolved: &[Resolved<'_>]) -> bool {
        resolved.iter().zip(hits).all(|(r, h)| {
            r.term.negated
                || r.term.code.is_some()
                || r.alts.iter().any(|a| a.mask & h.any == a.mask)
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::codes::{CodeKind, CodeSystem};
    use crate::search::{Index, SearchOptions};
    use crate::store::code_tables::IndexableCode;

    fn entry(code: &str, title: &str, terms: &[&str]) -> IndexableCode {
        let billable = code.len() > 3;
        IndexableCode {
            code: code.into(),
            kind: if billable {
                CodeKind::Code
            } else {
                CodeKind::Category
            },
            billable,
            title: title.into(),
            terms: terms.iter().map(|t| t.to_string()).collect(),
            valid_until: None,
        }
    }

    fn first(index: &Index, query: &str) -> String {
        let opts = SearchOptions {
            limit: 5,
            ..SearchOptions::default()
        };
        index
            .search(query, &opts)
            .into_iter()
            .next()
            .map(|h| h.code)
            .unwrap_or_default()
    }

    fn corpus() -> Index {
        Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                entry("J20.9", "Acute bronchitis, unspecified", &[]),
                entry("J40", "Bronchitis, not specified as acute or chronic", &[]),
                entry("J42", "Unspecified chronic bronchitis", &[]),
                entry(
                    "E10.641",
                    "Type 1 diabetes mellitus with hypoglycemia with coma",
                    &[],
                ),
                entry(
                    "E10.649",
                    "Type 1 diabetes mellitus with hypoglycemia without coma",
                    &[],
                ),
                entry(
                    "S61.411A",
                    "Laceration without foreign body of right hand, initial encounter",
                    &[],
                ),
                entry(
                    "S61.412A",
                    "Laceration without foreign body of left hand, initial encounter",
                    &[],
                ),
                entry(
                    "M06.00",
                    "Rheumatoid arthritis without rheumatoid factor, unspecified site",
                    &[],
                ),
                entry("M06.9", "Rheumatoid arthritis, unspecified", &[]),
                entry("E11", "Type 2 diabetes mellitus", &[]),
                entry(
                    "E11.8",
                    "Type 2 diabetes mellitus with unspecified complications",
                    &[],
                ),
                entry(
                    "E11.9",
                    "Type 2 diabetes mellitus without complications",
                    &[],
                ),
                entry(
                    "I26.90",
                    "Septic pulmonary embolism without acute cor pulmonale",
                    &["Embolism (multiple), pulmonary (acute), septic"],
                ),
                entry(
                    "I26.99",
                    "Other pulmonary embolism without acute cor pulmonale",
                    &["Embolism (multiple), pulmonary (acute)"],
                ),
                entry(
                    "I35.0",
                    "Nonrheumatic aortic (valve) stenosis",
                    &["Stenosis, stenotic (cicatricial), aortic (valve)"],
                ),
                entry(
                    "Q23.0",
                    "Congenital stenosis of aortic valve",
                    &["Stenosis, stenotic (cicatricial), aortic (valve), congenital"],
                ),
            ],
        )
    }

    #[test]
    fn a_not_or_without_clause_denies_what_it_names_unless_the_query_speaks_of_absence() {
        let index = corpus();
        assert_eq!(first(&index, "chronic bronchitis"), "J42");
        assert_eq!(
            first(&index, "type 1 diabetes hypoglycemia coma"),
            "E10.641"
        );
        assert_eq!(
            first(&index, "type 1 diabetes hypoglycemia w/o coma"),
            "E10.649"
        );
        // The clause ends at "of": the site after it still answers.
        assert_eq!(first(&index, "laceration right hand"), "S61.411A");
    }

    #[test]
    fn open_axes_and_typed_categories_lead_with_the_general_code() {
        let index = corpus();
        assert_eq!(first(&index, "rheumatoid arthritis"), "M06.9");
        assert_eq!(first(&index, "E11"), "E11.9");
        // A whole index path ("Embolism, pulmonary") names its code.
        assert_eq!(first(&index, "pulmonary embolism"), "I26.99");
        // "Stenosis, stenotic" is one word written twice.
        assert_eq!(first(&index, "stenosis aortic valve"), "I35.0");
    }

    #[test]
    fn a_typed_value_meets_the_range_holding_it_not_a_header_spanning_it() {
        let code = |code: &str, billable: bool, title: &str| IndexableCode {
            billable,
            kind: if billable {
                CodeKind::Code
            } else {
                CodeKind::Category
            },
            ..entry(code, title, &[])
        };
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("Z68.3", false, "Body mass index [BMI] 30-39, adult"),
                code("Z68.30", true, "Body mass index [BMI] 30.0-30.9, adult"),
                code("Z68.35", true, "Body mass index [BMI] 35.0-35.9, adult"),
                code("Z68.4", false, "Body mass index [BMI] 40 or greater, adult"),
                code("Z68.41", true, "Body mass index [BMI] 40.0-44.9, adult"),
                code("Z68.42", true, "Body mass index [BMI] 45.0-49.9, adult"),
                code(
                    "Z3A.3",
                    false,
                    "Weeks of gestation of pregnancy, weeks 30-39",
                ),
                code("Z3A.30", true, "30 weeks gestation of pregnancy"),
                code("Z3A.38", true, "38 weeks gestation of pregnancy"),
                code("T31.30", true, "Burns involving 30-39% of body surface"),
            ],
        );
        assert_eq!(first(&index, "body mass index 41 adult"), "Z68.41");
        assert_eq!(first(&index, "body mass index 35.5"), "Z68.35");
        // The code that prints the value leads, not the most general child
        // of the header whose range spans it.
        assert_eq!(first(&index, "38 weeks gestation"), "Z3A.38");
    }
}
