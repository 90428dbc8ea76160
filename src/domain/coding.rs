//! What a code says on a chart: its role and its present-on-admission
//! indicator.

use serde::Serialize;

use super::codes::CodeSystem;

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

/// The role a code gets when the coder names none — the one rule, for
/// every backend and every face: a procedure code is a procedure; the
/// first diagnosis on a chart is its principal, the ones after it
/// secondary. The backend applies it inside the assigning transaction,
/// where whether the chart already has a principal is known for sure.
pub fn default_role(system: CodeSystem, chart_has_principal: bool) -> CodeRole {
    match (system.is_diagnosis(), chart_has_principal) {
        (false, _) => CodeRole::Procedure,
        (true, true) => CodeRole::Secondary,
        (true, false) => CodeRole::Principal,
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

/// A code as the coder asks to assign it.
#[derive(Debug, Clone, Default)]
pub struct NewAssignment {
    pub code: String,
    /// `None`: whichever code set valid on the date of service has the code.
    pub system: Option<CodeSystem>,
    /// `None`: principal for the first diagnosis, then secondary; procedure
    /// for procedure codes.
    pub role: Option<CodeRole>,
    pub poa: Option<Poa>,
    pub modifiers: Vec<String>,
    pub units: Option<u32>,
    /// 1-based positions of the diagnoses a procedure line points to.
    pub pointers: Vec<u32>,
}

/// A code on a chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    /// 1-based position on the chart.
    pub seq: i64,
    pub system: CodeSystem,
    pub code: String,
    pub title: String,
    pub billable: bool,
    pub role: CodeRole,
    pub poa: Option<Poa>,
    pub modifiers: Vec<String>,
    pub units: Option<i64>,
    pub pointers: Vec<u32>,
    pub assigned_by: String,
    pub assigned_at: String,
}

impl From<&Assignment> for NewAssignment {
    /// The assignment as it stands, to be changed and assigned again.
    fn from(a: &Assignment) -> Self {
        NewAssignment {
            code: a.code.clone(),
            system: Some(a.system),
            role: Some(a.role),
            poa: a.poa,
            modifiers: a.modifiers.clone(),
            units: a.units.and_then(|u| u32::try_from(u).ok()),
            pointers: a.pointers.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_role_is_one_rule() {
        use CodeSystem::{Cpt, Icd10Cm, Icd10Pcs};
        assert_eq!(default_role(Icd10Cm, false), CodeRole::Principal);
        assert_eq!(default_role(Icd10Cm, true), CodeRole::Secondary);
        assert_eq!(default_role(Icd10Pcs, false), CodeRole::Procedure);
        assert_eq!(default_role(Cpt, true), CodeRole::Procedure);
    }
}
