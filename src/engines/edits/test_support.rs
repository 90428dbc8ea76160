//! Test support: the bundled tables (read from `codesets/`, parsed once)
//! and invented claims. Synthetic data only.

use std::io::Read;
use std::sync::OnceLock;

use chrono::NaiveDate;

use super::{MceTables, MceVersionSpec, PoaExempt};
use crate::domain::chart::EncounterType;
use crate::domain::claim::{Claim, ClaimDiagnosis, ClaimProcedure, Reported, Sex};
use crate::domain::edit::{Edit, EditName};
use crate::ingest::mce::{parse_age_ranges, parse_code_table};
use crate::ingest::poa_exempt::parse_poa_exempt;
use crate::ingest::source::Source;

pub fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn read(rel: &str) -> Source {
    let path = format!("{}/codesets/{rel}", env!("CARGO_MANIFEST_DIR"));
    let raw = std::fs::read(&path).unwrap();
    let bytes = if rel.ends_with(".gz") {
        let mut out = Vec::new();
        flate2::read::GzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .unwrap();
        out
    } else {
        raw
    };
    Source::from_bytes(rel, bytes)
}

/// The bundled MCE tables and POA lists, as the app builds them.
pub fn tables() -> &'static (MceTables, PoaExempt) {
    static T: OnceLock<(MceTables, PoaExempt)> = OnceLock::new();
    T.get_or_init(|| {
        let spec = |label: &str, file, from, to, horizon| MceVersionSpec {
            label: label.into(),
            covers_from: from,
            covers_to: to,
            horizon,
            rows: parse_code_table(&read(file)).unwrap(),
        };
        let mce = MceTables::new(
            vec![
                spec(
                    "v43.1",
                    "mce/mce_v43.1_icd10.tsv.gz",
                    ymd(2015, 10, 1),
                    ymd(2026, 9, 30),
                    None,
                ),
                spec(
                    "v44",
                    "mce/mce_v44_icd10_derived.tsv.gz",
                    ymd(2026, 10, 1),
                    ymd(2027, 9, 30),
                    Some(ymd(2027, 3, 31)),
                ),
            ],
            parse_age_ranges(&read("mce/age_ranges.tsv")).unwrap(),
        )
        .unwrap();
        let codes = parse_poa_exempt(&read("poa/POAexemptCodesFY26.txt.gz")).unwrap();
        let (end, start) = (ymd(2026, 9, 30), ymd(2026, 10, 1));
        let poa = PoaExempt::official(2026, codes).derive_next(
            2026,
            mce.for_date(end).unwrap().dx_codes_on(end),
            mce.for_date(start).unwrap().dx_codes_on(start),
        );
        (mce, poa)
    })
}

/// An inpatient claim: a 50-year-old man discharged home on 2026-01-15
/// after 5 days, with `pdx` (POA Y) and nothing else.
pub fn claim(pdx: &str) -> Claim {
    Claim {
        id: "T1".into(),
        encounter_type: EncounterType::Inpatient,
        age: 50,
        sex: Reported::Given(Sex::Male),
        admit_date: ymd(2026, 1, 10),
        discharge_date: ymd(2026, 1, 15),
        discharge_status: Some(Reported::from_text("01")),
        pdx: Some(dx(pdx)),
        sdx: Vec::new(),
        procedures: Vec::new(),
    }
}

pub fn dx(code: &str) -> ClaimDiagnosis {
    ClaimDiagnosis {
        code: code.into(),
        poa: Some(Reported::from_text("Y")),
    }
}

pub fn px(code: &str) -> ClaimProcedure {
    ClaimProcedure { code: code.into() }
}

/// The names of `edits`, in order.
pub fn names(edits: &[Edit]) -> Vec<EditName> {
    edits.iter().map(|e| e.name).collect()
}
