//! The store's library API as the TUI calls it (no CLI): claim, code,
//! check finalize problems before finalizing, provider queries per chart.

use crate::support::queue::{ChartSpec, Db, chart_line};
use chartq::app::coding_edits::{self, EditChecker};
use chartq::domain::chart::{ChartRef, Status};
use chartq::domain::codes::CodeSystem;
use chartq::domain::coding::NewAssignment;
use chartq::domain::coding::{CodeRole, Poa};
use chartq::store::assignments;
use chartq::store::chart_detail;
use chartq::store::people;
use chartq::store::provider_query::{self, NewProviderQuery, ProviderQueryFilter};
use chartq::store::queue::{self, ClaimRequest, ListFilter};
use chartq::store::{Store, WorkError};

#[test]
fn a_coders_session_through_the_library() {
    let db = Db::new();
    let mut store = Store::open(&db.path).unwrap();
    let admin = people::actor_for_login(&mut store, &crate::support::queue::me(), None).unwrap();
    let summary = crate::support::queue::import_lines(
        &mut store,
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
        people::actor_for_login(&mut store, &crate::support::queue::me(), Some("coder2")).unwrap();
    let request = ClaimRequest {
        queue: Some("outpatient".into()),
        ..Default::default()
    };
    let chart = queue::claim(&mut store, &coder, &request).unwrap().unwrap();
    assert_eq!(
        (chart.account.as_str(), chart.status),
        ("OP-1", Status::InProgress)
    );

    let problems =
        assignments::finalize_problems(&store, &coder, &ChartRef::account("OP-1")).unwrap();
    assert_eq!(problems, ["no principal (first-listed) diagnosis"]);
    let dx = NewAssignment {
        code: "r079".into(),
        ..Default::default()
    };
    let added = assignments::assign(&mut store, &coder, &ChartRef::account("OP-1"), &dx).unwrap();
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
    assignments::assign(&mut store, &coder, &ChartRef::account("OP-1"), &px).unwrap();
    let poa = NewAssignment {
        code: "E11.9".into(),
        poa: Some(Poa::Y),
        ..Default::default()
    };
    assert!(matches!(
        assignments::assign(&mut store, &coder, &ChartRef::account("OP-1"), &poa),
        Err(WorkError::Invalid(_))
    ));
    assert!(
        assignments::finalize_problems(&store, &coder, &ChartRef::account("OP-1"))
            .unwrap()
            .is_empty()
    );

    let detail = chart_detail::show(&mut store, &coder, &ChartRef::account("OP-1")).unwrap();
    assert_eq!(detail.assignments.len(), 2);
    assert_eq!(detail.assignments[1].modifiers, ["LT"]);
    assert_eq!(detail.history.last().unwrap().action, "chart_viewed");

    let ask = NewProviderQuery {
        provider: "Dr. Invented".into(),
        question: "Laterality?".into(),
        options: vec!["Left".into(), "Right".into()],
    };
    let q = provider_query::ask(&mut store, &coder, &ChartRef::account("OP-1"), &ask).unwrap();
    assert_eq!(q.options.len(), 4);
    let mut checker = EditChecker::new();
    let err = coding_edits::finalize(
        &mut store,
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
        provider_query::list(&store, &coder, &filter).unwrap().len(),
        1
    );
    provider_query::answer(&mut store, &coder, q.id, "Left").unwrap();
    let mine = queue::list(
        &mut store,
        &coder,
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
        people::actor_for_login(&mut store, &crate::support::queue::me(), Some("coder3")).unwrap();
    assert!(
        queue::claim(&mut store, &other, &request)
            .unwrap()
            .is_none()
    );
    let back = queue::claim(&mut store, &coder, &request).unwrap().unwrap();
    assert_eq!((back.account.as_str(), back.flagged), ("OP-1", true));
    let done = coding_edits::finalize(
        &mut store,
        &mut checker,
        &coder,
        &ChartRef::account("OP-1"),
        None,
    )
    .unwrap();
    assert_eq!((done.status, done.flagged), (Status::Coded, false));
}

/// A chart whose date of service no installed code set covers: the refusal
/// names, per system, the release and the official file to import.
#[test]
fn an_uncovered_date_of_service_says_what_to_import() {
    let db = Db::new();
    let mut store = Store::open(&db.path).unwrap();
    let admin = people::actor_for_login(&mut store, &crate::support::queue::me(), None).unwrap();
    crate::support::queue::import_lines(
        &mut store,
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
        people::actor_for_login(&mut store, &crate::support::queue::me(), Some("coder2")).unwrap();
    let request = ClaimRequest {
        queue: Some("outpatient".into()),
        ..Default::default()
    };
    queue::claim(&mut store, &coder, &request).unwrap().unwrap();
    let dx = NewAssignment {
        code: "R07.9".into(),
        ..Default::default()
    };
    let err = assignments::assign(&mut store, &coder, &ChartRef::account("OP-2028"), &dx)
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

/// `edit` changes one attribute of a code and keeps the rest (and its
/// position); `make_principal` swaps the principal and sequences it first;
/// each is one audited transaction, checked by the assignment rules.
#[test]
fn edit_and_make_principal_change_only_what_they_say() {
    use chartq::domain::coding::AssignmentEdit;
    let db = Db::new();
    let mut store = Store::open(&db.path).unwrap();
    let admin = people::actor_for_login(&mut store, &crate::support::queue::me(), None).unwrap();
    crate::support::queue::import_lines(
        &mut store,
        &admin,
        &[chart_line(&ChartSpec {
            account: "IP-7",
            ..Default::default()
        })],
    );
    let coder =
        people::actor_for_login(&mut store, &crate::support::queue::me(), Some("coder1")).unwrap();
    let chart = ChartRef::account("IP-7");
    queue::claim(
        &mut store,
        &coder,
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
        assignments::assign(&mut store, &coder, &chart, &new).unwrap();
    }
    let roles = |store: &Store| -> Vec<(String, CodeRole, Option<Poa>)> {
        chart_detail::reload(store, &coder, &chart)
            .unwrap()
            .assignments
            .into_iter()
            .map(|a| (a.code, a.role, a.poa))
            .collect()
    };
    let edited = assignments::edit(
        &mut store,
        &coder,
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
    let err = assignments::edit(
        &mut store,
        &coder,
        &chart,
        "I50.23",
        &AssignmentEdit::Units(Some(2)),
    )
    .unwrap_err();
    assert!(err.to_string().contains("units"), "{err}");
    let err = assignments::edit(
        &mut store,
        &coder,
        &chart,
        "Z00.00",
        &AssignmentEdit::Poa(None),
    )
    .unwrap_err();
    assert!(err.to_string().contains("not on the chart"), "{err}");

    assignments::make_principal(&mut store, &coder, &chart, "E11.22").unwrap();
    assert_eq!(
        roles(&store),
        [
            ("E11.22".to_string(), CodeRole::Principal, Some(Poa::Y)),
            ("I50.23".to_string(), CodeRole::Secondary, Some(Poa::Y)),
            ("N18.31".to_string(), CodeRole::Secondary, Some(Poa::N)),
        ]
    );
    assert!(
        assignments::finalize_problems(&store, &coder, &chart)
            .unwrap()
            .is_empty()
    );
    // Audited: the edit, the demotion, the promotion and the move.
    let events = chartq::store::audit_log::list(
        &store,
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
