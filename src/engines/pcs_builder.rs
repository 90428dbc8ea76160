//! The ICD-10-PCS table builder: from a partial code, the values the next
//! axis may take, each with CMS's label (and, for root operations and
//! approaches, CMS's definition), until seven characters make a code.
//!
//! Two inputs, kept apart on purpose:
//! - [`PcsTables`], the *labels*: CMS's tables XML (the newest obtainable
//!   is FY2026) and definitions XML, as lookups by position;
//! - [`PcsCodes`], the *valid codes* of one code-set version (FY2026,
//!   April 2026, FY2027) with their titles.
//!
//! The choices at every step come from the valid codes alone, so every
//! code the builder can produce is valid in the version and every valid
//! code is reachable; the tables only name the choices. A value a newer
//! version added that the FY2026 tables do not label is shown by its
//! character and the title of its (first) code.

use std::collections::HashMap;

use crate::domain::pcs::{AxisPos, PcsDefinition, PcsTable};

/// The characters a PCS code may hold.
fn is_pcs_char(c: char) -> bool {
    c.is_ascii_digit() || c.is_ascii_uppercase()
}

/// A partial PCS code as typed: 0–7 digits or letters (case and dots
/// ignored). `None` for anything else.
pub fn normalize_prefix(text: &str) -> Option<String> {
    let s: String = text
        .trim()
        .chars()
        .filter(|c| *c != '.')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    (s.len() <= 7 && s.chars().all(is_pcs_char)).then_some(s)
}

/// Labels, axis names and definitions of the tables, by position.
#[derive(Debug, Default)]
pub struct PcsTables {
    /// `[c1, c2, c3, pos, ch]`: the label of `ch` on axis `pos` after the
    /// code's first `min(pos - 1, 3)` characters (0 where unused).
    labels: HashMap<[u8; 5], String>,
    /// `[c1, c2, c3, pos]`: the axis's name in that context.
    titles: HashMap<[u8; 4], String>,
    /// (section, pos, term): definition and explanation.
    definitions: HashMap<(char, u8, String), (String, Option<String>)>,
    /// The number of tables read.
    tables: usize,
}

fn context(code: &[u8], pos: AxisPos) -> [u8; 3] {
    let mut out = [0u8; 3];
    let n = pos.index().min(3).min(code.len());
    out[..n].copy_from_slice(&code[..n]);
    out
}

impl PcsTables {
    /// Builds the lookups from parsed tables and definitions.
    pub fn new(tables: &[PcsTable], definitions: &[PcsDefinition]) -> PcsTables {
        let mut out = PcsTables {
            tables: tables.len(),
            ..PcsTables::default()
        };
        for table in tables {
            let key = table.key().into_bytes();
            let axes = table
                .axes
                .iter()
                .chain(table.rows.iter().flat_map(|r| r.axes.iter()));
            for axis in axes {
                let [a, b, c] = context(&key, axis.pos);
                out.titles
                    .entry([a, b, c, axis.pos.get()])
                    .or_insert_with(|| axis.title.clone());
                for v in &axis.values {
                    let Ok(ch) = u8::try_from(v.ch) else { continue };
                    out.labels
                        .entry([a, b, c, axis.pos.get(), ch])
                        .or_insert_with(|| v.label.clone());
                }
                if let (Some(def), Some(v)) = (&axis.definition, axis.values.first()) {
                    let section = char::from(key.first().copied().unwrap_or(b'0'));
                    out.definitions
                        .entry((section, axis.pos.get(), v.label.clone()))
                        .or_insert_with(|| (def.clone(), None));
                }
            }
        }
        // The definitions file is the authority: it replaces the tables'.
        for d in definitions {
            out.definitions.insert(
                (d.section, d.pos.get(), d.term.clone()),
                (d.definition.clone(), d.explanation.clone()),
            );
        }
        out
    }

    /// How many tables the labels came from.
    pub fn table_count(&self) -> usize {
        self.tables
    }

    /// CMS's label of `ch` on the axis after `prefix`.
    pub fn label(&self, prefix: &[u8], ch: u8) -> Option<&str> {
        let pos = AxisPos::after(prefix.len())?;
        let [a, b, c] = context(prefix, pos);
        self.labels
            .get(&[a, b, c, pos.get(), ch])
            .map(String::as_str)
    }

    /// The name of the axis after `prefix` ("Body Part", "Approach").
    pub fn axis_title(&self, prefix: &[u8]) -> Option<&str> {
        let pos = AxisPos::after(prefix.len())?;
        let [a, b, c] = context(prefix, pos);
        self.titles.get(&[a, b, c, pos.get()]).map(String::as_str)
    }

    /// CMS's definition of `term` on axis `pos` of `section`.
    pub fn definition(
        &self,
        section: char,
        pos: AxisPos,
        term: &str,
    ) -> Option<(&str, Option<&str>)> {
        self.definitions
            .get(&(section, pos.get(), term.to_string()))
            .map(|(d, e)| (d.as_str(), e.as_deref()))
    }
}

/// The valid codes of one version, sorted, with their titles.
#[derive(Debug, Default, Clone)]
pub struct PcsCodes {
    codes: Vec<([u8; 7], String)>,
}

impl PcsCodes {
    /// The seven-character codes among `codes` (others are ignored).
    pub fn new(codes: impl IntoIterator<Item = (String, String)>) -> PcsCodes {
        let mut out: Vec<([u8; 7], String)> = codes
            .into_iter()
            .filter_map(|(code, title)| {
                let bytes: [u8; 7] = code.as_bytes().try_into().ok()?;
                bytes
                    .iter()
                    .all(|&b| is_pcs_char(char::from(b)))
                    .then_some((bytes, title))
            })
            .collect();
        out.sort_unstable_by_key(|c| c.0);
        out.dedup_by(|a, b| a.0 == b.0);
        PcsCodes { codes: out }
    }

    /// How many codes.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// True when there are none.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The index range of the codes starting with `prefix`.
    fn range(&self, prefix: &[u8]) -> (usize, usize) {
        let n = prefix.len();
        let start = self.codes.partition_point(|(c, _)| &c[..n] < prefix);
        let end = start + self.codes[start..].partition_point(|(c, _)| &c[..n] == prefix);
        (start, end)
    }

    /// How many codes start with `prefix`.
    pub fn count(&self, prefix: &str) -> usize {
        let (s, e) = self.range(prefix.as_bytes());
        e - s
    }

    /// Every code, in order (the completeness walk's reference).
    pub fn codes(&self) -> impl Iterator<Item = &str> {
        self.codes
            .iter()
            .filter_map(|(c, _)| std::str::from_utf8(c).ok())
    }
}

/// One value the next axis may take.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct AxisValue {
    /// The character it adds to the code.
    pub ch: char,
    /// CMS's label, or the first code's title when the tables lack one.
    pub label: String,
    /// False when the FY2026 tables do not label this value.
    pub labelled: bool,
    /// How many valid codes lie below it.
    pub codes: usize,
    /// The PCS definition (root operations, approaches).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

/// A character already chosen: the breadcrumb of a step.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Chosen {
    pub pos: u8,
    pub axis: String,
    pub ch: char,
    pub label: String,
}

/// Where the builder stands after a prefix.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Step {
    /// The characters chosen so far.
    pub prefix: String,
    pub chosen: Vec<Chosen>,
    /// The axis to choose next (`None` once the code is complete).
    pub next_pos: Option<u8>,
    pub next_axis: Option<String>,
    /// The values valid after `prefix`, in character order.
    pub values: Vec<AxisValue>,
    /// The finished code and its title, after seven characters.
    pub code: Option<(String, String)>,
}

/// Why a prefix cannot be built on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PrefixError {
    #[error("{0:?} is not a partial ICD-10-PCS code (1 to 7 digits or letters)")]
    NotAPrefix(String),
    #[error("no valid ICD-10-PCS code in this version starts with {0}")]
    NoCode(String),
}

/// The label of `ch` after `prefix`, or the title of the first code
/// below it when the tables have none (`false`).
fn label_or_title(
    tables: &PcsTables,
    codes: &PcsCodes,
    prefix: &[u8],
    ch: u8,
    first: usize,
) -> (String, bool) {
    match tables.label(prefix, ch) {
        Some(l) => (l.to_string(), true),
        None => (
            codes
                .codes
                .get(first)
                .map(|c| c.1.clone())
                .unwrap_or_default(),
            false,
        ),
    }
}

fn axis_name(tables: &PcsTables, prefix: &[u8]) -> String {
    tables
        .axis_title(prefix)
        .map(str::to_string)
        .unwrap_or_else(|| format!("Axis {}", prefix.len() + 1))
}

/// The step after `prefix` (as typed: see [`normalize_prefix`]).
pub fn next_values(
    tables: &PcsTables,
    codes: &PcsCodes,
    prefix: &str,
) -> Result<Step, PrefixError> {
    let prefix =
        normalize_prefix(prefix).ok_or_else(|| PrefixError::NotAPrefix(prefix.to_string()))?;
    let p = prefix.as_bytes();
    let (start, end) = codes.range(p);
    if start == end {
        return Err(PrefixError::NoCode(prefix));
    }
    let chosen = (0..p.len())
        .map(|i| {
            let (s, _) = codes.range(&p[..=i]);
            Chosen {
                pos: (i + 1) as u8,
                axis: axis_name(tables, &p[..i]),
                ch: char::from(p[i]),
                label: label_or_title(tables, codes, &p[..i], p[i], s).0,
            }
        })
        .collect();
    if p.len() == 7 {
        return Ok(Step {
            code: Some((prefix.clone(), codes.codes[start].1.clone())),
            prefix,
            chosen,
            next_pos: None,
            next_axis: None,
            values: Vec::new(),
        });
    }
    let pos = AxisPos::after(p.len());
    let section = p.first().map(|&b| char::from(b));
    let mut values = Vec::new();
    let mut i = start;
    while i < end {
        let ch = codes.codes[i].0[p.len()];
        let j = i + codes.codes[i..end].partition_point(|(c, _)| c[p.len()] <= ch);
        let (label, labelled) = label_or_title(tables, codes, p, ch, i);
        let def = match (pos, section.or(Some(char::from(ch)))) {
            (Some(pos), Some(sec)) if pos == AxisPos::OPERATION || pos == AxisPos::APPROACH => {
                tables.definition(sec, pos, &label)
            }
            _ => None,
        };
        values.push(AxisValue {
            ch: char::from(ch),
            label,
            labelled,
            codes: j - i,
            definition: def.map(|d| d.0.to_string()),
            explanation: def.and_then(|d| d.1.map(str::to_string)),
        });
        i = j;
    }
    Ok(Step {
        next_pos: pos.map(AxisPos::get),
        next_axis: Some(axis_name(tables, p)),
        prefix,
        chosen,
        values,
        code: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pcs::{PcsAxis, PcsRow, PcsValue};

    fn axis(pos: u8, title: &str, values: &[(char, &str)]) -> PcsAxis {
        PcsAxis {
            pos: AxisPos::new(pos).unwrap(),
            title: title.into(),
            values: values
                .iter()
                .map(|&(ch, l)| PcsValue {
                    ch,
                    label: l.into(),
                })
                .collect(),
            definition: None,
        }
    }

    fn fixture() -> (PcsTables, PcsCodes) {
        let table = PcsTable {
            axes: vec![
                axis(1, "Section", &[('0', "Medical and Surgical")]),
                axis(2, "Body System", &[('D', "Gastrointestinal System")]),
                axis(3, "Operation", &[('T', "Resection")]),
            ],
            rows: vec![PcsRow {
                axes: vec![
                    axis(
                        4,
                        "Body Part",
                        &[('1', "Esophagus, Upper"), ('J', "Appendix")],
                    ),
                    axis(
                        5,
                        "Approach",
                        &[('0', "Open"), ('4', "Percutaneous Endoscopic")],
                    ),
                    axis(6, "Device", &[('Z', "No Device")]),
                    axis(7, "Qualifier", &[('Z', "No Qualifier")]),
                ],
                line: 1,
            }],
            line: 1,
        };
        let defs = vec![PcsDefinition {
            section: '0',
            pos: AxisPos::OPERATION,
            term: "Resection".into(),
            definition: "Cutting out or off, without replacement, all of a body part".into(),
            explanation: None,
        }];
        let codes = PcsCodes::new(
            ["0DT10ZZ", "0DT14ZZ", "0DTJ0ZZ", "0DTJ4ZZ", "0DTK0ZZ"]
                .map(|c| (c.to_string(), format!("Title of {c}"))),
        );
        (PcsTables::new(&[table], &defs), codes)
    }

    #[test]
    fn each_step_offers_only_values_valid_after_the_prefix() {
        let (t, c) = fixture();
        let s = next_values(&t, &c, "").unwrap();
        assert_eq!(s.next_axis.as_deref(), Some("Section"));
        assert_eq!(s.values.len(), 1);
        let s = next_values(&t, &c, "0d").unwrap();
        assert_eq!(s.values[0].label, "Resection");
        assert!(
            s.values[0]
                .definition
                .as_deref()
                .unwrap()
                .starts_with("Cutting")
        );
        let s = next_values(&t, &c, "0DT").unwrap();
        assert_eq!(s.next_axis.as_deref(), Some("Body Part"));
        let chars: Vec<char> = s.values.iter().map(|v| v.ch).collect();
        assert_eq!(chars, ['1', 'J', 'K']);
        assert_eq!(s.values[1].codes, 2);
        // K is a newer value without a label: shown by its code's title.
        assert!(!s.values[2].labelled);
        assert_eq!(s.values[2].label, "Title of 0DTK0ZZ");
        let s = next_values(&t, &c, "0DT.J4ZZ").unwrap();
        assert_eq!(s.code, Some(("0DTJ4ZZ".into(), "Title of 0DTJ4ZZ".into())));
        assert_eq!(s.chosen[3].label, "Appendix");
    }

    #[test]
    fn bad_prefixes_are_named() {
        let (t, c) = fixture();
        assert!(matches!(
            next_values(&t, &c, "0DX"),
            Err(PrefixError::NoCode(_))
        ));
        assert!(matches!(
            next_values(&t, &c, "0D-"),
            Err(PrefixError::NotAPrefix(_))
        ));
        assert!(matches!(
            next_values(&t, &c, "0DT10ZZZ"),
            Err(PrefixError::NotAPrefix(_))
        ));
    }
}
