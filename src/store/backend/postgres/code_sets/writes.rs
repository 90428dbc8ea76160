//! The code-set writes beyond a plain import on PostgreSQL: attaching an
//! Alphabetic Index file (`chartq codes import index`) and seeding or
//! updating the bundled versions (`chartq init` on a team database). Each
//! is one admin-only definer function of `sql/code_set_functions.sql`
//! that writes the rows and appends the audit event server-side; what
//! chartq computes first (which codes an index code reaches, the bundled
//! version's rows) is data, not trust: the function checks who calls.

use super::*;
use crate::domain::codes::lookup_key;

/// Each `(code, text)` of the index expanded to the version's codes whose
/// lookup key starts with the code's (an index names `T39.1X1`, the codes
/// reported are `T39.1X1A`/`D`/`S`), as SQLite's `replace_index_terms`:
/// the JSON rows to store, the distinct codes reached and the index codes
/// that reach none (sorted).
fn expand_terms(
    keys: &[(String, String)],
    index: &IndexFile,
) -> (serde_json::Value, usize, Vec<String>) {
    let mut rows = Vec::new();
    let mut reached = std::collections::HashSet::new();
    let mut unmatched = std::collections::BTreeSet::new();
    for e in &index.entries {
        let key = lookup_key(&e.code);
        let from = keys.partition_point(|(k, _)| k.as_str() < key.as_str());
        let mut any = false;
        for (_, target) in keys[from..]
            .iter()
            .take_while(|(k, _)| k.starts_with(key.as_str()))
        {
            any = true;
            rows.push(serde_json::json!({ "code": target, "text": e.text }));
            reached.insert(target.as_str());
        }
        if !any {
            unmatched.insert(e.code.clone());
        }
    }
    (
        serde_json::Value::Array(rows),
        reached.len(),
        unmatched.into_iter().collect(),
    )
}

/// A tree's nodes as the JSON rows `chartq.import_index_terms` takes.
fn tree_rows(tree: &IndexTree) -> serde_json::Value {
    let rows = tree
        .nodes
        .iter()
        .enumerate()
        .map(|(seq, n)| {
            serde_json::json!({
                "seq": seq, "parent_seq": n.parent.map(|p| p.0),
                "title": n.title, "nemod": n.nemod,
                "code": n.code.as_ref().map(|c| c.code.as_str()),
                "code_kind": n.code.as_ref().map(|c| c.kind.as_str()),
                "incomplete": n.code.as_ref().is_some_and(|c| c.incomplete),
                "manifestation": n.manifestation, "see": n.see, "see_also": n.see_also,
            })
        })
        .collect();
    serde_json::Value::Array(rows)
}

/// `Backend::import_index_terms` on PostgreSQL: the terms (and the tree,
/// for the Index to Diseases) stored by the admin-only definer function
/// with its `index_imported` event, then the version's snapshot re-encoded
/// from what is stored, in one transaction.
pub fn import_index_terms(
    pg: &mut Postgres,
    actor: &Actor,
    version: &CodeSetVersion,
    index: &IndexFile,
    tree: Option<&IndexTree>,
    encode: SnapshotEncoder<'_>,
) -> Result<(AttachedTerms, Option<usize>), WorkError> {
    let acting = acting_as(actor);
    let entries = i32::try_from(index.entries.len()).unwrap_or(i32::MAX);
    let fiscal_year = tree.and_then(|t| t.fiscal_year);
    let tree_json = tree.map(tree_rows);
    pg.transact(|tx| {
        let keys: Vec<(String, String)> = tx
            .query(
                "SELECT lookup_key, code FROM chartq.code WHERE version_id = $1
                  ORDER BY lookup_key COLLATE \"C\"",
                &[&version.id],
            )
            .map_err(pg_error)?
            .iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let (terms, codes, unmatched) = expand_terms(&keys, index);
        let stored: i32 = tx
            .query_one(
                "SELECT chartq.import_index_terms($1, $2, $3, $4, $5, $6, $7)",
                &[
                    &acting,
                    &version.id,
                    &index.table.as_str(),
                    &terms,
                    &entries,
                    &fiscal_year,
                    &tree_json,
                ],
            )
            .map_err(pg_error)?
            .get(0);
        let encoded = encode(indexable_codes(tx, version.id)?);
        tx.execute(
            "SELECT chartq.put_snapshot($1, $2, $3, true)",
            &[&version.id, &encoded.format, &encoded.bytes],
        )
        .map_err(pg_error)?;
        let attached = AttachedTerms {
            terms: stored.max(0) as usize,
            codes,
            unmatched,
        };
        Ok((attached, tree.map(|t| t.nodes.len())))
    })
}

/// `Backend::bundled_holding` on PostgreSQL (`chartq.bundled_holding`, the
/// rule SQLite's `code_sets::bundled_holding` states).
pub fn bundled_holding(pg: &Postgres, spec: &VersionSpec) -> Result<BundledHolding, WorkError> {
    let row = pg
        .client()
        .query_one(
            "SELECT state, version_id, version_label FROM chartq.bundled_holding($1, $2, $3, $4, $5)",
            &[
                &spec.system.as_str(),
                &spec.label,
                &spec.effective_from,
                &spec.effective_to,
                &spec.source,
            ],
        )
        .map_err(pg_error)?;
    let state: &str = row.get(0);
    Ok(match state {
        "present" => BundledHolding::Present,
        "site_owns" => BundledHolding::SiteOwns,
        "outdated" => BundledHolding::Outdated {
            id: row.get(1),
            label: row.get(2),
        },
        _ => BundledHolding::Missing,
    })
}

/// `Backend::seed_code_set` on PostgreSQL: an admin's session stores the
/// bundled version unless it is there by now, with its `system` event
/// (the admin as the real login). The search snapshot is not stored here:
/// the first admin search stores it (`put_snapshot`), as on SQLite.
pub fn seed_code_set(
    pg: &mut Postgres,
    new: &NewCodeSet<'_>,
    audit: SeedAudit,
) -> Result<Option<i64>, WorkError> {
    let spec = new.spec;
    let (codes, notes) = code_rows(new);
    let notes_from = new
        .borrowed
        .and_then(crate::domain::codes::BorrowedNotes::summary);
    let row = pg
        .client()
        .query_one(
            "SELECT chartq.seed_code_set($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            &[
                &spec.system.as_str(),
                &spec.label,
                &spec.effective_from,
                &spec.effective_to,
                &spec.source,
                &notes_from,
                &codes,
                &notes,
                &(audit == SeedAudit::Record),
            ],
        )
        .map_err(pg_error)?;
    Ok(row.get(0))
}

/// `Backend::update_bundled` on PostgreSQL: relabels an older chartq's
/// bundled version in place (admins; a `system` event).
pub fn update_bundled(
    pg: &mut Postgres,
    spec: &VersionSpec,
    audit: SeedAudit,
) -> Result<Option<String>, WorkError> {
    let row = pg
        .client()
        .query_one(
            "SELECT chartq.update_bundled($1, $2, $3, $4, $5, $6)",
            &[
                &spec.system.as_str(),
                &spec.label,
                &spec.effective_from,
                &spec.effective_to,
                &spec.source,
                &(audit == SeedAudit::Record),
            ],
        )
        .map_err(pg_error)?;
    Ok(row.get(0))
}
