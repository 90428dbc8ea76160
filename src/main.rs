use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = chartq::cli::Cli::parse();
    match chartq::cli::run(cli) {
        Ok(code) => code,
        Err(err) => {
            // The chain of causes, one line, no backtrace: messages name files,
            // lines and fields, never patient data.
            eprintln!("chartq: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
