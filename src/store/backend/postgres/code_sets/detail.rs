//! The code-set reads a coder makes one code or one term at a time on
//! PostgreSQL: a code's detail (`chartq code show`, the TUI's code detail)
//! and the Alphabetic Index tree with the Tabular check of its codes
//! (`chartq index`, the index browser). Plain SELECTs: code sets are no
//! patient data and every chartq role reads them. The same answers as
//! SQLite's `code_tables::{detail, index_tree}`; text is ordered with the
//! "C" collation there, as SQLite's binary order.

use super::*;
use crate::domain::codes::{CodeKind, NoteKind, lookup_key};
use crate::domain::index_tree::{
    CATEGORY_CODES_SHOWN, IndexCode, IndexCodeKind, IndexNode, NodeId,
};
use crate::store::code_tables::{EntryNote, assemble_detail};

const CODE_COLUMNS: &str = "code, kind, billable, short_title, long_title, parent, valid_until";

fn code_from_row(r: &postgres::Row) -> Code {
    Code {
        code: r.get(0),
        kind: CodeKind::parse(r.get(1)).unwrap_or(CodeKind::Code),
        billable: r.get(2),
        short_title: r.get(3),
        long_title: r.get(4),
        parent: r.get(5),
        notes: Vec::new(),
        valid_until: r.get(6),
    }
}

/// `code` (any case, dot optional) in `version_id`, as SQLite's `find_code`.
fn find_code(client: &mut Client, version_id: i64, code: &str) -> Result<Option<Code>, WorkError> {
    let sql =
        format!("SELECT {CODE_COLUMNS} FROM chartq.code WHERE lookup_key = $1 AND version_id = $2");
    Ok(client
        .query_opt(&sql, &[&lookup_key(code), &version_id])
        .map_err(pg_error)?
        .map(|r| code_from_row(&r)))
}

/// One entry exactly as written (a parent link).
fn exact_code(client: &mut Client, version_id: i64, code: &str) -> Result<Option<Code>, WorkError> {
    let sql = format!("SELECT {CODE_COLUMNS} FROM chartq.code WHERE version_id = $1 AND code = $2");
    Ok(client
        .query_opt(&sql, &[&version_id, &code])
        .map_err(pg_error)?
        .map(|r| code_from_row(&r)))
}

/// An entry's notes in order, each with the release it was borrowed from.
fn notes_of(client: &mut Client, version_id: i64, code: &str) -> Result<Vec<EntryNote>, WorkError> {
    let rows = client
        .query(
            "SELECT kind, text, borrowed_from FROM chartq.code_note
              WHERE version_id = $1 AND code = $2 ORDER BY seq",
            &[&version_id, &code],
        )
        .map_err(pg_error)?;
    Ok(rows
        .iter()
        .filter_map(|r| NoteKind::parse(r.get(0)).map(|k| (k, r.get(1), r.get(2))))
        .collect())
}

/// `Backend::code_detail` on PostgreSQL: as SQLite's
/// `code_tables::code_detail` (the hierarchy up to the chapter, own and
/// inherited notes, the nearest 7th characters, the index terms).
pub fn code_detail(
    pg: &Postgres,
    version: &CodeSetVersion,
    code: &str,
) -> Result<Option<CodeDetail>, WorkError> {
    let mut client = pg.client();
    let Some(found) = find_code(&mut client, version.id, code)? else {
        return Ok(None);
    };
    let mut chain = vec![found];
    // The depth bound guards against a cycle in a hand-edited database.
    while let Some(parent) = chain.last().and_then(|c| c.parent.clone()) {
        match exact_code(&mut client, version.id, &parent)? {
            Some(p) if chain.len() < 16 => chain.push(p),
            _ => break,
        }
    }
    let mut entry_notes = Vec::with_capacity(chain.len());
    for entry in &chain {
        entry_notes.push(notes_of(&mut client, version.id, &entry.code)?);
    }
    let index_terms = client
        .query(
            "SELECT text FROM chartq.index_term WHERE version_id = $1 AND code = $2
              ORDER BY source COLLATE \"C\", text COLLATE \"C\"",
            &[&version.id, &chain[0].code],
        )
        .map_err(pg_error)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    Ok(Some(assemble_detail(
        version,
        chain,
        entry_notes,
        index_terms,
    )))
}

/// `Backend::index_tree` on PostgreSQL: the stored tree of `version`, or
/// `None` when no Index to Diseases was imported for it. Parents are mapped
/// from `seq` to position, as on SQLite (a gap makes stored parents
/// meaningless otherwise).
pub fn index_tree(pg: &Postgres, version: &CodeSetVersion) -> Result<Option<IndexTree>, WorkError> {
    let mut client = pg.client();
    let Some(head) = client
        .query_opt(
            "SELECT fiscal_year FROM chartq.index_tree WHERE version_id = $1",
            &[&version.id],
        )
        .map_err(pg_error)?
    else {
        return Ok(None);
    };
    let fiscal_year: Option<i32> = head.get(0);
    let rows = client
        .query(
            "SELECT seq, parent_seq, title, nemod, code, code_kind, incomplete, manifestation,
                    see, see_also
               FROM chartq.index_node WHERE version_id = $1 ORDER BY seq",
            &[&version.id],
        )
        .map_err(pg_error)?;
    let mut nodes: Vec<IndexNode> = Vec::with_capacity(rows.len());
    let mut position = HashMap::new();
    for r in &rows {
        let seq: i32 = r.get(0);
        let parent: Option<i32> = r.get(1);
        let code: Option<String> = r.get(4);
        let kind: Option<&str> = r.get(5);
        let parent_at: Option<usize> = parent.and_then(|p| position.get(&p).copied());
        let depth = parent_at
            .and_then(|at| nodes.get(at))
            .map_or(0, |n| n.depth.saturating_add(1));
        position.insert(seq, nodes.len());
        nodes.push(IndexNode {
            parent: parent_at.map(|at| NodeId(at as u32)),
            depth,
            title: r.get(2),
            nemod: r.get(3),
            code: code.map(|code| IndexCode {
                code,
                kind: kind
                    .and_then(IndexCodeKind::parse)
                    .unwrap_or(IndexCodeKind::Code),
                incomplete: r.get(6),
            }),
            manifestation: r.get(7),
            see: r.get(8),
            see_also: r.get(9),
            children: Vec::new(),
        });
    }
    Ok(Some(IndexTree::from_nodes(fiscal_year, nodes)))
}

/// `Backend::index_code_status` on PostgreSQL: reportable, a category with
/// the reportable codes below it (in lookup-key order, as SQLite's), or not
/// in the version.
pub fn index_code_status(
    pg: &Postgres,
    version: &CodeSetVersion,
    code: &str,
) -> Result<IndexCodeStatus, WorkError> {
    let mut client = pg.client();
    let Some(found) = find_code(&mut client, version.id, code)? else {
        return Ok(IndexCodeStatus::NotInVersion);
    };
    if found.billable {
        return Ok(IndexCodeStatus::Reportable);
    }
    let key = lookup_key(code);
    let below: Vec<String> = client
        .query(
            "SELECT code FROM chartq.code
              WHERE version_id = $1 AND lookup_key COLLATE \"C\" > $2
                AND lookup_key COLLATE \"C\" < $3 AND billable
              ORDER BY lookup_key COLLATE \"C\"",
            &[&version.id, &key, &format!("{key}~")],
        )
        .map_err(pg_error)?
        .iter()
        .map(|r| r.get(0))
        .collect();
    let more = below.len().saturating_sub(CATEGORY_CODES_SHOWN);
    Ok(IndexCodeStatus::Category {
        codes: below.into_iter().take(CATEGORY_CODES_SHOWN).collect(),
        more,
    })
}
