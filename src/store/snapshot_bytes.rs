//! What a backend hands a search snapshot as, below both the seam
//! ([`super::backend`]) and the SQLite table that keeps snapshots
//! ([`super::snapshots`]), so neither imports the other for it: the bytes
//! are read in place through [`SnapshotBytes`] (a SQLite BLOB, bytes in
//! memory from another backend) and a read says what it found
//! ([`SnapshotRead`]).

/// What a stored search snapshot is, for `Backend::read_snapshot`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotRead {
    /// None stored for the version in this format.
    Missing,
    /// A row that is not a snapshot (damaged): replace it.
    Damaged,
    /// Handed to the reader.
    Read,
}

/// A stored snapshot as the decoder reads it: its length and reads at any
/// offset (a BLOB read in place, or bytes in memory from another backend).
pub trait SnapshotBytes {
    fn len(&self) -> usize;
    fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// Fills `buf` from offset `at`; an error when the bytes are not there.
    fn read_at(&self, buf: &mut [u8], at: usize) -> std::io::Result<()>;
    /// The bytes as one slice when they are in memory (downloaded, or a
    /// mapped cache file), which a reader may hand to another thread; `None`
    /// for a BLOB read in place.
    fn in_memory(&self) -> Option<&[u8]> {
        None
    }
}

impl SnapshotBytes for [u8] {
    fn len(&self) -> usize {
        <[u8]>::len(self)
    }
    fn read_at(&self, buf: &mut [u8], at: usize) -> std::io::Result<()> {
        let end = at.checked_add(buf.len());
        match end.and_then(|end| self.get(at..end)) {
            Some(bytes) => {
                buf.copy_from_slice(bytes);
                Ok(())
            }
            None => Err(std::io::ErrorKind::UnexpectedEof.into()),
        }
    }
    fn in_memory(&self) -> Option<&[u8]> {
        Some(self)
    }
}

/// A search snapshot encoded by the search floor, ready to store: the
/// store keeps bytes and their format, it never builds an index itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedSnapshot {
    /// The encoder's format number (a snapshot of another format is rebuilt).
    pub format: i64,
    pub bytes: Vec<u8>,
}

/// How a version's search snapshot is made from its indexable codes, handed
/// to the operations that write a version so the snapshot is stored in the
/// same transaction as the codes (the search floor sits above the store,
/// so it hands its encoder down instead of being called).
pub type SnapshotEncoder<'a> =
    &'a dyn Fn(Vec<super::code_tables::IndexableCode>) -> EncodedSnapshot;
