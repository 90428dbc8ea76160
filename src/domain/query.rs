//! Provider queries as a coder sees them.

crate::string_enum! {
    /// Where a provider query is: drafted, sent, answered, closed.
    pub enum ProviderQueryStatus: "provider query status" {
        Draft = "draft",
        Open = "open",
        Answered = "answered",
        Closed = "closed",
    }
}
