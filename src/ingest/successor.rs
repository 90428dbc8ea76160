//! A whole code set (hierarchy, header titles, notes) for a release that
//! comes as a CMS codes file, which lists only billable codes and their long
//! titles: built from the code structure and the release before it.
//!
//! - A code the previous release has keeps its ancestry there (chapter →
//!   section → category → …), and every header keeps its title.
//! - A previously billable code that now has codes below it becomes a
//!   header (`D69.1` in FY2027), keeping its title.
//! - A new code hangs from its nearest existing ancestor; the prefixes in
//!   between become new headers (`K6A`, `K6A.0` above `K6A.01`). A prefix
//!   ending in the placeholder `X` is not a header of its own unless the
//!   previous release has it: the tabular hangs `O31.40X0` from `O31.40`,
//!   the leaf whose 7th-character codes are padded with `X` (the parser of
//!   the tabular XML models them the same way).
//! - A new 3-character ICD-10-CM category goes in the section of the
//!   category before it in the file (the file is in tabular order).
//! - A new header whose title no file gives takes the longest run of
//!   leading words its codes' titles share (`M67.A0` ← "Plantar fasciitis,
//!   right foot", "…, left foot": "Plantar fasciitis"), trimmed of trailing
//!   commas and connectives, or `(title not in the FY2027 codes file)`.
//! - Headers with no billable code left below them are dropped.
//! - A code whose long title did not change keeps the previous release's
//!   short title (an order file has them; a codes file has none).
//! - Order: the file's (tabular) order, each header just before its first
//!   code.
//! - Notes: each entry gets the notes of the same entry in the newest
//!   tabular release that has it, labelled with that release; a new code
//!   gets none of its own and inherits through its ancestors.
//!
//! ICD-10-PCS: the headers are the 3-character tables, titled from the
//! previous release's tables.

use std::collections::{HashMap, HashSet};

use super::codes_file::{CodesEntry, CodesFile};
use crate::domain::codes::{
    BorrowedNotes, Code, CodeKind, CodeSet, CodeSystem, display_code, lookup_key,
};

/// A tabular release to borrow notes from.
#[derive(Debug, Clone, Copy)]
pub struct NotesSource<'a> {
    /// Its version label (`FY2026`), recorded on each borrowed note.
    pub label: &'a str,
    pub set: &'a CodeSet,
}

/// A header the previous release did not have.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHeader {
    pub code: String,
    pub title: String,
    /// True when the title was derived from its codes' titles; false when
    /// no title could be derived (the placeholder).
    pub derived: bool,
}

/// What building the hierarchy did, for the import report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct HierarchyReport {
    /// Headers new in this release, in file order.
    pub new_headers: Vec<NewHeader>,
    /// Codes billable in the previous release that now have codes below
    /// them and became headers.
    pub codes_now_headers: Vec<String>,
    /// Headers of the previous release with no billable code left below.
    pub headers_dropped: usize,
    /// Entries whose notes were borrowed (an entry with no notes in the
    /// release it was found in is not counted).
    pub entries_with_borrowed_notes: usize,
}

/// A release built from a codes file.
#[derive(Debug, Clone)]
pub struct Successor {
    pub set: CodeSet,
    pub borrowed: BorrowedNotes,
    pub report: HierarchyReport,
}

/// The title a new header gets when no file gives one and its codes share
/// no leading words.
pub fn untitled(label: &str) -> String {
    format!("(title not in the {label} codes file)")
}

/// Builds the whole set of a release from its codes file; `label` is the
/// release the codes file is of (the placeholder title names it).
///
/// `previous` is the release before it (for ICD-10-CM the newest tabular
/// release before it; `None`: no hierarchy to keep, every header is new);
/// `notes` the tabular releases to borrow notes from, newest first.
pub fn build(
    system: CodeSystem,
    label: &str,
    file: &CodesFile,
    previous: Option<&CodeSet>,
    notes: &[NotesSource<'_>],
) -> Successor {
    let empty = CodeSet::default();
    let previous = previous.unwrap_or(&empty);
    let mut b = Builder::new(system, previous, file.entries.len() * 4 / 3);
    for entry in &file.entries {
        b.place(entry);
    }
    let billable: HashSet<&str> = file.entries.iter().map(|e| e.code.as_str()).collect();
    let mut report = HierarchyReport {
        new_headers: b.title_new_headers(label),
        codes_now_headers: b.codes_now_headers(&billable),
        headers_dropped: previous
            .codes
            .iter()
            .filter(|c| !c.billable && !b.out_at.contains_key(c.code.as_str()))
            .count(),
        entries_with_borrowed_notes: 0,
    };
    let borrowed = borrow_notes(&mut b.out, notes, &mut report);
    Successor {
        set: CodeSet { codes: b.out },
        borrowed,
        report,
    }
}

/// Gives each entry of `out` the notes of the same entry in the newest of
/// `notes` that has it, and says which release each entry's notes came
/// from (only the releases actually borrowed from are listed).
fn borrow_notes(
    out: &mut [Code],
    notes: &[NotesSource<'_>],
    report: &mut HierarchyReport,
) -> BorrowedNotes {
    let sources: Vec<HashMap<&str, usize>> = notes
        .iter()
        .map(|s| {
            s.set
                .codes
                .iter()
                .enumerate()
                .map(|(i, c)| (c.code.as_str(), i))
                .collect()
        })
        .collect();
    let mut used = vec![false; notes.len()];
    let mut of_entry = Vec::with_capacity(out.len());
    for c in out.iter_mut() {
        let found = sources.iter().enumerate().find_map(|(s, at)| {
            at.get(c.code.as_str())
                .map(|&i| (s, &notes[s].set.codes[i]))
        });
        match found {
            Some((s, from)) if !from.notes.is_empty() => {
                c.notes = from.notes.clone();
                used[s] = true;
                of_entry.push(Some(s));
                report.entries_with_borrowed_notes += 1;
            }
            _ => of_entry.push(None),
        }
    }
    // Keep only the releases actually borrowed from, renumbered.
    let mut renumber = vec![None; notes.len()];
    let mut releases = Vec::new();
    for (s, source) in notes.iter().enumerate() {
        if used[s] {
            renumber[s] = Some(releases.len());
            releases.push(source.label.to_string());
        }
    }
    BorrowedNotes {
        releases,
        of_entry: of_entry
            .into_iter()
            .map(|s| s.and_then(|s| renumber[s]))
            .collect(),
    }
}

struct Builder<'a> {
    /// For each entry of the previous release, the headers with no
    /// billable code below them that come just before it (kept in place).
    empty_before: Vec<Vec<usize>>,
    system: CodeSystem,
    prev: &'a CodeSet,
    prev_at: HashMap<&'a str, usize>,
    /// New headers: code → parent.
    created: HashMap<String, Option<String>>,
    created_order: Vec<String>,
    out: Vec<Code>,
    out_at: HashMap<String, usize>,
}

impl<'a> Builder<'a> {
    fn new(system: CodeSystem, previous: &'a CodeSet, capacity: usize) -> Self {
        Builder {
            empty_before: empty_headers(previous),
            system,
            prev: previous,
            prev_at: previous
                .codes
                .iter()
                .enumerate()
                .map(|(i, c)| (c.code.as_str(), i))
                .collect(),
            created: HashMap::new(),
            created_order: Vec::new(),
            out: Vec::with_capacity(capacity),
            out_at: HashMap::with_capacity(capacity),
        }
    }

    /// Places one billable entry of the codes file, after the headers
    /// above it that are not placed yet.
    fn place(&mut self, entry: &CodesEntry) {
        let parent = self.parent_for(&entry.code);
        for code in self.unplaced(parent.clone()) {
            let header = self.header(&code, self.parent_of(&code));
            self.push(header);
        }
        if let Some(&i) = self.out_at.get(entry.code.as_str()) {
            // Placed already as the header of codes listed before it (a
            // file out of tabular order): that entry becomes the code.
            self.out[i].billable = true;
            self.out[i].kind = CodeKind::Code;
            self.out[i].long_title = entry.title.clone();
            return;
        }
        // A code whose long title is unchanged keeps the previous
        // release's short title (order files have them, codes files not).
        let short_title = self
            .prev_at
            .get(entry.code.as_str())
            .map(|&i| &self.prev.codes[i])
            .filter(|p| p.long_title == entry.title)
            .and_then(|p| p.short_title.clone());
        self.push(Code {
            code: entry.code.clone(),
            kind: CodeKind::Code,
            billable: true,
            short_title,
            long_title: entry.title.clone(),
            parent,
            notes: Vec::new(),
            valid_until: None,
        });
    }

    /// Titles the new headers from the titles of the codes below them
    /// (or the placeholder naming `label`), in the order they were made.
    fn title_new_headers(&mut self, label: &str) -> Vec<NewHeader> {
        let mut below: HashMap<&str, Vec<&str>> = HashMap::new();
        for c in self.out.iter().filter(|c| c.billable) {
            let mut parent = c.parent.as_deref();
            while let Some(p) = parent {
                if self.created.contains_key(p) {
                    below.entry(p).or_default().push(c.long_title.as_str());
                }
                parent = self
                    .out_at
                    .get(p)
                    .and_then(|&i| self.out[i].parent.as_deref());
            }
        }
        let titles: Vec<Option<String>> = self
            .created_order
            .iter()
            .map(|code| derive_title(below.get(code.as_str()).map_or(&[][..], |v| v)))
            .collect();
        let mut new_headers = Vec::with_capacity(titles.len());
        for (code, derived) in self.created_order.iter().zip(titles) {
            let title = derived.clone().unwrap_or_else(|| untitled(label));
            self.out[self.out_at[code.as_str()]].long_title = title.clone();
            new_headers.push(NewHeader {
                code: code.clone(),
                title,
                derived: derived.is_some(),
            });
        }
        new_headers
    }

    /// Codes billable in the previous release that are headers now.
    fn codes_now_headers(&self, billable: &HashSet<&str>) -> Vec<String> {
        self.out
            .iter()
            .filter(|c| !c.billable && !billable.contains(c.code.as_str()))
            .filter(|c| {
                self.prev_at
                    .get(c.code.as_str())
                    .is_some_and(|&i| self.prev.codes[i].billable)
            })
            .map(|c| c.code.clone())
            .collect()
    }
    fn exists(&self, code: &str) -> bool {
        self.prev_at.contains_key(code) || self.created.contains_key(code)
    }

    /// The parent of an entry the previous release has or that was created.
    fn parent_of(&self, code: &str) -> Option<String> {
        match self.created.get(code) {
            Some(p) => p.clone(),
            None => self
                .prev_at
                .get(code)
                .and_then(|&i| self.prev.codes[i].parent.clone()),
        }
    }

    /// `code` and those of its ancestors not placed yet, top first.
    fn unplaced(&self, code: Option<String>) -> Vec<String> {
        let mut chain = Vec::new();
        let mut at = code;
        while let Some(c) = at {
            // The bound guards against a cycle in a hand-edited database.
            if self.out_at.contains_key(&c) || chain.len() >= 16 {
                break;
            }
            at = self.parent_of(&c);
            chain.push(c);
        }
        chain.reverse();
        chain
    }

    /// The section of the last entry placed (ICD-10-CM): where a new
    /// category goes, the file being in tabular order.
    fn last_section(&self) -> Option<String> {
        let mut at = self.out.len().checked_sub(1)?;
        for _ in 0..16 {
            let c = &self.out[at];
            if c.kind == CodeKind::Section {
                return Some(c.code.clone());
            }
            at = *self.out_at.get(c.parent.as_deref()?)?;
        }
        None
    }

    /// The parent of billable `code`: the previous release's, or its
    /// nearest existing prefix with the new headers between created.
    fn parent_for(&mut self, code: &str) -> Option<String> {
        if self.prev_at.contains_key(code) {
            return self.parent_of(code);
        }
        let key = lookup_key(code);
        let lengths: Vec<usize> = match self.system {
            CodeSystem::Icd10Pcs => vec![3],
            _ => (3..key.len()).rev().collect(),
        };
        let mut missing = Vec::new();
        let mut found = None;
        for n in lengths {
            if n >= key.len() || !key.is_char_boundary(n) {
                continue;
            }
            let prefix = display_code(self.system, &key[..n]);
            if self.exists(&prefix) {
                found = Some(prefix);
                break;
            }
            if n == 3 || !key[..n].ends_with('X') {
                missing.push(prefix);
            }
        }
        let mut parent = match found {
            Some(f) => Some(f),
            // A new category: in the section of the category before it.
            // A new category (or a new 3-character code): in the section
            // of the category before it.
            None if self.system == CodeSystem::Icd10Cm => self.last_section(),
            None => None,
        };
        for header in missing.into_iter().rev() {
            self.created.insert(header.clone(), parent.clone());
            self.created_order.push(header.clone());
            parent = Some(header);
        }
        parent
    }

    /// A header entry: the previous release's (a code that had no codes
    /// below it becomes a category), or a new one titled later.
    fn header(&self, code: &str, parent: Option<String>) -> Code {
        let new_kind = match self.system {
            CodeSystem::Icd10Pcs => CodeKind::Section,
            _ => CodeKind::Category,
        };
        match self.prev_at.get(code).map(|&i| &self.prev.codes[i]) {
            Some(prev) => Code {
                code: code.to_string(),
                kind: match prev.kind {
                    CodeKind::Code | CodeKind::Modifier => new_kind,
                    k => k,
                },
                billable: false,
                short_title: prev.short_title.clone(),
                long_title: prev.long_title.clone(),
                parent,
                notes: Vec::new(),
                valid_until: None,
            },
            None => Code {
                code: code.to_string(),
                kind: new_kind,
                billable: false,
                short_title: None,
                long_title: String::new(),
                parent,
                notes: Vec::new(),
                valid_until: None,
            },
        }
    }

    fn push(&mut self, code: Code) {
        // The previous release's empty headers just before this entry
        // (sections such as C00-C96 that only introduce others) first.
        if let Some(&i) = self.prev_at.get(code.code.as_str()) {
            for e in std::mem::take(&mut self.empty_before[i]) {
                let empty = &self.prev.codes[e];
                if self.out_at.contains_key(&empty.code) {
                    continue;
                }
                for above in self.unplaced(empty.parent.clone()) {
                    let header = self.header(&above, self.parent_of(&above));
                    self.push(header);
                }
                let header = self.header(&empty.code, empty.parent.clone());
                self.out_at.insert(header.code.clone(), self.out.len());
                self.out.push(header);
            }
        }
        self.out_at.insert(code.code.clone(), self.out.len());
        self.out.push(code);
    }
}

/// For each entry of `previous`, the headers just before it that have no
/// billable code below them (in FY2026: sections such as `C00-C96`
/// "Malignant neoplasms", which only introduce the sections after them).
/// A new release keeps them where they were; headers that *lose* their
/// last code are dropped.
fn empty_headers(previous: &CodeSet) -> Vec<Vec<usize>> {
    let at: HashMap<&str, usize> = previous
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.as_str(), i))
        .collect();
    let mut has_code = vec![false; previous.codes.len()];
    for (i, c) in previous.codes.iter().enumerate() {
        if !c.billable {
            continue;
        }
        has_code[i] = true;
        let mut parent = c.parent.as_deref();
        let mut depth = 0;
        while let Some(&p) = parent.and_then(|p| at.get(p)) {
            if has_code[p] || depth > 16 {
                break;
            }
            has_code[p] = true;
            parent = previous.codes[p].parent.as_deref();
            depth += 1;
        }
    }
    let mut before = vec![Vec::new(); previous.codes.len()];
    let mut pending = Vec::new();
    for (i, c) in previous.codes.iter().enumerate() {
        if !c.billable && !has_code[i] {
            pending.push(i);
        } else if !pending.is_empty() {
            before[i] = std::mem::take(&mut pending);
        }
    }
    before
}

/// Words a derived title does not end with.
const TRAILING: &[&str] = &[
    "a",
    "an",
    "and",
    "as",
    "at",
    "by",
    "due",
    "following",
    "for",
    "from",
    "in",
    "into",
    "not",
    "of",
    "on",
    "or",
    "other",
    "than",
    "the",
    "to",
    "using",
    "via",
    "with",
    "without",
];

/// The longest run of leading words all `titles` share, trimmed of
/// trailing punctuation and connectives, with brackets balanced; `None`
/// for fewer than two titles (one code's title is not its header's) or
/// nothing shared.
pub fn derive_title(titles: &[&str]) -> Option<String> {
    let (first, rest) = titles.split_first()?;
    if rest.is_empty() {
        return None;
    }
    let split: Vec<Vec<&str>> = rest
        .iter()
        .map(|t| t.split_whitespace().collect())
        .collect();
    let mut words: Vec<String> = first
        .split_whitespace()
        .enumerate()
        .take_while(|(i, w)| split.iter().all(|t| t.get(*i) == Some(w)))
        .map(|(_, w)| w.to_string())
        .collect();
    loop {
        let last = words.last_mut()?;
        let trimmed = last.trim_end_matches([',', ';', ':', '-', '/']).to_string();
        *last = trimmed;
        let joined = words.join(" ");
        let balanced = joined.matches('(').count() == joined.matches(')').count()
            && joined.matches('[').count() == joined.matches(']').count();
        let last = words.last().expect("non-empty");
        if last.is_empty() || !balanced || TRAILING.contains(&last.to_ascii_lowercase().as_str()) {
            words.pop();
            continue;
        }
        return Some(joined);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::NoteKind;
    use crate::ingest::codes_file::{self, CodesFile};
    use crate::ingest::icd10cm;
    use crate::ingest::source::Source;

    #[test]
    fn titles_are_derived_from_shared_leading_words() {
        assert_eq!(
            derive_title(&[
                "Plantar fasciitis, right foot",
                "Plantar fasciitis, left foot",
                "Plantar fasciitis, unspecified foot"
            ])
            .as_deref(),
            Some("Plantar fasciitis")
        );
        assert_eq!(
            derive_title(&[
                "Toxic effect of alkenes, accidental (unintentional), initial encounter",
                "Toxic effect of alkenes, accidental (unintentional), sequela",
            ])
            .as_deref(),
            Some("Toxic effect of alkenes, accidental (unintentional)")
        );
        assert_eq!(
            derive_title(&[
                "Transfer Bladder to Right Ureter",
                "Transfer Bladder to Left Ureter"
            ])
            .as_deref(),
            Some("Transfer Bladder")
        );
        assert_eq!(
            derive_title(&["Foo (bar baz) one", "Foo (bar qux) two"]).as_deref(),
            Some("Foo")
        );
        assert_eq!(
            derive_title(&["Prevesical abscess", "Other pelvic abscess"]),
            None
        );
        assert_eq!(derive_title(&["Only one code"]), None);
        assert_eq!(derive_title(&[]), None);
        // One title may be the whole of the shared words.
        assert_eq!(
            derive_title(&["Acute gastritis", "Acute gastritis with bleeding"]).as_deref(),
            Some("Acute gastritis")
        );
    }

    fn mini_tabular() -> CodeSet {
        let xml = include_bytes!("../../tests/fixtures/codes/icd10cm_mini.xml").to_vec();
        icd10cm::parse(&Source::from_bytes("mini.xml", xml))
            .unwrap()
            .set
    }

    fn codes_file(text: &str, system: CodeSystem) -> CodesFile {
        codes_file::parse(
            &Source::from_bytes("icd10cm_codes_2027.txt", text.as_bytes().to_vec()),
            system,
        )
        .unwrap()
    }

    fn get<'a>(s: &'a Successor, code: &str) -> &'a Code {
        s.set
            .codes
            .iter()
            .find(|c| c.code == code)
            .unwrap_or_else(|| panic!("{code} missing"))
    }

    #[test]
    fn cm_codes_keep_their_ancestry_and_new_ones_get_headers() {
        let prev = mini_tabular();
        // E11.22 kept; E11.9 now has codes below it; E11.A new under E11;
        // B10 kept; B1A a new category after it; a 7th-character code with
        // a new placeholder stem under T36.0; S72.001A kept.
        let file = codes_file(
            "B10     Other human herpesviruses\r\n\
             B1A01   New thing, right\r\n\
             B1A02   New thing, left\r\n\
             E1122   Type 2 diabetes mellitus with diabetic chronic kidney disease\r\n\
             E1191   Type 2 diabetes mellitus without complications, mild\r\n\
             E1192   Type 2 diabetes mellitus without complications, severe\r\n\
             S72001A Fracture of unspecified part of neck of right femur, initial encounter for closed fracture\r\n\
             T360X5A Poisoning by penicillins, new intent, initial encounter\r\n\
             T360X5D Poisoning by penicillins, new intent, subsequent encounter\r\n",
            CodeSystem::Icd10Cm,
        );
        let s = build(
            CodeSystem::Icd10Cm,
            "FY2027",
            &file,
            Some(&prev),
            &[NotesSource {
                label: "FY2026",
                set: &prev,
            }],
        );
        let order: Vec<&str> = s.set.codes.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(
            order,
            [
                "1", "B10-B10", "B10", "B1A", "B1A.0", "B1A.01", "B1A.02", "4", "E08-E13", "E11",
                "E11.2", "E11.22", "E11.9", "E11.91", "E11.92", "19", "S70-S79", "S72", "S72.0",
                "S72.00", "S72.001", "S72.001A", "T36-T50", "T36", "T36.0", "T36.0X5", "T36.0X5A",
                "T36.0X5D"
            ]
        );
        // Ancestors always come first.
        for (i, c) in s.set.codes.iter().enumerate() {
            if let Some(p) = &c.parent {
                let at = order.iter().position(|o| o == p).unwrap();
                assert!(at < i, "{} before its parent {p}", c.code);
            }
        }
        let e119 = get(&s, "E11.9");
        assert_eq!(
            (e119.kind, e119.billable, e119.long_title.as_str()),
            (
                CodeKind::Category,
                false,
                "Type 2 diabetes mellitus <without> complications"
            )
        );
        assert_eq!(s.report.codes_now_headers, ["E11.9"]);
        assert_eq!(get(&s, "B1A").parent.as_deref(), Some("B10-B10"));
        assert_eq!(get(&s, "B1A.0").long_title, "New thing");
        assert_eq!(get(&s, "B1A").long_title, "New thing");
        assert_eq!(get(&s, "T36.0X5").parent.as_deref(), Some("T36.0"));
        assert_eq!(
            get(&s, "T36.0X5").long_title,
            "Poisoning by penicillins, new intent"
        );
        assert_eq!(get(&s, "S72.001A").parent.as_deref(), Some("S72.001"));
        // Dropped: E08 and its codes, S06, T07 ... (no billable code left).
        assert!(
            s.set
                .codes
                .iter()
                .all(|c| c.code != "E08" && c.code != "T07")
        );
        assert!(s.report.headers_dropped > 0);
        // Notes borrowed and labelled; a new code has none of its own.
        let e11 = s.set.codes.iter().position(|c| c.code == "E11").unwrap();
        assert!(!s.set.codes[e11].notes.is_empty());
        assert_eq!(s.borrowed.label(e11), Some("FY2026"));
        assert_eq!(s.borrowed.summary().as_deref(), Some("FY2026"));
        let b1a01 = s.set.codes.iter().position(|c| c.code == "B1A.01").unwrap();
        assert_eq!(s.borrowed.label(b1a01), None);
        assert!(
            get(&s, "S72")
                .notes
                .iter()
                .any(|n| n.kind == NoteKind::SeventhCharacter)
        );
        assert_eq!(
            s.set.codes.iter().filter(|c| c.billable).count(),
            file.entries.len()
        );
    }

    #[test]
    fn untitled_headers_and_no_previous_release() {
        let file = codes_file(
            "K6A01   Prevesical abscess\r\nK6A09   Other pelvic abscess\r\n",
            CodeSystem::Icd10Cm,
        );
        let s = build(CodeSystem::Icd10Cm, "FY2027", &file, None, &[]);
        let order: Vec<(&str, Option<&str>, &str)> = s
            .set
            .codes
            .iter()
            .map(|c| (c.code.as_str(), c.parent.as_deref(), c.long_title.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("K6A", None, "(title not in the FY2027 codes file)"),
                ("K6A.0", Some("K6A"), "(title not in the FY2027 codes file)"),
                ("K6A.01", Some("K6A.0"), "Prevesical abscess"),
                ("K6A.09", Some("K6A.0"), "Other pelvic abscess"),
            ]
        );
        assert!(s.report.new_headers.iter().all(|h| !h.derived));
        assert_eq!(
            s.borrowed,
            BorrowedNotes {
                releases: vec![],
                of_entry: vec![None; 4]
            }
        );
    }

    #[test]
    fn pcs_codes_hang_from_their_tables() {
        let prev = crate::ingest::order_file::parse(
            &Source::from_bytes(
                "order.txt",
                include_bytes!("../../tests/fixtures/codes/icd10pcs_order_mini.txt").to_vec(),
            ),
            CodeSystem::Icd10Pcs,
        )
        .unwrap();
        let file = codes_file(
            "0016070 Bypass Cerebral Ventricle to Nasopharynx with Autologous Tissue Substitute, Open Approach\n\
             0TX00ZZ Transfer Bladder to Right Ureter, Open Approach\n\
             0TX10ZZ Transfer Bladder to Left Ureter, Open Approach\n",
            CodeSystem::Icd10Pcs,
        );
        let s = build(CodeSystem::Icd10Pcs, "FY2027", &file, Some(&prev), &[]);
        let order: Vec<(&str, CodeKind, &str)> = s
            .set
            .codes
            .iter()
            .map(|c| (c.code.as_str(), c.kind, c.long_title.as_str()))
            .collect();
        assert_eq!(
            order[0],
            (
                "001",
                CodeKind::Section,
                "Central Nervous System and Cranial Nerves, Bypass"
            )
        );
        assert_eq!(order[2], ("0TX", CodeKind::Section, "Transfer Bladder"));
        assert_eq!(get(&s, "0TX10ZZ").parent.as_deref(), Some("0TX"));
        assert_eq!(s.report.new_headers.len(), 1);
        assert!(s.borrowed.summary().is_none());
    }
}
