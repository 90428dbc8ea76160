//! A site's official POA-exempt lists, one per fiscal year: written whole
//! (replacing that year's list) and read whole for the POA edits.

use rusqlite::{Connection, OptionalExtension, Transaction, params};

/// Replaces the list of `fiscal_year` with `codes` (no dots, upper case)
/// inside the caller's transaction; returns how many codes it holds.
pub fn replace_poa_exempt_list(
    tx: &Transaction<'_>,
    fiscal_year: i32,
    source: &str,
    codes: &[String],
) -> rusqlite::Result<usize> {
    tx.execute(
        "DELETE FROM poa_exempt_list WHERE fiscal_year = ?1",
        [fiscal_year],
    )?;
    tx.execute(
        "INSERT INTO poa_exempt_list (fiscal_year, source, imported_at, code_count)
         VALUES (?1, ?2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), 0)",
        params![fiscal_year, source],
    )?;
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO poa_exempt_code (fiscal_year, code) VALUES (?1, ?2)",
    )?;
    let mut count = 0;
    for code in codes {
        count += insert.execute(params![fiscal_year, code])?;
    }
    tx.execute(
        "UPDATE poa_exempt_list SET code_count = ?2 WHERE fiscal_year = ?1",
        params![fiscal_year, count as i64],
    )?;
    Ok(count)
}

/// The imported list of `fiscal_year`, if a site imported one.
pub fn poa_exempt_list(
    conn: &Connection,
    fiscal_year: i32,
) -> rusqlite::Result<Option<Vec<String>>> {
    let imported: Option<i64> = conn
        .query_row(
            "SELECT code_count FROM poa_exempt_list WHERE fiscal_year = ?1",
            [fiscal_year],
            |r| r.get(0),
        )
        .optional()?;
    if imported.is_none() {
        return Ok(None);
    }
    let mut stmt = conn
        .prepare_cached("SELECT code FROM poa_exempt_code WHERE fiscal_year = ?1 ORDER BY code")?;
    let codes = stmt
        .query_map([fiscal_year], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(Some(codes))
}
