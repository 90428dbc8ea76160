//! Files that hold PHI: the database, the `-wal`/`-shm` files SQLite keeps
//! beside it, exports and backups. One rule for all of them: chartq creates
//! a file itself (`O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600, so never inside
//! someone else's file and never through a symbolic link), fills it under a
//! temporary name in the same directory, and only then puts it at its path
//! (`link`, which never replaces anything; `rename` with `--force`). A file
//! that is half written or not yet a database is never seen at the path.
//!
//! Nothing here opens a file descriptor on a database or its `-wal`/`-shm`
//! once SQLite may have it open: closing any descriptor of a file drops
//! every POSIX lock this process holds on it, SQLite's included. Checks are
//! `lstat`s; the one change (narrowing a `-wal`/`-shm` mode) is a `chmod`
//! by path.

use std::fs::File;
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// Why a file could not be written safely. Messages name the path and what
/// to do; never file contents.
#[derive(Debug, thiserror::Error)]
pub enum FileError {
    #[error("{path}: already exists; pass --force to replace it")]
    Exists { path: PathBuf },
    #[error(
        "{path}: is a symbolic link{to}; chartq never writes through a link (name the file itself)",
        to = target.as_ref().map(|t| format!(" (to {})", t.display())).unwrap_or_default()
    )]
    Symlink {
        path: PathBuf,
        target: Option<PathBuf>,
    },
    #[error("{path}: is not a regular file")]
    NotAFile { path: PathBuf },
    #[error("{path}: cannot {what}: {source}")]
    Io {
        path: PathBuf,
        what: &'static str,
        source: std::io::Error,
    },
}

impl FileError {
    fn io<'a>(path: &'a Path, what: &'static str) -> impl FnOnce(std::io::Error) -> FileError + 'a {
        move |source| FileError::Io {
            path: path.to_path_buf(),
            what,
            source,
        }
    }
}

/// This process's effective uid: the owner of the files it creates.
pub fn my_uid() -> u32 {
    // SAFETY: geteuid cannot fail and has no side effects.
    unsafe { libc::geteuid() }
}

/// `path` with `suffix` appended to its file name (`chartq.db-wal`).
pub fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    s.into()
}

/// The files SQLite keeps beside a database in WAL mode (and the rollback
/// journal, in case a database was ever used without WAL).
pub const SIDECARS: [&str; 3] = ["-wal", "-shm", "-journal"];

/// Creates the directories leading to `path` that do not exist, mode 0700
/// (a directory chartq makes for a database is nobody else's business).
pub fn create_parent_dirs(path: &Path) -> Result<(), FileError> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.exists() => std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(FileError::io(dir, "create the directory")),
        _ => Ok(()),
    }
}

/// Creates a new, empty file readable and writable only by its owner:
/// `O_CREAT|O_EXCL|O_NOFOLLOW`, mode 0600 whatever the umask. Fails if
/// anything (a file, a link, dangling or not) is at `path`.
pub fn create_private_file(path: &Path) -> Result<File, FileError> {
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC)
        .mode(0o600)
        .open(path)
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::AlreadyExists if is_symlink(path) => symlink_error(path),
            std::io::ErrorKind::AlreadyExists => FileError::Exists {
                path: path.to_path_buf(),
            },
            _ => FileError::io(path, "create")(e),
        })?;
    // The umask can only take bits away; a file system that ignores the
    // mode (some network mounts) is told again.
    file.set_permissions(std::fs::Permissions::from_mode(0o600))
        .map_err(FileError::io(path, "set the mode of"))?;
    Ok(file)
}

fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

pub(crate) fn symlink_error(path: &Path) -> FileError {
    FileError::Symlink {
        path: path.to_path_buf(),
        target: std::fs::read_link(path).ok(),
    }
}

/// A file being written under a temporary name beside its final path, put
/// in place by [`PrivateOutput::commit`]; dropped uncommitted, the
/// temporary file is removed and nothing appears at the path.
#[derive(Debug)]
pub struct PrivateOutput {
    path: PathBuf,
    temp: PathBuf,
    replace: bool,
    committed: bool,
}

impl PrivateOutput {
    /// Starts writing `path`. Refused up front when `path` is a symbolic
    /// link (dangling or not) or not a regular file, and when it exists
    /// and `replace` (`--force`) is not given, so a long export or backup
    /// does not run only to be refused at the end.
    pub fn start(path: &Path, replace: bool) -> Result<(PrivateOutput, File), FileError> {
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => return Err(symlink_error(path)),
            Ok(m) if !m.file_type().is_file() => {
                return Err(FileError::NotAFile {
                    path: path.to_path_buf(),
                });
            }
            Ok(_) if !replace => {
                return Err(FileError::Exists {
                    path: path.to_path_buf(),
                });
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(FileError::io(path, "look at")(e)),
        }
        create_parent_dirs(path)?;
        let temp = temp_name(path);
        let file = create_private_file(&temp)?;
        Ok((
            PrivateOutput {
                path: path.to_path_buf(),
                temp,
                replace,
                committed: false,
            },
            file,
        ))
    }

    /// Where the content is being written (SQLite's backup opens it).
    pub fn temp_path(&self) -> &Path {
        &self.temp
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes the content to disk and puts the file at its path: `link`
    /// (never replaces anything, not even a link planted meanwhile) or,
    /// with `--force`, `rename` (replaces the directory entry itself, never
    /// following a link), then syncs the directory.
    pub fn commit(mut self) -> Result<(), FileError> {
        File::open(&self.temp)
            .and_then(|f| f.sync_all())
            .map_err(FileError::io(&self.temp, "flush"))?;
        if self.replace {
            std::fs::rename(&self.temp, &self.path)
                .map_err(FileError::io(&self.path, "replace"))?;
        } else {
            publish(&self.temp, &self.path)?;
            let _ = std::fs::remove_file(&self.temp);
        }
        self.committed = true;
        sync_dir(&self.path);
        Ok(())
    }
}

impl Drop for PrivateOutput {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_file(&self.temp);
        }
    }
}

/// A name in `path`'s directory that no other process picks:
/// `.NAME.PID.NANOS.tmp`.
pub fn temp_name(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.{}.{nanos}.tmp", std::process::id()))
}

/// Gives the complete file `temp` the name `path` without ever replacing
/// anything there: `link(2)` fails when anything (a link included) is at
/// `path`. File systems without hard links get `renameat2(RENAME_NOREPLACE)`.
pub fn publish(temp: &Path, path: &Path) -> Result<(), FileError> {
    let linked = std::fs::hard_link(temp, path);
    let err = match linked {
        Ok(()) => return Ok(()),
        Err(e) => e,
    };
    if err.kind() == std::io::ErrorKind::AlreadyExists {
        return Err(if is_symlink(path) {
            symlink_error(path)
        } else {
            FileError::Exists {
                path: path.to_path_buf(),
            }
        });
    }
    match err.raw_os_error() {
        Some(libc::EPERM | libc::EOPNOTSUPP | libc::ENOSYS | libc::EMLINK) => {
            rename_noreplace(temp, path)
        }
        _ => Err(FileError::io(path, "create")(err)),
    }
}

fn rename_noreplace(temp: &Path, path: &Path) -> Result<(), FileError> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes());
    let (Ok(from), Ok(to)) = (c(temp), c(path)) else {
        return Err(FileError::NotAFile {
            path: path.to_path_buf(),
        });
    };
    // SAFETY: both strings are NUL-terminated and outlive the call.
    let rc = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::RENAME_NOREPLACE,
        )
    };
    if rc == 0 {
        return Ok(());
    }
    let err = std::io::Error::last_os_error();
    Err(match err.kind() {
        std::io::ErrorKind::AlreadyExists => FileError::Exists {
            path: path.to_path_buf(),
        },
        _ => FileError::io(path, "create")(err),
    })
}

/// Best effort: makes a new directory entry durable.
fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        let _ = File::open(dir).and_then(|d| d.sync_all());
    }
}

/// Mode bits as `0644`.
pub fn octal(mode: u32) -> String {
    format!("{:04o}", mode & 0o7777)
}

/// The login of `uid` for messages (`uid 65534 (nobody)`).
pub fn describe_uid(uid: u32) -> String {
    match crate::store::people::login_of_uid(uid) {
        Some(login) => format!("uid {uid} ({login})"),
        None => format!("uid {uid}"),
    }
}

/// What [`narrow_sidecar_modes`] did or could not do, for a notice.
pub(crate) fn narrow_sidecar_modes(db: &Path, db_mode: u32) -> Vec<String> {
    let mut notices = Vec::new();
    for suffix in SIDECARS {
        let side = with_suffix(db, suffix);
        let Ok(meta) = std::fs::symlink_metadata(&side) else {
            continue;
        };
        if !meta.file_type().is_file() {
            continue;
        }
        let mode = meta.mode() & 0o777;
        let allowed = db_mode & 0o777;
        if mode & !allowed == 0 {
            continue;
        }
        if meta.uid() == my_uid() {
            // A path chmod: no descriptor, so SQLite's locks stay (see the
            // module note). The lstat above saw a regular file of ours.
            let narrowed = mode & allowed;
            if std::fs::set_permissions(&side, std::fs::Permissions::from_mode(narrowed)).is_ok() {
                continue;
            }
        }
        notices.push(format!(
            "warning: {} is more open ({}) than its database ({}) and chartq cannot change it; \
             its owner should run `chmod {} {}`",
            side.display(),
            octal(mode),
            octal(allowed),
            octal(mode & allowed),
            side.display()
        ));
    }
    notices
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_private_file_is_0600_whatever_the_umask_and_never_follows_a_link() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        // SAFETY: umask only changes this process's file creation mask;
        // tests in this binary that create files do not rely on it.
        let old = unsafe { libc::umask(0) };
        let made = create_private_file(&path);
        unsafe { libc::umask(old) };
        made.unwrap();
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert!(matches!(
            create_private_file(&path),
            Err(FileError::Exists { .. })
        ));
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(dir.path().join("absent"), &link).unwrap();
        assert!(matches!(
            create_private_file(&link),
            Err(FileError::Symlink { .. })
        ));
        assert!(!dir.path().join("absent").exists());
    }

    #[test]
    fn an_output_appears_only_when_committed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let (out, mut file) = PrivateOutput::start(&path, false).unwrap();
        std::io::Write::write_all(&mut file, b"a,b\n").unwrap();
        assert!(!path.exists());
        drop(out);
        assert!(!path.exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);

        let (out, mut file) = PrivateOutput::start(&path, false).unwrap();
        std::io::Write::write_all(&mut file, b"a,b\n").unwrap();
        drop(file);
        out.commit().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "a,b\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        assert!(matches!(
            PrivateOutput::start(&path, false),
            Err(FileError::Exists { .. })
        ));
    }

    #[test]
    fn a_link_planted_while_writing_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let (out, file) = PrivateOutput::start(&path, false).unwrap();
        drop(file);
        let target = dir.path().join("target");
        std::os::unix::fs::symlink(&target, &path).unwrap();
        assert!(matches!(out.commit(), Err(FileError::Symlink { .. })));
        assert!(!target.exists());
    }
}
