//! Every coding edit of one claim, as the coder sees them: the Medicare
//! Code Editor and the POA rules (inpatient claims), and the tabular
//! conventions (every setting), in claim order.

use crate::domain::claim::Claim;
use crate::domain::edit::Edit;
use crate::engines::edits::{MceTables, NoTables, PoaExempt, mce_edits, poa_edits};
use crate::engines::tabular::{TabularNotes, tabular_edits};

/// What the edits read. `notes` is `None` when no ICD-10-CM version with
/// notes covers the discharge date (the tabular edits then say nothing:
/// the store's own checks already refuse codes no version has).
#[derive(Clone, Copy)]
pub struct EditTables<'a> {
    pub mce: &'a MceTables,
    pub poa: &'a PoaExempt,
    pub notes: Option<&'a TabularNotes>,
}

/// The claim's edits: the MCE's, then POA, then the tabular conventions,
/// each in claim order. One problem is reported once: a manifestation
/// code as an inpatient principal is the MCE's `manifestation_as_pdx`,
/// and the tabular engine leaves that code to it. `Err` when no MCE table
/// covers an inpatient claim's discharge date.
pub fn check(claim: &Claim, tables: &EditTables<'_>) -> Result<Vec<Edit>, NoTables> {
    let mut edits = mce_edits(claim, tables.mce)?;
    edits.extend(poa_edits(claim, tables.poa));
    if let Some(notes) = tables.notes {
        edits.extend(tabular_edits(claim, notes));
    }
    Ok(edits)
}
