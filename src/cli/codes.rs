//! `chartq codes import|list` and `chartq code show`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::NaiveDate;
use clap::Subcommand;
use color_eyre::eyre::{Result, bail};

use super::Context;
use crate::app::codesets::import::{
    Effective, ImportOptions, Imported, import_index_file, import_with,
};
use crate::domain::codes::{CodeKind, CodeSystem};
use crate::domain::text::sanitize;
use crate::store::code_tables::CodeDetail;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import and list code-set versions.
    #[command(subcommand)]
    Codes(CodesCommand),
    /// Look at one code.
    #[command(subcommand)]
    Code(CodeCommand),
}

#[derive(Debug, Subcommand)]
pub enum CodesCommand {
    /// Import an official code file as a new version (one transaction).
    ///
    /// ICD-10-CM: the CDC tabular XML, the CMS order file or the CMS codes
    /// file (billable codes only: the hierarchy, header titles and notes
    /// come from the installed tabular release before it). ICD-10-PCS: the
    /// CMS order file or codes file. Reports what changed against the
    /// version before it.
    ///
    /// `poa`: a POA-exempt list (CMS's `POAexemptCodesFYnn.txt`, or one
    /// code a line) for a fiscal year; it replaces the bundled (FY2026) or
    /// derived (later years) list for that year's discharges.
    Import {
        /// cm, pcs, cpt or hcpcs; or poa.
        #[arg(value_parser = parse_import_kind)]
        system: ImportKind,
        /// The file: plain, .gz, or the official .zip download.
        file: PathBuf,
        /// Version label (default: derived from the file).
        #[arg(long)]
        version: Option<String>,
        /// Effective dates, FROM or FROM..TO (YYYY-MM-DD, inclusive;
        /// default: derived from the file).
        #[arg(long)]
        effective: Option<Effective>,
        /// CMS codes-file addenda (icd10cm_codes_addenda_YYYY.txt) to check
        /// the file against: every add, delete and revision must be in it
        /// (default: the addenda beside the file in its zip). Mismatches are
        /// listed; the import goes ahead.
        #[arg(long, value_name = "FILE")]
        addenda: Option<PathBuf>,
        /// poa: the fiscal year the list is for (default: from the file
        /// name, FY27 or FY2027).
        #[arg(long, value_name = "YYYY")]
        fiscal_year: Option<i32>,
    },
    /// Attach an ICD-10-CM index file's terms to a version, for search.
    ///
    /// Reads the Table of Drugs and Chemicals, the Neoplasm Table, the
    /// External Cause Index or the Index to Diseases (XML: plain, .gz or
    /// zip). Search then finds codes by the index's words ("acetaminophen
    /// poisoning" → T39.1X1A). Replaces that table's earlier terms on the
    /// version; one transaction.
    ImportIndex {
        file: PathBuf,
        /// The ICD-10-CM version label (default: the newest installed).
        #[arg(long)]
        version: Option<String>,
    },
    /// List installed versions with their effective dates and counts.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum CodeCommand {
    /// Full title, hierarchy, notes (inherited ones marked) and 7th characters.
    /// Exit 0 shown, 1 no such code, 2 error (e.g. no version covers --date).
    Show {
        /// The code, any case, dot optional (e1122 = E11.22).
        code: String,
        /// cm, pcs, cpt or hcpcs (default: the first system that has it).
        #[arg(long)]
        system: Option<CodeSystem>,
        /// Date of service choosing the version (default: newest installed).
        #[arg(long)]
        date: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    match cmd {
        Command::Codes(CodesCommand::Import {
            system: ImportKind::PoaExempt,
            file,
            fiscal_year,
            ..
        }) => import_poa(ctx, &file, fiscal_year),
        Command::Codes(CodesCommand::Import {
            system: ImportKind::CodeSet(system),
            file,
            version,
            effective,
            addenda,
            ..
        }) => import(
            ctx,
            system,
            &file,
            ImportOptions {
                label: version,
                effective,
                addenda,
            },
        ),
        Command::Codes(CodesCommand::ImportIndex { file, version }) => {
            import_index(ctx, &file, version.as_deref())
        }
        Command::Codes(CodesCommand::List { json }) => list(ctx, json),
        Command::Code(CodeCommand::Show {
            code,
            system,
            date,
            json,
        }) => show(ctx, &code, system, date, json),
    }
}

/// What `codes import` imports: a code set, or a POA-exempt list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportKind {
    CodeSet(CodeSystem),
    PoaExempt,
}

fn parse_import_kind(s: &str) -> Result<ImportKind, String> {
    if s.trim().eq_ignore_ascii_case("poa") {
        return Ok(ImportKind::PoaExempt);
    }
    s.parse::<CodeSystem>()
        .map(ImportKind::CodeSet)
        .map_err(|e| format!("{e}; or poa (a POA-exempt list)"))
}

fn import_poa(ctx: &Context, file: &Path, fiscal_year: Option<i32>) -> Result<ExitCode> {
    // Either backend: a team database (PostgreSQL) takes the list through
    // its admin-only function.
    let mut backend = ctx.open_backend()?;
    let actor = crate::app::context::current_actor(&*backend, ctx.options.acting_as.as_deref())?;
    let done = crate::app::codesets::poa_list::import_poa_list(
        backend.as_mut(),
        &actor,
        file,
        fiscal_year,
    )?;
    println!(
        "imported the FY{} POA-exempt list: {} codes from {} (replaces the bundled or derived list for discharges {}-10-01..{}-09-30)",
        done.fiscal_year,
        done.codes,
        sanitize(&done.source),
        done.fiscal_year - 1,
        done.fiscal_year
    );
    Ok(ExitCode::SUCCESS)
}

fn import(
    ctx: &Context,
    system: CodeSystem,
    file: &Path,
    options: ImportOptions,
) -> Result<ExitCode> {
    let mut backend = ctx.open_backend()?;
    let actor = crate::app::context::current_actor(&*backend, ctx.options.acting_as.as_deref())?;
    let started = Instant::now();
    let done = import_with(backend.as_mut(), &actor, system, file, &options)?;
    let spec = &done.spec;
    println!(
        "imported {} {} ({}): {} entries, {} billable, from {} in {:.1} s",
        spec.system,
        sanitize(&spec.label),
        effective_range(spec.effective_from, spec.effective_to),
        done.codes,
        done.billable,
        sanitize(&spec.source),
        started.elapsed().as_secs_f64()
    );
    print!("{}", import_report(&done));
    Ok(ExitCode::SUCCESS)
}

/// What an import found besides its counts: the hierarchy and notes a
/// codes file borrowed, the changes against the version before, the
/// addenda check.
fn import_report(done: &Imported) -> String {
    let mut out = String::new();
    let list = |codes: &[&str]| -> String {
        let shown: Vec<String> = codes.iter().take(8).map(|c| sanitize(c)).collect();
        let more = if codes.len() > shown.len() {
            ", …"
        } else {
            ""
        };
        format!("{}{more}", shown.join(", "))
    };
    if let Some(d) = &done.derived {
        let r = &d.report;
        let untitled: Vec<&str> = r
            .new_headers
            .iter()
            .filter(|h| !h.derived)
            .map(|h| h.code.as_str())
            .collect();
        let from = d
            .hierarchy_from
            .as_deref()
            .map_or("no earlier release (none installed)".to_string(), sanitize);
        out.push_str(&format!(
            "codes file: hierarchy and header titles from {from}; {} ({} titled from their codes{}), {}{}, {} dropped\n",
            counted(r.new_headers.len(), "new header", "new headers"),
            r.new_headers.len() - untitled.len(),
            if untitled.is_empty() {
                String::new()
            } else {
                format!(", {} untitled: {}", untitled.len(), list(&untitled))
            },
            counted(
                r.codes_now_headers.len(),
                "code became a header",
                "codes became headers"
            ),
            if r.codes_now_headers.is_empty() {
                String::new()
            } else {
                let codes: Vec<&str> = r.codes_now_headers.iter().map(String::as_str).collect();
                format!(" ({})", list(&codes))
            },
            counted(r.headers_dropped, "header", "headers"),
        ));
        match &d.notes_from {
            Some(from) => out.push_str(&format!(
                "notes borrowed from {} for {} entries (the codes file has none): tabular edits on this version are advisory\n",
                sanitize(from),
                r.entries_with_borrowed_notes
            )),
            None if done.spec.system == CodeSystem::Icd10Cm => {
                out.push_str("no notes: no tabular release before it is installed\n")
            }
            None => {}
        }
    }
    if let Some(c) = &done.changes {
        out.push_str(&format!(
            "changes against {}: {} added, {} deleted, {} retitled{}\n",
            sanitize(&c.against),
            c.added,
            c.deleted,
            c.retitled,
            if c.accents_only > 0 {
                format!(" ({} more titles differ only in accents)", c.accents_only)
            } else {
                String::new()
            }
        ));
    }
    if let Some(a) = &done.addenda {
        let total = a.adds + a.deletes + a.revisions;
        // The file name (a zip member's own name).
        let name = sanitize(a.name.rsplit(['/', '!']).next().unwrap_or(&a.name));
        if a.check.all_reflected() {
            out.push_str(&format!(
                "addenda {name}: {} adds, {} deletes, {} revisions: all reflected in the file\n",
                a.adds, a.deletes, a.revisions
            ));
        } else {
            out.push_str(&format!(
                "addenda {name}: {} of {total} changes NOT reflected in the file:\n",
                a.check.mismatches.len()
            ));
            for m in &a.check.mismatches {
                out.push_str(&format!("  {}\n", sanitize(m)));
            }
        }
    }
    out
}

fn import_index(ctx: &Context, file: &Path, version: Option<&str>) -> Result<ExitCode> {
    let mut backend = ctx.open_backend()?;
    let actor = crate::app::context::current_actor(&*backend, ctx.options.acting_as.as_deref())?;
    let started = Instant::now();
    let done = import_index_file(backend.as_mut(), &actor, file, version)?;
    let year = done
        .fiscal_year
        .map_or(String::new(), |y| format!(" (FY{y})"));
    println!(
        "attached the {} index{year} to {} {}: {} entries, {} terms on {} codes, in {:.1} s",
        done.table.as_str().replace('_', " "),
        done.version.system,
        sanitize(&done.version.label),
        done.entries,
        done.attached.terms,
        done.attached.codes,
        started.elapsed().as_secs_f64()
    );
    if let Some(terms) = done.tree_terms {
        println!("kept the index tree: {terms} terms, for `chartq index` and the index browser");
    }
    let missing = &done.attached.unmatched;
    if !missing.is_empty() {
        let shown: Vec<String> = missing.iter().take(8).map(|c| sanitize(c)).collect();
        println!(
            "{} codes the index names are not in this version (another fiscal year?): {}{}",
            missing.len(),
            shown.join(", "),
            if missing.len() > shown.len() {
                ", …"
            } else {
                ""
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `1 header`, `2 headers`.
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn effective_range(from: NaiveDate, to: Option<NaiveDate>) -> String {
    match to {
        Some(to) => format!("{from}..{to}"),
        None => format!("{from}.."),
    }
}

fn list(ctx: &Context, json: bool) -> Result<ExitCode> {
    let store = ctx.open_backend_to_read()?;
    let versions = store.versions()?;
    let today = ctx.clock.today();
    let coverage = crate::domain::coverage::coverage(&versions, today);
    if json {
        for v in &versions {
            let covering = coverage
                .iter()
                .find(|c| c.system == v.system)
                .and_then(|c| c.covering.as_deref());
            let line = serde_json::json!({
                "covers_today": covering == Some(v.label.as_str()),
                "system": v.system,
                "label": v.label,
                "effective_from": v.effective_from,
                "effective_to": v.effective_to,
                "codes": v.code_count,
                "billable": v.billable_count,
                "source": v.source,
                "imported_at": v.imported_at,
                "notes_borrowed_from": v.notes_from,
            });
            println!("{line}");
        }
    } else {
        println!(
            "{:<11} {:<12} {:<23} {:>8} {:>8}  SOURCE",
            "SYSTEM", "VERSION", "EFFECTIVE", "CODES", "BILLABLE"
        );
        for v in &versions {
            let notes = v.notes_from.as_deref().map_or(String::new(), |from| {
                format!(" (notes borrowed from {})", sanitize(from))
            });
            println!(
                "{:<11} {:<12} {:<23} {:>8} {:>8}  {}{notes}",
                v.system.as_str(),
                sanitize(&v.label),
                effective_range(v.effective_from, v.effective_to),
                v.code_count,
                v.billable_count,
                sanitize(&v.source)
            );
        }
        // Which version today's charts are coded in, per system, and what
        // to import where none covers today.
        println!("\nToday, {today}:");
        for c in &coverage {
            match (&c.covering, c.advice()) {
                (Some(label), _) => println!("  {:<11} {}", c.system.as_str(), sanitize(label)),
                (None, Some(advice)) => {
                    println!("  {:<11} not covered; import {advice}", c.system.as_str())
                }
                (None, None) => {}
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Without `--date`, each system's newest installed version; with it, the
/// version covering that date of service (none covering it is an error,
/// not "unknown code"). Without `--system`, systems are tried in order
/// ICD-10-CM, ICD-10-PCS, HCPCS, CPT and the first that has the code wins.
fn show(
    ctx: &Context,
    code: &str,
    system: Option<CodeSystem>,
    date: Option<NaiveDate>,
    json: bool,
) -> Result<ExitCode> {
    let store = ctx.open_backend_to_read()?;
    let systems = match system {
        Some(s) => vec![s],
        None => vec![
            CodeSystem::Icd10Cm,
            CodeSystem::Icd10Pcs,
            CodeSystem::Hcpcs,
            CodeSystem::Cpt,
        ],
    };
    let installed = store.versions()?;
    let mut searched = Vec::new();
    for s in &systems {
        let version = match date {
            Some(d) => store.version_on(*s, d)?,
            None => installed.iter().find(|v| v.system == *s).cloned(),
        };
        let Some(version) = version else { continue };
        if let Some(detail) = store.code_detail(&version, code)? {
            if json {
                let mut value = serde_json::to_value(&detail)?;
                if let Some(d) = date {
                    value["valid_on_date"] = detail.valid_until.is_none_or(|u| d <= u).into();
                }
                println!("{value}");
            } else {
                print!(
                    "{}",
                    crate::domain::text::for_terminal(&render(&detail, date))
                );
            }
            return Ok(ExitCode::SUCCESS);
        }
        searched.push(format!("{} {}", version.system, sanitize(&version.label)));
    }
    if searched.is_empty() {
        let what = system.map_or("code set".to_string(), |s| s.to_string());
        match date {
            Some(d) => bail!("no installed {what} version covers {d}; see `chartq codes list`"),
            None => bail!("no {what} is installed; import one with `chartq codes import`"),
        }
    }
    eprintln!(
        "chartq: no code {} in {}",
        sanitize(code),
        searched.join(", ")
    );
    Ok(ExitCode::from(1))
}

/// The text form of a code's detail, one fact a line, fit for 80 columns.
fn render(d: &CodeDetail, date: Option<NaiveDate>) -> String {
    let mut out = String::new();
    let status = match (d.kind, d.billable) {
        (_, true) => "billable".to_string(),
        (CodeKind::Modifier, _) => "modifier".to_string(),
        (kind, false) => format!("{}, not billable", kind.as_str()),
    };
    out.push_str(&format!("{}  {}\n", d.code, sanitize(&d.title)));
    if let Some(short) = d.short_title.as_ref().filter(|s| **s != d.title) {
        out.push_str(&format!("Short title: {}\n", sanitize(short)));
    }
    out.push_str(&format!(
        "{} {} · {status}\n",
        d.system,
        sanitize(&d.version)
    ));
    if let Some(from) = &d.notes_borrowed_from {
        out.push_str(&format!(
            "Notes borrowed from {}: this version's file has none\n",
            sanitize(from)
        ));
    }
    if let Some(until) = d.valid_until {
        let note = match date {
            Some(day) if day > until => format!(" — NOT valid on {day}"),
            _ => String::new(),
        };
        out.push_str(&format!("Terminated: valid through {until}{note}\n"));
    }
    if !d.hierarchy.is_empty() {
        out.push_str("\nHierarchy:\n");
        for (depth, a) in d.hierarchy.iter().enumerate() {
            out.push_str(&format!(
                "{:indent$}{}  {}\n",
                "",
                a.code,
                sanitize(&a.title),
                indent = 2 + 2 * depth
            ));
        }
    }
    if !d.notes.is_empty() {
        match &d.notes_borrowed_from {
            Some(from) => out.push_str(&format!("\nNotes (from {}):\n", sanitize(from))),
            None => out.push_str("\nNotes:\n"),
        }
        for n in &d.notes {
            let inherited = n
                .inherited_from
                .as_ref()
                .map(|a| format!("inherited from {a}"));
            // Named per note only when the version borrows from several.
            let borrowed = n
                .borrowed_from
                .as_ref()
                .filter(|b| d.notes_borrowed_from.as_ref() != Some(*b))
                .map(|b| format!("from {}", sanitize(b)));
            let tags: Vec<String> = inherited.into_iter().chain(borrowed).collect();
            let from = if tags.is_empty() {
                String::new()
            } else {
                format!(" ({})", tags.join(", "))
            };
            out.push_str(&format!(
                "  {}{from}: {}\n",
                n.kind.heading(),
                sanitize(&n.text)
            ));
        }
    }
    if !d.index_terms.is_empty() {
        out.push_str("\nIndex entries leading here:\n");
        for term in &d.index_terms {
            out.push_str(&format!("  {}\n", sanitize(term)));
        }
    }
    if !d.seventh_characters.is_empty() {
        let from = d.seventh_characters_from.as_deref().unwrap_or("");
        let release = d
            .notes_borrowed_from
            .as_deref()
            .map_or(String::new(), |r| format!(" in {}", sanitize(r)));
        out.push_str(&format!("\n7th characters (defined at {from}{release}):\n"));
        for c in &d.seventh_characters {
            out.push_str(&format!("  {}  {}\n", c.character, sanitize(&c.meaning)));
        }
    }
    out
}
