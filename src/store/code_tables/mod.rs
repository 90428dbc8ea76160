//! Code-set versions and their codes in SQLite: writing a parsed [`CodeSet`]
//! as one version, and the lookups the queue and search need (which version
//! covers a date of service, does a code exist in it).
//!
//! Here: versions (writing one, finding the one for a date). `codes.rs`:
//! codes by version and date. `index_terms.rs`: what the search index
//! reads and the index files' terms. `detail.rs`: a code's detail. `index_tree.rs`: the Alphabetic Index tree. `notes.rs`: a version's entries with the
//! notes the tabular edits read.

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use crate::domain::codes::{BorrowedNotes, CodeSet, CodeSetVersion, CodeSystem, lookup_key};

mod codes;
mod detail;
mod index_terms;
mod index_tree;
mod notes;
mod poa_lists;

pub use codes::{StoredCode, billable_titles, find_code, find_code_on, version_code_set};
pub use detail::{
    Ancestor, CodeDetail, DetailNote, EntryNote, SeventhCharacter, assemble_detail, code_detail,
};
pub use index_terms::{AttachedTerms, IndexableCode, indexable_codes, replace_index_terms};
pub use index_tree::{index_code_status, index_tree, replace_index_tree};
pub use notes::{EDIT_NOTE_KINDS, tabular_entries};
pub use poa_lists::{poa_exempt_list, replace_poa_exempt_list};

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
    insert_code_set_borrowing(tx, spec, set, None)
}

/// Like [`insert_code_set`], for a set whose notes were copied from other
/// releases (a CMS codes file has none): each note row records the release
/// it came from and the version records that it borrows (`notes_from`).
pub fn insert_code_set_borrowing(
    tx: &Transaction<'_>,
    spec: &VersionSpec,
    set: &CodeSet,
    borrowed: Option<&BorrowedNotes>,
) -> rusqlite::Result<i64> {
    tx.execute(
        "DELETE FROM code_set_version WHERE system = ?1 AND label = ?2",
        params![spec.system.as_str(), spec.label],
    )?;
    tx.execute(
        "INSERT INTO code_set_version (system, label, effective_from, effective_to, source, imported_at, notes_from)
         VALUES (?1, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?6)",
        params![
            spec.system.as_str(),
            spec.label,
            spec.effective_from.to_string(),
            spec.effective_to.map(|d| d.to_string()),
            spec.source,
            borrowed.and_then(BorrowedNotes::summary)
        ],
    )?;
    let version_id = tx.last_insert_rowid();
    // A release is tens of megabytes of pages: a cache that holds them
    // all keeps SQLite from spilling half-built pages to the WAL and
    // writing them again (about a third of the seeding time).
    let cache: i64 = tx.query_row("PRAGMA cache_size", [], |r| r.get(0))?;
    tx.execute_batch("PRAGMA cache_size = -65536")?;
    let inserted = insert_codes(tx, version_id, set, borrowed);
    tx.execute_batch(&format!("PRAGMA cache_size = {cache}"))?;
    inserted?;
    let billable = set.codes.iter().filter(|c| c.billable).count();
    tx.execute(
        "UPDATE code_set_version SET code_count = ?2, billable_count = ?3 WHERE id = ?1",
        params![version_id, set.codes.len() as i64, billable as i64],
    )?;
    Ok(version_id)
}

fn insert_codes(
    tx: &Transaction<'_>,
    version_id: i64,
    set: &CodeSet,
    borrowed: Option<&BorrowedNotes>,
) -> rusqlite::Result<()> {
    let mut code_stmt = tx.prepare(
        "INSERT INTO code (version_id, code, lookup_key, kind, billable, short_title, long_title, parent, valid_until, seq)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    let mut note_stmt = tx.prepare(
        "INSERT INTO code_note (version_id, code, seq, kind, text, borrowed_from)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    // Rows go in in primary-key (code) order: appended to the B-trees
    // rather than scattered over them, which is faster and leaves the
    // pages full. `seq` keeps the file's order.
    let mut order: Vec<usize> = (0..set.codes.len()).collect();
    order.sort_unstable_by(|&a, &b| set.codes[a].code.cmp(&set.codes[b].code));
    for seq in order {
        let c = &set.codes[seq];
        let from = borrowed.and_then(|b| b.label(seq));
        code_stmt.execute(params![
            version_id,
            c.code,
            lookup_key(&c.code),
            c.kind.as_str(),
            c.billable,
            c.short_title,
            c.long_title,
            c.parent,
            c.valid_until.map(|d| d.to_string()),
            seq as i64
        ])?;
        for (n, note) in c.notes.iter().enumerate() {
            note_stmt.execute(params![
                version_id,
                c.code,
                n as i64,
                note.kind.as_str(),
                note.text,
                from
            ])?;
        }
    }
    Ok(())
}

const VERSION_COLUMNS: &str =
    "v.id, v.system, v.label, v.effective_from, v.effective_to, v.source, v.imported_at,
     v.code_count, v.billable_count, v.notes_from";

/// The order [`CodeSetVersion::precedence`] gives, newest first, in SQL.
const NEWEST_FIRST: &str =
    "v.effective_from DESC, (substr(v.source, 1, 8) = 'bundled:') ASC, v.id DESC";

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
        notes_from: r.get(9)?,
    })
}

/// Whether any version of `system` is installed.
pub fn has_version(conn: &Connection, system: CodeSystem) -> rusqlite::Result<bool> {
    conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM code_set_version WHERE system = ?1)",
        [system.as_str()],
        |r| r.get(0),
    )
}

/// Every installed version, by system and then newest first (in
/// [`CodeSetVersion::precedence`] order: on the same start date a site's
/// own import before a bundled version).
pub fn list_versions(conn: &Connection) -> rusqlite::Result<Vec<CodeSetVersion>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {VERSION_COLUMNS} FROM code_set_version v ORDER BY v.system, {NEWEST_FIRST}"
    ))?;
    stmt.query_map([], version_from_row)?.collect()
}

/// The version of `system` valid on `date`: the newest one whose effective
/// range covers it. Of two starting the same day, a site's own import wins
/// over a bundled version (a site that imports the CDC tabular XML for a
/// fiscal year under a label of its own keeps coding with it, its notes
/// included); see [`CodeSetVersion::precedence`]. `None` when no installed
/// version covers the date.
pub fn version_for_date(
    conn: &Connection,
    system: CodeSystem,
    date: NaiveDate,
) -> rusqlite::Result<Option<CodeSetVersion>> {
    conn.query_row(
        &format!(
            "SELECT {VERSION_COLUMNS} FROM code_set_version v
             WHERE v.system = ?1 AND v.effective_from <= ?2 AND (v.effective_to IS NULL OR v.effective_to >= ?2)
             ORDER BY {NEWEST_FIRST} LIMIT 1"
        ),
        params![system.as_str(), date.to_string()],
        version_from_row,
    )
    .optional()
}

/// The newest version of `system` that starts before `date` (in
/// [`CodeSetVersion::precedence`] order), optionally only one read from a
/// tabular list: one with chapters and its own notes.
pub fn version_before(
    conn: &Connection,
    system: CodeSystem,
    date: NaiveDate,
    tabular_only: bool,
) -> rusqlite::Result<Option<CodeSetVersion>> {
    let tabular = if tabular_only {
        "AND v.notes_from IS NULL
         AND EXISTS (SELECT 1 FROM code c WHERE c.version_id = v.id AND c.kind = 'chapter')"
    } else {
        ""
    };
    conn.query_row(
        &format!(
            "SELECT {VERSION_COLUMNS} FROM code_set_version v
             WHERE v.system = ?1 AND v.effective_from < ?2 {tabular}
             ORDER BY {NEWEST_FIRST} LIMIT 1"
        ),
        params![system.as_str(), date.to_string()],
        version_from_row,
    )
    .optional()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::{Code, CodeKind, NoteKind};
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
            valid_until: None,
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

    fn store_with(set: &CodeSet, system: CodeSystem) -> (Store, CodeSetVersion) {
        let mut store = Store::open_in_memory().unwrap();
        let spec = VersionSpec {
            system,
            label: "test".into(),
            effective_from: d("2019-01-01"),
            effective_to: None,
            source: "test".into(),
        };
        store
            .write(|tx| insert_code_set(tx, &spec, set).map_err(crate::store::StoreError::from))
            .unwrap();
        let v = list_versions(store.conn()).unwrap().remove(0);
        (store, v)
    }

    #[test]
    fn index_terms_reach_every_code_under_the_one_named_and_are_replaced_whole() {
        let set = CodeSet {
            codes: vec![
                code("T39.1X1", false),
                code("T39.1X1A", true),
                code("T39.1X1D", true),
                code("T39.1X2A", true),
            ],
        };
        let (mut store, v) = store_with(&set, CodeSystem::Icd10Cm);
        let attach = |store: &mut Store, terms: &[(&str, &str)]| {
            store
                .write(|tx| {
                    replace_index_terms(tx, v.id, "drug", terms.iter().copied())
                        .map_err(crate::store::StoreError::from)
                })
                .unwrap()
        };
        let done = attach(
            &mut store,
            &[
                (
                    "T39.1X1",
                    "Acetaminophen, Poisoning Accidental (unintentional)",
                ),
                ("t39.1x2", "Acetaminophen, Poisoning Intentional self-harm"),
                ("T99.9", "Nothing in this version"),
            ],
        );
        assert_eq!(
            done,
            AttachedTerms {
                terms: 4,
                codes: 4,
                unmatched: vec!["T99.9".into()],
            }
        );
        let terms_of = |store: &Store, code: &str| -> Vec<String> {
            indexable_codes(store.conn(), v.id)
                .unwrap()
                .into_iter()
                .find(|c| c.code == code)
                .unwrap()
                .terms
        };
        assert_eq!(
            terms_of(&store, "T39.1X1D"),
            ["Acetaminophen, Poisoning Accidental (unintentional)"]
        );
        // Importing the table again replaces its terms.
        attach(&mut store, &[("T39.1X1A", "Paracetamol, Adverse effect")]);
        assert_eq!(
            terms_of(&store, "T39.1X1A"),
            ["Paracetamol, Adverse effect"]
        );
        assert!(terms_of(&store, "T39.1X1D").is_empty());
    }

    #[test]
    fn detail_walks_the_hierarchy_and_marks_inherited_notes() {
        let xml = include_bytes!("../../../tests/fixtures/codes/icd10cm_mini.xml").to_vec();
        let src = crate::ingest::source::Source::from_bytes("mini.xml", xml);
        let set = crate::ingest::icd10cm::parse(&src).unwrap().set;
        let (store, v) = store_with(&set, CodeSystem::Icd10Cm);
        let d = code_detail(store.conn(), &v, "e1122").unwrap().unwrap();
        assert_eq!(
            (d.code.as_str(), d.billable, d.kind),
            ("E11.22", true, CodeKind::Code)
        );
        let path: Vec<&str> = d.hierarchy.iter().map(|a| a.code.as_str()).collect();
        assert_eq!(path, ["4", "E08-E13", "E11", "E11.2"]);
        assert_eq!(d.notes[0].kind, NoteKind::UseAdditionalCode);
        assert_eq!(d.notes[0].inherited_from, None);
        assert!(
            d.notes[1..]
                .iter()
                .all(|n| n.inherited_from.as_deref() == Some("E11"))
        );
        assert_eq!(d.notes.len(), 8);
        assert!(d.seventh_characters.is_empty());

        let d = code_detail(store.conn(), &v, "T36.0X1D").unwrap().unwrap();
        assert_eq!(d.seventh_characters_from.as_deref(), Some("T36"));
        let chars: Vec<&str> = d
            .seventh_characters
            .iter()
            .map(|c| c.character.as_str())
            .collect();
        assert_eq!(chars, ["A", "D", "S"]);
        assert_eq!(d.hierarchy.last().unwrap().code, "T36.0X1");
        // The definitions are options, not notes.
        assert!(d.notes.iter().all(|n| n.kind != NoteKind::SeventhCharacter));
        assert!(code_detail(store.conn(), &v, "T36.0X1Z").unwrap().is_none());
    }

    #[test]
    fn terminated_codes_keep_their_date_and_are_refused_after_it() {
        let mut old = code("G0001", true);
        old.valid_until = Some(d("2012-12-31"));
        let set = CodeSet {
            codes: vec![old, code("E0601", true)],
        };
        let (store, v) = store_with(&set, CodeSystem::Hcpcs);
        let conn = store.conn();
        // The index gets every code with its date and filters per search.
        let until: Vec<(String, Option<NaiveDate>)> = indexable_codes(conn, v.id)
            .unwrap()
            .into_iter()
            .map(|c| (c.code, c.valid_until))
            .collect();
        assert_eq!(
            until,
            [
                ("G0001".to_owned(), Some(d("2012-12-31"))),
                ("E0601".to_owned(), None)
            ]
        );
        assert!(
            find_code_on(conn, v.id, "g0001", d("2012-06-01"))
                .unwrap()
                .is_some()
        );
        assert!(
            find_code_on(conn, v.id, "g0001", d("2019-06-01"))
                .unwrap()
                .is_none()
        );
        let stored = find_code(conn, v.id, "G0001").unwrap().unwrap();
        assert_eq!(stored.code.valid_until, Some(d("2012-12-31")));
    }
}
