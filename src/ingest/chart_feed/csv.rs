//! The CSV feed: a header naming its columns, then one chart a row (no
//! documents).

use std::collections::HashMap;
use std::io::{BufRead, Read};

use super::fields::{FieldError, FieldSource, chart_from, field_error};
use super::{ChartRecord, ImportError, Locator, MAX_CSV_RECORD_BYTES, check_bytes};

/// The CSV columns, in the documented order. `patient_*` columns are the
/// JSON `patient.*` fields.
pub const CSV_COLUMNS: [&str; 17] = [
    "account",
    "mrn",
    "patient_name",
    "patient_dob",
    "patient_sex",
    "encounter_type",
    "admit_date",
    "discharge_date",
    "service_date",
    "discharge_status",
    "attending",
    "payer",
    "facility",
    "queue",
    "priority",
    "due_date",
    "expected_charges",
];

pub(super) fn read_csv<E: From<ImportError>>(
    reader: impl BufRead,
    at: &Locator<'_>,
    each: &mut impl FnMut(u64, ChartRecord) -> Result<(), E>,
) -> Result<u64, E> {
    let budget = std::rc::Rc::new(std::cell::Cell::new(0u64));
    let mut csv = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(Budgeted {
            inner: LoneCrAsLf(reader),
            used: budget.clone(),
            cap: MAX_CSV_RECORD_BYTES,
        });
    // The line being read when a record ran over the budget: the line
    // after the last whole record.
    let mut next_line = 1u64;
    let over_budget = |e: &csv::Error, next_line: u64| -> ImportError {
        if budget.get() > MAX_CSV_RECORD_BYTES {
            at.line(
                next_line,
                format!(
                    "a CSV record longer than {} MiB (an over-long field or an unclosed quote)",
                    MAX_CSV_RECORD_BYTES >> 20
                ),
            )
        } else {
            csv_error(e, at)
        }
    };
    let header = csv
        .byte_headers()
        .map_err(|e| over_budget(&e, next_line))?
        .clone();
    if header.is_empty() || header.iter().all(|h| h.is_empty()) {
        return Ok(0);
    }
    let columns = header_columns(&header, at)?;
    let mut record = csv::ByteRecord::new();
    let mut count = 0u64;
    budget.set(0);
    next_line = 2;
    loop {
        match csv.read_byte_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => return Err(over_budget(&e, next_line).into()),
        }
        budget.set(0);
        let line = record.position().map_or(0, |p| p.line());
        next_line = line + 1;
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let row = CsvRow {
            record: &record,
            columns: &columns,
            line,
            at,
        };
        let chart = chart_from(&row).map_err(|e| at.field(line, &e.field, e.message))?;
        each(line, chart)?;
        count += 1;
    }
    Ok(count)
}

/// The columns a header row names (name → position): known columns only,
/// each once.
fn header_columns(
    header: &csv::ByteRecord,
    at: &Locator<'_>,
) -> Result<HashMap<String, usize>, ImportError> {
    let mut columns = HashMap::new();
    for (i, raw) in header.iter().enumerate() {
        let name = check_bytes(raw, 1, None, at)?.trim();
        if !CSV_COLUMNS.contains(&name) {
            // Never echo the cell: in a file without its header line, the
            // first line is a chart (an account number, a name).
            return Err(at.line(
                1,
                format!(
                    "column {} of the header is not a known column (is the header line \
                         missing?); expected: {}",
                    i + 1,
                    CSV_COLUMNS.join(", ")
                ),
            ));
        }
        if columns.insert(name.to_string(), i).is_some() {
            return Err(at.line(1, format!("column `{name}` appears twice")));
        }
    }
    Ok(columns)
}

/// A reader that refuses to hand over more than `cap` bytes between two
/// resets of `used` (the CSV reader is reset after every record), so one
/// record can never grow the CSV reader's buffers past the cap (plus the
/// reader's own 8 KiB buffer).
/// Old Mac exports end lines with a lone CR. The csv crate ends a record
/// there but counts lines only at LF, so every error in such a file would
/// name line 1: a lone CR is read as LF (a CR LF pair is left alone), and
/// errors name the right line. (Found by `fuzz/fuzz_targets/feed_csv.rs`.)
struct LoneCrAsLf<R>(R);

impl<R: BufRead> Read for LoneCrAsLf<R> {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        if out.is_empty() {
            return Ok(0);
        }
        let (copied, cr_at_end) = {
            let avail = self.0.fill_buf()?;
            let n = avail.len().min(out.len());
            let mut i = 0;
            let mut cr_at_end = false;
            while i < n {
                let b = avail[i];
                if b == b'\r' {
                    match avail.get(i + 1) {
                        Some(&next) => out[i] = if next == b'\n' { b'\r' } else { b'\n' },
                        None => {
                            cr_at_end = true;
                            break;
                        }
                    }
                } else {
                    out[i] = b;
                }
                i += 1;
            }
            (i, cr_at_end)
        };
        if copied > 0 || !cr_at_end {
            self.0.consume(copied);
            return Ok(copied);
        }
        // A CR is the last byte buffered: decide by the byte after it.
        self.0.consume(1);
        let next = self.0.fill_buf()?;
        out[0] = if next.first() == Some(&b'\n') {
            b'\r'
        } else {
            b'\n'
        };
        Ok(1)
    }
}

struct Budgeted<R> {
    inner: R,
    used: std::rc::Rc<std::cell::Cell<u64>>,
    cap: u64,
}

impl<R: Read> Read for Budgeted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.used.get() > self.cap {
            return Err(std::io::Error::other("record over the size limit"));
        }
        let n = self.inner.read(buf)?;
        self.used.set(self.used.get() + n as u64);
        Ok(n)
    }
}

fn csv_error(err: &csv::Error, at: &Locator<'_>) -> ImportError {
    let line = err.position().map(|p| p.line());
    let message = match err.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("{len} columns, the header has {expected_len}"),
        csv::ErrorKind::Io(e) => format!("cannot read: {e}"),
        _ => "malformed CSV".to_string(),
    };
    match line {
        Some(l) => at.line(l, message),
        None => at.file(message),
    }
}

struct CsvRow<'a> {
    record: &'a csv::ByteRecord,
    columns: &'a HashMap<String, usize>,
    line: u64,
    at: &'a Locator<'a>,
}

impl FieldSource for CsvRow<'_> {
    fn path(&self, field: &str) -> String {
        field.replace('.', "_")
    }
    fn text(&self, field: &str) -> Result<Option<String>, FieldError> {
        let column = self.path(field);
        let Some(raw) = self.columns.get(&column).and_then(|&i| self.record.get(i)) else {
            return Ok(None);
        };
        let text = check_bytes(raw, self.line, Some(&column), self.at).map_err(|e| FieldError {
            field: column.clone(),
            message: e.message,
        })?;
        let text = text.trim();
        Ok((!text.is_empty()).then(|| text.to_string()))
    }
    fn int(&self, field: &str) -> Result<Option<i64>, FieldError> {
        self.text(field)?
            .map(|t| {
                t.parse()
                    .map_err(|_| field_error(&self.path(field), "must be a whole number"))
            })
            .transpose()
    }
}

#[cfg(test)]
mod tests {
    use std::io::{BufReader, Read};

    use super::LoneCrAsLf;

    /// Every buffer size, so a CR at the edge of what is buffered is seen.
    #[test]
    fn a_lone_cr_reads_as_lf_and_cr_lf_is_kept() {
        let input = b"a\rb\r\nc\r\rd\r";
        for capacity in 1..=input.len() + 1 {
            for out_len in [1, 2, 3, 64] {
                let mut reader = LoneCrAsLf(BufReader::with_capacity(capacity, &input[..]));
                let mut got = Vec::new();
                let mut chunk = vec![0; out_len];
                loop {
                    let n = reader.read(&mut chunk).unwrap();
                    if n == 0 {
                        break;
                    }
                    got.extend_from_slice(&chunk[..n]);
                }
                assert_eq!(
                    got, b"a\nb\r\nc\n\nd\n",
                    "capacity {capacity}, out {out_len}"
                );
            }
        }
    }
}
