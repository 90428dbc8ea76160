//! `chartq ask CHART --provider --question --option...` and
//! `chartq ask answer|close|list`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use color_eyre::eyre::{Result, bail};

use super::chart_arg::parse_chart;
use super::{Session, found, phi_text, print_json, print_table};
use crate::domain::chart::ChartRef;
use crate::store::provider_query::{NewProviderQuery, ProviderQuery, ProviderQueryFilter};

#[derive(Debug, clap::Args)]
#[command(args_conflicts_with_subcommands = true, subcommand_negates_reqs = true)]
pub struct Args {
    #[command(subcommand)]
    command: Option<AskCommand>,
    /// The chart you hold (its account number; '#12' is chart id 12); it
    /// goes on hold.
    #[arg(required = true, value_parser = parse_chart)]
    chart: Option<ChartRef>,
    /// The provider asked.
    #[arg(long, required = true)]
    provider: Option<String>,
    /// The question: the clinical indicators and what needs clarifying,
    /// without leading the provider. Visible to every local user through
    /// `ps` (a warning says so): prefer --question-file, or leave both out
    /// on a terminal to write it in $EDITOR.
    #[arg(long, conflicts_with = "question_file")]
    question: Option<String>,
    /// Read the question from FILE (`-`: standard input).
    #[arg(long, value_name = "FILE")]
    question_file: Option<PathBuf>,
    /// A clinically reasonable answer (repeat for more); "Other (please
    /// specify)" and "Unable to determine" are always added.
    #[arg(long = "option", value_name = "TEXT", required = true)]
    options: Vec<String>,
    /// Print the result as JSON (stable field names, for scripts).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Subcommand)]
enum AskCommand {
    /// Record the provider's response; the chart returns to its coder, flagged.
    Answer {
        /// The query's number (`chartq ask list`).
        id: i64,
        /// The provider's answer: one of the options, or the text given
        /// for "Other (please specify)". Visible to every local user
        /// through `ps` (a warning says so): prefer --response-file, or
        /// leave both out on a terminal to write it in $EDITOR.
        #[arg(long, conflicts_with = "response_file")]
        response: Option<String>,
        /// Read the response from FILE (`-`: standard input).
        #[arg(long, value_name = "FILE")]
        response_file: Option<PathBuf>,
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
    /// Close a query (answered, or withdrawn).
    Close {
        /// The query's number (`chartq ask list`).
        id: i64,
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
    /// List provider queries, newest first.
    List {
        /// Only open ones.
        #[arg(long)]
        open: bool,
        /// Only ones you asked or on charts you code.
        #[arg(long)]
        mine: bool,
        /// Only this chart's (account number, or `#ID`).
        #[arg(long, value_parser = parse_chart)]
        chart: Option<ChartRef>,
        /// Print the result as JSON (stable field names, for scripts).
        #[arg(long)]
        json: bool,
    },
}

pub(super) fn run(s: &mut Session<'_>, args: Args) -> Result<ExitCode> {
    let (query, json) = match args.command {
        Some(AskCommand::Answer {
            id,
            response,
            response_file,
            json,
        }) => {
            let response = phi_text::read("response", response, response_file.as_deref())?;
            (s.store.answer(s.actor, id, &response)?, json)
        }
        Some(AskCommand::Close { id, json }) => (s.store.close(s.actor, id)?, json),
        Some(AskCommand::List {
            open,
            mine,
            chart,
            json,
        }) => {
            let filter = ProviderQueryFilter { open, mine, chart };
            let queries = s.store.provider_queries(s.actor, &filter)?;
            if json {
                print_json(&queries)?;
                return Ok(found(!queries.is_empty()));
            }
            if queries.is_empty() {
                say!("(no provider queries)");
                return Ok(found(false));
            }
            let rows: Vec<Vec<String>> = queries
                .iter()
                .map(|q| {
                    vec![
                        format!("#{}", q.id),
                        q.account.clone(),
                        q.status.as_str().to_string(),
                        q.provider.clone(),
                        q.asked_by.clone(),
                        q.entry_note().unwrap_or_else(|| "-".into()),
                        q.question.clone(),
                    ]
                })
                .collect();
            print_table(
                &[
                    "ID", "ACCOUNT", "STATUS", "PROVIDER", "ASKED BY", "ANSWER", "QUESTION",
                ],
                &rows,
            );
            return Ok(ExitCode::SUCCESS);
        }
        None => {
            let question =
                phi_text::read("question", args.question, args.question_file.as_deref())?;
            let new = NewProviderQuery {
                provider: args.provider.unwrap_or_default(),
                question,
                options: args.options,
            };
            let Some(chart) = args.chart else {
                bail!("name a chart: its account number or '#ID'");
            };
            (s.store.ask(s.actor, &chart, &new)?, args.json)
        }
    };
    if json {
        return print_json(&query);
    }
    print_query(&query);
    Ok(ExitCode::SUCCESS)
}

fn print_query(q: &ProviderQuery) {
    say!(
        "provider query #{} on chart {} to {}: {}",
        q.id,
        q.account,
        q.provider,
        q.status.as_str()
    );
    say!("  {}", q.question);
    for (i, o) in q.options.iter().enumerate() {
        say!("  {}. {o}", i + 1);
    }
    if let Some(r) = &q.response {
        say!("  response: {r}");
        if let Some(from) = q.answer_source() {
            say!("  answered by: {from}");
        }
    }
}
