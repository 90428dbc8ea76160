//! The optional audit key: a file named by [`KEY_ENV`]
//! (`CHARTQ_AUDIT_KEY_FILE`) kept outside the database. With it every event
//! also carries an HMAC of its hash, so rebuilding the chain after an edit
//! needs the key, not only write access to the database file.

use std::fmt;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::sync::OnceLock;

use hmac::{Hmac, KeyInit, Mac};
use sha2::Sha256;

use super::KEY_ENV;
use crate::store::WorkError;

/// What the MAC is taken over before the hash (domain separation from the
/// chain's own encoding).
const MAC_TAG: &str = "chartq-audit-mac-v1";

/// The shortest key accepted (SHA-256's output size).
pub const MIN_KEY_BYTES: usize = 32;

/// A key kept outside the database: each event's hash is MACed with it.
pub struct AuditKey(Vec<u8>);

impl fmt::Debug for AuditKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AuditKey(..)")
    }
}

impl AuditKey {
    /// The key is the file's bytes, at least [`MIN_KEY_BYTES`] of them
    /// (`head -c 32 /dev/urandom > FILE`). A file everyone may read is
    /// refused: a key anyone can read proves nothing.
    pub fn from_file(path: &Path) -> Result<AuditKey, String> {
        let meta = std::fs::metadata(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mode = meta.permissions().mode();
        if mode & 0o004 != 0 {
            return Err(format!(
                "{}: readable by everyone (mode {}); an audit key must stay private \
                 (chmod 600, or 640 for a group of chartq users)",
                path.display(),
                crate::store::files::octal(mode)
            ));
        }
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        if bytes.len() < MIN_KEY_BYTES {
            return Err(format!(
                "{}: an audit key needs at least {MIN_KEY_BYTES} bytes (e.g. `head -c 32 /dev/urandom > {}`)",
                path.display(),
                path.display()
            ));
        }
        Ok(AuditKey(bytes))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<AuditKey, String> {
        if bytes.len() < MIN_KEY_BYTES {
            return Err(format!("an audit key needs at least {MIN_KEY_BYTES} bytes"));
        }
        Ok(AuditKey(bytes.to_vec()))
    }

    fn hmac(&self, hash: &[u8]) -> Hmac<Sha256> {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes a key of any length");
        mac.update(MAC_TAG.as_bytes());
        mac.update(&[0u8]);
        mac.update(hash);
        mac
    }

    /// The MAC of an event with this hash.
    pub fn mac(&self, hash: &[u8]) -> [u8; 32] {
        self.hmac(hash).finalize().into_bytes().into()
    }

    /// True when `mac` is this key's MAC of `hash` (constant time).
    pub fn verifies(&self, hash: &[u8], mac: &[u8]) -> bool {
        self.hmac(hash).verify_slice(mac).is_ok()
    }
}

/// The key named by [`KEY_ENV`], read once per process; `None` when the
/// variable is unset or empty.
pub fn configured_key() -> Result<Option<&'static AuditKey>, WorkError> {
    static KEY: OnceLock<Result<Option<AuditKey>, String>> = OnceLock::new();
    let loaded = KEY.get_or_init(|| match std::env::var_os(KEY_ENV) {
        Some(path) if !path.is_empty() => AuditKey::from_file(Path::new(&path)).map(Some),
        _ => Ok(None),
    });
    match loaded {
        Ok(key) => Ok(key.as_ref()),
        Err(e) => Err(WorkError::Invalid(format!("{KEY_ENV}: {e}"))),
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_must_be_long_and_private() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        std::fs::write(&path, [7u8; 16]).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(
            AuditKey::from_file(&path)
                .unwrap_err()
                .contains("at least 32")
        );
        std::fs::write(&path, [7u8; 32]).unwrap();
        let key = AuditKey::from_file(&path).unwrap();
        let mac = key.mac(&[1; 32]);
        assert!(key.verifies(&[1; 32], &mac));
        assert!(!key.verifies(&[2; 32], &mac));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(
            AuditKey::from_file(&path)
                .unwrap_err()
                .contains("readable by everyone")
        );
    }
}
