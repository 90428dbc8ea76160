//! What parsing the official ICD-10-CM index files costs (`chartq codes
//! import-index` pays it before storing): each file read from disk,
//! decompressed when gzip, and parsed into entries.
//!
//! `cargo bench --bench cm_index -- --warm-up-time 1 --measurement-time 5`

#[path = "../tests/it/support/fixtures.rs"]
mod fixtures;

use criterion::{Criterion, criterion_group, criterion_main};

use chartq::ingest::cm_index;

fn index_files(c: &mut Criterion) {
    let mut g = c.benchmark_group("cm_index");
    g.sample_size(10);
    for (name, file) in [
        ("drug_2022", "icd10cm/fy2022/icd10cm_drug_2022.xml.gz"),
        ("neoplasm_2022", "icd10cm/fy2022/icd10cm_neoplasm_2022.xml"),
        ("eindex_2022", "icd10cm/fy2022/icd10cm_eindex_2022.xml.gz"),
    ] {
        let Some(path) = fixtures::shared_data(file) else {
            continue;
        };
        g.bench_function(format!("{name}/read_and_parse"), |b| {
            b.iter(|| cm_index::read_file(&path).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, index_files);
criterion_main!(benches);
