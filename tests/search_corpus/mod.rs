//! The real corpus for search tests and benches: the bundled ICD-10-CM,
//! ICD-10-PCS and HCPCS from `../shared/data` (through the same importers
//! `chartq codes import` uses), and optionally a generated CPT-sized set of
//! invented codes (no AMA content). Included by `tests/it/support` and
//! `benches/search.rs` with `#[path]`.
#![allow(dead_code)] // each test crate uses a different subset

use chartq::app::codesets::{bundled, import};
use chartq::domain::codes::{Code, CodeKind, CodeSet, CodeSystem};
use chartq::store::code_tables::{VersionSpec, insert_code_set};
use chartq::store::{Store, StoreError, people};

// `fixtures` is the sibling module (`support::fixtures`; in `benches/search.rs`,
// a module of the bench).
use super::fixtures as common;

pub const PCS_FILE: &str = "icd10pcs/icd10pcs_order_2026.txt.gz";
pub const HCPCS_FILE: &str = "hcpcs/HCPC2019_CONTR_ANWEB.txt.gz";
/// The ICD-10-CM index files (FY2022: the newest in ../shared/data).
pub const INDEX_FILES: [&str; 3] = [
    "icd10cm/fy2022/icd10cm_drug_2022.xml.gz",
    "icd10cm/fy2022/icd10cm_neoplasm_2022.xml",
    "icd10cm/fy2022/icd10cm_eindex_2022.xml.gz",
];

/// An in-memory store holding the bundled ICD-10-CM and the shared PCS and
/// HCPCS files; `None` (reason printed) when the shared files are absent.
/// `with_index` attaches the ICD-10-CM index files' terms (drugs,
/// neoplasms, external causes) to the ICD-10-CM version.
pub fn real_store(with_cpt: bool, with_index: bool) -> Option<Store> {
    let pcs = common::shared_data(PCS_FILE)?;
    let hcpcs = common::shared_data(HCPCS_FILE)?;
    let mut store = Store::open_in_memory().expect("in-memory store");
    bundled::seed_if_missing(&mut store).expect("bundled ICD-10-CM");
    // Importing code sets is admin work: the store gets its first admin.
    let admin = chartq::domain::people::Actor {
        user: people::init_as(&mut store, "admin", people::process_uid()).expect("first admin"),
        real_login: None,
    };
    import::import_file(&mut store, &admin, CodeSystem::Icd10Pcs, &pcs, None, None).expect("PCS");
    import::import_file(&mut store, &admin, CodeSystem::Hcpcs, &hcpcs, None, None).expect("HCPCS");
    if with_index {
        for file in INDEX_FILES {
            let path = common::shared_data(file)?;
            import::import_index_file(&mut store, &admin, &path, None).expect("index file");
        }
    }
    if with_cpt {
        let spec = VersionSpec {
            system: CodeSystem::Cpt,
            label: "invented-2026".into(),
            effective_from: "2026-01-01".parse().unwrap(),
            effective_to: "2026-12-31".parse().ok(),
            source: "generated".into(),
        };
        let set = invented_cpt(11_000);
        store
            .write(|tx| insert_code_set(tx, &spec, &set).map_err(StoreError::from))
            .expect("generated CPT");
    }
    Some(store)
}

/// `n` invented five-digit procedure codes with invented descriptors built
/// from a small word list (CPT-sized, CPT-shaped, no AMA text).
pub fn invented_cpt(n: usize) -> CodeSet {
    const ACTIONS: [&str; 12] = [
        "Excision",
        "Repair",
        "Injection",
        "Drainage",
        "Biopsy",
        "Imaging",
        "Evaluation",
        "Insertion",
        "Removal",
        "Revision",
        "Closure",
        "Manipulation",
    ];
    const SITES: [&str; 16] = [
        "elbow",
        "forearm",
        "eyelid",
        "sinus",
        "flank",
        "heel",
        "scalp",
        "tendon sheath",
        "kneecap",
        "collarbone",
        "upper lip",
        "ear canal",
        "thumb",
        "ankle",
        "groin",
        "shin",
    ];
    const DETAILS: [&str; 10] = [
        "simple",
        "complex",
        "first lesion",
        "each additional lesion",
        "under imaging guidance",
        "with graft",
        "without graft",
        "bilateral",
        "limited study",
        "complete study",
    ];
    let codes = (0..n)
        .map(|i| Code {
            code: format!("{:05}", 10_000 + i * 8),
            kind: CodeKind::Code,
            billable: true,
            short_title: None,
            long_title: format!(
                "{} of {}, {} (invented entry {i})",
                ACTIONS[i % ACTIONS.len()],
                SITES[(i / ACTIONS.len()) % SITES.len()],
                DETAILS[(i / 7) % DETAILS.len()]
            ),
            parent: None,
            notes: Vec::new(),
            valid_until: None,
        })
        .collect();
    CodeSet { codes }
}
