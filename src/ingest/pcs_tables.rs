//! CMS's ICD-10-PCS tables XML (`icd10pcs_tables_YYYY.xml`) and
//! definitions XML (`icd10pcs_definitions_YYYY.xml`), read into the
//! domain's [`PcsTable`]s and [`PcsDefinition`]s for the table builder.
//!
//! Bounded against hostile input: at most [`MAX_TABLES`] tables,
//! [`MAX_ROWS`] rows, 34 values per axis (the characters a PCS axis can
//! take) and [`MAX_TEXT`] characters per label or definition; a value's
//! character must be one digit or capital letter, an axis's `pos` 1–7 and
//! in order. Every error names the file, the line and the field.

use quick_xml::events::BytesStart;

use super::source::{ImportError, Source};
use super::xml::{XmlHandler, collapse_space, read};
use crate::domain::pcs::{AxisPos, PcsAxis, PcsDefinition, PcsRow, PcsTable, PcsValue};

/// The most tables a file may hold (FY2026 has 914).
pub const MAX_TABLES: usize = 10_000;
/// The most rows over all tables (FY2026 has 2,733).
pub const MAX_ROWS: usize = 100_000;
/// The most values one axis may list (digits and letters but I and O).
pub const MAX_VALUES: usize = 34;
/// The most characters of one label, title or definition.
pub const MAX_TEXT: usize = 4_000;
/// The most definition terms a file may hold (FY2026 has 954).
pub const MAX_TERMS: usize = 20_000;

/// The tables of one tables XML, in file order.
pub fn parse_tables(src: &Source) -> Result<Vec<PcsTable>, ImportError> {
    let mut p = TablesParser {
        src,
        tags: Vec::new(),
        text: Text::default(),
        tables: Vec::new(),
        table: None,
        row: None,
        axis: None,
        label: None,
        rows: 0,
    };
    read(src, "ICD10PCS.tabular", "ICD-10-PCS tables XML", &mut p)?;
    Ok(p.tables)
}

/// The definitions of one definitions XML that carry a definition (root
/// operations, approaches and the few other terms CMS defines).
pub fn parse_definitions(src: &Source) -> Result<Vec<PcsDefinition>, ImportError> {
    let mut p = DefinitionsParser {
        src,
        tags: Vec::new(),
        text: Text::default(),
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

/// Character data of the element being read, bounded.
#[derive(Default)]
struct Text {
    buf: String,
    too_long: bool,
}

impl Text {
    fn clear(&mut self) {
        self.buf.clear();
        self.too_long = false;
    }

    fn push(&mut self, s: &str) {
        if self.buf.len() + s.len() > MAX_TEXT * 4 {
            self.too_long = true;
        } else {
            self.buf.push_str(s);
        }
    }

    /// The collapsed text, or an error when it is empty or too long.
    fn take(&mut self, src: &Source, line: usize, field: &str) -> Result<String, ImportError> {
        let text = collapse_space(&self.buf);
        self.clear();
        if text.chars().count() > MAX_TEXT {
            return Err(src.error(
                Some(line),
                Some(field),
                format!("longer than {MAX_TEXT} characters"),
            ));
        }
        if text.is_empty() {
            return Err(src.error(Some(line), Some(field), "empty"));
        }
        Ok(text)
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.try_get_attribute(name)
        .ok()
        .flatten()
        .map(|a| a.value.trim().to_string())
}

fn parse_pos(src: &Source, e: &BytesStart<'_>, line: usize) -> Result<AxisPos, ImportError> {
    let raw = attr(e, "pos").unwrap_or_default();
    raw.parse::<u8>()
        .ok()
        .and_then(AxisPos::new)
        .ok_or_else(|| {
            src.error(
                Some(line),
                Some("axis pos"),
                format!("must be 1 to 7, found {raw:?}"),
            )
        })
}

/// A PCS value character: one digit or capital letter.
fn parse_char(src: &Source, raw: &str, line: usize, field: &str) -> Result<char, ImportError> {
    let mut chars = raw.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_digit() || c.is_ascii_uppercase() => Ok(c),
        _ => Err(src.error(
            Some(line),
            Some(field),
            format!("must be one digit or capital letter, found {raw:?}"),
        )),
    }
}

struct TablesParser<'a> {
    src: &'a Source,
    tags: Vec<String>,
    text: Text,
    tables: Vec<PcsTable>,
    table: Option<PcsTable>,
    row: Option<PcsRow>,
    axis: Option<PcsAxis>,
    label: Option<char>,
    rows: usize,
}

impl TablesParser<'_> {
    fn err(&self, line: usize, field: &str, message: impl Into<String>) -> ImportError {
        self.src.error(Some(line), Some(field), message)
    }

    fn end_axis(&mut self, line: usize) -> Result<(), ImportError> {
        let Some(axis) = self.axis.take() else {
            return Ok(());
        };
        if axis.values.is_empty() {
            return Err(self.err(
                line,
                "axis",
                format!("axis {} has no label", axis.pos.get()),
            ));
        }
        let (into, first, count) = match (&mut self.row, &mut self.table) {
            (Some(row), _) => (&mut row.axes, 4, 4),
            (None, Some(table)) => (&mut table.axes, 1, 3),
            (None, None) => {
                return Err(self.src.error(Some(line), Some("axis"), "outside a table"));
            }
        };
        let expected = first + into.len();
        if into.len() >= count || usize::from(axis.pos.get()) != expected {
            return Err(self.src.error(
                Some(line),
                Some("axis pos"),
                format!("expected axis {expected}, found {}", axis.pos.get()),
            ));
        }
        if first == 1 && axis.values.len() != 1 {
            return Err(self.src.error(
                Some(line),
                Some("axis"),
                format!("table axis {} must have one label", axis.pos.get()),
            ));
        }
        into.push(axis);
        Ok(())
    }

    fn end_row(&mut self, line: usize) -> Result<(), ImportError> {
        let Some(row) = self.row.take() else {
            return Ok(());
        };
        if row.axes.len() != 4 {
            return Err(self.err(line, "pcsRow", "a row must have axes 4 to 7"));
        }
        self.rows += 1;
        if self.rows > MAX_ROWS {
            return Err(self.err(line, "pcsRow", format!("more than {MAX_ROWS} rows")));
        }
        match &mut self.table {
            Some(t) => t.rows.push(row),
            None => return Err(self.err(line, "pcsRow", "outside a table")),
        }
        Ok(())
    }

    fn end_table(&mut self, line: usize) -> Result<(), ImportError> {
        let Some(table) = self.table.take() else {
            return Ok(());
        };
        if table.axes.len() != 3 {
            return Err(self.err(line, "pcsTable", "a table must have axes 1 to 3"));
        }
        if table.rows.is_empty() {
            return Err(self.err(line, "pcsTable", "a table without rows"));
        }
        if self.tables.len() >= MAX_TABLES {
            return Err(self.err(line, "pcsTable", format!("more than {MAX_TABLES} tables")));
        }
        self.tables.push(table);
        Ok(())
    }
}

impl XmlHandler for TablesParser<'_> {
    fn start(&mut self, e: &BytesStart<'_>, line: usize) -> Result<(), ImportError> {
        let name = e.name().as_ref().to_string();
        match name.as_str() {
            "pcsTable" => {
                if self.table.is_some() {
                    return Err(self.err(line, "pcsTable", "a table inside a table"));
                }
                self.table = Some(PcsTable {
                    axes: Vec::new(),
                    rows: Vec::new(),
                    line,
                });
            }
            "pcsRow" => {
                if self.table.is_none() || self.row.is_some() || self.axis.is_some() {
                    return Err(self.err(line, "pcsRow", "a row outside a table"));
                }
                self.row = Some(PcsRow {
                    axes: Vec::new(),
                    line,
                });
            }
            "axis" => {
                if self.table.is_none() || self.axis.is_some() {
                    return Err(self.err(line, "axis", "an axis outside a table"));
                }
                self.axis = Some(PcsAxis {
                    pos: parse_pos(self.src, e, line)?,
                    title: String::new(),
                    values: Vec::new(),
                    definition: None,
                });
            }
            "label" if self.axis.is_some() => {
                let raw = attr(e, "code").unwrap_or_default();
                self.label = Some(parse_char(self.src, &raw, line, "label code")?);
                self.text.clear();
            }
            "title" | "definition" => self.text.clear(),
            _ => {}
        }
        self.tags.push(name);
        Ok(())
    }

    fn end(&mut self, line: usize) -> Result<(), ImportError> {
        let name = self.tags.pop().unwrap_or_default();
        let in_axis = self.tags.last().map(String::as_str) == Some("axis");
        match name.as_str() {
            "label" if self.axis.is_some() => {
                let label = self.text.take(self.src, line, "label")?;
                let ch = self.label.take().unwrap_or('?');
                if let Some(axis) = &mut self.axis {
                    if axis.values.iter().any(|v| v.ch == ch) {
                        return Err(self.err(line, "label code", format!("{ch} listed twice")));
                    }
                    if axis.values.len() >= MAX_VALUES {
                        return Err(self.err(
                            line,
                            "axis",
                            format!("more than {MAX_VALUES} labels"),
                        ));
                    }
                    axis.values.push(PcsValue { ch, label });
                }
            }
            "title" if in_axis => {
                let title = self.text.take(self.src, line, "axis title")?;
                if let Some(axis) = &mut self.axis {
                    axis.title = title;
                }
            }
            "definition" if in_axis => {
                let definition = self.text.take(self.src, line, "definition")?;
                if let Some(axis) = &mut self.axis {
                    axis.definition = Some(definition);
                }
            }
            "axis" => self.end_axis(line)?,
            "pcsRow" => self.end_row(line)?,
            "pcsTable" => self.end_table(line)?,
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        self.text.push(text);
    }
}

/// A term being read: its title, definition and explanation.
#[derive(Default)]
struct Term {
    title: Option<String>,
    definition: Option<String>,
    explanation: Option<String>,
}

struct DefinitionsParser<'a> {
    src: &'a Source,
    tags: Vec<String>,
    text: Text,
    section: Option<char>,
    pos: Option<AxisPos>,
    term: Option<Term>,
    out: Vec<PcsDefinition>,
}

impl XmlHandler for DefinitionsParser<'_> {
    fn start(&mut self, e: &BytesStart<'_>, line: usize) -> Result<(), ImportError> {
        let name = e.name().as_ref().to_string();
        match name.as_str() {
            "section" => {
                let raw = attr(e, "code").unwrap_or_default();
                self.section = Some(parse_char(self.src, &raw, line, "section code")?);
            }
            "axis" if self.section.is_some() => self.pos = Some(parse_pos(self.src, e, line)?),
            "terms" if self.pos.is_some() => self.term = Some(Term::default()),
            "title" | "definition" | "explanation" => self.text.clear(),
            _ => {}
        }
        self.tags.push(name);
        Ok(())
    }

    fn end(&mut self, line: usize) -> Result<(), ImportError> {
        let name = self.tags.pop().unwrap_or_default();
        let in_terms = self.tags.last().map(String::as_str) == Some("terms");
        match name.as_str() {
            "title" | "definition" | "explanation" if in_terms => {
                let field = name.clone();
                let text = self.text.take(self.src, line, &field)?;
                if let Some(term) = &mut self.term {
                    match name.as_str() {
                        "title" => term.title = Some(text),
                        "definition" => term.definition = Some(text),
                        _ => term.explanation = Some(text),
                    }
                }
            }
            "terms" => {
                let (Some(term), Some(section), Some(pos)) =
                    (self.term.take(), self.section, self.pos)
                else {
                    return Ok(());
                };
                let Some(definition) = term.definition else {
                    return Ok(());
                };
                let Some(title) = term.title else {
                    return Err(self.src.error(
                        Some(line),
                        Some("terms"),
                        "a term without a title",
                    ));
                };
                if self.out.len() >= MAX_TERMS {
                    return Err(self.src.error(
                        Some(line),
                        Some("terms"),
                        format!("more than {MAX_TERMS} terms"),
                    ));
                }
                self.out.push(PcsDefinition {
                    section,
                    pos,
                    term: title,
                    definition,
                    explanation: term.explanation,
                });
            }
            "axis" => self.pos = None,
            "section" => self.section = None,
            _ => {}
        }
        Ok(())
    }

    fn text(&mut self, text: &str) {
        self.text.push(text);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(xml: &str) -> Source {
        Source::from_bytes("t.xml", xml.as_bytes().to_vec())
    }

    const AXES_1_3: &str = r#"<axis pos="1" values="1"><title>Section</title><label code="0">Medical and Surgical</label></axis>
<axis pos="2" values="1"><title>Body System</title><label code="D">Gastrointestinal System</label></axis>
<axis pos="3" values="1"><title>Operation</title><label code="T">Resection</label><definition>Cutting out or off, without replacement, all of a body part</definition></axis>"#;

    fn row(body: &str) -> String {
        format!(
            r#"<pcsRow codes="2"><axis pos="4" values="1"><title>Body Part</title>{body}</axis>
<axis pos="5" values="2"><title>Approach</title><label code="0">Open</label><label code="4">Percutaneous Endoscopic</label></axis>
<axis pos="6" values="1"><title>Device</title><label code="Z">No Device</label></axis>
<axis pos="7" values="1"><title>Qualifier</title><label code="Z">No Qualifier</label></axis></pcsRow>"#
        )
    }

    fn tables(rows: &str) -> String {
        format!(
            "<?xml version=\"1.0\"?>\n<ICD10PCS.tabular><version>2026</version><pcsTable>\n{AXES_1_3}\n{rows}</pcsTable></ICD10PCS.tabular>"
        )
    }

    #[test]
    fn reads_a_table_with_its_rows_and_definition() {
        let xml = tables(&row(r#"<label code="1">Esophagus, Upper</label>"#));
        let t = parse_tables(&src(&xml)).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].key(), "0DT");
        assert_eq!(t[0].axes[2].values[0].label, "Resection");
        assert!(
            t[0].axes[2]
                .definition
                .as_deref()
                .unwrap()
                .starts_with("Cutting out")
        );
        assert_eq!(t[0].rows[0].axes[1].values.len(), 2);
        assert_eq!(t[0].rows[0].axes[0].title, "Body Part");
    }

    #[test]
    fn errors_name_file_line_and_field() {
        let bad_char = tables(&row(r#"<label code="a1">x</label>"#));
        let e = parse_tables(&src(&bad_char)).unwrap_err().to_string();
        assert!(e.starts_with("t.xml:6: field `label code`"), "{e}");
        let good = tables(&row(r#"<label code="1">x</label>"#));
        let bad_pos = good.replace(r#"<axis pos="5""#, r#"<axis pos="9""#);
        let e = parse_tables(&src(&bad_pos)).unwrap_err().to_string();
        assert!(e.contains("field `axis pos`"), "{e}");
        let twice = tables(&row(
            r#"<label code="1">a</label><label code="1">b</label>"#,
        ));
        let e = parse_tables(&src(&twice)).unwrap_err().to_string();
        assert!(e.contains("1 listed twice"), "{e}");
        let no_rows = tables("");
        assert!(
            parse_tables(&src(&no_rows))
                .unwrap_err()
                .to_string()
                .contains("without rows")
        );
        let wrong_root = "<ICD10PCS.definitions/>";
        assert!(parse_tables(&src(wrong_root)).is_err());
        let truncated = &xml_prefix(&tables(&row(r#"<label code="1">a</label>"#)));
        let e = parse_tables(&src(truncated)).unwrap_err().to_string();
        assert!(e.contains("not closed"), "{e}");
    }

    fn xml_prefix(s: &str) -> String {
        s[..s.len() / 2].to_string()
    }

    #[test]
    fn hostile_sizes_are_refused() {
        let long = "x".repeat(MAX_TEXT + 1);
        let xml = tables(&row(&format!(r#"<label code="1">{long}</label>"#)));
        let e = parse_tables(&src(&xml)).unwrap_err().to_string();
        assert!(e.contains("longer than"), "{e}");
        let many: String = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
            .chars()
            .chain(std::iter::once('O'))
            .map(|c| format!(r#"<label code="{c}">v</label>"#))
            .collect();
        let e = parse_tables(&src(&tables(&row(&many))))
            .unwrap_err()
            .to_string();
        assert!(e.contains("more than 34 labels"), "{e}");
    }

    #[test]
    fn every_cut_and_every_flipped_byte_is_an_answer_not_a_panic() {
        let xml = tables(&row(r#"<label code="1">Esophagus, Upper</label>"#));
        let bytes = xml.as_bytes();
        for cut in 0..bytes.len() {
            let src = Source::from_bytes("t.xml", bytes[..cut].to_vec());
            let _ = parse_tables(&src);
            let _ = parse_definitions(&src);
        }
        for at in 0..bytes.len() {
            for b in [b'<', b'>', b'"', b'&', 0xff, b'9'] {
                let mut bad = bytes.to_vec();
                bad[at] = b;
                let src = Source::from_bytes("t.xml", bad);
                if let Err(e) = parse_tables(&src) {
                    assert!(e.to_string().starts_with("t.xml"), "{e}");
                }
            }
        }
    }

    #[test]
    fn reads_definitions_of_operations_and_approaches() {
        let xml = r#"<ICD10PCS.definitions><version>2026</version><section code="0"><title>Medical and Surgical</title>
<axis pos="3"><title>Operation</title><terms><title>Resection</title><definition>Cutting out all of a body part</definition><includes>Total nephrectomy</includes></terms></axis>
<axis pos="4"><title>Body Part</title><terms><title>Anus</title><includes>Anal orifice</includes></terms></axis>
<axis pos="5"><title>Approach</title><terms><title>Open</title><definition>Cutting through the skin</definition><explanation>E</explanation></terms></axis>
</section></ICD10PCS.definitions>"#;
        let d = parse_definitions(&src(xml)).unwrap();
        assert_eq!(d.len(), 2);
        assert_eq!(
            (d[0].section, d[0].pos.get(), d[0].term.as_str()),
            ('0', 3, "Resection")
        );
        assert_eq!(d[1].explanation.as_deref(), Some("E"));
        let bad = xml.replace(r#"section code="0""#, r#"section code="00""#);
        let e = parse_definitions(&src(&bad)).unwrap_err().to_string();
        assert!(e.contains("t.xml:1: field `section code`"), "{e}");
    }
}
