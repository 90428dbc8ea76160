//! The provider query composer: its fields and what its keys do (Tab
//! between fields, Enter adds an option or sends, the body in `$EDITOR`).

use super::*;

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

    /// Moves the focus (Tab / Shift-Tab inside the composer).
    pub fn step(&mut self, forward: bool) {
        use ComposerField::*;
        const ORDER: [ComposerField; 4] = [Provider, Question, Option, Send];
        let at = ORDER.iter().position(|f| *f == self.field).unwrap_or(0);
        self.field = ORDER[if forward { (at + 1) % 4 } else { (at + 3) % 4 }];
    }

    /// Enter: the next field, or add the option typed; `true` on Send.
    fn enter(&mut self) -> bool {
        match self.field {
            ComposerField::Provider => self.field = ComposerField::Question,
            ComposerField::Question => self.field = ComposerField::Option,
            ComposerField::Option if !self.option.as_str().trim().is_empty() => {
                let option = self.option.take();
                self.options.push(option.trim().to_string());
            }
            ComposerField::Option => self.field = ComposerField::Send,
            ComposerField::Send => return true,
        }
        false
    }

    /// Backspace on the empty option field takes back the last option
    /// added; `false` when it is an ordinary backspace.
    fn take_back_option(&mut self) -> bool {
        if self.field == ComposerField::Option && self.option.is_empty() {
            self.options.pop();
            return true;
        }
        false
    }
}

impl App {
    /// The composer's keys; the list keys do nothing while it is open.
    pub(super) fn composer_action(&mut self, action: Action) -> bool {
        let Some(Overlay::Composer(comp)) = self.overlay.as_mut() else {
            return false;
        };
        match action {
            Action::NextPane | Action::PrevPane => comp.step(action == Action::NextPane),
            Action::Submit => {
                if comp.enter() {
                    let comp = comp.clone();
                    self.overlay = None;
                    self.send_query(comp);
                }
            }
            Action::Editor => {
                let text = comp.question.to_string();
                self.effects.push(Effect::Editor(text));
            }
            Action::DeleteChar => return comp.take_back_option(),
            _ => return Nav::of(action).is_some(),
        }
        true
    }

    fn send_query(&mut self, comp: Composer) {
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
}
