//! The README's examples, run and checked, so a newcomer who pastes them
//! gets what the README promises.
//!
//! - Every ```` ```sh,runnable ```` block runs with `bash -euo pipefail`,
//!   **in README order, in one scratch directory with one scratch
//!   database**: a later block may use the files, users and charts an
//!   earlier one made. The scratch `HOME` has its own `XDG_*` directories;
//!   `CHARTQ_DB` is a scratch database, `CHARTQ_TODAY=2026-11-30` (never the
//!   real date), `NO_COLOR=1`, stdin is `/dev/null`, and the `chartq` under
//!   test comes first on `PATH`. A block that needs an input file writes it
//!   itself (heredoc). A block must not open the TUI (a bare `chartq`).
//! - Every `chartq` line of every ```` ```sh ```` block (runnable or not)
//!   parses: `chartq ARGS --help` exits 0, so subcommands and option names
//!   are real. A line with placeholders (`FILE`, `[--json]`) is checked by
//!   its leading subcommand words, and its `--options` must appear in their
//!   help.
//! - Every ```` ```jsonl ```` block is one JSON object a line and imports
//!   with `chartq charts import`; every ```` ```toml ```` block loads as a
//!   `config.toml`; the Getting-started key table agrees with the default
//!   keymap; the module table names files that exist and covers `src/`.

use std::io::{Read, Write};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chartq::tui::action::Action;
use chartq::tui::keymap::{KeyChord, Keymap};

const README: &str = include_str!("../../README.md");

/// The date the runnable blocks take as today.
const TODAY: &str = "2026-11-30";

/// A block that runs longer than this is killed (it probably waits for a
/// terminal). The whole set took 58 s in a release build on a busy 2-core
/// machine, and `chartq demo` alone (it seeds the bundled ICD-10-CM
/// and codes a shift through unoptimised SQLite) passed 60 s in a CI run
/// that shared the machine with three release builds; a block that waits
/// for a terminal waits forever, so a generous bound costs nothing when all
/// is well.
const BLOCK_TIMEOUT: Duration = Duration::from_secs(300);

/// Words that stand for a value the reader supplies.
const PLACEHOLDERS: &[&str] = &[
    "FILE", "CHART", "CODE", "SYSTEM", "LABEL", "USER", "LOGIN", "ROLE", "QUEUE", "QUERY", "ID",
    "TEXT", "REASON", "PATH", "NAME", "POSITION", "FROM", "TO", "N", "S", "Q", "MIN", "WORDS",
    "COMMAND", "ARGS", "SHELL",
];

// ---------------------------------------------------------------------------
// Fenced blocks

#[derive(Debug)]
struct Block {
    /// 1-based README line of the opening fence.
    fence_line: usize,
    info: String,
    /// The lines between the fences.
    body: String,
}

impl Block {
    /// README line of the body's `i`-th line (0-based).
    fn line_of(&self, i: usize) -> usize {
        self.fence_line + 1 + i
    }

    fn is_shell(&self) -> bool {
        self.info == "sh" || self.info == "sh,runnable"
    }
}

fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut open: Option<(Block, usize)> = None;
    for (i, line) in text.lines().enumerate() {
        let ticks = line.chars().take_while(|c| *c == '`').count();
        match &mut open {
            None if ticks >= 3 => {
                let block = Block {
                    fence_line: i + 1,
                    info: line[ticks..].trim().to_string(),
                    body: String::new(),
                };
                open = Some((block, ticks));
            }
            None => {}
            Some((_, fence)) if ticks >= *fence && line[ticks..].trim().is_empty() => {
                out.push(open.take().unwrap().0);
            }
            Some((block, _)) => {
                block.body.push_str(line);
                block.body.push('\n');
            }
        }
    }
    if let Some((block, _)) = open {
        panic!("README.md:{}: code block is never closed", block.fence_line);
    }
    out
}

fn readme_blocks() -> Vec<Block> {
    let all = blocks(README);
    for b in &all {
        assert!(
            !b.info.contains("runnable") || b.info == "sh,runnable",
            "README.md:{}: info string {:?}: a runnable block is fenced exactly ```sh,runnable",
            b.fence_line,
            b.info
        );
    }
    all
}

// ---------------------------------------------------------------------------
// A small shell reader: enough of sh to find the `chartq` commands in a block

/// One simple command: its words (quotes removed) and the README line it
/// starts on.
#[derive(Debug)]
struct ShellCommand {
    line: usize,
    words: Vec<String>,
}

/// The simple commands of a block: continuation lines joined, comments,
/// heredoc bodies and redirections dropped, split at `|`, `;`, `&&`, `||`.
fn shell_commands(block: &Block) -> Vec<ShellCommand> {
    let lines: Vec<&str> = block.body.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let start = i;
        let mut logical = String::new();
        loop {
            let line = lines[i];
            i += 1;
            match line.strip_suffix('\\') {
                Some(head) if i < lines.len() => {
                    logical.push_str(head);
                    logical.push(' ');
                }
                _ => {
                    logical.push_str(line);
                    break;
                }
            }
        }
        let (commands, heredoc) = split_line(&logical);
        for words in commands {
            out.push(ShellCommand {
                line: block.line_of(start),
                words,
            });
        }
        if let Some(end) = heredoc {
            while i < lines.len() && lines[i].trim() != end {
                i += 1;
            }
            i += 1;
        }
    }
    out
}

/// Splits one logical line into simple commands; also returns the heredoc
/// terminator if the line starts one.
fn split_line(line: &str) -> (Vec<Vec<String>>, Option<String>) {
    let mut s = Splitter::default();
    let chars: Vec<char> = line.chars().collect();
    let mut k = 0;
    while k < chars.len() {
        let c = chars[k];
        match c {
            '\'' => {
                s.in_word = true;
                k += 1;
                while k < chars.len() && chars[k] != '\'' {
                    s.word.push(chars[k]);
                    k += 1;
                }
            }
            '"' => {
                s.in_word = true;
                k += 1;
                while k < chars.len() && chars[k] != '"' {
                    if chars[k] == '\\' && k + 1 < chars.len() {
                        k += 1;
                    }
                    s.word.push(chars[k]);
                    k += 1;
                }
            }
            '\\' if k + 1 < chars.len() => {
                s.in_word = true;
                s.word.push(chars[k + 1]);
                k += 1;
            }
            '#' if !s.in_word => break,
            ' ' | '\t' => s.end_word(),
            '|' | ';' | '&' => s.end_command(),
            '<' | '>' => {
                // `2>` and the like: the digits belong to the redirection.
                if s.in_word && s.word.chars().all(|d| d.is_ascii_digit()) {
                    s.word.clear();
                    s.in_word = false;
                }
                s.end_word();
                if c == '<' && chars.get(k + 1) == Some(&'<') {
                    s.heredoc_next = true;
                    k += 1;
                    if chars.get(k + 1) == Some(&'-') {
                        k += 1;
                    }
                } else {
                    s.skip_next = true;
                    while chars.get(k + 1).is_some_and(|n| *n == '>' || *n == '&') {
                        k += 1;
                    }
                }
            }
            _ => {
                s.in_word = true;
                s.word.push(c);
            }
        }
        k += 1;
    }
    s.end_command();
    (s.commands, s.heredoc)
}

#[derive(Default)]
struct Splitter {
    commands: Vec<Vec<String>>,
    words: Vec<String>,
    word: String,
    in_word: bool,
    /// The next word is a redirection's target.
    skip_next: bool,
    /// The next word is a heredoc's terminator.
    heredoc_next: bool,
    heredoc: Option<String>,
}

impl Splitter {
    fn end_word(&mut self) {
        if !self.in_word {
            return;
        }
        self.in_word = false;
        let word = std::mem::take(&mut self.word);
        if self.heredoc_next {
            self.heredoc_next = false;
            self.heredoc = Some(word);
        } else if self.skip_next {
            self.skip_next = false;
        } else {
            self.words.push(word);
        }
    }

    fn end_command(&mut self) {
        self.end_word();
        if !self.words.is_empty() {
            self.commands.push(std::mem::take(&mut self.words));
        }
    }
}

/// The arguments of a `chartq` command (after any `NAME=value` prefixes),
/// or `None` if the command runs something else.
fn chartq_args(cmd: &ShellCommand) -> Option<&[String]> {
    let first = cmd
        .words
        .iter()
        .position(|w| !is_assignment(w))
        .unwrap_or(cmd.words.len());
    match cmd.words.get(first) {
        Some(w) if w == "chartq" => Some(&cmd.words[first + 1..]),
        _ => None,
    }
}

fn is_assignment(word: &str) -> bool {
    match word.split_once('=') {
        Some((name, _)) => {
            !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        }
        None => false,
    }
}

/// Global options that take a value, and flags, before a subcommand.
const GLOBAL_WITH_VALUE: &[&str] = &["--db", "--as", "--theme"];

/// The words naming the subcommand (`["queue", "claim"]`), leaving out the
/// global options; stops at the first option, placeholder or other word.
fn leading_words(args: &[String]) -> Vec<&str> {
    let mut out = Vec::new();
    let mut k = 0;
    while k < args.len() {
        let a = args[k].as_str();
        if out.is_empty() && GLOBAL_WITH_VALUE.contains(&a) {
            k += 2;
            continue;
        }
        if out.is_empty() && (a == "--demo" || a.starts_with("--db=")) {
            k += 1;
            continue;
        }
        if is_placeholder(a) || !a.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
            break;
        }
        if a.starts_with('-') {
            break;
        }
        out.push(a);
        k += 1;
    }
    out
}

fn is_placeholder(word: &str) -> bool {
    word.contains(['[', ']', '…'])
        || word.contains("...")
        || word.contains("YYYY")
        || word
            .split(['=', '|', ','])
            .any(|part| PLACEHOLDERS.contains(&part))
}

/// True if the arguments run the TUI: no subcommand, no `--help`/`--version`.
fn opens_tui(args: &[String]) -> bool {
    let mut k = 0;
    while k < args.len() {
        let a = args[k].as_str();
        if GLOBAL_WITH_VALUE.contains(&a) {
            k += 2;
        } else if a.starts_with("--db=") || a.starts_with("--as=") || a.starts_with("--theme=") {
            k += 1;
        } else if matches!(a, "-h" | "--help" | "-V" | "--version") {
            return false;
        } else if a.starts_with('-') {
            k += 1; // --demo, --keep: flags of the TUI itself
        } else {
            return false; // a subcommand
        }
    }
    true
}

// ---------------------------------------------------------------------------
// Running chartq and bash in a scratch environment

fn chartq_bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_chartq"))
}

/// A scratch `HOME` with XDG directories, a working directory and a
/// database path, all removed at the end.
struct Scratch {
    _dir: tempfile::TempDir,
    home: PathBuf,
    work: PathBuf,
    db: PathBuf,
    scripts: PathBuf,
}

impl Scratch {
    fn new() -> Scratch {
        let dir = tempfile::tempdir().expect("scratch dir");
        let root = dir.path().to_path_buf();
        let home = root.join("home");
        for sub in [".config", ".local/share", ".local/state", ".cache", "tmp"] {
            std::fs::create_dir_all(home.join(sub)).unwrap();
        }
        let work = root.join("work");
        let scripts = root.join("blocks");
        let data = root.join("data");
        for d in [&work, &scripts, &data] {
            std::fs::create_dir_all(d).unwrap();
        }
        Scratch {
            _dir: dir,
            db: data.join("chartq.db"),
            home,
            work,
            scripts,
        }
    }

    /// A command with a clean environment: only what the blocks may see.
    fn command(&self, program: &Path) -> Command {
        let bin_dir = chartq_bin().parent().unwrap().to_path_buf();
        let mut path = std::ffi::OsString::from(bin_dir);
        if let Some(outer) = std::env::var_os("PATH") {
            path.push(":");
            path.push(outer);
        }
        let mut cmd = Command::new(program);
        cmd.env_clear()
            .env("PATH", path)
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_STATE_HOME", self.home.join(".local/state"))
            .env("XDG_CACHE_HOME", self.home.join(".cache"))
            .env("TMPDIR", self.home.join("tmp"))
            .env("CHARTQ_DB", &self.db)
            .env("CHARTQ_TODAY", TODAY)
            .env("NO_COLOR", "1")
            .env("TERM", "dumb")
            .current_dir(&self.work)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0);
        cmd
    }
}

struct Outcome {
    status: Option<i32>,
    timed_out: bool,
    stdout: String,
    stderr: String,
    elapsed: Duration,
}

/// Runs `cmd` to the end or the timeout (then kills its process group),
/// with `input` on stdin if given.
fn run(mut cmd: Command, input: Option<&str>) -> Outcome {
    let started = Instant::now();
    if input.is_some() {
        cmd.stdin(Stdio::piped());
    }
    let mut child = cmd.spawn().expect("spawn");
    if let Some(text) = input {
        let mut stdin = child.stdin.take().unwrap();
        let text = text.to_string();
        std::thread::spawn(move || {
            let _ = stdin.write_all(text.as_bytes());
        });
    }
    let out = reader(&mut child, true);
    let err = reader(&mut child, false);
    let mut timed_out = false;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if started.elapsed() > BLOCK_TIMEOUT {
            timed_out = true;
            // SAFETY: kill(2) on the process group this test created.
            unsafe {
                libc::kill(-(child.id() as i32), libc::SIGKILL);
            }
            break child.wait().expect("wait");
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Outcome {
        status: status.code(),
        timed_out,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
        elapsed: started.elapsed(),
    }
}

fn reader(child: &mut Child, stdout: bool) -> std::thread::JoinHandle<String> {
    let mut pipe: Box<dyn Read + Send> = if stdout {
        Box::new(child.stdout.take().unwrap())
    } else {
        Box::new(child.stderr.take().unwrap())
    };
    std::thread::spawn(move || {
        let mut buf = Vec::new();
        let _ = pipe.read_to_end(&mut buf);
        String::from_utf8_lossy(&buf).into_owned()
    })
}

fn tail(text: &str, lines: usize) -> String {
    let all: Vec<&str> = text.lines().collect();
    let skip = all.len().saturating_sub(lines);
    let mut out = String::new();
    if skip > 0 {
        out.push_str(&format!("[{skip} earlier lines]\n"));
    }
    for l in &all[skip..] {
        out.push_str(l);
        out.push('\n');
    }
    out
}

// ---------------------------------------------------------------------------
// The tests

#[test]
fn runnable_blocks_run_in_order() {
    let blocks: Vec<Block> = readme_blocks()
        .into_iter()
        .filter(|b| b.info == "sh,runnable")
        .collect();
    assert!(
        !blocks.is_empty(),
        "README.md has no ```sh,runnable block: mark the examples a newcomer can paste"
    );
    for b in &blocks {
        let has_command = b.body.lines().any(|l| {
            let l = l.trim();
            !l.is_empty() && !l.starts_with('#')
        });
        assert!(
            has_command,
            "README.md:{}: the ```sh,runnable block is empty",
            b.fence_line
        );
        for cmd in shell_commands(b) {
            if let Some(args) = chartq_args(&cmd) {
                assert!(
                    !opens_tui(args),
                    "README.md:{}: `chartq {}` would open the TUI; a runnable block must not",
                    cmd.line,
                    args.join(" ")
                );
            }
        }
    }

    let scratch = Scratch::new();
    let mut total = Duration::ZERO;
    for b in &blocks {
        // An ERR trap names the README line of the command that failed.
        let offset = b.fence_line as i64 - 1;
        let script = format!(
            "trap 's=$?; echo \"README.md:$((LINENO + {offset})): exit status $s: $BASH_COMMAND\" >&2' ERR\n{}",
            b.body
        );
        let file = scratch
            .scripts
            .join(format!("readme-line-{}.sh", b.fence_line));
        std::fs::write(&file, script).unwrap();
        let mut cmd = scratch.command(Path::new("bash"));
        cmd.args(["-euo", "pipefail"]).arg(&file);
        let out = run(cmd, None);
        total += out.elapsed;
        if out.status != Some(0) || out.timed_out {
            let numbered: String = b
                .body
                .lines()
                .enumerate()
                .map(|(i, l)| format!("{:>4} | {l}\n", b.line_of(i)))
                .collect();
            let why = if out.timed_out {
                format!("was killed after {} s", BLOCK_TIMEOUT.as_secs())
            } else {
                match out.status {
                    Some(code) => format!("failed (exit status {code})"),
                    None => "was killed by a signal".to_string(),
                }
            };
            panic!(
                "README.md:{}: the ```sh,runnable block starting here {why} after {:.1} s\n\
                 (blocks run in order in one scratch dir and database; earlier blocks passed)\n\
                 --- block ---\n{numbered}--- stderr ---\n{}--- stdout ---\n{}",
                b.fence_line,
                out.elapsed.as_secs_f64(),
                out.stderr,
                tail(&out.stdout, 40),
            );
        }
        eprintln!(
            "README.md:{}: ok in {:.1} s",
            b.fence_line,
            out.elapsed.as_secs_f64()
        );
    }
    eprintln!(
        "{} runnable blocks in {:.1} s",
        blocks.len(),
        total.as_secs_f64()
    );
}

#[test]
fn every_chartq_line_of_every_sh_block_parses() {
    let scratch = Scratch::new();
    let bin = chartq_bin();
    let mut checked = 0;
    let mut failures: Vec<String> = Vec::new();
    for b in readme_blocks().iter().filter(|b| b.is_shell()) {
        for cmd in shell_commands(b) {
            let Some(args) = chartq_args(&cmd) else {
                continue;
            };
            let shown = format!("chartq {}", args.join(" "));
            let placeholders = args.iter().any(|a| is_placeholder(a));
            let probe: Vec<&str> = if placeholders {
                leading_words(args)
            } else {
                args.iter().map(String::as_str).collect()
            };
            let mut c = scratch.command(&bin);
            c.args(&probe).arg("--help");
            let out = run(c, None);
            checked += 1;
            if out.status != Some(0) {
                failures.push(format!(
                    "README.md:{}: `{shown}`: `chartq {} --help` fails:\n{}",
                    cmd.line,
                    probe.join(" "),
                    out.stderr.trim_end()
                ));
                continue;
            }
            if placeholders {
                // The options a synopsis line names must exist.
                for opt in args.iter().filter_map(|a| option_name(a)) {
                    let listed = out.stdout.split(|c: char| c.is_whitespace() || c == ',');
                    if !listed.clone().any(|w| w == opt) {
                        failures.push(format!(
                            "README.md:{}: `{shown}`: `chartq {} --help` has no option {opt}",
                            cmd.line,
                            probe.join(" ")
                        ));
                    }
                }
            }
        }
    }
    assert!(
        checked > 0,
        "no `chartq` line found in the README's sh blocks"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// `--queue` of `[--queue`, `--format=csv` or `--queue`; `None` otherwise.
fn option_name(word: &str) -> Option<&str> {
    let w = word.trim_start_matches('[');
    let w = w.split(['=', ']', '|']).next()?;
    (w.starts_with("--") && w.len() > 2).then_some(w)
}

#[test]
fn jsonl_examples_are_one_chart_a_line_and_import() {
    let blocks: Vec<Block> = readme_blocks()
        .into_iter()
        .filter(|b| b.info == "jsonl")
        .collect();
    assert!(!blocks.is_empty(), "README.md shows no ```jsonl chart feed");
    let scratch = Scratch::new();
    // Once `chartq init` exists (issue 9), work commands need a first
    // admin; on a build without it this fails harmlessly.
    let mut init = scratch.command(&chartq_bin());
    init.arg("init");
    let _ = run(init, None);
    for b in &blocks {
        for (i, line) in b.body.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let value: serde_json::Value = serde_json::from_str(line).unwrap_or_else(|e| {
                panic!(
                    "README.md:{}: not one JSON record on one line: {e}",
                    b.line_of(i)
                )
            });
            assert!(
                value.is_object(),
                "README.md:{}: a record is a JSON object",
                b.line_of(i)
            );
        }
        let mut cmd = scratch.command(&chartq_bin());
        cmd.args(["charts", "import", "--format", "jsonl", "-"]);
        let out = run(cmd, Some(&b.body));
        assert_eq!(
            out.status,
            Some(0),
            "README.md:{}: the chart feed example does not import:\n{}",
            b.fence_line,
            out.stderr
        );
    }
}

#[test]
fn toml_examples_load_as_config() {
    let blocks: Vec<Block> = readme_blocks()
        .into_iter()
        .filter(|b| b.info == "toml")
        .collect();
    assert!(!blocks.is_empty(), "README.md shows no config.toml example");
    let dir = tempfile::tempdir().unwrap();
    for b in &blocks {
        let path = dir.path().join(format!("line-{}.toml", b.fence_line));
        std::fs::write(&path, &b.body).unwrap();
        let config = chartq::app::config::Config::load_from(&path)
            .unwrap_or_else(|e| panic!("README.md:{}: {e}", b.fence_line));
        if let Err(e) = chartq::tui::settings::Settings::from_table(&config.tui) {
            panic!("README.md:{}: [tui]: {e}", b.fence_line);
        }
    }
}

/// The rows of the first table whose header row starts with `header`:
/// each row's cells, with the README line.
fn table(header: &str) -> Vec<(usize, Vec<String>)> {
    let lines: Vec<&str> = README.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.starts_with(header))
        .unwrap_or_else(|| panic!("README.md has no table headed {header:?}"));
    lines[start + 2..]
        .iter()
        .enumerate()
        .take_while(|(_, l)| l.starts_with('|'))
        .map(|(i, l)| {
            let cells = split_cells(l);
            (start + 3 + i, cells)
        })
        .collect()
}

/// A table row's cells; a `|` inside backticks is text.
fn split_cells(row: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut code = false;
    for c in row.trim().trim_start_matches('|').chars() {
        match c {
            '`' => {
                code = !code;
                cell.push(c);
            }
            '|' if !code => cells.push(std::mem::take(&mut cell).trim().to_string()),
            _ => cell.push(c),
        }
    }
    cells
}

/// The `code spans` of a table cell.
fn code_spans(cell: &str) -> Vec<&str> {
    cell.split('`').skip(1).step_by(2).collect()
}

#[test]
fn getting_started_keys_are_the_default_keymap() {
    let map = Keymap::default();
    let rows = table("| key | action | what it does |");
    assert!(!rows.is_empty());
    for (line, cells) in rows {
        let name = code_spans(&cells[1]);
        assert_eq!(name.len(), 1, "README.md:{line}: one action per row");
        let action = Action::from_name(name[0])
            .unwrap_or_else(|| panic!("README.md:{line}: no action named {:?}", name[0]));
        let bound = map.keys_for(action);
        let keys = code_spans(&cells[0]);
        assert!(!keys.is_empty(), "README.md:{line}: no key");
        for key in keys {
            let chord = KeyChord::parse(key)
                .unwrap_or_else(|e| panic!("README.md:{line}: key {key:?}: {e}"));
            let names: Vec<String> = bound.iter().map(|k| k.to_string()).collect();
            assert!(
                bound.contains(&chord),
                "README.md:{line}: {key} is not bound to `{}` by default (its keys: {})",
                action.name(),
                names.join(", ")
            );
        }
    }
}

#[test]
fn module_table_matches_src() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let rows = table("| module | job |");
    let mut named = Vec::new();
    for (line, cells) in &rows {
        let path = code_spans(&cells[0]);
        assert_eq!(path.len(), 1, "README.md:{line}: one path per row");
        let path = path[0];
        let full = root.join(path);
        assert!(full.exists(), "README.md:{line}: {path} does not exist");
        named.push(path.trim_end_matches('/').to_string());
        if full.is_dir() {
            let files = files_under(&full);
            for file in code_spans(&cells[1])
                .into_iter()
                .filter(|s| s.ends_with(".rs") && !s.contains(['{', '*', ' ']))
            {
                assert!(
                    files
                        .iter()
                        .any(|f| f == file || f.ends_with(&format!("/{file}"))),
                    "README.md:{line}: the {path} row names {file}, which is not under {path}"
                );
            }
        }
    }
    for entry in std::fs::read_dir(root.join("src")).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        let path = format!("src/{name}");
        assert!(
            named.contains(&path),
            "{path} has no row in the README's module table"
        );
    }
}

/// Paths of the files under `dir`, relative to it, with `/`.
fn files_under(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap();
                out.push(rel.to_string_lossy().replace('\\', "/"));
            }
        }
    }
    out
}

#[test]
fn the_shell_reader_reads_what_the_readme_writes() {
    let block = Block {
        fence_line: 10,
        info: "sh".into(),
        body: "chartq ask C --provider \"Dr. Q\" \\\n  --option 'a b'   # comment\n\
               cat > f <<'EOF'\nchartq not-a-command\nEOF\n\
               CHARTQ_TODAY=2026-01-01 chartq search x 2>/dev/null | head -1 && chartq codes list\n"
            .into(),
    };
    let cmds = shell_commands(&block);
    let words: Vec<Vec<&str>> = cmds
        .iter()
        .map(|c| c.words.iter().map(String::as_str).collect())
        .collect();
    assert_eq!(
        words,
        vec![
            vec![
                "chartq",
                "ask",
                "C",
                "--provider",
                "Dr. Q",
                "--option",
                "a b"
            ],
            vec!["cat"],
            vec!["CHARTQ_TODAY=2026-01-01", "chartq", "search", "x"],
            vec!["head", "-1"],
            vec!["chartq", "codes", "list"],
        ]
    );
    assert_eq!(cmds[0].line, 11);
    assert_eq!(cmds[2].line, 16);
    assert_eq!(chartq_args(&cmds[2]).unwrap(), ["search", "x"]);
    let args = |s: &str| -> Vec<String> { s.split(' ').map(String::from).collect() };
    assert!(opens_tui(&args("--db demo.db")));
    assert!(opens_tui(&[]));
    assert!(!opens_tui(&args("--db demo.db queue list")));
    assert!(!opens_tui(&args("--demo --help")));
    assert!(opens_tui(&args("--demo --keep")));
    assert_eq!(
        leading_words(&args("--db x.db codes import SYSTEM FILE [--json]")),
        ["codes", "import"]
    );
    assert!(is_placeholder("[--queue") && is_placeholder("FILE"));
    assert!(!is_placeholder("ACC-2026-000123") && !is_placeholder("Y"));
    assert_eq!(option_name("[--queue"), Some("--queue"));
    assert_eq!(option_name("--format=csv"), Some("--format"));
}

/// GitHub's anchor for a heading: lower case, punctuation dropped, spaces
/// to hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The anchors of a Markdown file's headings (outside code blocks).
fn anchors(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut in_code = false;
    for line in text.lines() {
        if line.starts_with("```") {
            in_code = !in_code;
        } else if !in_code && line.starts_with('#') {
            out.push(slug(line.trim_start_matches('#')));
        }
    }
    out
}

#[test]
fn links_between_the_readme_and_docs_resolve() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let files = ["README.md", "docs/ARCHITECTURE.md", "docs/MEASUREMENTS.md"];
    for file in files {
        let path = root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let dir = path.parent().unwrap();
        for (i, line) in text.lines().enumerate() {
            for target in line.split("](").skip(1).filter_map(|t| t.split(')').next()) {
                if target.starts_with("http") {
                    continue;
                }
                let (file_part, anchor) = target.split_once('#').unwrap_or((target, ""));
                let linked = if file_part.is_empty() {
                    path.clone()
                } else {
                    dir.join(file_part)
                };
                assert!(
                    linked.exists(),
                    "{file}:{}: link to {target}: no such file",
                    i + 1
                );
                if !anchor.is_empty() {
                    let linked_text = std::fs::read_to_string(&linked).unwrap();
                    assert!(
                        anchors(&linked_text).iter().any(|a| a == anchor),
                        "{file}:{}: link to {target}: no such heading",
                        i + 1
                    );
                }
            }
        }
    }
}
