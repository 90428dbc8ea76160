//! The TUI's state and its update function. Everything arrives as a
//! [`Msg`] (keys, resizes, search answers, timer ticks, signals) and
//! `App::update` is the only place state changes, so tests script key
//! sequences with no terminal. Side effects that need the terminal
//! (suspend, `$EDITOR`) are left in [`App::effects`] for the event loop.

use std::sync::mpsc::Sender;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use crossterm::event::{KeyEvent, KeyEventKind};

use super::action::{Action, Scope};
use super::keymap::{KeyChord, Keymap};
use super::line_edit::{Edit, LineEdit};
use super::model::{
    Assignment, ChartView, CodeDetail, POA_CYCLE, ProviderQueryDraft, QueueRow, Role, SearchHit,
    own_seventh, picked_code,
};
use super::palette::{self, Command};
use super::theme::{ColorDepth, Theme};
use super::workbench::{AssignmentEdit, SearchRequest, Workbench};
use crate::domain::codes::{CodeSystem, lookup_key};

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
mod overlays;
mod search;
mod state;

pub use state::*;

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
    /// The status line's message; `true` marks an error.
    pub status: Option<(String, bool)>,
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
            queue: QueueState {
                rows: Vec::new(),
                selected: 0,
                sort: SortKey::Priority,
                filter: QueueFilter::All,
            },
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
        };
        app.refresh_queue();
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
            self.run(action, "");
            self.dirty = true;
        }
    }

    /// The scopes a key is looked up in, most specific first. A first
    /// scope that [`Scope::types_text`] takes printable keys as text.
    pub fn scope_chain(&self) -> Vec<Scope> {
        use Scope::*;
        match &self.overlay {
            Some(Overlay::Help { .. }) => return vec![Global],
            Some(Overlay::Palette { .. }) => return vec![Input, Global],
            Some(Overlay::Composer(c)) if c.field == ComposerField::Send => {
                return vec![Global, Input];
            }
            Some(Overlay::Composer(_)) => return vec![Input, Workspace, Global],
            Some(Overlay::ConfirmFinalize | Overlay::Problems(_)) => return vec![Global, Input],
            Some(Overlay::Finalized { .. }) => return vec![Global, Input, Queue],
            None => {}
        }
        match (self.screen, &self.chart) {
            (Screen::Workspace, Some(chart)) => match chart.pane {
                Pane::Documents if chart.find.editing.is_some() => vec![Input, Global],
                Pane::Documents => vec![Documents, Workspace, Global],
                Pane::Coding => vec![Coding, Workspace, Global],
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
            Some(Overlay::Palette { input, .. }) => return Some((Field::Palette, input)),
            Some(Overlay::Composer(comp)) => return comp.focused().map(|f| (Field::Composer, f)),
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
                if let Some(Overlay::Palette { selected, .. }) = self.overlay.as_mut() {
                    *selected = 0;
                }
            }
            Field::Composer => {}
            Field::Find => {
                if let Some(c) = self.chart.as_mut() {
                    let term = c.find.editing.as_ref().map(|f| f.to_string());
                    set_find_term(c, &term.unwrap_or_default());
                }
            }
            Field::Search => self.request_search(),
        }
    }

    /// A line-editing key. Backspace on the composer's empty option field
    /// takes back the last option added.
    fn line_edit(&mut self, edit: Edit) {
        if edit == Edit::Backspace
            && let Some(Overlay::Composer(comp)) = self.overlay.as_mut()
            && comp.field == ComposerField::Option
            && comp.option.is_empty()
        {
            comp.options.pop();
            return;
        }
        self.edit_field(|field| field.apply(edit));
    }

    // ---- actions ----------------------------------------------------------

    /// Runs `action`; `arg` is what followed its name in the palette.
    pub fn run(&mut self, action: Action, arg: &str) {
        use Action::*;
        self.dirty = true;
        match action {
            Help => {
                self.overlay = match self.overlay {
                    Some(Overlay::Help { .. }) => None,
                    _ => Some(Overlay::Help { scroll: 0 }),
                }
            }
            Palette => {
                self.overlay = Some(Overlay::Palette {
                    input: LineEdit::default(),
                    selected: 0,
                })
            }
            Back => self.back(),
            Quit => {
                if self.overlay.is_some() {
                    self.overlay = None;
                } else {
                    self.quit_releasing();
                }
            }
            ForceQuit => self.quit_releasing(),
            Suspend => self.effects.push(Effect::Suspend),
            Up | Down | Top | Bottom | PageUp | PageDown => self.navigate(action),
            ClaimNext => self.claim_next(),
            Open => self.open_selected(),
            Sort => {
                self.queue.sort = match self.queue.sort {
                    SortKey::Priority => SortKey::Waiting,
                    SortKey::Waiting => SortKey::DateOfService,
                    SortKey::DateOfService => SortKey::Account,
                    SortKey::Account => SortKey::Priority,
                };
                self.queue.selected = 0;
            }
            Filter => {
                self.queue.filter = match self.queue.filter {
                    QueueFilter::All => QueueFilter::Mine,
                    QueueFilter::Mine => QueueFilter::New,
                    QueueFilter::New => QueueFilter::OnHold,
                    QueueFilter::OnHold => QueueFilter::All,
                };
                self.queue.selected = 0;
            }
            Refresh => self.refresh_queue(),
            NextPane | PrevPane => {
                if self.composer_step(action == NextPane) {
                    return;
                }
                if let Some(c) = self.chart.as_mut() {
                    c.pane = c.pane.step(action == NextPane);
                    c.find.editing = None;
                    self.load_detail();
                }
            }
            Search => self.focus(Pane::Search),
            Finalize => self.confirm_finalize(),
            Ask => {
                if let Some(c) = &self.chart {
                    self.overlay = Some(Overlay::Composer(Composer::new(&c.view.attending)));
                }
            }
            Hold => self.hold(arg),
            Release => self.release(),
            Mask => {
                self.masked = !self.masked;
                self.info(if self.masked {
                    "patient names masked"
                } else {
                    "patient names shown"
                });
            }
            Theme => {
                let name = if arg.is_empty() {
                    super::theme::Theme::next_name(&self.theme.name).to_string()
                } else {
                    arg.to_string()
                };
                match super::theme::Theme::load(&name, self.depth, self.ascii_borders) {
                    Ok(t) => {
                        self.theme = t;
                        self.info(&format!("theme {name}"));
                    }
                    Err(e) => self.error(e),
                }
            }
            Find => {
                if let Some(c) = self.chart.as_mut() {
                    c.pane = Pane::Documents;
                    c.find.editing = Some(LineEdit::default());
                    set_find_term(c, "");
                }
            }
            FindNext | FindPrev => self.find_step(action == FindNext),
            NextDocument | PrevDocument => {
                if let Some(c) = self.chart.as_mut() {
                    let n = c.view.documents.len().max(1);
                    c.document = if action == NextDocument {
                        (c.document + 1) % n
                    } else {
                        (c.document + n - 1) % n
                    };
                    c.scroll = 0;
                    let term = c.find.term.clone();
                    set_find_term(c, &term);
                }
            }
            Remove => self.with_selected_code(|wb, id, a| wb.unassign(id, &a.code)),
            MoveUp | MoveDown => self.move_code(action == MoveUp),
            Principal => self.with_selected_code(|wb, id, a| {
                wb.edit(id, &a.code, &AssignmentEdit::Role(Role::Principal))?;
                wb.sequence(id, &a.code, 1)
            }),
            Poa => self.set_poa(arg),
            Assign if arg.is_empty() => self.assign_selected(),
            Assign => self.assign_typed(arg),
            SystemFilter => {
                if let Some(c) = self.chart.as_mut() {
                    c.search.system = match c.search.system {
                        None => Some(CodeSystem::Icd10Cm),
                        Some(CodeSystem::Icd10Cm) => Some(CodeSystem::Icd10Pcs),
                        Some(CodeSystem::Icd10Pcs) => Some(CodeSystem::Cpt),
                        Some(CodeSystem::Cpt) => Some(CodeSystem::Hcpcs),
                        Some(CodeSystem::Hcpcs) => None,
                    };
                    self.request_search();
                }
            }
            Submit => self.submit(),
            Editor => {
                if let Some(Overlay::Composer(c)) = &self.overlay {
                    self.effects.push(Effect::Editor(c.question.to_string()));
                }
            }
            CursorLeft | CursorRight | LineStart | LineEnd | DeleteChar | DeleteForward
            | DeleteWord | DeleteToStart => {
                if let Some(edit) = Edit::for_action(action) {
                    self.line_edit(edit);
                }
            }
        }
    }

    fn back(&mut self) {
        if self.overlay.take().is_some() {
            return;
        }
        let Some(c) = self.chart.as_mut() else {
            return;
        };
        if self.screen == Screen::Queue {
            return;
        }
        if c.find.editing.take().is_some() {
            set_find_term(c, "");
        } else if c.pane == Pane::Search && !c.search.query.is_empty() {
            c.search.query.clear();
            c.search.hits.clear();
            c.search.generation += 1;
        } else if c.pane != Pane::Documents {
            c.pane = Pane::Documents;
        } else {
            self.screen = Screen::Queue;
            self.refresh_queue();
        }
    }

    fn navigate(&mut self, action: Action) {
        if matches!(self.overlay, Some(Overlay::Help { .. })) {
            let last = crate::tui::views::help::max_scroll(self, self.size);
            let Some(Overlay::Help { scroll }) = self.overlay.as_mut() else {
                return;
            };
            *scroll = step((*scroll).min(last), last + 1, action, 10);
            return;
        }
        if let Some(Overlay::Palette { input, selected }) = self.overlay.as_mut() {
            let n = palette::matches(input.as_str()).len();
            *selected = step(*selected, n, action, 5);
            return;
        }
        if self.overlay.is_some() {
            return;
        }
        let page = self.size.1.saturating_sub(8).max(1) as usize;
        match (self.screen, self.chart.as_mut()) {
            (Screen::Workspace, Some(c)) => {
                match c.pane {
                    Pane::Documents => {
                        let lines = c
                            .view
                            .documents
                            .get(c.document)
                            .map_or(0, |d| d.text.lines().count());
                        c.scroll = step(c.scroll, lines, action, page);
                    }
                    Pane::Coding => {
                        c.coding_selected =
                            step(c.coding_selected, c.view.assignments.len(), action, page)
                    }
                    Pane::Search => {
                        c.search.selected =
                            step(c.search.selected, c.search.hits.len(), action, page)
                    }
                    Pane::Detail => {
                        let n = c.detail.as_ref().map_or(0, |d| d.seventh_characters.len());
                        c.detail_selected = step(c.detail_selected, n, action, page);
                        return;
                    }
                }
                self.load_detail();
            }
            _ => {
                let n = self.queue.visible().len();
                self.queue.selected = step(self.queue.selected, n, action, page);
            }
        }
    }

    fn focus(&mut self, pane: Pane) {
        if let Some(c) = self.chart.as_mut() {
            c.pane = pane;
            c.find.editing = None;
        }
        self.screen = if self.chart.is_some() {
            Screen::Workspace
        } else {
            self.screen
        };
    }

    // ---- queue and chart --------------------------------------------------

    fn refresh_queue(&mut self) {
        match self.workbench.queue() {
            Ok(rows) => {
                self.queue.rows = rows;
                let n = self.queue.visible().len();
                self.queue.selected = self.queue.selected.min(n.saturating_sub(1));
            }
            Err(e) => self.error(format!("queue: {e}")),
        }
        self.refresh_setup();
        self.dirty = true;
    }

    /// Re-reads the chart count and the installed code sets (cheap: one
    /// count and a few version rows), so `r` after an import in another
    /// terminal shows it.
    fn refresh_setup(&mut self) {
        match self.workbench.chart_count() {
            Ok(n) => self.setup.charts = Some(n),
            Err(e) => {
                self.setup.charts = None;
                self.error(format!("counting charts: {e}"));
            }
        }
        match self.workbench.code_set_versions() {
            Ok(v) => self.setup.versions = v,
            Err(e) => self.error(format!("code sets: {e}")),
        }
    }

    fn claim_next(&mut self) {
        self.overlay = None;
        if self
            .chart
            .as_ref()
            .is_some_and(|c| c.view.mine && c.view.status == "in_progress")
        {
            // Leaving a chart in progress for the next keeps it claimed.
            self.chart = None;
        }
        match self.workbench.claim_next() {
            Ok(Some(id)) => self.open_chart(id),
            Ok(None) => {
                self.info("the queue is empty: no chart to claim");
                self.screen = Screen::Queue;
                self.refresh_queue();
            }
            Err(e) => self.error(format!("claim: {e}")),
        }
    }

    fn open_selected(&mut self) {
        let Some(row) = self
            .queue
            .visible()
            .get(self.queue.selected)
            .map(|r| (*r).clone())
        else {
            return;
        };
        if row.status == "new"
            && let Err(e) = self.workbench.claim(row.id)
        {
            self.error(format!("claim: {e}"));
            self.refresh_queue();
            return;
        }
        self.open_chart(row.id);
    }

    fn open_chart(&mut self, id: i64) {
        match self.workbench.open(id) {
            Ok(view) => {
                self.chart = Some(ChartState {
                    view,
                    pane: Pane::Documents,
                    document: 0,
                    scroll: 0,
                    find: FindState::default(),
                    coding_selected: 0,
                    search: SearchState::default(),
                    detail: None,
                    detail_selected: 0,
                    renewed_at: Instant::now(),
                });
                self.screen = Screen::Workspace;
                let c = self.chart.as_ref().map(|c| &c.view);
                if let Some(v) = c {
                    let note = if v.mine {
                        "claimed"
                    } else {
                        "read only (not yours)"
                    };
                    let msg = format!("chart {}: {note}", v.account);
                    let gaps = self.setup.uncovered(v.coding_date, v.inpatient);
                    if gaps.is_empty() {
                        self.info(&msg);
                    } else {
                        let gaps = coverage_message(&gaps, "its date of service");
                        self.error(format!("{msg}; {gaps}"));
                    }
                }
            }
            Err(e) => self.error(format!("open chart: {e}")),
        }
    }

    /// Reloads the open chart after a change (the store is the truth).
    fn reload_chart(&mut self) {
        let Some(c) = self.chart.as_mut() else {
            return;
        };
        match self.workbench.refresh(c.view.id) {
            Ok(view) => {
                c.coding_selected = c
                    .coding_selected
                    .min(view.assignments.len().saturating_sub(1));
                c.view = view;
            }
            Err(e) => {
                let msg = format!("reload chart: {e}");
                self.error(msg);
            }
        }
    }

    fn quit_releasing(&mut self) {
        if let Some(c) = &self.chart
            && c.view.mine
            && c.view.status == "in_progress"
        {
            // Best effort: the lease also expires on its own.
            let _ = self.workbench.release(c.view.id);
        }
        self.quit = true;
    }

    fn hold(&mut self, reason: &str) {
        let Some(id) = self.chart.as_ref().map(|c| c.view.id) else {
            return self.error("no chart open".into());
        };
        if reason.trim().is_empty() {
            return self.error("hold needs a reason: type  :hold REASON".into());
        }
        match self.workbench.hold(id, reason.trim()) {
            Ok(()) => {
                self.info("chart put on hold");
                self.leave_chart();
            }
            Err(e) => self.error(format!("hold: {e}")),
        }
    }

    fn release(&mut self) {
        let Some(id) = self.chart.as_ref().map(|c| c.view.id) else {
            return self.error("no chart open".into());
        };
        match self.workbench.release(id) {
            Ok(()) => {
                self.info("chart released to the queue");
                self.leave_chart();
            }
            Err(e) => self.error(format!("release: {e}")),
        }
    }

    fn leave_chart(&mut self) {
        self.chart = None;
        self.overlay = None;
        self.screen = Screen::Queue;
        self.refresh_queue();
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

/// A list cursor moved by a navigation action over `n` items.
fn step(at: usize, n: usize, action: Action, page: usize) -> usize {
    let last = n.saturating_sub(1);
    match action {
        Action::Up => at.saturating_sub(1),
        Action::Down => (at + 1).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        Action::PageUp => at.saturating_sub(page),
        Action::PageDown => (at + page).min(last),
        _ => at,
    }
}
