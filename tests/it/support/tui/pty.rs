//! The real `chartq` binary in a pseudo-terminal, its output parsed by a
//! vt100 emulator. Tests wait for what they expect on screen (polling the
//! parsed screen), never for fixed times.

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

struct Shared {
    bytes: Vec<u8>,
    parser: vt100::Parser,
    closed: bool,
}

pub struct Pty {
    master: Box<dyn MasterPty + Send>,
    writer: Box<dyn Write + Send>,
    pub child: Box<dyn Child + Send + Sync>,
    shared: Arc<Mutex<Shared>>,
}

/// How long any one wait may take before the test fails. Generous: a
/// passing test never waits this long, and a CI machine loaded by other
/// builds once took over 60 s to build the demo database in a debug build.
pub const PATIENCE: Duration = Duration::from_secs(180);

impl Pty {
    /// Starts `chartq ARGS` on `db` in a `cols`x`rows` terminal with a
    /// clean environment plus `env` (HOME is the database's directory).
    pub fn spawn(db: &Path, args: &[&str], env: &[(&str, &str)], size: (u16, u16)) -> Pty {
        let db_args = ["--db", db.to_str().expect("a UTF-8 test path")];
        let all: Vec<&str> = db_args.iter().chain(args).copied().collect();
        Self::spawn_in(db.parent().unwrap(), &all, env, size)
    }

    /// Starts `chartq ARGS` (no `--db` added) with HOME = `home`, in a
    /// `cols`x`rows` terminal with a clean environment plus `env`.
    pub fn spawn_in(home: &Path, args: &[&str], env: &[(&str, &str)], size: (u16, u16)) -> Pty {
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_chartq"));
        cmd.args(args);
        Self::start(cmd, home, env, size)
    }

    /// Starts `chartq ARGS` as OS user `user` (`runuser -u USER`, which
    /// needs root): a PostgreSQL team database then knows them by peer
    /// authentication. HOME = `home` (which `user` must be able to write).
    pub fn spawn_as(
        user: &str,
        home: &Path,
        args: &[&str],
        env: &[(&str, &str)],
        size: (u16, u16),
    ) -> Pty {
        let mut cmd = CommandBuilder::new("/usr/sbin/runuser");
        cmd.args(["-u", user, "--", env!("CARGO_BIN_EXE_chartq")]);
        cmd.args(args);
        Self::start(cmd, home, env, size)
    }

    /// Runs `cmd` in a `cols`x`rows` terminal with a clean environment
    /// plus `env` (HOME and TMPDIR = `home`).
    fn start(
        mut cmd: CommandBuilder,
        home: &Path,
        env: &[(&str, &str)],
        (cols, rows): (u16, u16),
    ) -> Pty {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        cmd.env_clear();
        for (k, v) in [
            ("HOME", home.to_str().unwrap()),
            ("PATH", "/usr/bin:/bin"),
            ("TERM", "xterm-256color"),
            ("CHARTQ_CONFIG", "/dev/null"),
            ("CHARTQ_TODAY", "2026-11-30"),
            ("TMPDIR", home.to_str().unwrap()),
        ] {
            cmd.env(k, v);
        }
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn chartq");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = pair.master.take_writer().unwrap();
        let shared = Arc::new(Mutex::new(Shared {
            bytes: Vec::new(),
            parser: vt100::Parser::new(nz(rows), nz(cols), 0),
            closed: false,
        }));
        let feed = shared.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            loop {
                match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => {
                        let mut s = feed.lock().unwrap();
                        s.bytes.extend_from_slice(&buf[..n]);
                        s.parser.process(&buf[..n]);
                    }
                }
            }
            feed.lock().unwrap().closed = true;
        });
        Pty {
            master: pair.master,
            writer,
            child,
            shared,
        }
    }

    pub fn send(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    pub fn screen(&self) -> String {
        self.shared.lock().unwrap().parser.screen().contents()
    }

    /// Everything the program has written so far.
    pub fn output(&self) -> Vec<u8> {
        self.shared.lock().unwrap().bytes.clone()
    }

    pub fn bytes_written(&self) -> usize {
        self.shared.lock().unwrap().bytes.len()
    }

    /// Waits until the screen satisfies `ok`; panics with the screen if it
    /// never does.
    pub fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let screen = self.screen();
            if ok(&screen) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn wait_for(&self, text: &str) {
        self.wait_until(text, |s| s.contains(text));
    }

    /// In the workspace's open search pane: types `typed`, waits for
    /// `code` to be the selected best hit, and assigns it with Enter.
    pub fn assign_best_hit(&mut self, typed: &str, code: &str) {
        self.send(typed);
        self.wait_for(&format!("● {code} "));
        self.send("\r");
        self.wait_for(&format!("assigned {code}"));
    }

    /// Leaves the (empty) search pane, finalizes the chart, confirms, and
    /// quits from the queue: how a coder ends a chart and the session.
    pub fn finalize_and_quit(&mut self) {
        self.send("\x07F");
        self.wait_for("Enter finalizes");
        self.send("\r");
        self.wait_for("is coded");
        self.send("\rq");
    }

    /// Waits until no output has arrived for `quiet` (the screen settled).
    pub fn wait_stable(&self, quiet: Duration) {
        let deadline = Instant::now() + PATIENCE;
        let mut last = self.bytes_written();
        let mut since = Instant::now();
        while Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(5));
            let now = self.bytes_written();
            if now != last {
                last = now;
                since = Instant::now();
            } else if since.elapsed() >= quiet {
                return;
            }
        }
        panic!("the screen never settled");
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        self.master
            .resize(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.shared
            .lock()
            .unwrap()
            .parser
            .screen_mut()
            .set_size(nz(rows), nz(cols));
    }

    /// Waits for the program to exit; its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader drain what was written last; on a loaded
                // CI machine the reader thread can wait seconds for a core.
                let drain = Instant::now() + PATIENCE;
                while !self.shared.lock().unwrap().closed && Instant::now() < drain {
                    std::thread::sleep(Duration::from_millis(5));
                }
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("chartq did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn pid(&self) -> i32 {
        self.child.process_id().expect("pid") as i32
    }
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap()
}

impl Drop for Pty {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
        }
    }
}

/// Whether the output leaves the terminal as it found it: after the last
/// alternate-screen entry comes its exit, after the last hidden cursor a
/// shown one.
pub fn restored(out: &[u8]) -> bool {
    let last = |pat: &[u8]| out.windows(pat.len()).rposition(|w| w == pat);
    let enter = last(b"\x1b[?1049h");
    let leave = last(b"\x1b[?1049l");
    let hide = last(b"\x1b[?25l");
    let show = last(b"\x1b[?25h");
    enter.is_some() && leave > enter && show > hide
}

/// Every ICD-10-CM code of the demo's answer keys (titles invented), as a
/// small stand-in code set: the demo's shift codes charts with them, and
/// the test assigns three of them. The database is first made as chartq
/// makes a new one, a copy of the seeded template (chartq seeds the
/// bundled versions a database lacks each time it opens it, which takes
/// seconds in a debug build); the stand-in set, labelled `e2e` and
/// imported by the "site", wins over the bundled FY2026 on its dates.
pub fn seed_demo_codes(db: &std::path::Path) {
    use chartq::app::demo::scenarios::SCENARIOS;
    use chartq::domain::codes::{Code, CodeKind, CodeSet, CodeSystem};
    use chartq::store::Store;
    use chartq::store::code_tables::{VersionSpec, insert_code_set};
    chartq::app::codesets::template::create_from_template(db);
    let mut store = Store::open(db).unwrap();
    let mut codes: Vec<&str> = SCENARIOS
        .iter()
        .flat_map(|s| s.key.iter().chain(s.draft))
        .filter(|c| c.system == CodeSystem::Icd10Cm)
        .map(|c| c.code)
        .collect();
    codes.sort();
    codes.dedup();
    let set = CodeSet {
        codes: codes
            .into_iter()
            .map(|c| Code {
                code: c.into(),
                kind: CodeKind::Code,
                billable: true,
                short_title: None,
                long_title: format!("demo code {c}"),
                parent: None,
                valid_until: None,
                notes: vec![],
            })
            .collect(),
    };
    let spec = VersionSpec {
        system: CodeSystem::Icd10Cm,
        label: "e2e".into(),
        effective_from: "2025-10-01".parse().unwrap(),
        effective_to: None,
        source: "tests/tui_pty.rs".into(),
    };
    store
        .write(|tx| insert_code_set(tx, &spec, &set).map_err(chartq::store::StoreError::from))
        .unwrap();
}
