//! The coding edits' tables, compiled into the binary and parsed once per
//! process: the Medicare Code Editor v43.1 (CMS's, discharges 2015-10-01
//! to 2026-09-30) and v44 (derived, FY2027: 2026-10-01 to 2027-09-30), the
//! MCE's age groups, and CMS's FY2026 POA-exempt list with the FY2027
//! derivation. `codesets/PROVENANCE.md` gives each file's origin and
//! sha256.
//!
//! [`shared`] builds them on first use (about half a second) and hands
//! every caller the same `Arc`: a batch of 100,000 claims and the TUI pay
//! once. A site's imported POA list is layered on with
//! [`bundled_poa`]`(..).with_official(year, codes)`.

use std::io::Read;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;

use crate::engines::edits::{Exemption, MceTables, MceVersionSpec, PoaExempt};
use crate::ingest::mce::{parse_age_ranges, parse_code_table};
use crate::ingest::poa_exempt::parse_poa_exempt;
use crate::ingest::source::Source;

/// CMS's MCE v43.1 code table, gzip-compressed.
const MCE_V43_1_GZ: &[u8] = include_bytes!("../../codesets/mce/mce_v43.1_icd10.tsv.gz");
/// The MCE v44 (FY2027) code table, derived, gzip-compressed.
const MCE_V44_GZ: &[u8] = include_bytes!("../../codesets/mce/mce_v44_icd10_derived.tsv.gz");
/// The MCE's age groups.
const AGE_RANGES: &[u8] = include_bytes!("../../codesets/mce/age_ranges.tsv");
/// CMS's FY2026 POA-exempt list, gzip-compressed.
const POA_EXEMPT_FY2026_GZ: &[u8] = include_bytes!("../../codesets/poa/POAexemptCodesFY26.txt.gz");

/// The fiscal year of the bundled POA-exempt list.
pub const POA_LIST_YEAR: i32 = 2026;
/// The most bytes a bundled table may expand to (the largest is ~6 MB).
const MAX_TABLE_BYTES: u64 = 64 << 20;

/// Everything the edits read.
#[derive(Debug)]
pub struct EditTables {
    pub mce: MceTables,
    pub poa: PoaExempt,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

fn source(name: &str, gz: &[u8]) -> Result<Source, String> {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .take(MAX_TABLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("bundled {name}: {e}"))?;
    if bytes.len() as u64 > MAX_TABLE_BYTES {
        return Err(format!("bundled {name}: larger than expected"));
    }
    Ok(Source::from_bytes(name, bytes))
}

/// Parses the bundled MCE tables.
pub fn bundled_mce() -> Result<MceTables, String> {
    let v43 = parse_code_table(&source("mce_v43.1_icd10.tsv", MCE_V43_1_GZ)?)
        .map_err(|e| e.to_string())?;
    let v44 = parse_code_table(&source("mce_v44_icd10_derived.tsv", MCE_V44_GZ)?)
        .map_err(|e| e.to_string())?;
    let ages = parse_age_ranges(&Source::from_bytes("age_ranges.tsv", AGE_RANGES.to_vec()))
        .map_err(|e| e.to_string())?;
    let versions = vec![
        MceVersionSpec {
            label: "v43.1".into(),
            covers_from: ymd(2015, 10, 1),
            covers_to: ymd(2026, 9, 30),
            horizon: None,
            rows: v43,
        },
        MceVersionSpec {
            label: "v44".into(),
            covers_from: ymd(2026, 10, 1),
            covers_to: ymd(2027, 9, 30),
            // Every v44 row ends at the data's horizon, not a termination.
            horizon: Some(ymd(2027, 3, 31)),
            rows: v44,
        },
    ];
    MceTables::new(versions, ages)
}

/// The bundled FY2026 POA-exempt list and its FY2027 derivation (the
/// FY2026 and FY2027 diagnosis codes are the MCE tables' codes valid on
/// 2026-09-30 and 2026-10-01).
pub fn bundled_poa(mce: &MceTables) -> Result<PoaExempt, String> {
    let codes = parse_poa_exempt(&source("POAexemptCodesFY26.txt", POA_EXEMPT_FY2026_GZ)?)
        .map_err(|e| e.to_string())?;
    let (end, start) = (ymd(2026, 9, 30), ymd(2026, 10, 1));
    let base = mce.for_date(end).map_err(|e| e.to_string())?;
    let next = mce.for_date(start).map_err(|e| e.to_string())?;
    Ok(PoaExempt::official(POA_LIST_YEAR, codes).derive_next(
        POA_LIST_YEAR,
        base.dx_codes_on(end),
        next.dx_codes_on(start),
    ))
}

/// Parses every bundled table.
pub fn load_bundled() -> Result<EditTables, String> {
    let mce = bundled_mce()?;
    let poa = bundled_poa(&mce)?;
    Ok(EditTables { mce, poa })
}

/// The bundled tables, parsed on first use and shared by every caller.
pub fn shared() -> Result<Arc<EditTables>, String> {
    static TABLES: OnceLock<Result<Arc<EditTables>, String>> = OnceLock::new();
    TABLES.get_or_init(|| load_bundled().map(Arc::new)).clone()
}

/// The bundled POA lists with a site's official list for `fiscal_year`
/// layered on (it replaces the bundled list or the derivation for that
/// year): what the edits read once a site has imported one.
pub fn poa_with_official(
    fiscal_year: i32,
    codes: impl IntoIterator<Item = String>,
) -> Result<PoaExempt, String> {
    Ok(shared()?.poa.clone().with_official(fiscal_year, codes))
}

/// `Some` when `code` is POA-exempt on a discharge on `date` by the
/// bundled lists (the TUI prefills a blank POA); `None` also when the
/// tables cannot be loaded.
pub fn is_poa_exempt(code: &str, date: NaiveDate) -> Option<Exemption> {
    shared().ok()?.poa.is_exempt(code, date)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_tables_load_once_and_cover_fy2016_to_fy2027() {
        let tables = shared().unwrap();
        assert!(Arc::ptr_eq(&tables, &shared().unwrap()));
        assert_eq!(
            tables.mce.for_date(ymd(2026, 9, 30)).unwrap().label(),
            "v43.1"
        );
        assert_eq!(
            tables.mce.for_date(ymd(2027, 9, 30)).unwrap().label(),
            "v44"
        );
        assert!(tables.mce.for_date(ymd(2027, 10, 1)).is_err());
        assert!(tables.mce.for_date(ymd(2015, 9, 30)).is_err());
        let fy27 = tables.mce.for_date(ymd(2026, 10, 1)).unwrap();
        assert_eq!(fy27.dx_codes_on(ymd(2026, 10, 1)).count(), 74_879);
        assert_eq!(fy27.dx_codes_on(ymd(2027, 9, 30)).count(), 74_879);
        let fy26 = tables.mce.for_date(ymd(2026, 4, 1)).unwrap();
        assert_eq!(fy26.dx_codes_on(ymd(2026, 4, 1)).count(), 74_719);
        assert_eq!(
            is_poa_exempt("Z37.0", ymd(2026, 1, 5)),
            Some(Exemption { derived: false })
        );
        assert_eq!(is_poa_exempt("E11.22", ymd(2026, 1, 5)), None);
        let site = poa_with_official(2027, ["E1122".to_string()]).unwrap();
        let fy27 = ymd(2026, 12, 1);
        assert_eq!(
            site.is_exempt("E11.22", fy27),
            Some(Exemption { derived: false })
        );
        assert_eq!(site.is_exempt("Z37.0", fy27), None);
        assert_eq!(site.is_exempt("E11.22", ymd(2026, 1, 5)), None);
    }
}
