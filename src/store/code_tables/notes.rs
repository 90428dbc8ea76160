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

#[cfg(test)]
mod tests {
    use super::super::{VersionSpec, insert_code_set_borrowing, list_versions};
    use crate::domain::codes::{BorrowedNotes, CodeSet, CodeSystem, NoteKind};
    use crate::store::backend::Backend;
    use crate::store::offline::Offline;
    use crate::store::{Store, StoreError};

    fn mini() -> CodeSet {
        let xml = include_bytes!("../../../tests/fixtures/codes/icd10cm_mini.xml").to_vec();
        let src = crate::ingest::source::Source::from_bytes("mini.xml", xml);
        crate::ingest::icd10cm::parse(&src).unwrap().set
    }

    fn store_with(set: &CodeSet, label: &str, borrowed: Option<&BorrowedNotes>) -> Store {
        let mut store = Store::open_in_memory().unwrap();
        let spec = VersionSpec {
            system: CodeSystem::Icd10Cm,
            label: label.into(),
            effective_from: "2026-10-01".parse().unwrap(),
            effective_to: None,
            source: "test".into(),
        };
        store
            .write(|tx| {
                insert_code_set_borrowing(tx, &spec, set, borrowed).map_err(StoreError::from)
            })
            .unwrap();
        store
    }

    #[test]
    fn tabular_notes_read_every_entry_with_the_notes_the_edits_need() {
        let set = mini();
        let store = store_with(&set, "FY2026", None);
        let version = store.versions().unwrap().remove(0);
        assert!(!version.notes_borrowed());
        let entries = store.tabular_notes(&version).unwrap();
        assert_eq!(entries.len(), set.codes.len());
        let find = |code: &str| entries.iter().find(|e| e.code == code).unwrap();
        let e11 = find("E11");
        assert_eq!(e11.parent.as_deref(), Some("E08-E13"));
        assert_eq!(e11.long_title, "Type 2 diabetes mellitus");
        // Inclusion terms, Includes, Excludes2, code also and general
        // notes are not read; the rest keep the file's order.
        let kinds: Vec<NoteKind> = e11.notes.iter().map(|n| n.kind).collect();
        assert_eq!(kinds, [NoteKind::Excludes1, NoteKind::CodeFirst]);
        assert_eq!(
            e11.notes[0].text,
            "diabetes mellitus due to underlying condition (E08.-)"
        );
        let e1122 = find("E11.22");
        assert!(e1122.billable);
        assert_eq!(e1122.notes[0].kind, NoteKind::UseAdditionalCode);
        assert_eq!(find("4").parent, None);
        // Every parent is an entry of the version.
        for e in &entries {
            if let Some(p) = &e.parent {
                assert!(entries.iter().any(|x| &x.code == p), "{p}");
            }
        }
        let offline = Offline {
            reason: "test".into(),
            login: "coder".into(),
            versions: vec![version.clone()],
        };
        assert!(offline.tabular_notes(&version).is_err());
    }

    #[test]
    fn a_borrowing_version_says_so_and_reads_its_borrowed_notes() {
        let set = mini();
        let borrowed = BorrowedNotes {
            releases: vec!["FY2026".into()],
            of_entry: vec![Some(0); set.codes.len()],
        };
        let store = store_with(&set, "FY2027", Some(&borrowed));
        let version = list_versions(store.conn()).unwrap().remove(0);
        assert_eq!(version.notes_from.as_deref(), Some("FY2026"));
        let entries = store.tabular_notes(&version).unwrap();
        let e11 = entries.iter().find(|e| e.code == "E11").unwrap();
        assert_eq!(e11.notes.len(), 2);
    }
}
