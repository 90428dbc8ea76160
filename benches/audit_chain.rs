//! What the audit chain costs: hashing one event, its MAC, and one write
//! transaction appending a chained event (read the last event's hash,
//! hash, insert) against the same transaction inserting the same row
//! unchained, on a WAL database already holding 100,000 events.
//! `bench/audit_verify.sh` measures `chartq audit verify`; `bench/claims.sh`
//! claims/s (whose run-to-run spread on a shared machine hides this cost).
//!
//! `cargo bench --bench audit_chain -- --warm-up-time 1 --measurement-time 5`

use criterion::{Criterion, criterion_group, criterion_main};
use rusqlite::{Connection, TransactionBehavior, params};

use chartq::store::audit_chain::{AuditKey, Field, GENESIS, event_hash};

const DETAILS: &str = r#"{"code":"E11.22","system":"ICD-10-CM","role":"secondary","poa":"Y","seq":3,"account":"ACC-2026-000123"}"#;

fn row(id: i64) -> [Field<'static>; 7] {
    [
        Field::Integer(id),
        Field::Text(b"2026-05-06T14:20:00Z"),
        Field::Text(b"coder12"),
        Field::Null,
        Field::Text(b"code_assigned"),
        Field::Integer(4711),
        Field::Text(DETAILS.as_bytes()),
    ]
}

fn hashing(c: &mut Criterion) {
    let mut g = c.benchmark_group("audit_chain");
    g.bench_function("event_hash", |b| {
        b.iter(|| event_hash(Field::Blob(&GENESIS), &row(42)))
    });
    let key = AuditKey::from_bytes(&[7; 32]).unwrap();
    let hash = event_hash(Field::Blob(&GENESIS), &row(42));
    g.bench_function("mac", |b| b.iter(|| key.mac(&hash)));
    g.finish();
}

fn writes(c: &mut Criterion) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let mut conn = Connection::open(&path).unwrap();
    conn.execute_batch(
        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;
         CREATE TABLE plain (id INTEGER PRIMARY KEY, at TEXT, user_login TEXT, real_login TEXT,
                             action TEXT, chart_id INTEGER, details TEXT);
         CREATE TABLE chained (id INTEGER PRIMARY KEY, at TEXT, user_login TEXT, real_login TEXT,
                               action TEXT, chart_id INTEGER, details TEXT, hash BLOB, mac BLOB);",
    )
    .unwrap();
    // 100,000 events already there (the B-tree's depth is what the lookup of
    // the last event pays for).
    {
        let tx = conn.transaction().unwrap();
        let mut prev = GENESIS.to_vec();
        for id in 1..=100_000i64 {
            let h = event_hash(Field::Blob(&prev), &row(id));
            for table in ["plain", "chained"] {
                tx.execute(
                    &format!(
                        "INSERT INTO {table} (id, at, user_login, action, chart_id, details)
                         VALUES (?1, '2026-05-06T14:20:00Z', 'coder12', 'code_assigned', 4711, ?2)"
                    ),
                    params![id, DETAILS],
                )
                .unwrap();
            }
            tx.execute(
                "UPDATE chained SET hash = ?1 WHERE id = ?2",
                params![&h[..], id],
            )
            .unwrap();
            prev = h.to_vec();
        }
        tx.commit().unwrap();
    }
    let mut g = c.benchmark_group("audit_write_tx");
    g.bench_function("unchained_insert", |b| {
        b.iter(|| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .unwrap();
            tx.prepare_cached(
                "INSERT INTO plain (at, user_login, real_login, action, chart_id, details)
                 VALUES ('2026-05-06T14:20:00Z', 'coder12', NULL, 'code_assigned', 4711, ?1)",
            )
            .unwrap()
            .execute([DETAILS])
            .unwrap();
            tx.commit().unwrap();
        })
    });
    g.bench_function("chained_append", |b| {
        b.iter(|| {
            let tx = conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .unwrap();
            let (last, prev): (i64, Vec<u8>) = tx
                .prepare_cached("SELECT id, hash FROM chained ORDER BY id DESC LIMIT 1")
                .unwrap()
                .query_row([], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap();
            let id = last + 1;
            let h = event_hash(Field::Blob(&prev), &row(id));
            tx.prepare_cached(
                "INSERT INTO chained (id, at, user_login, real_login, action, chart_id, details, hash, mac)
                 VALUES (?1, '2026-05-06T14:20:00Z', 'coder12', NULL, 'code_assigned', 4711, ?2, ?3, NULL)",
            )
            .unwrap()
            .execute(params![id, DETAILS, &h[..]])
            .unwrap();
            tx.commit().unwrap();
        })
    });
    g.finish();
}

criterion_group!(benches, hashing, writes);
criterion_main!(benches);
