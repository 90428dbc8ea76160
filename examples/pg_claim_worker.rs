//! Benchmark helper for `bench/pg_claims.sh`: one coder's long-lived
//! PostgreSQL session claiming charts until the queue is empty. It connects
//! as the bench's superuser and becomes the coder with `SET SESSION
//! AUTHORIZATION`, so `session_user`, the grants and row-level security are
//! the coder's, then runs the statement the backend's claim runs (the
//! definer function `chartq.claim`, chained audit event and all). Prints
//! how many it got, and the CPU its server process spent meanwhile in ms
//! (from `/proc`, so only for a server on this host; `-` otherwise): CPU
//! per claim is what bounds claims/s on a machine with few cores, and
//! unlike claims/s it barely moves with the machine's other load.
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
    let backend: i32 = client.query_one("SELECT pg_backend_pid()", &[])?.get(0);
    let start = cpu_ms(backend);
    let mut claimed = 0u64;
    while client.query_opt(&claim, &[])?.is_some() {
        claimed += 1;
    }
    match (start, cpu_ms(backend)) {
        (Some(start), Some(end)) => println!("{claimed} {}", end - start),
        _ => println!("{claimed} -"),
    }
    Ok(())
}

/// User plus system CPU of process `pid` so far, in ms (`None` when its
/// `/proc` entry cannot be read: a server on another host).
fn cpu_ms(pid: i32) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which may hold spaces, in parentheses):
    // state is the 3rd field, utime the 14th, stime the 15th.
    let rest = stat.get(stat.rfind(')')? + 2..)?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // SAFETY: sysconf has no preconditions.
    let per_second = u64::try_from(unsafe { libc::sysconf(libc::_SC_CLK_TCK) }).ok()?;
    Some(ticks * 1000 / per_second.max(1))
}
