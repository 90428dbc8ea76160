//! The TUI's state and its update function. Everything arrives as a
//! [`Msg`] (keys, resizes, search answers, timer ticks, signals) and
//! `App::update` is the only place state changes, so tests script key
//! sequences with no terminal. Side effects that need the terminal
//! (suspend, `$EDITOR`) are left in [`App::effects`] for the event loop.
//!
//! A key becomes an [`Action`] through the keymap, a palette line a typed
//! [`Command`]; [`App::run`] hands it to its owner: the open overlay
//! ([`help`], [`palette`], [`composer`], [`finalize`]) takes its own keys,
//! the rest go by the action's scope to the [`queue`] or the chart
//! [`workspace`] (its [`coding`] and [`search`] panes).

use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyEvent, KeyEventKind};

use super::action::{Action, Scope};
use super::keymap::{KeyChord, Keymap};
use super::line_edit::{Edit, LineEdit};
use super::model::{
    Acknowledgement, Assignment, ChartView, CodeDetail, ProviderQueryDraft, QueueRow, SearchHit,
    next_poa, own_seventh, picked_code,
};
use super::palette::Command;
use super::theme::{ColorDepth, Theme};
use super::workbench::{AssignmentEdit, FinalizeCheck, SearchRequest, Workbench, warning_names};
use crate::domain::chart::Status;
use crate::domain::codes::{CodeSystem, lookup_key};
use review::review_text;

/// How often an open chart's lease is renewed (leases last 30 minutes).
pub const RENEW_EVERY: Duration = Duration::from_secs(5 * 60);
/// How many search hits are asked for.
pub const SEARCH_LIMIT: usize = 50;
/// The smallest terminal the screens are laid out for.
pub const MIN_SIZE: (u16, u16) = (80, 24);

/// Everything the event loop feeds the app.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    Resize(u16, u16),
    /// Time passed (idle lock, lease renewal); carries the current time.
    Tick(Instant),
    IndexReady,
    IndexFailed(String),
    SearchDone {
        generation: u64,
        hits: Vec<SearchHit>,
    },
    /// `$EDITOR` closed; `None` if it failed or the text was not saved.
    EditorDone(Result<String, String>),
    /// SIGTERM or SIGHUP: release the lease and quit.
    Terminate,
}

/// Work for the event loop that needs the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Suspend,
    /// Edit this text in `$EDITOR`, answer with [`Msg::EditorDone`].
    Editor(String),
}

mod coding;
mod composer;
mod edits;
mod finalize;
mod help;
mod index_browser;
mod palette;
mod pcs_builder;
mod queue;
mod reports;
mod review;
mod search;
mod state;
mod status;
mod workspace;

pub use composer::{Composer, ComposerField};
pub use help::HelpState;
pub use index_browser::{IndexBrowser, Place};
pub use palette::PaletteState;
pub use pcs_builder::{PcsBuilderState, pcs_query_prefix};
pub use queue::{QueueFilter, QueueState, SortKey};
pub use state::*;
pub use status::{Severity, StatusMessage};

pub struct App {
    pub workbench: Box<dyn Workbench>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub depth: ColorDepth,
    pub ascii_borders: bool,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    pub queue: QueueState,
    pub chart: Option<ChartState>,
    /// Chart count and code sets, for the getting-started guidance.
    pub setup: Setup,
    /// The status line's message, with how it is shown.
    pub status: Option<StatusMessage>,
    pub index: IndexState,
    pub masked: bool,
    pub locked: bool,
    pub idle_lock: Option<Duration>,
    pub last_input: Instant,
    pub size: (u16, u16),
    pub today: NaiveDate,
    /// The screen needs drawing.
    pub dirty: bool,
    pub quit: bool,
    pub effects: Vec<Effect>,
    search_tx: Option<Sender<SearchRequest>>,
    /// The detail pane should be reloaded (see [`App::load_detail`]).
    detail_pending: bool,
    /// The review (or outcomes) screen while help or the palette is over
    /// it (it comes back when they close).
    parked_review: Option<Overlay>,
}

/// What `App::new` needs besides the workbench.
pub struct AppOptions {
    pub keymap: Keymap,
    pub theme: Theme,
    pub depth: ColorDepth,
    pub ascii_borders: bool,
    pub masked: bool,
    pub idle_lock: Option<Duration>,
    pub size: (u16, u16),
    pub today: NaiveDate,
    /// Where search requests go (the worker); `None`: no search.
    pub search_tx: Option<Sender<SearchRequest>>,
}

impl App {
    pub fn new(workbench: Box<dyn Workbench>, opts: AppOptions) -> App {
        // Without users nothing can be done but learn how to make the
        // first admin; the workbench refuses every chart action.
        let screen = if workbench.role().is_some() {
            Screen::Queue
        } else {
            Screen::NoUsers
        };
        let mut app = App {
            workbench,
            keymap: opts.keymap,
            theme: opts.theme,
            depth: opts.depth,
            ascii_borders: opts.ascii_borders,
            screen,
            overlay: None,
            queue: QueueState::default(),
            chart: None,
            setup: Setup::default(),
            status: None,
            index: IndexState::Loading,
            masked: opts.masked,
            locked: false,
            idle_lock: opts.idle_lock,
            last_input: Instant::now(),
            size: opts.size,
            today: opts.today,
            dirty: true,
            quit: false,
            effects: Vec::new(),
            search_tx: opts.search_tx,
            detail_pending: false,
            parked_review: None,
        };
        app.refresh_queue();
        app.outcome_notice();
        app
    }

    /// When the app next needs a [`Msg::Tick`] (idle lock, lease renewal).
    pub fn next_deadline(&self) -> Option<Instant> {
        let lock = self
            .idle_lock
            .filter(|_| !self.locked)
            .map(|d| self.last_input + d);
        let renew = self
            .chart
            .as_ref()
            .filter(|c| c.view.mine && !self.locked)
            .map(|c| c.renewed_at + RENEW_EVERY);
        [lock, renew].into_iter().flatten().min()
    }

    pub fn update(&mut self, msg: Msg) {
        match msg {
            Msg::Key(ev) => self.key(ev),
            Msg::Resize(w, h) => {
                self.size = (w, h);
                self.dirty = true;
            }
            Msg::Tick(now) => self.tick(now),
            Msg::IndexReady => {
                self.index = IndexState::Ready;
                self.dirty = true;
                // A query typed while loading is answered now.
                if self
                    .chart
                    .as_ref()
                    .is_some_and(|c| !c.search.query.is_empty())
                {
                    self.request_search();
                }
            }
            Msg::IndexFailed(e) => {
                self.index = IndexState::Failed(e);
                self.dirty = true;
            }
            Msg::SearchDone { generation, hits } => self.search_done(generation, hits),
            Msg::EditorDone(text) => {
                match (text, self.overlay.as_mut()) {
                    (Ok(text), Some(Overlay::Composer(c))) => {
                        c.question
                            .set(crate::domain::text::sanitize(text.trim_end()));
                    }
                    (Err(why), _) => self.error(crate::domain::text::sanitize(&why)),
                    _ => {}
                }
                self.dirty = true;
            }
            Msg::Terminate => self.quit_releasing(),
        }
        self.unpark_review();
    }

    fn tick(&mut self, now: Instant) {
        if let Some(limit) = self.idle_lock
            && !self.locked
            && now.duration_since(self.last_input) >= limit
        {
            self.locked = true;
            self.dirty = true;
        }
        // A locked screen means the coder walked away: the lease is left to
        // expire, so the chart goes back to the queue for someone else.
        let due = self
            .chart
            .as_ref()
            .filter(|c| !self.locked && c.view.mine)
            .filter(|c| now.duration_since(c.renewed_at) >= RENEW_EVERY)
            .map(|c| c.view.id);
        if let Some(id) = due {
            if let Err(e) = self.workbench.renew(id) {
                self.error(format!("lease renewal failed: {e}"));
            }
            if let Some(c) = self.chart.as_mut() {
                c.renewed_at = now;
            }
        }
    }

    // ---- keys -------------------------------------------------------------

    fn key(&mut self, ev: KeyEvent) {
        if ev.kind == KeyEventKind::Release {
            return;
        }
        self.last_input = Instant::now();
        if self.locked {
            self.locked = false;
            self.dirty = true;
            return;
        }
        let Some(chord) = KeyChord::from_event(&ev) else {
            return;
        };
        let chain = self.scope_chain();
        if chain[0].types_text()
            && let Some(c) = chord.printable()
        {
            self.type_char(c);
            self.dirty = true;
            return;
        }
        if let Some(action) = self.keymap.lookup(&chain, &chord) {
            self.run(Command::Plain(action));
            self.dirty = true;
        }
    }

    /// The scopes a key is looked up in, most specific first. A first
    /// scope that [`Scope::types_text`] takes printable keys as text.
    pub fn scope_chain(&self) -> Vec<Scope> {
        use Scope::*;
        match &self.overlay {
            Some(Overlay::Help(_)) => return vec![Global],
            Some(Overlay::Index(_)) => return vec![Index, Input, Global],
            Some(Overlay::Reports(_)) => return vec![Workspace, Global],
            Some(Overlay::Review(r)) if r.form.is_some() => return vec![ReviewForm, Input, Global],
            Some(Overlay::Review(_)) => return vec![Review, Global],
            Some(Overlay::Outcomes(o)) if o.writing.is_some() => return vec![Input, Global],
            Some(Overlay::Outcomes(_)) => return vec![Outcomes, Global],
            Some(Overlay::Palette(_)) => return vec![Input, Global],
            Some(Overlay::Composer(c)) if c.field == ComposerField::Send => {
                return vec![Global, Input];
            }
            Some(Overlay::Composer(_)) => return vec![Input, Workspace, Global],
            Some(Overlay::ConfirmFinalize) => return vec![Global, Input],
            Some(Overlay::Problems(_)) => return vec![Finalize, Global, Input],
            Some(Overlay::Acknowledge(_) | Overlay::PcsBuilder(_)) => return vec![Input, Global],
            Some(Overlay::Finalized { .. }) => return vec![Global, Input, Queue],
            None => {}
        }
        match (self.screen, &self.chart) {
            (Screen::Workspace, Some(chart)) => match chart.pane {
                Pane::Documents if chart.find.editing.is_some() => vec![Input, Global],
                Pane::Documents => vec![Documents, Workspace, Global],
                Pane::Coding => vec![Coding, Workspace, Global],
                Pane::Edits => vec![Edits, Workspace, Global],
                Pane::Search => vec![Search, Input, Workspace, Global],
                Pane::Detail => vec![Detail, Workspace, Global],
            },
            (Screen::NoUsers, _) => vec![Global],
            _ => vec![Queue, Global],
        }
    }

    fn type_char(&mut self, c: char) {
        self.edit_field(|field| {
            field.insert(c);
            true
        });
    }

    /// The text field with focus, if any: the palette, the composer's
    /// field, the find field while typing, or the code search query.
    fn focused_field(&mut self) -> Option<(Field, &mut LineEdit)> {
        match self.overlay.as_mut() {
            Some(Overlay::Palette(p)) => return Some((Field::Palette, &mut p.input)),
            Some(Overlay::Composer(comp)) => return comp.focused().map(|f| (Field::Composer, f)),
            Some(Overlay::Acknowledge(a)) => return Some((Field::Reason, &mut a.reason)),
            Some(Overlay::PcsBuilder(b)) => return Some((Field::PcsBuilder, &mut b.typed)),
            Some(Overlay::Index(b)) => return Some((Field::Index, &mut b.query)),
            Some(Overlay::Review(r)) => return review_text(r).map(|t| (Field::Review, t)),
            Some(Overlay::Outcomes(o)) => return o.text_mut().map(|t| (Field::Outcomes, t)),
            Some(_) => return None,
            None => {}
        }
        let chart = self.chart.as_mut()?;
        if let Some(find) = chart.find.editing.as_mut() {
            Some((Field::Find, find))
        } else if chart.pane == Pane::Search {
            Some((Field::Search, &mut chart.search.query))
        } else {
            None
        }
    }

    /// Applies `edit` (which says whether the text changed) to the focused
    /// field, then brings what depends on the text up to date: palette
    /// matches, find matches, the code search.
    fn edit_field(&mut self, edit: impl FnOnce(&mut LineEdit) -> bool) {
        let Some((kind, field)) = self.focused_field() else {
            return;
        };
        if !edit(field) {
            return;
        }
        match kind {
            Field::Palette => {
                if let Some(Overlay::Palette(p)) = self.overlay.as_mut() {
                    p.selected = 0;
                }
            }
            Field::Composer | Field::Reason => {}
            Field::Find => {
                if let Some(c) = self.chart.as_mut() {
                    let term = c.find.editing.as_ref().map(|f| f.to_string());
                    set_find_term(c, &term.unwrap_or_default());
                }
            }
            Field::Search => self.request_search(),
            Field::PcsBuilder => self.pcs_builder_edited(),
            Field::Index => self.index_query_changed(),
            Field::Review => self.review_field_edited(),
            Field::Outcomes => self.outcomes_edited(),
        }
    }

    // ---- commands ---------------------------------------------------------

    /// Runs `command`: an open overlay takes what it owns (its Enter, its
    /// list keys); the rest goes to the owner of the action's scope.
    pub fn run(&mut self, command: Command) {
        self.dirty = true;
        let action = match command {
            Command::Plain(action) => action,
            Command::Theme(name) => return self.set_theme(&name),
            Command::Hold(reason) => return self.hold(&reason),
            Command::Poa(poa) => return self.set_poa(Some(poa)),
            Command::Assign { code, system } => return self.assign_typed(&code, system),
            Command::Edit(edit) => return self.edit_selected(edit),
        };
        if self.overlay_handles(action) {
            return;
        }
        match action.scope() {
            Scope::Global => self.global(action),
            Scope::Queue => self.queue_action(action),
            Scope::Input => self.field_action(action),
            _ => self.workspace_action(action),
        }
    }

    /// The open overlay's own keys; `false` leaves `action` to the rest.
    fn overlay_handles(&mut self, action: Action) -> bool {
        match &self.overlay {
            None => false,
            Some(Overlay::Help(_)) => self.help_action(action),
            Some(Overlay::Palette(_)) => self.palette_action(action),
            Some(Overlay::Composer(_)) => self.composer_action(action),
            Some(Overlay::PcsBuilder(_)) => self.pcs_builder_action(action),
            Some(Overlay::Index(_)) => self.index_action(action),
            Some(Overlay::Reports(_)) => self.reports_action(action),
            Some(Overlay::Review(_)) => self.review_action(action),
            Some(Overlay::Outcomes(_)) => self.outcomes_action(action),
            Some(
                Overlay::ConfirmFinalize
                | Overlay::Problems(_)
                | Overlay::Acknowledge(_)
                | Overlay::Finalized { .. },
            ) => self.finalize_action(action),
        }
    }

    /// The actions that work the same on every screen.
    fn global(&mut self, action: Action) {
        use Action::*;
        match action {
            Help => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help(_)) => None,
                    _ => Some(Overlay::Help(HelpState::default())),
                }
            }
            Palette => self.overlay = Some(Overlay::Palette(PaletteState::default())),
            Back => self.back(),
            Quit if self.overlay.is_some() => self.overlay = None,
            Quit | ForceQuit => self.quit_releasing(),
            Suspend => self.effects.push(Effect::Suspend),
            Mask => {
                self.masked = !self.masked;
                self.info(if self.masked {
                    "patient names masked"
                } else {
                    "patient names shown"
                });
            }
            Theme => {
                let name = super::theme::Theme::next_name(&self.theme.name).to_string();
                self.set_theme(&name);
            }
            _ if Nav::of(action).is_some() => match (self.screen, self.chart.is_some()) {
                (Screen::Workspace, true) => self.workspace_navigate(action),
                _ => self.queue_navigate(action),
            },
            _ => {}
        }
    }

    fn set_theme(&mut self, name: &str) {
        match super::theme::Theme::load(name, self.depth, self.ascii_borders) {
            Ok(t) => {
                self.theme = t;
                self.info(&format!("theme {name}"));
            }
            Err(e) => self.error(e),
        }
    }

    /// Text-field keys: Enter outside an overlay ends typing a find; the
    /// line edits go to the focused field.
    fn field_action(&mut self, action: Action) {
        if action == Action::Submit {
            return self.submit_find();
        }
        if let Some(edit) = Edit::for_action(action) {
            self.edit_field(|field| field.apply(edit));
        }
    }

    fn back(&mut self) {
        if self.overlay.take().is_some() {
            return;
        }
        if self.screen != Screen::Queue {
            self.workspace_back();
        }
    }

    pub(super) fn quit_releasing(&mut self) {
        if let Some(c) = &self.chart
            && c.view.mine
            && c.view.status == Status::InProgress
        {
            // Best effort: the lease also expires on its own.
            let _ = self.workbench.release(c.view.id);
        }
        self.quit = true;
    }

    pub(super) fn info(&mut self, msg: &str) {
        self.status = Some(StatusMessage::new(Severity::Info, msg));
        self.dirty = true;
    }

    pub(super) fn error(&mut self, msg: String) {
        self.status = Some(StatusMessage::new(Severity::Error, msg));
        self.dirty = true;
    }
}

/// What the coder must import before anything dated `what` can be coded,
/// short enough for the status line: `no ICD-10-CM or ICD-10-PCS code set
/// covers its date of service (2026-10-05): import FY2027
/// (icd10cm_codes_2027.txt, icd10pcs_order_2027.txt) with chartq codes
/// import cm|pcs FILE`. The help's getting-started part has the whole
/// advice per system.
pub fn coverage_message(gaps: &[crate::domain::coverage::SystemCoverage], what: &str) -> String {
    let Some(first) = gaps.first() else {
        return String::new();
    };
    let advice: Vec<_> = gaps.iter().filter_map(|g| g.advice()).collect();
    let systems: Vec<&str> = gaps.iter().map(|g| g.system.as_str()).collect();
    let mut releases: Vec<&str> = advice.iter().map(|a| a.release.as_str()).collect();
    releases.dedup();
    let files: Vec<&str> = advice
        .iter()
        .filter_map(|a| a.files.first().map(String::as_str))
        .collect();
    let shorts: Vec<&str> = advice.iter().map(|a| a.system.short_name()).collect();
    let mut text = format!(
        "no {} code set covers {what} ({}): import {}",
        systems.join(" or "),
        first.date,
        releases.join(", ")
    );
    if !files.is_empty() {
        text.push_str(&format!(" ({})", files.join(", ")));
    }
    text.push_str(&format!(
        " with chartq codes import {} FILE",
        shorts.join("|")
    ));
    text
}

/// The list moves (up, down, top, bottom, a page), which every list and
/// the help share.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Nav {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
}

impl Nav {
    pub(super) fn of(action: Action) -> Option<Nav> {
        Some(match action {
            Action::Up => Nav::Up,
            Action::Down => Nav::Down,
            Action::Top => Nav::Top,
            Action::Bottom => Nav::Bottom,
            Action::PageUp => Nav::PageUp,
            Action::PageDown => Nav::PageDown,
            _ => return None,
        })
    }
}

/// A list cursor at `at` moved by `action` over `n` items, `page` at a time.
pub(super) fn step(at: usize, n: usize, action: Action, page: usize) -> usize {
    let last = n.saturating_sub(1);
    match Nav::of(action) {
        Some(Nav::Up) => at.saturating_sub(1),
        Some(Nav::Down) => (at + 1).min(last),
        Some(Nav::Top) => 0,
        Some(Nav::Bottom) => last,
        Some(Nav::PageUp) => at.saturating_sub(page),
        Some(Nav::PageDown) => (at + page).min(last),
        None => at,
    }
}
