//! Code-set versions and their codes in SQLite: writing a parsed [`CodeSet`]
//! as one version, and the lookups the queue and search need (which version
//! covers a date of service, does a code exist in it).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::codes::{Code, CodeKind, CodeSet, CodeSetVersion, CodeSystem, lookup_key};

/// What a new version is called and when it is valid.
#[derive(Debug, Clone)]
pub struct VersionSpec {
    pub system: CodeSystem,
    pub label: String,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub source: String,
}

/// Writes `set` as a new version inside the caller's transaction and returns
/// its id. Re-importing an existing label replaces that version's codes.
pub fn insert_code_set(
    tx: &Transaction<'_>,
    spec: &VersionSpec,
    set: &CodeSet,
) -> rusqlite::Result<i64> {
    tx.execute(
        "DELETE FROM code_set_version WHERE system = ?1 AND label = ?2",
        params![spec.system.as_str(), spec.label],
    )?;
    tx.execute(
        "INSERT INTO code_set_version (system, label, effective_from, effective_to, source, imported_at)
         VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))",
        params![
            spec.system.as_str(),
            spec.label,
            spec.effective_from.to_string(),
            spec.effective_to.map(|d| d.to_string()),
            spec.source
        ],
    )?;
    let version_id = tx.last_insert_rowid();
    let mut code_stmt = tx.prepare(
        "INSERT INTO code (version_id, code, lookup_key, kind, billable, short_title, long_title, parent, seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    let mut note_stmt = tx.prepare(
        "INSERT INTO code_note (version_id, code, seq, kind, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (seq, c) in set.codes.iter().enumerate() {
        code_stmt.execute(params![
            version_id,
            c.code,
            lookup_key(&c.code),
            c.kind.as_str(),
            c.billable,
            c.short_title,
            c.long_title,
            c.parent,
            seq as i64
        ])?;
        for (n, note) in c.notes.iter().enumerate() {
            note_stmt.execute(params![
                version_id,
                c.code,
                n as i64,
                note.kind.as_str(),
                note.text
            ])?;
        }
    }
    Ok(version_id)
}

const VERSION_COLUMNS: &str =
    "v.id, v.system, v.label, v.effective_from, v.effective_to, v.source, v.imported_at,
     (SELECT count(*) FROM code c WHERE c.version_id = v.id),
     (SELECT count(*) FROM code c WHERE c.version_id = v.id AND c.billable = 1)";

fn version_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CodeSetVersion> {
    let text_col = |i: usize, v: String| {
        rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, v.into())
    };
    let system: String = r.get(1)?;
    let from: String = r.get(3)?;
    let to: Option<String> = r.get(4)?;
    Ok(CodeSetVersion {
        id: r.get(0)?,
        system: system.parse().map_err(|e: String| text_col(1, e))?,
        label: r.get(2)?,
        effective_from: from.parse().map_err(|_| text_col(3, from.clone()))?,
        effective_to: to
            .map(|t| t.parse().map_err(|_| text_col(4, t.clone())))
            .transpose()?,
        source: r.get(5)?,
        imported_at: r.get(6)?,
        code_count: r.get(7)?,
        billable_count: r.get(8)?,
    })
}

/// Every installed version, by system and then newest first.
pub fn list_versions(conn: &Connection) -> rusqlite::Result<Vec<CodeSetVersion>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {VERSION_COLUMNS} FROM code_set_version v ORDER BY v.system, v.effective_from DESC"
    ))?;
    stmt.query_map([], version_from_row)?.collect()
}

/// The version of `system` valid on `date`: the newest one whose effective
/// range covers it. `None` when no installed version covers the date.
pub fn version_for_date(
    conn: &Connection,
    system: CodeSystem,
    date: NaiveDate,
) -> rusqlite::Result<Option<CodeSetVersion>> {
    conn.query_row(
        &format!(
            "SELECT {VERSION_COLUMNS} FROM code_set_version v
             WHERE v.system = ?1 AND v.effective_from <= ?2 AND (v.effective_to IS NULL OR v.effective_to >= ?2)
             ORDER BY v.effective_from DESC, v.id DESC LIMIT 1"
        ),
        params![system.as_str(), date.to_string()],
        version_from_row,
    )
    .optional()
}

/// A code as stored, without notes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredCode {
    pub version_id: i64,
    pub code: Code,
}

/// Looks `code` up in one version, accepting any case and a missing dot
/// (`e1122` finds `E11.22`).
pub fn find_code(
    conn: &Connection,
    version_id: i64,
    code: &str,
) -> rusqlite::Result<Option<StoredCode>> {
    conn.query_row(
        "SELECT code, kind, billable, short_title, long_title, parent FROM code
         WHERE lookup_key = ?1 AND version_id = ?2",
        params![lookup_key(code), version_id],
        |r| {
            let kind: String = r.get(1)?;
            Ok(StoredCode {
                version_id,
                code: Code {
                    code: r.get(0)?,
                    kind: CodeKind::parse(&kind).unwrap_or(CodeKind::Code),
                    billable: r.get(2)?,
                    short_title: r.get(3)?,
                    long_title: r.get(4)?,
                    parent: r.get(5)?,
                    notes: Vec::new(),
                },
            })
        },
    )
    .optional()
}

/// What the search index needs of one code: the title it shows, the
/// inclusion terms it also answers to ("heart attack" for I21), and whether
/// it is reportable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexableCode {
    pub code: String,
    pub kind: CodeKind,
    pub billable: bool,
    pub title: String,
    /// Inclusion terms written on the code itself.
    pub terms: Vec<String>,
}

/// Every entry of one version in file order, with its inclusion terms, in
/// one pass over each table (two queries, merged in memory).
pub fn indexable_codes(conn: &Connection, version_id: i64) -> rusqlite::Result<Vec<IndexableCode>> {
    let mut codes = Vec::new();
    let mut position = std::collections::HashMap::new();
    let mut stmt = conn.prepare(
        "SELECT code, kind, billable, long_title FROM code WHERE version_id = ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([version_id])?;
    while let Some(r) = rows.next()? {
        let code: String = r.get(0)?;
        let kind: String = r.get(1)?;
        position.insert(code.clone(), codes.len());
        codes.push(IndexableCode {
            code,
            kind: CodeKind::parse(&kind).unwrap_or(CodeKind::Code),
            billable: r.get(2)?,
            title: r.get(3)?,
            terms: Vec::new(),
        });
    }
    let mut stmt = conn.prepare(
        "SELECT code, text FROM code_note WHERE version_id = ?1 AND kind = 'inclusion' ORDER BY code, seq",
    )?;
    let mut rows = stmt.query([version_id])?;
    while let Some(r) = rows.next()? {
        let code: String = r.get(0)?;
        if let Some(&i) = position.get(&code) {
            codes[i].terms.push(r.get(1)?);
        }
    }
    Ok(codes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::Store;

    fn code(code: &str, billable: bool) -> Code {
        Code {
            code: code.into(),
            kind: if billable {
                CodeKind::Code
            } else {
                CodeKind::Category
            },
            billable,
            short_title: None,
            long_title: format!("title of {code}"),
            parent: None,
            notes: vec![],
        }
    }

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn date_picks_the_version_and_codes_are_found_without_dot() {
        let mut store = Store::open_in_memory().unwrap();
        let set = CodeSet {
            codes: vec![code("E11.2", false), code("E11.22", true)],
        };
        for (label, from, to) in [
            ("FY2025", "2024-10-01", "2025-09-30"),
            ("FY2026", "2025-10-01", "2026-09-30"),
        ] {
            let spec = VersionSpec {
                system: CodeSystem::Icd10Cm,
                label: label.into(),
                effective_from: d(from),
                effective_to: Some(d(to)),
                source: "test".into(),
            };
            store
                .write(|tx| {
                    insert_code_set(tx, &spec, &set).map_err(crate::store::StoreError::from)
                })
                .unwrap();
        }
        let conn = store.conn();
        let v = version_for_date(conn, CodeSystem::Icd10Cm, d("2026-01-15"))
            .unwrap()
            .unwrap();
        assert_eq!(v.label, "FY2026");
        assert_eq!((v.code_count, v.billable_count), (2, 1));
        assert!(
            version_for_date(conn, CodeSystem::Icd10Cm, d("2030-01-01"))
                .unwrap()
                .is_none()
        );
        assert!(
            version_for_date(conn, CodeSystem::Hcpcs, d("2026-01-15"))
                .unwrap()
                .is_none()
        );
        let found = find_code(conn, v.id, "e1122").unwrap().unwrap();
        assert_eq!(found.code.code, "E11.22");
        assert!(found.code.billable);
        assert_eq!(list_versions(conn).unwrap().len(), 2);
        let entries = indexable_codes(conn, v.id).unwrap();
        assert_eq!(
            entries.iter().map(|e| e.code.as_str()).collect::<Vec<_>>(),
            ["E11.2", "E11.22"]
        );
    }
}
