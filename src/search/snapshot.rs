//! The index of one code set written out as bytes, so that a process can
//! load it instead of re-reading and re-splitting 100,000 titles.
//!
//! Layout (little-endian): a magic, the [`FORMAT`] fingerprint, a checksum
//! of the rest, then the index's arrays, each with its length. Reading
//! checks everything an index relies on (every span, word id, posting and
//! code-order id in range, text on character boundaries), so a damaged or
//! foreign snapshot is refused (and rebuilt by the caller), never trusted:
//! search code indexes these arrays directly.
//!
//! The fingerprint hashes the source of every module that shapes an index,
//! so a binary that splits words or orders entries differently never reads
//! another binary's snapshot as its own.

use std::ops::Range;

use super::index::{Entry, Index, Span, Token, filler_words};
use super::vocab::Vocab;
use crate::domain::codes::{CodeKind, CodeSystem};
use crate::store::snapshot_bytes::SnapshotBytes;

const MAGIC: &[u8; 8] = b"CQINDEX\x01";

/// Identifies the index layout and the code that built it.
pub(crate) const FORMAT: u64 = fingerprint(&[
    env!("CARGO_PKG_VERSION").as_bytes(),
    include_bytes!("index.rs"),
    include_bytes!("combine.rs"),
    include_bytes!("snapshot.rs"),
    include_bytes!("vocab.rs"),
    include_bytes!("words.rs"),
    include_bytes!("stem.rs"),
    include_bytes!("../domain/codes.rs"),
]);

/// Why a snapshot was not used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub(crate) enum SnapshotError {
    #[error("not a search snapshot")]
    Foreign,
    #[error("written by another chartq build")]
    Stale,
    #[error("damaged: {0}")]
    Damaged(&'static str),
}

/// Bytes per entry record.
const ENTRY_BYTES: usize = 31;

/// Writes `index` (one code set's) as bytes.
pub(crate) fn encode(index: &Index) -> Vec<u8> {
    let mut body = Vec::with_capacity(
        index.entries.len() * ENTRY_BYTES
            + index.strings.len()
            + (index.tokens.len()
                + index.posting_starts.len()
                + index.posting_ids.len()
                + index.by_key.len())
                * 4
            + index.vocab.text().0.len()
            + index.vocab.len() * 4
            + 1024,
    );
    let w = &mut body;
    put_u32(w, index.entries.len() as u32);
    for e in &index.entries {
        for span in [e.code, e.key, e.title] {
            put_u32(w, span.start);
            w.extend_from_slice(&span.len.to_le_bytes());
        }
        put_u32(w, e.tokens_start);
        w.extend_from_slice(&e.tokens_len.to_le_bytes());
        w.push(position(&CodeSystem::ALL, e.system));
        w.push(position(&CodeKind::ALL, e.kind));
        w.push(u8::from(e.billable));
        w.extend_from_slice(&e.valid_until.to_le_bytes());
    }
    for r in &index.system_ranges {
        put_u32(w, r.start);
        put_u32(w, r.end);
    }
    put_bytes(w, index.strings.as_bytes());
    put_u32s(w, index.tokens.iter().map(|t| t.bits()));
    let (text, ends) = index.vocab.text();
    put_bytes(w, text.as_bytes());
    put_u32s(w, ends.iter().copied());
    put_u32s(w, index.posting_starts.iter().copied());
    put_u32s(w, index.posting_ids.iter().copied());
    put_u32s(w, index.by_key.iter().copied());

    let mut out = Vec::with_capacity(body.len() + 24);
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&FORMAT.to_le_bytes());
    out.extend_from_slice(&checksum(&body).to_le_bytes());
    out.extend_from_slice(&body);
    out
}

/// Reads a snapshot written by [`encode`] from bytes in memory.
#[cfg(test)]
pub(crate) fn decode(bytes: &[u8]) -> Result<Index, SnapshotError> {
    decode_from(bytes)
}

/// Reads a snapshot written by [`encode`], checking it whole. Each array is
/// read straight into its final place (a BLOB in the database is not first
/// copied whole into memory); lengths are checked against what is left
/// before anything is allocated.
pub(crate) fn decode_from<S: Source + ?Sized>(source: &S) -> Result<Index, SnapshotError> {
    let mut head = [0u8; 24];
    if source.len() < head.len() {
        return Err(SnapshotError::Foreign);
    }
    source.read_exact_at(&mut head, 0)?;
    let field = |at: usize| u64::from_le_bytes(head[at..at + 8].try_into().expect("8 bytes"));
    if &head[..8] != MAGIC {
        return Err(SnapshotError::Foreign);
    }
    if field(8) != FORMAT {
        return Err(SnapshotError::Stale);
    }
    let sum = field(16);
    let mut r = Reader {
        source,
        at: head.len(),
        sum: Checksum::default(),
    };
    let entries = read_entries(&mut r)?;
    let mut system_ranges: [Range<u32>; 4] = Default::default();
    for range in &mut system_ranges {
        *range = r.u32()?..r.u32()?;
    }
    let strings = r.string()?;
    let tokens: Vec<Token> = r.u32s()?.into_iter().map(Token::from_bits).collect();
    let vocab_text = r.string()?;
    let ends = r.u32s()?;
    let posting_starts = r.u32s()?;
    let posting_ids = r.u32s()?;
    let by_key = r.u32s()?;
    if r.at != source.len() {
        return Err(SnapshotError::Damaged("trailing bytes"));
    }
    if r.sum.finish() != sum {
        return Err(SnapshotError::Damaged("checksum"));
    }
    let vocab = Vocab::from_stored(vocab_text, ends).ok_or(SnapshotError::Damaged("vocabulary"))?;
    let filler = filler_words(&vocab);
    let index = Index {
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
    };
    check(&index)?;
    Ok(index)
}

/// The entry records, read a few thousand at a time.
fn read_entries<S: Source + ?Sized>(r: &mut Reader<'_, S>) -> Result<Vec<Entry>, SnapshotError> {
    const BATCH: usize = 4096;
    let n = r.u32()? as usize;
    r.expect(n.checked_mul(ENTRY_BYTES).ok_or(TRUNCATED)?)?;
    let mut entries = Vec::with_capacity(n);
    let mut buf = vec![0u8; ENTRY_BYTES * BATCH.min(n)];
    while entries.len() < n {
        let batch = &mut buf[..ENTRY_BYTES * BATCH.min(n - entries.len())];
        r.fill(batch)?;
        for rec in batch.chunks_exact(ENTRY_BYTES) {
            let u32_at = |at: usize| u32::from_le_bytes(rec[at..at + 4].try_into().expect("4"));
            let u16_at = |at: usize| u16::from_le_bytes(rec[at..at + 2].try_into().expect("2"));
            let span = |at: usize| Span {
                start: u32_at(at),
                len: u16_at(at + 4),
            };
            entries.push(Entry {
                code: span(0),
                key: span(6),
                title: span(12),
                tokens_start: u32_at(18),
                tokens_len: u16_at(22),
                system: *CodeSystem::ALL
                    .get(rec[24] as usize)
                    .ok_or(SnapshotError::Damaged("system"))?,
                kind: *CodeKind::ALL
                    .get(rec[25] as usize)
                    .ok_or(SnapshotError::Damaged("kind"))?,
                billable: rec[26] != 0,
                valid_until: u32_at(27) as i32,
            });
        }
    }
    Ok(entries)
}

/// Every id and span in range: what search code indexes without checking.
fn check(index: &Index) -> Result<(), SnapshotError> {
    let n = index.entries.len() as u32;
    let text_ok = |s: Span| {
        let end = s.start as usize + s.len as usize;
        index.strings.is_char_boundary(s.start as usize) && index.strings.is_char_boundary(end)
    };
    for e in &index.entries {
        if !(text_ok(e.code) && text_ok(e.key) && text_ok(e.title)) {
            return Err(SnapshotError::Damaged("entry text"));
        }
        if e.tokens_start as usize + e.tokens_len as usize > index.tokens.len() {
            return Err(SnapshotError::Damaged("entry words"));
        }
    }
    if index
        .system_ranges
        .iter()
        .any(|r| r.start > r.end || r.end > n)
    {
        return Err(SnapshotError::Damaged("system ranges"));
    }
    let words = index.vocab.len() as u32;
    if index.tokens.iter().any(|t| t.word() >= words) {
        return Err(SnapshotError::Damaged("word ids"));
    }
    let starts = &index.posting_starts;
    if starts.len() != words as usize + 1
        || starts.first() != Some(&0)
        || starts.windows(2).any(|w| w[0] > w[1])
        || starts.last().map(|&l| l as usize) != Some(index.posting_ids.len())
    {
        return Err(SnapshotError::Damaged("postings"));
    }
    if index.posting_ids.iter().any(|&id| id >= n) {
        return Err(SnapshotError::Damaged("posting ids"));
    }
    if index.by_key.len() != n as usize || index.by_key.iter().any(|&id| id >= n) {
        return Err(SnapshotError::Damaged("code order"));
    }
    Ok(())
}

const TRUNCATED: SnapshotError = SnapshotError::Damaged("truncated");

/// Where a snapshot's bytes come from: memory, or a BLOB in the database
/// read in place (the store's [`SnapshotBytes`]).
pub(crate) trait Source {
    fn len(&self) -> usize;
    fn read_exact_at(&self, buf: &mut [u8], at: usize) -> Result<(), SnapshotError>;
}

impl<T: SnapshotBytes + ?Sized> Source for T {
    fn len(&self) -> usize {
        SnapshotBytes::len(self)
    }
    fn read_exact_at(&self, buf: &mut [u8], at: usize) -> Result<(), SnapshotError> {
        self.read_at(buf, at).map_err(|e| match e.kind() {
            std::io::ErrorKind::UnexpectedEof => TRUNCATED,
            _ => SnapshotError::Damaged("unreadable"),
        })
    }
}

/// Reads the body in order, little-endian, summing what it reads.
struct Reader<'s, S: ?Sized> {
    source: &'s S,
    at: usize,
    sum: Checksum,
}

impl<S: Source + ?Sized> Reader<'_, S> {
    /// Fails unless `n` more bytes are there.
    fn expect(&self, n: usize) -> Result<(), SnapshotError> {
        match self.at.checked_add(n) {
            Some(end) if end <= self.source.len() => Ok(()),
            _ => Err(TRUNCATED),
        }
    }
    fn fill(&mut self, buf: &mut [u8]) -> Result<(), SnapshotError> {
        self.expect(buf.len())?;
        self.source.read_exact_at(buf, self.at)?;
        self.sum.update(buf);
        self.at += buf.len();
        Ok(())
    }
    fn u32(&mut self) -> Result<u32, SnapshotError> {
        let mut b = [0u8; 4];
        self.fill(&mut b)?;
        Ok(u32::from_le_bytes(b))
    }
    fn string(&mut self) -> Result<String, SnapshotError> {
        let len = self.u32()? as usize;
        self.expect(len)?;
        let mut bytes = vec![0u8; len];
        self.fill(&mut bytes)?;
        String::from_utf8(bytes).map_err(|_| SnapshotError::Damaged("text encoding"))
    }
    /// An array of u32 read straight into its vector.
    fn u32s(&mut self) -> Result<Vec<u32>, SnapshotError> {
        let len = self.u32()? as usize;
        self.expect(len.checked_mul(4).ok_or(TRUNCATED)?)?;
        let mut values = vec![0u32; len];
        self.fill(bytemuck::cast_slice_mut(&mut values))?;
        for v in &mut values {
            *v = u32::from_le(*v);
        }
        Ok(values)
    }
}

fn put_u32(w: &mut Vec<u8>, v: u32) {
    w.extend_from_slice(&v.to_le_bytes());
}

fn put_bytes(w: &mut Vec<u8>, bytes: &[u8]) {
    put_u32(w, bytes.len() as u32);
    w.extend_from_slice(bytes);
}

fn put_u32s(w: &mut Vec<u8>, values: impl ExactSizeIterator<Item = u32>) {
    put_u32(w, values.len() as u32);
    for v in values {
        put_u32(w, v);
    }
}

fn position<T: PartialEq>(all: &[T], value: T) -> u8 {
    all.iter().position(|x| *x == value).expect("listed in ALL") as u8
}

/// A checksum of tens of megabytes in a few milliseconds: four independent
/// multiply-rotate lanes over 8-byte words (not cryptographic; it catches
/// damage, the format check catches other builds). Fed in pieces of any
/// size, it sums the concatenation.
struct Checksum {
    lanes: [u64; 4],
    /// Bytes of an unfinished 32-byte block.
    pending: Vec<u8>,
    total: u64,
}

const K: u64 = 0x9e37_79b9_7f4a_7c15;

impl Default for Checksum {
    fn default() -> Self {
        Checksum {
            lanes: [1, 2, 3, 4],
            pending: Vec::with_capacity(32),
            total: 0,
        }
    }
}

impl Checksum {
    fn update(&mut self, mut bytes: &[u8]) {
        self.total += bytes.len() as u64;
        if !self.pending.is_empty() {
            let take = (32 - self.pending.len()).min(bytes.len());
            self.pending.extend_from_slice(&bytes[..take]);
            bytes = &bytes[take..];
            if self.pending.len() < 32 {
                return;
            }
            let block = std::mem::take(&mut self.pending);
            self.block(&block);
        }
        let mut blocks = bytes.chunks_exact(32);
        for block in &mut blocks {
            self.block(block);
        }
        self.pending.extend_from_slice(blocks.remainder());
    }

    fn block(&mut self, block: &[u8]) {
        for (lane, word) in self.lanes.iter_mut().zip(block.chunks_exact(8)) {
            let v = u64::from_le_bytes(word.try_into().expect("8 bytes"));
            *lane = (*lane ^ v).wrapping_mul(K).rotate_left(29);
        }
    }

    fn finish(&self) -> u64 {
        let mut h = self.total;
        for (i, &b) in self.pending.iter().enumerate() {
            h ^= u64::from(b) << ((i % 8) * 8);
            h = h.wrapping_mul(K);
        }
        for lane in self.lanes {
            h = (h ^ lane).wrapping_mul(K).rotate_left(31);
        }
        h
    }
}

/// The checksum of bytes held whole.
fn checksum(bytes: &[u8]) -> u64 {
    let mut sum = Checksum::default();
    sum.update(bytes);
    sum.finish()
}

/// FNV-1a over several byte strings, at compile time.
const fn fingerprint(parts: &[&[u8]]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut p = 0;
    while p < parts.len() {
        let bytes = parts[p];
        let mut i = 0;
        while i < bytes.len() {
            h ^= bytes[i] as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
            i += 1;
        }
        p += 1;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::SearchOptions;
    use crate::store::code_tables::IndexableCode;

    fn code(code: &str, title: &str, terms: &[&str], valid_until: Option<&str>) -> IndexableCode {
        IndexableCode {
            code: code.into(),
            kind: CodeKind::Code,
            billable: true,
            title: title.into(),
            terms: terms.iter().map(|t| t.to_string()).collect(),
            valid_until: valid_until.map(|d| d.parse().unwrap()),
        }
    }

    fn sample() -> Index {
        Index::build_system(
            CodeSystem::Hcpcs,
            vec![
                code(
                    "E0601",
                    "Continuous positive airway pressure (CPAP) device",
                    &[],
                    None,
                ),
                code(
                    "E0602",
                    "Breast pump, manual, any type",
                    &[],
                    Some("2019-12-31"),
                ),
                code(
                    "A0425",
                    "Ground mileage, per statute mile",
                    &["ambulance"],
                    None,
                ),
                code("Ü1234", "Naïve café entry", &[], None),
            ],
        )
    }

    fn answers(index: &Index, query: &str) -> Vec<String> {
        answers_on(index, query, None)
    }

    fn answers_on(index: &Index, query: &str, date: Option<&str>) -> Vec<String> {
        let opts = SearchOptions {
            date_of_service: date.map(|d| d.parse().unwrap()),
            ..SearchOptions::default()
        };
        index
            .search(query, &opts)
            .into_iter()
            .map(|h| h.code)
            .collect()
    }

    #[test]
    fn a_snapshot_answers_like_the_index_it_was_written_from() {
        let built = sample();
        let read = decode(&encode(&built)).unwrap();
        for q in ["cpap", "pump", "ambulance mileage", "e06", "cafe", "naive"] {
            assert_eq!(answers(&read, q), answers(&built, q), "query {q}");
        }
        assert!(!answers(&read, "cpap").is_empty());
        assert_eq!(read.counts(), built.counts());
    }

    #[test]
    fn termination_dates_survive_the_snapshot() {
        let read = decode(&encode(&sample())).unwrap();
        assert_eq!(answers(&read, "breast pump"), ["E0602"]);
        assert!(answers_on(&read, "breast pump", Some("2020-01-01")).is_empty());
        assert_eq!(
            answers_on(&read, "breast pump", Some("2019-12-31")),
            ["E0602"]
        );
    }

    #[test]
    fn damaged_truncated_foreign_and_stale_snapshots_are_refused() {
        let bytes = encode(&sample());
        for cut in [0, 7, 24, 40, bytes.len() / 2, bytes.len() - 1] {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        for at in [30, bytes.len() / 3, bytes.len() - 2] {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x40;
            assert!(
                matches!(decode(&flipped), Err(SnapshotError::Damaged(_))),
                "flip at {at}"
            );
        }
        // A changed letter of a title breaks no structure: only the
        // checksum sees it.
        let at = bytes.windows(11).position(|w| w == b"Breast pump").unwrap();
        let mut flipped = bytes.clone();
        flipped[at] ^= 0x20;
        assert_eq!(
            decode(&flipped).err(),
            Some(SnapshotError::Damaged("checksum"))
        );
        let mut foreign = bytes.clone();
        foreign[0] = b'X';
        assert_eq!(decode(&foreign).err(), Some(SnapshotError::Foreign));
        let mut stale = bytes.clone();
        stale[8] ^= 1;
        assert_eq!(decode(&stale).err(), Some(SnapshotError::Stale));
    }

    #[test]
    fn the_checksum_of_pieces_is_the_checksum_of_the_whole() {
        let bytes: Vec<u8> = (0..1000u32).map(|i| (i * 7 % 251) as u8).collect();
        for piece in [1, 3, 31, 32, 33, 100, 999] {
            let mut sum = Checksum::default();
            for chunk in bytes.chunks(piece) {
                sum.update(chunk);
            }
            assert_eq!(sum.finish(), checksum(&bytes), "pieces of {piece}");
        }
        assert_ne!(checksum(&bytes[..999]), checksum(&bytes));
    }

    #[test]
    fn a_length_beyond_the_end_is_refused_before_anything_is_allocated() {
        let mut bytes = encode(&sample());
        // The entry count, first field of the body.
        bytes[24..28].copy_from_slice(&u32::MAX.to_le_bytes());
        assert_eq!(decode(&bytes).err(), Some(TRUNCATED));
    }

    #[test]
    fn out_of_range_ids_are_refused_even_with_a_good_checksum() {
        let mut index = sample();
        index.posting_ids[0] = 1_000;
        let bytes = encode(&index);
        assert_eq!(
            decode(&bytes).err(),
            Some(SnapshotError::Damaged("posting ids"))
        );
        let mut index = sample();
        index.entries[0].title.len = u16::MAX;
        assert_eq!(
            decode(&encode(&index)).err(),
            Some(SnapshotError::Damaged("entry text"))
        );
    }
}
