//! Codes of one version: looking a code up (any case, dot optional; on a
//! date of service, where HCPCS terminates codes) and reading a whole
//! version back with its notes.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, params};

use crate::domain::codes::{Code, CodeKind, CodeSet, Note, NoteKind, lookup_key};

/// A code as stored, without notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCode {
    pub version_id: i64,
    pub code: Code,
}

const CODE_COLUMNS: &str = "code, kind, billable, short_title, long_title, parent, valid_until";

fn code_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Code> {
    let kind: String = r.get(1)?;
    let valid_until: Option<String> = r.get(6)?;
    Ok(Code {
        code: r.get(0)?,
        kind: CodeKind::parse(&kind).unwrap_or(CodeKind::Code),
        billable: r.get(2)?,
        short_title: r.get(3)?,
        long_title: r.get(4)?,
        parent: r.get(5)?,
        notes: Vec::new(),
        valid_until: valid_until.and_then(|d| d.parse().ok()),
    })
}

/// Looks `code` up in one version, accepting any case and a missing dot
/// (`e1122` finds `E11.22`).
pub fn find_code(
    conn: &Connection,
    version_id: i64,
    code: &str,
) -> rusqlite::Result<Option<StoredCode>> {
    conn.prepare_cached(&format!(
        "SELECT {CODE_COLUMNS} FROM code WHERE lookup_key = ?1 AND version_id = ?2"
    ))?
    .query_row(params![lookup_key(code), version_id], code_from_row)
    .optional()
    .map(|c| c.map(|code| StoredCode { version_id, code }))
}

/// Like [`find_code`], but a code whose termination date is before `date`
/// is not found: it may not be reported on that date of service.
pub fn find_code_on(
    conn: &Connection,
    version_id: i64,
    code: &str,
    date: NaiveDate,
) -> rusqlite::Result<Option<StoredCode>> {
    Ok(find_code(conn, version_id, code)?.filter(|c| c.code.is_valid_on(date)))
}

/// One entry exactly as written (with its dot), without notes.
pub(super) fn exact_code(
    conn: &Connection,
    version_id: i64,
    code: &str,
) -> rusqlite::Result<Option<Code>> {
    conn.prepare_cached(&format!(
        "SELECT {CODE_COLUMNS} FROM code WHERE version_id = ?1 AND code = ?2"
    ))?
    .query_row(params![version_id, code], code_from_row)
    .optional()
}

/// A note as stored, with the release it was copied from when borrowed.
pub(super) type StoredNote = (Note, Option<String>);

pub(super) fn notes_of(
    conn: &Connection,
    version_id: i64,
    code: &str,
) -> rusqlite::Result<Vec<StoredNote>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, text, borrowed_from FROM code_note WHERE version_id = ?1 AND code = ?2
         ORDER BY seq",
    )?;
    let rows = stmt.query_map(params![version_id, code], |r| {
        let kind: String = r.get(0)?;
        Ok((kind, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?))
    })?;
    let mut notes = Vec::new();
    for row in rows {
        let (kind, text, from) = row?;
        if let Some(kind) = NoteKind::parse(&kind) {
            notes.push((Note { kind, text }, from));
        }
    }
    Ok(notes)
}

/// Every entry of one version in file order, with its own notes: what a
/// CMS codes file borrows its hierarchy, header titles and notes from.
pub fn version_code_set(conn: &Connection, version_id: i64) -> rusqlite::Result<CodeSet> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {CODE_COLUMNS} FROM code WHERE version_id = ?1 ORDER BY seq"
    ))?;
    let mut codes: Vec<Code> = stmt
        .query_map([version_id], code_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    let at: std::collections::HashMap<String, usize> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.clone(), i))
        .collect();
    let mut stmt = conn.prepare(
        "SELECT code, kind, text FROM code_note WHERE version_id = ?1 ORDER BY code, seq",
    )?;
    let mut rows = stmt.query([version_id])?;
    while let Some(r) = rows.next()? {
        let code: String = r.get(0)?;
        let kind: String = r.get(1)?;
        if let (Some(&i), Some(kind)) = (at.get(&code), NoteKind::parse(&kind)) {
            codes[i].notes.push(Note {
                kind,
                text: r.get(2)?,
            });
        }
    }
    Ok(CodeSet { codes })
}

/// The billable codes of one version with their long titles: what an
/// import compares a new release against.
pub fn billable_titles(
    conn: &Connection,
    version_id: i64,
) -> rusqlite::Result<std::collections::HashMap<String, String>> {
    let mut stmt =
        conn.prepare("SELECT code, long_title FROM code WHERE version_id = ?1 AND billable = 1")?;
    stmt.query_map([version_id], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect()
}
