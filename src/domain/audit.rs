//! What the audit log records: one typed action per kind of event, and its
//! typed details ([`AuditDetail`], which decides the action). The stored
//! names and keys are what `chartq audit` prints and what the review and
//! report queries select on, so neither is ever retyped by hand at a call
//! site.

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

use super::chart::Status;
use super::codes::CodeSystem;
use super::coding::{CodeRole, Poa};
use super::drg::FinalDrg;
use super::edit::{EditName, EditVerdict};
use super::people::Role;
use super::query::ProviderQueryStatus;
use super::review::ReviewEvent;

crate::string_enum! {
    /// One kind of audit event (stored as its name in `audit_event.action`).
    pub enum AuditAction: "audit action" {
        // Charts and the work queue.
        ChartsImported = "charts_imported",
        /// One chart of a feed, new to the database.
        ChartCreated = "chart_created",
        /// One chart of a feed that changed since it was last imported.
        ChartUpdated = "chart_updated",
        ChartViewed = "chart_viewed",
        ChartClaimed = "chart_claimed",
        LeaseRenewed = "lease_renewed",
        /// A lease ran out: the chart went back to `new` (a `system` event).
        LeaseExpired = "lease_expired",
        ChartReleased = "chart_released",
        ChartHeld = "chart_held",
        ChartAssigned = "chart_assigned",
        ChartFinalized = "chart_finalized",
        ChartAudited = "chart_audited",
        /// A not-yet-final chart's working MS-DRG, recorded when the app
        /// grouped it and the result differed from the stored one.
        WorkingDrgRecorded = "working_drg_recorded",
        ChartsExported = "charts_exported",
        // Codes on a chart.
        CodeAssigned = "code_assigned",
        CodeChanged = "code_changed",
        CodeSequenced = "code_sequenced",
        CodeUnassigned = "code_unassigned",
        // Provider queries.
        ProviderQueryOpened = "provider_query_opened",
        ProviderQueryAnswered = "provider_query_answered",
        ProviderQueryClosed = "provider_query_closed",
        // Code sets.
        CodeSetImported = "code_set_imported",
        /// A bundled version added by whoever opened the database (`system`).
        CodeSetSeeded = "code_set_seeded",
        /// A bundled version's label or dates brought up to date (`system`).
        CodeSetUpdated = "code_set_updated",
        IndexImported = "index_imported",
        /// A site's official POA-exempt list for a fiscal year.
        PoaListImported = "poa_list_imported",
        // People.
        UserAdded = "user_added",
        RoleChanged = "role_changed",
        QueueJoined = "queue_joined",
        QueueLeft = "queue_left",
        // The database itself.
        DatabaseBackedUp = "database_backed_up",
        DatabaseBackupFailed = "database_backup_failed",
        /// Written once by migration 0009 when the existing log was chained.
        AuditLogChained = "audit_log_chained",
        // Second-level review (issue 15): details are a `ReviewEvent`.
        ReviewPlanAdded = "review_plan_added",
        ReviewPlanEnded = "review_plan_ended",
        ReviewSampled = "review_sampled",
        ReviewClaimed = "review_claimed",
        ReviewReleased = "review_released",
        ReviewDecided = "review_decided",
        ReviewClosed = "review_closed",
        ReviewRebutted = "review_rebutted",
        ReviewRebuttalAnswered = "review_rebuttal_answered",
    }
}

/// What one audit event says (`audit_event.details`), typed per kind of
/// event: the variant decides the action ([`AuditDetail::action`]), so a
/// call site cannot pair an action with another action's details or
/// misspell a key the review and report queries select on
/// (`json_extract(details, '$.label')`). Serialized untagged: each variant
/// is exactly the JSON object chartq has always stored for its action.
/// Where one action has more than one shape (the first admin, a finalize
/// with acknowledged warnings, a seeded code set), each shape is its own
/// variant mapping to the same action.
///
/// `audit_log_chained` has no variant: migration 0009 writes it in SQL,
/// once, and no Rust code ever records it.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum AuditDetail {
    // Charts and the work queue.
    /// A chart feed was imported: what became of its charts.
    ChartsImported {
        file: String,
        charts: u64,
        created: u64,
        updated: u64,
        unchanged: u64,
        documents_cleaned: usize,
    },
    ChartCreated(FeedLine),
    ChartUpdated(FeedLine),
    ChartViewed {},
    ChartClaimed {
        /// The lease's end (a stored timestamp).
        lease_until: String,
    },
    LeaseRenewed {},
    LeaseExpired {
        /// Who held the lease (`None` when that user is gone).
        holder: Option<String>,
    },
    ChartReleased {
        from: Status,
    },
    ChartHeld {
        reason: String,
    },
    ChartAssigned {
        /// The login it was assigned to.
        to: String,
        from_status: Status,
    },
    /// A finalize with no warning acknowledged. `drg`: the MS-DRG stored
    /// with the chart (absent, not null, when none was: events recorded
    /// before issue 12 keep their exact stored JSON).
    ChartFinalized {
        codes: Vec<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        drg: Option<FinalDrg>,
    },
    /// A finalize that acknowledged warnings, with the coder's reason.
    ChartFinalizedAcknowledging {
        codes: Vec<String>,
        acknowledged: Vec<AcknowledgedEdit>,
        reason: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        drg: Option<FinalDrg>,
    },
    ChartAudited {},
    /// The working DRG the app grouped a not-yet-final chart to (`None`:
    /// its codes no longer group, the stored one was cleared). The
    /// backlog report reads its weight.
    WorkingDrgRecorded {
        drg: Option<FinalDrg>,
    },
    ChartsExported {
        /// The export's `--since`, if any.
        since: Option<NaiveDate>,
        charts: usize,
    },
    // Codes on a chart.
    CodeAssigned(CodeOnChart),
    CodeChanged(CodeOnChart),
    CodeSequenced {
        system: CodeSystem,
        code: String,
        from: i64,
        to: i64,
    },
    CodeUnassigned {
        system: CodeSystem,
        code: String,
        seq: i64,
    },
    // Provider queries.
    ProviderQueryOpened {
        provider_query: i64,
        provider: String,
    },
    ProviderQueryAnswered {
        provider_query: i64,
        /// The provider the answer is attributed to.
        attributed_to: String,
        /// Always: chartq has no provider identity, so every answer is
        /// entered on the provider's behalf.
        entered_on_behalf: Yes,
    },
    ProviderQueryClosed {
        provider_query: i64,
        /// Its status before it was closed.
        was: ProviderQueryStatus,
    },
    // Code sets.
    CodeSetImported {
        system: CodeSystem,
        label: String,
        effective_from: NaiveDate,
        effective_to: Option<NaiveDate>,
        codes: usize,
        source: String,
        version_id: i64,
    },
    /// A bundled version stored by whoever opened the database.
    CodeSetSeeded {
        version_id: i64,
        #[serde(flatten)]
        facts: CodeSetFacts,
    },
    /// A bundled version that came with the seed template.
    CodeSetSeededFromTemplate {
        /// `seed-FINGERPRINT`: the template it came with.
        from_template: String,
        #[serde(flatten)]
        facts: CodeSetFacts,
    },
    CodeSetUpdated {
        previous_label: String,
        version_id: i64,
        #[serde(flatten)]
        facts: CodeSetFacts,
    },
    IndexImported {
        /// The index table's stored name (`IndexTable` lives in `ingest`,
        /// above this floor).
        table: String,
        /// The label of the version it was attached to.
        version: String,
        version_id: i64,
        entries: usize,
    },
    PoaListImported {
        fiscal_year: i32,
        codes: usize,
        file: String,
    },
    // People.
    UserAdded {
        login: String,
        role: Role,
    },
    /// The first admin, made by `chartq init`.
    FirstAdmin {
        login: String,
        role: Role,
        init: Yes,
        /// The uid that owns the database file.
        uid: u32,
    },
    /// The first admin of a demo database: its creator.
    DemoAdmin {
        login: String,
        role: Role,
        demo: Yes,
    },
    RoleChanged {
        login: String,
        from: Role,
        to: Role,
    },
    QueueJoined(Membership),
    QueueLeft(Membership),
    // The database itself.
    DatabaseBackedUp {
        file: String,
    },
    DatabaseBackupFailed {
        file: String,
        error: String,
    },
    /// Review plans, sampling, reviews and rebuttals (its own enum, which
    /// decides the action the same way).
    Review(ReviewEvent),
}

/// Where a chart came from: the feed file and its line.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FeedLine {
    pub file: String,
    pub line: u64,
}

/// A code as it now stands on a chart (`code_assigned`, `code_changed`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeOnChart {
    pub system: CodeSystem,
    pub code: String,
    pub role: CodeRole,
    pub seq: i64,
    pub poa: Option<Poa>,
    pub modifiers: Vec<String>,
    pub units: Option<u32>,
    pub pointers: Vec<u32>,
}

/// One warning acknowledged at finalize.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AcknowledgedEdit {
    pub edit: EditName,
    pub codes: Vec<String>,
}

/// What the database holds of a bundled code-set version, merged into each
/// of its `system` events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeSetFacts {
    pub system: CodeSystem,
    pub label: String,
    pub effective_from: NaiveDate,
    pub effective_to: NaiveDate,
    pub source: String,
    pub codes: i64,
    pub billable: i64,
    pub notes_from: Option<String>,
}

/// A user's membership of a queue (`queue_joined`, `queue_left`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Membership {
    pub login: String,
    pub queue: String,
}

/// A flag that is always set where it appears: serialized as `true`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Yes;

impl Serialize for Yes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_bool(true)
    }
}

impl AuditDetail {
    /// The action these details are the details of.
    pub fn action(&self) -> AuditAction {
        use AuditAction as A;
        match self {
            Self::ChartsImported { .. } => A::ChartsImported,
            Self::ChartCreated(_) => A::ChartCreated,
            Self::ChartUpdated(_) => A::ChartUpdated,
            Self::ChartViewed {} => A::ChartViewed,
            Self::ChartClaimed { .. } => A::ChartClaimed,
            Self::LeaseRenewed {} => A::LeaseRenewed,
            Self::LeaseExpired { .. } => A::LeaseExpired,
            Self::ChartReleased { .. } => A::ChartReleased,
            Self::ChartHeld { .. } => A::ChartHeld,
            Self::ChartAssigned { .. } => A::ChartAssigned,
            Self::ChartFinalized { .. } | Self::ChartFinalizedAcknowledging { .. } => {
                A::ChartFinalized
            }
            Self::ChartAudited {} => A::ChartAudited,
            Self::WorkingDrgRecorded { .. } => A::WorkingDrgRecorded,
            Self::ChartsExported { .. } => A::ChartsExported,
            Self::CodeAssigned(_) => A::CodeAssigned,
            Self::CodeChanged(_) => A::CodeChanged,
            Self::CodeSequenced { .. } => A::CodeSequenced,
            Self::CodeUnassigned { .. } => A::CodeUnassigned,
            Self::ProviderQueryOpened { .. } => A::ProviderQueryOpened,
            Self::ProviderQueryAnswered { .. } => A::ProviderQueryAnswered,
            Self::ProviderQueryClosed { .. } => A::ProviderQueryClosed,
            Self::CodeSetImported { .. } => A::CodeSetImported,
            Self::CodeSetSeeded { .. } | Self::CodeSetSeededFromTemplate { .. } => A::CodeSetSeeded,
            Self::CodeSetUpdated { .. } => A::CodeSetUpdated,
            Self::IndexImported { .. } => A::IndexImported,
            Self::PoaListImported { .. } => A::PoaListImported,
            Self::UserAdded { .. } | Self::FirstAdmin { .. } | Self::DemoAdmin { .. } => {
                A::UserAdded
            }
            Self::RoleChanged { .. } => A::RoleChanged,
            Self::QueueJoined(_) => A::QueueJoined,
            Self::QueueLeft(_) => A::QueueLeft,
            Self::DatabaseBackedUp { .. } => A::DatabaseBackedUp,
            Self::DatabaseBackupFailed { .. } => A::DatabaseBackupFailed,
            Self::Review(e) => e.action(),
        }
    }

    /// A finalize's details: the codes finalized, the DRG stored with
    /// them (if any) and, when the verdict acknowledged warnings, those
    /// warnings and the coder's reason.
    pub fn chart_finalized(
        codes: Vec<String>,
        verdict: &EditVerdict,
        drg: Option<FinalDrg>,
    ) -> Self {
        if verdict.acknowledged.is_empty() {
            return Self::ChartFinalized { codes, drg };
        }
        Self::ChartFinalizedAcknowledging {
            drg,
            codes,
            acknowledged: verdict
                .acknowledged
                .iter()
                .map(|e| AcknowledgedEdit {
                    edit: e.name,
                    codes: e.codes.clone(),
                })
                .collect(),
            reason: verdict.reason.clone(),
        }
    }

    /// A queue membership change: joined when `member`, else left.
    pub fn membership(login: String, queue: String, member: bool) -> Self {
        let m = Membership { login, queue };
        if member {
            Self::QueueJoined(m)
        } else {
            Self::QueueLeft(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;
    use crate::domain::edit::{Edit, Severity};

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn facts() -> CodeSetFacts {
        CodeSetFacts {
            system: CodeSystem::Icd10Cm,
            label: "FY2026".into(),
            effective_from: date("2025-10-01"),
            effective_to: date("2026-09-30"),
            source: "bundled".into(),
            codes: 74_000,
            billable: 70_000,
            notes_from: None,
        }
    }

    fn code(seq: i64) -> CodeOnChart {
        CodeOnChart {
            system: CodeSystem::Icd10Cm,
            code: "E11.9".into(),
            role: CodeRole::Principal,
            seq,
            poa: Some(Poa::Y),
            modifiers: vec![],
            units: None,
            pointers: vec![1],
        }
    }

    /// One of every variant (the exhaustive match keeps it so: a new
    /// variant does not compile until it is listed here).
    fn every_variant() -> Vec<AuditDetail> {
        let login = || "cat".to_string();
        let membership = || Membership {
            login: login(),
            queue: "inpatient".into(),
        };
        let feed = || FeedLine {
            file: "feed.jsonl".into(),
            line: 3,
        };
        let all = vec![
            AuditDetail::ChartsImported {
                file: "feed.jsonl".into(),
                charts: 2,
                created: 1,
                updated: 1,
                unchanged: 0,
                documents_cleaned: 0,
            },
            AuditDetail::ChartCreated(feed()),
            AuditDetail::ChartUpdated(feed()),
            AuditDetail::ChartViewed {},
            AuditDetail::ChartClaimed {
                lease_until: "2026-11-30T12:00:00Z".into(),
            },
            AuditDetail::LeaseRenewed {},
            AuditDetail::LeaseExpired { holder: None },
            AuditDetail::ChartReleased {
                from: Status::InProgress,
            },
            AuditDetail::ChartHeld {
                reason: "missing op note".into(),
            },
            AuditDetail::ChartAssigned {
                to: login(),
                from_status: Status::New,
            },
            AuditDetail::ChartFinalized {
                codes: vec![],
                drg: None,
            },
            AuditDetail::ChartFinalizedAcknowledging {
                codes: vec![],
                acknowledged: vec![],
                reason: None,
                drg: None,
            },
            AuditDetail::ChartAudited {},
            AuditDetail::WorkingDrgRecorded { drg: None },
            AuditDetail::ChartsExported {
                since: None,
                charts: 0,
            },
            AuditDetail::CodeAssigned(code(1)),
            AuditDetail::CodeChanged(code(1)),
            AuditDetail::CodeSequenced {
                system: CodeSystem::Icd10Cm,
                code: "E11.9".into(),
                from: 2,
                to: 1,
            },
            AuditDetail::CodeUnassigned {
                system: CodeSystem::Icd10Cm,
                code: "E11.9".into(),
                seq: 1,
            },
            AuditDetail::ProviderQueryOpened {
                provider_query: 1,
                provider: "Dr. Invented".into(),
            },
            AuditDetail::ProviderQueryAnswered {
                provider_query: 1,
                attributed_to: "Dr. Invented".into(),
                entered_on_behalf: Yes,
            },
            AuditDetail::ProviderQueryClosed {
                provider_query: 1,
                was: ProviderQueryStatus::Answered,
            },
            AuditDetail::CodeSetImported {
                system: CodeSystem::Icd10Pcs,
                label: "mini-pcs".into(),
                effective_from: date("2025-10-01"),
                effective_to: None,
                codes: 3,
                source: "pcs.txt".into(),
                version_id: 9,
            },
            AuditDetail::CodeSetSeeded {
                version_id: 1,
                facts: facts(),
            },
            AuditDetail::CodeSetSeededFromTemplate {
                from_template: "seed-abc".into(),
                facts: facts(),
            },
            AuditDetail::CodeSetUpdated {
                previous_label: "FY2026 (draft)".into(),
                version_id: 1,
                facts: facts(),
            },
            AuditDetail::IndexImported {
                table: "diseases".into(),
                version: "FY2026".into(),
                version_id: 1,
                entries: 10,
            },
            AuditDetail::PoaListImported {
                fiscal_year: 2027,
                codes: 5,
                file: "POAexemptFY27.txt".into(),
            },
            AuditDetail::UserAdded {
                login: login(),
                role: Role::Coder,
            },
            AuditDetail::FirstAdmin {
                login: login(),
                role: Role::Admin,
                init: Yes,
                uid: 1000,
            },
            AuditDetail::DemoAdmin {
                login: login(),
                role: Role::Admin,
                demo: Yes,
            },
            AuditDetail::RoleChanged {
                login: login(),
                from: Role::Coder,
                to: Role::Supervisor,
            },
            AuditDetail::QueueJoined(membership()),
            AuditDetail::QueueLeft(membership()),
            AuditDetail::DatabaseBackedUp {
                file: "/tmp/b.db".into(),
            },
            AuditDetail::DatabaseBackupFailed {
                file: "/tmp/b.db".into(),
                error: "disk full".into(),
            },
        ];
        let mut all = all;
        all.extend(
            crate::domain::review::every_event()
                .into_iter()
                .map(AuditDetail::Review),
        );
        for d in &all {
            // Exhaustive on purpose: see above.
            match d {
                AuditDetail::ChartsImported { .. }
                | AuditDetail::ChartCreated(_)
                | AuditDetail::ChartUpdated(_)
                | AuditDetail::ChartViewed {}
                | AuditDetail::ChartClaimed { .. }
                | AuditDetail::LeaseRenewed {}
                | AuditDetail::LeaseExpired { .. }
                | AuditDetail::ChartReleased { .. }
                | AuditDetail::ChartHeld { .. }
                | AuditDetail::ChartAssigned { .. }
                | AuditDetail::ChartFinalized { .. }
                | AuditDetail::ChartFinalizedAcknowledging { .. }
                | AuditDetail::ChartAudited {}
                | AuditDetail::WorkingDrgRecorded { .. }
                | AuditDetail::ChartsExported { .. }
                | AuditDetail::CodeAssigned(_)
                | AuditDetail::CodeChanged(_)
                | AuditDetail::CodeSequenced { .. }
                | AuditDetail::CodeUnassigned { .. }
                | AuditDetail::ProviderQueryOpened { .. }
                | AuditDetail::ProviderQueryAnswered { .. }
                | AuditDetail::ProviderQueryClosed { .. }
                | AuditDetail::CodeSetImported { .. }
                | AuditDetail::CodeSetSeeded { .. }
                | AuditDetail::CodeSetSeededFromTemplate { .. }
                | AuditDetail::CodeSetUpdated { .. }
                | AuditDetail::IndexImported { .. }
                | AuditDetail::PoaListImported { .. }
                | AuditDetail::UserAdded { .. }
                | AuditDetail::FirstAdmin { .. }
                | AuditDetail::DemoAdmin { .. }
                | AuditDetail::RoleChanged { .. }
                | AuditDetail::QueueJoined(_)
                | AuditDetail::QueueLeft(_)
                | AuditDetail::DatabaseBackedUp { .. }
                | AuditDetail::DatabaseBackupFailed { .. }
                | AuditDetail::Review(_) => {}
            }
        }
        all
    }

    fn json_of(d: &AuditDetail) -> Value {
        serde_json::to_value(d).unwrap()
    }

    #[test]
    fn every_action_but_the_chain_marker_has_details() {
        let made: Vec<AuditAction> = every_variant().iter().map(AuditDetail::action).collect();
        for action in AuditAction::ALL {
            // `audit_log_chained` is written once by migration 0009, in SQL;
            // no Rust code records it, so it has no details variant.
            let expected = action != AuditAction::AuditLogChained;
            assert_eq!(made.contains(&action), expected, "{action}");
        }
    }

    #[test]
    fn every_variant_is_a_json_object() {
        for d in every_variant() {
            assert!(json_of(&d).is_object(), "{:?}: {}", d.action(), json_of(&d));
        }
        assert_eq!(json_of(&AuditDetail::ChartViewed {}), json!({}));
        assert_eq!(json_of(&AuditDetail::LeaseRenewed {}), json!({}));
        assert_eq!(json_of(&AuditDetail::ChartAudited {}), json!({}));
    }

    #[test]
    fn code_details_are_the_stored_objects() {
        let assigned = AuditDetail::CodeAssigned(code(2));
        assert_eq!(assigned.action(), AuditAction::CodeAssigned);
        let expected = json!({
            "system": "ICD-10-CM", "code": "E11.9", "role": "principal", "seq": 2,
            "poa": "Y", "modifiers": [], "units": null, "pointers": [1],
        });
        assert_eq!(json_of(&assigned), expected);
        let changed = AuditDetail::CodeChanged(code(2));
        assert_eq!(changed.action(), AuditAction::CodeChanged);
        assert_eq!(json_of(&changed), expected);
    }

    #[test]
    fn first_admin_demo_admin_and_user_added_are_all_user_added() {
        let first = AuditDetail::FirstAdmin {
            login: "ann".into(),
            role: Role::Admin,
            init: Yes,
            uid: 1000,
        };
        assert_eq!(first.action(), AuditAction::UserAdded);
        assert_eq!(
            json_of(&first),
            json!({"login": "ann", "role": "admin", "init": true, "uid": 1000})
        );
        let demo = AuditDetail::DemoAdmin {
            login: "ann".into(),
            role: Role::Admin,
            demo: Yes,
        };
        assert_eq!(demo.action(), AuditAction::UserAdded);
        assert_eq!(
            json_of(&demo),
            json!({"login": "ann", "role": "admin", "demo": true})
        );
        let added = AuditDetail::UserAdded {
            login: "bob".into(),
            role: Role::Coder,
        };
        assert_eq!(added.action(), AuditAction::UserAdded);
        assert_eq!(json_of(&added), json!({"login": "bob", "role": "coder"}));
    }

    #[test]
    fn finalize_details_carry_acknowledged_warnings_only_when_there_are_some() {
        let plain =
            AuditDetail::chart_finalized(vec!["E119".into()], &EditVerdict::default(), None);
        assert_eq!(plain.action(), AuditAction::ChartFinalized);
        assert_eq!(json_of(&plain), json!({"codes": ["E119"]}));
        let verdict = EditVerdict {
            acknowledged: vec![Edit {
                name: EditName::Excludes1,
                severity: Severity::Warning,
                codes: vec!["E119".into(), "E109".into()],
                message: "not shown".into(),
            }],
            reason: Some("documented both".into()),
            ..EditVerdict::default()
        };
        let acked =
            AuditDetail::chart_finalized(vec!["E119".into(), "E109".into()], &verdict, None);
        assert_eq!(acked.action(), AuditAction::ChartFinalized);
        assert_eq!(
            json_of(&acked),
            json!({
                "codes": ["E119", "E109"],
                "acknowledged": [{"edit": "excludes1", "codes": ["E119", "E109"]}],
                "reason": "documented both",
            })
        );
    }

    #[test]
    fn finalize_details_add_the_drg_only_when_one_was_stored() {
        use crate::domain::drg::{Drg, GrouperVersion, Mdc};
        let drg = FinalDrg {
            drg: Drg::new(292).unwrap(),
            mdc: Mdc::new(5).unwrap(),
            version: GrouperVersion::V43,
            weight: Some("0.9047".parse().unwrap()),
        };
        let plain =
            AuditDetail::chart_finalized(vec!["I509".into()], &EditVerdict::default(), Some(drg));
        // Stored as `serde_json::Value` text: keys sorted.
        assert_eq!(
            json_of(&plain).to_string(),
            r#"{"codes":["I509"],"drg":{"drg":"292","mdc":"05","version":"43.0","weight":0.9047}}"#
        );
        let ungroupable = FinalDrg {
            drg: Drg::UNGROUPABLE,
            mdc: Mdc::NONE,
            weight: None,
            ..drg
        };
        let d = AuditDetail::chart_finalized(vec![], &EditVerdict::default(), Some(ungroupable));
        assert_eq!(json_of(&d)["drg"]["weight"], Value::Null);
    }

    #[test]
    fn bundled_facts_merge_into_the_seeding_events() {
        let seeded = AuditDetail::CodeSetSeededFromTemplate {
            from_template: "seed-abc".into(),
            facts: facts(),
        };
        assert_eq!(seeded.action(), AuditAction::CodeSetSeeded);
        assert_eq!(
            json_of(&seeded),
            json!({
                "from_template": "seed-abc", "system": "ICD-10-CM", "label": "FY2026",
                "effective_from": "2025-10-01", "effective_to": "2026-09-30",
                "source": "bundled", "codes": 74000, "billable": 70000, "notes_from": null,
            })
        );
        let updated = AuditDetail::CodeSetUpdated {
            previous_label: "old".into(),
            version_id: 4,
            facts: facts(),
        };
        assert_eq!(updated.action(), AuditAction::CodeSetUpdated);
        let updated = json_of(&updated);
        assert_eq!(updated["previous_label"], "old");
        assert_eq!(updated["version_id"], 4);
        assert_eq!(updated["label"], "FY2026");
    }

    #[test]
    fn queue_membership_and_dates_keep_their_stored_shape() {
        let joined = AuditDetail::membership("cat".into(), "ed".into(), true);
        assert_eq!(joined.action(), AuditAction::QueueJoined);
        let left = AuditDetail::membership("cat".into(), "ed".into(), false);
        assert_eq!(left.action(), AuditAction::QueueLeft);
        assert_eq!(json_of(&left), json!({"login": "cat", "queue": "ed"}));
        let exported = AuditDetail::ChartsExported {
            since: Some(date("2026-11-01")),
            charts: 4,
        };
        assert_eq!(
            json_of(&exported),
            json!({"since": "2026-11-01", "charts": 4})
        );
        let released = AuditDetail::ChartReleased {
            from: Status::OnHold,
        };
        assert_eq!(json_of(&released), json!({"from": "on_hold"}));
    }
}
