//! `chartq report accuracy [--from --to --queue --coder] [--json|--csv]`:
//! coding accuracy from closed reviews (formulas in
//! [`crate::app::review::accuracy`]). Coders get their own only; no
//! report line carries patient data.
#![deny(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::process::ExitCode;

use chrono::NaiveDate;
use color_eyre::eyre::Result;

use super::Context;
use crate::app::review::accuracy::{self, AccuracyLine, AccuracyReport, Ratio};
use crate::store::review::AccuracyFilter;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Charts finalized on or after this date (YYYY-MM-DD, the facility's
    /// time zone).
    #[arg(long, value_parser = parse_date)]
    from: Option<NaiveDate>,
    /// Charts finalized on or before this date (the facility's time zone).
    #[arg(long, value_parser = parse_date)]
    to: Option<NaiveDate>,
    /// Only this work queue.
    #[arg(long)]
    queue: Option<String>,
    /// Only this coder (coders: themselves).
    #[arg(long)]
    coder: Option<String>,
    /// Print the report as JSON.
    #[arg(long, conflicts_with = "csv")]
    json: bool,
    /// Print one CSV row per group.
    #[arg(long)]
    csv: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD ({e})"))
}

pub fn run(ctx: &Context, a: Args) -> Result<ExitCode> {
    if let (Some(from), Some(to)) = (a.from, a.to)
        && to < from
    {
        color_eyre::eyre::bail!("--to: {to} is before --from ({from})");
    }
    let store = ctx.open_backend()?;
    let actor = crate::app::context::current_actor(&*store, ctx.options.acting_as.as_deref())?;
    let filter = AccuracyFilter {
        from: a.from,
        to: a.to,
        queue: a.queue.clone(),
        coder: a.coder.clone(),
        zone: Some(crate::app::reports::facility_zone(&ctx.config)?),
    };
    let report = accuracy::report(&*store, &actor, &filter)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    if a.json {
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else if a.csv {
        write_csv(&mut out, &report)?;
    } else {
        let mut clean = crate::domain::text::Sanitizing::new(&mut out);
        write_text(&mut clean, &report, &span(&a))?;
        clean.flush()?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `97.5` (one decimal), `-` when nothing was counted.
fn pct(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.1}")).unwrap_or_else(|| "-".into())
}

fn cell(r: Ratio) -> String {
    format!("{}/{} {}", r.agreed, r.total, pct(r.percent()))
}

/// The dates the report covers, as its title says them.
fn span(a: &Args) -> String {
    match (a.from, a.to) {
        (None, None) => "all dates".to_string(),
        (f, t) => format!(
            "{}..{}",
            f.map(|d| d.to_string()).unwrap_or_default(),
            t.map(|d| d.to_string()).unwrap_or_default()
        ),
    }
}

/// The report as a person reads it (80 columns); `span` names the dates.
pub fn write_text(out: &mut impl Write, r: &AccuracyReport, span: &str) -> std::io::Result<()> {
    writeln!(
        out,
        "Coding accuracy, charts finalized {span}: {} reviews",
        r.reviews
    )?;
    writeln!(
        out,
        "(agreed/total %; codes = principal + secondary + procedures)"
    )?;
    let groups = std::iter::once(&r.all)
        .chain(&r.by_coder)
        .chain(&r.by_queue)
        .chain(&r.by_period);
    let label = |l: &AccuracyLine, kind: &str| {
        if kind.is_empty() {
            l.group.clone()
        } else {
            format!("{kind} {}", l.group)
        }
    };
    let kinds = std::iter::once("")
        .chain(r.by_coder.iter().map(|_| "coder"))
        .chain(r.by_queue.iter().map(|_| "queue"))
        .chain(r.by_period.iter().map(|_| "month"));
    let rows: Vec<(String, &AccuracyLine)> =
        groups.zip(kinds).map(|(l, k)| (label(l, k), l)).collect();
    let codes: Vec<Vec<String>> = std::iter::once(
        [
            "group",
            "charts",
            "codes",
            "principal",
            "secondary",
            "procedures",
        ]
        .map(String::from)
        .to_vec(),
    )
    .chain(rows.iter().map(|(name, l)| {
        vec![
            name.clone(),
            cell(l.charts),
            cell(l.codes),
            cell(l.principal),
            cell(l.secondary),
            cell(l.procedures),
        ]
    }))
    .collect();
    write_table(out, &codes, &[16, 12, 12, 12, 12, 12])?;
    writeln!(out)?;
    let drg: Vec<Vec<String>> = std::iter::once(
        ["group", "POA", "DRG changed", "weight diff"]
            .map(String::from)
            .to_vec(),
    )
    .chain(rows.iter().map(|(name, l)| {
        let changed = l.drg.total - l.drg.agreed;
        vec![
            name.clone(),
            cell(l.poa),
            format!("{changed}/{} {}", l.drg.total, pct(l.drg_change_percent())),
            l.mean_weight_difference()
                .map(|m| format!("{:+.4} each", m))
                .unwrap_or_else(|| "-".into()),
        ]
    }))
    .collect();
    write_table(out, &drg, &[16, 12, 14, 16])?;
    let reasons: Vec<String> = r
        .all
        .reasons
        .iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect();
    writeln!(out)?;
    writeln!(
        out,
        "Top reasons: {}",
        if reasons.is_empty() {
            "-".into()
        } else {
            reasons.join(", ")
        }
    )
}

/// Writes `rows` as columns: the first left-aligned, the others
/// right-aligned, each at least its `min` width and (but the first) one
/// space wider than its widest cell, so department-sized counts (`8666/10174 85.2`)
/// never run into their neighbours.
fn write_table(out: &mut impl Write, rows: &[Vec<String>], min: &[usize]) -> std::io::Result<()> {
    let widths: Vec<usize> = min
        .iter()
        .enumerate()
        .map(|(i, &m)| {
            let widest = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count());
            // The first column is followed by right-aligned ones, which
            // carry the space between them.
            m.max(widest.max().unwrap_or(0) + usize::from(i > 0))
        })
        .collect();
    for row in rows {
        let mut line = String::new();
        for (i, (c, w)) in row.iter().zip(&widths).enumerate() {
            if i == 0 {
                line.push_str(&format!("{c:<w$}"));
            } else {
                line.push_str(&format!("{c:>w$}"));
            }
        }
        writeln!(out, "{line}")?;
    }
    Ok(())
}

/// One CSV row per group (`all`, then coders, queues, months).
pub fn write_csv(out: &mut impl Write, r: &AccuracyReport) -> std::io::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record([
        "kind",
        "group",
        "charts_unchanged",
        "charts_reviewed",
        "codes_agreed",
        "codes_total",
        "principal_agreed",
        "principal_total",
        "secondary_agreed",
        "secondary_total",
        "procedures_agreed",
        "procedures_total",
        "poa_agreed",
        "poa_total",
        "drg_charts",
        "drg_changed",
        "weight_difference",
    ])?;
    let kinds = [
        ("all", std::slice::from_ref(&r.all)),
        ("coder", &r.by_coder[..]),
        ("queue", &r.by_queue[..]),
        ("month", &r.by_period[..]),
    ];
    for (kind, lines) in kinds {
        for l in lines {
            let n = |v: u64| v.to_string();
            let weight = format!("{:.4}", l.weight_difference as f64 / 10_000.0);
            w.write_record([
                kind.to_string(),
                l.group.clone(),
                n(l.charts.agreed),
                n(l.charts.total),
                n(l.codes.agreed),
                n(l.codes.total),
                n(l.principal.agreed),
                n(l.principal.total),
                n(l.secondary.agreed),
                n(l.secondary.total),
                n(l.procedures.agreed),
                n(l.procedures.total),
                n(l.poa.agreed),
                n(l.poa.total),
                n(l.drg.total),
                n(l.drg.total - l.drg.agreed),
                weight,
            ])?;
        }
    }
    w.flush()
}
