//! [`TabularNotes`]: one ICD-10-CM version's hierarchy and the notes the
//! tabular edits read, parsed once.

use rustc_hash::FxHashMap;

use super::patterns::{CodePattern, references};
use crate::domain::codes::{Code, CodeKind, NoteKind, lookup_key};

/// Words that make an instruction conditional: the coder adds the code
/// only when the condition it names is present.
const CONDITIONAL: [&str; 7] = [
    "if applicable",
    "where applicable",
    "when applicable",
    "if known",
    "if present",
    "if any",
    "any associated",
];

/// One instruction of the tabular: an Excludes1 note, or a "code first" /
/// "use additional code" instruction (its header and the items listed
/// under it, e.g. "code to identify: … (Z77.22); … (Z87.891)").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub kind: NoteKind,
    /// The note's text as the tabular writes it (items joined by "; ").
    pub text: String,
    /// The codes it names (empty when it names none: "code first underlying
    /// disease").
    pub patterns: Vec<CodePattern>,
    /// It applies only when its condition is present ("if applicable",
    /// "if known", "any associated", …).
    pub conditional: bool,
    /// Its codes are examples ("such as"), not the whole list.
    pub examples: bool,
}

impl Instruction {
    fn new(kind: NoteKind, text: String) -> Instruction {
        let lower = text.to_lowercase();
        Instruction {
            kind,
            patterns: references(&text),
            conditional: CONDITIONAL.iter().any(|w| lower.contains(w)),
            examples: lower.contains("such as"),
            text,
        }
    }

    /// True when the instruction names `key` (a code key, no dot).
    pub fn names(&self, key: &str) -> bool {
        self.patterns.iter().any(|p| p.matches(key))
    }
}

#[derive(Debug)]
struct Entry {
    /// As issued, with its dot (`E11.22`), or a section range, a chapter number.
    code: String,
    kind: CodeKind,
    title: String,
    parent: Option<u32>,
    manifestation: bool,
    instructions: Box<[Instruction]>,
}

/// An entry a note is written on: the code itself or one of its ancestors.
#[derive(Debug, Clone, Copy)]
pub struct Holder<'a> {
    /// As issued (`E11`, `E08-E13`, `4`).
    pub code: &'a str,
    pub kind: CodeKind,
    pub title: &'a str,
}

/// One ICD-10-CM version's entries (parent, title) with their Excludes1,
/// code first and use additional code notes parsed into [`Instruction`]s,
/// and which codes are manifestation codes. Built once per version (see
/// `TabularNotes::build`); read by [`super::tabular_edits`].
#[derive(Debug)]
pub struct TabularNotes {
    entries: Vec<Entry>,
    /// Categories and codes by code key (no dot).
    by_key: FxHashMap<String, u32>,
    notes_from: Option<String>,
}

/// Guards the parent walk against a cycle in a damaged database.
const MAX_DEPTH: usize = 16;

impl TabularNotes {
    /// Builds the notes of one version from its entries in any order
    /// (chapters, sections, categories, codes, as the store returns them);
    /// `notes_from` is the version's `notes_from` (the releases its notes
    /// are borrowed from), `None` for its own notes. Notes of other kinds
    /// than Excludes1, code first and use additional code are ignored.
    pub fn build(entries: Vec<Code>, notes_from: Option<&str>) -> TabularNotes {
        let position: FxHashMap<&str, u32> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| (e.code.as_str(), i as u32))
            .collect();
        let parents: Vec<Option<u32>> = entries
            .iter()
            .map(|e| e.parent.as_deref().and_then(|p| position.get(p).copied()))
            .collect();
        drop(position);
        let mut by_key = FxHashMap::with_capacity_and_hasher(entries.len(), Default::default());
        let mut out = Vec::with_capacity(entries.len());
        for (i, (code, parent)) in entries.into_iter().zip(parents).enumerate() {
            if matches!(code.kind, CodeKind::Category | CodeKind::Code) {
                by_key.insert(lookup_key(&code.code), i as u32);
            }
            out.push(Entry {
                instructions: instructions(&code),
                code: code.code,
                kind: code.kind,
                title: code.long_title,
                parent: parent.filter(|&p| p as usize != i),
                manifestation: false,
            });
        }
        let mut notes = TabularNotes {
            entries: out,
            by_key,
            notes_from: notes_from.map(str::to_string),
        };
        let manifestations: Vec<bool> = (0..notes.entries.len())
            .map(|i| notes.manifestation_rule(i as u32))
            .collect();
        for (entry, m) in notes.entries.iter_mut().zip(manifestations) {
            entry.manifestation = m;
        }
        notes
    }

    /// The releases the notes are borrowed from, when they are.
    pub fn notes_from(&self) -> Option<&str> {
        self.notes_from.as_deref()
    }

    /// True when the version's notes are another release's.
    pub fn notes_borrowed(&self) -> bool {
        self.notes_from.is_some()
    }

    /// How many entries (chapters, sections, categories, codes).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// True when the version has the code (key without dot, any case).
    pub fn contains(&self, code: &str) -> bool {
        self.index(code).is_some()
    }

    /// The code's title, if the version has it.
    pub fn title(&self, code: &str) -> Option<&str> {
        self.title_at(self.index(code))
    }

    /// True for a manifestation code: its title, or the title of an
    /// ancestor up to its category, says "classified elsewhere" (but not
    /// "as the cause of diseases classified elsewhere", the B95-B97
    /// infectious agents) or "due to underlying condition", and it or such
    /// an ancestor carries a "code first" note.
    pub fn is_manifestation(&self, code: &str) -> bool {
        self.manifestation_at(self.index(code))
    }

    /// The instructions of `kind` that apply to `code`: its own, then its
    /// ancestors' (category, section, chapter), nearest first, each with
    /// the entry that carries it.
    pub fn inherited(
        &self,
        code: &str,
        kind: NoteKind,
    ) -> impl Iterator<Item = (Holder<'_>, &Instruction)> {
        self.inherited_at(self.index(code), kind)
    }

    /// Where `code` is: a claim's code is already a key (no dot, upper
    /// case), so it is looked up as it is before it is normalised.
    pub(super) fn index(&self, code: &str) -> Option<u32> {
        match self.by_key.get(code) {
            Some(&i) => Some(i),
            None if code
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit()) =>
            {
                None
            }
            None => self.by_key.get(&lookup_key(code)).copied(),
        }
    }

    pub(super) fn title_at(&self, at: Option<u32>) -> Option<&str> {
        at.map(|i| self.entries[i as usize].title.as_str())
    }

    pub(super) fn manifestation_at(&self, at: Option<u32>) -> bool {
        at.is_some_and(|i| self.entries[i as usize].manifestation)
    }

    pub(super) fn inherited_at(
        &self,
        at: Option<u32>,
        kind: NoteKind,
    ) -> impl Iterator<Item = (Holder<'_>, &Instruction)> {
        self.chain(at).flat_map(move |i| {
            let entry = &self.entries[i as usize];
            let holder = Holder {
                code: &entry.code,
                kind: entry.kind,
                title: &entry.title,
            };
            entry
                .instructions
                .iter()
                .filter(move |n| n.kind == kind)
                .map(move |n| (holder, n))
        })
    }

    /// `start` and its ancestors, nearest first.
    fn chain(&self, start: Option<u32>) -> impl Iterator<Item = u32> + '_ {
        std::iter::successors(start, |&i| self.entries[i as usize].parent).take(MAX_DEPTH)
    }

    fn manifestation_rule(&self, i: u32) -> bool {
        let entry = &self.entries[i as usize];
        if !matches!(entry.kind, CodeKind::Code | CodeKind::Category) {
            return false;
        }
        let own_level = || {
            self.chain(Some(i))
                .map(|a| &self.entries[a as usize])
                .take_while(|a| matches!(a.kind, CodeKind::Code | CodeKind::Category))
        };
        let titled = own_level().any(|a| manifestation_title(&a.title));
        titled && own_level().any(|a| a.instructions.iter().any(|n| n.kind == NoteKind::CodeFirst))
    }
}

fn manifestation_title(title: &str) -> bool {
    let t = title.to_lowercase();
    (t.contains("classified elsewhere") && !t.contains("as the cause of"))
        || t.contains("due to underlying condition")
}

/// The entry's notes as instructions: each Excludes1 note is one; a run of
/// "code first" or "use additional code" notes is split where a note reads
/// as a header ("code to identify:", ", if applicable, any associated:")
/// and the notes after it are the header's items.
fn instructions(code: &Code) -> Box<[Instruction]> {
    let mut out: Vec<Instruction> = Vec::new();
    let mut open: Option<(NoteKind, String)> = None;
    for note in &code.notes {
        match note.kind {
            NoteKind::Excludes1 => {
                flush(&mut out, open.take());
                out.push(Instruction::new(note.kind, note.text.clone()));
            }
            NoteKind::CodeFirst | NoteKind::UseAdditionalCode => match &mut open {
                Some((kind, text)) if *kind == note.kind && !is_header(&note.text) => {
                    text.push_str(if text.ends_with(':') { " " } else { "; " });
                    text.push_str(&note.text);
                }
                _ => {
                    flush(&mut out, open.take());
                    open = Some((note.kind, note.text.clone()));
                }
            },
            _ => flush(&mut out, open.take()),
        }
    }
    flush(&mut out, open);
    out.into_boxed_slice()
}

fn flush(out: &mut Vec<Instruction>, open: Option<(NoteKind, String)>) {
    if let Some((kind, text)) = open {
        out.push(Instruction::new(kind, text));
    }
}

/// A note that starts an instruction of its own rather than continuing a
/// list: "code to identify …", "code(s) …", ", if applicable, …", or one
/// that introduces a list (ends with ':').
fn is_header(text: &str) -> bool {
    let t = text.trim_start().to_lowercase();
    t.starts_with("code") || t.starts_with(',') || t.ends_with(':')
}
