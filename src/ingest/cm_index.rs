//! The ICD-10-CM index files (CDC/NCHS XML): the Table of Drugs and
//! Chemicals, the Neoplasm Table and the External Cause of Injuries Index.
//!
//! Coders search with the index's words ("acetaminophen poisoning", "lung
//! neoplasm", "bite, dog"), which the tabular titles of the codes they lead
//! to often do not contain. This parser turns each code an index term
//! points at into an [`IndexEntry`]: the code and the readable path of
//! words that leads to it, for search to attach to the code.
//!
//! All three files share one layout: root `<ICD10CM.index>`, `<version>`,
//! then `<letter>` / `<mainTerm>` / nested `<term>`, each with a `<title>`
//! (whose `<nemod>` children, the nonessential modifiers, are part of it)
//! and either table cells `<cell col="N">` named by the
//! `<indexHeading><head col="N">` columns (drugs, neoplasms) or `<code>`
//! (external causes). Cross-references (`<see>`, `<seeAlso>`) lead to other
//! terms, not codes, and are skipped.

use std::collections::HashSet;
use std::path::Path;

use quick_xml::events::BytesStart;

use super::icd10cm::is_icd10cm_code;
use super::source::{ImportError, Source};
use super::xml::{self, XmlHandler, collapse_space};

crate::string_enum! {
    /// Which index file (the stored name goes with each entry).
    pub enum IndexTable: "index table" {
        Drugs = "drug",
        Neoplasms = "neoplasm",
        ExternalCauses = "external_cause",
        /// The Index to Diseases and Injuries (the main Alphabetic Index): the
        /// External Cause Index's layout, told apart by its `<title>`.
        Diseases = "disease",
    }
}

/// One code an index entry points at, with the words that lead to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    /// As printed in the file, trailing dash removed: "T39.1X1", "C79.8", "W19".
    pub code: String,
    /// The term path ("Acetaminophen, Poisoning Accidental (unintentional)",
    /// "lung neoplasm, Malignant Primary", "Bite, dog").
    pub text: String,
    /// Line of the cell/code element, for messages.
    pub line: u64,
}

/// A whole index file as read.
#[derive(Debug, Clone)]
pub struct IndexFile {
    pub table: IndexTable,
    /// `<version>`: the fiscal year.
    pub fiscal_year: Option<i32>,
    /// In file order, one per (code, text).
    pub entries: Vec<IndexEntry>,
}

/// Member names CDC uses for the index files in its zip downloads
/// (`icd10cm_drug_2022.xml`, `icd10cm_neoplasm_2022.xml`,
/// `icd10cm_eindex_2022.xml`, `icd10cm_index_2022.xml`). A zip holding
/// several of them is refused by [`Source::open`] as ambiguous.
pub fn is_index_member(name: &str) -> bool {
    name.ends_with(".xml")
        && ["drug", "neoplasm", "index"]
            .iter()
            .any(|w| name.contains(w))
}

/// Opens a plain, gzip or zip index file and parses it.
pub fn read_file(path: &Path) -> Result<IndexFile, ImportError> {
    parse(&Source::open(path, &[is_index_member])?)
}

/// Parses any of the three files. The kind is told by the heading: column
/// 1 "Substance" is the Table of Drugs, "Neoplasm" the Neoplasm Table,
/// anything else (or no heading) a `<code>`-style index such as the External
/// Cause Index. Malformed XML, a code of the wrong shape, a cell in a column
/// without a heading and a file without any code are errors naming the line.
pub fn parse(src: &Source) -> Result<IndexFile, ImportError> {
    let mut parser = Parser {
        src,
        table: IndexTable::ExternalCauses,
        headings: Vec::new(),
        fiscal_year: None,
        tags: Vec::new(),
        path: Vec::new(),
        text: String::new(),
        value: None,
        seen: HashSet::new(),
        entries: Vec::new(),
    };
    xml::read(src, "ICD10CM.index", "ICD-10-CM index XML", &mut parser)?;
    if parser.entries.is_empty() {
        return Err(src.error(
            None,
            None,
            "no index entries: no <cell> or <code> holds an ICD-10-CM code",
        ));
    }
    Ok(IndexFile {
        table: parser.table,
        fiscal_year: parser.fiscal_year,
        entries: parser.entries,
    })
}

/// The elements the parser cares about; everything else (`<see>`,
/// `<seeAlso>`, `<manif>`, letters' titles ...) is `Other`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Root,
    Version,
    Head,
    Term,
    Title,
    Nemod,
    Cell,
    /// A code pointer, named by its element for errors: `<code>`, and the
    /// External Cause Index's `<subcat>` / `<seecat>` (a subcategory or
    /// category the term leads to, e.g. "lightning" → T75.0).
    Code(&'static str),
    Other,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "ICD10CM.index" => Tag::Root,
            "version" => Tag::Version,
            "head" => Tag::Head,
            "mainTerm" | "term" => Tag::Term,
            "title" => Tag::Title,
            "nemod" => Tag::Nemod,
            "cell" => Tag::Cell,
            "code" => Tag::Code("code"),
            "subcat" => Tag::Code("subcat"),
            "seecat" => Tag::Code("seecat"),
            _ => Tag::Other,
        }
    }
}

/// A `<cell>`/`<code>` being read: its column (cells only) and line.
struct Value {
    col: Option<usize>,
    line: usize,
}

struct Parser<'a> {
    src: &'a Source,
    table: IndexTable,
    /// `<head col="N">` text by column number.
    headings: Vec<(usize, String)>,
    fiscal_year: Option<i32>,
    tags: Vec<Tag>,
    /// Titles of the open main term and terms, outermost first (empty
    /// until the term's `<title>` closes).
    path: Vec<String>,
    text: String,
    value: Option<Value>,
    seen: HashSet<(String, String)>,
    entries: Vec<IndexEntry>,
}

impl Parser<'_> {
    fn heading(&self, col: usize) -> Option<&str> {
        self.headings
            .iter()
            .find(|(c, _)| *c == col)
            .map(|(_, h)| h.as_str())
    }

    /// The readable words for a code found in the current term, in the
    /// column `col` (cells) or none (`<code>`).
    fn entry_text(&self, col: Option<usize>, line: usize) -> Result<String, ImportError> {
        let heading = match col {
            Some(col) => Some(self.heading(col).ok_or_else(|| {
                self.src.error(
                    Some(line),
                    Some("cell col"),
                    format!("column {col} has no <head col=\"{col}\"> in <indexHeading>"),
                )
            })?),
            None => None,
        };
        if self.path.is_empty() || self.path.iter().any(String::is_empty) {
            return Err(self.src.error(
                Some(line),
                Some("title"),
                "a code outside a <mainTerm>/<term> with a <title>",
            ));
        }
        Ok(match (self.table, heading) {
            // The only main term is "Neoplasm, neoplastic": the site path
            // then "neoplasm" reads as coders say it ("lung neoplasm").
            (IndexTable::Neoplasms, Some(heading)) => match &self.path[1..] {
                [] => format!("neoplasm, {heading}"),
                sites => format!("{} neoplasm, {heading}", sites.join(", ")),
            },
            (_, Some(heading)) => format!("{}, {heading}", self.path.join(", ")),
            (_, None) => self.path.join(", "),
        })
    }

    /// A finished `<cell>`/`<code>`: "-" or "--" means no code; anything
    /// else must be an ICD-10-CM code, possibly ending in "-" (more
    /// characters needed) or ".-" (any subcategory).
    fn value(&mut self, field: &str, value: Value) -> Result<(), ImportError> {
        let raw = self.text.trim();
        if !raw.is_empty() && raw.bytes().all(|b| b == b'-') {
            return Ok(());
        }
        let code = raw.strip_suffix('-').unwrap_or(raw);
        let code = if raw.len() > code.len() {
            code.strip_suffix('.').unwrap_or(code)
        } else {
            code
        };
        if !is_icd10cm_code(code) {
            return Err(self.src.error(
                Some(value.line),
                Some(field),
                format!("{raw:?} is not an ICD-10-CM code"),
            ));
        }
        let text = self.entry_text(value.col, value.line)?;
        if self.seen.insert((code.to_string(), text.clone())) {
            self.entries.push(IndexEntry {
                code: code.to_string(),
                text,
                line: value.line as u64,
            });
        }
        Ok(())
    }

    /// The `col` attribute of a `<cell>` or `<head>`.
    fn column(&self, e: &BytesStart<'_>, line: usize, field: &str) -> Result<usize, ImportError> {
        let col = e
            .try_get_attribute("col")
            .ok()
            .flatten()
            .map(|a| a.value.trim().to_string())
            .unwrap_or_default();
        col.parse().map_err(|_| {
            self.src.error(
                Some(line),
                Some(field),
                format!("col must be a column number, found {col:?}"),
            )
        })
    }
}

impl XmlHandler for Parser<'_> {
    fn start(&mut self, e: &BytesStart<'_>, line: usize) -> Result<(), ImportError> {
        let tag = Tag::of(e.name().as_ref());
        let parent = self.tags.last().copied();
        match tag {
            Tag::Term => self.path.push(String::new()),
            Tag::Title if parent == Some(Tag::Term) => self.text.clear(),
            // Nonessential modifiers follow the title's words with no
            // space in the file ("Abandonment<nemod>(causing ...)").
            Tag::Nemod => self.text.push(' '),
            Tag::Cell => {
                self.text.clear();
                self.value = Some(Value {
                    col: Some(self.column(e, line, "cell col")?),
                    line,
                });
            }
            Tag::Code(_) => {
                self.text.clear();
                self.value = Some(Value { col: None, line });
            }
            Tag::Head => {
                self.text.clear();
                let col = self.column(e, line, "head col")?;
                self.headings.push((col, String::new()));
            }
            Tag::Version => self.text.clear(),
            _ => {}
        }
        self.tags.push(tag);
        Ok(())
    }

    fn end(&mut self, line: usize) -> Result<(), ImportError> {
        let Some(tag) = self.tags.pop() else {
            return Ok(());
        };
        let parent = self.tags.last().copied();
        match tag {
            Tag::Term => {
                self.path.pop();
            }
            // "Index to Diseases and Injuries"; FY2017 writes it in capitals.
            Tag::Title
                if parent == Some(Tag::Root) && self.text.to_lowercase().contains("diseases") =>
            {
                self.table = IndexTable::Diseases;
            }
            Tag::Title if parent == Some(Tag::Term) => {
                let title = collapse_space(&self.text).replace(" ,", ",");
                if let Some(last) = self.path.last_mut() {
                    *last = title;
                }
            }
            Tag::Nemod => self.text.push(' '),
            Tag::Cell => {
                if let Some(value) = self.value.take() {
                    self.value("cell", value)?;
                }
            }
            Tag::Code(field) => {
                if let Some(value) = self.value.take() {
                    self.value(field, value)?;
                }
            }
            Tag::Head => {
                let text = collapse_space(&self.text);
                if let Some((col, heading)) = self.headings.last_mut() {
                    if *col == 1 {
                        self.table = match text.as_str() {
                            "Substance" => IndexTable::Drugs,
                            "Neoplasm" => IndexTable::Neoplasms,
                            _ => IndexTable::ExternalCauses,
                        };
                    }
                    *heading = text;
                }
            }
            Tag::Version if parent == Some(Tag::Root) => {
                let text = self.text.trim();
                self.fiscal_year = Some(text.parse().map_err(|_| {
                    self.src
                        .error(Some(line), Some("version"), format!("not a year: {text:?}"))
                })?);
            }
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        self.text.push_str(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(xml: &str) -> Result<IndexFile, ImportError> {
        parse(&Source::from_bytes("index.xml", xml.as_bytes().to_vec()))
    }

    fn pairs(file: &IndexFile) -> Vec<(&str, &str, u64)> {
        file.entries
            .iter()
            .map(|e| (e.code.as_str(), e.text.as_str(), e.line))
            .collect()
    }

    const DRUGS: &str = "<?xml version=\"1.0\"?>
<ICD10CM.index>
  <version>2022</version>
  <indexHeading>
    <head col=\"1\">Substance</head>
    <head col=\"2\">Poisoning Accidental
       (unintentional)</head>
    <head col=\"6\">Adverse effect</head>
  </indexHeading>
  <letter>
    <title>A</title>
    <mainTerm>
      <title>Aniline<nemod>(dye)   (liquid)</nemod></title>
      <cell col=\"2\">T65.3X1</cell>
      <cell col=\"6\">--</cell>
      <term level=\"1\">
        <title>analgesic</title>
        <cell col=\"2\">T39.1X1</cell>
        <cell col=\"6\">T39.1X5</cell>
        <term level=\"2\">
          <title>see-only &amp; skipped</title>
          <see>Acetaminophen</see>
        </term>
      </term>
      <term level=\"1\">
        <title>derivatives<nemod>(x)</nemod>, therapeutic</title>
        <cell col=\"2\">T39.1X1</cell>
        <cell col=\"2\">T39.1X1</cell>
      </term>
    </mainTerm>
  </letter>
</ICD10CM.index>
";

    #[test]
    fn drug_cells_name_their_column_and_nested_terms_their_path() {
        let f = parse_str(DRUGS).unwrap();
        assert_eq!((f.table, f.fiscal_year), (IndexTable::Drugs, Some(2022)));
        assert_eq!(
            pairs(&f),
            [
                (
                    "T65.3X1",
                    "Aniline (dye) (liquid), Poisoning Accidental (unintentional)",
                    14
                ),
                (
                    "T39.1X1",
                    "Aniline (dye) (liquid), analgesic, Poisoning Accidental (unintentional)",
                    18
                ),
                (
                    "T39.1X5",
                    "Aniline (dye) (liquid), analgesic, Adverse effect",
                    19
                ),
                // The repeated cell is dropped; no space before the comma.
                (
                    "T39.1X1",
                    "Aniline (dye) (liquid), derivatives (x), therapeutic, Poisoning Accidental (unintentional)",
                    27
                ),
            ]
        );
        assert_eq!(IndexTable::Drugs.as_str(), "drug");
    }

    #[test]
    fn neoplasm_paths_leave_out_the_main_term_and_dashes_go() {
        let xml = "<ICD10CM.index><version>2022</version>
<indexHeading><head col=\"1\">Neoplasm</head><head col=\"2\">Malignant Primary</head>
<head col=\"3\">Malignant Secondary</head><head col=\"4\">Benign</head></indexHeading>
<letter><title>N</title><mainTerm><title>Neoplasm, neoplastic</title>
<cell col=\"2\">C80.1</cell>
<term level=\"1\"><title>bone</title><term level=\"2\"><title>marrow</title>
<cell col=\"2\">C96.9</cell><cell col=\"3\">C79.8-</cell><cell col=\"4\">D24.-</cell>
</term><cell col=\"4\">-</cell></term></mainTerm></letter></ICD10CM.index>";
        let f = parse_str(xml).unwrap();
        assert_eq!(f.table, IndexTable::Neoplasms);
        assert_eq!(
            pairs(&f),
            [
                ("C80.1", "neoplasm, Malignant Primary", 5),
                ("C96.9", "bone, marrow neoplasm, Malignant Primary", 7),
                ("C79.8", "bone, marrow neoplasm, Malignant Secondary", 7),
                ("D24", "bone, marrow neoplasm, Benign", 7),
            ]
        );
    }

    #[test]
    fn the_index_to_diseases_is_told_by_its_title() {
        let xml = "<ICD10CM.index>
<title>ICD-10-CM INDEX TO DISEASES and INJURIES</title>
<letter><title>I</title>
<mainTerm><title>Infarct, infarction</title>
<term level=\"1\"><title>myocardium, myocardial<nemod>(acute)</nemod></title><code>I21.9</code></term>
</mainTerm></letter></ICD10CM.index>";
        let f = parse_str(xml).unwrap();
        assert_eq!(f.table, IndexTable::Diseases);
        assert_eq!(f.table.as_str(), "disease");
        assert_eq!(
            pairs(&f),
            [(
                "I21.9",
                "Infarct, infarction, myocardium, myocardial (acute)",
                5
            )]
        );
    }

    #[test]
    fn code_style_index_is_the_path() {
        let xml = "<ICD10CM.index>
<title>ICD-10-CM External Cause of Injuries Index</title>
<letter><title>B</title>
<mainTerm><title>Bite</title>
<term level=\"1\"><title>dog</title><code> W54.0 </code></term>
<term level=\"1\"><title>caf&#233;</title><seecat>Y35</seecat></term>
</mainTerm></letter></ICD10CM.index>";
        let f = parse_str(xml).unwrap();
        assert_eq!((f.table, f.fiscal_year), (IndexTable::ExternalCauses, None));
        assert_eq!(
            pairs(&f),
            [("W54.0", "Bite, dog", 5), ("Y35", "Bite, café", 6)]
        );
    }

    fn err(xml: &str) -> ImportError {
        parse_str(xml).unwrap_err()
    }

    #[test]
    fn bad_codes_and_columns_name_line_and_field() {
        let bad = DRUGS.replace("T39.1X5", "T39,1X5");
        let e = err(&bad);
        assert_eq!(
            e.to_string(),
            "index.xml:19: field `cell`: \"T39,1X5\" is not an ICD-10-CM code"
        );
        let e = err(&DRUGS.replace("<cell col=\"6\">T39.1X5", "<cell col=\"5\">T39.1X5"));
        assert_eq!((e.line, e.field.as_deref()), (Some(19), Some("cell col")));
        let e = err(&DRUGS.replace("<cell col=\"6\">T39.1X5", "<cell col=\"six\">T39.1X5"));
        assert_eq!((e.line, e.field.as_deref()), (Some(19), Some("cell col")));
        let e = err(
            "<ICD10CM.index><mainTerm><title>Fall</title>\n<code>W1</code></mainTerm></ICD10CM.index>",
        );
        assert_eq!((e.line, e.field.as_deref()), (Some(2), Some("code")));
        let e = err("<ICD10CM.index><mainTerm><code>W19</code></mainTerm></ICD10CM.index>");
        assert_eq!(e.field.as_deref(), Some("title"));
        let e = err("<ICD10CM.index><version>FY22</version></ICD10CM.index>");
        assert_eq!(e.field.as_deref(), Some("version"));
    }

    #[test]
    fn malformed_truncated_foreign_and_empty_files_are_errors() {
        let e = err(&DRUGS.replace("analgesic</title>", "analgesic</titel>"));
        assert_eq!((e.line, e.field.as_deref()), (Some(17), Some("xml")));
        assert!(e.message.starts_with("malformed XML"), "{e}");

        let cut = &DRUGS[..DRUGS.find("<title>derivatives").unwrap()];
        let e = err(cut);
        assert_eq!(e.line, Some(cut.lines().count() as u64));
        assert!(
            e.message
                .starts_with("unexpected end of file: <term> opened at line 25 is not closed"),
            "{e}"
        );

        let e = err("<ICD10CM.tabular><version>2022</version></ICD10CM.tabular>");
        assert!(e.message.contains("not an ICD-10-CM index XML"), "{e}");
        let e = err("");
        assert!(e.message.contains("no <ICD10CM.index> root"), "{e}");

        let see_only = "<ICD10CM.index><mainTerm><title>Paracetamol</title>
<see>Acetaminophen</see></mainTerm><mainTerm><title>X</title><code>--</code></mainTerm></ICD10CM.index>";
        let e = err(see_only);
        assert!(e.message.starts_with("no index entries"), "{e}");
    }

    #[test]
    fn zip_members_are_picked_by_name() {
        for name in [
            "icd10cm_drug_2022.xml",
            "icd10cm_neoplasm_2022.xml",
            "icd10cm_eindex_2022.xml",
        ] {
            assert!(is_index_member(name), "{name}");
        }
        for name in ["icd10cm_tabular_2022.xml", "icd10cm_drug_2022.pdf"] {
            assert!(!is_index_member(name), "{name}");
        }
    }
}
