//! What the search index reads of a version (titles, inclusion terms,
//! termination dates) and the terms the Alphabetic Index files attach to
//! its codes.

use chrono::NaiveDate;
use rusqlite::{Connection, Transaction, params};

use crate::domain::codes::{CodeKind, lookup_key};

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

#[cfg(test)]
impl IndexableCode {
    /// A billable code with only a title, for search tests that build an
    /// index from a few codes.
    pub(crate) fn billable(code: &str, title: &str) -> IndexableCode {
        IndexableCode {
            code: code.into(),
            kind: CodeKind::Code,
            billable: true,
            title: title.into(),
            terms: Vec::new(),
            valid_until: None,
        }
    }
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

pub(super) fn index_terms_of(
    conn: &Connection,
    version_id: i64,
    code: &str,
) -> rusqlite::Result<Vec<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT text FROM index_term WHERE version_id = ?1 AND code = ?2 ORDER BY source, text",
    )?;
    let terms = stmt.query_map(params![version_id, code], |r| r.get(0))?;
    terms.collect()
}
