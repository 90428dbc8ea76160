//! One version's entries with the notes the tabular edits read, for
//! building the engine's `TabularNotes`: one query, streamed.

use rusqlite::Connection;

use crate::domain::codes::{Code, CodeKind, Note, NoteKind};

/// The note kinds the tabular edits read (Excludes2, "code also" and the
/// rest raise nothing, so they are not read).
pub const EDIT_NOTE_KINDS: [NoteKind; 3] = [
    NoteKind::Excludes1,
    NoteKind::CodeFirst,
    NoteKind::UseAdditionalCode,
];

/// Every entry of version `version_id` (chapters, sections, categories,
/// codes; in code order) with its parent, long title and own notes of
/// [`EDIT_NOTE_KINDS`] in the file's order. Short titles and termination
/// dates are not read.
pub fn tabular_entries(conn: &Connection, version_id: i64) -> rusqlite::Result<Vec<Code>> {
    let kinds = EDIT_NOTE_KINDS
        .iter()
        .map(|k| format!("'{}'", k.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let mut stmt = conn.prepare(&format!(
        "SELECT c.code, c.kind, c.billable, c.long_title, c.parent, n.kind, n.text
         FROM code c
         LEFT JOIN code_note n
           ON n.version_id = c.version_id AND n.code = c.code AND n.kind IN ({kinds})
         WHERE c.version_id = ?1
         ORDER BY c.code, n.seq"
    ))?;
    let mut rows = stmt.query([version_id])?;
    let mut out: Vec<Code> = Vec::new();
    while let Some(r) = rows.next()? {
        let code: String = r.get(0)?;
        if out.last().is_none_or(|last| last.code != code) {
            let kind: String = r.get(1)?;
            out.push(Code {
                code,
                kind: CodeKind::parse(&kind).unwrap_or(CodeKind::Code),
                billable: r.get(2)?,
                short_title: None,
                long_title: r.get(3)?,
                parent: r.get(4)?,
                notes: Vec::new(),
                valid_until: None,
            });
        }
        let kind: Option<String> = r.get(5)?;
        if let (Some(kind), Some(last)) =
            (kind.as_deref().and_then(NoteKind::parse), out.last_mut())
        {
            last.notes.push(Note {
                kind,
                text: r.get(6)?,
            });
        }
    }
    Ok(out)
}
