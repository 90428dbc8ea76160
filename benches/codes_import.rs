//! What every new database pays (parsing and storing the bundled ICD-10-CM
//! release) and what `chartq codes import` costs on the official files.
//!
//! `cargo bench --bench codes_import -- --warm-up-time 1 --measurement-time 5`

#[path = "../tests/it/support/fixtures.rs"]
mod fixtures;

use criterion::{Criterion, criterion_group, criterion_main};

use chartq::app::codesets::{bundled, import};
use chartq::domain::codes::CodeSystem;
use chartq::store::Store;
use chartq::store::code_tables::insert_code_set;

fn bundled_seed(c: &mut Criterion) {
    let mut g = c.benchmark_group("bundled_icd10cm");
    g.sample_size(10);
    g.bench_function("parse", |b| b.iter(|| bundled::tabular().unwrap()));
    let tabular = bundled::tabular().unwrap();
    g.bench_function("insert_in_memory", |b| {
        b.iter_with_large_drop(|| {
            let mut store = Store::open_in_memory().unwrap();
            store
                .write(|tx| {
                    insert_code_set(tx, &bundled::spec(), &tabular.set)
                        .map_err(chartq::store::StoreError::from)
                })
                .unwrap();
            store
        })
    });
    g.bench_function("seed_new_database_file", |b| {
        b.iter_with_large_drop(|| {
            let dir = tempfile::tempdir().unwrap();
            let mut store = Store::open(&dir.path().join("chartq.db")).unwrap();
            bundled::seed_if_missing(&mut store).unwrap();
            (store, dir)
        })
    });
    g.finish();
}

fn official_files(c: &mut Criterion) {
    let mut g = c.benchmark_group("import");
    g.sample_size(10);
    for (name, system, file) in [
        (
            "pcs_order_2026",
            CodeSystem::Icd10Pcs,
            "icd10pcs/icd10pcs_order_2026.txt.gz",
        ),
        (
            "cm_order_2026",
            CodeSystem::Icd10Cm,
            "icd10cm/icd10cm_order_2026.txt.gz",
        ),
        (
            "hcpcs_anweb_2019",
            CodeSystem::Hcpcs,
            "hcpcs/HCPC2019_CONTR_ANWEB.txt.gz",
        ),
    ] {
        let Some(path) = fixtures::shared_data(file) else {
            continue;
        };
        g.bench_function(format!("{name}/parse"), |b| {
            b.iter(|| import::read_file(system, &path).unwrap())
        });
        g.bench_function(format!("{name}/parse_and_store"), |b| {
            b.iter_with_large_drop(|| {
                let mut store = Store::open_in_memory().unwrap();
                let admin = chartq::domain::people::Actor {
                    user: chartq::store::people::init_as(
                        &mut store,
                        "admin",
                        chartq::store::people::process_uid(),
                    )
                    .unwrap(),
                    real_login: None,
                };
                import::import_file(&mut store, &admin, system, &path, None, None).unwrap();
                store
            })
        });
    }
    g.finish();
}

criterion_group!(benches, bundled_seed, official_files);
criterion_main!(benches);
