//! `chartq index TERM…`: the Alphabetic Index from the command line. The
//! words walk main term → subterms (`hernia inguinal unilateral`; commas
//! work too); each path found prints with its code checked against the
//! version's Tabular List, its manifestation code in brackets and its
//! "see" / "see also".
//!
//! Contract: `--json` prints one object
//! `{"version","index_fiscal_year","matches":[{"path":[{"title","nemod"}],
//! "code":{"code","incomplete","status","codes_below"},"manifestation",
//! "see","see_leads_to","see_also","subterms"}]}`; exit 0 with matches, 1
//! with none, 2 on error (no index tree imported included).

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;
use color_eyre::eyre::{Result, bail};

use super::Context;
use crate::app::alphabetic_index::{CheckedCode, IndexMatch, Standing, look_up};
use crate::domain::text::sanitize;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Look a term up in the Alphabetic Index ("hernia inguinal
    /// unilateral"): the paths, their codes checked in the Tabular List,
    /// "see" and "see also".
    Index(IndexArgs),
}

#[derive(Debug, clap::Args)]
pub struct IndexArgs {
    /// Date of service: read the index of the version valid on this date
    /// (default: the newest version with an index).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: Option<NaiveDate>,
    /// One JSON object with every path.
    #[arg(long)]
    pub json: bool,
    /// The main term, then subterms ("hernia inguinal unilateral").
    #[arg(required = true)]
    pub term: Vec<String>,
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let Command::Index(args) = cmd;
    let store = ctx.open_backend_to_read()?;
    let Some(found) = look_up(&*store, &args.term, args.date)? else {
        bail!(
            "no Alphabetic Index is imported for ICD-10-CM{}: an admin runs \
             `chartq codes import-index icd10cm_index_YYYY.xml`",
            args.date.map_or(String::new(), |d| format!(" on {d}"))
        );
    };
    if args.json {
        println!("{}", serde_json::to_string(&found)?);
    } else {
        println!(
            "ICD-10-CM {} index{}:",
            sanitize(&found.version),
            found
                .index_fiscal_year
                .map_or(String::new(), |y| format!(" (FY{y})"))
        );
        for m in &found.matches {
            println!("{}", line(m));
        }
        if found.matches.is_empty() {
            println!("no index term matches {:?}", sanitize(&args.term.join(" ")));
        }
    }
    Ok(if found.matches.is_empty() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// "Hernia, hernial (acquired), inguinal, unilateral  K40.90 [manif] — see …".
fn line(m: &IndexMatch) -> String {
    let path: Vec<String> = m
        .path
        .iter()
        .map(|t| match &t.nemod {
            Some(n) => format!("{} {n}", t.title),
            None => t.title.clone(),
        })
        .collect();
    let mut out = format!("  {}", sanitize(&path.join(", ")));
    if let Some(c) = &m.code {
        out.push_str(&format!("  {}", code_text(c)));
    }
    if let Some(c) = &m.manifestation {
        out.push_str(&format!(" [{}]", code_text(c)));
    }
    if let Some(see) = &m.see {
        out.push_str(&format!("  — see {}", sanitize(see)));
        if let Some(to) = &m.see_leads_to {
            out.push_str(&format!(" (→ {})", sanitize(to)));
        }
    }
    if let Some(also) = &m.see_also {
        out.push_str(&format!("  — see also {}", sanitize(also)));
    }
    if m.subterms > 0 {
        out.push_str(&format!("  ({} subterms)", m.subterms));
    }
    out
}

fn code_text(c: &CheckedCode) -> String {
    let dash = if c.incomplete { "-" } else { "" };
    match c.status {
        Standing::Category => format!(
            "{}{dash} (a category here: report {}{})",
            c.code,
            c.codes_below
                .iter()
                .take(6)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
            if c.codes_below.len() > 6 { ", …" } else { "" }
        ),
        Standing::NotInVersion => format!(
            "{}{dash} (NOT in this version: verify in the Tabular)",
            c.code
        ),
        Standing::Reportable => format!("{}{dash}", c.code),
    }
}
