//! `chartq assign|unassign|sequence|finalize`.

use std::process::ExitCode;

use color_eyre::eyre::Result;

use super::chart_arg::ChartArg;
use super::queue::print_state;
use super::{Session, or_dash, print_json, print_table};
use crate::app::coding_edits::{self, EditChecker};
use crate::app::work;
use crate::domain::codes::CodeSystem;
use crate::domain::coding::{Assignment, CodeRole, NewAssignment, Poa};
use crate::domain::edit::{Acknowledgement, EditName};
use crate::store::WorkError;
#[derive(Debug, clap::Args)]
pub struct AssignArgs {
    #[command(flatten)]
    chart: ChartArg,
    /// The code (dot and case optional: e1122 is E11.22).
    code: String,
    /// cm, pcs, cpt or hcpcs (default: the code set that has the code).
    #[arg(long)]
    system: Option<CodeSystem>,
    /// principal, secondary, admitting, reason or procedure.
    #[arg(long)]
    role: Option<CodeRole>,
    /// Present on admission: Y, N, U, W or 1 (inpatient diagnoses).
    #[arg(long)]
    poa: Option<Poa>,
    /// A modifier (up to 4; CPT/HCPCS).
    #[arg(long = "modifier", value_name = "M")]
    modifiers: Vec<String>,
    /// Units of service (CPT/HCPCS).
    #[arg(long)]
    units: Option<u32>,
    /// Diagnosis pointer, the diagnosis's position (up to 4; CPT/HCPCS).
    #[arg(long = "pointer", value_name = "N")]
    pointers: Vec<u32>,
    /// Print the result as JSON (stable field names, for scripts).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct UnassignArgs {
    #[command(flatten)]
    chart: ChartArg,
    /// A code on the chart (dot and case optional).
    code: String,
    /// Print the result as JSON (stable field names, for scripts).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct SequenceArgs {
    #[command(flatten)]
    chart: ChartArg,
    /// A code on the chart (dot and case optional).
    code: String,
    /// The new 1-based position.
    position: i64,
    /// Print the result as JSON (stable field names, for scripts).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, clap::Args)]
pub struct FinalizeArgs {
    #[command(flatten)]
    chart: ChartArg,
    /// Acknowledge these warning edits (names from `chartq check`,
    /// comma-separated); needs a reason. Errors cannot be acknowledged.
    #[arg(long, value_name = "NAME[,NAME]", value_delimiter = ',')]
    acknowledge: Vec<EditName>,
    /// Why the acknowledged warnings stand (audited). Visible to other
    /// users through `ps` (a warning says so): prefer --reason-file.
    #[arg(long, conflicts_with = "reason_file", requires = "acknowledge")]
    reason: Option<String>,
    /// Read the reason from FILE (`-`: standard input).
    #[arg(long, value_name = "FILE", requires = "acknowledge")]
    reason_file: Option<std::path::PathBuf>,
    /// Print the result as JSON (stable field names, for scripts).
    #[arg(long)]
    json: bool,
}

pub(super) fn run_assign(s: &mut Session<'_>, a: AssignArgs) -> Result<ExitCode> {
    let new = NewAssignment {
        code: a.code,
        system: a.system,
        role: a.role,
        poa: a.poa,
        modifiers: a.modifiers,
        units: a.units,
        pointers: a.pointers,
    };
    let done = work::coding::assign(s.store, s.actor, a.chart.chart(), &new)?;
    if a.json {
        return print_json(&done);
    }
    say!(
        "{} {} {} at position {}: {}",
        done.system,
        done.code,
        done.role,
        done.seq,
        done.title
    );
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run_unassign(s: &mut Session<'_>, a: UnassignArgs) -> Result<ExitCode> {
    let codes = work::coding::unassign(s.store, s.actor, a.chart.chart(), &a.code)?;
    print_codes(&codes, a.json)
}

pub(super) fn run_sequence(s: &mut Session<'_>, a: SequenceArgs) -> Result<ExitCode> {
    let codes = work::coding::sequence(s.store, s.actor, a.chart.chart(), &a.code, a.position)?;
    print_codes(&codes, a.json)
}

/// Finalizes; a refusal prints every reason (one a line, or as JSON) and
/// exits 2.
pub(super) fn run_finalize(s: &mut Session<'_>, a: FinalizeArgs) -> Result<ExitCode> {
    let ack = if a.acknowledge.is_empty() {
        None
    } else {
        Some(Acknowledgement {
            reason: super::phi_text::read("reason", a.reason, a.reason_file.as_deref())?,
            edits: a.acknowledge,
        })
    };
    let mut checker = EditChecker::new();
    match coding_edits::finalize(
        s.store,
        &mut checker,
        s.actor,
        a.chart.chart(),
        ack.as_ref(),
    ) {
        Ok(chart) if a.json => print_json(&chart),
        Ok(chart) => {
            print_state(&chart);
            // The MS-DRG stored with it, as `chart show` prints it.
            let stored = work::chart::refresh(s.store, s.actor, a.chart.chart())?.drg;
            if let Some(drg) = stored {
                say!("{}", super::charts::drg_line(&drg));
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(WorkError::Refused { chart, reasons }) => {
            if a.json {
                print_json(
                    &serde_json::json!({"chart": chart, "finalized": false, "reasons": reasons}),
                )?;
            } else {
                say_err!("chartq: error: cannot finalize chart {chart}:");
                for r in &reasons {
                    say_err!("  - {r}");
                }
            }
            Ok(ExitCode::from(2))
        }
        Err(e) => Err(e.into()),
    }
}

fn print_codes(codes: &[Assignment], json: bool) -> Result<ExitCode> {
    if json {
        return print_json(&codes);
    }
    print_assignments(codes);
    Ok(ExitCode::SUCCESS)
}

/// The chart's codes in sequence, as `assign`, `sequence` and `chart show`
/// print them.
pub(super) fn print_assignments(codes: &[Assignment]) {
    let rows: Vec<Vec<String>> = codes
        .iter()
        .map(|a| {
            vec![
                a.seq.to_string(),
                a.system.short_name().to_string(),
                a.code.clone(),
                a.role.to_string(),
                or_dash(a.poa.map(Poa::as_str)),
                a.modifiers.join(" "),
                a.units.map_or_else(String::new, |u| u.to_string()),
                a.title.clone(),
            ]
        })
        .collect();
    print_table(
        &["#", "SYS", "CODE", "ROLE", "POA", "MOD", "UNITS", "TITLE"],
        &rows,
    );
}
