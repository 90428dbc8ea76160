//! Benchmark helper for `bench/pg_search.sh`: copies every code-set version
//! of a SQLite chartq database (e.g. a freshly seeded one: the bundled
//! ICD-10-CM and ICD-10-PCS releases) into a PostgreSQL chartq database
//! through the seam, as its admin (`Backend::import_code_set`: the
//! admin-only definer function, the search snapshot encoded and stored in
//! the same transaction). Prints each version and the time it took.
//!
//! Usage: pg_copy_codes SQLITE_DB POSTGRES_URL

use std::time::Instant;

use chartq::search::snapshot_encoder;
use chartq::store::Store;
use chartq::store::backend::Backend;
use chartq::store::backend::postgres::Postgres;
use chartq::store::code_sets::NewCodeSet;
use chartq::store::code_tables::VersionSpec;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(sqlite), Some(url)) = (args.next(), args.next()) else {
        return Err("usage: pg_copy_codes SQLITE_DB POSTGRES_URL".into());
    };
    let store = Store::open(std::path::Path::new(&sqlite))?;
    let mut pg = Postgres::connect(&url)?;
    let login = pg.login()?;
    let admin = pg
        .actor(&login, None)?
        .ok_or("the PostgreSQL login is no chartq user")?;
    for version in store.versions()? {
        let started = Instant::now();
        let set = store.code_set(version.id)?;
        let spec = VersionSpec {
            system: version.system,
            label: version.label.clone(),
            effective_from: version.effective_from,
            effective_to: version.effective_to,
            source: version.source.clone(),
        };
        let encode = snapshot_encoder(version.system);
        let new = NewCodeSet {
            spec: &spec,
            set: &set,
            borrowed: None,
        };
        pg.import_code_set(&admin, &new, &encode)?;
        println!(
            "{} {}: {} codes in {:.1} s",
            version.system,
            version.label,
            set.codes.len(),
            started.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
