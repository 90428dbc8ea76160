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
use crate::codes::{CodeKind, CodeSystem};

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
    include_bytes!("../codes/mod.rs"),
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

/// Reads a snapshot written by [`encode`], checking it whole.
pub(crate) fn decode(bytes: &[u8]) -> Result<Index, SnapshotError> {
    if bytes.len() < 24 || &bytes[..8] != MAGIC {
        return Err(SnapshotError::Foreign);
    }
    let mut head = Reader(&bytes[8..24]);
    if head.u64()? != FORMAT {
        return Err(SnapshotError::Stale);
    }
    let sum = head.u64()?;
    let body = &bytes[24..];
    if checksum(body) != sum {
        return Err(SnapshotError::Damaged("checksum"));
    }
    let mut r = Reader(body);
    let n = r.u32()? as usize;
    let records = r.take(n.checked_mul(ENTRY_BYTES).ok_or(TRUNCATED)?)?;
    let mut entries = Vec::with_capacity(n);
    for rec in records.chunks_exact(ENTRY_BYTES) {
        let mut f = Reader(rec);
        let mut span = || -> Result<Span, SnapshotError> {
            Ok(Span {
                start: f.u32()?,
                len: f.u16()?,
            })
        };
        let (code, key, title) = (span()?, span()?, span()?);
        entries.push(Entry {
            code,
            key,
            title,
            tokens_start: f.u32()?,
            tokens_len: f.u16()?,
            system: *CodeSystem::ALL
                .get(f.u8()? as usize)
                .ok_or(SnapshotError::Damaged("system"))?,
            kind: *CodeKind::ALL
                .get(f.u8()? as usize)
                .ok_or(SnapshotError::Damaged("kind"))?,
            billable: f.u8()? != 0,
            valid_until: f.u32()? as i32,
        });
    }
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
    if !r.0.is_empty() {
        return Err(SnapshotError::Damaged("trailing bytes"));
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

/// Reads little-endian values off the front of a byte slice.
struct Reader<'a>(&'a [u8]);

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Result<&'a [u8], SnapshotError> {
        if self.0.len() < n {
            return Err(TRUNCATED);
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Ok(head)
    }
    fn array<const N: usize>(&mut self) -> Result<[u8; N], SnapshotError> {
        Ok(self.take(N)?.try_into().expect("took N bytes"))
    }
    fn u8(&mut self) -> Result<u8, SnapshotError> {
        Ok(self.take(1)?[0])
    }
    fn u16(&mut self) -> Result<u16, SnapshotError> {
        self.array().map(u16::from_le_bytes)
    }
    fn u32(&mut self) -> Result<u32, SnapshotError> {
        self.array().map(u32::from_le_bytes)
    }
    fn u64(&mut self) -> Result<u64, SnapshotError> {
        self.array().map(u64::from_le_bytes)
    }
    fn string(&mut self) -> Result<String, SnapshotError> {
        let len = self.u32()? as usize;
        let bytes = self.take(len)?;
        std::str::from_utf8(bytes)
            .map(str::to_owned)
            .map_err(|_| SnapshotError::Damaged("text encoding"))
    }
    fn u32s(&mut self) -> Result<Vec<u32>, SnapshotError> {
        let len = self.u32()? as usize;
        let bytes = self.take(len.checked_mul(4).ok_or(TRUNCATED)?)?;
        Ok(bytes
            .chunks_exact(4)
            .map(|c| u32::from_le_bytes(c.try_into().expect("4 bytes")))
            .collect())
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
/// damage, the format check catches other builds).
fn checksum(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut lanes = [1u64, 2, 3, 4];
    let mut blocks = bytes.chunks_exact(32);
    for block in &mut blocks {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            let v = u64::from_le_bytes(word.try_into().expect("8 bytes"));
            *lane = (*lane ^ v).wrapping_mul(K).rotate_left(29);
        }
    }
    let mut h = bytes.len() as u64;
    for (i, &b) in blocks.remainder().iter().enumerate() {
        h ^= u64::from(b) << ((i % 8) * 8);
        h = h.wrapping_mul(K);
    }
    for lane in lanes {
        h = (h ^ lane).wrapping_mul(K).rotate_left(31);
    }
    h
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
            assert_eq!(
                decode(&flipped).err(),
                Some(SnapshotError::Damaged("checksum")),
                "flip at {at}"
            );
        }
        let mut foreign = bytes.clone();
        foreign[0] = b'X';
        assert_eq!(decode(&foreign).err(), Some(SnapshotError::Foreign));
        let mut stale = bytes.clone();
        stale[8] ^= 1;
        assert_eq!(decode(&stale).err(), Some(SnapshotError::Stale));
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
