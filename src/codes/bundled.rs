//! The ICD-10-CM release compiled into the binary, so a new database on a
//! bare server can search without any import (a copied binary carries it).
//!
//! The bytes are CDC's April 1 2026 tabular XML, gzip-compressed
//! (`codesets/icd10cm/PROVENANCE.md` gives its origin and sha256). Every new
//! database pays for parsing and storing it, so it goes through the same
//! parser and the same single-transaction insert as `chartq codes import`.

use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr};
use std::io::Read;

use super::CodeSystem;
use super::icd10cm::{self, Tabular};
use super::source::Source;
use crate::search::store_snapshot;
use crate::store::code_tables::{VersionSpec, has_version, insert_code_set};
use crate::store::{Store, StoreError};

/// The gzip-compressed CDC tabular XML.
const TABULAR_GZ: &[u8] =
    include_bytes!("../../codesets/icd10cm/icd10cm-tabular-2026-04-01.xml.gz");

/// The name the bundled release is recorded under (`source` column).
pub const SOURCE: &str = "bundled:icd10cm-tabular-2026-04-01.xml";
/// The version label of the bundled release.
pub const LABEL: &str = "FY2026-Apr";

/// When the bundled release is valid: the April 1 update of FY2026 runs to
/// the end of the fiscal year.
pub fn spec() -> VersionSpec {
    VersionSpec {
        system: CodeSystem::Icd10Cm,
        label: LABEL.to_string(),
        effective_from: NaiveDate::from_ymd_opt(2026, 4, 1).expect("valid date"),
        effective_to: NaiveDate::from_ymd_opt(2026, 9, 30),
        source: SOURCE.to_string(),
    }
}

/// The bundled release, parsed.
pub fn tabular() -> Result<Tabular> {
    let mut xml = Vec::with_capacity(10_000_000);
    flate2::read::GzDecoder::new(TABULAR_GZ)
        .read_to_end(&mut xml)
        .wrap_err("decompressing the bundled ICD-10-CM release")?;
    Ok(icd10cm::parse(&Source::from_bytes(SOURCE, xml))?)
}

/// Seeds `store` with the bundled ICD-10-CM April 1 2026 release, in one
/// transaction, unless the database already has an ICD-10-CM version.
///
/// Checking the contents rather than "was the file just created" matters
/// twice: a seed killed half-way rolls back and is redone on the next open,
/// and two processes opening a brand-new file do not both insert it (the
/// check is repeated under the write lock). Returns whether it seeded.
pub fn seed_if_missing(store: &mut Store) -> Result<bool> {
    if has_version(store.conn(), CodeSystem::Icd10Cm)? {
        return Ok(false);
    }
    let tabular = tabular()?;
    let spec = spec();
    store
        .write(|tx| {
            if has_version(tx, CodeSystem::Icd10Cm)? {
                return Ok(false);
            }
            let id = insert_code_set(tx, &spec, &tabular.set)?;
            store_snapshot(tx, CodeSystem::Icd10Cm, id)?;
            Ok::<_, StoreError>(true)
        })
        .map_err(Into::into)
}
