//! Coding a chart on PostgreSQL through the seam, as on SQLite
//! (`drg_store`, `provider_answers`): assign, edit, sequence, unassign,
//! finalize with the MS-DRG stored (the first kept as the original), a
//! provider query asked (the chart waits on hold), answered (it returns to
//! its coder, flagged) and listed, the coded chart exported; every change
//! audited by the server. Gated by the harness (`support::pg`).

use chartq::domain::chart::{ChartRef, Status};
use chartq::domain::coding::{AssignmentEdit, CodeRole, NewAssignment, Poa};
use chartq::domain::drg::{Drg, FinalDrg, GrouperVersion, Mdc};
use chartq::domain::edit::{EditVerdict, coding_fingerprint};
use chartq::domain::people::{Actor, Role};
use chartq::store::audit_log::AuditFilter;
use chartq::store::backend::Backend;
use chartq::store::backend::postgres::Postgres;
use chartq::store::charts::Format;
use chartq::store::provider_query::{NewProviderQuery, ProviderQueryFilter};
use chartq::store::queue::ClaimRequest;

use crate::pg_coding::import_small_version;
use crate::support::pg::PgDb;
use crate::support::queue::{ChartSpec, chart_line};

fn drg(number: u16, weight: &str) -> FinalDrg {
    FinalDrg {
        drg: Drg::new(number).unwrap(),
        mdc: Mdc::new(5).unwrap(),
        version: GrouperVersion::V431,
        weight: Some(weight.parse().unwrap()),
    }
}

/// The admin (the test's login) is also a coder in queue `inpatient`, with
/// chart IP-1 (discharged in FY2026) imported and claimed.
fn claimed_chart(url: &str) -> (Postgres, Actor, ChartRef) {
    import_small_version(url);
    let mut pg = Postgres::connect(url).unwrap();
    let login = pg.login().unwrap();
    let admin = pg
        .actor(&login, None)
        .unwrap()
        .expect("the runner is the first admin");
    assert_eq!(admin.user.role, Role::Admin);
    pg.set_membership(&admin, None, "inpatient", true).unwrap();
    let admin = pg.actor(&login, None).unwrap().unwrap();
    let line = chart_line(&ChartSpec {
        account: "IP-1",
        date: "2026-05-06",
        queue: "inpatient",
        ..Default::default()
    });
    pg.import_charts(&admin, &mut line.as_bytes(), "feed.jsonl", Format::Jsonl)
        .unwrap();
    let key = ChartRef::account("IP-1");
    let request = ClaimRequest {
        chart: Some(key.clone()),
        ..Default::default()
    };
    pg.claim(&admin, &request).unwrap().expect("claimed");
    (pg, admin, key)
}

#[test]
fn assign_edit_sequence_unassign_and_finalize_with_the_drg() {
    let Some(db) = PgDb::new("flow") else {
        return;
    };
    let url = db.url.clone();
    let (mut pg, me, key) = claimed_chart(&url);
    let dx = |code: &str| NewAssignment {
        code: code.into(),
        poa: Some(Poa::Y),
        ..Default::default()
    };
    let first = pg.assign(&me, &key, &dx("e119")).unwrap();
    assert_eq!(
        (first.code.as_str(), first.role, first.seq),
        ("E11.9", CodeRole::Principal, 1)
    );
    let second = pg.assign(&me, &key, &dx("I10")).unwrap();
    assert_eq!((second.role, second.seq), (CodeRole::Secondary, 2));
    // Not a code in the version valid on the date of service.
    let err = pg
        .assign(&me, &key, &dx("Z99.999"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("is not a code in ICD-10-CM FY2026"), "{err}");
    let edited = pg
        .edit(&me, &key, "I10", &AssignmentEdit::Poa(Some(Poa::N)))
        .unwrap();
    assert_eq!((edited.poa, edited.seq), (Some(Poa::N), 2));
    let order = pg.make_principal(&me, &key, "I10").unwrap();
    let shown: Vec<(&str, CodeRole, i64)> = order
        .iter()
        .map(|a| (a.code.as_str(), a.role, a.seq))
        .collect();
    assert_eq!(
        shown,
        [
            ("I10", CodeRole::Principal, 1),
            ("E11.9", CodeRole::Secondary, 2)
        ]
    );
    pg.assign(&me, &key, &dx("E10.9")).unwrap();
    let left = pg.unassign(&me, &key, "E10.9").unwrap();
    assert_eq!(left.len(), 2);
    assert!(pg.finalize_problems(&me, &key).unwrap().is_empty());

    // A stale verdict is refused; a current one finalizes with the DRG.
    let stale = EditVerdict {
        judged: "not these codes".into(),
        ..EditVerdict::default()
    };
    let err = pg
        .finalize(&me, &key, &stale, None)
        .unwrap_err()
        .to_string();
    assert!(err.contains("the codes changed"), "{err}");
    let codes = pg.reload(&me, &key).unwrap().assignments;
    let verdict = EditVerdict {
        judged: coding_fingerprint(&codes),
        ..EditVerdict::default()
    };
    let done = pg
        .finalize(&me, &key, &verdict, Some(&drg(291, "1.3570")))
        .unwrap();
    assert_eq!(done.status, Status::Coded);
    let detail = pg.reload(&me, &key).unwrap();
    let stored = detail.drg.expect("the DRG is stored with the chart");
    assert_eq!(stored.original, drg(291, "1.3570"));
    assert!(!stored.regrouped());
    assert_eq!(detail.assignments.len(), 2);

    // Exported with codes and DRG; the export is audited.
    let exported = pg.coded_charts(&me, None).unwrap();
    assert_eq!(exported.len(), 1);
    assert_eq!(exported[0].codes[0].code, "I10");
    assert!(exported[0].drg.is_some());
    let actions: Vec<String> = pg
        .audit_events(&me, &AuditFilter::default())
        .unwrap()
        .into_iter()
        .map(|e| e.action.to_string())
        .collect();
    for wanted in [
        "code_assigned",
        "code_changed",
        "code_sequenced",
        "code_unassigned",
        "chart_finalized",
        "charts_exported",
    ] {
        assert!(actions.iter().any(|a| a == wanted), "{wanted}: {actions:?}");
    }
}

#[test]
fn a_provider_query_holds_the_chart_until_answered() {
    let Some(db) = PgDb::new("flow") else {
        return;
    };
    let url = db.url.clone();
    let (mut pg, me, key) = claimed_chart(&url);
    let asked = pg
        .ask(
            &me,
            &key,
            &NewProviderQuery {
                provider: "Dr. Invented".into(),
                question: "Type of diabetes?".into(),
                options: vec!["Type 1".into(), "Type 2".into()],
            },
        )
        .unwrap();
    assert_eq!(asked.options.len(), 4, "{:?}", asked.options);
    let held = pg.reload(&me, &key).unwrap();
    assert_eq!(held.chart.status, Status::OnHold);
    let open = pg
        .provider_queries(
            &me,
            &ProviderQueryFilter {
                open: true,
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(open.len(), 1);
    let answered = pg.answer(&me, asked.id, "Type 2").unwrap();
    assert_eq!(answered.response.as_deref(), Some("Type 2"));
    assert_eq!(answered.attributed_to.as_deref(), Some("Dr. Invented"));
    assert!(answered.entered_on_behalf);
    let back = pg.reload(&me, &key).unwrap();
    assert_eq!(back.chart.status, Status::New);
    assert_eq!(back.provider_queries.len(), 1);
    let closed = pg.close(&me, asked.id).unwrap();
    assert!(closed.closed_at.is_some());
    let again = pg.close(&me, asked.id).unwrap_err().to_string();
    assert!(again.contains("already closed"), "{again}");
}
