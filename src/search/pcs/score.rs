//! Scoring the valid PCS codes of the loaded version against an
//! [`Intent`]: the root operation (the title's first word), the body part
//! and detail concepts (title words, with word families and one-edit
//! typos), sides, the approach and device/qualifier characters, and, where
//! the query leaves an axis open, a preference for the general code (no
//! device `Z`, no qualifier `Z`, open before endoscopic before
//! percutaneous) and the short title.

use std::ops::Range;

use rustc_hash::FxHashMap;

use super::clinical::{COMBINING, Clinical};
use super::intent::Intent;
use super::lexicon;
use crate::search::index::{Entry, Index, Token};

/// Most word ids a prefix concept ("append*") may stand for.
const PREFIX_IDS: u32 = 200;

/// A concept resolved to word ids: alternatives of words of ids.
struct Ids {
    alts: Vec<Vec<Vec<u32>>>,
    weight: f32,
    equal: bool,
}

impl Index {
    /// The word ids a concept word may be met by.
    fn pcs_word_ids(&self, w: &str) -> Vec<u32> {
        if let Some(stem) = w.strip_suffix('*') {
            let r = self.vocab.prefix_range(stem);
            return (r.start..r.end.min(r.start + PREFIX_IDS)).collect();
        }
        let mut ids: Vec<u32> = self.vocab.id(w).into_iter().collect();
        ids.extend_from_slice(self.vocab.family(w));
        // The bilateral values name a paired organ in the plural
        // ("Bilateral Ovaries", "Bilateral Testes").
        ids.extend(plurals(w).iter().filter_map(|p| self.vocab.id(p)));
        if ids.is_empty() {
            ids = self.vocab.within_one_edit(w);
        }
        if ids.is_empty() {
            // Doubled letters and vowel slips of long words (the word
            // search's skeleton model).
            ids = self.vocab.same_skeleton(w);
        }
        ids
    }

    /// The PCS entries that best meet `intent`, best first, at most
    /// `limit`; and whether the best met every concept (the query was
    /// understood whole).
    pub(super) fn pcs_scored(
        &self,
        intent: &Intent,
        range: Range<u32>,
        limit: usize,
    ) -> (Vec<(f32, u32)>, bool) {
        let concepts: Vec<Ids> = intent
            .concepts
            .iter()
            .map(|c| Ids {
                alts: c
                    .alts
                    .iter()
                    .map(|a| a.iter().map(|w| self.pcs_word_ids(w)).collect())
                    .collect(),
                weight: c.weight,
                equal: c.equal,
            })
            .collect();
        let best_op = intent.ops.iter().map(|o| o.1).fold(0.0f32, f32::max);
        let ops: Vec<(u32, f32)> = intent
            .ops
            .iter()
            .filter_map(|(op, w)| Some((self.vocab.id(op)?, 3.0 * w / best_op)))
            .collect();
        let sides: Vec<(Option<u32>, bool)> = ["left", "right", "bilateral"]
            .iter()
            .map(|s| (self.vocab.id(s), intent.sides.contains(s)))
            .collect();
        let (slots, alt_masks) = slot_masks(&concepts);
        let candidates = self.pcs_candidates(&slots, &ops, &range);
        let mut scored: Vec<(f32, u32)> = Vec::new();
        let (mut best, mut complete) = (f32::MIN, false);
        for id in candidates {
            let e = &self.entries[id as usize];
            let tokens = self.entry_tokens(e);
            let op = match tokens.first() {
                Some(t) if !ops.is_empty() => match ops.iter().find(|(w, _)| *w == t.word()) {
                    Some(&(_, weight)) => weight,
                    None => continue,
                },
                _ => 0.0,
            };
            let title: u64 = tokens
                .iter()
                .filter(|t| t.field() == 0)
                .filter_map(|t| slots.get(&t.word()))
                .fold(0, |m, s| m | s);
            let has = |ids: &[u32]| {
                tokens
                    .iter()
                    .any(|t| t.field() == 0 && ids.contains(&t.word()))
            };
            let mut score = op;
            let mut met = 0;
            for (c, masks) in concepts.iter().zip(&alt_masks) {
                // Alternatives are listed most likely first.
                let first = masks.iter().position(|&m| title & m == m);
                if let Some(n) = first {
                    score += 2.0 * c.weight * if n == 0 || c.equal { 1.0 } else { 0.8 };
                    met += 1;
                }
            }
            if met == 0 && !concepts.is_empty() {
                // Meeting none of what the query names (an organ, a
                // device) is worse than any axis preference.
                score -= UNMET_PENALTY;
            }
            for &(side, asked) in &sides {
                let Some(side) = side else { continue };
                let present = has(&[side]);
                score += match (asked, present, intent.sides.is_empty()) {
                    (true, true, _) => 1.0,
                    (false, true, false) => -1.0,
                    // No side said: the bilateral value, where the table
                    // has one, is the code for "the organ" (both sides).
                    (false, true, true) if met > 0 && Some(side) == sides[2].0 => BILATERAL_PRIOR,
                    _ => 0.0,
                };
            }
            score += self.pcs_axes(e, intent) - 0.03 * tokens.len() as f32;
            if score > best {
                best = score;
                complete = met == concepts.len();
            }
            scored.push((score, id));
        }
        let better = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
        let pool = 2 * limit;
        if scored.len() > pool {
            scored.select_nth_unstable_by(pool - 1, better);
            scored.truncate(pool);
        }
        scored.sort_by(better);
        if intent.sides.is_empty() {
            self.pair_sides(&mut scored);
        }
        scored.truncate(limit);
        (scored, complete)
    }

    /// No side said: each sided code is followed by its other side (the
    /// same title with Left for Right), when that one scored nearly as
    /// well, so both sides of a paired organ stand near the top rather
    /// than every variant of the right side first.
    fn pair_sides(&self, scored: &mut Vec<(f32, u32)>) {
        let unsided = |id: u32| -> Option<(String, bool)> {
            let title = self.str(self.entries[id as usize].title);
            let right = title.contains("Right ");
            if !right && !title.contains("Left ") {
                return None;
            }
            Some((
                title.replacen("Right ", "", 1).replacen("Left ", "", 1),
                right,
            ))
        };
        let keys: Vec<Option<(String, bool)>> = scored.iter().map(|&(_, id)| unsided(id)).collect();
        let mut out: Vec<(f32, u32)> = Vec::with_capacity(scored.len());
        let mut taken = vec![false; scored.len()];
        for i in 0..scored.len() {
            if taken[i] {
                continue;
            }
            taken[i] = true;
            out.push(scored[i]);
            let Some((key, right)) = &keys[i] else {
                continue;
            };
            let mirror = (i + 1..scored.len()).find(|&j| {
                !taken[j]
                    && scored[i].0 - scored[j].0 <= PAIR_GAP
                    && keys[j]
                        .as_ref()
                        .is_some_and(|(k, r)| k == key && r != right)
            });
            if let Some(j) = mirror {
                taken[j] = true;
                out.push(scored[j]);
            }
        }
        *scored = out;
    }

    /// The entries worth scoring: titles meeting some concept (with the
    /// operation, if one was asked); all the operation's titles when none
    /// does.
    fn pcs_candidates(
        &self,
        slots: &FxHashMap<u32, u64>,
        ops: &[(u32, f32)],
        range: &Range<u32>,
    ) -> Vec<u32> {
        let mut candidates: Vec<u32> = slots
            .keys()
            .flat_map(|&w| self.postings(w).iter().copied())
            .filter(|id| range.contains(id))
            .filter(|&id| {
                let first = self.entry_tokens(&self.entries[id as usize]).first();
                ops.is_empty() || first.is_some_and(|t| ops.iter().any(|o| o.0 == t.word()))
            })
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        if ops.is_empty() || !candidates.is_empty() {
            candidates
        } else {
            // Titles start with their operation: its postings.
            let mut ids: Vec<u32> = ops
                .iter()
                .flat_map(|&(w, _)| self.postings(w).iter().copied())
                .filter(|id| range.contains(id))
                .collect();
            ids.sort_unstable();
            ids.dedup();
            ids
        }
    }

    /// Approach, device and qualifier characters of a Medical and Surgical
    /// code against the intent; in the Obstetrics, Administration,
    /// Measurement, Other Procedures and New Technology sections only the
    /// approach (their fifth character too), and the patient's own
    /// (autologous) blood only when asked. Other sections' fifth
    /// characters mean other things (contrast, duration, method).
    fn pcs_axes(&self, e: &Entry, intent: &Intent) -> f32 {
        let code = self.str(e.code).as_bytes();
        if code.len() != 7 || !matches!(code[0], b'0' | b'1' | b'3' | b'4' | b'8' | b'X') {
            return 0.0;
        }
        let (approach, device, qualifier) = (code[4] as char, code[5], code[6]);
        let mut score = match intent.approach.iter().position(|&c| c == approach) {
            Some(0) => 1.5,
            Some(_) => 1.2,
            None if !intent.approach.is_empty() => -1.0,
            None if self.pcs_surface(code) => SURFACE_PRIOR,
            None if self.pcs_through_opening(code) => match approach {
                '8' => OPENING_PRIOR,
                _ => OPENING_PRIOR - 0.01,
            },
            None => approach_prior(code[0], approach),
        };
        if code[0] == b'3' {
            let autologous = self.vocab.id("autologous");
            let said = intent
                .concepts
                .iter()
                .any(|c| c.alts.iter().flatten().any(|w| w == "autologous"));
            if !said
                && self
                    .entry_tokens(e)
                    .iter()
                    .any(|t| Some(t.word()) == autologous)
            {
                score -= 0.5;
            }
        }
        if code[0] != b'0' {
            return score;
        }
        if device == b'Z' {
            score += 0.3;
        } else if device == b'J' && b"RU".contains(&code[2]) {
            // Replacement or Supplement with no device said: the general
            // value, Synthetic Substitute (the prosthesis or mesh), before
            // the specific and temporary ones (articulating spacer).
            score += 0.05;
        }
        score += match (intent.diagnostic, qualifier) {
            (true, b'X') => 2.0,
            (false, b'X') => -1.0,
            (_, b'Z') => 0.3,
            _ => 0.0,
        };
        score
    }

    /// Whether `code` removes or destroys a body part the surgeon reaches
    /// from the surface: an External-approach Excision, Resection or
    /// Destruction whose table row offers no approach through a natural
    /// opening (7, 8). PCS codes a procedure on a structure visible
    /// without instruments as External (guideline B5.3a), so the table
    /// offering External for such a body part (tonsils, prepuce, eyelid,
    /// skin) says that is how it is done; a structure inside an opening
    /// (vagina, urethra, anus) is reached through the opening instead.
    fn pcs_surface(&self, code: &[u8]) -> bool {
        if code.len() != 7 || code[0] != b'0' || code[4] != b'X' || !b"BT5".contains(&code[2]) {
            return false;
        }
        let Ok(row) = std::str::from_utf8(&code[..4]) else {
            return false;
        };
        !self.key_range(row).iter().any(|&id| {
            let sibling = self.str(self.entries[id as usize].code).as_bytes();
            sibling.len() == 7 && matches!(sibling[4], b'7' | b'8')
        })
    }

    /// Whether `code` works inside a hollow organ through its natural
    /// opening: a Dilation, Destruction, Extirpation or Fragmentation
    /// (approach 7 or 8) whose table row offers that approach. Widening
    /// a urethra or esophagus, ablating the endometrium, taking a stone
    /// out of the bladder or bile duct are done through the opening
    /// unless the query says otherwise; organs the row reaches only by
    /// incision or needle keep the open-first prior.
    fn pcs_through_opening(&self, code: &[u8]) -> bool {
        if code.len() != 7 || code[0] != b'0' || !b"75CF".contains(&code[2]) {
            return false;
        }
        matches!(code[4], b'7' | b'8')
    }

    /// The codes under a bare prefix, most general first: no device, no
    /// qualifier, the common approaches, and body parts the coders' word
    /// forms name (appendix, gallbladder) before the rest.
    pub(super) fn pcs_general_first(&self, key: &str, range: Range<u32>) -> Vec<(f32, u32)> {
        // Body part words in the order the combining forms list them
        // (the common operations' organs first).
        let common: Vec<u32> = COMBINING
            .iter()
            .flat_map(|(_, body, _)| body.split('|'))
            .filter_map(|alt| self.vocab.id(alt.split(' ').next_back()?))
            .collect();
        let commonness = |w: u32| {
            common
                .iter()
                .position(|&c| c == w)
                .map_or(0.0, |p| 0.5 - 0.002 * p as f32)
        };
        let intent = Intent::default();
        let terms: Vec<TermIds> = lexicon::all().map(|c| self.term_ids(c)).collect();
        let mut out: Vec<(f32, u32)> = self
            .key_range(key)
            .iter()
            .copied()
            .filter(|id| range.contains(id) && self.entries[*id as usize].billable)
            .map(|id| {
                let e = &self.entries[id as usize];
                let tokens = self.entry_tokens(e);
                let named = tokens
                    .iter()
                    .take(5)
                    .map(|t| commonness(t.word()))
                    .fold(0.0f32, f32::max);
                let code = self.str(e.code).as_bytes();
                // Some coders' term leads here (how many is a matter of
                // how many synonyms the lexicon lists, so it is not counted).
                let (coders, naming) = terms
                    .iter()
                    .map(|t| t.names(tokens, code))
                    .fold((0.0f32, 0u32), |(m, n), x| {
                        (m.max(x), n + u32::from(x >= 1.0))
                    });
                // A procedure coders name in several ways (an abbreviation,
                // its spelled-out form, a lay word) is a common one; a few
                // names count a little each, so no synonym list decides.
                let score = self.pcs_axes(e, &intent)
                    + named
                    + 0.6 * coders
                    + NAME_BONUS * naming.saturating_sub(1).min(NAMES_COUNTED) as f32;
                (score - 0.01 * tokens.len() as f32, id)
            })
            .collect();
        out.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        out
    }
}

/// A coders' term resolved to the loaded titles' word ids, to tell which
/// codes the coders' terms lead to (how commonly a code is meant).
struct TermIds {
    /// Operation word ids, most likely first.
    ops: Vec<u32>,
    /// Body and detail concepts: alternatives of word ids (all needed).
    concepts: Vec<Vec<Vec<u32>>>,
    /// Approach characters the term says.
    approach: Vec<u8>,
    /// The term names a body part.
    body: bool,
}

impl TermIds {
    /// How much this term leads to the code with title `tokens`: 1 when
    /// the title meets its first operation and every concept (and the
    /// approach, if said), 0.5 for a later operation, else 0.
    fn names(&self, tokens: &[Token], code: &[u8]) -> f32 {
        // A term that names no body part (a drain, a device) says nothing
        // about which of a table's body parts coders use.
        if self.ops.is_empty() || self.concepts.is_empty() || !self.body {
            return 0.0;
        }
        let op = match tokens
            .first()
            .and_then(|t| self.ops.iter().position(|&o| o == t.word()))
        {
            Some(0) => 1.0,
            Some(_) => 0.5,
            None => return 0.0,
        };
        let has = |w: u32| tokens.iter().any(|t| t.field() == 0 && t.word() == w);
        let met = self
            .concepts
            .iter()
            .all(|alts| alts.iter().any(|alt| alt.iter().all(|&w| has(w))));
        let approach = self.approach.is_empty()
            || code.first() != Some(&b'0')
            || code.get(4).is_some_and(|a| self.approach.contains(a));
        if met && approach { op } else { 0.0 }
    }
}

impl Index {
    /// `c` with its words as the loaded titles' word ids; a word the titles
    /// never use makes its alternative unmeetable (no ids).
    fn term_ids(&self, c: &Clinical) -> TermIds {
        let ids = |spec: &str| -> Vec<Vec<Vec<u32>>> {
            spec.split(';')
                .map(str::trim)
                .filter(|s| {
                    !s.is_empty() && !matches!(*s, "left" | "right" | "bilateral" | "diagnostic")
                })
                // A concept with an empty alternative is optional: it
                // says nothing definite about where the term leads.
                .filter(|concept| !concept.split('|').any(|a| a.trim().is_empty()))
                .map(|concept| {
                    concept
                        .split('|')
                        .filter_map(|alt| {
                            alt.split_whitespace()
                                .map(|w| self.vocab.id(w))
                                .collect::<Option<Vec<u32>>>()
                        })
                        .collect()
                })
                .collect()
        };
        let mut concepts = ids(c.body);
        let body = !concepts.is_empty();
        concepts.extend(ids(c.detail));
        TermIds {
            body,
            ops: c
                .ops
                .trim_start_matches('~')
                .split('|')
                .filter_map(|o| self.vocab.id(o))
                .collect(),
            concepts,
            approach: c
                .approach
                .split('|')
                .filter_map(|a| a.bytes().next())
                .collect(),
        }
    }
}

/// The English and Latin plurals of a title word ("ovary" → "ovaries",
/// "testis" → "testes", "tube" → "tubes").
fn plurals(w: &str) -> Vec<String> {
    if w.len() < 3 || w.ends_with('*') {
        return Vec::new();
    }
    let mut out = vec![format!("{w}s"), format!("{w}es")];
    if let Some(stem) = w.strip_suffix('y') {
        out.push(format!("{stem}ies"));
    }
    if let Some(stem) = w.strip_suffix("is") {
        out.push(format!("{stem}es"));
    }
    out
}

/// What each further coders' name of a code adds in a prefix listing.
const NAME_BONUS: f32 = 0.05;

/// Most further names counted.
const NAMES_COUNTED: u32 = 2;

/// What a code loses for meeting none of the query's concepts.
const UNMET_PENALTY: f32 = 1.5;

/// What the bilateral value gains when the query names no side.
const BILATERAL_PRIOR: f32 = 0.04;

/// The approach prior of work inside a hollow organ through its opening
/// ([`Index::pcs_through_opening`]): above open surgery's.
const OPENING_PRIOR: f32 = 0.36;

/// How much lower the other side may score and still be paired.
const PAIR_GAP: f32 = 0.5;

/// The approach prior of an External removal of a surface structure
/// ([`Index::pcs_surface`]): above open surgery's.
const SURFACE_PRIOR: f32 = 0.35;

/// How general an approach is when the query does not say: open surgery
/// in the Medical and Surgical section, a needle in a vein or a catheter
/// (percutaneous) for administration and measurement.
fn approach_prior(section: u8, c: char) -> f32 {
    // Obstetrics is surgery too: a cesarean is open, a delivery external.
    if section != b'0' && section != b'1' {
        return match c {
            '3' => 0.3,
            'X' => 0.2,
            '7' | '8' => 0.15,
            _ => 0.0,
        };
    }
    match c {
        '0' => 0.3,
        '4' => 0.25,
        '3' => 0.2,
        '8' => 0.15,
        '7' | 'X' => 0.1,
        _ => 0.0,
    }
}

/// Each word of each alternative is a slot (at most 64); a title meets an
/// alternative when it has all its slots. Returns which slots each word
/// fills, and each concept's alternatives as slot masks.
fn slot_masks(concepts: &[Ids]) -> (FxHashMap<u32, u64>, Vec<Vec<u64>>) {
    let mut slots: FxHashMap<u32, u64> = FxHashMap::default();
    let mut alt_masks: Vec<Vec<u64>> = Vec::with_capacity(concepts.len());
    let mut slot = 0u32;
    for c in concepts {
        let mut masks = Vec::with_capacity(c.alts.len());
        for alt in &c.alts {
            let mut mask = 0u64;
            for ids in alt {
                if slot < 64 {
                    for &w in ids {
                        *slots.entry(w).or_default() |= 1 << slot;
                    }
                    mask |= 1 << slot;
                    slot += 1;
                } else {
                    mask = u64::MAX; // too many words: never met
                }
            }
            masks.push(mask);
        }
        alt_masks.push(masks);
    }
    (slots, alt_masks)
}
