//! Everything a coder can do, by name. The keymap binds keys to these, the
//! help overlay lists them and the command palette runs them by name, so
//! the three can never disagree.

/// Where an action applies. A key is looked up in the focused scope first,
/// then in [`Scope::Global`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scope {
    Global,
    Queue,
    /// The chart workspace, whatever pane has focus.
    Workspace,
    Documents,
    Coding,
    /// The coding edits pane.
    Edits,
    /// The code search pane; printable keys type into the query.
    Search,
    Detail,
    /// The finalize overlay's list of problems and warnings.
    Finalize,
    /// Any text field (palette, find, composer): printable keys type.
    Input,
    /// The Alphabetic Index browser; printable keys type the main term.
    Index,
    /// The auditor's review screen.
    Review,
    /// The review screen's decision form (change, add, delete with a
    /// comment); printable keys type into its field.
    ReviewForm,
    /// The review outcomes screen (the coder's, and auditors' answers).
    Outcomes,
}

impl Scope {
    pub const ALL: [Scope; 14] = [
        Scope::Global,
        Scope::Queue,
        Scope::Workspace,
        Scope::Documents,
        Scope::Coding,
        Scope::Edits,
        Scope::Search,
        Scope::Detail,
        Scope::Finalize,
        Scope::Input,
        Scope::Index,
        Scope::Review,
        Scope::ReviewForm,
        Scope::Outcomes,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Scope::Global => "Everywhere",
            Scope::Queue => "Queue",
            Scope::Workspace => "Chart",
            Scope::Documents => "Documents pane",
            Scope::Coding => "Coding summary pane",
            Scope::Edits => "Edits pane",
            Scope::Search => "Code search pane",
            Scope::Detail => "Code detail pane",
            Scope::Finalize => "Finalize",
            Scope::Input => "Text fields",
            Scope::Index => "Index browser",
            Scope::Review => "Review screen",
            Scope::ReviewForm => "Review decision form",
            Scope::Outcomes => "Review outcomes",
        }
    }

    /// Scopes whose printable keys type text instead of running actions.
    pub fn types_text(self) -> bool {
        matches!(
            self,
            Scope::Search | Scope::Input | Scope::Index | Scope::ReviewForm
        )
    }
}

macro_rules! actions {
    ($($variant:ident = $name:literal, $scope:ident, $help:literal;)*) => {
        /// A user action. Its `name` is the key in `[tui.keys]` and the
        /// command-palette word.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant),* }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The config / palette name.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),* }
            }

            /// Where the action's keys are bound.
            pub fn scope(self) -> Scope {
                match self { $(Action::$variant => Scope::$scope),* }
            }

            /// One line for the help overlay and the palette; a key it
            /// names is written `{action}`, for
            /// [`Keymap::fill`](super::keymap::Keymap::fill) to fill in.
            pub fn help(self) -> &'static str {
                match self { $(Action::$variant => $help),* }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                Self::ALL.iter().copied().find(|a| a.name() == name).or_else(|| {
                    RENAMED.iter().find(|(old, _)| *old == name).map(|&(_, a)| a)
                })
            }
        }
    };
}

/// Names earlier releases used, still accepted in `[tui.keys]` so an
/// existing config keeps working.
const RENAMED: [(&str, Action); 1] = [("clear_field", Action::DeleteToStart)];

actions! {
    Help = "help", Global, "show or hide this help";
    Palette = "palette", Global, "command palette (type a command, {submit} runs it)";
    Back = "back", Global, "back / close / cancel";
    Quit = "quit", Global, "quit (releases the chart's lease)";
    ForceQuit = "force_quit", Global, "quit from anywhere, even a text field";
    Suspend = "suspend", Global, "suspend to the shell (fg resumes)";
    ClaimNext = "next", Queue, "claim the next chart and open it";
    Open = "open", Queue, "open the selected chart (claims it if new)";
    Sort = "sort", Queue, "change the sort order";
    Filter = "filter", Queue, "change the status filter";
    Refresh = "refresh", Queue, "reload the queue";
    Up = "up", Global, "move up";
    Down = "down", Global, "move down";
    Top = "top", Global, "go to the top";
    Bottom = "bottom", Global, "go to the bottom";
    PageUp = "page_up", Global, "page up";
    PageDown = "page_down", Global, "page down";
    NextPane = "next_pane", Workspace, "next pane";
    PrevPane = "prev_pane", Workspace, "previous pane";
    Search = "search", Workspace, "search codes (type; {assign} assigns the selected code)";
    Finalize = "finalize", Workspace, "finalize the chart (lists problems first)";
    Ask = "ask", Workspace, "write a provider query";
    Hold = "hold", Workspace, "put the chart on hold (palette: hold REASON)";
    Release = "release", Workspace, "release the chart back to the queue";
    Mask = "mask", Global, "mask or show patient names";
    Theme = "theme", Global, "next theme (palette: theme NAME)";
    Find = "find", Documents, "find in the document";
    FindNext = "find_next", Documents, "next match";
    FindPrev = "find_prev", Documents, "previous match";
    NextDocument = "next_document", Documents, "next document";
    PrevDocument = "prev_document", Documents, "previous document";
    Remove = "remove", Coding, "remove the selected code";
    MoveUp = "move_up", Coding, "move the selected code up";
    MoveDown = "move_down", Coding, "move the selected code down";
    Principal = "principal", Coding, "make the selected code the principal diagnosis";
    Poa = "poa", Coding, "cycle POA: Y N U W 1 (blank); an exempt code: 1 first";
    GoToCode = "go_to_code", Edits, "select the edit's code in the codes pane";
    Acknowledge = "acknowledge", Finalize, "acknowledge the listed warnings with a reason, then finalize";
    Assign = "assign", Search, "assign the selected code (palette: assign CODE)";
    SystemFilter = "system", Search, "cycle the code system filter";
    Submit = "submit", Input, "accept the field / send";
    Editor = "editor", Input, "edit the provider query body in $EDITOR";
    CursorLeft = "cursor_left", Input, "move the cursor left";
    CursorRight = "cursor_right", Input, "move the cursor right";
    LineStart = "line_start", Input, "move the cursor to the start of the field";
    LineEnd = "line_end", Input, "move the cursor to the end of the field";
    DeleteChar = "delete_char", Input, "delete the character before the cursor";
    DeleteForward = "delete_forward", Input, "delete the character under the cursor";
    DeleteWord = "delete_word", Input, "delete the word before the cursor";
    DeleteToStart = "delete_to_start", Input, "delete from the cursor to the start of the field";
    // The ICD-10-PCS table builder (issue 14).
    PcsBuilder = "pcs_builder", Workspace, "ICD-10-PCS table builder (at the search query if it starts a PCS code)";
    IndexBrowser = "index", Workspace, "browse the Alphabetic Index (type a main term, {index_expand} opens it)";
    IndexExpand = "index_expand", Index, "open the selected term's subterms";
    IndexCollapse = "index_collapse", Index, "close the selected term (or go to its parent)";
    IndexFollow = "index_follow", Index, "follow the term's see (else open or close it); {back} comes back";
    IndexSeeAlso = "index_see_also", Index, "follow the term's see also; {back} comes back";
    IndexAssign = "index_assign", Index, "assign the term's code once the Tabular check passes";
    // The department's reports (issue 15).
    Reports = "reports", Queue, "department reports: productivity, backlog, queries ({next_pane} next tab)";
    // The auditor's review screen (issue 15).
    ReviewNext = "review", Queue, "review the next sampled chart (auditors, supervisors, admins)";
    ReviewAgree = "review_agree", Review, "agree with the selected code";
    ReviewPoa = "review_poa", Review, "correct the selected code's POA: Y N U W 1 (reason poa)";
    ReviewDelete = "review_delete", Review, "delete the selected code, for the reason shown";
    ReviewReason = "review_reason", Review, "cycle the reason the next change or deletion gets";
    ReviewClose = "review_close", Review, "agree with the undecided codes and close the review";
    ReviewRelease = "review_release", Review, "give the review back to the queue";
    ReviewChange = "review_change", Review, "change the selected code to another code (search it; role, POA, seq, modifiers), with a reason";
    ReviewAdd = "review_add", Review, "add a code the coder missed (search it), with a reason";
    ReviewDeleteWhy = "review_delete_why", Review, "delete the selected code with a reason and a comment";
    ReviewFieldNext = "review_field_next", ReviewForm, "next field of the decision form ({up}/{down} pick a hit or change the value, {submit} records)";
    ReviewFieldPrev = "review_field_prev", ReviewForm, "previous field of the decision form";
    ReviewOutcomes = "review_outcomes", Queue, "review outcomes: the auditor's decisions per code; rebut once (auditors: answer rebuttals)";
    ReviewRebut = "review_rebut", Outcomes, "rebut the selected review, once ({submit} sends)";
    ReviewAccept = "review_accept", Outcomes, "accept the coder's rebuttal: their codes and DRG stand again (auditors)";
    ReviewUphold = "review_uphold", Outcomes, "uphold the review against the rebuttal (auditors)";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut names: Vec<&str> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
        }
    }

    #[test]
    fn keys_in_help_texts_name_actions() {
        for a in Action::ALL {
            let mut rest = a.help();
            while let Some(at) = rest.find('{') {
                let end = rest[at..].find('}').expect("closed") + at;
                assert!(
                    Action::from_name(&rest[at + 1..end]).is_some(),
                    "{a:?}: {}",
                    a.help()
                );
                rest = &rest[end + 1..];
            }
        }
    }

    #[test]
    fn a_renamed_action_keeps_its_old_name() {
        assert_eq!(
            Action::from_name("clear_field"),
            Some(Action::DeleteToStart)
        );
        assert!(
            RENAMED
                .iter()
                .all(|(old, _)| Action::from_name(old).is_some()
                    && Action::ALL.iter().all(|a| a.name() != *old))
        );
    }
}
