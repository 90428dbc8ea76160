//! Tamper evidence for the audit log: every event carries a SHA-256 hash
//! over its stored column values and the hash of the event before it, so
//! editing, deleting, inserting or reordering events breaks the chain at the
//! first event touched ([`verify`]). The triggers (append-only, chained
//! inserts only) stop accidents; the chain is what shows tampering.
//!
//! # The encoding (`chartq-audit-v1`)
//!
//! ```text
//! hash(event) = SHA-256( "chartq-audit-v1" 0x00
//!                        field(previous event's stored hash)   -- the first event: a BLOB of 32 zero bytes
//!                        field(id) field(at) field(user_login) field(real_login)
//!                        field(action) field(chart_id) field(details) )
//! field(NULL)      = 0x00
//! field(INTEGER n) = 0x01, n as 8 bytes big-endian two's complement
//! field(REAL x)    = 0x02, the IEEE-754 bits of x as 8 bytes big-endian
//! field(TEXT t)    = 0x03, byte length as 8 bytes big-endian, the UTF-8 bytes as stored
//! field(BLOB b)    = 0x04, byte length as 8 bytes big-endian, the bytes
//! mac(event)  = HMAC-SHA256(key, "chartq-audit-mac-v1" 0x00 hash(event))   -- only with a key
//! ```
//!
//! Each field is the column's value as SQLite stores it (its storage class
//! and bytes), not a re-serialized struct: a later change of how chartq
//! models details does not change what was hashed. Anyone can recompute it
//! (Python: `hashlib.sha256`, `hmac`). The ids are consecutive (each event
//! takes the last id + 1, in the writer's `BEGIN IMMEDIATE` transaction), so
//! a gap names deleted events.
//!
//! What it proves, and what not: anyone who can write the database file can
//! also recompute every hash after an edit, so the chain alone shows
//! tampering only against a head kept elsewhere ([`head`], `chartq audit
//! head`). With a key outside the database ([`KEY_ENV`]) each event also
//! carries a MAC, and rebuilding needs the key; removing events from the end
//! still shows only against a kept head.
//!
//! Here: the encoding, appending, the head. `key.rs`: the optional key
//! file. `verify.rs`: the verifier.

use std::fmt;
use std::str::FromStr;

use rusqlite::functions::FunctionFlags;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::{Store, WorkError};
use crate::domain::people::Actor;
use crate::domain::people::Role;

mod key;
mod verify;

pub use key::{AuditKey, MIN_KEY_BYTES, configured_key};
pub use verify::{Guards, Problem, SealedTail, Verification, verify};

/// The encoding's name, hashed first (domain separation and versioning).
pub const ENCODING: &str = "chartq-audit-v1";

/// The environment variable naming the audit key file.
pub const KEY_ENV: &str = "CHARTQ_AUDIT_KEY_FILE";

/// The previous hash of the first event.
pub const GENESIS: [u8; 32] = [0; 32];

/// One stored column value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Field<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(&'a [u8]),
    Blob(&'a [u8]),
}

impl<'a> From<ValueRef<'a>> for Field<'a> {
    fn from(v: ValueRef<'a>) -> Self {
        match v {
            ValueRef::Null => Field::Null,
            ValueRef::Integer(n) => Field::Integer(n),
            ValueRef::Real(x) => Field::Real(x),
            ValueRef::Text(t) => Field::Text(t),
            ValueRef::Blob(b) => Field::Blob(b),
        }
    }
}

impl<'a> Field<'a> {
    fn text(s: &'a str) -> Self {
        Field::Text(s.as_bytes())
    }

    fn feed(self, h: &mut Sha256) {
        match self {
            Field::Null => h.update([0u8]),
            Field::Integer(n) => {
                h.update([1u8]);
                h.update(n.to_be_bytes());
            }
            Field::Real(x) => {
                h.update([2u8]);
                h.update(x.to_bits().to_be_bytes());
            }
            Field::Text(t) => {
                h.update([3u8]);
                h.update((t.len() as u64).to_be_bytes());
                h.update(t);
            }
            Field::Blob(b) => {
                h.update([4u8]);
                h.update((b.len() as u64).to_be_bytes());
                h.update(b);
            }
        }
    }
}

/// The hash of an event whose columns (id, at, user_login, real_login,
/// action, chart_id, details) are `columns`, after the event whose stored
/// hash is `prev` (see the module's encoding).
pub fn event_hash(prev: Field<'_>, columns: &[Field<'_>; 7]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(ENCODING.as_bytes());
    h.update([0u8]);
    prev.feed(&mut h);
    for f in columns {
        f.feed(&mut h);
    }
    h.finalize().into()
}

/// Registers the SQL functions migration 0009 chains the existing events
/// with (`chartq_audit_hash(prev, id, at, user_login, real_login, action,
/// chart_id, details)` and `chartq_audit_mac(hash)`, NULL without a key), on
/// every connection chartq opens.
pub fn register_sql_functions(conn: &Connection) -> rusqlite::Result<()> {
    let flags = FunctionFlags::SQLITE_UTF8 | FunctionFlags::SQLITE_DETERMINISTIC;
    conn.create_scalar_function("chartq_audit_hash", 8, flags, |ctx| {
        let prev = Field::from(ctx.get_raw(0));
        let columns: [Field<'_>; 7] = std::array::from_fn(|i| Field::from(ctx.get_raw(i + 1)));
        Ok(event_hash(prev, &columns).to_vec())
    })?;
    conn.create_scalar_function("chartq_audit_mac", 1, flags, |ctx| {
        let key = configured_key().map_err(|e| rusqlite::Error::UserFunctionError(e.into()))?;
        let hash = match ctx.get_raw(0) {
            ValueRef::Blob(b) => b,
            _ => return Ok(None),
        };
        Ok(key.map(|k| k.mac(hash).to_vec()))
    })?;
    Ok(())
}

/// Appends one event, chained to the last one, inside the caller's write
/// transaction (which holds the write lock, so nobody appends meanwhile).
/// With a key configured the event carries its MAC; refused when the log
/// is keyed (the last event has a MAC) and this process has no key or
/// another one, so a keyed log never gets an event nobody can vouch for.
pub(crate) fn append(
    conn: &Connection,
    at: &str,
    user: &str,
    real: Option<&str>,
    action: &str,
    chart_id: Option<i64>,
    details: &str,
) -> Result<(), WorkError> {
    let key = configured_key()?;
    let mut last =
        conn.prepare_cached("SELECT id, hash, mac FROM audit_event ORDER BY id DESC LIMIT 1")?;
    let last = last
        .query_row([], |r| {
            let hash = match r.get_ref(1)? {
                ValueRef::Blob(b) => Some(b.to_vec()),
                _ => None,
            };
            let mac = match r.get_ref(2)? {
                ValueRef::Blob(b) => Some(b.to_vec()),
                _ => None,
            };
            Ok((r.get::<_, i64>(0)?, hash, mac))
        })
        .optional()?;
    let (prev_id, prev_hash, prev_mac) = last.unwrap_or((0, Some(GENESIS.to_vec()), None));
    if let Some(prev_mac) = &prev_mac {
        let prev_hash = prev_hash.as_deref().unwrap_or_default();
        match key {
            None => {
                return Err(WorkError::Conflict(format!(
                    "this database's audit log is signed with a key (set {KEY_ENV} to the key \
                     file; ask the admin who keeps it)"
                )));
            }
            Some(k) if !k.verifies(prev_hash, prev_mac) => {
                return Err(WorkError::Conflict(format!(
                    "{KEY_ENV} holds another key than the one the last audit event was signed \
                     with (or that event was forged: run `chartq audit verify`)"
                )));
            }
            Some(_) => {}
        }
    }
    let id = prev_id + 1;
    let prev = prev_hash.as_deref().map_or(Field::Null, Field::Blob);
    let hash = event_hash(
        prev,
        &[
            Field::Integer(id),
            Field::text(at),
            Field::text(user),
            real.map_or(Field::Null, Field::text),
            Field::text(action),
            chart_id.map_or(Field::Null, Field::Integer),
            Field::text(details),
        ],
    );
    let mac = key.map(|k| k.mac(&hash).to_vec());
    conn.prepare_cached(
        "INSERT INTO audit_event (id, at, user_login, real_login, action, chart_id, details, hash, mac)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        id,
        at,
        user,
        real,
        action,
        chart_id,
        details,
        &hash[..],
        mac
    ])?;
    Ok(())
}

/// The last event's id and stored hash: what an admin keeps elsewhere to
/// check the log against later.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Head {
    pub id: i64,
    pub hash: [u8; 32],
}

impl fmt::Display for Head {
    /// `ID:HEX` (64 lowercase hex digits).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.id, hex(&self.hash))
    }
}

impl Serialize for Head {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FromStr for Head {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || {
            format!(
                "{s:?} is not an audit head (expected ID:HASH as `chartq audit head` prints it)"
            )
        };
        let (id, h) = s.trim().split_once(':').ok_or_else(bad)?;
        let id: i64 = id.parse().map_err(|_| bad())?;
        if h.len() != 64 || id < 1 {
            return Err(bad());
        }
        let mut hash = [0u8; 32];
        for (i, byte) in hash.iter_mut().enumerate() {
            *byte = u8::from_str_radix(&h[2 * i..2 * i + 2], 16).map_err(|_| bad())?;
        }
        Ok(Head { id, hash })
    }
}

pub fn hex(bytes: &[u8]) -> String {
    use fmt::Write;
    bytes.iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// The head of the log: its last event (`None` when it has none).
pub fn head(conn: &Connection) -> Result<Option<Head>, WorkError> {
    Ok(conn
        .query_row(
            "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1",
            [],
            |r| {
                let hash = match r.get_ref(1)? {
                    ValueRef::Blob(b) if b.len() == 32 => b.try_into().ok(),
                    _ => None,
                };
                Ok((r.get(0)?, hash))
            },
        )
        .optional()?
        .map(|(id, hash)| Head {
            id,
            hash: hash.unwrap_or([0; 32]),
        }))
}

/// How many problems at events [`verify_log`] lists (the first is what
/// counts; the rest show the extent).
pub const PROBLEMS_LISTED: usize = 20;

/// The head of the log (auditors, supervisors and admins).
pub fn log_head(store: &Store, actor: &Actor) -> Result<Option<Head>, WorkError> {
    actor.require(Role::Auditor, "reading the audit log's head")?;
    store.read(head)
}

/// [`verify`] on the store, with the key of [`KEY_ENV`] when set
/// (auditors, supervisors and admins).
pub fn verify_log(
    store: &Store,
    actor: &Actor,
    anchors: &[Head],
) -> Result<Verification, WorkError> {
    actor.require(Role::Auditor, "verifying the audit log")?;
    let key = configured_key()?;
    store.read(|c| verify(c, anchors, key, PROBLEMS_LISTED))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fixed event's hash, so another implementation of the encoding
    /// (an auditor's script) can check itself against chartq's.
    #[test]
    fn the_encoding_has_a_fixed_test_vector() {
        let h = event_hash(
            Field::Blob(&GENESIS),
            &[
                Field::Integer(1),
                Field::text("2026-05-04T00:00:00Z"),
                Field::text("ana"),
                Field::Null,
                Field::text("user_added"),
                Field::Null,
                Field::text(r#"{"login":"ana"}"#),
            ],
        );
        // The same bytes built by hand (and by Python: docs/harden-store-notes.md).
        let mut m = b"chartq-audit-v1\0".to_vec();
        let blob = |m: &mut Vec<u8>, tag: u8, b: &[u8]| {
            m.push(tag);
            m.extend((b.len() as u64).to_be_bytes());
            m.extend(b);
        };
        blob(&mut m, 4, &GENESIS);
        m.push(1);
        m.extend(1i64.to_be_bytes());
        blob(&mut m, 3, b"2026-05-04T00:00:00Z");
        blob(&mut m, 3, b"ana");
        m.push(0);
        blob(&mut m, 3, b"user_added");
        m.push(0);
        blob(&mut m, 3, br#"{"login":"ana"}"#);
        let direct: [u8; 32] = Sha256::digest(&m).into();
        assert_eq!(h, direct);
        assert_eq!(
            hex(&h),
            "0b6e4bbfc60f25a0725017b82cdd787afbc106c73f9e35b554dfdf4ef3536454",
            "the encoding changed: that breaks every stored chain"
        );
    }

    #[test]
    fn heads_print_and_parse() {
        let head = Head {
            id: 42,
            hash: [0xab; 32],
        };
        let text = head.to_string();
        assert_eq!(text, format!("42:{}", "ab".repeat(32)));
        assert_eq!(text.parse::<Head>().unwrap(), head);
        for bad in [
            "",
            "42",
            "x:ab",
            "42:abc",
            &format!("0:{}", "ab".repeat(32)),
        ] {
            assert!(bad.parse::<Head>().is_err(), "{bad}");
        }
    }
}
