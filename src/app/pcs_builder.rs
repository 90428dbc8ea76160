//! The ICD-10-PCS table builder as a use case: CMS's FY2026 tables and
//! definitions XML, compiled into the binary and parsed once per process
//! ([`shared_tables`]), over the valid codes of the PCS version a date of
//! service picks (the same rule as search by date: [`crate::search::select`]).
//! The CLI (`chartq pcs`) and the TUI's builder overlay both come here.
//!
//! A version's valid codes are read from the database once per process
//! and kept ([`PcsBuilder::for_date`]): code sets do not change under a
//! running session, and the builder answers each keystroke from memory.

use std::collections::HashMap;
use std::io::Read;
use std::sync::{Arc, Mutex, OnceLock, PoisonError};

use chrono::NaiveDate;
use color_eyre::eyre::{Result, WrapErr, eyre};

use crate::app::codesets::bundled::{Builder, Release};
use crate::domain::codes::{Code, CodeSet, CodeSetVersion, CodeSystem};
use crate::engines::pcs_builder::{PcsCodes, PcsTables, PrefixError, Step, next_values};
use crate::ingest::pcs_tables::{parse_definitions, parse_tables};
use crate::ingest::source::Source;
use crate::search::{Uncovered, select};
use crate::store::backend::Backend;

/// CMS's FY2026 PCS tables XML, gzip-compressed.
const TABLES_2026_GZ: &[u8] = include_bytes!("../../codesets/icd10pcs/icd10pcs_tables_2026.xml.gz");
/// CMS's FY2026 PCS definitions XML.
const DEFINITIONS_2026: &[u8] =
    include_bytes!("../../codesets/icd10pcs/icd10pcs_definitions_2026.xml");
/// The most bytes the tables may expand to (they are ~3 MB).
const MAX_TABLES_BYTES: u64 = 32 << 20;

/// Parses the bundled tables and definitions.
pub fn load_bundled_tables() -> Result<PcsTables, String> {
    let mut xml = Vec::new();
    flate2::read::GzDecoder::new(TABLES_2026_GZ)
        .take(MAX_TABLES_BYTES + 1)
        .read_to_end(&mut xml)
        .map_err(|e| format!("bundled icd10pcs_tables_2026.xml: {e}"))?;
    if xml.len() as u64 > MAX_TABLES_BYTES {
        return Err("bundled icd10pcs_tables_2026.xml: larger than expected".into());
    }
    let tables = parse_tables(&Source::from_bytes("icd10pcs_tables_2026.xml", xml))
        .map_err(|e| e.to_string())?;
    let definitions = parse_definitions(&Source::from_bytes(
        "icd10pcs_definitions_2026.xml",
        DEFINITIONS_2026.to_vec(),
    ))
    .map_err(|e| e.to_string())?;
    Ok(PcsTables::new(&tables, &definitions))
}

/// The bundled tables, parsed on first use and shared by every caller.
pub fn shared_tables() -> Result<Arc<PcsTables>, String> {
    static TABLES: OnceLock<Result<Arc<PcsTables>, String>> = OnceLock::new();
    TABLES
        .get_or_init(|| load_bundled_tables().map(Arc::new))
        .clone()
}

/// The billable (valid) codes of a code set, with their long titles.
pub fn codes_of(set: &CodeSet) -> PcsCodes {
    PcsCodes::new(
        set.codes
            .iter()
            .filter(|c| c.billable)
            .map(|c| (c.code.clone(), c.long_title.clone())),
    )
}

/// The valid codes of each bundled PCS version, built from the bundled
/// files without a database (tests and benchmarks).
pub fn bundled_codes(releases: &[Release]) -> Result<Vec<PcsCodes>> {
    let mut builder = Builder::default();
    releases
        .iter()
        .map(|r| Ok(codes_of(&builder.build(*r)?.set)))
        .collect()
}

/// The builder over one PCS version.
#[derive(Debug, Clone)]
pub struct PcsBuilder {
    pub tables: Arc<PcsTables>,
    pub codes: Arc<PcsCodes>,
    /// The version's label (`FY2026`, `FY2026-Apr`, `FY2027`).
    pub version: String,
}

/// Valid codes already read, by the version's identity in its database.
type CodesKey = (i64, String, String, String, i64);

fn codes_cache() -> &'static Mutex<HashMap<CodesKey, Arc<PcsCodes>>> {
    static CACHE: OnceLock<Mutex<HashMap<CodesKey, Arc<PcsCodes>>>> = OnceLock::new();
    CACHE.get_or_init(Mutex::default)
}

/// The valid codes of `v`, from the cache or read by `read` (every
/// entry of the version) and kept.
fn version_codes(
    v: &CodeSetVersion,
    read: impl FnOnce() -> Result<Vec<Code>>,
) -> Result<Arc<PcsCodes>> {
    let key = (
        v.id,
        v.label.clone(),
        v.source.clone(),
        v.imported_at.clone(),
        v.code_count,
    );
    if let Some(codes) = codes_cache()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(&key)
    {
        return Ok(Arc::clone(codes));
    }
    let entries = read().wrap_err_with(|| format!("reading ICD-10-PCS {}", v.label))?;
    let codes = Arc::new(codes_of(&CodeSet { codes: entries }));
    codes_cache()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(key, Arc::clone(&codes));
    Ok(codes)
}

impl PcsBuilder {
    /// Over `codes`, labelled `version`.
    pub fn new(codes: Arc<PcsCodes>, version: impl Into<String>) -> Result<PcsBuilder> {
        Ok(PcsBuilder {
            tables: shared_tables().map_err(|e| eyre!(e))?,
            codes,
            version: version.into(),
        })
    }

    /// Over the PCS version valid on `date` (the newest without one); a
    /// date no installed version covers is refused, naming the ranges.
    pub fn for_date(backend: &dyn Backend, date: Option<NaiveDate>) -> Result<PcsBuilder> {
        let installed = backend.versions()?;
        let selection = select(&installed, date, &[CodeSystem::Icd10Pcs], Uncovered::Refuse)?;
        let version = selection
            .versions
            .first()
            .ok_or_else(|| eyre!("no ICD-10-PCS code set installed"))?;
        PcsBuilder::for_version(version, || Ok(backend.code_set(version.id)?.codes))
    }

    /// Over `version`, whose entries `read` gives the first time it is
    /// asked for in this process (the TUI reads them through its backend).
    pub fn for_version(
        version: &CodeSetVersion,
        read: impl FnOnce() -> Result<Vec<Code>>,
    ) -> Result<PcsBuilder> {
        if version.system != CodeSystem::Icd10Pcs {
            return Err(eyre!("{} is not an ICD-10-PCS version", version.label));
        }
        PcsBuilder::new(version_codes(version, read)?, version.label.clone())
    }

    /// The step after `prefix`: the next axis's valid values, or the code.
    pub fn step(&self, prefix: &str) -> Result<Step, PrefixError> {
        next_values(&self.tables, &self.codes, prefix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_tables_load_once_and_label_resection() {
        let tables = shared_tables().unwrap();
        assert!(Arc::ptr_eq(&tables, &shared_tables().unwrap()));
        assert_eq!(tables.table_count(), 914);
        assert_eq!(tables.label(b"0D", b'T'), Some("Resection"));
        assert_eq!(tables.axis_title(b"0DT"), Some("Body Part"));
    }
}
