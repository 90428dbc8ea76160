//! The detail of one code as a coder reads it: the hierarchy above it, its
//! own and inherited notes, the 7th characters that apply, and the index
//! entries that lead to it.

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::Serialize;

use super::codes::{exact_code, find_code, notes_of};
use super::index_terms::index_terms_of;
use crate::domain::codes::{Code, CodeKind, CodeSetVersion, CodeSystem, NoteKind};

/// Everything a coder reads about one code: the code detail pane of the
/// TUI and `chartq code show` both print this.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CodeDetail {
    pub system: CodeSystem,
    pub version: String,
    pub code: String,
    pub kind: CodeKind,
    pub billable: bool,
    pub title: String,
    pub short_title: Option<String>,
    /// Last valid date of service, when the release terminates the code.
    pub valid_until: Option<NaiveDate>,
    /// The releases the version's notes were copied from (`FY2026`), when
    /// its own file has none (a CMS codes file); `None`: its own notes.
    pub notes_borrowed_from: Option<String>,
    /// Ancestors from the top (chapter) down to the parent.
    pub hierarchy: Vec<Ancestor>,
    /// The code's own notes first, then each ancestor's, nearest first.
    pub notes: Vec<DetailNote>,
    /// The 7th characters that apply to the code, from the nearest entry
    /// (itself or an ancestor) that defines them.
    pub seventh_characters: Vec<SeventhCharacter>,
    /// Which entry defines `seventh_characters`.
    pub seventh_characters_from: Option<String>,
    /// Index-file entries that lead to this code ("Acetaminophen,
    /// Poisoning Accidental (unintentional)"): why search found it.
    pub index_terms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Ancestor {
    pub code: String,
    pub kind: CodeKind,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DetailNote {
    pub kind: NoteKind,
    pub text: String,
    /// `None` for the code's own notes; the ancestor's code for notes that
    /// apply because an ancestor carries them.
    pub inherited_from: Option<String>,
    /// The release (version label) the note was copied from, on a version
    /// whose file has no notes; `None` for a note of the version's own file.
    pub borrowed_from: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeventhCharacter {
    pub character: String,
    pub meaning: String,
}

/// The detail of `code` (any case, dot optional) in `version`, or `None`
/// when the version has no such code.
pub fn code_detail(
    conn: &Connection,
    version: &CodeSetVersion,
    code: &str,
) -> rusqlite::Result<Option<CodeDetail>> {
    let Some(found) = find_code(conn, version.id, code)? else {
        return Ok(None);
    };
    let mut chain = vec![found.code.clone()];
    // Parents always exist in a well-formed set; the depth bound guards
    // against a cycle in a hand-edited database.
    while let Some(parent) = chain.last().and_then(|c| c.parent.clone()) {
        match exact_code(conn, version.id, &parent)? {
            Some(p) if chain.len() < 16 => chain.push(p),
            _ => break,
        }
    }
    let mut entry_notes = Vec::with_capacity(chain.len());
    for entry in &chain {
        let read = notes_of(conn, version.id, &entry.code)?;
        entry_notes.push(
            read.into_iter()
                .map(|(note, borrowed_from)| (note.kind, note.text, borrowed_from))
                .collect(),
        );
    }
    let index_terms = index_terms_of(conn, version.id, &chain[0].code)?;
    Ok(Some(assemble_detail(
        version,
        chain,
        entry_notes,
        index_terms,
    )))
}

/// One note of an entry as a backend reads it: its kind, its text, and the
/// release it was borrowed from (`None`: the version's own file).
pub type EntryNote = (NoteKind, String, Option<String>);

/// A code's detail from what a backend read: `chain` is the code, then its
/// ancestors nearest first; `entry_notes[i]` are `chain[i]`'s notes in
/// order. The one rule for both backends of which notes are inherited and
/// which entry's 7th characters apply (the nearest that defines any).
pub fn assemble_detail(
    version: &CodeSetVersion,
    mut chain: Vec<Code>,
    entry_notes: Vec<Vec<EntryNote>>,
    index_terms: Vec<String>,
) -> CodeDetail {
    let mut notes = Vec::new();
    let mut seventh = None;
    for (depth, (entry, read)) in chain.iter().zip(entry_notes).enumerate() {
        let inherited_from = (depth > 0).then(|| entry.code.clone());
        let mut defs = Vec::new();
        for (kind, text, borrowed_from) in read {
            if kind == NoteKind::SeventhCharacter {
                let (c, meaning) = text.split_once(": ").unwrap_or(("", &text));
                defs.push(SeventhCharacter {
                    character: c.to_string(),
                    meaning: meaning.to_string(),
                });
            } else {
                notes.push(DetailNote {
                    kind,
                    text,
                    inherited_from: inherited_from.clone(),
                    borrowed_from,
                });
            }
        }
        if seventh.is_none() && !defs.is_empty() {
            seventh = Some((entry.code.clone(), defs));
        }
    }
    let me = chain.remove(0);
    let (seventh_characters_from, seventh_characters) = match seventh {
        Some((from, defs)) => (Some(from), defs),
        None => (None, Vec::new()),
    };
    CodeDetail {
        system: version.system,
        version: version.label.clone(),
        code: me.code,
        kind: me.kind,
        billable: me.billable,
        title: me.long_title,
        short_title: me.short_title,
        valid_until: me.valid_until,
        notes_borrowed_from: version.notes_from.clone(),
        hierarchy: chain
            .into_iter()
            .rev()
            .map(|a| Ancestor {
                code: a.code,
                kind: a.kind,
                title: a.long_title,
            })
            .collect(),
        notes,
        seventh_characters,
        seventh_characters_from,
        index_terms,
    }
}
