//! The finalize rules: what must be true of a chart's codes before it is
//! coded. A pure function over loaded data, so every face shows the same
//! sentences and a test needs no database.

use super::chart::{Chart, EncounterType};
use super::codes::CodeSystem;
use super::coding::{Assignment, CodeRole};

/// Every reason `chart` with `codes` cannot be finalized, one sentence
/// each (empty: it can). `stale` are the codes the version valid on the
/// date of service does not have; `open_queries` the provider queries
/// still unanswered. Pure: the store loads the facts, the TUI and the CLI
/// show the same sentences, and the coding edits of the next layer add
/// theirs beside these.
pub fn problems(
    chart: &Chart,
    codes: &[Assignment],
    stale: &[String],
    open_queries: i64,
) -> Vec<String> {
    let inpatient = chart.encounter_type == EncounterType::Inpatient;
    let mut reasons = Vec::new();
    let principals: Vec<&str> = codes
        .iter()
        .filter(|a| a.role == CodeRole::Principal)
        .map(|a| a.code.as_str())
        .collect();
    match principals.len() {
        0 => reasons.push("no principal (first-listed) diagnosis".to_string()),
        1 => {
            // The claim lists diagnoses in sequence: the principal (or
            // first-listed) one comes before every secondary one. Admitting
            // and reason-for-visit diagnoses have their own claim fields.
            let first_dx = codes
                .iter()
                .find(|a| matches!(a.role, CodeRole::Principal | CodeRole::Secondary));
            if first_dx.is_some_and(|a| a.role != CodeRole::Principal) {
                reasons.push(format!(
                    "the principal diagnosis {} is not sequenced first among the diagnoses (`chartq sequence {} {} 1`)",
                    principals[0], chart.account, principals[0]
                ));
            }
        }
        _ => reasons.push(format!(
            "more than one principal diagnosis ({})",
            principals.join(", ")
        )),
    }
    let headers: Vec<&str> = codes
        .iter()
        .filter(|a| !a.billable)
        .map(|a| a.code.as_str())
        .collect();
    if !headers.is_empty() {
        reasons.push(format!(
            "header (non-billable) codes need a more specific code: {}",
            headers.join(", ")
        ));
    }
    // POA indicators are the coding edits' (`poa_missing`, `poa_invalid`,
    // `poa_on_exempt_code`): they know which codes are exempt.
    let procedures: Vec<&Assignment> = codes
        .iter()
        .filter(|a| a.role == CodeRole::Procedure)
        .collect();
    let pcs: Vec<&str> = procedures
        .iter()
        .filter(|a| a.system == CodeSystem::Icd10Pcs)
        .map(|a| a.code.as_str())
        .collect();
    if !inpatient && !pcs.is_empty() {
        reasons.push(format!(
            "ICD-10-PCS procedure codes on a {} chart (use CPT/HCPCS): {}",
            chart.encounter_type,
            pcs.join(", ")
        ));
    }
    if inpatient && !procedures.is_empty() && pcs.is_empty() {
        reasons.push(
            "inpatient procedures need ICD-10-PCS codes (the chart has CPT/HCPCS only)".to_string(),
        );
    }
    if !stale.is_empty() {
        reasons.push(format!(
            "codes not valid on the chart's date of service {}: {}",
            chart.date_of_service,
            stale.join(", ")
        ));
    }
    if open_queries > 0 {
        reasons.push(format!("{open_queries} provider query(ies) still open"));
    }
    reasons
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::chart::{Patient, Status};
    use crate::domain::coding::Poa;

    fn chart(encounter_type: EncounterType) -> Chart {
        Chart {
            id: 1,
            account: "A-1".into(),
            mrn: "M".into(),
            patient: Patient {
                name: "Test, Person".into(),
                dob: "1970-01-01".into(),
                sex: "U".into(),
            },
            encounter_type,
            admit_date: None,
            discharge_date: None,
            service_date: None,
            discharge_status: None,
            date_of_service: "2026-11-02".parse().unwrap(),
            attending: None,
            payer: None,
            facility: None,
            queue: "inpatient".into(),
            priority: 3,
            due_date: None,
            status: Status::InProgress,
            coder: None,
            assigned_to: None,
            lease_holder: None,
            lease_until: None,
            hold_reason: None,
            flagged: false,
            coded_at: None,
            coded_by: None,
            updated_at: String::new(),
        }
    }

    fn code(system: CodeSystem, code: &str, role: CodeRole, poa: Option<Poa>) -> Assignment {
        Assignment {
            seq: 0,
            system,
            code: code.into(),
            title: String::new(),
            billable: true,
            role,
            poa,
            modifiers: vec![],
            units: None,
            pointers: vec![],
            assigned_by: "c".into(),
            assigned_at: String::new(),
        }
    }

    #[test]
    fn a_complete_inpatient_chart_has_no_problems() {
        let codes = [
            code(
                CodeSystem::Icd10Cm,
                "I50.23",
                CodeRole::Principal,
                Some(Poa::Y),
            ),
            code(
                CodeSystem::Icd10Cm,
                "N18.31",
                CodeRole::Secondary,
                Some(Poa::Y),
            ),
            code(CodeSystem::Icd10Pcs, "0DTJ4ZZ", CodeRole::Procedure, None),
        ];
        assert!(problems(&chart(EncounterType::Inpatient), &codes, &[], 0).is_empty());
    }

    #[test]
    fn every_rule_names_what_is_wrong() {
        let codes = [
            code(CodeSystem::Icd10Cm, "N18.31", CodeRole::Secondary, None),
            code(
                CodeSystem::Icd10Cm,
                "I50.23",
                CodeRole::Principal,
                Some(Poa::Y),
            ),
            code(CodeSystem::Hcpcs, "G0001", CodeRole::Procedure, None),
        ];
        let got = problems(
            &chart(EncounterType::Inpatient),
            &codes,
            &["I50.23".into()],
            2,
        );
        assert_eq!(
            got,
            [
                "the principal diagnosis I50.23 is not sequenced first among the diagnoses (`chartq sequence A-1 I50.23 1`)",
                "inpatient procedures need ICD-10-PCS codes (the chart has CPT/HCPCS only)",
                "codes not valid on the chart's date of service 2026-11-02: I50.23",
                "2 provider query(ies) still open",
            ]
        );
        let outpatient = [code(
            CodeSystem::Icd10Pcs,
            "0DTJ4ZZ",
            CodeRole::Procedure,
            None,
        )];
        assert_eq!(
            problems(&chart(EncounterType::Outpatient), &outpatient, &[], 0),
            [
                "no principal (first-listed) diagnosis",
                "ICD-10-PCS procedure codes on a outpatient chart (use CPT/HCPCS): 0DTJ4ZZ",
            ]
        );
    }
}
