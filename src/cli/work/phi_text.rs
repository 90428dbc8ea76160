//! Clinical free text for `ask` (`--question`), `ask answer`
//! (`--response`) and `hold` (`--reason`) without putting it on the
//! command line, where every local user can read it (`ps`,
//! `/proc/PID/cmdline`). In order of preference:
//!
//! - `--question-file FILE` (or `-` for standard input);
//! - nothing, on a terminal: `$VISUAL`/`$EDITOR` opens an empty file;
//! - `--question TEXT`: still accepted for scripts, with a warning.
//!
//! With none of them and no terminal, the command fails at once: it never
//! waits for input nobody will type.

use std::io::{IsTerminal, Read};
use std::path::Path;

use color_eyre::eyre::{Result, bail, eyre};

/// The longest text read from a file or standard input.
const MAX_TEXT_BYTES: u64 = 1 << 20;

/// The text for `--{flag}`: from `argv` (warned about), from `file`
/// (`-` is standard input) or from the editor on a terminal.
pub(super) fn read(flag: &str, argv: Option<String>, file: Option<&Path>) -> Result<String> {
    if let Some(text) = argv {
        say_err!(
            "chartq: warning: --{flag} on the command line is visible to other users of this \
             machine (ps); use --{flag}-file FILE, --{flag}-file - (standard input) or, on a \
             terminal, leave it out to write it in $EDITOR"
        );
        return Ok(text);
    }
    if let Some(path) = file {
        return Ok(from_file(flag, path)?.trim_end().to_string());
    }
    if !std::io::stdin().is_terminal() {
        bail!(
            "--{flag} is missing: give --{flag}-file FILE or --{flag}-file - (standard input); \
             without a terminal there is no editor to ask"
        );
    }
    let text = crate::app::editor::edit("").map_err(|why| eyre!("--{flag}: {why}"))?;
    Ok(text.trim_end().to_string())
}

fn from_file(flag: &str, path: &Path) -> Result<String> {
    let (name, mut reader): (String, Box<dyn Read>) = if path == Path::new("-") {
        ("<stdin>".into(), Box::new(std::io::stdin().lock()))
    } else {
        let name = crate::domain::text::sanitize(&path.display().to_string());
        let file = std::fs::File::open(path).map_err(|e| eyre!("--{flag}-file {name}: {e}"))?;
        (name, Box::new(file))
    };
    let mut bytes = Vec::new();
    (&mut reader)
        .take(MAX_TEXT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| eyre!("--{flag}-file {name}: {e}"))?;
    if bytes.len() as u64 > MAX_TEXT_BYTES {
        bail!(
            "--{flag}-file {name}: longer than {} MiB",
            MAX_TEXT_BYTES >> 20
        );
    }
    String::from_utf8(bytes).map_err(|_| eyre!("--{flag}-file {name}: not UTF-8 text"))
}
