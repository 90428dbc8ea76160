//! The status line's message and how much it matters: the one value every
//! screen sets to say what happened or why it did not.

/// How much a status message matters: it decides the style and whether
/// a test (or a screen reader) treats it as a failure.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// What just happened ("assigned I10 as secondary").
    Info,
    /// What did not happen, and why.
    Error,
}

/// One message on the status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMessage {
    pub severity: Severity,
    pub text: String,
}

impl StatusMessage {
    pub fn new(severity: Severity, text: impl Into<String>) -> Self {
        StatusMessage {
            severity,
            text: text.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}
