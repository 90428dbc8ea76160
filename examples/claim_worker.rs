//! Benchmark helper for `bench/claims.sh`: one coder's long-lived session
//! (as the TUI holds one) claiming charts until the queue is empty, through
//! the same store functions the CLI and TUI call. Prints how many it got.
//!
//! Usage: claim_worker DB LOGIN

use chartq::store::queue::{self, ClaimRequest};
use chartq::store::{Store, people};

fn main() -> color_eyre::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(db), Some(login)) = (args.next(), args.next()) else {
        color_eyre::eyre::bail!("usage: claim_worker DB LOGIN");
    };
    let mut store = Store::open(db.as_ref())?;
    let actor = people::current_actor(&mut store, Some(&login))?;
    let mut claimed = 0u64;
    while queue::claim(&mut store, &actor, &ClaimRequest::default())?.is_some() {
        claimed += 1;
    }
    println!("{claimed}");
    Ok(())
}
