//! The vocabulary: every distinct folded word of every title and inclusion
//! term, sorted, so that a word prefix is a contiguous range of word ids.
//! Beside it, word families (shared stems) and a one-edit neighbourhood
//! index for typos.

use std::ops::Range;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;

use super::stem::stem;

/// Words sorted byte-wise; a word's id is its position.
pub(crate) struct Vocab {
    /// All words concatenated; `ends[i]` is where word `i` ends.
    text: String,
    ends: Vec<u32>,
    /// Word ids grouped by stem: `families` maps a stem to a range of
    /// `family_words`.
    families: FxHashMap<Box<str>, Range<u32>>,
    family_words: Vec<u32>,
    /// Built on the first typo look-up: the CLI answering one query rarely
    /// needs it, the TUI pays for it once.
    typos: OnceLock<TypoIndex>,
    /// Built on the first look-up of a long unknown word (see
    /// [`Vocab::same_skeleton`]).
    skeletons: OnceLock<Vec<(u64, u32)>>,
}

/// Words of four or more letters keyed by the hashes of their one-letter
/// deletions (and of themselves): two words within one edit (insertion,
/// deletion, substitution, adjacent transposition) share a key.
struct TypoIndex {
    /// (hash of variant, word id), sorted.
    variants: Vec<(u64, u32)>,
}

/// Words shorter than this are never corrected (too many near neighbours).
pub(crate) const TYPO_MIN_LEN: usize = 5;
/// Words shorter than this are never matched by their skeleton: short
/// words share skeletons too often ("ileum", "ilium").
pub(crate) const SKELETON_MIN_LEN: usize = 7;

impl Vocab {
    /// Builds the vocabulary from distinct words (any order); returns it and
    /// the new id of each input word.
    pub(crate) fn build(words: Vec<Box<str>>) -> (Vocab, Vec<u32>) {
        let mut order: Vec<u32> = (0..words.len() as u32).collect();
        order.sort_unstable_by(|&a, &b| words[a as usize].cmp(&words[b as usize]));
        let mut new_id = vec![0u32; words.len()];
        for (id, &old) in order.iter().enumerate() {
            new_id[old as usize] = id as u32;
        }
        let vocab = Vocab::from_sorted(order.iter().map(|&old| &*words[old as usize]));
        (vocab, new_id)
    }

    /// The union of several vocabularies (the word tables of code sets
    /// indexed apart); returns it and, per input, the new id of each of its
    /// words. A k-way merge of sorted lists: no sort, no hashing.
    pub(crate) fn union(parts: &[&Vocab]) -> (Vocab, Vec<Vec<u32>>) {
        let mut maps: Vec<Vec<u32>> = parts.iter().map(|v| Vec::with_capacity(v.len())).collect();
        let mut heads = vec![0u32; parts.len()];
        let mut merged: Vec<&str> =
            Vec::with_capacity(parts.iter().map(|v| v.len()).max().unwrap_or(0));
        loop {
            let smallest = parts
                .iter()
                .zip(&heads)
                .filter(|&(v, &at)| (at as usize) < v.len())
                .map(|(v, &at)| v.word(at))
                .min();
            let Some(word) = smallest else { break };
            let id = merged.len() as u32;
            merged.push(word);
            for ((v, at), map) in parts.iter().zip(heads.iter_mut()).zip(maps.iter_mut()) {
                if (*at as usize) < v.len() && v.word(*at) == word {
                    map.push(id);
                    *at += 1;
                }
            }
        }
        (Vocab::from_sorted(merged.into_iter()), maps)
    }

    /// Builds the vocabulary from words already sorted and distinct.
    fn from_sorted<'w>(words: impl Iterator<Item = &'w str>) -> Vocab {
        let mut text = String::new();
        let mut ends = Vec::new();
        for w in words {
            text.push_str(w);
            ends.push(text.len() as u32);
        }
        Vocab::from_text(text, ends)
    }

    /// Builds the vocabulary from its stored form (see [`Vocab::text`]),
    /// checking that every word lies inside `text` on character boundaries;
    /// `None` when not (a damaged snapshot).
    pub(crate) fn from_stored(text: String, ends: Vec<u32>) -> Option<Vocab> {
        let mut start = 0;
        for &end in &ends {
            if end < start || !text.is_char_boundary(end as usize) {
                return None;
            }
            start = end;
        }
        Some(Vocab::from_text(text, ends))
    }

    /// The stored form: all words concatenated, and where each ends.
    pub(crate) fn text(&self) -> (&str, &[u32]) {
        (&self.text, &self.ends)
    }

    fn from_text(text: String, ends: Vec<u32>) -> Vocab {
        let mut vocab = Vocab {
            text,
            ends,
            families: FxHashMap::default(),
            family_words: Vec::new(),
            typos: OnceLock::new(),
            skeletons: OnceLock::new(),
        };
        let mut by_stem: Vec<(&str, u32)> = (0..vocab.len() as u32)
            .filter_map(|id| family_key(vocab.word(id)).map(|s| (s, id)))
            .collect();
        by_stem.sort_unstable();
        let mut families = FxHashMap::default();
        let mut family_words = Vec::with_capacity(by_stem.len());
        for group in by_stem.chunk_by(|a, b| a.0 == b.0) {
            if group.len() > 1 {
                let start = family_words.len() as u32;
                family_words.extend(group.iter().map(|&(_, id)| id));
                families.insert(group[0].0.into(), start..family_words.len() as u32);
            }
        }
        vocab.families = families;
        vocab.family_words = family_words;
        vocab
    }

    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    pub(crate) fn word(&self, id: u32) -> &str {
        let end = self.ends[id as usize] as usize;
        let start = if id == 0 {
            0
        } else {
            self.ends[id as usize - 1] as usize
        };
        &self.text[start..end]
    }

    /// The id of `word`, if some title uses it.
    pub(crate) fn id(&self, word: &str) -> Option<u32> {
        let r = self.prefix_range(word);
        (!r.is_empty() && self.word(r.start) == word).then_some(r.start)
    }

    /// The ids of all words starting with `prefix` (including itself).
    pub(crate) fn prefix_range(&self, prefix: &str) -> Range<u32> {
        let n = self.len() as u32;
        let lo = partition_point(n, |i| self.word(i) < prefix);
        let hi = lo + partition_point(n - lo, |i| self.word(lo + i).starts_with(prefix));
        lo..hi
    }

    /// Other words of the same family ("hypertensive" for "hypertension").
    pub(crate) fn family(&self, word: &str) -> &[u32] {
        family_key(word)
            .and_then(|s| self.families.get(s))
            .map_or(&[], |r| {
                &self.family_words[r.start as usize..r.end as usize]
            })
    }

    /// The words of `word`'s family, also when the vocabulary holds only
    /// one of them ([`Vocab::family`] keeps families of two or more, and
    /// a typed "tripped" must still meet a lone "tripping"): the words
    /// starting with the family key that share it. Not `word` itself.
    pub(crate) fn kin(&self, word: &str) -> Vec<u32> {
        let found = self.family(word);
        if !found.is_empty() {
            return found
                .iter()
                .copied()
                .filter(|&id| self.word(id) != word)
                .collect();
        }
        // A word of the vocabulary with no family has no kin: it would
        // have made a family with them.
        let Some(key) = family_key(word).filter(|_| self.id(word).is_none()) else {
            return Vec::new();
        };
        // Irregular forms ("fell" → "fall") have a key that is no prefix
        // of the word; the key's own words are found the same way.
        self.prefix_range(key)
            .filter(|&id| {
                let w = self.word(id);
                w != word && family_key(w) == Some(key)
            })
            .collect()
    }

    /// Words within one edit of `word` (not `word` itself).
    pub(crate) fn within_one_edit(&self, word: &str) -> Vec<u32> {
        if word.len() < TYPO_MIN_LEN || !word.is_ascii() {
            return Vec::new();
        }
        let typos = self.typos.get_or_init(|| TypoIndex::build(self));
        let mut found = Vec::new();
        for_each_variant(word, |h| {
            let at = typos.variants.partition_point(|&(v, _)| v < h);
            for &(v, id) in &typos.variants[at..] {
                if v != h {
                    break;
                }
                let candidate = self.word(id);
                if candidate != word && one_edit_apart(word, candidate) && !found.contains(&id) {
                    found.push(id);
                }
            }
        });
        found
    }

    /// Words of the vocabulary spelled with the same consonants as the
    /// unknown `word`, in the same order, where doubled letters count once
    /// and any run of vowels counts as one vowel ("hemmorhoids" and
    /// "hemorrhoids", "hypertensin" and "hypertension", "diabeetes" and
    /// "diabetes"): the slips of long words that one edit does not cover
    /// (a doubled and an undoubled letter, a vowel slip plus a doubling),
    /// "f" written for "ph" ("pyelonefritis"), and an "h" after a
    /// consonant left out or added ("hemorage", "hypertenshun").
    /// Only for words of [`SKELETON_MIN_LEN`] letters or more (and, for the
    /// vocabulary's side, at most two letters longer or shorter), so short
    /// words and codes are never "corrected" this way.
    pub(crate) fn same_skeleton(&self, word: &str) -> Vec<u32> {
        let Some(key) = skeleton(word) else {
            return Vec::new();
        };
        let index = self.skeletons.get_or_init(|| {
            let mut keys: Vec<(u64, u32)> = (0..self.len() as u32)
                .filter_map(|id| skeleton(self.word(id)).map(|k| (k, id)))
                .collect();
            keys.sort_unstable();
            keys
        });
        let at = index.partition_point(|&(k, _)| k < key);
        index[at..]
            .iter()
            .take_while(|&&(k, _)| k == key)
            .map(|&(_, id)| id)
            .filter(|&id| self.word(id).len().abs_diff(word.len()) <= 2 && self.word(id) != word)
            .collect()
    }

    /// Bytes held, for the memory report.
    pub(crate) fn heap_bytes(&self) -> usize {
        self.text.capacity()
            + self.ends.capacity() * 4
            + self.family_words.capacity() * 4
            + self.families.capacity() * 40
            + self.typos.get().map_or(0, |t| t.variants.capacity() * 16)
            + self.skeletons.get().map_or(0, |k| k.capacity() * 16)
    }
}

/// The hash of a word's skeleton (see [`Vocab::same_skeleton`]); `None`
/// for words too short or not plain lowercase ASCII letters.
fn skeleton(word: &str) -> Option<u64> {
    if word.len() < SKELETON_MIN_LEN - 1 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let is_vowel = |b: u8| matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'y');
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut last = 0u8;
    let bytes = word.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        // "ph" sounds as "f" ("pyelonefritis"): the "h" is dropped and the
        // "p" read as "f". An "h" after any other consonant is silent or
        // only shades it ("rh", "th", "sh" for the "-sion"/"-tion" sound:
        // "hemorage", "hypertenshun"): dropped too.
        if b == b'h' && i > 0 && !is_vowel(bytes[i - 1]) {
            continue;
        }
        let c = match b {
            b'p' if bytes.get(i + 1) == Some(&b'h') => b'f',
            _ if is_vowel(b) => b'*',
            _ => b,
        };
        if c != last {
            h = (h ^ u64::from(c)).wrapping_mul(0x100_0000_01b3);
            last = c;
        }
    }
    Some(h)
}

/// The family a word belongs to: its stem, or the word itself when it is
/// one ("shoe" with "shoes", "lung" with "lungs"); `None` for words too
/// short to gather a family.
fn family_key(word: &str) -> Option<&str> {
    stem(word).or_else(|| {
        (word.len() >= 4 && word.bytes().all(|b| b.is_ascii_lowercase())).then_some(word)
    })
}

impl TypoIndex {
    fn build(vocab: &Vocab) -> TypoIndex {
        let mut variants = Vec::new();
        for id in 0..vocab.len() as u32 {
            let w = vocab.word(id);
            if w.len() + 1 >= TYPO_MIN_LEN && w.is_ascii() {
                for_each_variant(w, |h| variants.push((h, id)));
            }
        }
        variants.sort_unstable();
        variants.dedup();
        TypoIndex { variants }
    }
}

/// Calls `f` with the hash of `word` and of each one-letter deletion, in
/// time linear in the word's length: each deletion's hash is put together
/// from the hash of the letters before it and of those after it (a
/// polynomial hash, which is the same for the same letters however they
/// were split), instead of hashing each variant anew (quadratic: a 64 KiB
/// word took seconds).
fn for_each_variant(word: &str, mut f: impl FnMut(u64)) {
    let b = word.as_bytes();
    let n = b.len();
    // suffix[i] = hash of b[i..]; power[k] = BASE^k.
    let mut suffix = vec![0u64; n + 1];
    let mut power = vec![1u64; n + 1];
    for i in (0..n).rev() {
        power[n - i] = power[n - i - 1].wrapping_mul(BASE);
        suffix[i] = u64::from(b[i])
            .wrapping_mul(power[n - i - 1])
            .wrapping_add(suffix[i + 1]);
    }
    f(finish(suffix[0], n));
    let mut prefix = 0u64; // hash of b[..i]
    for i in 0..n {
        let rest = n - i - 1;
        f(finish(
            prefix.wrapping_mul(power[rest]).wrapping_add(suffix[i + 1]),
            n - 1,
        ));
        prefix = prefix.wrapping_mul(BASE).wrapping_add(u64::from(b[i]));
    }
}

/// The polynomial hash's base (odd, so multiplication by it is a bijection
/// modulo 2^64).
const BASE: u64 = 0x100_0000_01b3;

/// Mixes a polynomial hash and the length it covers into the key stored
/// (a collision only costs a comparison: every candidate is checked).
fn finish(hash: u64, len: usize) -> u64 {
    let mut h = hash ^ (len as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^ (h >> 33)
}

/// Damerau (optimal string alignment) distance ≤ 1.
pub(crate) fn one_edit_apart(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[prefix..], &b[prefix..]);
    match (a.len(), b.len()) {
        (0, 0) => true,
        (x, y) if x == y => {
            a[1..] == b[1..] || (x >= 2 && a[0] == b[1] && a[1] == b[0] && a[2..] == b[2..])
        }
        (x, y) if x == y + 1 => a[1..] == *b,
        (x, y) if y == x + 1 => *a == b[1..],
        _ => false,
    }
}

/// The first `i` in `0..n` for which `pred` is false (pred true then false).
fn partition_point(n: u32, pred: impl Fn(u32) -> bool) -> u32 {
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if pred(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab(words: &[&str]) -> Vocab {
        Vocab::build(words.iter().map(|w| Box::from(*w)).collect()).0
    }

    #[test]
    fn long_words_meet_their_skeleton_and_short_ones_never() {
        let v = vocab(&[
            "hemorrhoids",
            "hypertension",
            "hypotension",
            "ileum",
            "ilium",
        ]);
        let names = |ids: Vec<u32>| ids.into_iter().map(|i| v.word(i)).collect::<Vec<_>>();
        assert_eq!(names(v.same_skeleton("hemmorhoids")), ["hemorrhoids"]);
        assert_eq!(names(v.same_skeleton("hypertensin")), ["hypertension"]);
        assert!(v.same_skeleton("hypretension").is_empty());
        assert!(v.same_skeleton("ileum").is_empty());
        assert!(v.same_skeleton("hemorrhoids").is_empty());
        let v = vocab(&["aneurysm", "pyelonephritis", "ileum"]);
        let names = |ids: Vec<u32>| ids.into_iter().map(|i| v.word(i)).collect::<Vec<_>>();
        assert_eq!(names(v.same_skeleton("anurism")), ["aneurysm"]);
        assert_eq!(names(v.same_skeleton("pyelonefritis")), ["pyelonephritis"]);
        assert!(v.same_skeleton("ilieum").is_empty());
        // An "h" after a consonant is left out or added.
        let v = vocab(&["hemorrhage", "hypertension", "hemangioma"]);
        let names = |ids: Vec<u32>| ids.into_iter().map(|i| v.word(i)).collect::<Vec<_>>();
        assert_eq!(names(v.same_skeleton("hemorage")), ["hemorrhage"]);
        assert_eq!(names(v.same_skeleton("hypertenshun")), ["hypertension"]);
        assert!(v.same_skeleton("hemoraje").is_empty());
    }

    #[test]
    fn a_typed_word_meets_a_lone_word_of_its_family() {
        let v = vocab(&["fall", "tripping", "trapped", "fracture", "fractured"]);
        let names = |ids: Vec<u32>| ids.into_iter().map(|i| v.word(i)).collect::<Vec<_>>();
        assert_eq!(names(v.kin("tripped")), ["tripping"]);
        assert_eq!(names(v.kin("fell")), ["fall"]);
        assert_eq!(names(v.kin("fractures")), ["fracture", "fractured"]);
        assert_eq!(names(v.kin("fracture")), ["fractured"]);
        assert!(v.kin("trap").is_empty());
    }

    #[test]
    fn prefixes_are_ranges_and_ids_are_sorted() {
        let v = vocab(&["diabetes", "diabetic", "disease", "dia", "kidney"]);
        let r = v.prefix_range("diab");
        let got: Vec<&str> = r.map(|i| v.word(i)).collect();
        assert_eq!(got, ["diabetes", "diabetic"]);
        assert_eq!(v.prefix_range("x"), 5..5);
        assert_eq!(v.id("dia"), Some(0));
        assert_eq!(v.id("di"), None);
        let fam: Vec<&str> = v.family("diabetes").iter().map(|&i| v.word(i)).collect();
        assert_eq!(fam, ["diabetes", "diabetic"]);
        // A word that is itself the stem joins its family.
        let v = vocab(&["shoe", "shoes", "arm", "arms", "lung", "lungs"]);
        let fam: Vec<&str> = v.family("shoes").iter().map(|&i| v.word(i)).collect();
        assert_eq!(fam, ["shoe", "shoes"]);
        assert_eq!(v.family("shoe"), v.family("shoes"));
        assert!(v.family("arm").is_empty());
    }

    #[test]
    fn typos_within_one_edit_are_found() {
        let v = vocab(&[
            "pneumonia",
            "hypertension",
            "cellulitis",
            "diabetes",
            "osteoporosis",
        ]);
        let found = |w: &str| -> Vec<&str> {
            v.within_one_edit(w)
                .into_iter()
                .map(|i| v.word(i))
                .collect()
        };
        assert_eq!(found("pneumonai"), ["pneumonia"]); // transposition
        assert_eq!(found("hypertenion"), ["hypertension"]); // deletion
        assert_eq!(found("cellulitus"), ["cellulitis"]); // substitution
        assert_eq!(found("diabettes"), ["diabetes"]); // insertion
        assert!(found("osteoprsis").is_empty()); // two edits
        assert!(found("diab").is_empty()); // too short to correct
    }

    /// A deletion's hash is that of the letters left, whatever the split:
    /// the same as hashing the shorter word whole.
    #[test]
    fn variant_hashes_match_the_words_they_spell() {
        let whole = |w: &str| {
            let mut first = None;
            for_each_variant(w, |h| {
                first.get_or_insert(h);
            });
            first.unwrap()
        };
        for word in ["a", "abc", "fracture", "aab", "xxxxxxxxxxxx", "pneumonia"] {
            let mut got = Vec::new();
            for_each_variant(word, |h| got.push(h));
            let mut want = vec![whole(word)];
            for i in 0..word.len() {
                want.push(whole(&format!("{}{}", &word[..i], &word[i + 1..])));
            }
            assert_eq!(got, want, "{word}");
        }
        let long = "ab".repeat(1 << 15);
        let mut count = 0;
        for_each_variant(&long, |_| count += 1);
        assert_eq!(count, long.len() + 1);
    }

    #[test]
    fn one_edit_distance() {
        assert!(one_edit_apart("abcd", "abdc"));
        assert!(one_edit_apart("abc", "abc"));
        assert!(!one_edit_apart("abc", "bca"));
        assert!(one_edit_apart("fracture", "fractures"));
    }
}
