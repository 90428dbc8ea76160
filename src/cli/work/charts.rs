//! `chartq charts import FILE` and `chartq chart show CHART`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::{Result, WrapErr};

use super::chart_arg::ChartArg;
use super::{Session, or_dash, print_json};
use crate::app::work;
use crate::domain::chart::Chart;
use crate::domain::drg::FinalDrg;
use crate::store::chart_detail::ChartDetail;
use crate::store::chart_drg::ChartDrg;
use crate::store::charts::{CleanedDocument, Format};
#[derive(Debug, Subcommand)]
pub enum ChartsCommand {
    /// Import a chart feed: JSON Lines (charts with documents) or CSV
    /// (charts only). All or nothing; re-importing updates by account.
    Import {
        /// The feed; `-` reads standard input.
        file: PathBuf,
        /// jsonl or csv (default: by file name, `.csv` is CSV).
        #[arg(long)]
        format: Option<Format>,
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ChartCommand {
    /// Demographics, documents, codes, provider queries and history.
    Show {
        #[command(flatten)]
        chart: ChartArg,
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
}

pub(super) fn run_import(s: &mut Session<'_>, cmd: ChartsCommand) -> Result<ExitCode> {
    let ChartsCommand::Import { file, format, json } = cmd;
    // The name as recorded and shown: one clean line (a file name may
    // hold escapes or line breaks).
    let name = crate::domain::text::single_line(&file.display().to_string());
    let format = format.unwrap_or_else(|| Format::for_file(&name));
    let summary = if file.as_os_str() == "-" {
        s.store
            .import_charts(s.actor, &mut std::io::stdin().lock(), "<stdin>", format)?
    } else {
        let mut reader =
            std::fs::File::open(&file).wrap_err_with(|| format!("{name}: cannot open"))?;
        s.store.import_charts(s.actor, &mut reader, &name, format)?
    };
    if json {
        return print_json(&summary);
    }
    say!(
        "{}: {} ({} new, {} updated, {} unchanged), {}",
        summary.file,
        count(summary.charts, "chart"),
        summary.created,
        summary.updated,
        summary.unchanged,
        count(summary.documents, "document")
    );
    print_cleaned(&summary.cleaned_documents);
    Ok(ExitCode::SUCCESS)
}

/// Documents the import cleaned: where, and how many characters (never
/// the text). The first few; `--json` lists all.
fn print_cleaned(cleaned: &[CleanedDocument]) {
    const SHOWN: usize = 20;
    if cleaned.is_empty() {
        return;
    }
    let chars: usize = cleaned.iter().map(|c| c.characters).sum();
    say!(
        "{} cleaned of terminal control characters ({} removed):",
        count(cleaned.len() as u64, "document"),
        count(chars as u64, "character")
    );
    for c in cleaned.iter().take(SHOWN) {
        say!(
            "  line {}, documents[{}]: {}",
            c.line,
            c.document,
            count(c.characters as u64, "character")
        );
    }
    if cleaned.len() > SHOWN {
        say!("  … and {} more (--json lists all)", cleaned.len() - SHOWN);
    }
}

/// `1 chart`, `2 charts`.
fn count(n: impl Into<u64>, noun: &str) -> String {
    let n = n.into();
    if n == 1 {
        format!("{n} {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

pub(super) fn run_show(s: &mut Session<'_>, cmd: ChartCommand) -> Result<ExitCode> {
    let ChartCommand::Show { chart, json } = cmd;
    let detail = work::chart::show(s.store, s.actor, chart.chart())?;
    if json {
        return print_json(&detail);
    }
    print_detail(&detail);
    Ok(ExitCode::SUCCESS)
}

fn print_detail(d: &ChartDetail) {
    let c = &d.chart;
    say!("Chart {} — account {}  MRN {}", c.id, c.account, c.mrn);
    say!(
        "Patient  {}  DOB {}  sex {}",
        c.patient.name,
        c.patient.dob,
        c.patient.sex
    );
    say!(
        "Encounter {}  admit {}  discharge {}  service {}  (date of service {})",
        c.encounter_type,
        or_dash(c.admit_date.map(|d| d.to_string()).as_deref()),
        or_dash(c.discharge_date.map(|d| d.to_string()).as_deref()),
        or_dash(c.service_date.map(|d| d.to_string()).as_deref()),
        c.date_of_service
    );
    say!(
        "Attending {}  payer {}  facility {}",
        or_dash(c.attending.as_deref()),
        or_dash(c.payer.as_deref()),
        or_dash(c.facility.as_deref())
    );
    say!(
        "Queue {}  priority {}  due {}",
        c.queue,
        c.priority,
        or_dash(c.due_date.map(|d| d.to_string()).as_deref())
    );
    say!("Status {}", status_line(c));
    if let Some(drg) = &d.drg {
        say!("{}", drg_line(drg));
    }
    say!();
    say!("Codes");
    if d.assignments.is_empty() {
        say!("  (none)");
    } else {
        super::coding::print_assignments(&d.assignments);
    }
    say!();
    say!("Provider queries");
    if d.provider_queries.is_empty() {
        say!("  (none)");
    }
    for q in &d.provider_queries {
        say!(
            "  #{} to {} [{}]: {}",
            q.id,
            q.provider,
            q.status.as_str(),
            q.question
        );
        if let Some(r) = &q.response {
            say!("     response: {r}");
            if let Some(from) = q.answer_source() {
                say!("     answered by: {from}");
            }
        }
    }
    say!();
    say!("Documents");
    if d.documents.is_empty() {
        say!("  (none)");
    }
    for doc in &d.documents {
        say!(
            "--- {} {} by {} at {}",
            doc.seq,
            doc.doc_type,
            or_dash(doc.author.as_deref()),
            or_dash(doc.time.as_deref())
        );
        say!("{}", doc.text);
    }
    say!();
    say!("History");
    for e in &d.history {
        let by = match &e.real_user {
            Some(real) => format!("{} (by {real})", e.user),
            None => e.user.clone(),
        };
        say!("  {} {} {} {}", e.at, by, e.action, e.details);
    }
}

/// `MS-DRG 292 (MDC 05, v43.0, weight 0.9047)`, and the original beside
/// it when a later finalize re-grouped the chart.
pub(super) fn drg_line(d: &ChartDrg) -> String {
    let one = |f: &FinalDrg| {
        let weight = f
            .weight
            .map_or_else(|| "none".to_string(), |w| w.to_string());
        format!(
            "{} (MDC {}, v{}, weight {weight})",
            f.drg,
            f.mdc,
            f.version.as_str()
        )
    };
    let current = d
        .current
        .as_ref()
        .map_or_else(|| "none (no grouper for the chart now)".to_string(), one);
    if d.regrouped() {
        format!("MS-DRG {current}  original {}", one(&d.original))
    } else {
        format!("MS-DRG {current}")
    }
}

/// `in_progress (lease: bo until ...)`, `on_hold: reason`, ... with the flag.
pub(super) fn status_line(c: &Chart) -> String {
    let mut s = c.status.to_string();
    if let Some(holder) = &c.lease_holder {
        s += &format!(
            " (lease: {holder} until {})",
            or_dash(c.lease_until.as_deref())
        );
    }
    if let Some(reason) = &c.hold_reason {
        s += &format!(": {reason}");
    }
    if let Some(coder) = &c.coder {
        s += &format!("  coder {coder}");
    }
    if let Some(to) = &c.assigned_to {
        s += &format!("  assigned to {to}");
    }
    if c.flagged {
        s += "  [flagged: provider query answered]";
    }
    s
}
