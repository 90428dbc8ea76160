//! Benchmark helper for `bench/audit_verify.sh`: a new database whose audit
//! log holds N events (default 1,000,000) shaped like a busy department's
//! (chart views, claims, code assignments with their details, some done
//! `--as` another user), chained exactly as chartq chains them
//! (`store::audit_chain::event_hash`), in transactions of 50,000 events.
//! The login running it is the database's admin (`chartq init`). With
//! CHARTQ_AUDIT_KEY_FILE set, every event also carries its MAC.
//!
//! Usage: audit_fill DB [N]

use chartq::store::audit_chain::{Field, GENESIS, configured_key, event_hash};
use chartq::store::{Store, people};
use rusqlite::params;

fn main() -> color_eyre::Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(db) = args.next() else {
        color_eyre::eyre::bail!("usage: audit_fill DB [N]");
    };
    let n: i64 = args.next().map_or(Ok(1_000_000), |s| s.parse())?;
    let mut store = Store::open(db.as_ref())?;
    people::init(&mut store)?;
    // A tool that writes raw, already-chained rows: its own connection
    // (the store has no public one), with chartq's SQL functions for the
    // triggers. chart_id points at charts this bench does not make.
    let mut conn = rusqlite::Connection::open(&db)?;
    chartq::store::audit_chain::register_sql_functions(&conn)?;
    conn.execute_batch("PRAGMA foreign_keys = OFF")?;
    let (mut id, mut prev): (i64, Vec<u8>) = conn.query_row(
        "SELECT id, hash FROM audit_event ORDER BY id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    assert!(prev.len() == GENESIS.len());
    let key = configured_key()?;
    let actions = [
        "chart_viewed",
        "chart_claimed",
        "code_assigned",
        "chart_finalized",
    ];
    let codes = ["E11.22", "N18.31", "I50.23", "J18.9", "0DTJ4ZZ"];
    while id < n {
        let upto = (id + 50_000).min(n);
        let tx = conn.transaction()?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO audit_event (id, at, user_login, real_login, action, chart_id, details, hash, mac)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            )?;
            while id < upto {
                id += 1;
                let at = format!(
                    "2026-{:02}-{:02}T{:02}:{:02}:{:02}Z",
                    1 + id / 2_000_000 % 12,
                    1 + id / 80_000 % 28,
                    id / 3_600 % 24,
                    id / 60 % 60,
                    id % 60
                );
                let user = format!("coder{}", id % 40);
                let real = (id % 50 == 0).then_some("admin1");
                let action = actions[(id % 4) as usize];
                let chart = 1 + id % 100_000;
                let details = if action == "code_assigned" {
                    format!(
                        r#"{{"code":"{}","system":"ICD-10-CM","role":"secondary","poa":"Y","seq":{},"account":"ACC-2026-{chart:06}"}}"#,
                        codes[(id % 5) as usize],
                        id % 7
                    )
                } else {
                    format!(r#"{{"account":"ACC-2026-{chart:06}","queue":"inpatient"}}"#)
                };
                let hash = event_hash(
                    Field::Blob(&prev),
                    &[
                        Field::Integer(id),
                        Field::Text(at.as_bytes()),
                        Field::Text(user.as_bytes()),
                        real.map_or(Field::Null, |r| Field::Text(r.as_bytes())),
                        Field::Text(action.as_bytes()),
                        Field::Integer(chart),
                        Field::Text(details.as_bytes()),
                    ],
                );
                let mac = key.map(|k| k.mac(&hash).to_vec());
                insert.execute(params![
                    id,
                    at,
                    user,
                    real,
                    action,
                    chart,
                    details,
                    &hash[..],
                    mac
                ])?;
                prev = hash.to_vec();
            }
        }
        tx.commit()?;
    }
    drop(conn);
    store.checkpoint()?;
    println!("{id}");
    Ok(())
}
