//! The one loop behind `check --batch` and `group --batch`: read claims as
//! JSON lines from a file (or `-`, standard input), answer each with one
//! output line, report a malformed line on stderr as `FILE:LINE: field:
//! message` (never its value) and go on, and exit 2 if any line was
//! malformed. The two commands differ only in the answer.

use std::io::{BufWriter, Write};
use std::path::Path;
use std::process::ExitCode;

use color_eyre::eyre::{Result, eyre};

use crate::domain::claim::Claim;
use crate::ingest::claims::{ClaimLine, read_claims};

/// Answers every claim of `path` with `answer` (one JSON line each), in
/// file order. A failure to answer or to write stops the run with that
/// error; a malformed claim does not.
pub fn run(path: &Path, mut answer: impl FnMut(&Claim) -> Result<String>) -> Result<ExitCode> {
    let name = crate::domain::text::sanitize(&path.display().to_string());
    let reader: Box<dyn std::io::Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        Box::new(std::fs::File::open(path).map_err(|e| eyre!("{name}: cannot open: {e}"))?)
    };
    let mut out = BufWriter::new(std::io::stdout().lock());
    let mut malformed = 0u64;
    let mut failure = None;
    read_claims(reader, &name, |_, line| {
        if failure.is_some() {
            return;
        }
        let result = match line {
            ClaimLine::Malformed(e) => {
                malformed += 1;
                say_err!("chartq: {e}");
                Ok(())
            }
            ClaimLine::Claim(claim) => {
                answer(&claim).and_then(|l| writeln!(out, "{l}").map_err(Into::into))
            }
        };
        if let Err(e) = result {
            failure = Some(e);
        }
    })?;
    if let Some(e) = failure {
        return Err(e);
    }
    out.flush()?;
    Ok(if malformed > 0 {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}
