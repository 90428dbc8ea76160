//! CMS codes-file addenda (`icd10cm_codes_addenda_2027.txt`,
//! `icd10pcs_codes_addenda_2027.txt`): what a release added, deleted and
//! retitled against the one before. One change a line:
//!
//! | cols   | field                                                 |
//! |--------|-------------------------------------------------------|
//! | 1–13   | action: `Add:`, `Delete:`, `Revise from:`, `Revise to:` |
//! | 14–20  | code, no dot, blank-padded                            |
//! | 21     | blank                                                 |
//! | 22–    | long title                                            |
//!
//! A `Revise from:` line is followed by the `Revise to:` line of the same
//! code. After the changes comes a summary (`Codes`, `  74719 codes in …`,
//! `    190 additions`, …); its counts are checked against the lines read.
//! The *order-file* addenda has another layout (a flag in column 14) and is
//! refused with a message saying so.

use std::collections::HashMap;
use std::path::Path;

use super::icd10cm::is_icd10cm_code;
use super::source::{ImportError, Source};
use crate::domain::codes::{CodeSystem, display_code};

/// The codes-file addenda inside CMS's zip (`icd10cm_codes_addenda_2027.txt`).
pub fn is_codes_addenda_member(name: &str) -> bool {
    name.ends_with(".txt") && name.contains("addenda") && !name.contains("order")
}

/// One added or deleted code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// As issued (`D69.11`, `0TX00ZZ`).
    pub code: String,
    pub title: String,
    pub line: usize,
}

/// One retitled code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub code: String,
    pub from: String,
    pub to: String,
    /// The line of its `Revise from:`.
    pub line: usize,
}

/// A whole addenda file.
#[derive(Debug, Clone, Default)]
pub struct Addenda {
    /// How errors and reports name it.
    pub name: String,
    pub adds: Vec<Change>,
    pub deletes: Vec<Change>,
    pub revisions: Vec<Revision>,
}

/// Reads and parses an addenda file (plain, gzip, or the codes-file
/// addenda member of a zip).
pub fn read_file(path: &Path, system: CodeSystem) -> Result<Addenda, ImportError> {
    let src = Source::open(path, &[is_codes_addenda_member])?;
    parse(&src, system)
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Action {
    Add,
    Delete,
    ReviseFrom,
    ReviseTo,
}

/// Parses a whole addenda file for `system`: the change lines, then the
/// summary, whose counts must match the changes read.
pub fn parse(src: &Source, system: CodeSystem) -> Result<Addenda, ImportError> {
    let mut reader = Reader {
        src,
        system,
        addenda: Addenda {
            name: src.name().to_string(),
            ..Addenda::default()
        },
        pending: None,
        summary_section: None,
        summary: HashMap::new(),
    };
    for record in src.ascii_records("an addenda") {
        let (line_no, line) = record?;
        reader.line(line_no, line)?;
    }
    reader.finish()
}

/// The state of reading an addenda, line by line.
struct Reader<'s> {
    src: &'s Source,
    system: CodeSystem,
    addenda: Addenda,
    /// (code, title, line) of a `Revise from:` waiting for its `Revise to:`.
    pending: Option<(String, String, usize)>,
    /// The summary heading being read (`codes`), once the summary began.
    summary_section: Option<String>,
    /// The summary's counts under `Codes`: what → (count, line).
    summary: HashMap<&'static str, (usize, usize)>,
}

impl Reader<'_> {
    fn line(&mut self, line_no: usize, line: &str) -> Result<(), ImportError> {
        if self.summary_section.is_some() {
            return self.summary_line(line_no, line);
        }
        let label = line.get(..13.min(line.len())).unwrap_or("").trim_end();
        let action = match label {
            "Add:" => Action::Add,
            "Delete:" => Action::Delete,
            "Revise from:" => Action::ReviseFrom,
            "Revise to:" => Action::ReviseTo,
            _ if !line.starts_with(' ') && line.trim().chars().all(|c| c.is_ascii_alphabetic()) => {
                // `Codes` / `Headers`: the summary begins.
                self.no_revise_pending()?;
                self.summary_section = Some(line.trim().to_ascii_lowercase());
                return Ok(());
            }
            _ => {
                return Err(self.src.error(
                    Some(line_no),
                    Some("action"),
                    format!(
                        "{label:?} (expected Add:, Delete:, Revise from: or Revise to: in columns 1-13)"
                    ),
                ));
            }
        };
        let (code, title) = self.change(line_no, line)?;
        self.apply(action, code, title, line_no)
    }

    /// A line of the summary: a heading (`Codes`) or a count (`190
    /// additions`); the additions, deletions and revisions under `Codes`
    /// are kept to check.
    fn summary_line(&mut self, line_no: usize, line: &str) -> Result<(), ImportError> {
        let text = line.trim();
        if text.chars().all(|c| c.is_ascii_alphabetic() || c == ' ') {
            self.summary_section = Some(text.to_ascii_lowercase());
            return Ok(());
        }
        let (number, rest) = text.split_at(text.find(' ').unwrap_or(text.len()));
        let Ok(n) = number.parse::<usize>() else {
            return Err(self.src.error(
                Some(line_no),
                Some("summary"),
                format!("{text:?} is not a summary line (a count and what it counts)"),
            ));
        };
        if self.summary_section.as_deref() == Some("codes") {
            for what in ["additions", "deletions", "revisions"] {
                if rest.trim() == what {
                    self.summary.insert(what, (n, line_no));
                }
            }
        }
        Ok(())
    }

    /// The code (as issued) and title of a change line, its layout checked:
    /// the code in columns 14–20, column 21 blank, the title from 22.
    fn change(&self, line_no: usize, line: &str) -> Result<(String, String), ImportError> {
        let err = |field: &str, msg: String| self.src.error(Some(line_no), Some(field), msg);
        let bytes = line.as_bytes();
        if bytes.len() > 14 && bytes[13].is_ascii_digit() && bytes[14] == b' ' {
            return Err(err(
                "layout",
                "an order-file addenda (a flag in column 14); give the codes-file addenda \
                 (icd10cm_codes_addenda_YYYY.txt / icd10pcs_codes_addenda_YYYY.txt)"
                    .into(),
            ));
        }
        if bytes.len() < 22 || bytes[20] != b' ' {
            return Err(err(
                "layout",
                "the code is in columns 14-20, column 21 blank, the title from column 22".into(),
            ));
        }
        let key = line[13..20].trim_end();
        if key.is_empty()
            || key.contains(' ')
            || !key
                .bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        {
            return Err(err("code", format!("{:?} is not a code", &line[13..20])));
        }
        let code = display_code(self.system, key);
        let shape_ok = match self.system {
            CodeSystem::Icd10Pcs => key.len() == 7,
            _ => is_icd10cm_code(&code),
        };
        if !shape_ok {
            return Err(err("code", format!("{key} is not an {} code", self.system)));
        }
        let title = line[21..].trim().to_string();
        if title.is_empty() {
            return Err(err("long title", "empty".into()));
        }
        Ok((code, title))
    }

    /// Records one change; a `Revise to:` completes the `Revise from:` of
    /// the same code just before it.
    fn apply(
        &mut self,
        action: Action,
        code: String,
        title: String,
        line: usize,
    ) -> Result<(), ImportError> {
        if action != Action::ReviseTo {
            self.no_revise_pending()?;
        }
        let err = |field: &str, msg: String| self.src.error(Some(line), Some(field), msg);
        match action {
            Action::Add => self.addenda.adds.push(Change { code, title, line }),
            Action::Delete => self.addenda.deletes.push(Change { code, title, line }),
            Action::ReviseFrom => self.pending = Some((code, title, line)),
            Action::ReviseTo => match self.pending.take() {
                Some((from_code, from, at)) if from_code == code => {
                    self.addenda.revisions.push(Revision {
                        code,
                        from,
                        to: title,
                        line: at,
                    });
                }
                Some((from_code, ..)) => {
                    return Err(err(
                        "code",
                        format!("Revise to: {code} follows Revise from: {from_code}"),
                    ));
                }
                None => {
                    return Err(err(
                        "action",
                        format!("Revise to: {code} without a Revise from: line before it"),
                    ));
                }
            },
        }
        Ok(())
    }

    /// An error at a `Revise from:` whose `Revise to:` did not follow it.
    fn no_revise_pending(&mut self) -> Result<(), ImportError> {
        match self.pending.take() {
            Some((code, _, at)) => Err(self.src.error(
                Some(at),
                Some("action"),
                format!("Revise from: {code} has no Revise to: line"),
            )),
            None => Ok(()),
        }
    }

    /// The whole file read: no revision left open, the summary's counts
    /// those of the lines read (a truncated file is caught), some change.
    fn finish(mut self) -> Result<Addenda, ImportError> {
        self.no_revise_pending()?;
        let addenda = self.addenda;
        for (what, counted) in [
            ("additions", addenda.adds.len()),
            ("deletions", addenda.deletes.len()),
            ("revisions", addenda.revisions.len()),
        ] {
            if let Some(&(said, line)) = self.summary.get(what)
                && said != counted
            {
                return Err(self.src.error(
                    Some(line),
                    Some("summary"),
                    format!(
                        "the summary says {said} {what}, the file lists {counted} (truncated file?)"
                    ),
                ));
            }
        }
        if addenda.adds.is_empty() && addenda.deletes.is_empty() && addenda.revisions.is_empty() {
            return Err(self.src.error(
                None,
                None,
                "no Add:, Delete: or Revise lines (is this an addenda?)",
            ));
        }
        Ok(addenda)
    }
}

/// What of an addenda a codes file does not reflect.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AddendaCheck {
    /// One line per change not reflected, e.g. `Add K6A.01: not in the file`.
    pub mismatches: Vec<String>,
}

impl AddendaCheck {
    pub fn all_reflected(&self) -> bool {
        self.mismatches.is_empty()
    }
}

impl Addenda {
    /// Checks a release's billable codes (`code` → long title, codes as
    /// issued) against the addenda: every added code is there with the
    /// addenda's title, every deleted one is gone, every revised one has
    /// its new title.
    pub fn check(&self, billable: &HashMap<String, String>) -> AddendaCheck {
        let mut mismatches = Vec::new();
        for add in &self.adds {
            match billable.get(&add.code) {
                None => mismatches.push(format!("Add {}: not in the file", add.code)),
                Some(title) if *title != add.title => mismatches.push(format!(
                    "Add {}: the file's title is {title:?}, the addenda's {:?}",
                    add.code, add.title
                )),
                Some(_) => {}
            }
        }
        for delete in &self.deletes {
            if billable.contains_key(&delete.code) {
                mismatches.push(format!("Delete {}: still in the file", delete.code));
            }
        }
        for rev in &self.revisions {
            match billable.get(&rev.code) {
                None => mismatches.push(format!("Revise {}: not in the file", rev.code)),
                Some(title) if *title != rev.to => mismatches.push(format!(
                    "Revise {}: the file's title is {title:?}, the addenda's new title {:?}",
                    rev.code, rev.to
                )),
                Some(_) => {}
            }
        }
        AddendaCheck { mismatches }
    }

    /// The release before this addenda's, rebuilt from the release after it
    /// (`after`: code → title): its codes less the adds, plus the deletes.
    /// A code's title is its title in `older` (an earlier release's file)
    /// when it has one there, else the addenda's `Revise from:` title when
    /// the addenda retitled it, else its title in `after`; a deleted code's
    /// title is its title in `older`, else the addenda's. Sorted by code
    /// (ICD-10-PCS order); for ICD-10-CM the caller orders it.
    pub fn undo(
        &self,
        after: &[(String, String)],
        older: &HashMap<String, String>,
    ) -> Vec<(String, String)> {
        let added: std::collections::HashSet<&str> =
            self.adds.iter().map(|c| c.code.as_str()).collect();
        let revised: HashMap<&str, &str> = self
            .revisions
            .iter()
            .map(|r| (r.code.as_str(), r.from.as_str()))
            .collect();
        let mut before: Vec<(String, String)> = after
            .iter()
            .filter(|(code, _)| !added.contains(code.as_str()))
            .map(|(code, title)| {
                let title = older
                    .get(code)
                    .map(String::as_str)
                    .or_else(|| revised.get(code.as_str()).copied())
                    .unwrap_or(title);
                (code.clone(), title.to_string())
            })
            .collect();
        before.extend(self.deletes.iter().map(|d| {
            let title = older.get(&d.code).unwrap_or(&d.title);
            (d.code.clone(), title.clone())
        }));
        before.sort_by(|a, b| a.0.cmp(&b.0));
        before.dedup_by(|a, b| a.0 == b.0);
        before
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CM: &str = "\
Add:         C7831   Secondary malignant neoplasm of larynx\r
Delete:      D691    Qualitative platelet defects\r
Add:         D6911   Glanzmann thrombasthenia\r
Revise from: Z2914   Encounter for prophylactic rabies immune globin\r
Revise to:   Z2914   Encounter for prophylactic rabies immune globulin\r
\r
Codes\r
  74719 codes in icd10cm_order_2026.txt\r
  74879 codes in icd10cm_order_2027.txt\r
      2 additions\r
      1 deletions\r
      1 revisions\r
";

    fn parse_str(text: &str, system: CodeSystem) -> Result<Addenda, ImportError> {
        parse(
            &Source::from_bytes("icd10cm_codes_addenda_2027.txt", text.as_bytes().to_vec()),
            system,
        )
    }

    #[test]
    fn adds_deletes_and_revisions_are_read() {
        let a = parse_str(CM, CodeSystem::Icd10Cm).unwrap();
        let codes = |v: &[Change]| v.iter().map(|c| c.code.clone()).collect::<Vec<_>>();
        assert_eq!(codes(&a.adds), ["C78.31", "D69.11"]);
        assert_eq!(codes(&a.deletes), ["D69.1"]);
        assert_eq!(a.deletes[0].title, "Qualitative platelet defects");
        assert_eq!(
            a.revisions,
            [Revision {
                code: "Z29.14".into(),
                from: "Encounter for prophylactic rabies immune globin".into(),
                to: "Encounter for prophylactic rabies immune globulin".into(),
                line: 4,
            }]
        );
    }

    #[test]
    fn bad_addenda_name_line_and_field() {
        let cases = [
            (
                CM.replace("Add:         C7831", "Added:       C7831"),
                1,
                "action",
            ),
            (
                CM.replace("Delete:      D691    ", "Delete:      D691X  X"),
                2,
                "layout",
            ),
            (CM.replace("D6911  ", "d6911  "), 3, "code"),
            (
                CM.replace("Revise to:   Z2914", "Revise to:   Z2915"),
                5,
                "code",
            ),
            (
                CM.replace(
                    "Revise to:   Z2914   Encounter for prophylactic rabies immune globulin\r\n",
                    "",
                ),
                4,
                "action",
            ),
            (
                CM.replace("      2 additions", "      3 additions"),
                10,
                "summary",
            ),
            (
                CM.replace("Add:         C7831   ", "Add:         1 C7831 "),
                1,
                "layout",
            ),
        ];
        for (text, line, field) in cases {
            let err = parse_str(&text, CodeSystem::Icd10Cm).unwrap_err();
            assert_eq!(
                (err.line, err.field.as_deref()),
                (Some(line), Some(field)),
                "{err}"
            );
        }
        let err = parse_str(
            &CM.replace("Add:         C7831   ", "Add:         1 C7831 "),
            CodeSystem::Icd10Cm,
        )
        .unwrap_err();
        assert!(err.message.contains("order-file addenda"), "{err}");
        assert!(parse_str("\r\nCodes\r\n", CodeSystem::Icd10Cm).is_err());
    }

    #[test]
    fn check_lists_what_the_file_does_not_reflect() {
        let a = parse_str(CM, CodeSystem::Icd10Cm).unwrap();
        let file = |pairs: &[(&str, &str)]| -> HashMap<String, String> {
            pairs
                .iter()
                .map(|(c, t)| (c.to_string(), t.to_string()))
                .collect()
        };
        let good = file(&[
            ("C78.31", "Secondary malignant neoplasm of larynx"),
            ("D69.11", "Glanzmann thrombasthenia"),
            (
                "Z29.14",
                "Encounter for prophylactic rabies immune globulin",
            ),
        ]);
        assert!(a.check(&good).all_reflected());
        let bad = file(&[
            ("C78.31", "Secondary malignant neoplasm of the larynx"),
            ("D69.1", "Qualitative platelet defects"),
            ("Z29.14", "Encounter for prophylactic rabies immune globin"),
        ]);
        assert_eq!(
            a.check(&bad).mismatches,
            [
                "Add C78.31: the file's title is \"Secondary malignant neoplasm of the larynx\", the addenda's \"Secondary malignant neoplasm of larynx\"",
                "Add D69.11: not in the file",
                "Delete D69.1: still in the file",
                "Revise Z29.14: the file's title is \"Encounter for prophylactic rabies immune globin\", the addenda's new title \"Encounter for prophylactic rabies immune globulin\"",
            ]
        );
    }

    #[test]
    fn undo_rebuilds_the_release_before() {
        let a = parse_str(CM, CodeSystem::Icd10Cm).unwrap();
        let after: Vec<(String, String)> = [
            ("A00.0", "Cholera new title"),
            ("C78.31", "Secondary malignant neoplasm of larynx"),
            ("D69.11", "Glanzmann thrombasthenia"),
            (
                "Z29.14",
                "Encounter for prophylactic rabies immune globulin",
            ),
        ]
        .iter()
        .map(|(c, t)| (c.to_string(), t.to_string()))
        .collect();
        let older: HashMap<String, String> =
            [("A00.0".to_string(), "Cholera old title".to_string())].into();
        let before = a.undo(&after, &older);
        assert_eq!(
            before,
            [
                ("A00.0".to_string(), "Cholera old title".to_string()),
                (
                    "D69.1".to_string(),
                    "Qualitative platelet defects".to_string()
                ),
                (
                    "Z29.14".to_string(),
                    "Encounter for prophylactic rabies immune globin".to_string()
                ),
            ]
        );
    }
}
