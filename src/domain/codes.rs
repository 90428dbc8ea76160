//! The code model: code systems, codes, their hierarchy and instructional
//! notes, and the code-set versions that carry effective dates.
//!
//! One parser per official format lives in `ingest`; each turns a file into
//! a [`CodeSet`] that `store::code_tables` writes in one transaction.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

crate::string_enum! {
    /// The code systems chartq knows. Modifiers belong to the system that
    /// issues them (HCPCS Level II modifiers such as `LT` are
    /// [`CodeKind::Modifier`] entries of [`CodeSystem::Hcpcs`]; CPT modifiers
    /// of [`CodeSystem::Cpt`]). The stored name is the full one; coders type
    /// the short ones (`--system cm`).
    #[derive(PartialOrd, Ord)]
    pub enum CodeSystem: "code system" {
        Icd10Cm = "ICD-10-CM" | "cm" | "icd10" | "dx",
        Icd10Pcs = "ICD-10-PCS" | "pcs" | "px",
        Cpt = "CPT",
        Hcpcs = "HCPCS" | "hcpcs2" | "hcpcsii" | "hcpcs level ii" | "level2",
    }
}

impl CodeSystem {
    /// The short name coders type on the command line (`--system cm`).
    pub fn short_name(self) -> &'static str {
        match self {
            Self::Icd10Cm => "cm",
            Self::Icd10Pcs => "pcs",
            Self::Cpt => "cpt",
            Self::Hcpcs => "hcpcs",
        }
    }

    /// Diagnosis systems describe conditions; the others describe procedures
    /// and services. Finalize rules depend on the difference.
    pub fn is_diagnosis(self) -> bool {
        matches!(self, Self::Icd10Cm)
    }
}

crate::string_enum! {
    /// Where an entry sits in its system's hierarchy. `ALL`'s order is fixed:
    /// the search snapshot stores positions.
    pub enum CodeKind: "code kind" {
        /// ICD-10-CM chapter (code is the chapter number, e.g. `4`).
        Chapter = "chapter",
        /// ICD-10-CM block / section (code is the range, e.g. `E08-E13`), PCS table.
        Section = "section",
        /// A code that has children: not reportable on its own.
        Category = "category",
        /// A reportable (or once reportable) code.
        Code = "code",
        /// A modifier (HCPCS/CPT), appended to a procedure code.
        Modifier = "modifier",
    }
}

crate::string_enum! {
    /// The kinds of instructional note the tabular lists carry.
    pub enum NoteKind: "note kind" {
        /// Inclusion terms: synonyms and conditions classified to the code.
        Inclusion = "inclusion",
        Includes = "includes",
        Excludes1 = "excludes1",
        Excludes2 = "excludes2",
        CodeFirst = "code_first",
        UseAdditionalCode = "use_additional_code",
        CodeAlso = "code_also",
        /// One 7th-character definition, text `"A: initial encounter"`.
        SeventhCharacter = "seventh_character",
        /// The `sevenChrNote` that says a 7th character applies.
        SeventhCharacterNote = "seventh_character_note",
        /// Any other note (`<notes>`), e.g. a chapter's guidance.
        Note = "note",
    }
}

impl NoteKind {
    /// How a coder's reference book heads this kind of note (`chartq code
    /// show` and the TUI's detail pane).
    pub fn heading(self) -> &'static str {
        match self {
            NoteKind::Inclusion => "Inclusion term",
            NoteKind::Includes => "Includes",
            NoteKind::Excludes1 => "Excludes1",
            NoteKind::Excludes2 => "Excludes2",
            NoteKind::CodeFirst => "Code first",
            NoteKind::UseAdditionalCode => "Use additional code",
            NoteKind::CodeAlso => "Code also",
            NoteKind::SeventhCharacter => "7th character",
            NoteKind::SeventhCharacterNote => "7th character note",
            NoteKind::Note => "Note",
        }
    }
}

/// One instructional note attached to a code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub kind: NoteKind,
    pub text: String,
}

/// One entry of a code set, as issued (ICD-10-CM with its dot: `E11.22`;
/// PCS, CPT and HCPCS without).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Code {
    pub code: String,
    pub kind: CodeKind,
    pub billable: bool,
    /// Abbreviated title where the format has one (order files, HCPCS).
    pub short_title: Option<String>,
    pub long_title: String,
    /// The code of the parent entry in the same code set (chapter → section
    /// → category → code → 7th-character code), `None` at the top.
    pub parent: Option<String>,
    /// Notes written on this entry itself (inherited ones are found by
    /// walking `parent`).
    pub notes: Vec<Note>,
    /// Last date of service the code may be reported on (inclusive), when
    /// the release terminates it (HCPCS termination dates); `None` = valid
    /// for the whole version.
    pub valid_until: Option<NaiveDate>,
}

#[cfg(test)]
impl Code {
    /// A billable code with no notes, for tests that need a code set.
    pub(crate) fn billable(code: &str, title: &str) -> Code {
        Code {
            code: code.into(),
            kind: CodeKind::Code,
            billable: true,
            short_title: None,
            long_title: title.into(),
            parent: None,
            notes: vec![],
            valid_until: None,
        }
    }
}

impl Code {
    /// False once the code's termination date has passed.
    pub fn is_valid_on(&self, date: NaiveDate) -> bool {
        self.valid_until.is_none_or(|until| date <= until)
    }
}

/// A whole parsed code-set file, ready to be stored as one version.
#[derive(Debug, Clone, Default)]
pub struct CodeSet {
    /// Entries in the file's own order (tabular order).
    pub codes: Vec<Code>,
}

/// Where the instructional notes of a derived code set come from: a CMS
/// codes file has none, so each entry borrows the notes of the same entry
/// in an earlier tabular release (see [`successor`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BorrowedNotes {
    /// The labels of the releases notes were copied from (`FY2026`).
    pub releases: Vec<String>,
    /// For each entry of the set (same positions as `CodeSet::codes`), the
    /// index in `releases` of the release its notes were copied from;
    /// `None` for an entry no release had.
    pub of_entry: Vec<Option<usize>>,
}

impl BorrowedNotes {
    /// The release entry `i`'s notes were copied from.
    pub fn label(&self, i: usize) -> Option<&str> {
        self.of_entry
            .get(i)
            .copied()
            .flatten()
            .and_then(|r| self.releases.get(r))
            .map(String::as_str)
    }

    /// What the version records as `notes_from`: the releases, comma-joined
    /// (`None` when nothing was borrowed).
    pub fn summary(&self) -> Option<String> {
        (!self.releases.is_empty()).then(|| self.releases.join(", "))
    }
}

/// The `source` of every version chartq seeds from its bundled files starts
/// with this (`bundled:icd10cm_codes_2027.txt`).
pub const BUNDLED_SOURCE_PREFIX: &str = "bundled:";

/// A stored code-set version: which release, for which dates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeSetVersion {
    pub id: i64,
    pub system: CodeSystem,
    pub label: String,
    pub effective_from: NaiveDate,
    /// Last day the version is valid (inclusive); `None` means open-ended.
    pub effective_to: Option<NaiveDate>,
    pub source: String,
    pub imported_at: String,
    pub code_count: i64,
    pub billable_count: i64,
    /// `Some(labels)` when the version's notes are borrowed from other
    /// (tabular) releases because its own file has none (a CMS codes file):
    /// its Excludes/Code first/7th-character notes are another release's,
    /// so edits built on them are advisory on this version.
    pub notes_from: Option<String>,
}

impl CodeSetVersion {
    pub fn covers(&self, date: NaiveDate) -> bool {
        date >= self.effective_from && self.effective_to.is_none_or(|to| date <= to)
    }

    /// Seeded by chartq from the files compiled into it, not imported by
    /// the site.
    pub fn is_bundled(&self) -> bool {
        self.source.starts_with(BUNDLED_SOURCE_PREFIX)
    }

    /// True when the version's notes come from another release.
    pub fn notes_borrowed(&self) -> bool {
        self.notes_from.is_some()
    }

    /// Which of several versions covering a date wins: the newest start
    /// date; on the same start date a site's own import before a bundled
    /// version (a site that imports the CDC tabular for a fiscal year under
    /// its own label keeps using it); then the most recently stored.
    pub fn precedence(&self) -> (NaiveDate, bool, i64) {
        (self.effective_from, !self.is_bundled(), self.id)
    }
}

/// A code normalised for lookup: upper case, no dot, no spaces. `e11.22`,
/// `E1122` and ` E11.22 ` all key to `E1122`.
pub fn lookup_key(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A code key (no dot) written as `system` issues it: ICD-10-CM with a dot
/// after the category (`E1122` → `E11.22`), the others unchanged.
pub fn display_code(system: CodeSystem, key: &str) -> String {
    match system {
        CodeSystem::Icd10Cm if key.len() > 3 && key.is_char_boundary(3) => {
            format!("{}.{}", &key[..3], &key[3..])
        }
        _ => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn systems_parse_from_short_and_long_names() {
        assert_eq!("cm".parse::<CodeSystem>(), Ok(CodeSystem::Icd10Cm));
        assert_eq!("ICD-10-PCS".parse::<CodeSystem>(), Ok(CodeSystem::Icd10Pcs));
        assert_eq!("HCPCS".parse::<CodeSystem>(), Ok(CodeSystem::Hcpcs));
        assert!("loinc".parse::<CodeSystem>().is_err());
    }

    #[test]
    fn lookup_key_ignores_dot_and_case() {
        assert_eq!(lookup_key(" e11.22 "), "E1122");
        assert_eq!(lookup_key("0DTJ4ZZ"), "0DTJ4ZZ");
    }

    #[test]
    fn cm_codes_are_displayed_with_their_dot() {
        assert_eq!(display_code(CodeSystem::Icd10Cm, "E1122"), "E11.22");
        assert_eq!(display_code(CodeSystem::Icd10Cm, "E11"), "E11");
        assert_eq!(display_code(CodeSystem::Icd10Pcs, "0DTJ4ZZ"), "0DTJ4ZZ");
    }

    #[test]
    fn note_kinds_round_trip() {
        for k in NoteKind::ALL {
            assert_eq!(NoteKind::parse(k.as_str()), Some(k));
        }
    }
}
