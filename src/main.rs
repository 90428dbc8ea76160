use std::process::ExitCode;

mod large_pages;

#[global_allocator]
static ALLOCATOR: large_pages::LargePages = large_pages::LargePages;

fn main() -> ExitCode {
    restore_default_sigpipe();
    let cli = chartq::cli::parse_args();
    let outcome = chartq::cli::run(cli).and_then(|outcome| match outcome {
        chartq::cli::Outcome::Done(code) => Ok(code),
        chartq::cli::Outcome::OpenTui(ctx) => chartq::tui::run(&ctx),
    });
    match outcome {
        Ok(code) => code,
        Err(err) => {
            // The chain of causes, one line, no backtrace: messages name files,
            // lines and fields, never patient data. They may quote what was
            // typed or stored, so they are cleaned like all output.
            let message = format!("{err:#}");
            // One write for the whole line: `eprintln!` writes its pieces
            // separately, and a reader that sees the process end between
            // them (a terminal multiplexer, a pty harness) shows half a line.
            let line = format!(
                "chartq: error: {}\n",
                chartq::domain::text::for_terminal(&message)
            );
            let _ = std::io::Write::write_all(&mut std::io::stderr().lock(), line.as_bytes());
            ExitCode::from(2)
        }
    }
}

/// `chartq queue list | head` must end quietly when the reader goes away,
/// like any Unix filter. Rust ignores SIGPIPE, which turns a closed pipe
/// into a panic inside `println!`; the default action ends the process
/// instead. Every write to the database is a transaction, so nothing is
/// left half-written.
fn restore_default_sigpipe() {
    // SAFETY: called first thing in `main`, before any thread exists;
    // setting a signal's disposition to SIG_DFL has no other effect.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
