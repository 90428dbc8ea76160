//! Where an input file is wrong: the one error shape every importer (code
//! sets, chart feeds) reports, so a coder always reads
//! `file[:line][: field `name`]: what is wrong`.

use std::fmt;

/// Why an input file could not be imported. Names the file (with a zip
/// member as `file!member`), the 1-based line and the field where known.
/// Importers of chart data never put field values in `message`: they may
/// be patient data.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ImportError {
    pub file: String,
    /// 1-based line; `None` for the file as a whole.
    pub line: Option<u64>,
    /// The field: a JSON path (`patient.dob`), a CSV column or a record
    /// layout field (`flag`, `long description`).
    pub field: Option<String>,
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The file name (and field) as typed or found in an archive: one
        // clean line, so a name cannot move the cursor or forge a line.
        write!(f, "{}", crate::domain::text::single_line(&self.file))?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(field) = &self.field {
            write!(f, ": field `{}`", crate::domain::text::single_line(field))?;
        }
        write!(f, ": {}", self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::ImportError;

    #[test]
    fn names_file_line_and_field() {
        let err = ImportError {
            file: "feed.jsonl".into(),
            line: Some(5000),
            field: Some("patient.dob".into()),
            message: "must be a date YYYY-MM-DD".into(),
        };
        assert_eq!(
            err.to_string(),
            "feed.jsonl:5000: field `patient.dob`: must be a date YYYY-MM-DD"
        );
        let whole = ImportError {
            line: None,
            field: None,
            ..err
        };
        assert_eq!(whole.to_string(), "feed.jsonl: must be a date YYYY-MM-DD");
        let hostile = ImportError {
            file: "feed\u{1b}]0;x\u{7}\n\rchartq: ok.jsonl".into(),
            ..whole
        };
        assert_eq!(
            hostile.to_string(),
            "feed  chartq: ok.jsonl: must be a date YYYY-MM-DD"
        );
    }
}
