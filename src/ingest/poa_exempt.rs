//! A list of ICD-10-CM codes exempt from present-on-admission reporting.
//!
//! Two layouts: CMS/NCHS's own (`POAexemptCodesFYnn.txt`: tab-separated,
//! a header row naming a `POAexemptCode` column, dotted codes, CRLF), and
//! a plain list a site may keep (one code per line, dots optional; blank
//! lines and lines starting with `#` skipped). The description column is
//! never read, so its encoding does not matter.

use super::source::{ImportError, Source};

/// The most codes a list may hold (CMS's FY2026 list has 38,349; there
/// are fewer than 100,000 ICD-10-CM codes).
pub const MAX_CODES: usize = 200_000;

const CODE_COLUMN: &str = "POAexemptCode";

/// The codes of a POA-exempt list, upper case without dots, sorted and
/// without repeats.
pub fn parse_poa_exempt(source: &Source) -> Result<Vec<String>, ImportError> {
    let mut lines = source
        .lines()
        .map(|(n, raw)| (n, raw.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(raw)))
        .filter(|(_, raw)| !raw.iter().all(u8::is_ascii_whitespace))
        .peekable();
    // CMS's layout: the header names the code column.
    let column = match lines.peek() {
        Some((_, first)) if contains(first, CODE_COLUMN.as_bytes()) => {
            let column = first
                .split(|&b| b == b'\t')
                .position(|f| f.trim_ascii() == CODE_COLUMN.as_bytes());
            let Some(column) = column else {
                return Err(source.error(
                    Some(1),
                    Some("header"),
                    format!("`{CODE_COLUMN}` must be a tab-separated column of its own"),
                ));
            };
            lines.next();
            Some(column)
        }
        _ => None,
    };
    let mut codes = Vec::new();
    for (line_no, raw) in lines {
        if column.is_none() && raw.trim_ascii_start().starts_with(b"#") {
            continue;
        }
        if codes.len() >= MAX_CODES {
            return Err(source.error(
                Some(line_no),
                None,
                format!("more than {MAX_CODES} codes; not a POA-exempt list"),
            ));
        }
        let (field, name) = match column {
            Some(c) => (raw.split(|&b| b == b'\t').nth(c), CODE_COLUMN),
            None => (Some(raw), "code"),
        };
        let Some(field) = field else {
            return Err(source.error(
                Some(line_no),
                Some(name),
                "missing (too few tab-separated fields)",
            ));
        };
        codes.push(code(source, line_no, name, field)?);
    }
    codes.sort_unstable();
    codes.dedup();
    Ok(codes)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

/// An ICD-10-CM code as written (`B90.0`, `b900`): a letter, then 2 to 6
/// letters or digits, a dot allowed after the third character.
fn code(source: &Source, line: usize, field: &str, raw: &[u8]) -> Result<String, ImportError> {
    let text = raw.trim_ascii();
    let key: Vec<u8> = text
        .iter()
        .enumerate()
        .filter(|&(i, &b)| !(i == 3 && b == b'.'))
        .map(|(_, b)| b.to_ascii_uppercase())
        .collect();
    let ok = (3..=7).contains(&key.len())
        && key[0].is_ascii_uppercase()
        && key
            .iter()
            .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit());
    if !ok {
        let shown: String = String::from_utf8_lossy(text).chars().take(20).collect();
        return Err(source.error(
            Some(line),
            Some(field),
            format!(
                "`{}` is not an ICD-10-CM code (e.g. B90.0)",
                crate::domain::text::single_line(&shown)
            ),
        ));
    }
    Ok(String::from_utf8_lossy(&key).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(bytes: &[u8]) -> Source {
        Source::from_bytes("poa.txt", bytes.to_vec())
    }

    #[test]
    fn reads_cms_layout() {
        let text = b"Order26\tPOAexemptCode\tDescription\r\n\
                     01238\tB90.0\tSequelae of central nervous system tuberculosis\r\n\
                     01239\tB90.1\tSequelae \xe9\r\n";
        assert_eq!(parse_poa_exempt(&src(text)).unwrap(), ["B900", "B901"]);
    }

    #[test]
    fn reads_a_plain_list() {
        let text = b"# our list\nz37.0\n\nZ38.00\r\nZ3800\n";
        assert_eq!(parse_poa_exempt(&src(text)).unwrap(), ["Z370", "Z3800"]);
    }

    #[test]
    fn malformed_lines_name_file_line_and_field() {
        let err = parse_poa_exempt(&src(b"Z37.0\nnot a code\n")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("poa.txt:2: field `code`: `not a code`")
        );
        let err = parse_poa_exempt(&src(b"Order\tPOAexemptCode\tD\n1\n")).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("poa.txt:2: field `POAexemptCode`: missing")
        );
        let err = parse_poa_exempt(&src(b"Order\tx POAexemptCode\n1\tB90.0\n")).unwrap_err();
        assert!(err.to_string().starts_with("poa.txt:1: field `header`"));
        let err = parse_poa_exempt(&src(b"Z3\n")).unwrap_err();
        assert_eq!(err.line, Some(1));
        let err = parse_poa_exempt(&src(b"B9.00\n")).unwrap_err();
        assert_eq!(err.line, Some(1));
    }
}
