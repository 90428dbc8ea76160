//! The event loop: one channel of [`Msg`] fed by the input thread, the
//! signal thread and the search worker. The screen is drawn only when the
//! app says something changed; between events the loop sleeps until the
//! next deadline (idle lock, lease renewal) — there is no ticking redraw.

use std::io;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::thread;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event, KeyEventKind};
use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
use signal_hook::iterator::Signals;

use super::app::{App, Effect, Msg};
use super::terminal::Tui;

/// Reads terminal events on its own thread. While `paused` (Ctrl-Z,
/// `$EDITOR`) it leaves the terminal alone so the other program gets the
/// keys.
pub fn spawn_input(tx: Sender<Msg>, paused: Arc<AtomicBool>) -> io::Result<()> {
    thread::Builder::new()
        .name("chartq-input".into())
        .spawn(move || {
            loop {
                if paused.load(Ordering::SeqCst) {
                    thread::sleep(Duration::from_millis(20));
                    continue;
                }
                match event::poll(Duration::from_millis(100)) {
                    Ok(false) => continue,
                    Ok(true) if paused.load(Ordering::SeqCst) => continue,
                    Ok(true) => {}
                    Err(_) => {
                        let _ = tx.send(Msg::Terminate);
                        return;
                    }
                }
                let msg = match event::read() {
                    Ok(Event::Key(k)) if k.kind != KeyEventKind::Release => Msg::Key(k),
                    Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                    Ok(_) => continue,
                    // The terminal is gone (hang-up): quit, releasing the lease.
                    Err(_) => Msg::Terminate,
                };
                let terminate = matches!(msg, Msg::Terminate);
                if tx.send(msg).is_err() || terminate {
                    return;
                }
            }
        })?;
    Ok(())
}

/// SIGTERM, SIGHUP (a dropped SSH session) and SIGINT end chartq the
/// normal way: the lease is released and the terminal restored.
pub fn spawn_signals(tx: Sender<Msg>) -> io::Result<()> {
    let mut signals = Signals::new([SIGTERM, SIGHUP, SIGINT])?;
    thread::Builder::new()
        .name("chartq-signals".into())
        .spawn(move || {
            if signals.forever().next().is_some() {
                let _ = tx.send(Msg::Terminate);
            }
        })?;
    Ok(())
}

/// Runs until the app quits.
pub fn run(
    tui: &mut Tui,
    app: &mut App,
    rx: &Receiver<Msg>,
    tx: &Sender<Msg>,
    input_paused: &AtomicBool,
) -> io::Result<()> {
    loop {
        for effect in std::mem::take(&mut app.effects) {
            input_paused.store(true, Ordering::SeqCst);
            match effect {
                Effect::Suspend => tui.suspend()?,
                Effect::Editor(text) => {
                    let edited = tui.released(|| crate::app::editor::edit(&text))?;
                    let _ = tx.send(Msg::EditorDone(edited));
                }
            }
            input_paused.store(false, Ordering::SeqCst);
            app.dirty = true;
        }
        if app.quit {
            return Ok(());
        }
        if app.dirty {
            tui.draw(app)?;
            app.dirty = false;
        }
        if app.has_deferred() {
            // Input first; the held-back store read only when none waits.
            match rx.try_recv() {
                Ok(m) => app.update(m),
                Err(_) => app.run_deferred(),
            }
            continue;
        }
        let msg = match app.next_deadline() {
            Some(at) => match rx.recv_timeout(at.saturating_duration_since(Instant::now())) {
                Ok(m) => m,
                Err(RecvTimeoutError::Timeout) => Msg::Tick(Instant::now()),
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            },
            None => match rx.recv() {
                Ok(m) => m,
                Err(_) => return Ok(()),
            },
        };
        app.update(msg);
        // Everything already queued (a burst of typing) before one draw.
        while !app.quit {
            match rx.try_recv() {
                Ok(m) => app.update(m),
                Err(_) => break,
            }
        }
    }
}
