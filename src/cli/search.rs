//! `chartq search`: the scriptable face of code search.
//!
//! Contract (other tools script against it): `--json` prints one object per
//! line, best first, `{"system","code","title","billable","score"}` (plus
//! `"query"` in `--batch` mode); exit 0 with results, 1 with none, 2 on
//! error.

use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;
use color_eyre::eyre::{Result, WrapErr, bail, eyre};
use serde::Serialize;

use super::Context;
use crate::app::context::Database;
use crate::domain::codes::CodeSystem;
use crate::domain::text::Sanitizing;
use crate::search::{DatedSearch, Hit, Index, SearchOptions, Uncovered};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search the code sets the way coders type ("dm2 w ckd 3a", "E11.22").
    Search(SearchArgs),
}

#[derive(Debug, clap::Args)]
pub struct SearchArgs {
    /// Only this code system: cm (also icd10cm, icd10, dx), pcs (icd10pcs,
    /// px), cpt, hcpcs (level2); repeat for several.
    #[arg(long, value_name = "SYSTEM")]
    pub system: Vec<CodeSystem>,
    /// Date of service: search the version valid on this date
    /// (default: the newest installed version of each system).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// Most results per query.
    #[arg(long, default_value_t = 20, value_name = "N")]
    pub limit: usize,
    /// One JSON object per result line.
    #[arg(long)]
    pub json: bool,
    /// Answer every line of FILE as a query (one process, one index).
    #[arg(long, value_name = "FILE", conflicts_with = "query")]
    pub batch: Option<PathBuf>,
    /// The query words ("dm2 w ckd 3a", "E11.22").
    #[arg(required_unless_present = "batch")]
    pub query: Vec<String>,
}

/// One result line of `--json`.
#[derive(Serialize)]
struct JsonHit<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    query: Option<&'a str>,
    system: &'static str,
    code: &'a str,
    title: &'a str,
    billable: bool,
    score: f32,
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let Command::Search(args) = cmd;
    let queries = match &args.batch {
        Some(path) => read_batch(path)?,
        None => vec![args.query.join(" ")],
    };
    if queries.iter().all(|q| q.trim().is_empty()) {
        bail!("empty query: type words or a code, e.g. chartq search dm2 w ckd 3a");
    }
    // `--date` a release does not cover is refused (see `search::dated`).
    // A team database (PostgreSQL) is read through the seam: its snapshots
    // come from the host's cache; the database refuses a login that is no
    // chartq user.
    let searcher = match ctx.database()? {
        Database::Postgres(_) => DatedSearch::from_backend(ctx.open_backend()?)?,
        Database::Sqlite(_) => DatedSearch::new(ctx.open_store_to_read()?)?,
    };
    let selection = searcher.select(args.date, &args.system, Uncovered::Refuse)?;
    let index = searcher.index(Some(&selection))?;
    let opts = SearchOptions {
        systems: args.system.clone(),
        limit: args.limit,
        date_of_service: args.date,
        ..SearchOptions::default()
    };
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let mut found_any = false;
    for query in &queries {
        let hits = index.search(query, &opts);
        found_any |= !hits.is_empty();
        let label = args.batch.as_ref().map(|_| query.as_str());
        let written = if args.json {
            write_json(&mut out, label, &hits)
        } else {
            write_text(&mut out, label, &hits, &index)
        };
        if let Err(e) = written {
            // A closed pipe (`| head`) is not an error of the search.
            if e.kind() == io::ErrorKind::BrokenPipe {
                return Ok(ExitCode::SUCCESS);
            }
            return Err(e).wrap_err("writing results");
        }
    }
    match out.flush() {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => return Err(e.into()),
        _ => {}
    }
    // The process ends here: freeing ~200k entries one by one would only
    // add to a one-shot search's wall time.
    std::mem::forget(index);
    std::mem::forget(searcher);
    Ok(if found_any {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The non-blank lines of a batch file.
fn read_batch(path: &Path) -> Result<Vec<String>> {
    let bytes = fs::read(path).wrap_err_with(|| format!("{}: cannot read", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        eyre!("{}:{line}: not UTF-8 text", path.display())
    })?;
    Ok(text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect())
}

fn write_json(out: &mut impl Write, query: Option<&str>, hits: &[Hit]) -> io::Result<()> {
    for h in hits {
        let line = JsonHit {
            query,
            system: h.system.as_str(),
            code: &h.code,
            title: &h.title,
            billable: h.billable,
            score: h.score,
        };
        serde_json::to_writer(&mut *out, &line)?;
        writeln!(out)?;
    }
    Ok(())
}

/// Code, then title; headers are marked, and the system is named when more
/// than one is loaded. Every line passes through `for_terminal` (codes and
/// titles come from the database, which may carry control characters).
fn write_text(
    out: &mut impl Write,
    query: Option<&str>,
    hits: &[Hit],
    index: &Index,
) -> io::Result<()> {
    let mut out = Sanitizing::new(out);
    if let Some(q) = query {
        writeln!(out, "# {q}")?;
    }
    if hits.is_empty() {
        if query.is_some() {
            writeln!(out, "(no match)")?;
        }
        return Ok(());
    }
    let several = index.counts().len() > 1;
    for h in hits {
        let system = if several {
            format!("{:<6}", h.system.short_name())
        } else {
            String::new()
        };
        let header = if h.billable { "" } else { " (header)" };
        writeln!(out, "{system}{:<9} {}{header}", h.code, h.title)?;
    }
    out.flush()
}
