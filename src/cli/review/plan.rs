//! `chartq review plan add|list|end` and `chartq review sample`.

use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Subcommand;
use color_eyre::eyre::Result;

use super::{Session, print_json};
use crate::app::Context;
use crate::domain::review::{Period, ReviewMode, SampleRule};
use crate::store::review::NewPlan;

#[derive(Debug, Subcommand)]
pub enum PlanCommand {
    /// Add a review plan (supervisors).
    Add {
        /// What to call it ("inpatient weekly").
        #[arg(long)]
        name: String,
        /// Only charts of this work queue.
        #[arg(long)]
        queue: Option<String>,
        /// Only charts this coder finalized (a login).
        #[arg(long)]
        coder: Option<String>,
        /// prebill (held from export until reviewed) or retrospective.
        #[arg(long, default_value = "prebill")]
        mode: ReviewMode,
        /// A sampling rule, repeatable: random:5%, new-coder:LOGIN:UNTIL,
        /// drg-weight:2.0, provider-query, monthly-minimum:N. Rules combine
        /// as a union.
        #[arg(long = "rule", required = true, value_parser = parse_rule)]
        rules: Vec<SampleRule>,
        /// The seed of the random picks (the same seed replays a sample).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        #[arg(long)]
        json: bool,
    },
    /// The review plans (auditors, supervisors).
    List {
        /// Ended plans too.
        #[arg(long)]
        all: bool,
        #[arg(long)]
        json: bool,
    },
    /// End a plan: no period after the day is sampled.
    End {
        /// The plan's number.
        plan: i64,
        /// The last day (default: today).
        #[arg(long, value_parser = parse_date)]
        on: Option<NaiveDate>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, clap::Args)]
pub struct SampleArgs {
    /// The closed period: 2026-W45 (ISO week), 2026-11 (month) or
    /// 2026-11-02..2026-11-08.
    #[arg(long, value_parser = parse_period)]
    period: Period,
    /// Only this plan (default: every active plan).
    #[arg(long)]
    plan: Option<i64>,
    /// Show what would be sampled; store nothing.
    #[arg(long)]
    dry_run: bool,
    #[arg(long)]
    json: bool,
}

fn parse_rule(s: &str) -> Result<SampleRule, String> {
    s.parse()
}

fn parse_period(s: &str) -> Result<Period, String> {
    s.parse()
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD ({e})"))
}

pub(super) fn run_plan(s: &mut Session, ctx: &Context, cmd: PlanCommand) -> Result<ExitCode> {
    let plans = match cmd {
        PlanCommand::Add {
            name,
            queue,
            coder,
            mode,
            rules,
            seed,
            json,
        } => {
            let new = NewPlan {
                name,
                queue,
                coder,
                mode,
                rules,
                seed,
            };
            (vec![s.store.add_review_plan(&s.actor, &new)?], json)
        }
        PlanCommand::List { all, json } => (s.store.review_plans(&s.actor, all)?, json),
        PlanCommand::End { plan, on, json } => {
            let on = on.unwrap_or_else(|| ctx.clock.today());
            (vec![s.store.end_review_plan(&s.actor, plan, on)?], json)
        }
    };
    let (plans, json) = plans;
    if json {
        return print_json(&plans);
    }
    for p in &plans {
        out!(
            "plan {}  {}  {}  scope {}  rules {}  seed {}{}",
            p.id,
            p.name,
            p.mode,
            match (&p.queue, &p.coder) {
                (Some(q), Some(c)) => format!("queue {q}, coder {c}"),
                (Some(q), None) => format!("queue {q}"),
                (None, Some(c)) => format!("coder {c}"),
                (None, None) => "every chart".into(),
            },
            p.rules.join(" "),
            p.seed,
            p.ended_on
                .map(|d| format!("  ended {d}"))
                .unwrap_or_default()
        );
    }
    Ok(ExitCode::SUCCESS)
}

pub(super) fn run_sample(s: &mut Session, ctx: &Context, a: SampleArgs) -> Result<ExitCode> {
    let zone = crate::app::reports::facility_zone(&ctx.config)?;
    let outcomes = crate::app::review::plans::sample(
        &mut *s.store,
        &s.actor,
        zone,
        ctx.clock.today_in(zone),
        a.plan,
        a.period,
        a.dry_run,
    )?;
    if a.json {
        return print_json(&outcomes);
    }
    for o in &outcomes {
        out!(
            "plan {}  period {}  finalized {}  sampled {}{}",
            o.plan,
            o.period,
            o.finalized,
            o.picks.len(),
            if o.dry_run {
                "  (dry run: nothing stored)"
            } else {
                ""
            }
        );
        for p in &o.picks {
            let rules: Vec<&str> = p.rules.iter().map(|k| k.as_str()).collect();
            out!(
                "  {}  coder {}  picked by {}",
                p.account,
                p.coder.as_deref().unwrap_or("-"),
                rules.join("+")
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
