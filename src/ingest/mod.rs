//! The parsers: every file chartq reads from outside, turned into domain
//! values with errors that name the file, line and field. The official
//! code-set formats (ICD-10-CM tabular XML and codes files, the ICD-10-PCS
//! order file, HCPCS fixed-width, CPT licensee files, the Alphabetic Index
//! and the addenda) and the chart feed (JSONL/CSV).
//!
//! No SQL and no terminal: a parser reads bytes and returns values (or one
//! [`error::ImportError`]); `app` decides what to store.

pub mod addenda;
pub mod chart_feed;
pub mod checks;
pub mod claims;
pub mod cm_index;
pub mod cm_index_tree;
pub mod codes_file;
pub mod cpt;
pub mod error;
pub mod hcpcs;
pub mod icd10cm;
mod json;
pub mod lay_terms;
pub mod layout;
pub mod mce;
pub mod msdrg;
pub mod order_file;
pub mod pcs_definitions;
pub mod pcs_tables;
pub mod poa_exempt;
pub mod source;
pub mod successor;
mod xml;
