//! `chartq pcs`: the ICD-10-PCS table builder's scriptable face. Given a
//! partial code it lists the next axis's valid values in the PCS version
//! of `--date` (default: the newest installed), with CMS's labels and the
//! definitions of root operations and approaches; given seven characters,
//! the code and its title.
//!
//! Contract: `--json` prints one object, `{"version","prefix","chosen":[…],
//! "next_pos","next_axis","values":[{"ch","label","labelled","codes",
//! "definition"?,"explanation"?}],"code":[CODE,TITLE]|null}`; exit 0 on an
//! answer, 1 when no valid code starts with the prefix, 2 on error.

use std::io::{self, Write};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;
use color_eyre::eyre::{Result, WrapErr};
use serde::Serialize;

use super::Context;
use crate::app::pcs_builder::PcsBuilder;
use crate::domain::text::Sanitizing;
use crate::engines::pcs_builder::{PrefixError, Step};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build an ICD-10-PCS code axis by axis: the valid values after PREFIX.
    Pcs(PcsArgs),
}

#[derive(Debug, clap::Args)]
pub struct PcsArgs {
    /// The characters chosen so far (e.g. 0DT); none: the sections.
    #[arg(default_value = "")]
    pub prefix: String,
    /// Date of service: the PCS version valid on this date (default: the
    /// newest installed).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// One JSON object.
    #[arg(long)]
    pub json: bool,
}

/// The `--json` object.
#[derive(Serialize)]
struct JsonStep<'a> {
    version: &'a str,
    #[serde(flatten)]
    step: &'a Step,
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let Command::Pcs(args) = cmd;
    let store = ctx.open_backend_to_read()?;
    let builder = PcsBuilder::for_date(&*store, args.date)?;
    let step = match builder.step(&args.prefix) {
        Ok(step) => step,
        Err(e @ PrefixError::NoCode(_)) => {
            eprintln!("{e} (ICD-10-PCS {})", builder.version);
            return Ok(ExitCode::from(1));
        }
        Err(e) => return Err(e.into()),
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let written = if args.json {
        serde_json::to_writer(
            &mut out,
            &JsonStep {
                version: &builder.version,
                step: &step,
            },
        )
        .map_err(io::Error::from)
        .and_then(|()| writeln!(out))
    } else {
        write_text(&mut out, &builder.version, &step)
    };
    match written {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e).wrap_err("writing the step"),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The choices made, then the next axis's values, one a line.
fn write_text(out: &mut impl Write, version: &str, step: &Step) -> io::Result<()> {
    let mut out = Sanitizing::new(out);
    writeln!(out, "ICD-10-PCS {version}  {}", step.prefix)?;
    for c in &step.chosen {
        writeln!(out, "  {} {:<12} {}  {}", c.pos, c.axis, c.ch, c.label)?;
    }
    if let Some((code, title)) = &step.code {
        writeln!(out, "{code}  {title}")?;
        return out.flush();
    }
    if let (Some(pos), Some(axis)) = (step.next_pos, &step.next_axis) {
        writeln!(out, "{pos} {axis}:")?;
    }
    for v in &step.values {
        let mark = if v.labelled { "" } else { " (no FY2026 label)" };
        writeln!(out, "  {}  {}{mark}  [{} codes]", v.ch, v.label, v.codes)?;
        if let Some(d) = &v.definition {
            writeln!(out, "       {d}")?;
        }
    }
    out.flush()
}
