//! Code-set versions and their codes in SQLite: writing a parsed [`CodeSet`]
//! as one version, and the lookups the queue and search need (which version
//! covers a date of service, does a code exist in it).

use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension, Transaction, params};

use serde::Serialize;

use crate::domain::codes::{
    BorrowedNotes, Code, CodeKind, CodeSet, CodeSetVersion, CodeSystem, Note, NoteKind, lookup_key,
};

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
fn exact_code(conn: &Connection, version_id: i64, code: &str) -> rusqlite::Result<Option<Code>> {
    conn.prepare_cached(&format!(
        "SELECT {CODE_COLUMNS} FROM code WHERE version_id = ?1 AND code = ?2"
    ))?
    .query_row(params![version_id, code], code_from_row)
    .optional()
}

/// A note as stored, with the release it was copied from when borrowed.
type StoredNote = (Note, Option<String>);

fn notes_of(conn: &Connection, version_id: i64, code: &str) -> rusqlite::Result<Vec<StoredNote>> {
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

/// What the search index needs of one code: the title it shows, the
/// inclusion terms it also answers to ("heart attack" for I21), and whether
/// it is reportable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexableCode {
    pub code: String,
    pub kind: CodeKind,
    pub billable: bool,
    pub title: String,
    /// Inclusion terms and "Includes" notes written on the code itself
    /// (I21 "Acute myocardial infarction" includes "cardiac infarction").
    pub terms: Vec<String>,
    /// Last valid date of service (HCPCS termination); `None` = the whole
    /// version.
    pub valid_until: Option<NaiveDate>,
}

/// Every entry of one version in file order, with its inclusion terms and
/// termination date, in one pass over each table (two queries, merged in
/// memory). Terminated codes are included: the search index leaves them out
/// per date of service, so one index (and its cached snapshot) serves every
/// date the version covers.
pub fn indexable_codes(conn: &Connection, version_id: i64) -> rusqlite::Result<Vec<IndexableCode>> {
    // The queries walk their primary keys in code order (no sort in
    // SQLite, no hash map here): notes and index terms are merged into the
    // codes in one pass each, then the codes are put back in file order.
    let mut codes: Vec<(i64, IndexableCode)> = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT code, kind, billable, long_title, seq, valid_until FROM code
         WHERE version_id = ?1 ORDER BY code",
    )?;
    let mut rows = stmt.query([version_id])?;
    while let Some(r) = rows.next()? {
        let kind: String = r.get(1)?;
        let valid_until: Option<String> = r.get(5)?;
        codes.push((
            r.get(4)?,
            IndexableCode {
                code: r.get(0)?,
                kind: CodeKind::parse(&kind).unwrap_or(CodeKind::Code),
                billable: r.get(2)?,
                title: r.get(3)?,
                terms: Vec::new(),
                valid_until: valid_until.and_then(|d| d.parse().ok()),
            },
        ));
    }
    append_terms(
        conn,
        version_id,
        "SELECT code, text FROM code_note WHERE version_id = ?1 AND kind IN ('inclusion', 'includes')
         ORDER BY code, seq",
        &mut codes,
    )?;
    // Terms from the index files, after the code's own inclusion terms.
    append_terms(
        conn,
        version_id,
        "SELECT code, text FROM index_term WHERE version_id = ?1 ORDER BY code, source, text",
        &mut codes,
    )?;
    codes.sort_unstable_by_key(|(seq, _)| *seq);
    Ok(codes.into_iter().map(|(_, entry)| entry).collect())
}

/// What attaching index terms to a version did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttachedTerms {
    /// (code, term) pairs stored.
    pub terms: usize,
    /// Distinct codes of the version that received a term.
    pub codes: usize,
    /// Codes the index names that this version does not have (an index
    /// from another fiscal year, a code since deleted), sorted.
    pub unmatched: Vec<String>,
}

/// Replaces the terms one index table (`source`: "drug", "neoplasm",
/// "external_cause", "disease") gives the codes of a version. Each `(code, text)`
/// goes to every entry of the version whose lookup key starts with the
/// code's: an index points at `T39.1X1` and the codes reported are
/// `T39.1X1A`/`D`/`S`.
pub fn replace_index_terms<'t>(
    tx: &Transaction<'_>,
    version_id: i64,
    source: &str,
    terms: impl IntoIterator<Item = (&'t str, &'t str)>,
) -> rusqlite::Result<AttachedTerms> {
    tx.execute(
        "DELETE FROM index_term WHERE version_id = ?1 AND source = ?2",
        params![version_id, source],
    )?;
    let mut keys: Vec<(String, String)> = Vec::new();
    let mut stmt =
        tx.prepare("SELECT lookup_key, code FROM code WHERE version_id = ?1 ORDER BY lookup_key")?;
    let mut rows = stmt.query([version_id])?;
    while let Some(r) = rows.next()? {
        keys.push((r.get(0)?, r.get(1)?));
    }
    let mut insert = tx.prepare(
        "INSERT OR IGNORE INTO index_term (version_id, code, source, text) VALUES (?1, ?2, ?3, ?4)",
    )?;
    let mut stored = 0;
    let mut reached = std::collections::HashSet::new();
    let mut unmatched = std::collections::BTreeSet::new();
    for (code, text) in terms {
        let key = lookup_key(code);
        let from = keys.partition_point(|(k, _)| k.as_str() < key.as_str());
        let matching = keys[from..]
            .iter()
            .take_while(|(k, _)| k.starts_with(key.as_str()));
        let mut any = false;
        for (_, target) in matching {
            any = true;
            stored += insert.execute(params![version_id, target, source, text])?;
            reached.insert(target.as_str());
        }
        if !any {
            unmatched.insert(code.to_owned());
        }
    }
    Ok(AttachedTerms {
        terms: stored,
        codes: reached.len(),
        unmatched: unmatched.into_iter().collect(),
    })
}

/// Appends to each of `codes` (sorted by code) the texts `sql` returns for
/// it as `(code, text)` rows in code order: one pass, no hash map.
fn append_terms(
    conn: &Connection,
    version_id: i64,
    sql: &str,
    codes: &mut [(i64, IndexableCode)],
) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare(sql)?;
    let mut rows = stmt.query([version_id])?;
    let mut at = 0;
    while let Some(r) = rows.next()? {
        let code = r.get_ref(0)?.as_str()?;
        while at < codes.len() && codes[at].1.code.as_str() < code {
            at += 1;
        }
        if let Some((_, entry)) = codes.get_mut(at).filter(|(_, e)| e.code == code) {
            entry.terms.push(r.get(1)?);
        }
    }
    Ok(())
}

/// Everything a coder reads about one code: the code detail pane of the
/// TUI and `chartq code show` both print this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeDetail {
    pub system: CodeSystem,
    pub version: String,
    pub code: String,
    pub kind: CodeKind,
    pub billable: bool,
    pub title: String,
    pub short_title: Option<String>,
    /// Last valid date of service, when the release terminates the code.
    pub valid_until: Option<NaiveDate>,
    /// The releases the version's notes were copied from (`FY2026`), when
    /// its own file has none (a CMS codes file); `None`: its own notes.
    pub notes_borrowed_from: Option<String>,
    /// Ancestors from the top (chapter) down to the parent.
    pub hierarchy: Vec<Ancestor>,
    /// The code's own notes first, then each ancestor's, nearest first.
    pub notes: Vec<DetailNote>,
    /// The 7th characters that apply to the code, from the nearest entry
    /// (itself or an ancestor) that defines them.
    pub seventh_characters: Vec<SeventhCharacter>,
    /// Which entry defines `seventh_characters`.
    pub seventh_characters_from: Option<String>,
    /// Index-file entries that lead to this code ("Acetaminophen,
    /// Poisoning Accidental (unintentional)"): why search found it.
    pub index_terms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ancestor {
    pub code: String,
    pub kind: CodeKind,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetailNote {
    pub kind: NoteKind,
    pub text: String,
    /// `None` for the code's own notes; the ancestor's code for notes that
    /// apply because an ancestor carries them.
    pub inherited_from: Option<String>,
    /// The release (version label) the note was copied from, on a version
    /// whose file has no notes; `None` for a note of the version's own file.
    pub borrowed_from: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeventhCharacter {
    pub character: String,
    pub meaning: String,
}

/// The detail of `code` (any case, dot optional) in `version`, or `None`
/// when the version has no such code.
pub fn code_detail(
    conn: &Connection,
    version: &CodeSetVersion,
    code: &str,
) -> rusqlite::Result<Option<CodeDetail>> {
    let Some(found) = find_code(conn, version.id, code)? else {
        return Ok(None);
    };
    let mut chain = vec![found.code.clone()];
    // Parents always exist in a well-formed set; the depth bound guards
    // against a cycle in a hand-edited database.
    while let Some(parent) = chain.last().and_then(|c| c.parent.clone()) {
        match exact_code(conn, version.id, &parent)? {
            Some(p) if chain.len() < 16 => chain.push(p),
            _ => break,
        }
    }
    let mut notes = Vec::new();
    let mut seventh = None;
    for (depth, entry) in chain.iter().enumerate() {
        let inherited_from = (depth > 0).then(|| entry.code.clone());
        let mut defs = Vec::new();
        for (note, borrowed_from) in notes_of(conn, version.id, &entry.code)? {
            if note.kind == NoteKind::SeventhCharacter {
                let (c, meaning) = note.text.split_once(": ").unwrap_or(("", &note.text));
                defs.push(SeventhCharacter {
                    character: c.to_string(),
                    meaning: meaning.to_string(),
                });
            } else {
                notes.push(DetailNote {
                    kind: note.kind,
                    text: note.text,
                    inherited_from: inherited_from.clone(),
                    borrowed_from,
                });
            }
        }
        if seventh.is_none() && !defs.is_empty() {
            seventh = Some((entry.code.clone(), defs));
        }
    }
    let me = chain.remove(0);
    let index_terms = index_terms_of(conn, version.id, &me.code)?;
    let (seventh_characters_from, seventh_characters) = match seventh {
        Some((from, defs)) => (Some(from), defs),
        None => (None, Vec::new()),
    };
    Ok(Some(CodeDetail {
        system: version.system,
        version: version.label.clone(),
        code: me.code,
        kind: me.kind,
        billable: me.billable,
        title: me.long_title,
        short_title: me.short_title,
        valid_until: me.valid_until,
        notes_borrowed_from: version.notes_from.clone(),
        hierarchy: chain
            .into_iter()
            .rev()
            .map(|a| Ancestor {
                code: a.code,
                kind: a.kind,
                title: a.long_title,
            })
            .collect(),
        notes,
        seventh_characters,
        seventh_characters_from,
        index_terms,
    }))
}

fn index_terms_of(conn: &Connection, version_id: i64, code: &str) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT text FROM index_term WHERE version_id = ?1 AND code = ?2 ORDER BY source, text",
    )?;
    let terms = stmt.query_map(params![version_id, code], |r| r.get(0))?;
    terms.collect()
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
        let xml = include_bytes!("../../tests/fixtures/codes/icd10cm_mini.xml").to_vec();
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
