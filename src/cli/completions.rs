//! `chartq completions SHELL` and `chartq man`: shell completion scripts
//! and the manual page, generated from the clap definitions, so they list
//! exactly the subcommands and options this binary has. Neither reads the
//! config or opens the database.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, Subcommand};
use clap_complete::Shell;
use color_eyre::eyre::{Result, WrapErr};

use super::Cli;

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the shell completion script for SHELL on stdout.
    ///
    /// bash: chartq completions bash > ~/.local/share/bash-completion/completions/chartq
    ///
    /// zsh:  chartq completions zsh > ~/.zfunc/_chartq  (with ~/.zfunc in $fpath)
    ///
    /// fish: chartq completions fish > ~/.config/fish/completions/chartq.fish
    Completions {
        /// bash, zsh, fish (also elvish, powershell).
        shell: Shell,
    },
    /// Print the manual page (roff) on stdout.
    ///
    /// chartq man > ~/.local/share/man/man1/chartq.1, then man chartq;
    /// or view it at once: chartq man | man -l -
    Man {
        /// Write chartq.1 and a page per subcommand (chartq-init.1, ...)
        /// into DIR instead.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

pub fn run(cmd: Command) -> Result<ExitCode> {
    let mut out = Vec::new();
    match cmd {
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "chartq", &mut out);
        }
        Command::Man { dir: Some(dir) } => {
            clap_mangen::generate_to(Cli::command(), &dir)
                .wrap_err_with(|| format!("writing manual pages into {}", dir.display()))?;
            println!("manual pages written to {}", dir.display());
            return Ok(ExitCode::SUCCESS);
        }
        Command::Man { dir: None } => clap_mangen::Man::new(Cli::command())
            .render(&mut out)
            .wrap_err("writing the manual page")?,
    }
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(&out)?;
    stdout.flush()?;
    Ok(ExitCode::SUCCESS)
}
