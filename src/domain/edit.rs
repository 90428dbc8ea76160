//! What the coding edits report: one [`Edit`] per problem, named, with a
//! severity that decides what finalize does with it.

use serde::Serialize;

crate::string_enum! {
    /// What an edit asks of the coder.
    #[derive(PartialOrd, Ord)]
    pub enum Severity: "severity" {
        /// Blocks finalize until the coding changes.
        Error = "error",
        /// Finalize asks for an acknowledgement with a reason.
        Warning = "warning",
        /// Shown only.
        Info = "info",
    }
}

crate::string_enum! {
    /// Every edit chartq reports. The MCE's are snake_case forms of CMS's
    /// names in "Definitions of Medicare Code Edits"; the rest are the
    /// tabular conventions and the POA rules. The README lists each with
    /// its condition.
    pub enum EditName: "edit" {
        // Medicare Code Editor (inpatient claims).
        InvalidCode = "invalid_code" | "invalid_diagnosis_or_procedure_code",
        ExternalCauseAsPdx = "external_cause_as_pdx",
        DuplicateOfPdx = "duplicate_of_pdx",
        AgeConflict = "age_conflict",
        SexConflict = "sex_conflict",
        ManifestationAsPdx = "manifestation_as_pdx",
        QuestionableAdmission = "questionable_admission",
        UnacceptablePdx = "unacceptable_pdx",
        Unspecified = "unspecified",
        NonCovered = "non_covered",
        LimitedCoverage = "limited_coverage",
        WrongProcedure = "wrong_procedure",
        ProcedureInconsistentWithLos = "procedure_inconsistent_with_los",
        /// A delivery procedure without an outcome-of-delivery (Z37)
        /// secondary diagnosis.
        QuestionableObstetricAdmission = "questionable_obstetric_admission",
        InvalidAge = "invalid_age",
        InvalidSex = "invalid_sex",
        InvalidDischargeStatus = "invalid_discharge_status",
        /// An inpatient claim without a discharge status.
        MissingDischargeStatus = "missing_discharge_status",
        // Tabular conventions (every setting).
        /// Two codes on one chart where one's Excludes1 note names the other.
        Excludes1 = "excludes1",
        /// A manifestation code without its etiology, or sequenced before it.
        ManifestationWithoutEtiology = "manifestation_without_etiology",
        CodeFirst = "code_first",
        UseAdditionalCode = "use_additional_code",
        // Present on admission (inpatient diagnoses).
        PoaMissing = "poa_missing",
        PoaInvalid = "poa_invalid",
        /// "Y" on a POA-exempt code.
        PoaOnExemptCode = "poa_on_exempt_code",
    }
}

/// One problem the edits found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    pub name: EditName,
    pub severity: Severity,
    /// The code(s) it concerns, as on the claim (no dot), in claim order.
    pub codes: Vec<String>,
    /// What a coder reads: what is wrong and, where a note applies, the
    /// note's text.
    pub message: String,
}

/// What the coder said about warning edits at finalize: which edits (by
/// name; every warning of that name on the chart) and why they stand.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Acknowledgement {
    pub edits: Vec<EditName>,
    pub reason: String,
}

/// What the edits concluded about the coding finalize is asked to close,
/// handed to the store so it finalizes only the coding that was judged.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EditVerdict {
    /// [`coding_fingerprint`] of the codes the edits judged: the store
    /// refuses when the chart's codes differ by the time it finalizes.
    pub judged: String,
    /// Sentences that block finalize (errors, warnings not acknowledged),
    /// listed with the store's own problems.
    pub blocking: Vec<String>,
    /// The warnings acknowledged, for the audit log.
    pub acknowledged: Vec<Edit>,
    /// Why they stand (required when any is acknowledged).
    pub reason: Option<String>,
}

impl EditVerdict {
    /// Everything that stops finalizing `current` under this verdict, after
    /// the store's own `problems`: the verdict's blocking sentences, or —
    /// when the codes changed since they were judged — that sentence
    /// instead (the verdict no longer speaks for them). One rule for every
    /// backend.
    pub fn refusals(
        &self,
        current: &[crate::domain::coding::Assignment],
        mut problems: Vec<String>,
    ) -> Vec<String> {
        if coding_fingerprint(current) != self.judged {
            problems.push(
                "the codes changed while the edits were being checked; check again".to_string(),
            );
        } else {
            problems.extend(self.blocking.iter().cloned());
        }
        problems
    }
}

/// A stable summary of a chart's coding as the edits read it (sequence,
/// code, role, POA): equal fingerprints mean the edits' verdict still holds.
pub fn coding_fingerprint(codes: &[crate::domain::coding::Assignment]) -> String {
    codes
        .iter()
        .map(|a| {
            format!(
                "{}:{}:{}:{}",
                a.seq,
                a.code,
                a.role,
                a.poa.map_or("", |p| p.as_str())
            )
        })
        .collect::<Vec<_>>()
        .join(";")
}
