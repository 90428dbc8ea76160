//! The overlays' Enter: palette commands, finalize, the provider query
//! composer.

use super::*;

impl App {
    pub(super) fn submit(&mut self) {
        match self.overlay.take() {
            Some(Overlay::Palette { input, selected }) => {
                self.run_palette(input.as_str(), selected)
            }
            Some(Overlay::ConfirmFinalize) => self.finalize(),
            Some(Overlay::Finalized { .. }) => self.leave_chart(),
            Some(Overlay::Problems(_)) => {}
            Some(Overlay::Composer(mut comp)) => {
                match comp.field {
                    ComposerField::Provider => comp.field = ComposerField::Question,
                    ComposerField::Question => comp.field = ComposerField::Option,
                    ComposerField::Option if !comp.option.as_str().trim().is_empty() => {
                        let option = comp.option.take();
                        comp.options.push(option.trim().to_string());
                    }
                    ComposerField::Option => comp.field = ComposerField::Send,
                    ComposerField::Send => return self.send_query(comp),
                }
                self.overlay = Some(Overlay::Composer(comp));
            }
            Some(other @ Overlay::Help { .. }) => self.overlay = Some(other),
            None => {
                if let Some(c) = self.chart.as_mut()
                    && c.find.editing.take().is_some()
                {
                    let term = c.find.term.clone();
                    set_find_term(c, &term);
                    if !c.find.matches.is_empty() {
                        c.scroll = c.find.matches[0].0.saturating_sub(2);
                    }
                }
            }
        }
    }

    pub(super) fn run_palette(&mut self, input: &str, selected: usize) {
        let input = input.trim();
        let (word, arg) = input.split_once(' ').unwrap_or((input, ""));
        let command = palette::resolve(word).or_else(|| {
            // Enter on an empty or partial entry runs the highlighted one.
            palette::matches(input).get(selected).map(|c| c.command)
        });
        match command {
            Some(Command::Action(a)) => self.run(a, arg.trim()),
            Some(Command::Modifiers) => {
                let mods = arg
                    .split_whitespace()
                    .map(|m| m.to_ascii_uppercase())
                    .collect();
                self.edit_selected(AssignmentEdit::Modifiers(mods));
            }
            Some(Command::Units) => match arg.trim() {
                "" => self.edit_selected(AssignmentEdit::Units(None)),
                n => match n.parse::<u32>() {
                    Ok(u) if u > 0 => self.edit_selected(AssignmentEdit::Units(Some(u))),
                    _ => self.error("units is a whole number above 0".into()),
                },
            },
            Some(Command::Role) => match arg.trim().parse::<Role>().ok() {
                Some(r) => self.edit_selected(AssignmentEdit::Role(r)),
                None => self
                    .error("role is principal, secondary, admitting, reason or procedure".into()),
            },
            None => self.error(format!("unknown command {word:?} (? lists them)")),
        }
    }

    /// `F`: the store's problems when there are any (nothing to confirm
    /// yet), otherwise the confirmation.
    pub(super) fn confirm_finalize(&mut self) {
        let Some(id) = self.chart.as_ref().map(|c| c.view.id) else {
            return;
        };
        match self.workbench.finalize_problems(id) {
            Ok(problems) if problems.is_empty() => self.overlay = Some(Overlay::ConfirmFinalize),
            Ok(problems) => self.overlay = Some(Overlay::Problems(problems)),
            Err(e) => self.error(format!("finalize: {e}")),
        }
    }

    pub(super) fn finalize(&mut self) {
        let Some(c) = self.chart.as_ref() else {
            return;
        };
        let (id, account) = (c.view.id, c.view.account.clone());
        match self.workbench.finalize(id) {
            Ok(problems) if problems.is_empty() => {
                self.overlay = Some(Overlay::Finalized { account });
                self.reload_chart();
            }
            Ok(problems) => self.overlay = Some(Overlay::Problems(problems)),
            Err(e) => self.error(format!("finalize: {e}")),
        }
    }

    pub(super) fn send_query(&mut self, comp: Composer) {
        let Some(id) = self.chart.as_ref().map(|c| c.view.id) else {
            return;
        };
        let d = comp.draft();
        if d.provider.is_empty() || d.question.is_empty() {
            self.error("a provider query needs a provider and a question".into());
            self.overlay = Some(Overlay::Composer(comp));
            return;
        }
        match self.workbench.ask(id, &d) {
            Ok(()) => {
                self.info("provider query sent; the chart is on hold");
                self.leave_chart();
            }
            Err(e) => {
                self.error(format!("provider query: {e}"));
                self.overlay = Some(Overlay::Composer(comp));
            }
        }
    }

    /// Moves the composer's focus (Tab / Shift-Tab inside the composer).
    pub fn composer_step(&mut self, forward: bool) -> bool {
        let Some(Overlay::Composer(c)) = self.overlay.as_mut() else {
            return false;
        };
        use ComposerField::*;
        const ORDER: [ComposerField; 4] = [Provider, Question, Option, Send];
        let at = ORDER.iter().position(|f| *f == c.field).unwrap_or(0);
        c.field = ORDER[if forward { (at + 1) % 4 } else { (at + 3) % 4 }];
        true
    }

    pub(super) fn info(&mut self, msg: &str) {
        self.status = Some((msg.to_string(), false));
        self.dirty = true;
    }

    pub(super) fn error(&mut self, msg: String) {
        self.status = Some((msg, true));
        self.dirty = true;
    }
}
