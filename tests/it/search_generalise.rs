//! Floors for the search mechanisms that do not depend on the query's
//! words alone (docs/search-cm-notes.md): the encounter a query asks for
//! among 7th-character siblings (none said = initial), the patient's own
//! history before a relative's, a finished lay word read as the lexicon
//! says rather than as a prefix, and `see` references that name their
//! target with nonessential modifiers. The bundled ICD-10-CM with the
//! FY2017 Index to Diseases imported, `--system cm`.
//!
//! Skips, with the reason printed, when `../shared/data` is absent.

use chartq::app::codesets::{bundled, import};
use chartq::domain::codes::CodeSystem;
use chartq::search::{self, Index, SearchOptions};
use chartq::store::{Store, people};

const INDEX_2017: &str = "icd10cm/fy2017/icd10cm_index_2017.xml.gz";

fn cm_index() -> Option<Index> {
    let path = crate::support::fixtures::shared_data(INDEX_2017)?;
    let mut store = Store::open_in_memory().expect("in-memory store");
    bundled::seed_if_missing(&mut store).expect("bundled ICD-10-CM");
    let admin = chartq::domain::people::Actor {
        user: people::init_as(&mut store, "admin", people::process_uid()).expect("first admin"),
        real_login: None,
    };
    import::import_index_file(&mut store, &admin, &path, None).expect("FY2017 index");
    Some(search::load(&mut store, None, &[CodeSystem::Icd10Cm]).expect("index"))
}

fn codes(index: &Index, query: &str) -> Vec<String> {
    let opts = SearchOptions {
        systems: vec![CodeSystem::Icd10Cm],
        limit: 10,
        ..SearchOptions::default()
    };
    index
        .search(query, &opts)
        .into_iter()
        .map(|h| h.code.replace('.', ""))
        .collect()
}

#[test]
fn search_reads_encounter_history_and_lay_words_as_coders_mean_them() {
    let Some(index) = cm_index() else { return };
    let first = |q: &str| codes(&index, q).into_iter().next().unwrap_or_default();
    // No encounter word: the initial encounter leads its siblings.
    for q in ["broken nose", "fall from ladder", "clavicle fracture"] {
        let c = first(q);
        assert!(c.len() == 7 && c.ends_with('A'), "{q}: {c}");
    }
    // An encounter word: that one leads (routine healing, not nonunion).
    let c = first("broken collarbone subsequent");
    assert!(c.starts_with("S420") && c.ends_with('D'), "{c}");
    assert!(first("hip fracture sequela").ends_with('S'));
    // "history of" is the patient's own; "family history" a relative's.
    assert_eq!(first("history of breast cancer"), "Z853");
    assert_eq!(first("family history of breast cancer"), "Z803");
    // A finished lay word is read as the lexicon says, not as a prefix.
    let acl = codes(&index, "torn acl");
    assert!(acl.iter().any(|c| c.starts_with("S8351")), "{acl:?}");
    assert!(!acl.iter().any(|c| c.starts_with("X37")), "{acl:?}");
}
