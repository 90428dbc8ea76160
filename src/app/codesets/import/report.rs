//! What an import reports besides its codes: how the release differs
//! from the version before it, how a codes file's hierarchy and notes were
//! made, and how the file agrees with its addenda.

use std::collections::HashMap;

use crate::domain::codes::CodeSetVersion;
use crate::ingest::addenda::AddendaCheck;
use crate::ingest::successor::HierarchyReport;

/// How a release's billable codes differ from the version before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Changes {
    /// The version compared with (`ICD-10-CM FY2026`).
    pub against: String,
    pub added: usize,
    pub deleted: usize,
    /// Codes whose long title changed.
    pub retitled: usize,
    /// Of the other codes, those whose titles differ only in accents (the
    /// CMS text files are ASCII: "Sezary" where the tabular says "Sézary").
    pub accents_only: usize,
}

/// What a CMS codes file's import built, besides its codes.
#[derive(Debug, Clone)]
pub struct Derived {
    /// The release the hierarchy and header titles come from
    /// (`ICD-10-CM FY2026`); `None` when none was installed.
    pub hierarchy_from: Option<String>,
    pub report: HierarchyReport,
    /// The releases the notes were borrowed from (`FY2026`).
    pub notes_from: Option<String>,
}

/// An addenda checked against the imported file.
#[derive(Debug, Clone)]
pub struct CheckedAddenda {
    pub name: String,
    pub adds: usize,
    pub deletes: usize,
    pub revisions: usize,
    pub check: AddendaCheck,
}

/// Compares a release's billable codes (`code` → title) with `previous`'s.
/// (`old`: the previous version's billable codes and titles, as stored.)
pub(super) fn changes_against(
    previous: &CodeSetVersion,
    old: &HashMap<String, String>,
    billable: &HashMap<String, String>,
) -> Changes {
    let mut changes = Changes {
        against: format!("{} {}", previous.system, previous.label),
        added: billable.keys().filter(|c| !old.contains_key(*c)).count(),
        deleted: old.keys().filter(|c| !billable.contains_key(*c)).count(),
        retitled: 0,
        accents_only: 0,
    };
    for (code, title) in billable {
        match old.get(code) {
            Some(before) if before != title => {
                if fold_accents(before) == fold_accents(title) {
                    changes.accents_only += 1;
                } else {
                    changes.retitled += 1;
                }
            }
            _ => {}
        }
    }
    changes
}

/// Latin letters with their accents dropped (`Sézary` → `Sezary`), as CMS's
/// ASCII files write the tabular's eponyms.
pub fn fold_accents(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
            'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => 'A',
            'ç' => 'c',
            'Ç' => 'C',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'È' | 'É' | 'Ê' | 'Ë' => 'E',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'Ì' | 'Í' | 'Î' | 'Ï' => 'I',
            'ñ' => 'n',
            'Ñ' => 'N',
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' => 'o',
            'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' => 'O',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'Ù' | 'Ú' | 'Û' | 'Ü' => 'U',
            'ý' | 'ÿ' => 'y',
            'Ý' => 'Y',
            other => other,
        })
        .collect()
}
