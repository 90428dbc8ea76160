//! The MS-DRG grouper's tables, compiled into the binary and parsed once
//! per process: the v43 and v43.1 logic (CMS's Definitions Manual lists in
//! drgpy's JSON arrangement, Apache-2.0), CMS's FY2026 Table 5 (weights
//! and mean lengths of stay; v43.1 uses the same Table 5: CMS published no
//! separate April weights), and the FY2027 (v44) CC/MCC lists and titles
//! (derived, lists only). `codesets/msdrg/PROVENANCE.md` gives origins and
//! sha256s.
//!
//! Each version is built on first use (a few hundred milliseconds) and
//! shared: a batch and the TUI pay once.

use std::io::Read;
use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashMap;

use crate::domain::drg::{CcLevel, GrouperVersion};
use crate::engines::drg::DrgTables;
use crate::engines::drg::tables::{Key, key};
use crate::ingest::msdrg::{parse_cc_list, parse_logic, parse_table5};

const LOGIC_V43_GZ: &[u8] = include_bytes!("../../codesets/msdrg/msdrg_v43_logic.json.gz");
const LOGIC_V43_1_GZ: &[u8] = include_bytes!("../../codesets/msdrg/msdrg_v43.1_logic.json.gz");
const TABLE5_GZ: &[u8] = include_bytes!("../../codesets/msdrg/drg_weights_fy2026.txt.gz");
const HAC_LISTS: &str = include_str!("../../codesets/msdrg/hac_lists.tsv");
const NON_EXTENSIVE: &str = include_str!("../../codesets/msdrg/non_extensive_or.txt");
const V44_CC_GZ: &[u8] = include_bytes!("../../codesets/msdrg/msdrg_v44_cc_list_derived.txt.gz");
const V44_MCC_GZ: &[u8] = include_bytes!("../../codesets/msdrg/msdrg_v44_mcc_list_derived.txt.gz");

/// The most bytes a bundled table may expand to (the largest is ~13 MB).
const MAX_TABLE_BYTES: u64 = 64 << 20;

fn gunzip(name: &str, gz: &[u8]) -> Result<Vec<u8>, String> {
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(gz)
        .take(MAX_TABLE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("bundled {name}: {e}"))?;
    if bytes.len() as u64 > MAX_TABLE_BYTES {
        return Err(format!("bundled {name}: larger than expected"));
    }
    Ok(bytes)
}

/// Parses one bundled version.
pub fn load(version: GrouperVersion) -> Result<DrgTables, String> {
    let (name, gz) = match version {
        GrouperVersion::V43 => ("msdrg_v43_logic.json", LOGIC_V43_GZ),
        GrouperVersion::V431 => ("msdrg_v43.1_logic.json", LOGIC_V43_1_GZ),
        GrouperVersion::V44 => return Err("MS-DRG v44 logic is not bundled (lists only)".into()),
    };
    let logic = parse_logic(name, &gunzip(name, gz)?)?;
    let t5name = "drg_weights_fy2026.txt";
    let table5 = parse_table5(t5name, &gunzip(t5name, TABLE5_GZ)?)?;
    let mut t = DrgTables::build(version, name, &logic, &table5)?;
    t.non_extensive = NON_EXTENSIVE
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(key)
        .collect();
    t.add_hac_lists("hac_lists.tsv", HAC_LISTS)?;
    Ok(t)
}

/// One version's tables, parsed on first use and shared.
pub fn shared(version: GrouperVersion) -> Result<Arc<DrgTables>, String> {
    static V43: OnceLock<Result<Arc<DrgTables>, String>> = OnceLock::new();
    static V431: OnceLock<Result<Arc<DrgTables>, String>> = OnceLock::new();
    let cell = match version {
        GrouperVersion::V43 => &V43,
        GrouperVersion::V431 => &V431,
        GrouperVersion::V44 => return Err("MS-DRG v44 logic is not bundled (lists only)".into()),
    };
    cell.get_or_init(|| load(version).map(Arc::new)).clone()
}

/// The FY2027 (v44) CC and MCC lists (derived), by packed code.
pub fn v44_levels() -> Result<Arc<FxHashMap<Key, CcLevel>>, String> {
    static LISTS: OnceLock<Result<Arc<FxHashMap<Key, CcLevel>>, String>> = OnceLock::new();
    LISTS
        .get_or_init(|| {
            let mut map = FxHashMap::default();
            let cc_name = "msdrg_v44_cc_list_derived.txt";
            for code in parse_cc_list(cc_name, &gunzip(cc_name, V44_CC_GZ)?)? {
                map.extend(key(&code).map(|k| (k, CcLevel::Cc)));
            }
            let mcc_name = "msdrg_v44_mcc_list_derived.txt";
            for code in parse_cc_list(mcc_name, &gunzip(mcc_name, V44_MCC_GZ)?)? {
                map.extend(key(&code).map(|k| (k, CcLevel::Mcc)));
            }
            Ok(Arc::new(map))
        })
        .clone()
}
