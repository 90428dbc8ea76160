//! ICD-10-CM Tabular List XML (CDC/NCHS, any fiscal year): chapters,
//! sections, categories and codes with their instructional notes, and the
//! codes that exist only through 7th-character rules.
//!
//! The tabular never lists codes such as `S72.001A` or `E08.3211`: a
//! `<sevenChrDef>` on a `<diag>` defines the 7th characters for every code
//! below it (the nearest definition wins). Each leaf `<diag>` in its scope
//! shorter than 7 characters is expanded: padded with the placeholder `X` to
//! 6 characters, then one code per 7th character, titled
//! "{leaf title}, {7th-character meaning}" as CMS's order file titles them.
//! Only full-length codes are billable: a leaf that is expanded is a
//! category, not a code.

use quick_xml::events::BytesStart;

use super::source::{ImportError, Source};
use super::xml::{self, XmlHandler, collapse_space};
use crate::domain::codes::{
    Code, CodeKind, CodeSet, CodeSystem, Note, NoteKind, display_code, lookup_key,
};

/// What the tabular says about itself besides its codes.
#[derive(Debug, Clone)]
pub struct Tabular {
    pub set: CodeSet,
    /// `<version>`: the fiscal year (2026 for the FY2026 and April 2026
    /// releases alike).
    pub fiscal_year: Option<i32>,
}

/// Member names CDC uses in its zip download (`icd10cm-tabular-2026.xml`,
/// `icd10c-tabular-April-1-2026.xml`).
pub fn is_tabular_member(name: &str) -> bool {
    name.ends_with(".xml") && name.contains("tabular")
}

/// Parses a whole tabular file. Any XML error, missing name or title,
/// duplicate code or truncated file is an error naming the line.
pub fn parse(src: &Source) -> Result<Tabular, ImportError> {
    let mut parser = Parser {
        src,
        nodes: Vec::new(),
        open: Vec::new(),
        tags: Vec::new(),
        text: String::new(),
        fiscal_year: None,
    };
    xml::read(src, "ICD10CM.tabular", "ICD-10-CM tabular XML", &mut parser)?;
    let fiscal_year = parser.fiscal_year;
    Ok(Tabular {
        set: parser.finish()?,
        fiscal_year,
    })
}

/// The elements the parser cares about; everything else is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Root,
    Version,
    Chapter,
    Section,
    Diag,
    Name,
    Desc,
    Notes(NoteKind),
    SevenChrDef,
    Note,
    Extension,
    Other,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "ICD10CM.tabular" => Tag::Root,
            "version" => Tag::Version,
            "chapter" => Tag::Chapter,
            "section" => Tag::Section,
            "diag" => Tag::Diag,
            "name" => Tag::Name,
            "desc" => Tag::Desc,
            "inclusionTerm" => Tag::Notes(NoteKind::Inclusion),
            "includes" => Tag::Notes(NoteKind::Includes),
            "excludes1" => Tag::Notes(NoteKind::Excludes1),
            "excludes2" => Tag::Notes(NoteKind::Excludes2),
            "codeFirst" => Tag::Notes(NoteKind::CodeFirst),
            "useAdditionalCode" => Tag::Notes(NoteKind::UseAdditionalCode),
            "codeAlso" => Tag::Notes(NoteKind::CodeAlso),
            "sevenChrNote" => Tag::Notes(NoteKind::SeventhCharacterNote),
            "notes" => Tag::Notes(NoteKind::Note),
            "sevenChrDef" => Tag::SevenChrDef,
            "note" => Tag::Note,
            "extension" => Tag::Extension,
            _ => Tag::Other,
        }
    }

    /// The element name of a chapter, section or diag, for errors.
    fn node_name(self) -> &'static str {
        match self {
            Tag::Chapter => "chapter",
            Tag::Section => "section",
            _ => "diag",
        }
    }

    /// Elements whose text the parser keeps.
    fn has_text(self) -> bool {
        matches!(
            self,
            Tag::Name | Tag::Desc | Tag::Note | Tag::Extension | Tag::Version
        )
    }

    fn is_node(self) -> bool {
        matches!(self, Tag::Chapter | Tag::Section | Tag::Diag)
    }
}

/// A chapter, section or diag as read, before 7th-character expansion.
struct Node {
    kind: CodeKind,
    code: String,
    title: String,
    parent: Option<usize>,
    notes: Vec<Note>,
    /// `(character, meaning)` from this node's own `<sevenChrDef>`.
    seventh: Vec<(char, String)>,
    /// 7th characters this node's notes forbid below it, for codes with
    /// given 6th characters (see [`seventh_character_exception`]).
    exceptions: Vec<SeventhException>,
    has_children: bool,
    /// Line of the opening tag, for errors.
    line: usize,
}

struct Parser<'a> {
    src: &'a Source,
    nodes: Vec<Node>,
    /// Indexes into `nodes` of the open chapter/section/diag elements.
    open: Vec<usize>,
    tags: Vec<Tag>,
    text: String,
    fiscal_year: Option<i32>,
}

impl Parser<'_> {
    fn err_at(&self, line: usize, field: &str, message: String) -> ImportError {
        self.src.error(Some(line), Some(field), message)
    }
}

impl XmlHandler for Parser<'_> {
    fn start(&mut self, e: &BytesStart<'_>, line: usize) -> Result<(), ImportError> {
        let tag = Tag::of(e.name().as_ref());
        let parent_tag = self.tags.last().copied();
        if tag.is_node() {
            let kind = match tag {
                Tag::Chapter => CodeKind::Chapter,
                Tag::Section => CodeKind::Section,
                _ => CodeKind::Code,
            };
            let code = if tag == Tag::Section {
                let id = e
                    .try_get_attribute("id")
                    .ok()
                    .flatten()
                    .map(|a| a.value.trim().to_string())
                    .unwrap_or_default();
                if id.is_empty() {
                    return Err(self.err_at(line, "section id", "<section> without an id".into()));
                }
                // A one-category section ("B10") would collide with its
                // category, so sections are always written as ranges.
                if id.contains('-') {
                    id
                } else {
                    format!("{id}-{id}")
                }
            } else {
                String::new()
            };
            let parent = self.open.last().copied();
            if let Some(p) = parent {
                self.nodes[p].has_children = true;
            }
            self.open.push(self.nodes.len());
            self.nodes.push(Node {
                kind,
                code,
                title: String::new(),
                parent,
                notes: Vec::new(),
                seventh: Vec::new(),
                exceptions: Vec::new(),
                has_children: false,
                line,
            });
        }
        if tag.has_text() {
            self.text.clear();
        }
        if tag == Tag::Extension && parent_tag == Some(Tag::SevenChrDef) {
            let ch = e
                .try_get_attribute("char")
                .ok()
                .flatten()
                .map(|a| a.value.trim().to_string())
                .unwrap_or_default();
            let mut chars = ch.chars();
            match (chars.next(), chars.next()) {
                (Some(c), None) if c.is_ascii_alphanumeric() => {
                    // Meaning filled in at </extension>.
                    if let Some(&node) = self.open.last() {
                        self.nodes[node]
                            .seventh
                            .push((c.to_ascii_uppercase(), String::new()));
                    }
                }
                _ => {
                    return Err(self.err_at(
                        line,
                        "extension char",
                        format!("7th character must be one letter or digit, found {ch:?}"),
                    ));
                }
            }
        }
        self.tags.push(tag);
        Ok(())
    }

    fn end(&mut self, line: usize) -> Result<(), ImportError> {
        let Some(tag) = self.tags.pop() else {
            return Ok(());
        };
        let parent_tag = self.tags.last().copied();
        let text = if tag.has_text() {
            collapse_space(&self.text)
        } else {
            String::new()
        };
        let node = self.open.last().copied();
        match (tag, parent_tag, node) {
            (Tag::Version, Some(Tag::Root), _) => {
                self.fiscal_year =
                    Some(text.parse().map_err(|_| {
                        self.err_at(line, "version", format!("not a year: {text:?}"))
                    })?);
            }
            (Tag::Name, Some(p), Some(n)) if p.is_node() => self.nodes[n].code = text,
            (Tag::Desc, Some(p), Some(n)) if p.is_node() => self.nodes[n].title = text,
            (Tag::Note, Some(Tag::Notes(kind)), Some(n))
                if !text.is_empty()
                    && self.tags.len() >= 2
                    && self.tags[self.tags.len() - 2].is_node() =>
            {
                self.nodes[n]
                    .exceptions
                    .extend(seventh_character_exception(&text));
                self.nodes[n].notes.push(Note { kind, text });
            }
            (Tag::Extension, Some(Tag::SevenChrDef), Some(n)) => {
                if let Some(last) = self.nodes[n].seventh.last_mut() {
                    last.1 = text;
                }
            }
            (t, _, Some(n)) if t.is_node() => {
                self.open.pop();
                let node = &self.nodes[n];
                let field = if node.code.is_empty() {
                    Some("name")
                } else if node.title.is_empty() {
                    Some("desc")
                } else {
                    None
                };
                if let Some(field) = field {
                    return Err(self.err_at(
                        node.line,
                        field,
                        format!("<{}> {} has no <{field}>", t.node_name(), node.code),
                    ));
                }
                if t == Tag::Diag && !is_icd10cm_code(&node.code) {
                    return Err(self.err_at(
                        node.line,
                        "name",
                        format!("{:?} is not an ICD-10-CM code", node.code),
                    ));
                }
            }
            _ => {}
        }
        self.text.clear();
        Ok(())
    }

    fn text(&mut self, text: &str) {
        self.text.push_str(text);
    }
}

impl Parser<'_> {
    /// Turns the read tree into codes: 7th characters expanded, kinds and
    /// billable flags set, duplicates refused.
    fn finish(self) -> Result<CodeSet, ImportError> {
        let mut codes = Vec::with_capacity(self.nodes.len() * 2);
        let mut seen = std::collections::HashMap::with_capacity(self.nodes.len() * 2);
        // The 7th-character definition in scope for each node: its own, or
        // the nearest ancestor's (parents always precede children).
        let mut scope: Vec<Option<usize>> = Vec::with_capacity(self.nodes.len());
        for (i, node) in self.nodes.iter().enumerate() {
            let inherited = node.parent.and_then(|p| scope[p]);
            scope.push(if node.seventh.is_empty() {
                inherited
            } else {
                Some(i)
            });
            let key = lookup_key(&node.code);
            let expand = match scope[i] {
                Some(def) if node.kind == CodeKind::Code && !node.has_children && key.len() < 7 => {
                    Some(&self.nodes[def].seventh)
                }
                _ => None,
            };
            let kind = match node.kind {
                CodeKind::Code if node.has_children || expand.is_some() => CodeKind::Category,
                k => k,
            };
            let mut notes = node.notes.clone();
            notes.extend(node.seventh.iter().map(|(c, meaning)| Note {
                kind: NoteKind::SeventhCharacter,
                text: format!("{c}: {meaning}"),
            }));
            let entry = Code {
                code: node.code.clone(),
                kind,
                billable: kind == CodeKind::Code,
                short_title: None,
                long_title: node.title.clone(),
                parent: node.parent.map(|p| self.nodes[p].code.clone()),
                notes,
                valid_until: None,
            };
            self.push_unique(&mut codes, &mut seen, entry, node.line)?;
            let Some(defs) = expand else { continue };
            // Placeholder X up to 6 characters, then the 7th.
            let padded = format!("{key:X<6}");
            let sixth = padded.chars().nth(5);
            let excluded = |c: char| {
                self.ancestry(i).any(|a| {
                    a.exceptions.iter().any(|e| {
                        e.seventh.contains(&c) && sixth.is_some_and(|s| e.sixth.contains(&s))
                    })
                })
            };
            for (c, meaning) in defs.iter().filter(|(c, _)| !excluded(*c)) {
                let mut full = padded.clone();
                full.push(*c);
                let entry = Code {
                    code: display_code(CodeSystem::Icd10Cm, &full),
                    kind: CodeKind::Code,
                    billable: true,
                    short_title: None,
                    long_title: format!("{}, {meaning}", node.title),
                    parent: Some(node.code.clone()),
                    notes: Vec::new(),
                    valid_until: None,
                };
                self.push_unique(&mut codes, &mut seen, entry, node.line)?;
            }
        }
        Ok(CodeSet { codes })
    }

    /// The node and its ancestors, nearest first.
    fn ancestry(&self, i: usize) -> impl Iterator<Item = &Node> {
        std::iter::successors(Some(&self.nodes[i]), |n| n.parent.map(|p| &self.nodes[p]))
    }

    fn push_unique(
        &self,
        codes: &mut Vec<Code>,
        seen: &mut std::collections::HashMap<String, usize>,
        code: Code,
        line: usize,
    ) -> Result<(), ImportError> {
        if let Some(first) = seen.insert(lookup_key(&code.code), line) {
            return Err(self.err_at(
                line,
                "name",
                format!("code {} appears twice (first at line {first})", code.code),
            ));
        }
        codes.push(code);
        Ok(())
    }
}

/// "7th characters D and S do not apply to codes in category S06 with 6th
/// character 7 - death due to brain injury ..., or 8 - death due to other
/// cause ...": the tabular states such exceptions to a `<sevenChrDef>` only
/// as a note, so the note is read to know which codes do not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
struct SeventhException {
    seventh: Vec<char>,
    sixth: Vec<char>,
}

fn seventh_character_exception(note: &str) -> Option<SeventhException> {
    // ASCII lower-casing keeps byte positions, so positions found in
    // `lower` slice the original note (whose capitals matter).
    let lower = note.to_ascii_lowercase();
    if !lower.starts_with("7th character") {
        return None;
    }
    let not_apply = lower.find("not apply")?;
    let sixth = not_apply + lower[not_apply..].find("6th character")?;
    // Character values are single digits or capitals standing alone as words.
    let singles = |text: &str| -> Vec<char> {
        text.split(|c: char| c.is_whitespace() || c == ',')
            .filter_map(|w| {
                let mut it = w.chars();
                match (it.next(), it.next()) {
                    (Some(c), None) if c.is_ascii_digit() || c.is_ascii_uppercase() => Some(c),
                    _ => None,
                }
            })
            .collect()
    };
    let exception = SeventhException {
        seventh: singles(&note["7th character".len()..not_apply]),
        sixth: singles(&note[sixth + "6th character".len()..]),
    };
    (!exception.seventh.is_empty() && !exception.sixth.is_empty()).then_some(exception)
}

/// `A00`, `E11.22`, `T36.0X1`, `S72.001A`, `QA0.0101` (FY2026 added
/// categories with a letter second): a letter and two digits or capitals,
/// then optionally a dot and one to four more.
pub(super) fn is_icd10cm_code(code: &str) -> bool {
    let b = code.as_bytes();
    let (category, rest) = b.split_at(b.len().min(3));
    category.len() == 3
        && category[0].is_ascii_uppercase()
        && category[1..]
            .iter()
            .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
        && match rest {
            [] => true,
            [b'.', sub @ ..] => {
                (1..=4).contains(&sub.len())
                    && sub
                        .iter()
                        .all(|c| c.is_ascii_digit() || c.is_ascii_uppercase())
            }
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINI: &str = include_str!("../../tests/fixtures/codes/icd10cm_mini.xml");

    fn parse_str(xml: &str) -> Result<Tabular, ImportError> {
        parse(&Source::from_bytes("mini.xml", xml.as_bytes().to_vec()))
    }

    fn get<'a>(t: &'a Tabular, code: &str) -> &'a Code {
        t.set
            .codes
            .iter()
            .find(|c| c.code == code)
            .unwrap_or_else(|| panic!("{code} missing"))
    }

    #[test]
    fn hierarchy_titles_and_notes() {
        let t = parse_str(MINI).unwrap();
        assert_eq!(t.fiscal_year, Some(2026));
        let ch = get(&t, "4");
        assert_eq!(
            (ch.kind, ch.billable, ch.parent.as_deref()),
            (CodeKind::Chapter, false, None)
        );
        let sec = get(&t, "E08-E13");
        assert_eq!(
            (sec.kind, sec.parent.as_deref()),
            (CodeKind::Section, Some("4"))
        );
        assert_eq!(get(&t, "B10-B10").kind, CodeKind::Section);
        assert_eq!(get(&t, "B10").kind, CodeKind::Code);
        let e11 = get(&t, "E11");
        assert_eq!((e11.kind, e11.billable), (CodeKind::Category, false));
        let e1122 = get(&t, "E11.22");
        assert_eq!((e1122.kind, e1122.billable), (CodeKind::Code, true));
        assert_eq!(e1122.parent.as_deref(), Some("E11.2"));
        assert_eq!(
            e1122.long_title,
            "Type 2 diabetes mellitus with diabetic chronic kidney disease"
        );
        assert_eq!(
            e1122.notes,
            [Note {
                kind: NoteKind::UseAdditionalCode,
                text: "code to identify stage of chronic kidney disease (N18.1-N18.6)".into()
            }]
        );
        let kinds: Vec<NoteKind> = e11.notes.iter().map(|n| n.kind).collect();
        assert_eq!(
            kinds,
            [
                NoteKind::Inclusion,
                NoteKind::Includes,
                NoteKind::Excludes1,
                NoteKind::Excludes2,
                NoteKind::CodeFirst,
                NoteKind::CodeAlso,
                NoteKind::Note
            ]
        );
        // Entities are resolved and whitespace collapsed.
        assert_eq!(
            get(&t, "E11.9").long_title,
            "Type 2 diabetes mellitus <without> complications"
        );
    }

    #[test]
    fn seventh_characters_expand_with_placeholder_x() {
        let t = parse_str(MINI).unwrap();
        // T36.0X1 (6 chars) + A; S72.001 + A; E08.321 gets its own def.
        for code in [
            "T36.0X1A", "T36.0X1D", "S72.001A", "S72.001S", "E08.3211", "E08.3219", "T07.XXXA",
        ] {
            let c = get(&t, code);
            assert!(c.billable && c.kind == CodeKind::Code, "{code}");
        }
        assert_eq!(
            get(&t, "S72.001A").long_title,
            "Fracture of unspecified part of neck of right femur, initial encounter for closed fracture"
        );
        assert_eq!(get(&t, "S72.001A").parent.as_deref(), Some("S72.001"));
        // An expanded leaf is not billable itself.
        let s72001 = get(&t, "S72.001");
        assert_eq!((s72001.kind, s72001.billable), (CodeKind::Category, false));
        // The nearer definition wins: E08.32 defines 1/2/3/9 only.
        assert!(t.set.codes.iter().all(|c| c.code != "E08.321A"));
        // A 7-character diag under a definition is not expanded again.
        assert!(get(&t, "S72.0012").billable);
        assert!(
            t.set
                .codes
                .iter()
                .all(|c| !c.code.starts_with("S72.0012") || c.code == "S72.0012")
        );
        let defs: Vec<&str> = get(&t, "S72")
            .notes
            .iter()
            .filter(|n| n.kind == NoteKind::SeventhCharacter)
            .map(|n| n.text.as_str())
            .collect();
        assert_eq!(defs[0], "A: initial encounter for closed fracture");
        // Expansions follow their leaf in tabular order.
        let pos = |c: &str| t.set.codes.iter().position(|x| x.code == c).unwrap();
        assert_eq!(pos("S72.001A"), pos("S72.001") + 1);
    }

    #[test]
    fn a_note_can_forbid_seventh_characters_for_some_sixth_characters() {
        let t = parse_str(MINI).unwrap();
        assert!(get(&t, "S06.1X7A").billable);
        for gone in ["S06.1X7D", "S06.1X7S", "S06.1X8D"] {
            assert!(t.set.codes.iter().all(|c| c.code != gone), "{gone}");
        }
        assert!(get(&t, "S06.1X1D").billable);
        assert_eq!(
            seventh_character_exception(
                "7th characters D and S do not apply to codes in category S06 with 6th character 7 - death due to brain injury, or 8 - death due to other cause."
            ),
            Some(SeventhException {
                seventh: vec!['D', 'S'],
                sixth: vec!['7', '8']
            })
        );
        assert_eq!(
            seventh_character_exception("The appropriate 7th character is to be added"),
            None
        );
    }

    #[test]
    fn truncated_file_names_the_last_line() {
        let cut = &MINI[..MINI.find("<name>E11.9").unwrap()];
        let err = parse_str(cut).unwrap_err();
        assert_eq!(err.line, Some(cut.lines().count() as u64));
        assert!(
            err.message
                .starts_with("unexpected end of file: <diag> opened at line "),
            "{err}"
        );
    }

    #[test]
    fn malformed_and_incomplete_elements_are_errors() {
        let bad = MINI.replacen("</desc>", "</dsc>", 1);
        let err = parse_str(&bad).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("xml"));
        assert!(err.line.is_some(), "{err}");

        let no_desc = MINI.replacen(
            "<desc>Type 2 diabetes mellitus with diabetic chronic kidney disease</desc>",
            "",
            1,
        );
        let err = parse_str(&no_desc).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("desc"));
        // The line of the <diag> that lacks it (the line before its <name>).
        let line = MINI[..MINI.find("<name>E11.22").unwrap()].lines().count();
        assert_eq!(err.line, Some(line as u64 - 1), "{err}");

        let dup = MINI.replacen("<name>E11.9</name>", "<name>E11.22</name>", 1);
        assert!(
            parse_str(&dup)
                .unwrap_err()
                .to_string()
                .contains("appears twice")
        );

        let other = "<?xml version=\"1.0\"?>\n<ICD10PCS.tabular></ICD10PCS.tabular>";
        assert!(
            parse_str(other)
                .unwrap_err()
                .to_string()
                .contains("not an ICD-10-CM tabular")
        );

        let bad_name = MINI.replacen("<name>E11.9</name>", "<name>E11-9</name>", 1);
        let err = parse_str(&bad_name).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("name"), "{err}");
        assert!(
            err.message.contains("\"E11-9\" is not an ICD-10-CM code"),
            "{err}"
        );

        let bad_char = MINI.replacen("char=\"A\"", "char=\"AB\"", 1);
        assert_eq!(
            parse_str(&bad_char).unwrap_err().field.as_deref(),
            Some("extension char")
        );
    }

    #[test]
    fn invalid_utf8_is_an_error_with_its_line() {
        let mut bytes = MINI.as_bytes().to_vec();
        let at = MINI.find("Type 2 diabetes mellitus with diabetic").unwrap();
        bytes[at] = 0xE9;
        let err = parse(&Source::from_bytes("mini.xml", bytes)).unwrap_err();
        assert_eq!(err.line, Some(MINI[..at].lines().count() as u64));
        assert_eq!(err.field.as_deref(), Some("encoding"));
    }
}
