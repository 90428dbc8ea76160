//! The Alphabetic Index tree of a version in SQLite (`index_node`,
//! `index_tree`): written whole by an index import, read whole by the
//! index browser and `chartq index`, and the check of an index code
//! against the version's Tabular List.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

use super::codes::find_code;
use crate::domain::codes::lookup_key;
use crate::domain::index_tree::{
    CATEGORY_CODES_SHOWN, IndexCode, IndexCodeKind, IndexCodeStatus, IndexNode, IndexTree, NodeId,
};

/// Replaces the tree of `version_id` with `tree` (in the caller's
/// transaction, so a failed import keeps the old one). Returns the terms
/// stored.
pub fn replace_index_tree(
    tx: &Transaction<'_>,
    version_id: i64,
    tree: &IndexTree,
) -> rusqlite::Result<usize> {
    tx.execute("DELETE FROM index_node WHERE version_id = ?1", [version_id])?;
    tx.execute(
        "INSERT OR REPLACE INTO index_tree (version_id, fiscal_year) VALUES (?1, ?2)",
        params![version_id, tree.fiscal_year],
    )?;
    let mut insert = tx.prepare(
        "INSERT INTO index_node (version_id, seq, parent_seq, title, nemod, code, code_kind,
             incomplete, manifestation, see, see_also)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    for (seq, n) in tree.nodes.iter().enumerate() {
        insert.execute(params![
            version_id,
            seq as i64,
            n.parent.map(|p| p.0 as i64),
            n.title,
            n.nemod,
            n.code.as_ref().map(|c| c.code.as_str()),
            n.code.as_ref().map(|c| c.kind.as_str()),
            n.code.as_ref().is_some_and(|c| c.incomplete),
            n.manifestation,
            n.see,
            n.see_also,
        ])?;
    }
    Ok(tree.nodes.len())
}

/// The tree of `version_id`, or `None` when no Index to Diseases was
/// imported for it. Rows come in preorder; a row whose `seq` is not the
/// next one (a damaged table) makes the stored parents meaningless, so
/// parents are mapped from `seq` to position.
pub fn index_tree(conn: &Connection, version_id: i64) -> rusqlite::Result<Option<IndexTree>> {
    let fiscal_year: Option<Option<i32>> = conn
        .query_row(
            "SELECT fiscal_year FROM index_tree WHERE version_id = ?1",
            [version_id],
            |r| r.get(0),
        )
        .optional()?;
    let Some(fiscal_year) = fiscal_year else {
        return Ok(None);
    };
    let mut stmt = conn.prepare(
        "SELECT seq, parent_seq, title, nemod, code, code_kind, incomplete, manifestation, see,
                see_also
         FROM index_node WHERE version_id = ?1 ORDER BY seq",
    )?;
    let mut rows = stmt.query([version_id])?;
    let mut nodes = Vec::new();
    let mut position = std::collections::HashMap::new();
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get(0)?;
        let parent: Option<i64> = r.get(1)?;
        let code: Option<String> = r.get(4)?;
        let kind: Option<String> = r.get(5)?;
        let parent_at: Option<usize> = parent.and_then(|p| position.get(&p).copied());
        let depth = parent_at
            .and_then(|at| nodes.get(at))
            .map_or(0, |n: &IndexNode| n.depth.saturating_add(1));
        position.insert(seq, nodes.len());
        nodes.push(IndexNode {
            parent: parent_at.map(|at| NodeId(at as u32)),
            depth,
            title: r.get(2)?,
            nemod: r.get(3)?,
            code: code.map(|code| IndexCode {
                code,
                kind: kind
                    .and_then(|k| IndexCodeKind::parse(&k))
                    .unwrap_or(IndexCodeKind::Code),
                incomplete: r.get(6).unwrap_or(false),
            }),
            manifestation: r.get(7)?,
            see: r.get(8)?,
            see_also: r.get(9)?,
            children: Vec::new(),
        });
    }
    Ok(Some(IndexTree::from_nodes(fiscal_year, nodes)))
}

/// What `code` (as the index prints it) is in `version_id`: reportable, a
/// category with the reportable codes below it, or not there.
pub fn index_code_status(
    conn: &Connection,
    version_id: i64,
    code: &str,
) -> rusqlite::Result<IndexCodeStatus> {
    let Some(found) = find_code(conn, version_id, code)? else {
        return Ok(IndexCodeStatus::NotInVersion);
    };
    if found.code.billable {
        return Ok(IndexCodeStatus::Reportable);
    }
    let key = lookup_key(code);
    let mut stmt = conn.prepare_cached(
        "SELECT code FROM code WHERE version_id = ?1 AND lookup_key > ?2 AND lookup_key < ?3
             AND billable = 1 ORDER BY lookup_key",
    )?;
    let below: Vec<String> = stmt
        .query_map(params![version_id, key, format!("{key}~")], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let more = below.len().saturating_sub(CATEGORY_CODES_SHOWN);
    Ok(IndexCodeStatus::Category {
        codes: below.into_iter().take(CATEGORY_CODES_SHOWN).collect(),
        more,
    })
}
