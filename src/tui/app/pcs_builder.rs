//! The ICD-10-PCS table builder overlay: the coder picks section, body
//! system, root operation, body part, approach, device and qualifier, each
//! list showing only the values valid after the picks so far in the PCS
//! version of the chart's date of service, and assigns the code built —
//! through the same path as a search hit ([`App::assign_code`]).
//!
//! The field at the top holds the characters chosen: typing a character
//! picks that value (a character no valid code continues with is refused,
//! the field unchanged), the field's delete key steps back an axis, Enter
//! picks the highlighted value or, once seven characters make a code,
//! assigns it. Opened from the search pane on a query shaped like a PCS
//! prefix, it starts there (`0DT`: the body parts of a resection in the
//! gastrointestinal system).

use super::*;
use crate::app::pcs_builder::PcsBuilder;
use crate::engines::pcs_builder::{Step, normalize_prefix};

/// The open builder.
#[derive(Debug, Clone)]
pub struct PcsBuilderState {
    pub builder: PcsBuilder,
    /// The characters chosen, as the field shows them.
    pub typed: LineEdit,
    /// The step after them.
    pub step: Step,
    /// The highlighted value.
    pub selected: usize,
}

/// The section characters of ICD-10-PCS: a query starting with another
/// character is not a PCS prefix.
const SECTIONS: &str = "0123456789BCDFGHX";

/// A search query shaped like a partial PCS code, normalised: what the
/// search pane offers to open the builder at. 1–6 characters with a
/// section first, and a digit first or second or third: words ("chest",
/// "hip") start with a letter section too, but have no digit (a CM-like
/// "dm2" still passes; the builder refuses it if no code starts so).
pub fn pcs_query_prefix(query: &str) -> Option<String> {
    let p = normalize_prefix(query)?;
    let first = p.chars().next()?;
    let digit = p.chars().take(3).any(|c| c.is_ascii_digit());
    (p.len() <= 6 && SECTIONS.contains(first) && digit).then_some(p)
}

impl App {
    /// Opens the builder for the open chart's date of service, at the
    /// search query when the search pane has a PCS prefix in it.
    pub(super) fn open_pcs_builder(&mut self) {
        let Some(c) = self.chart.as_ref() else {
            return self.error("no chart open".into());
        };
        let start = match c.pane {
            Pane::Search => pcs_query_prefix(c.search.query.as_str()),
            _ => None,
        };
        let builder = match self.workbench.pcs_builder(c.view.coding_date) {
            Ok(b) => b,
            Err(e) => return self.error(format!("PCS table builder: {e}")),
        };
        let at_query = start.and_then(|p| builder.step(&p).ok());
        let step = match at_query {
            Some(step) => step,
            None => match builder.step("") {
                Ok(step) => step,
                Err(e) => return self.error(format!("PCS table builder: {e}")),
            },
        };
        self.overlay = Some(Overlay::PcsBuilder(Box::new(PcsBuilderState {
            typed: LineEdit::new(step.prefix.clone()),
            builder,
            step,
            selected: 0,
        })));
    }

    /// The builder's own keys: Enter picks or assigns, the list keys move
    /// the highlight. `false` leaves the rest (close, field edits) to the app.
    pub(super) fn pcs_builder_action(&mut self, action: Action) -> bool {
        let Some(Overlay::PcsBuilder(b)) = self.overlay.as_mut() else {
            return false;
        };
        if action == Action::Submit {
            if let Some((code, _)) = b.step.code.clone() {
                if self.assign_code(Some(CodeSystem::Icd10Pcs), code) {
                    self.overlay = None;
                }
                return true;
            }
            if let Some(v) = b.step.values.get(b.selected) {
                let next = format!("{}{}", b.step.prefix, v.ch);
                self.pcs_builder_go(&next);
            }
            return true;
        }
        if Nav::of(action).is_none() {
            return false;
        }
        b.selected = step(b.selected, b.step.values.len(), action, 10);
        true
    }

    /// The field changed: the step after what it now holds; a prefix no
    /// valid code continues is refused and the field put back.
    pub(super) fn pcs_builder_edited(&mut self) {
        let Some(Overlay::PcsBuilder(b)) = self.overlay.as_ref() else {
            return;
        };
        let typed = b.typed.to_string();
        self.pcs_builder_go(&typed);
    }

    fn pcs_builder_go(&mut self, prefix: &str) {
        let Some(Overlay::PcsBuilder(b)) = self.overlay.as_mut() else {
            return;
        };
        match b.builder.step(prefix) {
            Ok(step) => {
                b.typed.set(step.prefix.clone());
                b.step = step;
                b.selected = 0;
                self.status = None;
            }
            Err(e) => {
                b.typed.set(b.step.prefix.clone());
                let version = b.builder.version.clone();
                self.error(format!("{e} (ICD-10-PCS {version})"));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::pcs_query_prefix;

    #[test]
    fn pcs_prefixes_of_a_query() {
        assert_eq!(pcs_query_prefix("0dt").as_deref(), Some("0DT"));
        assert_eq!(pcs_query_prefix("0SRB0J").as_deref(), Some("0SRB0J"));
        assert_eq!(pcs_query_prefix("0SRB0J9"), None);
        assert_eq!(pcs_query_prefix("E11"), None);
        assert_eq!(pcs_query_prefix("chf exac"), None);
        assert_eq!(pcs_query_prefix("chest"), None);
        assert_eq!(pcs_query_prefix("hip"), None);
        assert_eq!(pcs_query_prefix("XW0").as_deref(), Some("XW0"));
        assert_eq!(pcs_query_prefix("0").as_deref(), Some("0"));
        assert_eq!(pcs_query_prefix(""), None);
    }
}
