//! Document templates: turn a scenario's clinical facts and one chart's
//! particulars (patient, dates, vitals) into the notes a coder reads, in the
//! terse style of real documentation ("pt", "h/o", "DM2", "CKD 3a").
//!
//! Each document kind has one layout here; scenarios only supply facts, so
//! thirty-odd scenarios share a handful of layouts.

use std::fmt::Write as _;

use chrono::NaiveDate;

use super::scenarios::Scenario;
use crate::domain::chart::DocumentType;

/// What varies between two charts of the same scenario.
#[derive(Debug, Clone)]
pub struct ChartFacts {
    /// "Last, First".
    pub patient: String,
    pub age: u32,
    pub female: bool,
    pub mrn: String,
    pub attending: &'static str,
    /// Another provider: who asked for the consult, ordered the study, or
    /// read the specimen.
    pub requesting: &'static str,
    pub facility: &'static str,
    pub admit: NaiveDate,
    /// Discharge date; equals `admit` for same-day encounters.
    pub discharge: NaiveDate,
    /// On arrival: "T 36.8 HR 78 BP 128/76 RR 16 SpO2 98% RA".
    pub vitals: String,
    /// A later set (progress notes), after treatment started.
    pub later_vitals: String,
    /// Picks among equivalent phrasings, so charts of one scenario do not
    /// read word for word alike (providers each have their habits).
    pub style: u32,
}

impl ChartFacts {
    fn stay_days(&self) -> i64 {
        (self.discharge - self.admit).num_days()
    }
}

/// Fills `{age}`, `{sex}`, `{he}`, `{He}`, `{his}`, `{His}` and `{him}`.
/// Unknown placeholders are left as they are (a test renders every scenario
/// and fails on any brace left over).
pub fn render(template: &str, facts: &ChartFacts) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else {
            out.push_str(&rest[open..]);
            return out;
        };
        match fill(&after[..close], facts) {
            Some(value) => out.push_str(&value),
            None => out.push_str(&rest[open..open + close + 2]),
        }
        rest = &after[close + 1..];
    }
    out.push_str(rest);
    out
}

fn fill(name: &str, f: &ChartFacts) -> Option<String> {
    let (he, his, him, sex) = if f.female {
        ("she", "her", "her", "female")
    } else {
        ("he", "his", "him", "male")
    };
    Some(match name {
        "age" => f.age.to_string(),
        "sex" => sex.to_string(),
        "he" => he.to_string(),
        "his" => his.to_string(),
        "him" => him.to_string(),
        "He" => capitalize(he),
        "His" => capitalize(his),
        _ => return None,
    })
}

fn capitalize(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// US-style date as it appears in notes.
fn us(date: NaiveDate) -> String {
    date.format("%m/%d/%Y").to_string()
}

/// Writes the document of `kind` for one chart of `scenario`.
pub fn document(kind: DocumentType, scenario: &Scenario, facts: &ChartFacts) -> String {
    let mut doc = Doc {
        out: String::with_capacity(2048),
        scenario,
        facts,
    };
    match kind {
        DocumentType::Hp => doc.history_and_physical(),
        DocumentType::ProgressNote => doc.progress_note(),
        DocumentType::OperativeReport => doc.operative_report(),
        DocumentType::DischargeSummary => doc.discharge_summary(),
        DocumentType::EdNote => doc.ed_note(),
        DocumentType::ClinicNote => doc.clinic_note(),
        DocumentType::Consult => doc.consult(),
        DocumentType::Radiology => doc.radiology(),
        DocumentType::Pathology => doc.pathology(),
    }
    doc.out
}

struct Doc<'a> {
    out: String,
    scenario: &'a Scenario,
    facts: &'a ChartFacts,
}

impl Doc<'_> {
    fn line(&mut self, text: &str) {
        self.out.push_str(&render(text, self.facts));
        self.out.push('\n');
    }

    fn field(&mut self, label: &str, text: &str) {
        if !text.is_empty() {
            self.line(&format!("{label}: {text}"));
        }
    }

    fn blank(&mut self) {
        self.out.push('\n');
    }

    fn header(&mut self, title: &str, date: NaiveDate) {
        let f = self.facts;
        let _ = writeln!(self.out, "{}  {title}", f.facility.to_uppercase());
        let _ = writeln!(
            self.out,
            "Patient: {}   MRN: {}   Age/Sex: {}{}   Date: {}",
            f.patient,
            f.mrn,
            f.age,
            if f.female { "F" } else { "M" },
            us(date)
        );
        self.blank();
    }

    fn history_block(&mut self) {
        let s = self.scenario;
        self.field("CC", s.complaint);
        self.blank();
        self.field("HPI", s.hpi);
        self.blank();
        self.field("PMH", s.history);
        self.field("Meds", s.meds);
        self.line("Allergies: NKDA");
        self.field("SH", s.social);
        self.blank();
    }

    fn exam_block(&mut self, label: &str) {
        let s = self.scenario;
        self.line(&format!("{label}:"));
        let vitals = self.facts.vitals.clone();
        self.line(&format!("VS: {vitals}"));
        self.line(self.phrase(&[
            "Gen: alert, NAD unless noted.",
            "General: awake, alert, oriented x3.",
            "Gen: A&Ox3, appears stated age.",
        ]));
        self.line(s.exam);
        self.blank();
        self.field("Labs/imaging", s.results);
        self.blank();
    }

    fn assessment_block(&mut self, label: &str) {
        self.line(&format!("{label}:"));
        for (i, problem) in self.scenario.assessment.iter().enumerate() {
            self.line(&format!("{}. {problem}", i + 1));
        }
        self.blank();
    }

    /// Problem headlines without their plans: "Acute on chronic systolic CHF".
    fn diagnoses(&mut self, label: &str) {
        self.line(&format!("{label}:"));
        for problem in self.scenario.assessment {
            let headline = problem.split(" — ").next().unwrap_or(problem);
            self.line(&format!("- {headline}"));
        }
        self.blank();
    }

    /// One of `choices`, the same one for every note of the chart.
    fn phrase(&self, choices: &[&'static str]) -> &'static str {
        choices[self.facts.style as usize % choices.len()]
    }

    fn signature(&mut self, who: &str) {
        let _ = writeln!(self.out, "Electronically signed by {who}");
    }

    fn history_and_physical(&mut self) {
        let f = self.facts;
        let surgical = self.scenario.setting == super::scenarios::Setting::OutpatientSurgery;
        let title = if surgical {
            "PRE-PROCEDURE HISTORY AND PHYSICAL"
        } else {
            "HISTORY AND PHYSICAL"
        };
        self.header(title, f.admit);
        self.history_block();
        self.line(self.phrase(&[
            "ROS: 10-point ROS neg except as per HPI.",
            "ROS: all other systems reviewed and negative.",
            "ROS: as per HPI, otherwise negative.",
        ]));
        self.blank();
        self.exam_block("PE");
        self.assessment_block("A/P");
        if !surgical {
            self.line("DVT ppx per protocol. Code status: full code.");
            self.blank();
        }
        self.signature(f.attending);
    }

    fn progress_note(&mut self) {
        let f = self.facts;
        let s = self.scenario;
        let day = if s.setting.is_admitted() {
            f.admit.succ_opt().unwrap_or(f.admit).min(f.discharge)
        } else {
            f.admit
        };
        self.header("PROGRESS NOTE", day);
        if s.progress.is_empty() {
            self.field("S", s.hpi);
        } else {
            self.field("S", s.progress);
        }
        let vitals = f.later_vitals.clone();
        self.line(&format!("O: VS {vitals}. Exam on admission: {}", s.exam));
        self.field("Data (since admission)", s.results);
        self.blank();
        self.assessment_block("A/P");
        self.signature(f.attending);
    }

    fn operative_report(&mut self) {
        let f = self.facts;
        let Some(p) = self.scenario.procedure else {
            return;
        };
        let date = f.admit + chrono::Days::new(u64::from(p.day));
        self.header("OPERATIVE / PROCEDURE REPORT", date.min(f.discharge));
        self.field("Surgeon", f.attending);
        self.field("Preoperative diagnosis", p.preop_dx);
        self.field("Postoperative diagnosis", p.postop_dx);
        self.field("Procedure", p.name);
        self.field("Anesthesia", p.anesthesia);
        self.blank();
        self.field("Indications", self.scenario.hpi);
        self.blank();
        self.field("Findings", p.findings);
        self.blank();
        self.field("Description of procedure", p.description);
        self.line("Specimens sent to pathology as applicable. Counts correct. No complications.");
        self.line("Pt tolerated the procedure well and went to recovery in stable condition.");
        self.blank();
        self.signature(f.attending);
    }

    fn discharge_summary(&mut self) {
        let f = self.facts;
        let s = self.scenario;
        self.header("DISCHARGE SUMMARY", f.discharge);
        let _ = writeln!(
            self.out,
            "Admit date: {}   Discharge date: {}   LOS: {} day(s)",
            us(f.admit),
            us(f.discharge),
            f.stay_days()
        );
        self.field("Attending", f.attending);
        self.blank();
        self.field("Reason for admission", s.complaint);
        self.blank();
        self.diagnoses("Discharge diagnoses");
        if let Some(p) = s.procedure {
            self.field("Procedures", p.name);
            self.blank();
        }
        self.field("Hospital course", s.course);
        self.blank();
        self.field("Home meds on admission", s.meds);
        self.line(self.phrase(&[
            "Condition at discharge: stable.\nFollow-up: PCP in 1 week.",
            "Condition at discharge: good, ambulatory.\nFollow-up: PCP within 7 days, sooner PRN.",
            "Discharge condition: stable/improved.\nF/u: PCP 1-2 wks; labs as noted.",
        ]));
        self.blank();
        self.signature(f.attending);
    }

    fn ed_note(&mut self) {
        let f = self.facts;
        self.header("EMERGENCY DEPARTMENT PROVIDER NOTE", f.admit);
        self.history_block();
        self.exam_block("Exam");
        self.field("ED course", self.scenario.course);
        self.blank();
        self.assessment_block("MDM / Assessment and plan");
        self.line(self.phrase(&[
            "Disposition: discharged home. Return precautions discussed, pt verbalized understanding.",
            "Dispo: home. Strict return precautions given; pt agrees w/ plan.",
            "Disposition: D/C home in stable condition w/ written instructions.",
        ]));
        self.blank();
        self.signature(f.attending);
    }

    fn clinic_note(&mut self) {
        let f = self.facts;
        self.header("OFFICE VISIT", f.admit);
        self.history_block();
        self.exam_block("Exam");
        self.assessment_block("Assessment/Plan");
        self.field("Follow-up", self.scenario.course);
        self.blank();
        self.signature(f.attending);
    }

    fn consult(&mut self) {
        let f = self.facts;
        self.header("CONSULTATION", f.admit);
        self.field("Requesting physician", f.requesting);
        self.field("Consultant", f.attending);
        self.field("Reason for consultation", self.scenario.complaint);
        self.blank();
        self.history_block();
        self.exam_block("Exam");
        self.assessment_block("Impression/Recommendations");
        self.field("Plan", self.scenario.course);
        self.line("Thank you for this consult.");
        self.blank();
        self.signature(f.attending);
    }

    fn pathology(&mut self) {
        let f = self.facts;
        let Some((procedure, report)) = self
            .scenario
            .procedure
            .and_then(|p| p.pathology.map(|r| (p, r)))
        else {
            return;
        };
        let signed = f.admit + chrono::Days::new(u64::from(procedure.day) + 1);
        self.header("SURGICAL PATHOLOGY REPORT", signed);
        self.field("Submitting physician", f.attending);
        self.field("Procedure", procedure.name);
        self.field("Specimen", report.specimen);
        self.field("Clinical history", procedure.preop_dx);
        self.blank();
        self.field("Gross description", report.gross);
        self.blank();
        self.line("FINAL DIAGNOSIS:");
        self.line(report.diagnosis);
        self.blank();
        self.line(&format!(
            "Electronically signed by {}, pathologist",
            f.requesting
        ));
    }

    fn radiology(&mut self) {
        let f = self.facts;
        let s = self.scenario;
        self.header("RADIOLOGY REPORT", f.admit);
        if let Some(p) = s.procedure {
            self.field("EXAM", p.name);
        }
        self.field("ORDERING PROVIDER", f.requesting);
        self.field("INDICATION", s.complaint);
        self.line("COMPARISON: None.");
        self.blank();
        self.field("FINDINGS", s.results);
        self.blank();
        self.line("IMPRESSION:");
        for line in s.assessment {
            self.line(line);
        }
        self.blank();
        self.line(&format!("Interpreted by {}", f.attending));
    }
}

#[cfg(test)]
mod tests {
    use super::super::scenarios::SCENARIOS;
    use super::*;

    fn facts(female: bool) -> ChartFacts {
        ChartFacts {
            patient: "Ashgrove, June".into(),
            age: 71,
            female,
            mrn: "MRN0000001".into(),
            attending: "Dr. Amara Quist",
            requesting: "Dr. Farid Ostrowe",
            facility: "Riverbend General",
            admit: NaiveDate::from_ymd_opt(2026, 5, 2).unwrap(),
            discharge: NaiveDate::from_ymd_opt(2026, 5, 6).unwrap(),
            vitals: "T 36.8 HR 78 BP 128/76 RR 16 SpO2 98% RA".into(),
            later_vitals: "T 36.9 HR 80 BP 130/70 RR 16 SpO2 97% RA".into(),
            style: 0,
        }
    }

    #[test]
    fn placeholders_follow_the_patient() {
        let f = facts(true);
        assert_eq!(
            render("{age} y/o {sex}; {He} took {his} meds, gave {him} {x}", &f),
            "71 y/o female; She took her meds, gave her {x}"
        );
        assert_eq!(render("{he} {", &facts(false)), "he {");
    }

    #[test]
    fn every_scenario_document_renders_completely() {
        for scenario in SCENARIOS {
            for (female, style) in [(true, 0), (false, 1), (true, 2)] {
                let f = ChartFacts {
                    style,
                    ..facts(female)
                };
                for &kind in scenario.documents {
                    let text = document(kind, scenario, &f);
                    assert!(text.len() > 200, "{} {kind:?} too short", scenario.id);
                    assert!(
                        !text.contains('{') && !text.contains('}'),
                        "{} {kind:?} has a placeholder left: {text}",
                        scenario.id
                    );
                    assert!(
                        text.chars().all(|c| c == '\n' || !c.is_control()),
                        "{} {kind:?} has a control character",
                        scenario.id
                    );
                }
            }
        }
    }

    #[test]
    fn discharge_summary_lists_problem_headlines_and_dates() {
        let scenario = super::super::scenarios::by_id("ip_chf_htn_ckd_dm").unwrap();
        let text = document(DocumentType::DischargeSummary, scenario, &facts(false));
        assert!(
            text.contains("Admit date: 05/02/2026   Discharge date: 05/06/2026   LOS: 4 day(s)")
        );
        assert!(text.contains("- Acute on chronic systolic CHF\n"));
        assert!(text.contains("- DM2 w/ diabetic CKD, CKD stage 3a\n"));
    }
}
