//! The Medicare Code Editor's tables as TSV: the code table (every
//! ICD-10-CM and ICD-10-PCS code with its validity range and edit flags)
//! and the age groups. Both were decoded from CMS's MCE (see
//! `codesets/PROVENANCE.md`); this parser only reads the layout, the
//! engine (`engines::edits`) decides what each flag means.
//!
//! Code table: UTF-8, a header row `table code valid_from valid_to edits`,
//! tab-separated; `table` is `dx` or `pcs`, `code` has no dot, dates are
//! ISO (`valid_to` empty = still valid), `edits` is a comma-separated list
//! of flag names (empty = a valid code with no edit).
//!
//! Age groups: a header row `edit age_from age_to valid_from valid_to`.

use chrono::NaiveDate;

use super::source::{ImportError, Source};

/// The most rows one table file may hold: the real files have ~172,000;
/// a file with more is not an MCE table.
pub const MAX_ROWS: usize = 2_000_000;
/// The most flags one row may carry (real rows have at most 4).
pub const MAX_FLAGS: usize = 32;
/// The longest flag name accepted.
pub const MAX_FLAG_CHARS: usize = 40;

const CODE_HEADER: [&str; 5] = ["table", "code", "valid_from", "valid_to", "edits"];
const AGE_HEADER: [&str; 5] = ["edit", "age_from", "age_to", "valid_from", "valid_to"];

/// Which code set a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MceCodeTable {
    /// ICD-10-CM diagnoses.
    Dx,
    /// ICD-10-PCS procedures.
    Pcs,
}

/// One row of the code table: a code's flags over one validity range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MceRow {
    pub table: MceCodeTable,
    /// Upper case, no dot.
    pub code: String,
    pub valid_from: NaiveDate,
    /// Last day valid; `None` = still valid.
    pub valid_to: Option<NaiveDate>,
    /// Flag names as written (`maternity`, `ncov_z302`, ...).
    pub flags: Vec<String>,
}

/// One age group (`newborn`, `pediatric`, `maternity`, `adult`) over one
/// validity range; ages are whole years, both ends inclusive.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgeRange {
    pub group: String,
    pub age_from: i64,
    pub age_to: i64,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

/// The data lines of a TSV with `header`: `(line number, fields)`, or the
/// error naming the line whose field count is wrong.
fn tsv_rows<'a>(
    source: &'a Source,
    header: &[&str; 5],
) -> Result<Vec<(usize, Vec<&'a str>)>, ImportError> {
    let text = source.utf8_text()?;
    let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    let first = lines.next().map(|(_, l)| l.trim_end_matches('\r'));
    let want = header.join("\t");
    if first != Some(want.as_str()) {
        return Err(source.error(
            Some(1),
            Some("header"),
            format!("expected the header `{}`", header.join(" ")),
        ));
    }
    let mut rows = Vec::new();
    for (line_no, line) in lines {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            return Err(source.error(
                Some(line_no),
                None,
                format!("more than {MAX_ROWS} rows; not an MCE table"),
            ));
        }
        let fields: Vec<&str> = line.split('\t').collect();
        if fields.len() != header.len() {
            return Err(source.error(
                Some(line_no),
                None,
                format!(
                    "{} tab-separated fields; expected {}",
                    fields.len(),
                    header.len()
                ),
            ));
        }
        rows.push((line_no, fields));
    }
    Ok(rows)
}

fn date(source: &Source, line: usize, field: &str, text: &str) -> Result<NaiveDate, ImportError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| {
        source.error(
            Some(line),
            Some(field),
            format!("`{}` is not a date YYYY-MM-DD", short(text)),
        )
    })
}

/// An optional end date that may not come before `from`.
fn end_date(
    source: &Source,
    line: usize,
    text: &str,
    from: NaiveDate,
) -> Result<Option<NaiveDate>, ImportError> {
    if text.is_empty() {
        return Ok(None);
    }
    let to = date(source, line, "valid_to", text)?;
    if to < from {
        return Err(source.error(
            Some(line),
            Some("valid_to"),
            format!("{to} is before valid_from {from}"),
        ));
    }
    Ok(Some(to))
}

/// At most 20 characters of a bad value, made safe for one line.
fn short(text: &str) -> String {
    crate::domain::text::single_line(&text.chars().take(20).collect::<String>())
}

fn code(
    source: &Source,
    line: usize,
    table: MceCodeTable,
    text: &str,
) -> Result<String, ImportError> {
    let ok = match table {
        MceCodeTable::Dx => (3..=7).contains(&text.len()),
        MceCodeTable::Pcs => text.len() == 7,
    } && text
        .bytes()
        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !ok {
        let what = match table {
            MceCodeTable::Dx => "an ICD-10-CM code (3 to 7 letters and digits, no dot)",
            MceCodeTable::Pcs => "an ICD-10-PCS code (7 letters and digits)",
        };
        return Err(source.error(
            Some(line),
            Some("code"),
            format!("`{}` is not {what}", short(text)),
        ));
    }
    Ok(text.to_string())
}

fn flags(source: &Source, line: usize, text: &str) -> Result<Vec<String>, ImportError> {
    let flags: Vec<String> = text
        .split(',')
        .map(str::trim)
        .filter(|f| !f.is_empty())
        .map(str::to_string)
        .collect();
    if flags.len() > MAX_FLAGS {
        return Err(source.error(
            Some(line),
            Some("edits"),
            format!("{} flags; at most {MAX_FLAGS}", flags.len()),
        ));
    }
    let bad = flags.iter().find(|f| {
        f.len() > MAX_FLAG_CHARS || !f.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
    });
    if let Some(bad) = bad {
        return Err(source.error(
            Some(line),
            Some("edits"),
            format!("`{}` is not a flag name (letters, digits, `_`)", short(bad)),
        ));
    }
    Ok(flags)
}

/// Every row of an MCE code table.
pub fn parse_code_table(source: &Source) -> Result<Vec<MceRow>, ImportError> {
    let mut out = Vec::new();
    for (line, f) in tsv_rows(source, &CODE_HEADER)? {
        let table = match f[0] {
            "dx" => MceCodeTable::Dx,
            "pcs" => MceCodeTable::Pcs,
            other => {
                return Err(source.error(
                    Some(line),
                    Some("table"),
                    format!("`{}` is neither `dx` nor `pcs`", short(other)),
                ));
            }
        };
        let code = code(source, line, table, f[1])?;
        let valid_from = date(source, line, "valid_from", f[2])?;
        let valid_to = end_date(source, line, f[3], valid_from)?;
        let flags = flags(source, line, f[4])?;
        out.push(MceRow {
            table,
            code,
            valid_from,
            valid_to,
            flags,
        });
    }
    Ok(out)
}

fn age(source: &Source, line: usize, field: &str, text: &str) -> Result<i64, ImportError> {
    text.parse::<i64>()
        .ok()
        .filter(|a| (0..=200).contains(a))
        .ok_or_else(|| {
            source.error(
                Some(line),
                Some(field),
                format!("`{}` is not an age in years (0 to 200)", short(text)),
            )
        })
}

/// Every row of the MCE's age groups.
pub fn parse_age_ranges(source: &Source) -> Result<Vec<AgeRange>, ImportError> {
    let mut out = Vec::new();
    for (line, f) in tsv_rows(source, &AGE_HEADER)? {
        let group = flags(source, line, f[0])?;
        let [group] = group.as_slice() else {
            return Err(source.error(Some(line), Some("edit"), "expected one group name"));
        };
        let age_from = age(source, line, "age_from", f[1])?;
        let age_to = age(source, line, "age_to", f[2])?;
        if age_to < age_from {
            return Err(source.error(
                Some(line),
                Some("age_to"),
                format!("{age_to} is below age_from {age_from}"),
            ));
        }
        let valid_from = date(source, line, "valid_from", f[3])?;
        let valid_to = end_date(source, line, f[4], valid_from)?;
        out.push(AgeRange {
            group: group.clone(),
            age_from,
            age_to,
            valid_from,
            valid_to,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(text: &str) -> Source {
        Source::from_bytes("mce.tsv", text.as_bytes().to_vec())
    }

    const HEAD: &str = "table\tcode\tvalid_from\tvalid_to\tedits\n";

    #[test]
    fn reads_rows_with_flags_and_open_ranges() {
        let text = format!(
            "{HEAD}dx\tO80\t2015-10-01\t2024-09-30\tfemale,maternity\r\n\
             dx\tO80\t2024-10-01\t\tmaternity\n\npcs\t0DTJ4ZZ\t2015-10-01\t\t\n"
        );
        let rows = parse_code_table(&src(&text)).unwrap();
        assert_eq!(rows.len(), 3);
        assert_eq!(rows[0].flags, ["female", "maternity"]);
        assert_eq!(rows[0].valid_to, NaiveDate::from_ymd_opt(2024, 9, 30));
        assert_eq!(rows[1].valid_to, None);
        assert_eq!(rows[2].table, MceCodeTable::Pcs);
        assert!(rows[2].flags.is_empty());
    }

    #[test]
    fn malformed_lines_name_file_line_and_field() {
        let cases = [
            (
                "dx\tO80\t2015-10-01\n",
                "mce.tsv:2: 3 tab-separated fields; expected 5",
            ),
            ("dx\tO8.0\t2015-10-01\t\t\n", "mce.tsv:2: field `code`"),
            ("pcs\t0DTJ4Z\t2015-10-01\t\t\n", "mce.tsv:2: field `code`"),
            ("px\tO80\t2015-10-01\t\t\n", "mce.tsv:2: field `table`"),
            ("dx\tO80\t2015-13-01\t\t\n", "mce.tsv:2: field `valid_from`"),
            (
                "dx\tO80\t2015-10-01\t2014-01-01\t\n",
                "mce.tsv:2: field `valid_to`",
            ),
            (
                "dx\tO80\t2015-10-01\t\tmat ernity\n",
                "mce.tsv:2: field `edits`",
            ),
        ];
        for (line, want) in cases {
            let err = parse_code_table(&src(&format!("{HEAD}{line}"))).unwrap_err();
            assert!(err.to_string().starts_with(want), "{err} / {want}");
        }
        let err = parse_code_table(&src("code\ttable\n")).unwrap_err();
        assert!(err.to_string().starts_with("mce.tsv:1: field `header`"));
        let err = parse_code_table(&Source::from_bytes("x", vec![b'a', 0xff])).unwrap_err();
        assert_eq!(err.field.as_deref(), Some("encoding"));
    }

    #[test]
    fn reads_age_groups() {
        let text = "edit\tage_from\tage_to\tvalid_from\tvalid_to\n\
                    maternity\t12\t55\t1984-03-01\t2019-09-30\n\
                    maternity\t9\t64\t2019-10-01\t\n";
        let ages = parse_age_ranges(&src(text)).unwrap();
        assert_eq!(ages.len(), 2);
        assert_eq!((ages[1].age_from, ages[1].age_to), (9, 64));
        let bad = "edit\tage_from\tage_to\tvalid_from\tvalid_to\nadult\t15\tx\t1984-03-01\t\n";
        let err = parse_age_ranges(&src(bad)).unwrap_err();
        assert!(err.to_string().starts_with("mce.tsv:2: field `age_to`"));
        let inverted = "edit\tage_from\tage_to\tvalid_from\tvalid_to\nadult\t15\t3\t1984-03-01\t\n";
        assert!(parse_age_ranges(&src(inverted)).is_err());
    }
}
