//! The state the app keeps besides each screen's own: screens, panes, the
//! open chart, which overlay is open. Plain data; [`super::App::update`]
//! changes it.

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
    /// The coding edits on the chart's codes (shown once it has codes).
    Edits,
    Search,
    Detail,
}

impl Pane {
    const ORDER: [Pane; 5] = [
        Pane::Documents,
        Pane::Coding,
        Pane::Edits,
        Pane::Search,
        Pane::Detail,
    ];

    /// The next pane in the Tab order; the edits pane is skipped while it
    /// is hidden (`edits_shown` false: no codes yet).
    pub(super) fn step(self, forward: bool, edits_shown: bool) -> Pane {
        let at = Self::ORDER.iter().position(|p| *p == self).unwrap_or(0);
        let n = Self::ORDER.len();
        let next = Self::ORDER[if forward {
            (at + 1) % n
        } else {
            (at + n - 1) % n
        }];
        if next == Pane::Edits && !edits_shown {
            next.step(forward, edits_shown)
        } else {
            next
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexState {
    Loading,
    Ready,
    Failed(String),
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

impl SearchState {
    /// An empty query and no hits; an answer still out is dropped.
    pub(super) fn clear(&mut self) {
        self.query.clear();
        self.hits.clear();
        self.generation += 1;
    }

    /// The system filter's next system (all, then each in turn).
    pub(super) fn next_system(&mut self) {
        self.system = match self.system {
            None => Some(CodeSystem::Icd10Cm),
            Some(CodeSystem::Icd10Cm) => Some(CodeSystem::Icd10Pcs),
            Some(CodeSystem::Icd10Pcs) => Some(CodeSystem::Cpt),
            Some(CodeSystem::Cpt) => Some(CodeSystem::Hcpcs),
            Some(CodeSystem::Hcpcs) => None,
        };
    }
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
    /// Selected line of the edits pane.
    pub edits_selected: usize,
    pub search: SearchState,
    pub detail: Option<CodeDetail>,
    /// Selected 7th-character option in the detail pane.
    pub detail_selected: usize,
    pub renewed_at: Instant,
}

impl ChartState {
    /// `view` just opened: the first document, the documents focused.
    pub fn new(view: ChartView) -> ChartState {
        ChartState {
            view,
            pane: Pane::Documents,
            document: 0,
            scroll: 0,
            find: FindState::default(),
            coding_selected: 0,
            edits_selected: 0,
            search: SearchState::default(),
            detail: None,
            detail_selected: 0,
            renewed_at: Instant::now(),
        }
    }

    /// The next (or previous) document, from its top, the find term kept.
    pub(super) fn step_document(&mut self, forward: bool) {
        let n = self.view.documents.len().max(1);
        self.document = if forward {
            (self.document + 1) % n
        } else {
            (self.document + n - 1) % n
        };
        self.scroll = 0;
        let term = self.find.term.clone();
        set_find_term(self, &term);
    }
}

/// The kinds of text field, for what follows an edit
/// ([`super::App::edit_field`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Field {
    Palette,
    Composer,
    Find,
    Search,
    Reason,
    PcsBuilder,
    Index,
    /// The review screen's decision form.
    Review,
    /// The review outcomes screen's rebuttal or answer.
    Outcomes,
}

#[derive(Debug, Clone)]
pub enum Overlay {
    Help(HelpState),
    Palette(PaletteState),
    /// Asked to finalize: Enter confirms.
    ConfirmFinalize,
    /// What stands in the way of finalize: the store's problems and the
    /// edits' errors, and apart from them the warnings.
    Problems(FinalizeCheck),
    /// The listed warnings being acknowledged: the reason typed so far.
    Acknowledge(Acknowledging),
    /// Finalized: offer the next chart.
    Finalized {
        account: String,
    },
    Composer(Composer),
    /// The ICD-10-PCS table builder.
    PcsBuilder(Box<PcsBuilderState>),
    /// The Alphabetic Index browser.
    Index(Box<IndexBrowser>),
    /// The department's reports.
    Reports(Box<crate::tui::reports::ReportsState>),
    /// The auditor's review screen on a claimed review.
    Review(Box<crate::tui::review::ReviewScreen>),
    /// The review outcomes: the coder's, rebuttals and their answers.
    Outcomes(Box<crate::tui::review::outcomes::OutcomesScreen>),
}

/// Acknowledging warning edits at finalize.
#[derive(Debug, Clone, Default)]
pub struct Acknowledging {
    pub warnings: Vec<crate::domain::edit::Edit>,
    pub reason: LineEdit,
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
