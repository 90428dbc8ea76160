//! The Alphabetic Index browser overlay: type a main term (fuzzy, every
//! key), walk its subterms with the list keys, open and close them, follow
//! "see" / "see also" and come back, read the code checked against the
//! chart's Tabular List, and assign it from there, as coders are taught
//! (look it up in the index, verify in the Tabular).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use super::*;
use crate::domain::index_tree::{IndexCodeStatus, IndexTree, NodeId};

/// The most main terms listed for a query (the list scrolls; more typing
/// narrows it).
pub const MAIN_TERMS_LISTED: usize = 400;

/// What the browser shows: the typed main term, the visible rows, which
/// terms are open, and where "see" was followed from.
#[derive(Debug, Clone)]
pub struct IndexBrowser {
    pub tree: Arc<IndexTree>,
    /// The chart's date of service: codes are checked in its version.
    pub date: NaiveDate,
    pub query: LineEdit,
    /// Main terms matching the query, best first.
    pub roots: Vec<NodeId>,
    pub open: HashSet<NodeId>,
    /// The rows on screen, in order: each term and how deep it is.
    pub rows: Vec<(NodeId, u8)>,
    pub selected: usize,
    /// Where each follow came from, newest last; Back returns there.
    pub trail: Vec<Place>,
    /// Codes checked against the chart's version so far.
    pub checked: HashMap<String, Option<IndexCodeStatus>>,
}

/// A place in the browser to come back to.
#[derive(Debug, Clone)]
pub struct Place {
    pub query: String,
    pub open: HashSet<NodeId>,
    pub selected: usize,
}

impl IndexBrowser {
    pub fn new(tree: Arc<IndexTree>, date: NaiveDate) -> IndexBrowser {
        let mut b = IndexBrowser {
            tree,
            date,
            query: LineEdit::default(),
            roots: Vec::new(),
            open: HashSet::new(),
            rows: Vec::new(),
            selected: 0,
            trail: Vec::new(),
            checked: HashMap::new(),
        };
        b.requery();
        b
    }

    /// The query changed: match main terms again, from the top. Parts
    /// after a comma ("hernia, inguinal, unil") walk down from the best
    /// main term, opening the way and selecting the term reached.
    pub fn requery(&mut self) {
        let query = self.query.to_string();
        let mut parts = query.split(',');
        let main = parts.next().unwrap_or_default();
        let rest: Vec<&str> = parts.collect();
        self.roots = self.tree.find_main_terms(main, MAIN_TERMS_LISTED);
        self.selected = 0;
        let mut target = None;
        if !rest.is_empty()
            && let Some(&root) = self.roots.first()
        {
            let path = self.tree.walk(root, &rest);
            self.open.insert(root);
            self.open.extend(path.iter().rev().skip(1).copied());
            target = path.last().copied();
        }
        self.relayout();
        if let Some(t) = target {
            self.select(t);
        }
    }

    /// Rebuilds the rows from the roots and the open terms.
    pub fn relayout(&mut self) {
        let mut rows = Vec::new();
        let mut stack: Vec<(NodeId, u8)> = self.roots.iter().rev().map(|&r| (r, 0)).collect();
        while let Some((id, depth)) = stack.pop() {
            rows.push((id, depth));
            if self.open.contains(&id)
                && let Some(n) = self.tree.node(id)
            {
                stack.extend(n.children.iter().rev().map(|&c| (c, depth + 1)));
            }
        }
        self.rows = rows;
        self.selected = self.selected.min(self.rows.len().saturating_sub(1));
    }

    pub fn selected_node(&self) -> Option<NodeId> {
        self.rows.get(self.selected).map(|(id, _)| *id)
    }

    fn place(&self) -> Place {
        Place {
            query: self.query.to_string(),
            open: self.open.clone(),
            selected: self.selected,
        }
    }

    fn restore(&mut self, place: Place) {
        self.query = LineEdit::new(place.query);
        self.open = place.open;
        self.roots = self
            .tree
            .find_main_terms(self.query.as_str(), MAIN_TERMS_LISTED);
        self.relayout();
        self.selected = place.selected.min(self.rows.len().saturating_sub(1));
    }

    /// Opens the selected term (`true`) or closes it, or when it is closed
    /// or has no subterms goes to its parent (`false`).
    pub fn expand(&mut self, open: bool) {
        let Some(id) = self.selected_node() else {
            return;
        };
        let has_children = self.tree.node(id).is_some_and(|n| !n.children.is_empty());
        if open {
            if has_children {
                self.open.insert(id);
            }
        } else if has_children && self.open.remove(&id) {
            // closed it
        } else if let Some(parent) = self.tree.node(id).and_then(|n| n.parent) {
            self.open.remove(&parent);
            self.relayout();
            self.select(parent);
            return;
        }
        self.relayout();
    }

    /// Selects `id` if it is on screen.
    fn select(&mut self, id: NodeId) {
        if let Some(at) = self.rows.iter().position(|(r, _)| *r == id) {
            self.selected = at;
        }
    }

    /// Follows `reference` from where the browser is: the place is kept
    /// for Back; the main term is typed, the path opened and the term it
    /// names selected. `Err` says why it could not be followed.
    pub fn follow(&mut self, reference: &str) -> Result<String, String> {
        let Some((target, complete)) = self.tree.resolve(reference) else {
            return Err(format!("no main term {reference:?} in this index"));
        };
        self.trail.push(self.place());
        let path = self.tree.path(target);
        let main = path.first().copied().unwrap_or(target);
        let title = self
            .tree
            .node(main)
            .map_or(String::new(), |n| n.title.clone());
        self.query = LineEdit::new(title.clone());
        self.roots = self.tree.find_main_terms(&title, MAIN_TERMS_LISTED);
        self.open = path[..path.len().saturating_sub(1)]
            .iter()
            .copied()
            .collect();
        if complete {
            self.open.insert(target);
        }
        self.relayout();
        self.select(target);
        let reached = self.tree.path_text(target);
        Ok(if complete {
            format!("see {reference}: {reached}")
        } else {
            format!("see {reference}: {reached} (go on from here)")
        })
    }

    /// Back from a follow; `false` when there is nothing to go back to.
    pub fn back(&mut self) -> bool {
        match self.trail.pop() {
            Some(place) => {
                self.restore(place);
                true
            }
            None => false,
        }
    }
}

impl App {
    /// Opens the browser on the Alphabetic Index of the chart's version.
    pub(super) fn open_index_browser(&mut self) {
        let Some(date) = self.chart.as_ref().map(|c| c.view.coding_date) else {
            return self.error("open a chart first: the index follows its date of service".into());
        };
        match self.workbench.index_tree(date) {
            Ok(Some(tree)) => {
                self.overlay = Some(Overlay::Index(Box::new(IndexBrowser::new(tree, date))));
                self.check_selected_code();
            }
            Ok(None) => self.error(format!(
                "no Alphabetic Index for the ICD-10-CM version of {date}: an admin imports \
                 it with `chartq codes import-index icd10cm_index_YYYY.xml`"
            )),
            Err(e) => self.error(format!("index: {e}")),
        }
    }

    /// The browser's keys; `false` leaves `action` to the rest.
    pub(super) fn index_action(&mut self, action: Action) -> bool {
        let Some(Overlay::Index(b)) = self.overlay.as_mut() else {
            return false;
        };
        use Action::*;
        let message = match action {
            IndexExpand => {
                b.expand(true);
                None
            }
            IndexCollapse => {
                b.expand(false);
                None
            }
            IndexFollow | IndexSeeAlso => {
                let node = b.selected_node().and_then(|id| b.tree.node(id));
                let reference = node.and_then(|n| {
                    if action == IndexFollow {
                        n.see.clone()
                    } else {
                        n.see_also.clone()
                    }
                });
                match (reference, node.is_some_and(|n| !n.children.is_empty())) {
                    (Some(r), _) => Some(b.follow(&r)),
                    (None, true) if action == IndexFollow => {
                        let open = b.selected_node().is_some_and(|id| !b.open.contains(&id));
                        b.expand(open);
                        None
                    }
                    (None, _) if action == IndexSeeAlso => {
                        Some(Err("this term has no see also".to_string()))
                    }
                    (None, _) => None,
                }
            }
            IndexAssign => return self.index_assign(),
            Back => {
                if !b.back() {
                    self.overlay = None;
                }
                None
            }
            _ if Nav::of(action).is_some() => {
                b.selected = step(b.selected, b.rows.len(), action, 10);
                None
            }
            _ => return false,
        };
        match message {
            Some(Ok(m)) => self.info(&m),
            Some(Err(e)) => self.error(e),
            None => {}
        }
        self.check_selected_code();
        true
    }

    /// Typing changed the browser's query.
    pub(super) fn index_query_changed(&mut self) {
        if let Some(Overlay::Index(b)) = self.overlay.as_mut() {
            b.requery();
        }
        self.check_selected_code();
    }

    /// Checks the selected term's code (and manifestation) in the chart's
    /// version, once per code.
    pub(super) fn check_selected_code(&mut self) {
        let Some(Overlay::Index(b)) = self.overlay.as_mut() else {
            return;
        };
        let Some(node) = b.selected_node().and_then(|id| b.tree.node(id)) else {
            return;
        };
        let codes: Vec<String> = node
            .code
            .iter()
            .map(|c| c.code.clone())
            .chain(node.manifestation.clone())
            .filter(|c| !b.checked.contains_key(c))
            .collect();
        for code in codes {
            let status = self
                .workbench
                .index_code_status(b.date, &code)
                .ok()
                .flatten();
            b.checked.insert(code, status);
        }
    }

    /// Assigns the selected term's code if the Tabular check lets it be
    /// reported; a category or a code not in the version is refused with
    /// what to do instead.
    fn index_assign(&mut self) -> bool {
        let Some(Overlay::Index(b)) = self.overlay.as_ref() else {
            return false;
        };
        let Some(code) = b
            .selected_node()
            .and_then(|id| b.tree.node(id))
            .and_then(|n| n.code.as_ref())
            .map(|c| c.code.clone())
        else {
            self.error("this term gives no code: open it or follow its see".into());
            return true;
        };
        match b.checked.get(&code).cloned().flatten() {
            Some(IndexCodeStatus::Reportable) => {
                if self.assign_code(Some(CodeSystem::Icd10Cm), code) {
                    self.overlay = None;
                }
            }
            Some(IndexCodeStatus::Category { codes, .. }) => self.error(format!(
                "{code} is a category in this version: assign one of {} (search or the palette)",
                codes.iter().take(6).cloned().collect::<Vec<_>>().join(", ")
            )),
            Some(IndexCodeStatus::NotInVersion) | None => self.error(format!(
                "{code} is not a code of this chart's version: verify in the Tabular List"
            )),
        }
        true
    }
}
