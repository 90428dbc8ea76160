//! Checking the audit log against itself, its kept heads and its key.
//!
//! [`verify`] reads the log once, in id order, and hands each event to a
//! [`Walk`] that checks it by job: its link to the event before
//! ([`Walk::check_link`]), its MAC ([`Walk::check_mac`]), the kept heads it
//! passes ([`Walk::check_anchors`]). One pass with no table-sized state is
//! what keeps a million-event log's check to seconds (`bench/`).

use rusqlite::types::ValueRef;
use rusqlite::{Connection, OptionalExtension};
use serde::Serialize;

use super::{AuditKey, Field, GENESIS, Head, event_hash};
use crate::store::WorkError;

/// Something [`verify`] found wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    /// The event it shows at (`None`: the log as a whole, e.g. a trigger).
    pub event: Option<i64>,
    pub what: String,
}

/// What [`verify`] found.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// Events read.
    pub events: u64,
    /// The last event as stored.
    pub head: Option<Head>,
    /// The kept heads checked.
    pub anchors: Vec<Head>,
    /// Whether a key was given, and how many events carry a valid MAC.
    pub keyed: bool,
    pub signed_events: u64,
    /// In log order; empty when the log is intact.
    pub problems: Vec<Problem>,
    /// PostgreSQL: the chain's unsealed tail as the check found it (the
    /// chain is linked after commit there); `None` on SQLite.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub tail: Option<SealedTail>,
    /// PostgreSQL: the database's own guards (grants, row-level security,
    /// definer functions, triggers), checked beside the chain; `None` on
    /// SQLite (its file has no grants; its triggers are among `problems`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub guards: Option<Guards>,
}

/// The events committed but not yet linked into a PostgreSQL chain: how
/// many the check found and sealed itself, and how many committed while it
/// ran (the next write or check links them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct SealedTail {
    /// Pending when the check began.
    pub pending_before: u64,
    /// Linked by the check's own seal.
    pub sealed_now: u64,
    /// Pending when the check ended (committed after its seal).
    pub pending_after: u64,
}

/// The database's guards a check looked at: what it checked (one line per
/// kind), and each failure by name (the role, table or function).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Guards {
    pub checked: Vec<String>,
    pub failed: Vec<String>,
}

impl Verification {
    /// The chain: every event linked as stored, every kept head there.
    pub fn intact(&self) -> bool {
        self.problems.is_empty()
    }

    /// The chain intact and every guard of the database holding: what
    /// `chartq audit verify`'s exit status says.
    pub fn holds(&self) -> bool {
        self.intact() && self.guards.as_ref().is_none_or(|g| g.failed.is_empty())
    }

    /// The first event found bad.
    pub fn first_bad_event(&self) -> Option<i64> {
        self.problems.iter().find_map(|p| p.event)
    }
}

/// The triggers that keep the table append-only and chained, as the
/// migrations create them (compared with whitespace collapsed).
const TRIGGERS: [(&str, &str); 3] = [
    (
        "audit_event_no_update",
        "CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event BEGIN \
         SELECT RAISE(ABORT, 'audit events are append-only'); END",
    ),
    (
        "audit_event_no_delete",
        "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event BEGIN \
         SELECT RAISE(ABORT, 'audit events are append-only'); END",
    ),
    (
        "audit_event_chained",
        "CREATE TRIGGER audit_event_chained BEFORE INSERT ON audit_event \
         WHEN typeof(NEW.hash) != 'blob' OR length(NEW.hash) != 32 BEGIN \
         SELECT RAISE(ABORT, 'audit events are chained: only chartq appends them'); END",
    ),
];

fn collapse(sql: &str) -> String {
    sql.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Reads the whole log in id order and checks every event's hash against
/// its stored content and the event before it, the MACs when `key` is
/// given, each kept head in `anchors` (its event still carries its hash),
/// and the triggers. Problems are listed in log order, at most `limit` of
/// them at events (the count of events read goes on).
pub fn verify(
    conn: &Connection,
    anchors: &[Head],
    key: Option<&AuditKey>,
    limit: usize,
) -> Result<Verification, WorkError> {
    let mut walk = Walk::new(anchors, key, Report::new(limit, trigger_problems(conn)?));
    let mut stmt = conn.prepare(
        "SELECT id, at, user_login, real_login, action, chart_id, details, hash, mac
         FROM audit_event ORDER BY id",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        walk.visit(&Event::read(r)?);
    }
    Ok(walk.finish())
}

/// The triggers missing or changed: with them gone the table takes edits
/// and unchained inserts silently, so that is reported even when every
/// hash still matches.
fn trigger_problems(conn: &Connection) -> Result<Vec<Problem>, WorkError> {
    let mut problems = Vec::new();
    for (name, expected) in TRIGGERS {
        let found: Option<String> = conn
            .query_row(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?1",
                [name],
                |r| r.get(0),
            )
            .optional()?;
        match found {
            None => problems.push(Problem {
                event: None,
                what: format!("the trigger {name} is missing (dropped)"),
            }),
            Some(sql) if collapse(&sql) != collapse(expected) => problems.push(Problem {
                event: None,
                what: format!("the trigger {name} was changed"),
            }),
            Some(_) => {}
        }
    }
    Ok(problems)
}

/// One event as stored, borrowed from the current row: the seven hashed
/// columns, the stored chain hash (`None` unless a BLOB: written outside
/// chartq) and the MAC column as it is.
struct Event<'r> {
    id: i64,
    columns: [Field<'r>; 7],
    hash: Option<&'r [u8]>,
    mac: ValueRef<'r>,
}

impl<'r> Event<'r> {
    /// Borrows the columns rather than copying them: a row is hashed once
    /// and dropped, and the log may hold millions.
    fn read(r: &'r rusqlite::Row<'_>) -> rusqlite::Result<Self> {
        let id = r.get(0)?;
        let mut columns = [Field::Null; 7];
        for (i, column) in columns.iter_mut().enumerate() {
            *column = Field::from(r.get_ref(i)?);
        }
        let hash = match r.get_ref(7)? {
            ValueRef::Blob(b) => Some(b),
            _ => None,
        };
        Ok(Event {
            id,
            columns,
            hash,
            mac: r.get_ref(8)?,
        })
    }
}

/// The problems found so far. Those at events are capped at `limit` (the
/// first is what counts, the rest show the extent; a rewritten log would
/// otherwise list every event); log-wide ones are always kept.
struct Report {
    problems: Vec<Problem>,
    at_events: usize,
    limit: usize,
}

impl Report {
    fn new(limit: usize, log_wide: Vec<Problem>) -> Self {
        Report {
            problems: log_wide,
            at_events: 0,
            limit,
        }
    }

    fn at(&mut self, event: i64, what: String) {
        self.at_events += 1;
        if self.at_events <= self.limit {
            self.problems.push(Problem {
                event: Some(event),
                what,
            });
        }
    }
}

/// The state carried from one event to the next in a single pass over the
/// log.
struct Walk<'k> {
    key: Option<&'k AuditKey>,
    /// The kept heads by id; those before `next_anchor` are checked.
    anchors: Vec<Head>,
    next_anchor: usize,
    /// The previous event's stored hash (a reused buffer: no allocation per
    /// event), or a NULL when it had none (`prev_is_blob` false).
    prev: Vec<u8>,
    prev_is_blob: bool,
    prev_id: i64,
    events: u64,
    signed: u64,
    last: Option<Head>,
    report: Report,
}

impl<'k> Walk<'k> {
    fn new(anchors: &[Head], key: Option<&'k AuditKey>, report: Report) -> Self {
        let mut anchors = anchors.to_vec();
        anchors.sort_by_key(|h| h.id);
        Walk {
            key,
            anchors,
            next_anchor: 0,
            prev: GENESIS.to_vec(),
            prev_is_blob: true,
            prev_id: 0,
            events: 0,
            signed: 0,
            last: None,
            report,
        }
    }

    /// Checks one event, then makes it the previous one.
    fn visit(&mut self, e: &Event<'_>) {
        self.events += 1;
        self.check_link(e);
        if let Some(key) = self.key {
            self.check_mac(key, e);
        }
        let stored_hash: Option<[u8; 32]> = e.hash.and_then(|h| h.try_into().ok());
        self.check_anchors(e.id, stored_hash);
        self.last = Some(Head {
            id: e.id,
            hash: stored_hash.unwrap_or([0; 32]),
        });
        match e.hash {
            Some(h) => {
                self.prev.clear();
                self.prev.extend_from_slice(h);
                self.prev_is_blob = true;
            }
            None => self.prev_is_blob = false,
        }
        self.prev_id = e.id;
    }

    /// The event's stored hash against the one recomputed from its content
    /// and the previous event's stored hash, and its id against the
    /// previous id + 1 (ids are consecutive, so a gap names deleted events).
    fn check_link(&mut self, e: &Event<'_>) {
        let prev = if self.prev_is_blob {
            Field::Blob(&self.prev)
        } else {
            Field::Null
        };
        let expected = event_hash(prev, &e.columns);
        let missing = missing_before(self.prev_id, e.id);
        match e.hash {
            None => self.report.at(
                e.id,
                format!("has no chain hash (written outside chartq){missing}"),
            ),
            Some(h) if h != expected.as_slice() => self.report.at(
                e.id,
                format!(
                    "its hash does not match its content and the event before it: this event \
                     was changed, or the one before it, or events were removed, inserted or \
                     moved here{missing}"
                ),
            ),
            Some(_) if !missing.is_empty() => self
                .report
                .at(e.id, missing.trim_start_matches("; ").into()),
            Some(_) => {}
        }
    }

    /// The event's MAC under `key`. Events before the first signed one may
    /// lack a MAC (the key was configured later); after it, a missing MAC
    /// means the event was written without the key.
    fn check_mac(&mut self, key: &AuditKey, e: &Event<'_>) {
        match (e.mac, e.hash) {
            (ValueRef::Blob(mac), Some(h)) if key.verifies(h, mac) => self.signed += 1,
            (ValueRef::Null, _) if self.signed == 0 => {}
            (ValueRef::Null, _) => self.report.at(
                e.id,
                "has no MAC though events before it have one: written without the key \
                 (forged, or by a chartq without the key file)"
                    .into(),
            ),
            _ => self.report.at(
                e.id,
                "its MAC does not match the key: forged, or signed with another key".into(),
            ),
        }
    }

    /// The kept heads up to event `id`: one with a smaller id names an
    /// event that is gone; one at `id` must still match its stored hash,
    /// or the log up to here was rewritten with recomputed hashes.
    fn check_anchors(&mut self, id: i64, stored_hash: Option<[u8; 32]>) {
        while let Some(anchor) = self.anchors.get(self.next_anchor).copied() {
            if anchor.id > id {
                break;
            }
            if anchor.id < id {
                self.report.at(
                    anchor.id,
                    format!("the kept head's event {} is gone", anchor.id),
                );
            } else if stored_hash != Some(anchor.hash) {
                self.report.at(
                    id,
                    "no longer carries the hash of the kept head: the log up to here was \
                     rewritten (its events changed and their hashes recomputed)"
                        .into(),
                );
            }
            self.next_anchor += 1;
        }
    }

    /// After the last event: kept heads beyond it show events removed from
    /// the end (the one thing the chain alone cannot), and a key that
    /// signed nothing shows a log never signed with it or rebuilt without.
    fn finish(mut self) -> Verification {
        for i in self.next_anchor..self.anchors.len() {
            let anchor = self.anchors[i].id;
            self.report.at(
                anchor,
                format!(
                    "the log ends at event {}, before the kept head's event {anchor}: events \
                     were removed from its end",
                    self.prev_id
                ),
            );
        }
        let mut problems = self.report.problems;
        if self.key.is_some() && self.signed == 0 && self.events > 0 {
            problems.push(Problem {
                event: None,
                what: "no event carries a MAC made with this key: the log was never signed \
                       with it, or it was rebuilt without it"
                    .into(),
            });
        }
        // Log-wide problems (triggers) first, then by event.
        problems.sort_by_key(|p| p.event.map_or((0, 0), |e| (1, e)));
        Verification {
            events: self.events,
            head: self.last,
            anchors: self.anchors,
            keyed: self.key.is_some(),
            signed_events: self.signed,
            problems,
            tail: None,
            guards: None,
        }
    }
}

/// The ids missing between the previous event and this one, worded to
/// follow another problem ("; event 7 before it is missing"), or empty.
fn missing_before(prev_id: i64, id: i64) -> String {
    if id <= prev_id + 1 {
        String::new()
    } else if id == prev_id + 2 {
        format!("; event {} before it is missing", prev_id + 1)
    } else {
        format!("; events {}..{} before it are missing", prev_id + 1, id - 1)
    }
}
