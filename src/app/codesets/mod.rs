//! Code sets in a database: importing an official release (checked,
//! audited, with a search snapshot built), seeding the bundled versions a
//! database lacks, and the per-machine seed template that makes a new
//! database a file copy instead of a minute of parsing.

pub mod bundled;
pub mod import;
pub mod poa_list;
pub mod template;
