//! What a code says on a chart: its role and its present-on-admission
//! indicator.

crate::string_enum! {
    /// What a code says about the encounter.
    pub enum CodeRole: "role" {
        /// Principal diagnosis (inpatient) or first-listed diagnosis (others).
        Principal = "principal",
        Secondary = "secondary",
        Admitting = "admitting",
        /// Reason for visit (outpatient, ED).
        Reason = "reason",
        Procedure = "procedure",
    }
}

crate::string_enum! {
    /// Present-on-admission indicator for inpatient diagnoses.
    pub enum Poa: "POA indicator" {
        Y = "Y",
        N = "N",
        U = "U",
        W = "W",
        /// Exempt from POA reporting.
        Exempt = "1",
    }
}

/// A change to a code already on a chart: one attribute, the rest kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AssignmentEdit {
    Role(CodeRole),
    /// `None` clears the indicator.
    Poa(Option<Poa>),
    Modifiers(Vec<String>),
    /// `None` clears the units.
    Units(Option<u32>),
}
