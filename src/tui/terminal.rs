//! The terminal: raw mode and the alternate screen while chartq runs, and
//! always restored — on quit, on error (the guard's `Drop`), on panic (the
//! hook restores before printing), on SIGTERM/SIGHUP (the event loop quits
//! normally) and around Ctrl-Z and `$EDITOR`. Mouse capture stays off so
//! the terminal's own copy and paste keep working.

use std::io::{self, BufWriter, Stdout, Write};

use crossterm::event::DisableMouseCapture;
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute, queue};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;

use super::app::App;

/// The backend the real terminal uses: buffered, so a frame leaves in one
/// write.
pub type Backend = CrosstermBackend<BufWriter<Stdout>>;

/// Owns the terminal while the TUI runs; dropping it restores the terminal.
pub struct Tui {
    terminal: Terminal<Backend>,
}

impl Tui {
    pub fn enter() -> io::Result<Tui> {
        install_panic_hook();
        setup()?;
        let backend = CrosstermBackend::new(BufWriter::with_capacity(1 << 16, io::stdout()));
        let mut terminal = Terminal::new(backend)?;
        terminal.hide_cursor()?;
        let mut tui = Tui { terminal };
        tui.repaint_all()?;
        Ok(tui)
    }

    /// Clears the screen and forgets the last frame, so the next draw sends
    /// everything. (ratatui's `clear` asks the terminal where its cursor is;
    /// some terminals never answer and over SSH it costs a round trip.)
    fn repaint_all(&mut self) -> io::Result<()> {
        let size = self.terminal.size()?;
        self.terminal
            .resize(ratatui::layout::Rect::new(0, 0, size.width, size.height))
    }

    pub fn size(&self) -> io::Result<(u16, u16)> {
        let s = self.terminal.size()?;
        Ok((s.width, s.height))
    }

    /// Draws one frame inside a synchronized update, so the terminal shows
    /// it whole (no tearing over slow links). Only cells that changed since
    /// the last frame are sent.
    pub fn draw(&mut self, app: &App) -> io::Result<()> {
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        self.terminal.draw(|f| super::views::render(f, app))?;
        execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)?;
        Ok(())
    }

    /// A one-line frame shown while the app is being set up.
    pub fn splash(&mut self, theme: &super::theme::Theme, message: &str) -> io::Result<()> {
        let text = format!("chartq: {message}");
        queue!(self.terminal.backend_mut(), BeginSynchronizedUpdate)?;
        self.terminal.draw(|f| {
            let area = f.area();
            let line = ratatui::layout::Rect::new(
                area.x,
                area.y + area.height / 2,
                area.width,
                1.min(area.height),
            );
            f.render_widget(ratatui::widgets::Block::new().style(theme.base), area);
            f.render_widget(
                ratatui::widgets::Paragraph::new(text)
                    .style(theme.title)
                    .alignment(ratatui::layout::Alignment::Center),
                line,
            );
        })?;
        execute!(self.terminal.backend_mut(), EndSynchronizedUpdate)?;
        Ok(())
    }

    /// Gives the terminal back (for Ctrl-Z or `$EDITOR`), runs `f`, takes it
    /// again and repaints everything on the next draw.
    pub fn released<T>(&mut self, f: impl FnOnce() -> T) -> io::Result<T> {
        restore()?;
        let out = f();
        setup()?;
        self.repaint_all()?;
        self.terminal.hide_cursor()?;
        Ok(out)
    }

    /// Ctrl-Z: stop the process as the shell expects; `fg` resumes here.
    pub fn suspend(&mut self) -> io::Result<()> {
        self.released(|| {
            // SAFETY: raise() only sends a signal to this process; SIGTSTP
            // has its default action (stop) since chartq never handles it.
            unsafe {
                libc::raise(libc::SIGTSTP);
            }
        })
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        let _ = self.terminal.backend_mut().flush();
        let _ = restore();
    }
}

fn setup() -> io::Result<()> {
    enable_raw_mode()?;
    execute!(
        io::stdout(),
        EnterAlternateScreen,
        DisableMouseCapture,
        cursor::Hide
    )
}

/// Leaves the alternate screen and shows the cursor. Safe to call twice.
pub fn restore() -> io::Result<()> {
    let mut out = io::stdout();
    let screen = execute!(
        out,
        EndSynchronizedUpdate,
        LeaveAlternateScreen,
        cursor::Show
    );
    let raw = disable_raw_mode();
    screen.and(raw)
}

/// On panic (any thread): restore the terminal first, then say where it
/// happened and exit. The panic message is not printed: it could quote
/// chart text.
fn install_panic_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        std::panic::set_hook(Box::new(|info| {
            let _ = restore();
            let at = info
                .location()
                .map(|l| format!("{}:{}", l.file(), l.line()))
                .unwrap_or_else(|| "unknown place".into());
            eprintln!(
                "chartq: internal error at {at}; the terminal was restored. \
                 (The message is withheld because it may contain patient data.)"
            );
            // A panic on any thread ends chartq: half a UI is worse than none,
            // and the lease expires on its own.
            std::process::exit(101);
        }));
    });
}
