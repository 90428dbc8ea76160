//! `chartq demo`: builds a database of synthetic charts (invented patients)
//! so a coder can try chartq, and tests and benchmarks have realistic data.

use std::fmt::Write as _;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::Subcommand;
use color_eyre::eyre::{Result, WrapErr, eyre};

use super::Context;
use crate::app::demo::{self, AnswerKey, DemoOptions, DemoSummary, FeedReader, ServiceDates, feed};

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build a database of synthetic demo charts (inpatient, outpatient
    /// surgery, ED, clinic and pro-fee visits) with invented patients, demo
    /// users, and you as admin. Deterministic for a given seed.
    Demo {
        /// How many charts.
        #[arg(long, default_value_t = demo::DEFAULT_CHARTS as u32, value_name = "N",
              value_parser = clap::value_parser!(u32).range(1..=999_999))]
        charts: u32,
        /// Seed of the generator: the same seed builds the same charts.
        #[arg(long, default_value_t = demo::DEFAULT_SEED, value_name = "S")]
        seed: u64,
        /// Print what was created as JSON.
        #[arg(long)]
        json: bool,
        /// Also write each chart's answer key (the codes its documentation
        /// supports, with role and POA, and any provider-query gap) as JSON Lines.
        #[arg(long, value_name = "FILE")]
        answer_key: Option<PathBuf>,
        /// Also write the generated chart feed (the JSON Lines that were
        /// imported) to FILE.
        #[arg(long, value_name = "FILE")]
        feed: Option<PathBuf>,
        /// Leave every chart new (by default the demo coders have already
        /// coded some, opened some and queried providers on others).
        #[arg(long)]
        all_new: bool,
        /// Simulate a year of the department instead of one shift: charts
        /// discharged across FY2026 (2025-10-01..2026-09-30), coders on
        /// weekday shifts (America/Chicago), holds, provider queries and
        /// answers, every step audited at its simulated time (for the
        /// reports and their benches; e.g. --charts 100000).
        #[arg(long, conflicts_with = "all_new")]
        year: bool,
    },
}

pub fn run(ctx: &Context, cmd: Command) -> Result<ExitCode> {
    let Command::Demo {
        charts,
        seed,
        json,
        answer_key,
        feed,
        all_new,
        year,
    } = cmd;
    // Demo data never lands in a real database: the configured one
    // (`CHARTQ_DB`, config.toml, the data dir) is never a default here.
    if ctx.options.db.is_none() {
        return Err(eyre!(
            "chartq demo needs --db PATH: demo charts go into a database of their own, never the \
             configured one (e.g. `chartq demo --db demo.db`; `chartq --demo` opens a throw-away \
             demo in the TUI)"
        ));
    }
    let opts = DemoOptions {
        charts: charts as usize,
        seed,
        shift: !all_new && !year,
        dates: if year {
            demo::year::fiscal_year()
        } else {
            ServiceDates::before(ctx.clock.today())
        },
    };
    let mut year_tally = None;
    // Output files are created first, so a bad path fails before any
    // database work.
    let answer_file = answer_key.as_deref().map(OutputFile::create).transpose()?;
    let feed_file = feed.as_deref().map(OutputFile::create).transpose()?;
    let started = Instant::now();
    let built = ctx.open_store().and_then(|mut store| {
        match build(&mut store, &opts, year, &mut year_tally) {
            Ok(summary) => Ok(summary),
            Err(err) => {
                // A database this command created is removed again, so a
                // failed demo never leaves a half-built file behind.
                if store.was_created() {
                    let path = store.path().to_path_buf();
                    drop(store);
                    remove_database(&path);
                }
                Err(err.into())
            }
        }
    });
    let summary = match built {
        Ok(summary) => summary,
        Err(err) => {
            answer_file
                .into_iter()
                .chain(feed_file)
                .for_each(OutputFile::discard);
            return Err(err);
        }
    };
    let seconds = started.elapsed().as_secs_f64();
    if let Some(file) = answer_file {
        file.fill(|out| write_answer_keys(&opts, out))?;
    }
    if let Some(file) = feed_file {
        file.fill(|out| {
            std::io::copy(
                &mut FeedReader::new(opts.seed, opts.charts, opts.dates),
                out,
            )
            .map(drop)
        })?;
    }
    let text = if json {
        let mut value = serde_json::to_value(&summary)?;
        value["seconds"] = serde_json::json!(seconds);
        if let Some(t) = &year_tally {
            value["year"] = serde_json::to_value(t)?;
        }
        serde_json::to_string_pretty(&value)? + "\n"
    } else {
        let mut text = human(&summary, seconds);
        if let Some(t) = &year_tally {
            text.push_str(&year_text(t));
        }
        text
    };
    // A reader that stops early (`| head`) is not an error: the demo is built.
    match std::io::stdout().lock().write_all(text.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(ExitCode::SUCCESS),
    }
}

/// The demo year's lines of the text summary: the year, then its review.
fn year_text(t: &demo::year::YearTally) -> String {
    format!(
        "Year FY2026 ({}): {} coders, {} steps, {} finalized, {} provider queries \
         ({} answered), {} holds, {} charts not final-coded at year end.\n\
         Review: {} weeks sampled, {} charts, {} reviewed by the auditor ({} changed); \
         chartq report accuracy shows them.\n",
        demo::year::DEMO_TIME_ZONE,
        t.coders,
        t.steps,
        t.finalized,
        t.queries,
        t.answered,
        t.holds,
        t.backlog,
        t.review.weeks,
        t.review.sampled,
        t.review.reviewed,
        t.review.changed
    )
}

/// The demo, or with `year` the demo year (its tally into `tally`).
fn build(
    store: &mut crate::store::Store,
    opts: &DemoOptions,
    year: bool,
    tally: &mut Option<demo::year::YearTally>,
) -> std::result::Result<demo::DemoSummary, demo::DemoError> {
    if !year {
        return demo::build(store, opts);
    }
    let (summary, t) = demo::year::build_year(store, opts.charts, opts.seed)?;
    *tally = Some(t);
    Ok(summary)
}

/// Removes a database file and its WAL companions (best effort).
fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let _ = std::fs::remove_file(PathBuf::from(name));
    }
}

/// One answer key a line, in account order.
fn write_answer_keys(opts: &DemoOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let order = feed::scenario_order(opts.seed);
    for index in 0..opts.charts {
        serde_json::to_writer(&mut *out, &AnswerKey::for_chart(index, &order))?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// A file the command writes, created up front; errors name it.
struct OutputFile {
    path: PathBuf,
    out: BufWriter<File>,
}

impl OutputFile {
    fn create(path: &Path) -> Result<OutputFile> {
        let out =
            File::create(path).wrap_err_with(|| format!("{}: cannot create", path.display()))?;
        Ok(OutputFile {
            path: path.to_path_buf(),
            out: BufWriter::new(out),
        })
    }

    fn fill(mut self, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
        write(&mut self.out)
            .and_then(|()| self.out.flush())
            .wrap_err_with(|| format!("{}: cannot write", self.path.display()))
    }

    /// Removes the (still empty) file of a run that failed.
    fn discard(self) {
        drop(self.out);
        let _ = std::fs::remove_file(&self.path);
    }
}

fn counts<K: std::fmt::Display>(map: &std::collections::BTreeMap<K, usize>) -> String {
    map.iter()
        .map(|(k, n)| format!("{k} {n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn human(s: &DemoSummary, seconds: f64) -> String {
    let t = &s.tally;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "Demo database: {} (seed {})",
        s.database.display(),
        s.seed
    );
    let dates = match (t.first_date_of_service, t.last_date_of_service) {
        (Some(a), Some(b)) => format!(", dates of service {a} .. {b}"),
        _ => String::new(),
    };
    let _ = writeln!(out, "{} charts, {} documents{dates}", t.charts, t.documents);
    let _ = writeln!(out, "  by type:     {}", counts(&t.by_encounter_type));
    let _ = writeln!(out, "  by queue:    {}", counts(&t.by_queue));
    let _ = writeln!(out, "  by priority: {}", counts(&t.by_priority));
    let _ = writeln!(
        out,
        "  {} chart(s) with a documentation gap worth a provider query",
        t.with_documentation_gap
    );
    let w = &s.shift;
    let _ = writeln!(
        out,
        "Shift under way: {} coded ({} audited), {} open, {} on hold for a provider query, {} answered (flagged)",
        w.coded, w.audited, w.in_progress, w.on_hold, w.answered
    );
    if w.left_new_without_code_set > 0 {
        let _ = writeln!(
            out,
            "  ({} chart(s) left new: no ICD-10-CM code set covers their date of service)",
            w.left_new_without_code_set
        );
    }
    let _ = writeln!(out, "Users:");
    for u in &s.users {
        let _ = writeln!(
            out,
            "  {:<12} {:<10} {:<16} {}",
            u.login,
            u.role.to_string(),
            u.name.as_deref().unwrap_or("(you)"),
            u.queues.join(", ")
        );
    }
    let key = &s.first_claim;
    let codes: Vec<&str> = key.codes.iter().map(|c| c.code).collect();
    let _ = writeln!(
        out,
        "First chart to claim: {} ({}); its documentation supports {}",
        key.account,
        key.title,
        codes.join(", ")
    );
    let _ = writeln!(out, "Built in {seconds:.2} s.");
    let db = s.database.display();
    let _ = writeln!(
        out,
        "Next: chartq --db {db} queue claim   (or open it: chartq --db {db})"
    );
    out
}
