//! The coding summary's and the search's actions on the open chart:
//! assign, remove, reorder, principal, POA and the palette's edits.

use super::*;

impl App {
    /// Remove, move, principal, POA, assign.
    pub(super) fn coding_action(&mut self, action: Action) {
        match action {
            Action::Remove => self.with_selected_code(|wb, id, a| wb.unassign(id, &a.code)),
            Action::MoveUp | Action::MoveDown => self.move_code(action == Action::MoveUp),
            Action::Principal => {
                self.with_selected_code(|wb, id, a| wb.make_principal(id, &a.code))
            }
            Action::Poa => self.set_poa(None),
            Action::Assign => self.assign_selected(),
            _ => {}
        }
    }

    pub(super) fn selected_assignment(&self) -> Option<(i64, Assignment)> {
        let c = self.chart.as_ref()?;
        let a = c.view.assignments.get(c.coding_selected)?;
        Some((c.view.id, a.clone()))
    }

    pub(super) fn with_selected_code(
        &mut self,
        f: impl FnOnce(&mut dyn Workbench, i64, &Assignment) -> color_eyre::Result<()>,
    ) {
        let Some((id, a)) = self.selected_assignment() else {
            return self.error("no code selected".into());
        };
        match f(self.workbench.as_mut(), id, &a) {
            Ok(()) => {
                self.reload_chart();
                // The detail follows the selection: a removed code's notes
                // must not stay on screen.
                self.load_detail();
            }
            Err(e) => self.error(format!("{}: {e}", a.code)),
        }
    }

    pub(super) fn move_code(&mut self, up: bool) {
        let Some(c) = self.chart.as_ref() else {
            return;
        };
        let at = c.coding_selected;
        let n = c.view.assignments.len();
        let to = if up {
            at.checked_sub(1)
        } else {
            (at + 1 < n).then_some(at + 1)
        };
        let Some(to) = to else {
            return;
        };
        self.with_selected_code(|wb, id, a| wb.sequence(id, &a.code, to + 1));
        if let Some(c) = self.chart.as_mut() {
            c.coding_selected = to;
        }
    }

    /// Sets the selected code's POA to `poa`; `None` steps it through the
    /// cycle (the POA key).
    pub(super) fn set_poa(&mut self, poa: Option<crate::domain::coding::Poa>) {
        let Some((_, a)) = self.selected_assignment() else {
            return self.error("no code selected".into());
        };
        let poa = poa.or_else(|| next_poa(a.poa, a.poa_exempt));
        self.with_selected_code(|wb, id, a| wb.edit(id, &a.code, &AssignmentEdit::Poa(poa)));
    }

    /// Applies a palette edit (`modifiers`, `units`, `role`) to the
    /// selected code.
    pub(super) fn edit_selected(&mut self, edit: AssignmentEdit) {
        self.with_selected_code(|wb, id, a| wb.edit(id, &a.code, &edit));
    }

    /// Assigns the selected search hit, or in the detail pane the code
    /// completed with the chosen 7th character.
    pub(super) fn assign_selected(&mut self) {
        let Some(c) = self.chart.as_ref() else {
            return;
        };
        let picked = match c.pane {
            Pane::Detail => c
                .detail
                .as_ref()
                .map(|d| match picked_code(d, c.detail_selected) {
                    Some(code) if code != d.code => (d.system, code),
                    _ => (d.system, d.code.clone()),
                }),
            _ => c
                .search
                .hits
                .get(c.search.selected)
                .map(|h| (h.system, h.code.clone())),
        };
        let Some((system, code)) = picked else {
            return self.error("nothing selected to assign".into());
        };
        if self.assign_code(Some(system), code)
            && let Some(c) = self.chart.as_mut()
        {
            // Ready for the next code.
            c.pane = Pane::Search;
        }
    }

    /// `assign CODE [SYSTEM]`: a code the coder knows, no search needed;
    /// without a system, the store finds the code set that has it.
    pub(super) fn assign_typed(&mut self, code: &str, system: Option<CodeSystem>) {
        self.assign_code(system, code.to_string());
    }

    /// Assigns `code`; the store decides its role (the first diagnosis
    /// becomes the principal, later ones secondary, procedure codes
    /// procedures) and, without `system`, its code set. The search is
    /// cleared for the next code. `true` when the store took it.
    pub(super) fn assign_code(&mut self, system: Option<CodeSystem>, code: String) -> bool {
        let Some(c) = self.chart.as_ref() else {
            self.error("no chart open".into());
            return false;
        };
        let id = c.view.id;
        match self.workbench.assign(id, system, &code) {
            Ok(assigned) => {
                self.reload_chart();
                if let Some(c) = self.chart.as_mut() {
                    c.search.clear();
                    c.coding_selected = c
                        .view
                        .assignments
                        .iter()
                        .position(|a| lookup_key(&a.code) == lookup_key(&code))
                        .unwrap_or(0);
                }
                self.info(&format!("assigned {} as {}", assigned.code, assigned.role));
                true
            }
            Err(e) => {
                self.error(format!("assign {code}: {e}"));
                false
            }
        }
    }
}
