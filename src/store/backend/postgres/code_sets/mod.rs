//! Code sets on PostgreSQL: versions, codes, POA lists, imports and the
//! search snapshots. Code sets hold no patient data: every chartq role
//! reads the tables directly; writes are the admin-only definer functions
//! `chartq.import_code_set`, `chartq.import_poa_exempt_list` and
//! `chartq.put_snapshot` (`sql/coding_functions.sql`), and, in
//! [`writes`], `chartq.import_index_terms`, `chartq.seed_code_set` and
//! `chartq.update_bundled` (`sql/code_set_functions.sql`). One code's
//! detail and the Alphabetic Index tree are read in [`detail`].
//!
//! A snapshot is read through the host's cache ([`crate::store::snapshot_cache`]):
//! the server says the snapshot's SHA-256 (computed by the server from the
//! bytes, a generated column), the cache hands over a verified local copy,
//! and only on a miss are the bytes downloaded (and cached for every coder
//! on the host).

use super::*;
use crate::domain::codes::{CodeKind, Note, NoteKind, lookup_key};
use crate::store::code_tables::IndexableCode;
use crate::store::snapshot_cache::{self, Checksum, FetchError};

mod detail;
mod writes;

pub use detail::{code_detail, index_code_status, index_tree};
pub use writes::{bundled_holding, import_index_terms, seed_code_set, update_bundled};

/// The code-set functions beyond the coding ones, re-created by every
/// init after them (`CREATE OR REPLACE`).
pub const FUNCTIONS: &[&str] = &[include_str!("../sql/code_set_functions.sql")];

/// Of those, what every chartq role may EXECUTE: the writers check for an
/// admin themselves; `bundled_holding` only reads code sets.
pub const API_FUNCTIONS: &[&str] = &[
    "chartq.bundled_holding",
    "chartq.import_index_terms",
    "chartq.seed_code_set",
    "chartq.update_bundled",
];

const VERSION_COLUMNS: &str = "v.id, v.system, v.label, v.effective_from, v.effective_to, v.source,
     to_char(v.imported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
     v.code_count::bigint, v.billable_count::bigint, v.notes_from";

/// The order `CodeSetVersion::precedence` gives, newest first.
const NEWEST_FIRST: &str = "v.effective_from DESC, (left(v.source, 8) = 'bundled:') ASC, v.id DESC";

fn version_from_row(row: &postgres::Row) -> Result<CodeSetVersion, WorkError> {
    let system: String = row.get(1);
    Ok(CodeSetVersion {
        id: row.get(0),
        system: system
            .parse()
            .map_err(|e: String| WorkError::Invalid(format!("code_set_version.system: {e}")))?,
        label: row.get(2),
        effective_from: row.get(3),
        effective_to: row.get(4),
        source: row.get(5),
        imported_at: row.get(6),
        code_count: row.get(7),
        billable_count: row.get(8),
        notes_from: row.get(9),
    })
}

fn versions_where(
    pg: &Postgres,
    filter: &str,
    params: &[&(dyn postgres::types::ToSql + Sync)],
) -> Result<Vec<CodeSetVersion>, WorkError> {
    let sql = format!("SELECT {VERSION_COLUMNS} FROM chartq.code_set_version v {filter}");
    let rows = pg.client().query(&sql, params).map_err(pg_error)?;
    rows.iter().map(version_from_row).collect()
}

/// `Backend::versions` on PostgreSQL.
pub fn versions(pg: &Postgres) -> Result<Vec<CodeSetVersion>, WorkError> {
    versions_where(pg, &format!("ORDER BY v.system, {NEWEST_FIRST}"), &[])
}

/// `Backend::version_on` on PostgreSQL.
pub fn version_on(
    pg: &Postgres,
    system: CodeSystem,
    date: NaiveDate,
) -> Result<Option<CodeSetVersion>, WorkError> {
    let filter = format!(
        "WHERE v.system = $1 AND v.effective_from <= $2
           AND (v.effective_to IS NULL OR v.effective_to >= $2)
         ORDER BY {NEWEST_FIRST} LIMIT 1"
    );
    Ok(versions_where(pg, &filter, &[&system.as_str(), &date])?
        .into_iter()
        .next())
}

/// `Backend::version_before` on PostgreSQL.
pub fn version_before(
    pg: &Postgres,
    system: CodeSystem,
    date: NaiveDate,
    tabular_only: bool,
) -> Result<Option<CodeSetVersion>, WorkError> {
    let tabular = if tabular_only {
        "AND EXISTS (SELECT 1 FROM chartq.code c WHERE c.version_id = v.id AND c.kind = 'chapter')"
    } else {
        ""
    };
    let filter = format!(
        "WHERE v.system = $1 AND v.effective_from < $2 {tabular} ORDER BY {NEWEST_FIRST} LIMIT 1"
    );
    Ok(versions_where(pg, &filter, &[&system.as_str(), &date])?
        .into_iter()
        .next())
}

/// `Backend::poa_exempt_list` on PostgreSQL.
pub fn poa_exempt_list(pg: &Postgres, fiscal_year: i32) -> Result<Option<Vec<String>>, WorkError> {
    let mut client = pg.client();
    let listed = client
        .query_opt(
            "SELECT 1 FROM chartq.poa_exempt_list WHERE fiscal_year = $1",
            &[&fiscal_year],
        )
        .map_err(pg_error)?;
    if listed.is_none() {
        return Ok(None);
    }
    let rows = client
        .query(
            "SELECT code FROM chartq.poa_exempt_code WHERE fiscal_year = $1 ORDER BY code",
            &[&fiscal_year],
        )
        .map_err(pg_error)?;
    Ok(Some(rows.iter().map(|r| r.get(0)).collect()))
}

/// `Backend::tabular_notes` on PostgreSQL: the entries with their notes
/// (the edits read parent, title and notes).
pub fn tabular_notes(pg: &Postgres, version: &CodeSetVersion) -> Result<Vec<Code>, WorkError> {
    Ok(code_set(pg, version.id)?.codes)
}

/// `Backend::read_snapshot` on PostgreSQL, through the host's cache.
pub fn read_snapshot(
    pg: &Postgres,
    version_id: i64,
    format: i64,
    reader: &mut dyn FnMut(&dyn SnapshotBytes),
) -> Result<SnapshotRead, WorkError> {
    let stored = pg
        .client()
        .query_opt(
            "SELECT sha256 FROM chartq.search_snapshot WHERE version_id = $1 AND format = $2",
            &[&version_id, &format],
        )
        .map_err(pg_error)?;
    let Some(row) = stored else {
        return Ok(SnapshotRead::Missing);
    };
    let Some(sum) = Checksum::from_slice(row.get::<_, &[u8]>(0)) else {
        return Ok(SnapshotRead::Damaged);
    };
    let fetch = || -> Result<Vec<u8>, WorkError> {
        let row = pg
            .client()
            .query_opt(
                "SELECT data FROM chartq.search_snapshot WHERE version_id = $1 AND format = $2",
                &[&version_id, &format],
            )
            .map_err(pg_error)?;
        // Replaced meanwhile: the checksum check below refuses it.
        Ok(row.map(|r| r.get(0)).unwrap_or_default())
    };
    if let Some(cache) = snapshot_cache::host_cache() {
        let used = cache.use_or_fetch(&sum, fetch, &mut |bytes| reader(&InMemory(bytes)));
        return match used {
            Ok(_) => Ok(SnapshotRead::Read),
            Err(FetchError::Mismatch { .. }) => Ok(SnapshotRead::Damaged),
            Err(FetchError::Fetch(e)) => Err(e),
        };
    }
    let bytes = fetch()?;
    if Checksum::of(&bytes) != sum {
        return Ok(SnapshotRead::Damaged);
    }
    reader(&InMemory(&bytes));
    Ok(SnapshotRead::Read)
}

/// Downloaded (or cached) snapshot bytes, for the decoder.
struct InMemory<'a>(&'a [u8]);

impl SnapshotBytes for InMemory<'_> {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn read_at(&self, buf: &mut [u8], at: usize) -> std::io::Result<()> {
        self.0.read_at(buf, at)
    }
    fn in_memory(&self) -> Option<&[u8]> {
        Some(self.0)
    }
}

/// `Backend::write_snapshot` on PostgreSQL: only an admin's session stores
/// one (the function returns false for anyone else, who keeps the index
/// they built in memory).
pub fn write_snapshot(
    pg: &mut Postgres,
    version_id: i64,
    format: i64,
    bytes: &[u8],
    replace: bool,
) -> Result<bool, WorkError> {
    let row = pg
        .client()
        .query_one(
            "SELECT chartq.put_snapshot($1, $2, $3, $4)",
            &[&version_id, &format, &bytes, &replace],
        )
        .map_err(pg_error)?;
    Ok(row.get(0))
}

/// `Backend::code_set` on PostgreSQL: entries in file order with notes.
pub fn code_set(pg: &Postgres, version_id: i64) -> Result<CodeSet, WorkError> {
    let mut client = pg.client();
    let rows = client
        .query(
            "SELECT code, kind, billable, short_title, long_title, parent, valid_until
               FROM chartq.code WHERE version_id = $1 ORDER BY seq",
            &[&version_id],
        )
        .map_err(pg_error)?;
    let mut codes = Vec::with_capacity(rows.len());
    for r in &rows {
        let kind: String = r.get(1);
        codes.push(Code {
            code: r.get(0),
            kind: CodeKind::parse(&kind)
                .ok_or_else(|| WorkError::Invalid(format!("code.kind: unknown kind {kind:?}")))?,
            billable: r.get(2),
            short_title: r.get(3),
            long_title: r.get(4),
            parent: r.get(5),
            notes: Vec::new(),
            valid_until: r.get(6),
        });
    }
    let at: HashMap<String, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.clone(), i))
        .collect();
    let notes = client
        .query(
            "SELECT code, kind, text FROM chartq.code_note WHERE version_id = $1 ORDER BY code, seq",
            &[&version_id],
        )
        .map_err(pg_error)?;
    for r in &notes {
        let code: &str = r.get(0);
        let kind: &str = r.get(1);
        if let (Some(&i), Some(kind)) = (at.get(code), NoteKind::parse(kind)) {
            codes[i].notes.push(Note {
                kind,
                text: r.get(2),
            });
        }
    }
    Ok(CodeSet { codes })
}

/// `Backend::billable_titles` on PostgreSQL.
pub fn billable_titles(
    pg: &Postgres,
    version_id: i64,
) -> Result<HashMap<String, String>, WorkError> {
    let rows = pg
        .client()
        .query(
            "SELECT code, long_title FROM chartq.code WHERE version_id = $1 AND billable",
            &[&version_id],
        )
        .map_err(pg_error)?;
    Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
}

/// What the search index reads of a version (as `code_tables::indexable_codes`
/// on SQLite): entries in file order with inclusion terms and index terms.
pub(super) fn indexable_codes(
    tx: &mut Transaction<'_>,
    version_id: i64,
) -> Result<Vec<IndexableCode>, WorkError> {
    let rows = tx
        .query(
            "SELECT code, kind, billable, long_title, valid_until FROM chartq.code
              WHERE version_id = $1 ORDER BY seq",
            &[&version_id],
        )
        .map_err(pg_error)?;
    let mut codes: Vec<IndexableCode> = rows
        .iter()
        .map(|r| IndexableCode {
            code: r.get(0),
            kind: CodeKind::parse(r.get(1)).unwrap_or(CodeKind::Code),
            billable: r.get(2),
            title: r.get(3),
            terms: Vec::new(),
            valid_until: r.get(4),
        })
        .collect();
    let at: HashMap<String, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.clone(), i))
        .collect();
    // The code's own inclusion terms first, then the index files' terms.
    let terms = tx
        .query(
            "SELECT code, text FROM (
                 SELECT code, text, 0 AS part, lpad(seq::text, 10, '0') AS k1, '' AS k2
                   FROM chartq.code_note
                  WHERE version_id = $1 AND kind IN ('inclusion', 'includes')
                 UNION ALL
                 SELECT code, text, 1, source, text FROM chartq.index_term WHERE version_id = $1
             ) t ORDER BY code, part, k1, k2",
            &[&version_id],
        )
        .map_err(pg_error)?;
    for r in &terms {
        if let Some(&i) = at.get(r.get::<_, &str>(0)) {
            codes[i].terms.push(r.get(1));
        }
    }
    Ok(codes)
}

/// The JSON rows `chartq.import_code_set` (and `seed_code_set`) take:
/// codes and their notes.
pub(super) fn code_rows(new: &NewCodeSet<'_>) -> (serde_json::Value, serde_json::Value) {
    let mut codes = Vec::with_capacity(new.set.codes.len());
    let mut notes = Vec::new();
    for (seq, c) in new.set.codes.iter().enumerate() {
        codes.push(serde_json::json!({
            "code": c.code, "lookup_key": lookup_key(&c.code), "kind": c.kind.as_str(),
            "billable": c.billable, "short_title": c.short_title, "long_title": c.long_title,
            "parent": c.parent, "valid_until": c.valid_until, "seq": seq,
        }));
        let from = new.borrowed.and_then(|b| b.label(seq));
        for (n, note) in c.notes.iter().enumerate() {
            notes.push(serde_json::json!({
                "code": c.code, "seq": n, "kind": note.kind.as_str(), "text": note.text,
                "borrowed_from": from,
            }));
        }
    }
    (
        serde_json::Value::Array(codes),
        serde_json::Value::Array(notes),
    )
}

/// `Backend::import_code_set` on PostgreSQL: the admin-only definer
/// function stores the version (audited), then its snapshot is encoded
/// from what was stored and put in the same transaction.
pub fn import_code_set(
    pg: &mut Postgres,
    actor: &Actor,
    new: &NewCodeSet<'_>,
    encode: SnapshotEncoder<'_>,
) -> Result<i64, WorkError> {
    let spec = new.spec;
    let (codes, notes) = code_rows(new);
    let notes_from = new
        .borrowed
        .and_then(crate::domain::codes::BorrowedNotes::summary);
    let acting = acting_as(actor);
    pg.transact(|tx| {
        let id: i64 = tx
            .query_one(
                "SELECT chartq.import_code_set($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                &[
                    &acting,
                    &spec.system.as_str(),
                    &spec.label,
                    &spec.effective_from,
                    &spec.effective_to,
                    &spec.source,
                    &notes_from,
                    &codes,
                    &notes,
                ],
            )
            .map_err(pg_error)?
            .get(0);
        let encoded = encode(indexable_codes(tx, id)?);
        tx.execute(
            "SELECT chartq.put_snapshot($1, $2, $3, true)",
            &[&id, &encoded.format, &encoded.bytes],
        )
        .map_err(pg_error)?;
        Ok(id)
    })
}

/// `Backend::import_poa_exempt_list` on PostgreSQL (admins; audited).
pub fn import_poa_exempt_list(
    pg: &mut Postgres,
    actor: &Actor,
    list: &NewPoaExemptList<'_>,
) -> Result<usize, WorkError> {
    let row = pg
        .client()
        .query_one(
            "SELECT chartq.import_poa_exempt_list($1, $2, $3, $4)",
            &[
                &acting_as(actor),
                &list.fiscal_year,
                &list.file,
                &list.codes,
            ],
        )
        .map_err(pg_error)?;
    Ok(row.get::<_, i32>(0).max(0) as usize)
}
