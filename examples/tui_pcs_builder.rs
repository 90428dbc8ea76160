//! Benchmark helper for `bench/tui_pcs_builder.sh`: keystroke to frame in
//! the TUI's ICD-10-PCS table builder, and the memory the tables add.
//!
//! On DB (a demo database), opens the first new inpatient chart in the
//! real `App` over the real `StoreWorkbench`, opens the builder (Ctrl-X)
//! and, for a sample of the version's valid codes, types each code's seven
//! characters, moves the highlight three times on every axis, then steps
//! back seven times; every key is timed from `App::update` to the frame
//! drawn (ratatui `TestBackend`, WxH). Prints the median, p99 and max, and
//! what is paid once per process: the bundled tables parsed and the
//! version's valid codes read, with the resident memory each adds
//! (`VmRSS` before and after, Linux).
//!
//! Usage: tui_pcs_builder DB [SAMPLE_EVERY] [WxH]

mod support;
use support::percentile;

use std::time::{Duration, Instant};

use chartq::domain::chart::Status;
use chartq::store::{Store, people};
use chartq::tui::app::{App, AppOptions, Msg, Overlay};
use chartq::tui::keymap::Keymap;
use chartq::tui::store_bridge::StoreWorkbench;
use chartq::tui::theme::{ColorDepth, Theme};
use chartq::tui::{key_script, views};
use color_eyre::eyre::{Result, bail, eyre};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

/// Resident memory in kB (0 where /proc is missing).
fn rss_kb() -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// CPU time of this thread: the work a key costs, without the time the
/// scheduler gave other processes (a shared machine).
fn thread_cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid timespec the call writes into.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let Some(db) = args.next() else {
        bail!("usage: tui_pcs_builder DB [SAMPLE_EVERY] [WxH]");
    };
    let every: usize = args.next().map_or(Ok(97), |r| r.parse())?;
    let size = args.next().unwrap_or_else(|| "80x24".into());
    let (w, h) = size
        .split_once('x')
        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
        .ok_or_else(|| eyre!("size must be WxH"))?;
    let today = chartq::domain::clock::Clock::from_env()?.today();

    let rss0 = rss_kb();
    let t = Instant::now();
    chartq::app::pcs_builder::shared_tables().map_err(|e| eyre!(e))?;
    let (parse, rss1) = (t.elapsed(), rss_kb());

    let mut store = Store::open(db.as_ref())?;
    let actor = people::current_actor(&mut store, None)?;
    let wb = StoreWorkbench::new(store, actor, today);
    let opts = AppOptions {
        keymap: Keymap::default(),
        theme: Theme::load("16-colour", ColorDepth::Ansi16, false).map_err(|e| eyre!(e))?,
        depth: ColorDepth::Ansi16,
        ascii_borders: false,
        masked: false,
        idle_lock: None,
        size: (w, h),
        today,
        search_tx: None,
    };
    let mut app = App::new(Box::new(wb), opts);
    let key = |app: &mut App, name: &str| -> Result<()> {
        app.update(Msg::Key(key_script::key(name).map_err(|e| eyre!(e))?));
        Ok(())
    };
    // The first inpatient chart the user may open (new, or already theirs).
    let candidates: Vec<usize> = (app.queue.rows.iter().enumerate())
        .filter(|(_, r)| r.encounter_type.eq_ignore_ascii_case("inpatient"))
        .filter(|(_, r)| r.status == Status::New || (r.mine && r.status == Status::InProgress))
        .map(|(i, _)| i)
        .collect();
    for at in candidates {
        app.queue.selected = at;
        key(&mut app, "Enter")?;
        if app.chart.is_some() {
            break;
        }
    }
    if app.chart.is_none() {
        bail!("no inpatient chart to open in {db}");
    }
    let rss2 = rss_kb();
    let t = Instant::now();
    key(&mut app, "ctrl-x")?;
    let (open, rss3) = (t.elapsed(), rss_kb());
    let Some(Overlay::PcsBuilder(b)) = &app.overlay else {
        bail!("the builder did not open: {:?}", app.status);
    };
    let version = b.builder.version.clone();
    let valid = b.builder.codes.len();
    let codes: Vec<String> = b
        .builder
        .codes
        .codes()
        .step_by(every)
        .map(str::to_string)
        .collect();

    let mut terminal = Terminal::new(TestBackend::new(w, h))?;
    terminal.draw(|f| views::render(f, &app))?;
    let (mut times, mut cpu) = (Vec::new(), Vec::new());
    let mut timed = |app: &mut App, name: &str| -> Result<()> {
        let (t, c) = (Instant::now(), thread_cpu());
        key(app, name)?;
        terminal.draw(|f| views::render(f, app))?;
        times.push(t.elapsed());
        cpu.push(thread_cpu().saturating_sub(c));
        Ok(())
    };
    for code in &codes {
        for ch in code.chars() {
            for _ in 0..3 {
                timed(&mut app, "down")?;
            }
            timed(&mut app, &ch.to_string())?;
        }
        for _ in 0..7 {
            timed(&mut app, "backspace")?;
        }
    }
    if app.status.as_ref().is_some_and(|s| s.is_error()) {
        bail!("a key failed: {:?}", app.status);
    }
    let n = times.len();
    println!(
        "PCS table builder, ICD-10-PCS {version}, {w}x{h}: {n} keys over {} codes",
        codes.len()
    );
    println!(
        "  key to frame  median {:?}  p99 {:?}  max {:?}",
        percentile(&mut times, 0.5),
        percentile(&mut times, 0.99),
        times.last().copied().unwrap_or_default()
    );
    println!(
        "  its CPU time  median {:?}  p99 {:?}  max {:?}  (the wall time less the scheduler's)",
        percentile(&mut cpu, 0.5),
        percentile(&mut cpu, 0.99),
        cpu.last().copied().unwrap_or_default()
    );
    println!(
        "  once per process: tables parsed {parse:?} (+{} kB resident); the builder first opened \
         (the version's {} valid codes read) {open:?} (+{} kB resident)",
        rss1.saturating_sub(rss0),
        valid,
        rss3.saturating_sub(rss2)
    );
    Ok(())
}
