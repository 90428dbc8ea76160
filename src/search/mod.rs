//! Code search: query parsing, abbreviations and synonyms, the in-memory
//! index and ranking.
//!
//! ```text
//! store::code_tables ──indexable_codes──▶ Index::build ──▶ Index::search(query, opts) ──▶ Vec<Hit>
//!                            ▲                                   │
//!                 load(conn, date, systems)          Query::parse + Abbreviations
//! ```
//!
//! Searches that know their chart's date of service go through the one
//! [`DatedSearch`] service (its module documents the rule for a date no
//! installed version covers): the TUI on every keystroke from a worker
//! thread, the CLI for one query or a batch.

mod abbreviations;
mod cache;
mod cm_by_site;
mod combine;
mod dated;
mod hcpcs_dme;
mod hcpcs_dose;
mod hcpcs_head;
mod hcpcs_prior;
mod hcpcs_vocab;
mod index;
mod lay_terms;
mod load;
mod morphology;
mod pcs;
mod query;
mod rank;
mod see_terms;
mod snapshot;
mod stem;
#[cfg(test)]
mod testing;
mod vocab;
mod words;

pub use abbreviations::{Abbreviations, BUILTIN_TABLE, TableError};
pub use cache::snapshot_encoder;
pub use dated::{DatedSearch, Selection, Uncovered, select};
pub use index::Index;
pub use lay_terms::{BUNDLED_LAY_TERMS, bundled_lay_terms};
pub use load::{LoadError, choose_versions, load, load_versions, load_versions_from};
pub use query::Query;
pub use rank::{Hit, SearchOptions};
pub use see_terms::see_entries;
