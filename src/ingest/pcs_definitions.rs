//! The *keys* of CMS's ICD-10-PCS definitions XML: every defined term with
//! its titles and `includes` lines (root operations with their examples
//! such as "Partial nephrectomy" under Excision, the body part key's
//! anatomical names such as "Hallux" under "1st Toe", the device key's
//! product and common names). `pcs_tables::parse_definitions` keeps only
//! the terms that carry a definition, for the table builder; search needs
//! the `includes` lines too, to understand the words coders type.
//!
//! Bounded like the tables parser: at most [`MAX_TERMS`] terms and
//! [`MAX_INCLUDES`] includes lines per term, each at most [`MAX_TEXT`]
//! characters; errors name the file, the line and the field.

use quick_xml::events::BytesStart;

use super::pcs_tables::{MAX_TERMS, MAX_TEXT};
use super::source::{ImportError, Source};
use super::xml::{XmlHandler, collapse_space, read};
use crate::domain::pcs::AxisPos;

/// The most `includes` lines one term may carry (FY2026 has at most 40).
pub const MAX_INCLUDES: usize = 500;

/// One term of a key: the value titles it covers and what they include.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PcsKeyTerm {
    /// The section's character ('0' for Medical and Surgical).
    pub section: char,
    /// The axis the term belongs to (3 operation, 4 body part, 6 device).
    pub pos: AxisPos,
    /// The value titles as the tables label them ("1st Toe, Left").
    pub titles: Vec<String>,
    /// The names the term covers ("Hallux", "Partial nephrectomy"): one
    /// line each, comma-separated lists kept as CMS wrote them.
    pub includes: Vec<String>,
}

/// Every term of one definitions XML, in file order.
pub fn parse_key_terms(src: &Source) -> Result<Vec<PcsKeyTerm>, ImportError> {
    let mut p = KeyParser {
        src,
        tags: Vec::new(),
        text: String::new(),
        section: None,
        pos: None,
        term: None,
        out: Vec::new(),
    };
    read(
        src,
        "ICD10PCS.definitions",
        "ICD-10-PCS definitions XML",
        &mut p,
    )?;
    Ok(p.out)
}

struct KeyParser<'a> {
    src: &'a Source,
    tags: Vec<String>,
    text: String,
    section: Option<char>,
    pos: Option<AxisPos>,
    term: Option<(Vec<String>, Vec<String>)>,
    out: Vec<PcsKeyTerm>,
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| a.value.trim().to_string())
}

impl KeyParser<'_> {
    fn take_text(&mut self, line: usize, field: &str) -> Result<String, ImportError> {
        let text = collapse_space(&self.text);
        self.text.clear();
        if text.chars().count() > MAX_TEXT {
            return Err(self.src.error(
                Some(line),
                Some(field),
                format!("longer than {MAX_TEXT} characters"),
            ));
        }
        Ok(text)
    }

    fn end_term(&mut self, line: usize) -> Result<(), ImportError> {
        let (Some((titles, includes)), Some(section), Some(pos)) =
            (self.term.take(), self.section, self.pos)
        else {
            return Ok(());
        };
        if titles.is_empty() {
            return Err(self
                .src
                .error(Some(line), Some("terms"), "a term without a title"));
        }
        if self.out.len() >= MAX_TERMS {
            return Err(self.src.error(
                Some(line),
                Some("terms"),
                format!("more than {MAX_TERMS} terms"),
            ));
        }
        self.out.push(PcsKeyTerm {
            section,
            pos,
            titles,
            includes,
        });
        Ok(())
    }
}

impl XmlHandler for KeyParser<'_> {
    fn start(&mut self, e: &BytesStart<'_>, line: usize) -> Result<(), ImportError> {
        let name = e.name().as_ref().to_string();
        match name.as_str() {
            "section" => {
                let raw = attr(e, "code").unwrap_or_default();
                let mut chars = raw.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if c.is_ascii_alphanumeric() => self.section = Some(c),
                    _ => {
                        return Err(self.src.error(
                            Some(line),
                            Some("section code"),
                            format!("{raw:?} is not one character"),
                        ));
                    }
                }
            }
            "axis" if self.section.is_some() => {
                let raw = attr(e, "pos").unwrap_or_default();
                self.pos = Some(raw.parse::<u8>().ok().and_then(AxisPos::new).ok_or_else(
                    || {
                        self.src.error(
                            Some(line),
                            Some("axis pos"),
                            format!("{raw:?} is not 1 to 7"),
                        )
                    },
                )?);
            }
            "terms" if self.pos.is_some() => self.term = Some((Vec::new(), Vec::new())),
            _ => {}
        }
        self.text.clear();
        self.tags.push(name);
        Ok(())
    }

    fn end(&mut self, line: usize) -> Result<(), ImportError> {
        let name = self.tags.pop().unwrap_or_default();
        let in_terms = self.tags.last().map(String::as_str) == Some("terms");
        match name.as_str() {
            "title" | "includes" if in_terms => {
                let text = self.take_text(line, &name)?;
                let Some((titles, includes)) = &mut self.term else {
                    return Ok(());
                };
                let list = if name == "title" { titles } else { includes };
                if list.len() >= MAX_INCLUDES {
                    return Err(self.src.error(
                        Some(line),
                        Some(&name),
                        format!("more than {MAX_INCLUDES} in one term"),
                    ));
                }
                if !text.is_empty() {
                    list.push(text);
                }
            }
            "terms" => self.end_term(line)?,
            "axis" => self.pos = None,
            "section" => self.section = None,
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        if self.text.len() <= MAX_TEXT * 4 {
            self.text.push_str(text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(xml: &str) -> Result<Vec<PcsKeyTerm>, ImportError> {
        parse_key_terms(&Source::from_bytes("d.xml", xml.as_bytes().to_vec()))
    }

    #[test]
    fn reads_titles_and_includes_of_every_key() {
        let terms = parse(
            r#"<ICD10PCS.definitions><section code="0"><axis pos="3"><title>Operation</title>
            <terms><title>Excision</title><definition>Cutting out</definition>
            <includes>Partial nephrectomy, liver biopsy</includes></terms></axis>
            <axis pos="4"><title>Body Part</title><terms><title>1st Toe, Left</title>
            <title>1st Toe, Right</title><includes>Hallux</includes></terms></axis>
            </section></ICD10PCS.definitions>"#,
        )
        .unwrap();
        assert_eq!(terms.len(), 2);
        assert_eq!(terms[0].titles, ["Excision"]);
        assert_eq!(terms[0].includes, ["Partial nephrectomy, liver biopsy"]);
        assert_eq!(terms[1].pos.get(), 4);
        assert_eq!(terms[1].titles, ["1st Toe, Left", "1st Toe, Right"]);
    }

    #[test]
    fn errors_name_line_and_field() {
        let err = parse(
            "<ICD10PCS.definitions>\n<section code=\"0\"><axis pos=\"9\"></axis></section></ICD10PCS.definitions>",
        )
        .unwrap_err()
        .to_string();
        assert!(err.contains("d.xml:2"), "{err}");
        assert!(err.contains("axis pos"), "{err}");
    }

    #[test]
    fn bundled_file_has_the_keys() {
        let bytes = include_bytes!("../../codesets/icd10pcs/icd10pcs_definitions_2026.xml");
        let terms = parse_key_terms(&Source::from_bytes("defs.xml", bytes.to_vec())).unwrap();
        assert_eq!(terms.len(), 954);
        assert!(
            terms
                .iter()
                .any(|t| t.includes.iter().any(|i| i == "Hallux"))
        );
    }
}
