//! The reports as text tables (the default), JSON or CSV. Every cell is
//! single-line; no cell holds patient data (the reports have none).

use color_eyre::eyre::Result;

use super::Output;
use crate::domain::report::{BacklogReport, ProductivityReport, QueriesReport};
use crate::domain::text::single_line;

fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| single_line(c)).collect())
        .collect();
    let mut widths: Vec<usize> = header.iter().map(|h| h.chars().count()).collect();
    for row in &rows {
        for (w, c) in widths.iter_mut().zip(row) {
            *w = (*w).max(c.chars().count());
        }
    }
    let mut out = String::new();
    let mut line = |cells: Vec<&str>| {
        let parts: Vec<String> = cells
            .iter()
            .zip(&widths)
            .enumerate()
            // The first column is text (left), the rest numbers (right).
            .map(|(i, (c, w))| {
                if i == 0 {
                    format!("{c:<w$}")
                } else {
                    format!("{c:>w$}")
                }
            })
            .collect();
        out.push_str(parts.join("  ").trim_end());
        out.push('\n');
    };
    line(header.to_vec());
    for row in &rows {
        line(row.iter().map(String::as_str).collect());
    }
    out
}

fn csv(header: &[&str], rows: &[Vec<String>]) -> Result<String> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for row in rows {
        w.write_record(row)?;
    }
    Ok(String::from_utf8(w.into_inner()?)?)
}

fn emit(
    out: Output,
    value: &impl serde::Serialize,
    title: String,
    header: &[&str],
    rows: &[Vec<String>],
    footer: &str,
) -> Result<String> {
    Ok(match out {
        Output::Json => serde_json::to_string_pretty(value)? + "\n",
        Output::Csv => csv(header, rows)?,
        Output::Text => format!("{title}\n\n{}{footer}", table(header, rows)),
    })
}

fn opt(v: Option<f64>, places: usize) -> String {
    v.map_or_else(|| "-".to_string(), |x| format!("{x:.places$}"))
}

fn hours(seconds: u64) -> String {
    format!("{:.2}", seconds as f64 / 3600.0)
}

/// A sparkline of `counts` in eighth blocks (empty for an all-zero run).
pub fn sparkline(counts: &[u64]) -> String {
    const BARS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    counts
        .iter()
        .map(|&c| {
            if c == 0 {
                ' '
            } else {
                BARS[((c * 7) / max) as usize]
            }
        })
        .collect()
}

pub(super) fn productivity(r: &ProductivityReport, out: Output) -> Result<String> {
    let mut rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|x| {
            vec![
                x.coder.clone(),
                x.encounter_type.to_string(),
                x.charts_finalized.to_string(),
                hours(x.seconds_worked),
                opt(x.charts_per_hour, 2),
            ]
        })
        .collect();
    if out == Output::Text {
        rows.push(vec![
            "all".into(),
            String::new(),
            r.total.charts_finalized.to_string(),
            hours(r.total.seconds_worked),
            opt(r.total.charts_per_hour, 2),
        ]);
    }
    let days: Vec<u64> = r.per_day.iter().map(|d| d.count).collect();
    let footer = format!(
        "\nfinalized per day {}..{}: |{}|\n",
        r.period.from,
        r.period.to,
        sparkline(&days)
    );
    emit(
        out,
        r,
        format!(
            "Productivity {}..{} ({})",
            r.period.from, r.period.to, r.time_zone
        ),
        &["CODER", "TYPE", "FINALIZED", "HOURS", "PER HOUR"],
        &rows,
        &footer,
    )
}

pub(super) fn backlog(r: &BacklogReport, out: Output) -> Result<String> {
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|x| {
            vec![
                x.queue.clone(),
                x.age.label().to_string(),
                x.charts.to_string(),
                x.with_weight.to_string(),
                format!("{:.4}", x.weight),
                format!("{:.2}", x.expected_charges_cents as f64 / 100.0),
            ]
        })
        .collect();
    let holds: Vec<Vec<String>> = r
        .holds
        .iter()
        .map(|h| {
            vec![
                h.reason.clone(),
                h.placed.to_string(),
                h.on_hold_now.to_string(),
            ]
        })
        .collect();
    let total: u64 = r.rows.iter().map(|x| x.charts).sum();
    let footer = format!(
        "\n{total} chart(s) not final-coded.\n\nHolds by reason (placed {}..{}, on hold now)\n\n{}",
        r.period.from,
        r.period.to,
        table(&["REASON", "PLACED", "ON HOLD"], &holds)
    );
    emit(
        out,
        r,
        format!(
            "Backlog as of {} ({}): days since discharge",
            r.today, r.time_zone
        ),
        &[
            "QUEUE",
            "DAYS",
            "CHARTS",
            "WITH DRG",
            "WEIGHT",
            "EXPECTED $",
        ],
        &rows,
        &footer,
    )
}

pub(super) fn queries(r: &QueriesReport, out: Output) -> Result<String> {
    let row = |x: &crate::domain::report::QueryRow| {
        vec![
            x.provider.clone(),
            x.sent.to_string(),
            x.answered.to_string(),
            opt(x.median_response_hours, 1),
            x.agreed.to_string(),
            opt(x.agreement_percent, 1),
        ]
    };
    let mut rows: Vec<Vec<String>> = r.rows.iter().map(row).collect();
    if out == Output::Text {
        rows.push(row(&r.total));
    }
    emit(
        out,
        r,
        format!(
            "Provider queries sent {}..{} ({})",
            r.period.from, r.period.to, r.time_zone
        ),
        &[
            "PROVIDER", "SENT", "ANSWERED", "MEDIAN H", "AGREED", "AGREE %",
        ],
        &rows,
        "",
    )
}
