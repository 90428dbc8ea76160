//! The ICD-10-CM tabular conventions as coding edits (every setting):
//! Excludes1 pairs, the etiology/manifestation convention, and "code
//! first" / "use additional code" reminders, resolved against one version's
//! notes with the notes of each code's category, section and chapter.
//!
//! `patterns.rs` reads the code references in a note's text; `notes.rs`
//! builds [`TabularNotes`] (one version, parsed once) from the entries the
//! store returns (`Backend::tabular_notes`); `edits.rs` checks a claim.
//! The rules and what is left out: `docs/tabular-edits-notes.md`.

mod edits;
mod notes;
mod patterns;

pub use edits::tabular_edits;
pub use notes::{Holder, Instruction, TabularNotes};
pub use patterns::{CodePattern, references};

#[cfg(test)]
mod tests;
