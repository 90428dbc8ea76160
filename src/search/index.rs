//! The in-memory search index over all loaded code sets.
//!
//! Entries are numbered system by system and, within a system, billable
//! codes first and shorter titles first ("static rank"), so that walking
//! candidates in id order meets the likely answers early and a search with
//! a huge candidate set (one typed letter) can stop after enough of them.
//!
//! Per entry it keeps its words in order (the forward list used to score a
//! candidate); per word the entries that use it (postings, for finding
//! candidates); and the codes sorted by lookup key (a code prefix is a
//! contiguous range).

use std::ops::Range;

use chrono::Datelike;

use rustc_hash::FxHashMap;

use super::vocab::Vocab;
use super::words::for_each_word;
use crate::domain::codes::{CodeKind, CodeSetVersion, CodeSystem, lookup_key};
use crate::store::code_tables::IndexableCode;

/// One indexed entry.
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub code: Span,
    pub key: Span,
    pub title: Span,
    /// Range in `Index::tokens`.
    pub tokens_start: u32,
    pub tokens_len: u16,
    pub system: CodeSystem,
    pub kind: CodeKind,
    pub billable: bool,
    /// Last valid date of service as days from CE ([`Entry::IN_FORCE`]
    /// when the code is valid for the whole version).
    pub valid_until: i32,
}

impl Entry {
    /// `valid_until` of a code never terminated.
    pub const IN_FORCE: i32 = i32::MAX;
}

/// A slice of `Index::strings`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub start: u32,
    pub len: u16,
}

/// A word occurrence: word id (low 24 bits), field (7 bits: 0 = the title,
/// n = the n-th inclusion term, capped at 127) and whether it is
/// nonessential (bit 31): inside parentheses, or in a "without …" / "not …"
/// clause, which names the default state ("without complications") rather
/// than what the code is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Token(u32);

impl Token {
    const WORD_BITS: u32 = 24;
    const FIELD_MASK: u32 = 0x7f;
    const NONESSENTIAL: u32 = 1 << 31;

    fn new(word: u32, field: usize, nonessential: bool) -> Token {
        let field = field.min(Self::FIELD_MASK as usize) as u32;
        let flag = if nonessential { Self::NONESSENTIAL } else { 0 };
        Token(word | field << Self::WORD_BITS | flag)
    }
    pub fn word(self) -> u32 {
        self.0 & ((1 << Self::WORD_BITS) - 1)
    }
    pub fn field(self) -> u32 {
        (self.0 >> Self::WORD_BITS) & Self::FIELD_MASK
    }
    pub fn nonessential(self) -> bool {
        self.0 & Self::NONESSENTIAL != 0
    }
    /// The stored form (see [`super::snapshot`]).
    pub(crate) fn bits(self) -> u32 {
        self.0
    }
    pub(crate) fn from_bits(bits: u32) -> Token {
        Token(bits)
    }
    /// The same occurrence, of another word id (word tables renumbered).
    pub(crate) fn with_word(self, word: u32) -> Token {
        Token::new(word, self.field() as usize, self.nonessential())
    }
}

/// The search index: build once per loaded set of code-set versions, then
/// search from any thread (`Index: Send + Sync`).
pub struct Index {
    pub(crate) entries: Vec<Entry>,
    /// Entry ids of each system: `systems[i]` for `CodeSystem::ALL[i]`.
    pub(crate) system_ranges: [Range<u32>; 4],
    pub(crate) strings: String,
    pub(crate) tokens: Vec<Token>,
    pub(crate) vocab: Vocab,
    /// Postings: entries using word `w` are
    /// `posting_ids[posting_starts[w]..posting_starts[w + 1]]`, ascending.
    pub(crate) posting_starts: Vec<u32>,
    pub(crate) posting_ids: Vec<u32>,
    /// Entry ids sorted by (lookup key, entry id).
    pub(crate) by_key: Vec<u32>,
    /// Words that never count against a title's coverage ("unspecified",
    /// "of"), by word id.
    pub(crate) filler: Vec<bool>,
    /// The versions loaded (empty when built from bare lists).
    pub(crate) versions: Vec<CodeSetVersion>,
}

/// Words that say little about a code: a title full of them is not less
/// precise for it.
const FILLER: [&str; 26] = [
    "of",
    "the",
    "and",
    "or",
    "in",
    "to",
    "a",
    "an",
    "for",
    "by",
    "on",
    "at",
    "as",
    "with",
    "without",
    "unspecified",
    "specified",
    "nos",
    "not",
    "elsewhere",
    "classified",
    "approach",
    "initial",
    "encounter",
    "part",
    "site",
];

/// Whether `word`, written after a comma, only restates the word before
/// the comma in another form: the Index lists a main term with its
/// variants ("Arthritis, arthritic", "Stenosis, stenotic", "Infarct,
/// infarction"), which name one thing, so a query that says "arthritis"
/// has spelled that part of the path. The two share at least five
/// leading letters and differ only in endings of at most three
/// ("Pneumonia, pneumococcal" names a kind, not a form, and so does
/// "nephrotic" beside "nephritis"). An ending of four is a form too when
/// the other word adds nothing ("Edema, edematous") or the stem is long
/// ("Hypophosphatemia, hypophosphatasia", whose code is the bare term's
/// default).
fn is_variant_of(word: &str, previous: &str) -> bool {
    const SHARED: usize = 5;
    const ENDING: usize = 3;
    const LONG_STEM: usize = 8;
    let shared = word
        .bytes()
        .zip(previous.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    let (a, b) = (word.len() - shared, previous.len() - shared);
    shared >= SHARED
        && (a.max(b) <= ENDING
            || (a.max(b) <= ENDING + 1 && (a + b <= ENDING + 1 || shared >= LONG_STEM)))
}

/// Entries above this size are refused (keeps ids in 24-bit word ids and
/// u32 entry ids with room to spare).
const MAX_WORDS: usize = 1 << 24;

impl Index {
    /// Builds the index from whole code sets, one list per system: each
    /// system is indexed on its own (as it is cached, see
    /// [`super::cache`]), then the parts are combined.
    ///
    /// The largest set is indexed on this thread while a second thread
    /// indexes the others, so one system's single-threaded steps overlap
    /// another's.
    pub fn build(mut sets: Vec<(CodeSystem, Vec<IndexableCode>)>) -> Index {
        sets.sort_by_key(|(_, codes)| std::cmp::Reverse(codes.len()));
        let others = sets.split_off(sets.len().min(1));
        let build_all = |sets: Vec<(CodeSystem, Vec<IndexableCode>)>| -> Vec<Index> {
            sets.into_iter()
                .map(|(system, codes)| Index::build_system(system, codes))
                .collect()
        };
        let mut parts = std::thread::scope(|scope| {
            let other = scope.spawn(|| build_all(others));
            let mut parts = build_all(sets);
            // A panic in the other thread is a bug in this module; pass it on.
            parts.extend(
                other
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            );
            parts
        });
        parts.sort_by_key(|p| p.first_system_rank());
        Index::combine(parts)
    }

    /// Builds the index of one system's code set.
    ///
    /// Splitting titles into words is most of the work: two threads each
    /// take half of the entries, and their word tables are merged.
    pub fn build_system(system: CodeSystem, mut first: Vec<IndexableCode>) -> Index {
        let second = first.split_off(first.len() / 2);
        let (a, b) = std::thread::scope(|scope| {
            let other = scope.spawn(|| Builder::tokenize(system, second));
            let a = Builder::tokenize(system, first);
            // A panic in the other thread is a bug in this module; pass it on.
            let b = other
                .join()
                .unwrap_or_else(|p| std::panic::resume_unwind(p));
            (a, b)
        });
        a.merge(b).finish()
    }

    /// Where this index's first system comes in [`CodeSystem::ALL`] (the
    /// order parts are combined in).
    pub(crate) fn first_system_rank(&self) -> usize {
        self.system_ranges
            .iter()
            .position(|r| !r.is_empty())
            .unwrap_or(usize::MAX)
    }

    /// How many entries are indexed.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// How many entries each system contributed.
    pub fn counts(&self) -> Vec<(CodeSystem, usize)> {
        CodeSystem::ALL
            .iter()
            .zip(&self.system_ranges)
            .filter(|(_, r)| !r.is_empty())
            .map(|(&s, r)| (s, r.len()))
            .collect()
    }

    /// The code-set versions this index was loaded from.
    pub fn versions(&self) -> &[CodeSetVersion] {
        &self.versions
    }

    /// Approximate heap bytes held by the index (for the memory report; the
    /// bench also measures it with a counting allocator).
    pub fn heap_bytes(&self) -> usize {
        self.entries.capacity() * std::mem::size_of::<Entry>()
            + self.strings.capacity()
            + self.tokens.capacity() * 4
            + self.vocab.heap_bytes()
            + (self.posting_starts.capacity()
                + self.posting_ids.capacity()
                + self.by_key.capacity())
                * 4
            + self.filler.capacity()
    }

    pub(crate) fn str(&self, span: Span) -> &str {
        &self.strings[span.start as usize..span.start as usize + span.len as usize]
    }

    pub(crate) fn entry_tokens(&self, e: &Entry) -> &[Token] {
        &self.tokens[e.tokens_start as usize..e.tokens_start as usize + e.tokens_len as usize]
    }

    pub(crate) fn postings(&self, word: u32) -> &[u32] {
        let (a, b) = (
            self.posting_starts[word as usize],
            self.posting_starts[word as usize + 1],
        );
        &self.posting_ids[a as usize..b as usize]
    }

    /// Total postings of a word-id range (an estimate of how many entries a
    /// prefix touches).
    pub(crate) fn postings_len(&self, words: Range<u32>) -> usize {
        (self.posting_starts[words.end as usize] - self.posting_starts[words.start as usize])
            as usize
    }

    /// Entry ids (in `by_key`) whose lookup key starts with `key`.
    pub(crate) fn key_range(&self, key: &str) -> &[u32] {
        let k = |id: &u32| self.str(self.entries[*id as usize].key);
        let lo = self.by_key.partition_point(|id| k(id) < key);
        let len = self.by_key[lo..].partition_point(|id| k(id).starts_with(key));
        &self.by_key[lo..lo + len]
    }
}

/// One entry while building, before ids are final.
struct Pending {
    system: CodeSystem,
    kind: CodeKind,
    billable: bool,
    code: Span,
    key: Span,
    title: Span,
    /// Range in `Builder::tokens` (words with provisional ids).
    tokens: Range<usize>,
    /// Essential title words: the static rank prefers short titles.
    core_len: u16,
    valid_until: i32,
}

#[derive(Default)]
struct Builder {
    /// Entries in input order.
    pending: Vec<Pending>,
    words: FxHashMap<Box<str>, u32>,
    word_list: Vec<Box<str>>,
    /// Whether each provisional word is filler (looked up once per word,
    /// not once per occurrence).
    word_is_filler: Vec<bool>,
    tokens: Vec<Token>,
    /// Codes, keys and titles in input order; entries point into it, so
    /// reordering entries never moves text.
    strings: String,
}

impl Builder {
    fn word_id(&mut self, w: &str) -> u32 {
        if let Some(&id) = self.words.get(w) {
            return id;
        }
        let id = self.word_list.len() as u32;
        let w: Box<str> = w.into();
        self.word_is_filler.push(FILLER.contains(&&*w));
        self.word_list.push(w.clone());
        self.words.insert(w, id);
        id
    }

    fn push_str(&mut self, s: &str) -> Span {
        let start = self.strings.len() as u32;
        let s = &s[..floor_char_boundary(s, u16::MAX as usize)];
        self.strings.push_str(s);
        Span {
            start,
            len: s.len() as u16,
        }
    }

    /// Adds the words of one field; returns how many are essential (see
    /// [`Token`]) and not filler.
    fn add_field(&mut self, text: &str, field: usize) -> u16 {
        let mut core_len = 0u16;
        let mut last_end = 0;
        let mut in_default_clause = false;
        let mut previous_essential = String::new();
        let mut previous_variant = false;
        for_each_word(text, |w, span| {
            if self.word_list.len() >= MAX_WORDS {
                return;
            }
            let separator = &text[last_end..span.start];
            let after_comma = separator.contains([',', ';']);
            if after_comma {
                in_default_clause = false;
            }
            last_end = span.end;
            // The rest of a hyphenated variant is the variant too
            // ("Alcohol, alcoholic, alcohol-induced").
            let hyphen_after_variant = previous_variant && separator == "-";
            let variant = field > 0
                && (hyphen_after_variant || after_comma && is_variant_of(w, &previous_essential));
            previous_variant = variant;
            let nonessential = span.in_parens || in_default_clause || variant;
            if !nonessential {
                previous_essential.clear();
                previous_essential.push_str(w);
            }
            if w == "without" || w == "not" {
                in_default_clause = true;
            }
            let id = self.word_id(w);
            if !nonessential && !self.word_is_filler[id as usize] {
                core_len = core_len.saturating_add(1);
            }
            self.tokens.push(Token::new(id, field, nonessential));
        });
        core_len
    }

    /// Splits the titles and inclusion terms of `codes` into words.
    fn tokenize(system: CodeSystem, codes: Vec<IndexableCode>) -> Builder {
        let mut b = Builder {
            pending: Vec::with_capacity(codes.len()),
            ..Builder::default()
        };
        for c in codes {
            let start = b.tokens.len();
            let core_len = b.add_field(&c.title, 0);
            for (i, term) in c.terms.iter().enumerate() {
                b.add_field(term, i + 1);
            }
            // A long entry's words beyond u16 are not searchable.
            let end = b.tokens.len().min(start + u16::MAX as usize);
            let pending = Pending {
                system,
                kind: c.kind,
                billable: c.billable,
                code: b.push_str(&c.code),
                key: b.push_str(&lookup_key(&c.code)),
                title: b.push_str(&c.title),
                tokens: start..end,
                core_len,
                valid_until: c
                    .valid_until
                    .map_or(Entry::IN_FORCE, |d| d.num_days_from_ce()),
            };
            b.pending.push(pending);
        }
        b
    }

    /// Appends `other`'s entries after these, mapping its word ids into
    /// this word table.
    fn merge(mut self, other: Builder) -> Builder {
        let remap: Vec<u32> = other.word_list.iter().map(|w| self.word_id(w)).collect();
        let token_offset = self.tokens.len();
        let string_offset = self.strings.len() as u32;
        self.tokens.extend(
            other
                .tokens
                .iter()
                .map(|t| t.with_word(remap[t.word() as usize])),
        );
        self.strings.push_str(&other.strings);
        let shift = |s: Span| Span {
            start: s.start + string_offset,
            len: s.len,
        };
        self.pending
            .extend(other.pending.into_iter().map(|p| Pending {
                code: shift(p.code),
                key: shift(p.key),
                title: shift(p.title),
                tokens: p.tokens.start + token_offset..p.tokens.end + token_offset,
                ..p
            }));
        self
    }

    /// Orders the entries, sorts the vocabulary and builds the postings.
    fn finish(mut self) -> Index {
        let pending = std::mem::take(&mut self.pending);
        let strings = std::mem::take(&mut self.strings);
        let text = |s: Span| &strings[s.start as usize..s.start as usize + s.len as usize];
        let system_rank = |s: CodeSystem| CodeSystem::ALL.iter().position(|&x| x == s);
        // Stable: ties keep file order (tabular order for ICD-10-CM).
        let mut order: Vec<u32> = (0..pending.len() as u32).collect();
        order.sort_by_key(|&i| {
            let p = &pending[i as usize];
            (system_rank(p.system), !p.billable, p.core_len)
        });
        let (vocab, new_id) = Vocab::build(std::mem::take(&mut self.word_list));
        let filler = filler_words(&vocab);

        let mut entries = Vec::with_capacity(pending.len());
        let mut tokens = Vec::with_capacity(self.tokens.len());
        let mut system_ranges: [Range<u32>; 4] = Default::default();
        let mut counts = vec![0u32; vocab.len() + 1];
        // The last entry that counted each word: an entry naming a word
        // twice is one posting (cheaper than sorting each entry's words).
        let mut last_entry = vec![u32::MAX; vocab.len()];
        // Entry id of each input position, for the key order below.
        let mut id_of_input = vec![0u32; pending.len()];
        for (id, &input) in order.iter().enumerate() {
            id_of_input[input as usize] = id as u32;
            let p = &pending[input as usize];
            let range = &mut system_ranges[system_rank(p.system).unwrap_or(0)];
            if range.start == range.end {
                *range = id as u32..id as u32;
            }
            range.end = id as u32 + 1;
            let tokens_start = tokens.len() as u32;
            for t in &self.tokens[p.tokens.clone()] {
                let word = new_id[t.word() as usize];
                tokens.push(t.with_word(word));
                if last_entry[word as usize] != id as u32 {
                    last_entry[word as usize] = id as u32;
                    counts[word as usize + 1] += 1;
                }
            }
            entries.push(Entry {
                code: p.code,
                key: p.key,
                title: p.title,
                tokens_start,
                tokens_len: (tokens.len() as u32 - tokens_start) as u16,
                system: p.system,
                kind: p.kind,
                billable: p.billable,
                valid_until: p.valid_until,
            });
        }
        drop(pending);
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        let posting_starts = counts.clone();
        let mut posting_ids = vec![0u32; *counts.last().unwrap_or(&0) as usize];
        last_entry.fill(u32::MAX);
        for (id, e) in entries.iter().enumerate() {
            let id = id as u32;
            for t in &tokens[e.tokens_start as usize..][..e.tokens_len as usize] {
                let w = t.word() as usize;
                if last_entry[w] != id {
                    last_entry[w] = id;
                    posting_ids[counts[w] as usize] = id;
                    counts[w] += 1;
                }
            }
        }
        // Files come nearly in code order, so a stable sort of entries in
        // input order is close to linear.
        let mut by_key = id_of_input;
        by_key.sort_by(|&a, &b| text(entries[a as usize].key).cmp(text(entries[b as usize].key)));
        Index {
            entries,
            system_ranges,
            strings,
            tokens,
            vocab,
            posting_starts,
            posting_ids,
            by_key,
            filler,
            versions: Vec::new(),
        }
    }
}

/// Which words of `vocab` are [`FILLER`], by word id.
pub(crate) fn filler_words(vocab: &Vocab) -> Vec<bool> {
    let mut filler = vec![false; vocab.len()];
    for id in FILLER.iter().filter_map(|w| vocab.id(w)) {
        filler[id as usize] = true;
    }
    filler
}

/// The largest char boundary ≤ `max` in `s`.
fn floor_char_boundary(s: &str, max: usize) -> usize {
    if s.len() <= max {
        return s.len();
    }
    (0..=max)
        .rev()
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::is_variant_of;
    use crate::domain::codes::CodeSystem;
    use crate::search::Index;
    use crate::store::code_tables::IndexableCode;

    #[test]
    fn a_hyphenated_variant_is_a_variant_whole() {
        let code = IndexableCode::billable;
        let index = Index::build_system(
            CodeSystem::Icd10Cm,
            vec![
                code("F10.139", "Alcohol abuse with withdrawal, unspecified"),
                IndexableCode {
                    terms: vec![
                        "Alcohol, alcoholic, alcohol-induced, withdrawal (without convulsions)"
                            .into(),
                    ],
                    ..code("F10.239", "Alcohol dependence with withdrawal, unspecified")
                },
            ],
        );
        assert_eq!(index.first_code("alcohol withdrawal"), "F10.239");
    }

    #[test]
    fn index_main_term_variants_restate_one_word() {
        for (w, previous) in [
            ("arthritic", "arthritis"),
            ("stenotic", "stenosis"),
            ("infarction", "infarct"),
            ("obstructive", "obstruction"),
            ("diseased", "disease"),
            ("calculi", "calculus"),
            ("hypophosphatasia", "hypophosphatemia"),
            ("edematous", "edema"),
        ] {
            assert!(is_variant_of(w, previous), "{previous}, {w}");
        }
        for (w, previous) in [
            ("pneumococcal", "pneumonia"),
            ("nephrotic", "nephritis"),
            ("cystic", "cyst"),
            ("femur", "fracture"),
            ("hypothyroidism", "hypothermia"),
        ] {
            assert!(!is_variant_of(w, previous), "{previous}, {w}");
        }
    }
}
