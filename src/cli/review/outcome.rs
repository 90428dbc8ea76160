//! The coder's side: `chartq review outcomes|rebut`, and the auditor's
//! `chartq review answer`.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use color_eyre::eyre::{Result, bail, eyre};

use super::audit::ChartJson as ChartJsonPub;
use super::{Session, parse_chart, print_detail, print_json, row_line};
use crate::domain::chart::ChartRef;

#[derive(Debug, clap::Args)]
pub struct OutcomesArgs {
    /// Another coder's outcomes (auditors and supervisors only).
    #[arg(long)]
    coder: Option<String>,
    /// Only outcomes not seen yet.
    #[arg(long)]
    unseen: bool,
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct RebutArgs {
    #[command(flatten)]
    chart: ChartJsonPub,
    /// Why the review is wrong (visible in `ps`: prefer --text-file).
    #[arg(long, conflicts_with = "text_file")]
    text: Option<String>,
    /// Read the text from FILE (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    text_file: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
pub struct AnswerArgs {
    /// The chart's account number; '#12' (quoted) is chart id 12.
    #[arg(value_name = "CHART", value_parser = parse_chart)]
    chart: ChartRef,
    /// The coder is right: their original codes and DRG stand again.
    #[arg(long, conflicts_with = "uphold", required_unless_present = "uphold")]
    accept: bool,
    /// The review's codes stand.
    #[arg(long)]
    uphold: bool,
    /// A comment for the coder.
    #[arg(long)]
    comment: Option<String>,
    #[arg(long)]
    json: bool,
}

pub(super) fn run_outcomes(s: &mut Session, a: OutcomesArgs) -> Result<ExitCode> {
    let outcomes = s
        .store
        .review_outcomes(&s.actor, a.coder.as_deref(), a.unseen)?;
    if a.json {
        return print_json(&outcomes);
    }
    for o in &outcomes {
        print_detail(o);
    }
    if outcomes.is_empty() {
        out!("no review outcomes");
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

/// The rebuttal's text: `--text`, or `--text-file` (`-`: standard input).
fn text(a: &RebutArgs) -> Result<String> {
    if let Some(t) = &a.text {
        return Ok(t.clone());
    }
    let Some(path) = &a.text_file else {
        bail!("text: a rebuttal needs --text-file FILE (or --text)");
    };
    let mut text = String::new();
    if path.as_os_str() == "-" {
        std::io::stdin()
            .take(1 << 20)
            .read_to_string(&mut text)
            .map_err(|e| eyre!("--text-file -: {e}"))?;
    } else {
        let shown = crate::domain::text::sanitize(&path.display().to_string());
        std::fs::File::open(path)
            .and_then(|f| f.take(1 << 20).read_to_string(&mut text))
            .map_err(|e| eyre!("--text-file {shown}: {e}"))?;
    }
    Ok(text.trim_end().to_string())
}

pub(super) fn run_rebut(s: &mut Session, a: RebutArgs) -> Result<ExitCode> {
    let text = text(&a)?;
    let row = s.store.rebut_review(&s.actor, &a.chart.chart, &text)?;
    if a.chart.json {
        return print_json(&row);
    }
    row_line(&row);
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run_answer(s: &mut Session, a: AnswerArgs) -> Result<ExitCode> {
    let row = s
        .store
        .answer_rebuttal(&s.actor, &a.chart, a.accept, a.comment.as_deref())?;
    if a.json {
        return print_json(&row);
    }
    row_line(&row);
    Ok(ExitCode::SUCCESS)
}
