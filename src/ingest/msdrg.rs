//! MS-DRG definition files: the grouping logic (CMS's Definitions Manual
//! lists in drgpy's JSON arrangement), CMS's Table 5 (weights and mean
//! lengths of stay) and the FY2027 CC/MCC lists and titles.
//!
//! These parsers only type what the files say; what the lists *mean*
//! (which formula wins, which secondary counts) is the grouper's
//! (`engines::drg`). Every error names the file, the line (where the
//! format has lines) and the field.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::domain::drg::{CcLevel, Drg, Weight};

/// The logic file as drgpy arranges it (only the keys the grouper reads).
#[derive(Debug, Deserialize)]
pub struct LogicFile {
    /// Diagnosis → tokens (`_MDCnn` markers, `DRG&DRG|LABEL` formulas).
    pub dxmap: BTreeMap<String, Vec<String>>,
    /// Procedure → formulas.
    pub prmap: BTreeMap<String, Vec<String>>,
    /// O.R. procedure → the DRGs it can lead to.
    pub orpcsmap: BTreeMap<String, Vec<String>>,
    /// Non-O.R. procedures that affect grouping.
    pub neoormap: Vec<String>,
    /// Diagnosis → its CC/MCC entry.
    pub ccmap: BTreeMap<String, CcEntry>,
    /// PDX exclusion collection → the principal diagnoses that cancel it.
    pub exmap: BTreeMap<String, Vec<String>>,
    /// DRG (three digits) → title, MDC, type.
    pub drgmap: BTreeMap<String, DrgEntry>,
    /// DRG (unpadded) → its place in the surgical hierarchy.
    pub surgical_rank: BTreeMap<String, u32>,
    /// DRG → secondaries that are not a CC/MCC in that DRG.
    pub drg_exclusions: BTreeMap<String, Vec<String>>,
}

/// One CC/MCC list entry.
#[derive(Debug, Deserialize)]
pub struct CcEntry {
    pub level: String,
    /// The PDX exclusion collection, if any.
    pub pdx: Option<String>,
    /// A CC/MCC only if the patient was discharged alive.
    pub aowa: bool,
    /// The HAC category ("01"–"14").
    pub hac: Option<String>,
}

/// One DRG of the logic file.
#[derive(Debug, Deserialize)]
pub struct DrgEntry {
    pub desc: String,
    /// Two digits, empty for pre-MDC and 998/999.
    pub mdc: String,
    pub is_surgical: bool,
}

/// Parses a logic file (JSON). `name` is the file's name for errors.
pub fn parse_logic(name: &str, bytes: &[u8]) -> Result<LogicFile, String> {
    serde_json::from_slice(bytes).map_err(|e| format!("{name}:{}: logic: {e}", e.line()))
}

/// The CC level a list entry's `level` names.
pub fn cc_level(name: &str, code: &str, level: &str) -> Result<CcLevel, String> {
    match level {
        "CC" => Ok(CcLevel::Cc),
        "MCC" => Ok(CcLevel::Mcc),
        other => Err(format!("{name}: ccmap.{code}.level: '{other}' is not CC or MCC")),
    }
}

/// One row of Table 5.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table5Row {
    pub drg: Drg,
    pub title: String,
    /// The weight with the 10% cap applied (what is paid); `None` where
    /// CMS prints "." (998, 999).
    pub weight: Option<Weight>,
    pub gmlos: Option<Weight>,
    pub amlos: Option<Weight>,
}

/// Parses CMS's Table 5 (tab-separated, cp1252): two title lines, a
/// header, then one row per DRG; blank or tab-only rows are skipped.
pub fn parse_table5(name: &str, bytes: &[u8]) -> Result<Vec<Table5Row>, String> {
    let (text, _, _) = encoding_rs::WINDOWS_1252.decode(bytes);
    let mut rows = Vec::new();
    let mut header_seen = false;
    for (i, raw) in text.split('\n').enumerate() {
        let line = i + 1;
        let cols: Vec<&str> = raw.trim_end_matches('\r').split('\t').collect();
        if !header_seen {
            header_seen = cols.first().is_some_and(|c| c.trim() == "MS-DRG");
            continue;
        }
        if cols.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if cols.len() < 10 {
            return Err(format!(
                "{name}:{line}: row: {} columns, expected 10",
                cols.len()
            ));
        }
        let drg: Drg = cols[0]
            .parse()
            .map_err(|e| format!("{name}:{line}: MS-DRG: {e}"))?;
        let number = |field: &str, col: &str| -> Result<Option<Weight>, String> {
            let t = col.trim();
            if t == "." || t.is_empty() {
                return Ok(None);
            }
            t.parse()
                .map(Some)
                .map_err(|e| format!("{name}:{line}: {field}: {e}"))
        };
        rows.push(Table5Row {
            drg,
            title: cols[5].trim().to_string(),
            weight: number("weight", cols[7])?,
            gmlos: number("geometric mean LOS", cols[8])?,
            amlos: number("arithmetic mean LOS", cols[9])?,
        });
    }
    if rows.is_empty() {
        return Err(format!("{name}: no MS-DRG rows (header 'MS-DRG' not found)"));
    }
    Ok(rows)
}

/// Parses a CC or MCC list laid out like Table 6I/6J (a title line, a
/// header, `code<TAB>description` lines, a notes trailer): the codes,
/// without dots.
pub fn parse_cc_list(name: &str, bytes: &[u8]) -> Result<Vec<String>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{name}: text: {e}"))?;
    let mut codes = Vec::new();
    for (i, raw) in text.lines().enumerate().skip(2) {
        let code = raw.split('\t').next().unwrap_or("").trim();
        if code.is_empty() {
            continue;
        }
        let key = crate::domain::codes::lookup_key(code);
        if !(3..=7).contains(&key.len()) || !key.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(format!(
                "{name}:{}: diagnosis code: '{code}' is not an ICD-10-CM code",
                i + 1
            ));
        }
        codes.push(key);
    }
    Ok(codes)
}

/// Parses the v44 DRG titles (`MS-DRG<TAB>Title<TAB>…`, a header line).
pub fn parse_titles(name: &str, bytes: &[u8]) -> Result<Vec<(Drg, String)>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("{name}: text: {e}"))?;
    let mut out = Vec::new();
    for (i, raw) in text.lines().enumerate().skip(1) {
        let mut cols = raw.split('\t');
        let (Some(drg), Some(title)) = (cols.next(), cols.next()) else {
            continue;
        };
        let drg: Drg = drg
            .parse()
            .map_err(|e| format!("{name}:{}: MS-DRG: {e}", i + 1))?;
        out.push((drg, title.trim().to_string()));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table5_rows_read_cp1252_and_dots() {
        let text = b"\"TABLE 5\x97LIST\nFY 2026\"\t\r\nMS-DRG \tA\tB\tMDC\tTYPE\tTitle\tW\tW10\tG\tA\r\n\
001\tNo\tNo\tPRE\tSURG\tHEART\t28.0239\t28.0239\t25.8\t36.2\r\n\
999\tNo\tNo\t\t**\tUNGROUPABLE\t.\t.\t.\t.\r\n\t\t\t\t\t\t\t\t\t\r\n";
        let rows = parse_table5("t5", text).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].weight.unwrap().to_string(), "28.0239");
        assert_eq!(rows[0].gmlos.unwrap().to_string(), "25.8000");
        assert_eq!(rows[1].weight, None);
        let bad = b"MS-DRG\tA\r\n001\tNo\tNo\tPRE\tSURG\tX\tabc\t1\t1\t1\r\n";
        let err = parse_table5("t5", bad).unwrap_err();
        assert!(err.starts_with("t5:2: weight:"), "{err}");
    }

    #[test]
    fn cc_lists_drop_dots_and_name_bad_lines() {
        let ok = b"TABLE 6I\nDiagnosis Code\tDescription\nA02.1\tSalmonella sepsis\n\n\tNotes:\n";
        assert_eq!(parse_cc_list("6i", ok).unwrap(), vec!["A021".to_string()]);
        let bad = b"T\nH\nA0$\tx\n";
        assert!(parse_cc_list("6i", bad).unwrap_err().starts_with("6i:3:"));
    }

    #[test]
    fn logic_errors_name_the_file() {
        let err = parse_logic("v43.json", b"{\"dxmap\": 3}").unwrap_err();
        assert!(err.starts_with("v43.json:1: logic:"), "{err}");
    }
}
