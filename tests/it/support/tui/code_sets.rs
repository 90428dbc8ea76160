//! A database with every code system loaded, for the TUI benches: the
//! bundled ICD-10-CM, ICD-10-PCS and HCPCS from ../shared/data, and a
//! CPT-sized set of 11,000 invented codes and descriptors (no CPT content).

use std::io::Write;
use std::path::{Path, PathBuf};

use chartq::app::codesets::import::import_file;
use chartq::domain::codes::CodeSystem;
use chartq::store::Store;

// `support::fixtures` (in the benches, their own `fixtures` module).
use super::super::fixtures as common;

/// Words the invented CPT descriptors are made of.
const WORDS: &[&str] = &[
    "invented",
    "procedure",
    "evaluation",
    "repair",
    "excision",
    "imaging",
    "injection",
    "catheter",
    "graft",
    "biopsy",
    "lesion",
    "therapy",
    "consultation",
    "visit",
    "panel",
    "assay",
    "suture",
    "drainage",
    "implant",
    "revision",
];

/// Writes `n` invented CPT entries in the AMA text layout.
fn invented_cpt(path: &Path, n: usize) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    for i in 0..n {
        let words: Vec<&str> = (0..5)
            .map(|k| WORDS[(i * 7 + k * 13 + i / 20) % WORDS.len()])
            .collect();
        writeln!(
            f,
            "{:05}\tInvented service {i}: {}",
            10000 + i,
            words.join(" ")
        )
        .unwrap();
    }
}

/// Builds the database in `dir`; `None` (with the reason printed) when the
/// official files are absent.
pub fn all_code_sets(dir: &Path) -> Option<PathBuf> {
    let pcs = common::shared_data("icd10pcs/icd10pcs_order_2026.txt.gz")?;
    let hcpcs = common::shared_data("hcpcs/HCPC2019_CONTR_ANWEB.txt.gz")?;
    let db = dir.join("all-codes.db");
    let mut store = Store::open(&db).unwrap();
    chartq::app::codesets::bundled::seed_if_missing(&mut store).unwrap();
    // Importing code sets is admin work: the database gets its first admin.
    let admin = chartq::domain::people::Actor {
        user: chartq::store::people::init_as(
            &mut store,
            "admin",
            chartq::store::people::process_uid(),
        )
        .expect("first admin"),
        real_login: None,
    };
    let cpt = dir.join("invented_cpt_2026.txt");
    invented_cpt(&cpt, 11_000);
    for (system, file) in [
        (CodeSystem::Icd10Pcs, pcs),
        (CodeSystem::Hcpcs, hcpcs),
        (CodeSystem::Cpt, cpt),
    ] {
        import_file(&mut store, &admin, system, &file, None, None)
            .unwrap_or_else(|e| panic!("{}: {e}", file.display()));
    }
    Some(db)
}
