//! The second backend behind the seam: a database that cannot be reached.
//! When a team's server is down (or a file is locked away) the TUI can
//! still open, show the installed code sets it was given and say why no
//! chart can be worked — every read of work data is empty and every change
//! is refused with the reason. It also keeps the seam honest: the trait
//! must be implementable without SQLite (`tests` below and the TUI tests).

use crate::domain::index_tree::{IndexCodeStatus, IndexTree};
use std::io::Read;

use chrono::{DateTime, NaiveDate, Utc};

use super::WorkError;
use super::audit::AuditEvent;
use super::audit_chain::{Head, Verification};
use super::audit_log::AuditFilter;
use super::backend::Backend;
use super::chart_detail::ChartDetail;
use super::charts::{Format, ImportSummary};
use super::code_sets::{BundledHolding, NewCodeSet, NewPoaExemptList, SeedAudit};
use super::code_tables::{AttachedTerms, CodeDetail, VersionSpec};
use super::export::ExportedChart;
use super::provider_query::{NewProviderQuery, ProviderQuery, ProviderQueryFilter};
use super::queue::{ClaimRequest, ListFilter};
use super::snapshot_bytes::SnapshotEncoder;
use super::snapshot_bytes::{SnapshotBytes, SnapshotRead};
use crate::domain::chart::Chart;
use crate::domain::chart::ChartRef;
use crate::domain::codes::{Code, CodeSet, CodeSetVersion, CodeSystem};
use crate::domain::coding::AssignmentEdit;
use crate::domain::coding::{Assignment, NewAssignment};
use crate::domain::drg::FinalDrg;
use crate::domain::edit::EditVerdict;
use crate::domain::people::Actor;
use crate::domain::people::Role;
use crate::domain::people::User;
use crate::ingest::cm_index::IndexFile;
use std::collections::HashMap;

/// A backend with no database behind it.
#[derive(Debug, Clone)]
pub struct Offline {
    /// What to call it and why it is offline ("chartq-db.example: connection refused").
    pub reason: String,
    /// The login, from wherever the caller learnt it.
    pub login: String,
    /// The code-set versions known without the database (may be empty).
    pub versions: Vec<CodeSetVersion>,
}

impl Offline {
    fn refused<T>(&self) -> Result<T, WorkError> {
        Err(WorkError::Conflict(format!(
            "the database is unavailable ({}); nothing was changed",
            self.reason
        )))
    }
}

impl Backend for Offline {
    fn describe(&self) -> String {
        format!("unavailable: {}", self.reason)
    }
    fn login(&self) -> Result<String, WorkError> {
        Ok(self.login.clone())
    }
    fn now(&self) -> Result<DateTime<Utc>, WorkError> {
        Ok(Utc::now())
    }
    fn actor(&self, _: &str, _: Option<&str>) -> Result<Option<Actor>, WorkError> {
        self.refused()
    }
    fn versions(&self) -> Result<Vec<CodeSetVersion>, WorkError> {
        Ok(self.versions.clone())
    }
    fn version_on(
        &self,
        system: CodeSystem,
        date: NaiveDate,
    ) -> Result<Option<CodeSetVersion>, WorkError> {
        Ok(self
            .versions
            .iter()
            .filter(|v| v.system == system && v.covers(date))
            .max_by_key(|v| v.precedence())
            .cloned())
    }
    fn code_detail(&self, _: &CodeSetVersion, _: &str) -> Result<Option<CodeDetail>, WorkError> {
        Ok(None)
    }
    fn poa_exempt_list(&self, _: i32) -> Result<Option<Vec<String>>, WorkError> {
        // No site list is known here: the bundled one applies.
        Ok(None)
    }
    fn tabular_notes(&self, _: &CodeSetVersion) -> Result<Vec<Code>, WorkError> {
        self.refused()
    }
    fn index_tree(&self, _: &CodeSetVersion) -> Result<Option<IndexTree>, WorkError> {
        self.refused()
    }
    fn index_code_status(&self, _: &CodeSetVersion, _: &str) -> Result<IndexCodeStatus, WorkError> {
        self.refused()
    }
    fn read_snapshot(
        &self,
        _: i64,
        _: i64,
        _: &mut dyn FnMut(&dyn SnapshotBytes),
    ) -> Result<SnapshotRead, WorkError> {
        Ok(SnapshotRead::Missing)
    }
    fn write_snapshot(&mut self, _: i64, _: i64, _: &[u8], _: bool) -> Result<bool, WorkError> {
        // A cache: not kept, and nobody waits for it.
        Ok(false)
    }
    fn version_before(
        &self,
        system: CodeSystem,
        date: NaiveDate,
        tabular_only: bool,
    ) -> Result<Option<CodeSetVersion>, WorkError> {
        if tabular_only {
            // Whether a version has chapters is in the database.
            return self.refused();
        }
        Ok(self
            .versions
            .iter()
            .filter(|v| v.system == system && v.effective_from < date)
            .max_by_key(|v| v.precedence())
            .cloned())
    }
    fn code_set(&self, _: i64) -> Result<CodeSet, WorkError> {
        self.refused()
    }
    fn billable_titles(&self, _: i64) -> Result<HashMap<String, String>, WorkError> {
        self.refused()
    }
    // Every code-set write is refused: there is nothing to write to.
    fn import_code_set(
        &mut self,
        _: &Actor,
        _: &NewCodeSet<'_>,
        _: SnapshotEncoder<'_>,
    ) -> Result<i64, WorkError> {
        self.refused()
    }
    fn import_index_terms(
        &mut self,
        _: &Actor,
        _: &CodeSetVersion,
        _: &IndexFile,
        _: Option<&IndexTree>,
        _: SnapshotEncoder<'_>,
    ) -> Result<(AttachedTerms, Option<usize>), WorkError> {
        self.refused()
    }
    fn import_poa_exempt_list(
        &mut self,
        _: &Actor,
        _: &NewPoaExemptList<'_>,
    ) -> Result<usize, WorkError> {
        self.refused()
    }
    fn bundled_holding(&self, _: &VersionSpec) -> Result<BundledHolding, WorkError> {
        self.refused()
    }
    fn seed_code_set(
        &mut self,
        _: &NewCodeSet<'_>,
        _: SeedAudit,
    ) -> Result<Option<i64>, WorkError> {
        self.refused()
    }
    fn update_bundled(
        &mut self,
        _: &VersionSpec,
        _: SeedAudit,
    ) -> Result<Option<String>, WorkError> {
        self.refused()
    }
    fn chart_count(&self) -> Result<u64, WorkError> {
        Ok(0)
    }
    fn charts(&mut self, _: &Actor, _: &ListFilter) -> Result<Vec<Chart>, WorkError> {
        Ok(Vec::new())
    }
    fn claim(&mut self, _: &Actor, _: &ClaimRequest) -> Result<Option<Chart>, WorkError> {
        self.refused()
    }
    fn show(&mut self, _: &Actor, _: &ChartRef) -> Result<ChartDetail, WorkError> {
        self.refused()
    }
    fn reload(&self, _: &Actor, _: &ChartRef) -> Result<ChartDetail, WorkError> {
        self.refused()
    }
    fn renew(&mut self, _: &Actor, _: &ChartRef) -> Result<Chart, WorkError> {
        self.refused()
    }
    fn release(&mut self, _: &Actor, _: &ChartRef) -> Result<Chart, WorkError> {
        self.refused()
    }
    fn hold(&mut self, _: &Actor, _: &ChartRef, _: &str) -> Result<Chart, WorkError> {
        self.refused()
    }
    fn assign(
        &mut self,
        _: &Actor,
        _: &ChartRef,
        _: &NewAssignment,
    ) -> Result<Assignment, WorkError> {
        self.refused()
    }
    fn edit(
        &mut self,
        _: &Actor,
        _: &ChartRef,
        _: &str,
        _: &AssignmentEdit,
    ) -> Result<Assignment, WorkError> {
        self.refused()
    }
    fn unassign(&mut self, _: &Actor, _: &ChartRef, _: &str) -> Result<Vec<Assignment>, WorkError> {
        self.refused()
    }
    fn sequence(
        &mut self,
        _: &Actor,
        _: &ChartRef,
        _: &str,
        _: i64,
    ) -> Result<Vec<Assignment>, WorkError> {
        self.refused()
    }
    fn make_principal(
        &mut self,
        _: &Actor,
        _: &ChartRef,
        _: &str,
    ) -> Result<Vec<Assignment>, WorkError> {
        self.refused()
    }
    fn finalize_problems(&self, _: &Actor, _: &ChartRef) -> Result<Vec<String>, WorkError> {
        self.refused()
    }
    fn finalize(
        &mut self,
        _: &Actor,
        _: &ChartRef,
        _: &EditVerdict,
        _: Option<&FinalDrg>,
    ) -> Result<Chart, WorkError> {
        self.refused()
    }
    fn ask(
        &mut self,
        _: &Actor,
        _: &ChartRef,
        _: &NewProviderQuery,
    ) -> Result<ProviderQuery, WorkError> {
        self.refused()
    }
    fn provider_queries(
        &self,
        _: &Actor,
        _: &ProviderQueryFilter,
    ) -> Result<Vec<ProviderQuery>, WorkError> {
        Ok(Vec::new())
    }
    fn assign_to(&mut self, _: &Actor, _: &ChartRef, _: &str) -> Result<Chart, WorkError> {
        self.refused()
    }
    fn mark_audited(&mut self, _: &Actor, _: &ChartRef) -> Result<Chart, WorkError> {
        self.refused()
    }
    fn record_working_drg(
        &mut self,
        _: &Actor,
        _: &ChartRef,
        _: Option<&crate::domain::drg::FinalDrg>,
    ) -> Result<bool, WorkError> {
        self.refused()
    }
    fn answer(&mut self, _: &Actor, _: i64, _: &str) -> Result<ProviderQuery, WorkError> {
        self.refused()
    }
    fn close(&mut self, _: &Actor, _: i64) -> Result<ProviderQuery, WorkError> {
        self.refused()
    }
    fn users(&self) -> Result<Vec<User>, WorkError> {
        Ok(Vec::new())
    }
    fn add_user(
        &mut self,
        _: &Actor,
        _: &str,
        _: Role,
        _: Option<&str>,
    ) -> Result<User, WorkError> {
        self.refused()
    }
    fn set_role(&mut self, _: &Actor, _: &str, _: Role) -> Result<User, WorkError> {
        self.refused()
    }
    fn set_membership(
        &mut self,
        _: &Actor,
        _: Option<&str>,
        _: &str,
        _: bool,
    ) -> Result<User, WorkError> {
        self.refused()
    }
    fn import_charts(
        &mut self,
        _: &Actor,
        _: &mut dyn Read,
        _: &str,
        _: Format,
    ) -> Result<ImportSummary, WorkError> {
        self.refused()
    }
    fn coded_charts(
        &mut self,
        _: &Actor,
        _: Option<NaiveDate>,
    ) -> Result<Vec<ExportedChart>, WorkError> {
        self.refused()
    }
    fn audit_events(&self, _: &Actor, _: &AuditFilter) -> Result<Vec<AuditEvent>, WorkError> {
        self.refused()
    }
    fn audit_head(&self, _: &Actor) -> Result<Option<Head>, WorkError> {
        self.refused()
    }
    fn audit_verify(&self, _: &Actor, _: &[Head]) -> Result<Verification, WorkError> {
        self.refused()
    }
}

mod review_offline {
    //! [`ReviewStore`] for [`Offline`]: its own module for its imports.
    use std::time::Duration;

    use chrono::NaiveDate;

    use super::Offline;
    use crate::domain::chart::ChartRef;
    use crate::domain::drg::FinalDrg;
    use crate::domain::people::Actor;
    use crate::domain::review::Period;
    use crate::store::WorkError;
    use crate::store::backend::ReviewStore;
    use crate::store::review::{
        AccuracyFilter, NewPlan, ReviewDecision, ReviewDetail, ReviewFacts, ReviewFilter,
        ReviewPlan, ReviewRow, ReviewedSet, SampleOutcome,
    };

    /// Review on the unreachable backend (issue 15): reads are empty,
    /// changes refused with why.
    impl ReviewStore for Offline {
        fn add_review_plan(&mut self, _: &Actor, _: &NewPlan) -> Result<ReviewPlan, WorkError> {
            self.refused()
        }
        fn review_plans(&self, _: &Actor, _: bool) -> Result<Vec<ReviewPlan>, WorkError> {
            Ok(vec![])
        }
        fn end_review_plan(
            &mut self,
            _: &Actor,
            _: i64,
            _: NaiveDate,
        ) -> Result<ReviewPlan, WorkError> {
            self.refused()
        }
        fn sample_reviews(
            &mut self,
            _: &Actor,
            _: i64,
            _: Period,
            _: bool,
        ) -> Result<SampleOutcome, WorkError> {
            self.refused()
        }
        fn review_queue(
            &mut self,
            _: &Actor,
            _: &ReviewFilter,
        ) -> Result<Vec<ReviewRow>, WorkError> {
            Ok(vec![])
        }
        fn claim_review(
            &mut self,
            _: &Actor,
            _: Option<&ChartRef>,
            _: Duration,
        ) -> Result<Option<ReviewDetail>, WorkError> {
            self.refused()
        }
        fn release_review(&mut self, _: &Actor, _: &ChartRef) -> Result<ReviewRow, WorkError> {
            self.refused()
        }
        fn review(&self, _: &Actor, _: &ChartRef) -> Result<ReviewDetail, WorkError> {
            self.refused()
        }
        fn decide_review(
            &mut self,
            _: &Actor,
            _: &ChartRef,
            _: &ReviewDecision,
        ) -> Result<ReviewDetail, WorkError> {
            self.refused()
        }
        fn reviewed_set(&self, _: &Actor, _: &ChartRef) -> Result<ReviewedSet, WorkError> {
            self.refused()
        }
        fn close_review(
            &mut self,
            _: &Actor,
            _: &ChartRef,
            _: &str,
            _: Option<&FinalDrg>,
        ) -> Result<ReviewRow, WorkError> {
            self.refused()
        }
        fn review_outcomes(
            &mut self,
            _: &Actor,
            _: Option<&str>,
            _: bool,
        ) -> Result<Vec<ReviewDetail>, WorkError> {
            Ok(vec![])
        }
        fn unseen_outcomes(&self, _: &Actor) -> Result<u64, WorkError> {
            Ok(0)
        }
        fn rebut_review(
            &mut self,
            _: &Actor,
            _: &ChartRef,
            _: &str,
        ) -> Result<ReviewRow, WorkError> {
            self.refused()
        }
        fn answer_rebuttal(
            &mut self,
            _: &Actor,
            _: &ChartRef,
            _: bool,
            _: Option<&str>,
        ) -> Result<ReviewRow, WorkError> {
            self.refused()
        }
        fn accuracy_facts(
            &self,
            _: &Actor,
            _: &AccuracyFilter,
        ) -> Result<Vec<ReviewFacts>, WorkError> {
            Ok(vec![])
        }
    }
}

/// Reports need the database: each is refused with the reason.
impl super::backend::ReportStore for Offline {
    fn productivity_counts(
        &self,
        _: &Actor,
        _: &super::reports::ReportFilter,
    ) -> Result<super::reports::productivity::ProductivityCounts, WorkError> {
        self.refused()
    }
    fn backlog_counts(
        &self,
        _: &Actor,
        _: NaiveDate,
        _: Option<&str>,
    ) -> Result<Vec<super::reports::backlog::BacklogCount>, WorkError> {
        self.refused()
    }
    fn hold_counts(
        &self,
        _: &Actor,
        _: &super::reports::ReportFilter,
    ) -> Result<Vec<(String, u64, u64)>, WorkError> {
        self.refused()
    }
    fn queries_sent(
        &self,
        _: &Actor,
        _: &super::reports::ReportFilter,
    ) -> Result<Vec<super::reports::queries::QueryFact>, WorkError> {
        self.refused()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::codes::CodeSet;
    use crate::store::code_sets::{NewCodeSet, NewPoaExemptList, SeedAudit};
    use crate::store::code_tables::VersionSpec;

    /// The code-set writes are part of the seam: a backend without a
    /// database refuses each one, saying why, instead of pretending.
    #[test]
    fn code_set_writes_are_refused_with_the_reason() {
        let mut offline = Offline {
            reason: "db.example: connection refused".into(),
            login: "ana".into(),
            versions: Vec::new(),
        };
        let spec = VersionSpec {
            system: CodeSystem::Icd10Cm,
            label: "FY2026".into(),
            effective_from: NaiveDate::from_ymd_opt(2025, 10, 1).unwrap(),
            effective_to: None,
            source: "bundled".into(),
        };
        let set = CodeSet { codes: Vec::new() };
        let new = NewCodeSet {
            spec: &spec,
            set: &set,
            borrowed: None,
        };
        let seeded = offline.seed_code_set(&new, SeedAudit::Record);
        assert!(
            seeded
                .unwrap_err()
                .to_string()
                .contains("connection refused")
        );
        assert!(offline.update_bundled(&spec, SeedAudit::Skip).is_err());
        assert!(offline.bundled_holding(&spec).is_err());
        let actor = Actor {
            user: User {
                id: 1,
                login: "ana".into(),
                name: None,
                role: Role::Admin,
                queues: Vec::new(),
                created_at: String::new(),
            },
            real_login: None,
        };
        let list = NewPoaExemptList {
            fiscal_year: 2027,
            file: "POAexemptCodesFY27.txt",
            codes: &[],
        };
        assert!(offline.import_poa_exempt_list(&actor, &list).is_err());
        let encode = |_: Vec<crate::store::code_tables::IndexableCode>| {
            crate::store::snapshot_bytes::EncodedSnapshot {
                format: 1,
                bytes: Vec::new(),
            }
        };
        assert!(offline.import_code_set(&actor, &new, &encode).is_err());
    }
}
