//! The Index to Diseases and Injuries (CDC/NCHS XML) read as a tree: main
//! terms, nested subterms with their nonessential modifiers, the code each
//! leads to, the manifestation code printed in brackets, and the "see" /
//! "see also" cross-references that `cm_index` (which only collects code
//! paths for search) skips.
//!
//! The file is hostile input like any other: nesting deeper than
//! [`MAX_DEPTH`] and more than [`MAX_NODES`] terms are errors naming the
//! line, so a crafted file cannot exhaust memory or the stack of the walks
//! over the tree.

use std::path::Path;

use quick_xml::events::BytesStart;

use super::cm_index::is_index_member;
use super::icd10cm::is_icd10cm_code;
use super::source::{ImportError, Source};
use super::xml::{self, XmlHandler, collapse_space};
use crate::domain::index_tree::{IndexCode, IndexCodeKind, IndexNode, IndexTree, NodeId};

/// The deepest nesting accepted: the FY2017 index goes to level 9.
pub const MAX_DEPTH: usize = 32;
/// The most terms accepted: the FY2017 index has about 77,000.
pub const MAX_NODES: usize = 1_000_000;
/// The longest title, modifier or reference kept, in bytes.
pub const MAX_TEXT: usize = 4_096;

/// Opens a plain, gzip or zip index file and parses it as a tree.
pub fn read_file(path: &Path) -> Result<IndexTree, ImportError> {
    parse(&Source::open(path, &[is_index_member])?)
}

/// Parses an index whose terms carry `<code>`-style pointers (the Index to
/// Diseases and Injuries; the External Cause Index has the same shape).
/// Table files (`<cell>`) have no tree to walk and give an empty tree.
pub fn parse(src: &Source) -> Result<IndexTree, ImportError> {
    let mut p = Parser {
        src,
        nodes: Vec::new(),
        open: Vec::new(),
        tags: Vec::new(),
        text: String::new(),
        nemod: String::new(),
        fiscal_year: None,
    };
    xml::read(src, "ICD10CM.index", "ICD-10-CM index XML", &mut p)?;
    Ok(IndexTree::from_nodes(p.fiscal_year, p.nodes))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tag {
    Root,
    Version,
    Term,
    Title,
    Nemod,
    Code(IndexCodeKind),
    Manif,
    See,
    SeeAlso,
    Other,
}

impl Tag {
    fn of(name: &str) -> Tag {
        match name {
            "ICD10CM.index" => Tag::Root,
            "version" => Tag::Version,
            "mainTerm" | "term" => Tag::Term,
            "title" => Tag::Title,
            "nemod" => Tag::Nemod,
            "code" => Tag::Code(IndexCodeKind::Code),
            "subcat" => Tag::Code(IndexCodeKind::Subcategory),
            "seecat" => Tag::Code(IndexCodeKind::SeeCategory),
            "manif" => Tag::Manif,
            "see" => Tag::See,
            "seeAlso" => Tag::SeeAlso,
            _ => Tag::Other,
        }
    }
}

struct Parser<'a> {
    src: &'a Source,
    nodes: Vec<IndexNode>,
    /// The open terms, outermost first.
    open: Vec<NodeId>,
    tags: Vec<Tag>,
    text: String,
    nemod: String,
    fiscal_year: Option<i32>,
}

impl Parser<'_> {
    fn current(&mut self) -> Option<&mut IndexNode> {
        let id = *self.open.last()?;
        self.nodes.get_mut(id.index())
    }

    fn too_long(&self, line: usize, field: &str, text: &str) -> Result<(), ImportError> {
        if text.len() > MAX_TEXT {
            return Err(self.src.error(
                Some(line),
                Some(field),
                format!("longer than {MAX_TEXT} bytes"),
            ));
        }
        Ok(())
    }

    fn open_term(&mut self, line: usize) -> Result<(), ImportError> {
        if self.open.len() >= MAX_DEPTH {
            return Err(self.src.error(
                Some(line),
                Some("term"),
                format!("terms nested deeper than {MAX_DEPTH} levels"),
            ));
        }
        if self.nodes.len() >= MAX_NODES {
            return Err(self.src.error(
                Some(line),
                Some("term"),
                format!("more than {MAX_NODES} terms"),
            ));
        }
        let id = NodeId(self.nodes.len() as u32);
        self.nodes.push(IndexNode {
            parent: self.open.last().copied(),
            depth: self.open.len() as u8,
            title: String::new(),
            nemod: None,
            code: None,
            manifestation: None,
            see: None,
            see_also: None,
            children: Vec::new(),
        });
        self.open.push(id);
        Ok(())
    }

    /// A finished `<code>`/`<subcat>`/`<seecat>`/`<manif>`: "-" alone is no
    /// code; otherwise an ICD-10-CM code, perhaps ending "-" or ".-".
    fn code(&mut self, field: &str, line: usize) -> Result<Option<(String, bool)>, ImportError> {
        let raw = self.text.trim();
        if raw.is_empty() || raw.bytes().all(|b| b == b'-') {
            return Ok(None);
        }
        let code = raw.strip_suffix('-').unwrap_or(raw);
        let incomplete = code.len() < raw.len();
        let code = if incomplete {
            code.strip_suffix('.').unwrap_or(code)
        } else {
            code
        };
        if !is_icd10cm_code(code) {
            return Err(self.src.error(
                Some(line),
                Some(field),
                format!("{raw:?} is not an ICD-10-CM code"),
            ));
        }
        Ok(Some((code.to_string(), incomplete)))
    }

    fn end_tag(&mut self, tag: Tag, parent: Option<Tag>, line: usize) -> Result<(), ImportError> {
        let in_term = parent == Some(Tag::Term);
        match tag {
            Tag::Term => {
                self.open.pop();
            }
            Tag::Nemod if parent == Some(Tag::Title) => {
                self.too_long(line, "nemod", &self.nemod)?;
            }
            Tag::Title if in_term => {
                let title = collapse_space(&self.text).replace(" ,", ",");
                self.too_long(line, "title", &title)?;
                let nemod = collapse_space(&self.nemod);
                if let Some(n) = self.current() {
                    n.title = title;
                    n.nemod = (!nemod.is_empty()).then_some(nemod);
                }
            }
            Tag::Code(kind) if in_term => {
                if let Some((code, incomplete)) = self.code(kind.as_str(), line)?
                    && let Some(n) = self.current()
                    && n.code.is_none()
                {
                    n.code = Some(IndexCode {
                        code,
                        kind,
                        incomplete,
                    });
                }
            }
            Tag::Manif if in_term => {
                if let Some((code, _)) = self.code("manif", line)?
                    && let Some(n) = self.current()
                    && n.manifestation.is_none()
                {
                    n.manifestation = Some(code);
                }
            }
            Tag::See | Tag::SeeAlso if in_term => {
                let field = if tag == Tag::See { "see" } else { "seeAlso" };
                let reference = collapse_space(&self.text);
                self.too_long(line, field, &reference)?;
                if let Some(n) = self.current()
                    && !reference.is_empty()
                {
                    let slot = if tag == Tag::See {
                        &mut n.see
                    } else {
                        &mut n.see_also
                    };
                    slot.get_or_insert(reference);
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
}

impl XmlHandler for Parser<'_> {
    fn start(&mut self, e: &BytesStart<'_>, line: usize) -> Result<(), ImportError> {
        let tag = Tag::of(e.name().as_ref());
        match tag {
            Tag::Term => self.open_term(line)?,
            Tag::Title => {
                self.text.clear();
                self.nemod.clear();
            }
            Tag::Nemod => {}
            _ if self.tags.last() != Some(&Tag::Title) && self.tags.last() != Some(&Tag::Nemod) => {
                self.text.clear()
            }
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
        self.end_tag(tag, parent, line)
    }

    fn text(&mut self, text: &str) {
        // Modifiers go apart from the title's words; both are bounded
        // (checked when they close, kept from growing without end here).
        let into = if self.tags.last() == Some(&Tag::Nemod) {
            &mut self.nemod
        } else {
            &mut self.text
        };
        if into.len() <= MAX_TEXT {
            into.push_str(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(xml: &str) -> Result<IndexTree, ImportError> {
        parse(&Source::from_bytes("index.xml", xml.as_bytes().to_vec()))
    }

    const INDEX: &str = "<?xml version=\"1.0\"?>
<ICD10CM.index>
  <version>2017</version>
  <title>ICD-10-CM INDEX TO DISEASES and INJURIES</title>
  <letter>
    <title>A</title>
    <mainTerm>
      <title>Abandonment</title>
      <see>Maltreatment</see>
    </mainTerm>
    <mainTerm>
      <title>Amyloid heart<nemod>(disease)</nemod></title>
      <code>E85.4</code>
      <manif>I43</manif>
    </mainTerm>
  </letter>
  <letter>
    <title>H</title>
    <mainTerm>
      <title>Hernia, hernial<nemod>(acquired) (recurrent)</nemod></title>
      <code>K46.9</code>
      <term level=\"1\">
        <title>double<nemod>(inguinal)</nemod></title>
        <see>Hernia, inguinal,  bilateral</see>
      </term>
      <term level=\"1\">
        <title>inguinal<nemod>(direct)   (external)</nemod></title>
        <seeAlso>Hernia, by site</seeAlso>
        <code>K40.9-</code>
        <term level=\"2\">
          <title>bilateral</title>
          <code>K40.20</code>
        </term>
        <term level=\"2\">
          <title>unilateral</title>
          <subcat>K40.9</subcat>
        </term>
      </term>
    </mainTerm>
  </letter>
</ICD10CM.index>
";

    #[test]
    fn terms_nest_with_modifiers_codes_manifestations_and_references() {
        let t = parse_str(INDEX).unwrap();
        assert_eq!(t.fiscal_year, Some(2017));
        assert_eq!(t.main_terms, [NodeId(0), NodeId(1), NodeId(2)]);
        let see = &t.nodes[0];
        assert_eq!(
            (see.title.as_str(), see.see.as_deref()),
            ("Abandonment", Some("Maltreatment"))
        );
        let amyloid = &t.nodes[1];
        assert_eq!(amyloid.nemod.as_deref(), Some("(disease)"));
        assert_eq!(
            amyloid.code.as_ref().map(|c| c.code.as_str()),
            Some("E85.4")
        );
        assert_eq!(amyloid.manifestation.as_deref(), Some("I43"));
        let inguinal = &t.nodes[4];
        assert_eq!(inguinal.label(), "inguinal (direct) (external)");
        assert_eq!(inguinal.see_also.as_deref(), Some("Hernia, by site"));
        let code = inguinal.code.as_ref().unwrap();
        assert_eq!((code.code.as_str(), code.incomplete), ("K40.9", true));
        assert_eq!(
            t.nodes[6].code.as_ref().unwrap().kind,
            IndexCodeKind::Subcategory
        );
        assert_eq!(
            t.path_text(NodeId(6)),
            "Hernia, hernial, inguinal, unilateral"
        );
        assert_eq!(t.nodes[6].depth, 2);
        // The "see" of "double" leads to "bilateral", spacing aside.
        let double = t.nodes[3].see.clone().unwrap();
        assert_eq!(t.resolve(&double), Some((NodeId(5), true)));
        assert_eq!(t.resolve("Maltreatment"), None);
    }

    #[test]
    fn hostile_nesting_and_sizes_are_refused_with_the_line() {
        let deep = format!(
            "<ICD10CM.index>\n{}{}</ICD10CM.index>",
            "<term><title>x</title>\n".repeat(MAX_DEPTH + 1),
            "</term>".repeat(MAX_DEPTH + 1)
        );
        let e = parse_str(&deep).unwrap_err();
        assert_eq!(
            (e.line, e.field.as_deref()),
            (Some(MAX_DEPTH as u64 + 2), Some("term"))
        );
        let long = format!(
            "<ICD10CM.index><mainTerm><title>{}</title></mainTerm></ICD10CM.index>",
            "a".repeat(MAX_TEXT + 10)
        );
        assert_eq!(
            parse_str(&long).unwrap_err().field.as_deref(),
            Some("title")
        );
        let bad = INDEX.replace("K40.20", "K40,20");
        let e = parse_str(&bad).unwrap_err();
        assert_eq!((e.line, e.field.as_deref()), (Some(32), Some("code")));
        let e = parse_str(&INDEX.replace("<manif>I43", "<manif>I4")).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("manif"));
        assert!(parse_str("<ICD10CM.index><mainTerm>").is_err());
        assert!(parse_str("<ICD10CM.tabular/>").is_err());
    }

    #[test]
    fn table_files_give_an_empty_tree_of_titles_only() {
        let t = parse_str(
            "<ICD10CM.index><mainTerm><title>Aniline</title><cell col=\"2\">T65.3X1</cell></mainTerm></ICD10CM.index>",
        )
        .unwrap();
        assert_eq!(t.nodes.len(), 1);
        assert!(t.nodes[0].code.is_none());
    }
}
