//! The store's library API as the TUI calls it (no CLI): claim, code,
//! check finalize problems before finalizing, provider queries per chart.
//!
//! On both backends (`on_both!`), through the seam (`Backend`, opened as
//! the app layer opens it: `TestDb::backend`).

use crate::support::queue::{ChartSpec, chart_line};
use chartq::app::coding_edits::{self, EditChecker};
use chartq::domain::chart::{ChartRef, Status};
use chartq::domain::codes::CodeSystem;
use chartq::domain::coding::NewAssignment;
use chartq::domain::coding::{CodeRole, Poa};
use chartq::domain::people::Actor;
use chartq::store::WorkError;
use chartq::store::backend::Backend;
use chartq::store::charts::{Format, ImportSummary};
use chartq::store::provider_query::{NewProviderQuery, ProviderQueryFilter};
use chartq::store::queue::{ClaimRequest, ListFilter};

/// Imports JSON lines through the seam as `admin`.
fn import(store: &mut dyn Backend, admin: &Actor, lines: &[String]) -> ImportSummary {
    let feed = lines.join("\n");
    store
        .import_charts(admin, &mut feed.as_bytes(), "feed.jsonl", Format::Jsonl)
        .unwrap()
}

crate::on_both! {
fn a_coders_session_through_the_library(db) {
    let mut store = db.backend();
    let store = &mut *store;
    let admin = db.actor(store, None);
    let summary = import(
        store,
        &admin,
        &[
            chart_line(&ChartSpec {
                account: "OP-1",
                kind: "outpatient",
                queue: "outpatient",
                date: "2026-06-01",
                ..Default::default()
            }),
            chart_line(&ChartSpec {
                account: "IP-1",
                priority: 1,
                ..Default::default()
            }),
        ],
    );
    assert_eq!(summary.created, 2);

    let coder =
        db.actor(store, Some("coder2"));
    let request = ClaimRequest {
        queue: Some("outpatient".into()),
        ..Default::default()
    };
    let chart = store.claim(&coder, &request).unwrap().unwrap();
    assert_eq!(
        (chart.account.as_str(), chart.status),
        ("OP-1", Status::InProgress)
    );

    let problems =
        store.finalize_problems(&coder, &ChartRef::account("OP-1")).unwrap();
    assert_eq!(problems, ["no principal (first-listed) diagnosis"]);
    let dx = NewAssignment {
        code: "r079".into(),
        ..Default::default()
    };
    let added = store.assign(&coder, &ChartRef::account("OP-1"), &dx).unwrap();
    assert_eq!(
        (added.code.as_str(), added.role, added.system),
        ("R07.9", CodeRole::Principal, CodeSystem::Icd10Cm)
    );
    let px = NewAssignment {
        code: "G9901".into(),
        modifiers: vec!["LT".into()],
        units: Some(3),
        pointers: vec![1],
        ..Default::default()
    };
    store.assign(&coder, &ChartRef::account("OP-1"), &px).unwrap();
    let poa = NewAssignment {
        code: "E11.9".into(),
        poa: Some(Poa::Y),
        ..Default::default()
    };
    assert!(matches!(
        store.assign(&coder, &ChartRef::account("OP-1"), &poa),
        Err(WorkError::Invalid(_))
    ));
    assert!(
        store.finalize_problems(&coder, &ChartRef::account("OP-1"))
            .unwrap()
            .is_empty()
    );

    let detail = store.show(&coder, &ChartRef::account("OP-1")).unwrap();
    assert_eq!(detail.assignments.len(), 2);
    assert_eq!(detail.assignments[1].modifiers, ["LT"]);
    assert_eq!(detail.history.last().unwrap().action, "chart_viewed");

    let ask = NewProviderQuery {
        provider: "Dr. Invented".into(),
        question: "Laterality?".into(),
        options: vec!["Left".into(), "Right".into()],
    };
    let q = store.ask(&coder, &ChartRef::account("OP-1"), &ask).unwrap();
    assert_eq!(q.options.len(), 4);
    let mut checker = EditChecker::new();
    let err = coding_edits::finalize(
        store,
        &mut checker,
        &coder,
        &ChartRef::account("OP-1"),
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("on_hold"), "{err}");
    let filter = ProviderQueryFilter {
        chart: Some(ChartRef::account("OP-1")),
        open: true,
        ..Default::default()
    };
    assert_eq!(
        store.provider_queries(&coder, &filter).unwrap().len(),
        1
    );
    store.answer(&coder, q.id, "Left").unwrap();
    let mine = store.charts(&coder,
        &ListFilter {
            mine: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(
        mine.iter()
            .any(|c| c.account == "OP-1" && c.flagged && c.status == Status::New)
    );
    // Back in the coder's outpatient queue, flagged, and theirs alone.
    let other =
        db.actor(store, Some("coder3"));
    assert!(
        store.claim(&other, &request)
            .unwrap()
            .is_none()
    );
    let back = store.claim(&coder, &request).unwrap().unwrap();
    assert_eq!((back.account.as_str(), back.flagged), ("OP-1", true));
    let done = coding_edits::finalize(
        store,
        &mut checker,
        &coder,
        &ChartRef::account("OP-1"),
        None,
    )
    .unwrap();
    assert_eq!((done.status, done.flagged), (Status::Coded, false));
}
}

crate::on_both! {
/// A chart whose date of service no installed code set covers: the refusal
/// names, per system, the release and the official file to import.
fn an_uncovered_date_of_service_says_what_to_import(db) {
    let mut store = db.backend();
    let store = &mut *store;
    let admin = db.actor(store, None);
    import(
        store,
        &admin,
        &[chart_line(&ChartSpec {
            account: "OP-2028",
            kind: "outpatient",
            queue: "outpatient",
            date: "2028-01-15",
            ..Default::default()
        })],
    );
    let coder =
        db.actor(store, Some("coder2"));
    let request = ClaimRequest {
        queue: Some("outpatient".into()),
        ..Default::default()
    };
    store.claim(&coder, &request).unwrap().unwrap();
    let dx = NewAssignment {
        code: "R07.9".into(),
        ..Default::default()
    };
    let err = store.assign(&coder, &ChartRef::account("OP-2028"), &dx)
        .unwrap_err()
        .to_string();
    for want in [
        "covers the chart's date of service 2028-01-15",
        "ICD-10-CM FY2028",
        "icd10cm_codes_2028.txt",
        "chartq codes import cm FILE",
        "HCPCS 2028",
        "HCPC2028_JAN_ANWEB.txt",
        "CPT 2028: the AMA CPT data file of your CPT license",
    ] {
        assert!(err.contains(want), "{want:?} missing from: {err}");
    }
}
}

crate::on_both! {
/// `edit` changes one attribute of a code and keeps the rest (and its
/// position); `make_principal` swaps the principal and sequences it first;
/// each is one audited transaction, checked by the assignment rules.
fn edit_and_make_principal_change_only_what_they_say(db) {
    use chartq::domain::coding::AssignmentEdit;
    let mut store = db.backend();
    let store = &mut *store;
    let admin = db.actor(store, None);
    import(
        store,
        &admin,
        &[chart_line(&ChartSpec {
            account: "IP-7",
            ..Default::default()
        })],
    );
    let coder =
        db.actor(store, Some("coder1"));
    let chart = ChartRef::account("IP-7");
    store.claim(&coder,
        &ClaimRequest {
            chart: Some(chart.clone()),
            ..Default::default()
        },
    )
    .unwrap()
    .unwrap();
    for code in ["I50.23", "N18.31", "E11.22"] {
        let new = NewAssignment {
            code: code.into(),
            poa: Some(Poa::Y),
            ..Default::default()
        };
        store.assign(&coder, &chart, &new).unwrap();
    }
    let roles = |store: &dyn Backend| -> Vec<(String, CodeRole, Option<Poa>)> {
        store.reload(&coder, &chart)
            .unwrap()
            .assignments
            .into_iter()
            .map(|a| (a.code, a.role, a.poa))
            .collect()
    };
    let edited = store.edit(&coder,
        &chart,
        "n1831",
        &AssignmentEdit::Poa(Some(Poa::N)),
    )
    .unwrap();
    assert_eq!(
        (edited.seq, edited.role, edited.poa),
        (2, CodeRole::Secondary, Some(Poa::N))
    );
    // An edit the rules refuse changes nothing.
    let err = store.edit(&coder,
        &chart,
        "I50.23",
        &AssignmentEdit::Units(Some(2)),
    )
    .unwrap_err();
    assert!(err.to_string().contains("units"), "{err}");
    let err = store.edit(&coder,
        &chart,
        "Z00.00",
        &AssignmentEdit::Poa(None),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not on the chart"), "{err}");

    store.make_principal(&coder, &chart, "E11.22").unwrap();
    assert_eq!(
        roles(store),
        [
            ("E11.22".to_string(), CodeRole::Principal, Some(Poa::Y)),
            ("I50.23".to_string(), CodeRole::Secondary, Some(Poa::Y)),
            ("N18.31".to_string(), CodeRole::Secondary, Some(Poa::N)),
        ]
    );
    assert!(
        store.finalize_problems(&coder, &chart)
            .unwrap()
            .is_empty()
    );
    // Audited: the edit, the demotion, the promotion and the move.
    let events = store
        .audit_events(
        &admin,
        &chartq::store::audit_log::AuditFilter {
            chart: Some(chart.clone()),
            ..Default::default()
        },
    )
    .unwrap();
    let changed = events.iter().filter(|e| e.action == "code_changed").count();
    let moved = events
        .iter()
        .filter(|e| e.action == "code_sequenced")
        .count();
    assert_eq!((changed, moved), (3, 1));
}
}
