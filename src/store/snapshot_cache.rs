//! The per-host cache of code-set search snapshots, so a process on a team
//! database (PostgreSQL) need not download a few megabytes of snapshot
//! before its first search.
//!
//! Snapshots hold code-set titles and nothing about patients, so one cache
//! directory serves every coder on the host (`/var/cache/chartq` when the
//! process may write it, else the user's cache directory; configurable).
//! Because other users write that directory, nothing in it is trusted:
//!
//! - a file is named by the SHA-256 of its bytes (the database keeps each
//!   snapshot's checksum beside it), and a read hashes the file again: a
//!   file that does not match its name (truncated, corrupt, planted) is
//!   ignored, removed when we may, and the snapshot fetched from the
//!   database again — never decoded;
//! - except when this user's own memo vouches for the very file: hashing
//!   36 MB took a fifth of a warm `chartq search`, so after a file is
//!   verified (or written) its identity — device, inode, size and change
//!   time — is noted beside its checksum in a file only this user may
//!   write ([`Memo`]). A read whose file still has that identity, before
//!   and after the bytes are read, skips the hash: the kernel sets the
//!   change time on every write, rename or mode change and no one but root
//!   can set it back, so the same identity means the same bytes;
//! - a write goes to a temp file in the same directory and is renamed into
//!   place, so a reader sees a whole file or none;
//! - the directory is bounded: after a write the least recently used files
//!   beyond [`SnapshotCache::max_bytes`] are removed.
//!
//! A cache failure (read-only disk, another user's file in the way) never
//! fails a search: the bytes fetched from the database are used as they are.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sha2::{Digest, Sha256};

/// The default bound of a cache directory (a code-set version's snapshot
/// is a few megabytes; a host keeps a few years of releases).
pub const DEFAULT_MAX_BYTES: u64 = 512 * 1024 * 1024;

/// The host-wide default directory, used when the process may write it.
pub const SYSTEM_CACHE_DIR: &str = "/var/cache/chartq";

/// The SHA-256 of a snapshot's bytes: its name in the cache and the check
/// a read must pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Checksum(pub [u8; 32]);

impl Checksum {
    /// The checksum of `bytes`.
    pub fn of(bytes: &[u8]) -> Checksum {
        Checksum(Sha256::digest(bytes).into())
    }

    /// From the 32 bytes a database column holds; `None` for any other
    /// length (a damaged row).
    pub fn from_slice(bytes: &[u8]) -> Option<Checksum> {
        <[u8; 32]>::try_from(bytes).ok().map(Checksum)
    }

    /// 64 lowercase hex digits.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// Where a snapshot handed out by [`SnapshotCache::get_or_fetch`] came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CacheOutcome {
    /// Read from the cache and verified.
    Hit,
    /// Fetched from the database (none cached, or the cached one failed
    /// its check); `stored` says whether it is cached now.
    Fetched { stored: bool },
}

/// Why fetched bytes were not used.
#[derive(Debug, thiserror::Error)]
pub enum FetchError<E> {
    /// The fetch itself failed.
    #[error(transparent)]
    Fetch(E),
    /// The database's bytes do not match the checksum it gave for them.
    #[error("snapshot {expected}: the database's bytes hash to {found}")]
    Mismatch { expected: String, found: String },
}

/// One cache directory.
#[derive(Debug, Clone)]
pub struct SnapshotCache {
    dir: PathBuf,
    max_bytes: u64,
    /// Where this user notes the files already verified (none: hash every read).
    memo: Option<Memo>,
}

impl SnapshotCache {
    /// A cache in `dir` (created on the first write) bounded to `max_bytes`.
    pub fn new(dir: impl Into<PathBuf>, max_bytes: u64) -> SnapshotCache {
        SnapshotCache {
            dir: dir.into(),
            max_bytes,
            memo: None,
        }
    }

    /// This cache, noting verified files in the memo file `path` (in a
    /// directory of this user's own, never the shared cache directory).
    pub fn with_memo(mut self, path: impl Into<PathBuf>) -> SnapshotCache {
        self.memo = Some(Memo { path: path.into() });
        self
    }

    /// The directory to use: `configured` when given, else the host-wide
    /// `system` directory when this process may write it, else `user`.
    pub fn choose_dir(
        configured: Option<&Path>,
        system: &Path,
        user: Option<&Path>,
    ) -> Option<PathBuf> {
        if let Some(dir) = configured {
            return Some(dir.to_path_buf());
        }
        if writable_dir(system) {
            return Some(system.to_path_buf());
        }
        user.map(Path::to_path_buf)
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn max_bytes(&self) -> u64 {
        self.max_bytes
    }

    fn path_of(&self, sum: &Checksum) -> PathBuf {
        self.dir.join(format!("{}.snap", sum.to_hex()))
    }

    /// The cached bytes of `sum`, if a file for it exists and hashes to
    /// it; a file that does not is removed (when we may) and ignored.
    /// Hashed unless the memo vouches for the file as it was before and
    /// after the read (see the module's rules).
    pub fn get(&self, sum: &Checksum) -> Option<Vec<u8>> {
        let path = self.path_of(sum);
        let mut file = File::open(&path).ok()?;
        let before = file.metadata().ok()?;
        let mut bytes = Vec::with_capacity(usize::try_from(before.len()).unwrap_or(0));
        file.read_to_end(&mut bytes).ok()?;
        let after = file.metadata().ok()?;
        let stamp = FileStamp::of(&after);
        let unchanged = FileStamp::of(&before) == stamp;
        let memo = self.memo.as_ref().filter(|_| unchanged);
        let vouched = memo.is_some_and(|m| m.vouches(sum, &stamp));
        if !vouched && Checksum::of(&bytes) != *sum {
            let _ = fs::remove_file(&path);
            return None;
        }
        // Touched for the eviction order at most hourly (a touch changes
        // the file's identity); a file not ours keeps its time.
        let stale = after
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        let touched = stale && file.set_modified(SystemTime::now()).is_ok();
        if let Some(memo) = memo {
            let now = if touched {
                file.metadata().ok().map(|m| FileStamp::of(&m))
            } else {
                Some(stamp)
            };
            if let Some(now) = now
                && (touched || !vouched)
                && settled(&after)
            {
                memo.note(sum, now);
            }
        }
        Some(bytes)
    }

    /// Stores `bytes` under their checksum (temp file, then rename), then
    /// trims the directory to its bound. Bytes that do not hash to `sum`
    /// are refused.
    pub fn put(&self, sum: &Checksum, bytes: &[u8]) -> io::Result<()> {
        if Checksum::of(bytes) != *sum {
            return Err(io::Error::new(
                io::ErrorKind::InvalidData,
                "snapshot bytes do not match their checksum",
            ));
        }
        if bytes.len() as u64 > self.max_bytes {
            return Ok(());
        }
        create_shared_dir(&self.dir)?;
        let target = self.path_of(sum);
        let temp = self.dir.join(format!(
            ".{}.{}.{}.tmp",
            sum.to_hex(),
            std::process::id(),
            unique()
        ));
        let written: io::Result<FileStamp> = (|| {
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)?;
            file.write_all(bytes)?;
            set_mode(&temp, 0o444)?;
            fs::rename(&temp, &target)?;
            // Our own descriptor: the inode we wrote, whatever the name
            // holds now (a rename changes the change time).
            Ok(FileStamp::of(&file.metadata()?))
        })();
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
        let stamp = written?;
        // Ours, just written from verified bytes.
        if let Some(memo) = &self.memo {
            memo.note(sum, stamp);
        }
        self.trim(Some(&target));
        Ok(())
    }

    /// The snapshot named `sum`: from the cache when a verified copy is
    /// there, else `fetch`ed (from the database), checked against `sum` and
    /// stored for the next process.
    pub fn get_or_fetch<E>(
        &self,
        sum: &Checksum,
        fetch: impl FnOnce() -> Result<Vec<u8>, E>,
    ) -> Result<(Vec<u8>, CacheOutcome), FetchError<E>> {
        if let Some(bytes) = self.get(sum) {
            return Ok((bytes, CacheOutcome::Hit));
        }
        let bytes = fetch().map_err(FetchError::Fetch)?;
        let found = Checksum::of(&bytes);
        if found != *sum {
            return Err(FetchError::Mismatch {
                expected: sum.to_hex(),
                found: found.to_hex(),
            });
        }
        let stored = self.put(sum, &bytes).is_ok();
        Ok((bytes, CacheOutcome::Fetched { stored }))
    }

    /// [`SnapshotCache::get_or_fetch`] handing the bytes to `use_bytes`:
    /// a file of this user's own that the memo vouches for is mapped, not
    /// read (reading 36 MB into fresh memory was a quarter of a warm
    /// search). Only our own files: no one else may change or truncate
    /// them while mapped (our processes never write a cache file in place).
    pub fn use_or_fetch<E>(
        &self,
        sum: &Checksum,
        fetch: impl FnOnce() -> Result<Vec<u8>, E>,
        use_bytes: &mut dyn FnMut(&[u8]),
    ) -> Result<CacheOutcome, FetchError<E>> {
        if self.use_mapped(sum, use_bytes) {
            return Ok(CacheOutcome::Hit);
        }
        let (bytes, outcome) = self.get_or_fetch(sum, fetch)?;
        use_bytes(&bytes);
        Ok(outcome)
    }

    /// Whether `use_bytes` ran on the mapped file of `sum` (ours, vouched
    /// for by the memo); false leaves the read to [`SnapshotCache::get`].
    fn use_mapped(&self, sum: &Checksum, use_bytes: &mut dyn FnMut(&[u8])) -> bool {
        use std::os::unix::fs::MetadataExt;
        let Some(memo) = &self.memo else {
            return false;
        };
        let Ok(file) = File::open(self.path_of(sum)) else {
            return false;
        };
        let Ok(meta) = file.metadata() else {
            return false;
        };
        // SAFETY: geteuid has no preconditions and cannot fail.
        let ours = meta.uid() == unsafe { libc::geteuid() };
        if !ours || !meta.is_file() || !memo.vouches(sum, &FileStamp::of(&meta)) {
            return false;
        }
        let Some(mapped) = Mapped::of(&file, meta.len()) else {
            return false;
        };
        use_bytes(mapped.bytes());
        drop(mapped);
        let stale = meta
            .modified()
            .ok()
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age.as_secs() > 3600);
        if stale
            && file.set_modified(SystemTime::now()).is_ok()
            && let Ok(now) = file.metadata()
        {
            memo.note(sum, FileStamp::of(&now));
        }
        true
    }

    /// Removes the least recently used snapshots (and stale temp files)
    /// until the directory fits its bound, never `keep`.
    fn trim(&self, keep: Option<&Path>) {
        let Ok(entries) = fs::read_dir(&self.dir) else {
            return;
        };
        let mut files: Vec<(SystemTime, u64, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter_map(|e| {
                let meta = e.metadata().ok()?;
                let name = e.file_name();
                let name = name.to_str()?;
                let ours = name.ends_with(".snap") || name.ends_with(".tmp");
                (meta.is_file() && ours).then(|| {
                    let time = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
                    (time, meta.len(), e.path())
                })
            })
            .collect();
        let mut total: u64 = files.iter().map(|f| f.1).sum();
        files.sort();
        for (_, len, path) in files {
            if total <= self.max_bytes {
                break;
            }
            if Some(path.as_path()) == keep {
                continue;
            }
            if fs::remove_file(&path).is_ok() {
                total = total.saturating_sub(len);
            }
        }
    }
}

/// The directory the process-wide cache uses, set once before the first
/// snapshot is read (the config's `snapshot_cache`); `None` leaves the
/// default.
static CONFIGURED: std::sync::OnceLock<Option<PathBuf>> = std::sync::OnceLock::new();
static HOST_CACHE: std::sync::OnceLock<Option<SnapshotCache>> = std::sync::OnceLock::new();

/// Sets the process's cache directory (from the config files); a later
/// call, or one after the cache was first used, changes nothing.
pub fn configure(dir: Option<PathBuf>) {
    let _ = CONFIGURED.set(dir);
}

/// The process's cache: `CHARTQ_SNAPSHOT_CACHE` (empty: no cache), else
/// the configured directory, else [`SYSTEM_CACHE_DIR`] when writable, else
/// `<user cache dir>/snapshots`. `None` when there is nowhere to cache.
pub fn host_cache() -> Option<&'static SnapshotCache> {
    HOST_CACHE
        .get_or_init(|| {
            let dir = match std::env::var_os("CHARTQ_SNAPSHOT_CACHE") {
                Some(v) if v.is_empty() => None,
                Some(v) => Some(PathBuf::from(v)),
                None => {
                    let configured = CONFIGURED.get().cloned().flatten();
                    let user = directories::ProjectDirs::from("org", "chartq", "chartq")
                        .map(|d| d.cache_dir().join("snapshots"));
                    SnapshotCache::choose_dir(
                        configured.as_deref(),
                        Path::new(SYSTEM_CACHE_DIR),
                        user.as_deref(),
                    )
                }
            };
            let memo = directories::ProjectDirs::from("org", "chartq", "chartq")
                .map(|d| d.cache_dir().join("verified-snapshots"));
            dir.map(|d| {
                let cache = SnapshotCache::new(d, DEFAULT_MAX_BYTES);
                match memo {
                    Some(memo) => cache.with_memo(memo),
                    None => cache,
                }
            })
        })
        .as_ref()
}

/// A cache file mapped read-only (see [`SnapshotCache::use_or_fetch`]).
struct Mapped {
    ptr: *mut libc::c_void,
    len: usize,
}

impl Mapped {
    /// `file`'s `len` bytes, mapped whole; `None` when empty or refused.
    fn of(file: &File, len: u64) -> Option<Mapped> {
        use std::os::unix::io::AsRawFd;
        let len = usize::try_from(len).ok().filter(|&n| n > 0)?;
        // SAFETY: a fresh private read-only mapping of an open file; the
        // result is checked before use and unmapped once, in `drop`.
        let ptr = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ,
                libc::MAP_PRIVATE | libc::MAP_POPULATE,
                file.as_raw_fd(),
                0,
            )
        };
        (ptr != libc::MAP_FAILED).then_some(Mapped { ptr, len })
    }

    fn bytes(&self) -> &[u8] {
        // SAFETY: `ptr` maps `len` readable bytes until `drop`; the file is
        // this user's own, which no other user may change meanwhile.
        unsafe { std::slice::from_raw_parts(self.ptr.cast::<u8>(), self.len) }
    }
}

impl Drop for Mapped {
    fn drop(&mut self) {
        // SAFETY: unmaps exactly the mapping `of` made, once.
        unsafe { libc::munmap(self.ptr, self.len) };
    }
}

/// A cache file's identity: what any change to its bytes changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    dev: u64,
    ino: u64,
    size: u64,
    ctime: i64,
    ctime_nsec: i64,
}

impl FileStamp {
    fn of(meta: &fs::Metadata) -> FileStamp {
        use std::os::unix::fs::MetadataExt;
        FileStamp {
            dev: meta.dev(),
            ino: meta.ino(),
            size: meta.size(),
            ctime: meta.ctime(),
            ctime_nsec: meta.ctime_nsec(),
        }
    }

    fn line(&self, sum: &Checksum) -> String {
        format!(
            "{} {} {} {} {} {}",
            sum.to_hex(),
            self.dev,
            self.ino,
            self.size,
            self.ctime,
            self.ctime_nsec
        )
    }
}

/// Whether a verified file's identity may be noted: a file of ours (only
/// we or root change it), or one whose last change is over a second old
/// (its owner's next change gets a later change time even on a
/// filesystem whose clock ticks coarsely).
fn settled(meta: &fs::Metadata) -> bool {
    use std::os::unix::fs::MetadataExt;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let ours = meta.uid() == unsafe { libc::geteuid() };
    let changed =
        std::time::UNIX_EPOCH + std::time::Duration::from_secs(meta.ctime().max(0) as u64);
    ours || changed.elapsed().is_ok_and(|age| age.as_secs() >= 2)
}

/// This user's memo of verified cache files, one line each: checksum and
/// [`FileStamp`]. Trusted only when the memo file is this user's and no
/// one else may write it; written whole (temp file, rename); the newest
/// [`MEMO_LINES`] kept.
#[derive(Debug, Clone)]
struct Memo {
    path: PathBuf,
}

/// Lines a memo keeps (a host keeps a few years of releases).
const MEMO_LINES: usize = 256;

impl Memo {
    /// The memo's lines, when it is ours alone.
    fn lines(&self) -> Vec<String> {
        use std::os::unix::fs::MetadataExt;
        let Ok(file) = File::open(&self.path) else {
            return Vec::new();
        };
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        match file.metadata() {
            Ok(m) if m.is_file() && m.uid() == me && m.mode() & 0o022 == 0 => {}
            _ => return Vec::new(),
        }
        let mut text = String::new();
        if file.take(1 << 20).read_to_string(&mut text).is_err() {
            return Vec::new();
        }
        text.lines().map(str::to_owned).collect()
    }

    fn vouches(&self, sum: &Checksum, stamp: &FileStamp) -> bool {
        let line = stamp.line(sum);
        self.lines().contains(&line)
    }

    /// Notes `stamp` as verified to hold `sum` (replacing what it said of
    /// that checksum); a failure only means the next read hashes.
    fn note(&self, sum: &Checksum, stamp: FileStamp) {
        let hex = sum.to_hex();
        let mut lines: Vec<String> = self
            .lines()
            .into_iter()
            .filter(|l| !l.starts_with(&hex))
            .collect();
        lines.push(stamp.line(sum));
        let skip = lines.len().saturating_sub(MEMO_LINES);
        let text: String = lines[skip..].iter().map(|l| format!("{l}\n")).collect();
        let Some(dir) = self.path.parent() else {
            return;
        };
        let temp = dir.join(format!(".verified.{}.{}.tmp", std::process::id(), unique()));
        let written = (|| {
            fs::create_dir_all(dir)?;
            let mut file = fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&temp)?;
            set_mode(&temp, 0o600)?;
            file.write_all(text.as_bytes())?;
            fs::rename(&temp, &self.path)
        })();
        if written.is_err() {
            let _ = fs::remove_file(&temp);
        }
    }
}

/// A number no other temp file of this process uses.
fn unique() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

/// Whether this process may create files in `dir` (it exists and is
/// writable to us).
fn writable_dir(dir: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(c) = std::ffi::CString::new(dir.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `c` is a valid NUL-terminated path for the call's duration.
    dir.is_dir() && unsafe { libc::access(c.as_ptr(), libc::W_OK | libc::X_OK) } == 0
}

/// Creates the directory if needed. A directory made here is shared the
/// way `/tmp` is (everyone writes, only the owner removes: mode 1777), so
/// every coder on the host can add the snapshots they fetch; the files
/// themselves are read-only and checked on every read.
fn create_shared_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    fs::create_dir_all(dir)?;
    if dir.starts_with(SYSTEM_CACHE_DIR) {
        set_mode(dir, 0o1777)?;
    }
    Ok(())
}

fn set_mode(path: &Path, mode: u32) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    fs::set_permissions(path, fs::Permissions::from_mode(mode))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cache(dir: &Path) -> SnapshotCache {
        SnapshotCache::new(dir.join("cache"), DEFAULT_MAX_BYTES)
    }

    #[test]
    fn first_fetch_stores_and_the_next_reads_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path());
        let bytes = b"snapshot of ICD-10-CM 2026".to_vec();
        let sum = Checksum::of(&bytes);
        let (got, outcome) = cache
            .get_or_fetch(&sum, || Ok::<_, String>(bytes.clone()))
            .unwrap();
        assert_eq!(
            (got, outcome),
            (bytes.clone(), CacheOutcome::Fetched { stored: true })
        );
        let (got, outcome) = cache
            .get_or_fetch(&sum, || Err::<Vec<u8>, _>("not called".to_string()))
            .unwrap();
        assert_eq!((got, outcome), (bytes, CacheOutcome::Hit));
        // Named by the checksum, read-only, no temp file left behind.
        let names: Vec<String> = fs::read_dir(cache.dir())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, vec![format!("{}.snap", sum.to_hex())]);
    }

    #[test]
    fn a_tampered_or_truncated_file_is_ignored_and_refetched() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path());
        let bytes = vec![7u8; 4096];
        let sum = Checksum::of(&bytes);
        cache.put(&sum, &bytes).unwrap();
        let path = cache.path_of(&sum);
        set_mode(&path, 0o644).unwrap();
        let mut evil = bytes.clone();
        evil[100] = 8;
        fs::write(&path, &evil).unwrap();
        assert_eq!(cache.get(&sum), None, "a changed byte is never trusted");
        fs::write(&path, &bytes[..10]).unwrap();
        let (got, outcome) = cache
            .get_or_fetch(&sum, || Ok::<_, String>(bytes.clone()))
            .unwrap();
        assert_eq!(got, bytes);
        assert_eq!(outcome, CacheOutcome::Fetched { stored: true });
        assert_eq!(cache.get(&sum), Some(bytes));
    }

    #[test]
    fn the_memo_skips_the_hash_only_for_the_very_file_it_noted() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path()).with_memo(dir.path().join("mine/verified"));
        let bytes = vec![3u8; 4096];
        let sum = Checksum::of(&bytes);
        cache.put(&sum, &bytes).unwrap();
        assert_eq!(cache.get(&sum), Some(bytes.clone()));
        // Vouched: a file the memo noted is not hashed (white box: bytes
        // noted under another checksum are handed out as that one's).
        let other = Checksum::of(b"another snapshot");
        fs::copy(cache.path_of(&sum), cache.path_of(&other)).unwrap();
        let meta = fs::metadata(cache.path_of(&other)).unwrap();
        let memo = cache.memo.clone().unwrap();
        memo.note(&other, FileStamp::of(&meta));
        assert_eq!(cache.get(&other), Some(bytes.clone()));
        // Any change to the noted file changes its identity: hashed again,
        // refused, removed.
        let path = cache.path_of(&sum);
        set_mode(&path, 0o644).unwrap();
        let mut evil = bytes.clone();
        evil[0] = 4;
        fs::write(&path, &evil).unwrap();
        assert_eq!(cache.get(&sum), None);
        assert!(!path.exists());
        // Mapped when ours and vouched for; the same bytes either way.
        let mut seen = Vec::new();
        let outcome = cache
            .use_or_fetch(&other, || Err::<Vec<u8>, _>("not called"), &mut |b| {
                seen = b.to_vec()
            })
            .unwrap();
        assert_eq!((outcome, seen), (CacheOutcome::Hit, bytes.clone()));
        // A memo anyone may write is not believed.
        set_mode(&memo.path, 0o666).unwrap();
        assert!(memo.lines().is_empty());
    }

    #[test]
    fn the_database_bytes_must_match_their_checksum() {
        let dir = tempfile::tempdir().unwrap();
        let cache = cache(dir.path());
        let sum = Checksum::of(b"the real one");
        let err = cache
            .get_or_fetch(&sum, || Ok::<_, String>(b"another".to_vec()))
            .unwrap_err();
        assert!(matches!(err, FetchError::Mismatch { .. }), "{err}");
        assert!(cache.put(&sum, b"another").is_err());
        assert_eq!(cache.get(&sum), None);
    }

    #[test]
    fn the_directory_stays_within_its_bound_dropping_the_oldest() {
        let dir = tempfile::tempdir().unwrap();
        let cache = SnapshotCache::new(dir.path().join("c"), 2500);
        let blobs: Vec<Vec<u8>> = (0..4u8).map(|i| vec![i; 1000]).collect();
        for (i, b) in blobs.iter().enumerate() {
            cache.put(&Checksum::of(b), b).unwrap();
            // Distinct times for the eviction order.
            let t = SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_000 + i as u64);
            File::open(cache.path_of(&Checksum::of(b)))
                .unwrap()
                .set_modified(t)
                .unwrap();
        }
        let kept: Vec<bool> = blobs
            .iter()
            .map(|b| cache.path_of(&Checksum::of(b)).exists())
            .collect();
        assert_eq!(kept, vec![false, false, true, true]);
        // Larger than the whole bound: not cached, not an error.
        let big = vec![9u8; 3000];
        cache.put(&Checksum::of(&big), &big).unwrap();
        assert_eq!(cache.get(&Checksum::of(&big)), None);
    }

    #[test]
    fn the_directory_is_configured_else_the_system_one_if_writable_else_the_users() {
        let dir = tempfile::tempdir().unwrap();
        let system = dir.path().join("var-cache-chartq");
        let user = dir.path().join("home-cache");
        let configured = dir.path().join("mine");
        assert_eq!(
            SnapshotCache::choose_dir(Some(&configured), &system, Some(&user)),
            Some(configured)
        );
        assert_eq!(
            SnapshotCache::choose_dir(None, &system, Some(&user)),
            Some(user.clone()),
            "an absent system dir is not used"
        );
        fs::create_dir(&system).unwrap();
        assert_eq!(
            SnapshotCache::choose_dir(None, &system, Some(&user)),
            Some(system)
        );
        assert_eq!(
            Checksum::from_slice(&[0u8; 31]),
            None,
            "a damaged checksum column"
        );
    }
}
