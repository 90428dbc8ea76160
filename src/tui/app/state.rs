//! The state the app keeps: screens, panes, the queue, the open chart and
//! the overlays. Plain data; [`super::App::update`] changes it.

use super::*;
use crate::domain::codes::CodeSetVersion;
use crate::domain::coverage::{self, SystemCoverage};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screen {
    Queue,
    Workspace,
    /// The database has no users yet: only how to make the first admin.
    NoUsers,
}

/// What the getting-started guidance and the code-set coverage warnings
/// are made of, read from the store with the queue.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Setup {
    /// Charts in the database in any status; `None` until read (or when
    /// reading failed), so a failure never passes for a first run.
    pub charts: Option<u64>,
    /// The installed code-set versions.
    pub versions: Vec<CodeSetVersion>,
}

impl Setup {
    /// Per ICD-10 system a chart dated `date` is coded in (ICD-10-CM;
    /// ICD-10-PCS too for an inpatient stay), those no installed version
    /// covers: the store would refuse every code of theirs.
    pub fn uncovered(&self, date: NaiveDate, inpatient: bool) -> Vec<SystemCoverage> {
        let systems: &[CodeSystem] = if inpatient {
            &[CodeSystem::Icd10Cm, CodeSystem::Icd10Pcs]
        } else {
            &[CodeSystem::Icd10Cm]
        };
        systems
            .iter()
            .map(|s| coverage::system_coverage(&self.versions, *s, date))
            .filter(|c| !c.covered())
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Documents,
    Coding,
    Search,
    Detail,
}

impl Pane {
    const ORDER: [Pane; 4] = [Pane::Documents, Pane::Coding, Pane::Search, Pane::Detail];

    pub(super) fn step(self, forward: bool) -> Pane {
        let at = Self::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        let n = Self::ORDER.len();
        Self::ORDER[if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        }]
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexState {
    Loading,
    Ready,
    Failed(String),
}

/// Queue sort orders, in the order the sort key cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortKey {
    Priority,
    Waiting,
    DateOfService,
    Account,
}

/// Queue filters, in the order the filter key cycles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueFilter {
    All,
    Mine,
    New,
    OnHold,
}

#[derive(Debug, Clone)]
pub struct QueueState {
    pub rows: Vec<QueueRow>,
    pub selected: usize,
    pub sort: SortKey,
    pub filter: QueueFilter,
}

impl QueueState {
    /// The rows shown, filtered and sorted.
    pub fn visible(&self) -> Vec<&QueueRow> {
        let mut rows: Vec<&QueueRow> = self
            .rows
            .iter()
            .filter(|r| match self.filter {
                QueueFilter::All => true,
                QueueFilter::Mine => r.mine,
                QueueFilter::New => r.status == "new",
                QueueFilter::OnHold => r.status == "on_hold",
            })
            .collect();
        match self.sort {
            SortKey::Priority => rows.sort_by_key(|r| (r.priority, r.due, -r.days_waiting)),
            SortKey::Waiting => rows.sort_by_key(|r| (-r.days_waiting, r.priority)),
            SortKey::DateOfService => rows.sort_by_key(|r| (r.date_of_service, r.priority)),
            SortKey::Account => rows.sort_by(|a, b| a.account.cmp(&b.account)),
        }
        rows
    }

    /// (new, mine, on hold, due by `today`).
    pub fn counts(&self, today: NaiveDate) -> (usize, usize, usize, usize) {
        let count = |f: &dyn Fn(&QueueRow) -> bool| self.rows.iter().filter(|r| f(r)).count();
        (
            count(&|r| r.status == "new"),
            count(&|r| r.mine),
            count(&|r| r.status == "on_hold"),
            count(&|r| {
                r.due.is_some_and(|d| d <= today)
                    && matches!(r.status.as_str(), "new" | "in_progress" | "on_hold")
            }),
        )
    }
}

/// Find in the open document.
#[derive(Debug, Clone, Default)]
pub struct FindState {
    /// `Some` while the find field is being typed into.
    pub editing: Option<LineEdit>,
    pub term: String,
    /// `(line, byte range)` of every match in the current document.
    pub matches: Vec<(usize, std::ops::Range<usize>)>,
    pub current: usize,
}

#[derive(Debug, Clone, Default)]
pub struct SearchState {
    pub query: LineEdit,
    pub system: Option<CodeSystem>,
    pub hits: Vec<SearchHit>,
    pub selected: usize,
    pub generation: u64,
    /// A request is out and its answer not yet in.
    pub pending: bool,
}

/// The open chart and the workspace around it.
#[derive(Debug, Clone)]
pub struct ChartState {
    pub view: ChartView,
    pub pane: Pane,
    pub document: usize,
    /// First document line shown.
    pub scroll: usize,
    pub find: FindState,
    pub coding_selected: usize,
    pub search: SearchState,
    pub detail: Option<CodeDetail>,
    /// Selected 7th-character option in the detail pane.
    pub detail_selected: usize,
    pub renewed_at: Instant,
}

/// The kinds of text field, for what follows an edit
/// ([`super::App::edit_field`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Palette,
    Composer,
    Find,
    Search,
}

/// The provider query composer's fields, in Tab order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ComposerField {
    Provider,
    Question,
    Option,
    Send,
}

#[derive(Debug, Clone)]
pub struct Composer {
    pub provider: LineEdit,
    /// Typed inline, or written in `$EDITOR` (then it may have lines).
    pub question: LineEdit,
    /// The coder's options so far (the compliant two are added on send).
    pub options: Vec<String>,
    /// The option being typed.
    pub option: LineEdit,
    pub field: ComposerField,
}

impl Composer {
    /// A new query to `provider`, the question field focused.
    pub fn new(provider: &str) -> Composer {
        Composer {
            provider: LineEdit::new(provider),
            question: LineEdit::default(),
            options: Vec::new(),
            option: LineEdit::default(),
            field: ComposerField::Question,
        }
    }

    /// The text field with focus (none on Send).
    pub fn focused(&mut self) -> Option<&mut LineEdit> {
        match self.field {
            ComposerField::Provider => Some(&mut self.provider),
            ComposerField::Question => Some(&mut self.question),
            ComposerField::Option => Some(&mut self.option),
            ComposerField::Send => None,
        }
    }

    /// What is sent to the store.
    pub fn draft(&self) -> ProviderQueryDraft {
        ProviderQueryDraft {
            provider: self.provider.as_str().trim().to_string(),
            question: self.question.as_str().trim().to_string(),
            options: self.options.clone(),
        }
    }
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Help {
        scroll: usize,
    },
    Palette {
        input: LineEdit,
        selected: usize,
    },
    /// Asked to finalize: Enter confirms.
    ConfirmFinalize,
    /// The store refused; these are its reasons.
    Problems(Vec<String>),
    /// Finalized: offer the next chart.
    Finalized {
        account: String,
    },
    Composer(Composer),
}

/// Recomputes the find matches for `term` in the current document.
pub(super) fn set_find_term(c: &mut ChartState, term: &str) {
    c.find.term = term.to_string();
    c.find.matches.clear();
    c.find.current = 0;
    if term.is_empty() {
        return;
    }
    let needle = term.to_lowercase();
    if let Some(doc) = c.view.documents.get(c.document) {
        for (n, line) in doc.text.lines().enumerate() {
            let hay = line.to_lowercase();
            // Lower-casing can change byte lengths outside ASCII; only keep
            // ranges that still fall on the original line's boundaries.
            let mut from = 0;
            while let Some(at) = hay[from..].find(&needle) {
                let start = from + at;
                let end = start + needle.len();
                if line.is_char_boundary(start) && line.is_char_boundary(end) && end <= line.len() {
                    c.find.matches.push((n, start..end));
                }
                from = end.max(start + 1);
                while from < hay.len() && !hay.is_char_boundary(from) {
                    from += 1;
                }
            }
        }
    }
}
