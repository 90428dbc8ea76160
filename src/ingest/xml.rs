//! The XML reading shared by the ICD-10-CM parsers (Tabular List, and the
//! Table of Drugs, Neoplasm Table and External Cause Index): one event loop
//! that checks the root element, resolves entities and character
//! references, tracks line numbers and reports a truncated file by the
//! element left open, so each parser only says what its elements mean.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

use super::source::{ImportError, Source};

/// What a parser does with the elements [`read`] walks through. Every
/// start is matched by exactly one end (an empty element `<a/>` gives both).
pub(super) trait XmlHandler {
    /// An element opens at `line` (the handler clears the text it has
    /// collected when it wants only this element's own).
    fn start(&mut self, element: &BytesStart<'_>, line: usize) -> Result<(), ImportError>;
    /// The innermost open element closes at `line`.
    fn end(&mut self, line: usize) -> Result<(), ImportError>;
    /// Character data, entities already resolved (may arrive in pieces).
    fn text(&mut self, text: &str);
}

/// Reads the whole of `src` as XML whose root element must be `root`
/// (`what` names the file kind in errors, e.g. "ICD-10-CM tabular XML").
/// Malformed XML, an unknown entity, a wrong or missing root and a file
/// that ends inside an element are errors naming the line.
pub(super) fn read(
    src: &Source,
    root: &str,
    what: &str,
    handler: &mut impl XmlHandler,
) -> Result<(), ImportError> {
    let text = src.utf8_text()?;
    let mut lines = LineCounter::new(src.bytes(), src.bytes().len() - text.len());
    // Offset (in `text`) and line of each open element.
    let mut open: Vec<(usize, usize)> = Vec::new();
    let mut root_seen = false;
    let mut reader = Reader::from_str(text);
    loop {
        let pos = reader.buffer_position() as usize;
        let event = reader.read_event().map_err(|e| {
            let at = reader.error_position() as usize;
            src.error(
                Some(lines.line_at(at)),
                Some("xml"),
                format!("malformed XML ({e})"),
            )
        })?;
        let line = lines.line_at(pos);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                if open.is_empty() {
                    if e.name().as_ref() != root {
                        return Err(src.error(
                            Some(line),
                            Some("xml"),
                            format!("not an {what} (root <{}>)", e.name().as_ref()),
                        ));
                    }
                    root_seen = true;
                }
                handler.start(e, line)?;
                if matches!(event, Event::Empty(_)) {
                    handler.end(line)?;
                } else {
                    open.push((pos, line));
                }
            }
            Event::End(_) => {
                open.pop();
                handler.end(line)?;
            }
            Event::Text(t) => handler.text(&t.xml10_content()),
            Event::CData(t) => handler.text(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref() {
                    Ok(Some(c)) => Some(c.to_string()),
                    _ => quick_xml::escape::resolve_xml_entity(&r).map(str::to_string),
                };
                match resolved {
                    Some(s) => handler.text(&s),
                    None => {
                        return Err(src.error(
                            Some(line),
                            Some("xml"),
                            format!("unknown entity &{};", &*r),
                        ));
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(&(opened, opened_line)) = open.last() {
        let name: String = text[opened..]
            .chars()
            .skip(1)
            .take_while(|c| !c.is_whitespace() && !matches!(c, '>' | '/'))
            .collect();
        return Err(src.error(
            Some(lines.line_at(text.len())),
            Some("xml"),
            format!(
                "unexpected end of file: <{name}> opened at line {opened_line} is not closed (truncated file?)"
            ),
        ));
    }
    if !root_seen {
        return Err(src.error(
            None,
            Some("xml"),
            format!("not an {what} (no <{root}> root)"),
        ));
    }
    Ok(())
}

/// Lines of offsets that only move forward, counted once over the file
/// (asking [`Source::line_of_offset`] per element would rescan it each time).
struct LineCounter<'a> {
    bytes: &'a [u8],
    /// Bytes (a byte-order mark) before the text the reader's offsets count from.
    skip: usize,
    counted_to: usize,
    line: usize,
}

impl<'a> LineCounter<'a> {
    fn new(bytes: &'a [u8], skip: usize) -> Self {
        LineCounter {
            bytes,
            skip,
            counted_to: 0,
            line: 1,
        }
    }

    /// The 1-based line of reader offset `at`; earlier offsets than the
    /// last asked are recounted from the start (only error paths do that).
    fn line_at(&mut self, at: usize) -> usize {
        let target = (at + self.skip).min(self.bytes.len());
        if target < self.counted_to {
            self.counted_to = 0;
            self.line = 1;
        }
        self.line += self.bytes[self.counted_to..target]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        self.counted_to = target;
        self.line
    }
}

/// Titles and notes in the XML are wrapped and indented; one space between
/// words is what coders see.
pub(super) fn collapse_space(s: &str) -> String {
    // Most texts are already clean: copy them without splitting.
    let clean = !s.starts_with(' ')
        && !s.ends_with(' ')
        && !s.contains("  ")
        && !s.bytes().any(|b| b.is_ascii_whitespace() && b != b' ');
    if clean {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
