//! Benchmark helper for `bench/pg_claims.sh`: one coder's long-lived
//! PostgreSQL session claiming charts until the queue is empty. It connects
//! as the bench's superuser and becomes the coder with `SET SESSION
//! AUTHORIZATION`, so `session_user`, the grants and row-level security are
//! the coder's, then runs the statement the backend's claim runs (the
//! definer function `chartq.claim`, chained audit event and all). Prints
//! how many it got.
//!
//! Usage: pg_claim_worker URL LOGIN

use postgres::{Client, NoTls};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(url), Some(login)) = (args.next(), args.next()) else {
        return Err("usage: pg_claim_worker URL LOGIN".into());
    };
    let mut client = Client::connect(&url, NoTls)?;
    client.batch_execute(&format!(
        "SET SESSION AUTHORIZATION \"{}\"",
        login.replace('"', "\"\"")
    ))?;
    let claim = client.prepare(
        "SELECT c.id, c.account, c.lease_until FROM chartq.claim(NULL, NULL, NULL, NULL, 1800) c
         WHERE c.id IS NOT NULL",
    )?;
    let mut claimed = 0u64;
    while client.query_opt(&claim, &[])?.is_some() {
        claimed += 1;
    }
    println!("{claimed}");
    Ok(())
}
