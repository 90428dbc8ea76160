//! Who may do what.

crate::string_enum! {
    /// What a user may do. Ordered: each role may do what the ones before it
    /// may (auditor reads more than a coder, supervisor manages the queue,
    /// admin manages people).
    #[derive(PartialOrd, Ord)]
    pub enum Role: "role" {
        Coder = "coder",
        Auditor = "auditor",
        Supervisor = "supervisor",
        Admin = "admin",
    }
}
