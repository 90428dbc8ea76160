//! The MS-DRG a chart is finalized with, where the store, the bill and the
//! auditor see it (issue 12): finalize stores it beside the chart and
//! keeps the first one as the original when a later finalize re-groups;
//! `chart show` (text and JSON), `export` (JSONL and CSV) and the finalize
//! audit event carry it; an outpatient chart stores none.

use crate::support::queue::{ChartSpec, Db, chart_line, me};
use chartq::app::coding_edits::{self, EditChecker};
use chartq::domain::chart::ChartRef;
use chartq::domain::coding::{NewAssignment, Poa};
use chartq::domain::drg::{Drg, FinalDrg, GrouperVersion, Mdc};
use chartq::domain::edit::{EditVerdict, coding_fingerprint};
use chartq::domain::people::Actor;
use chartq::store::backend::Backend;
use chartq::store::people;
use chartq::store::queue::{self, ClaimRequest};
use chartq::store::{Store, assignments, chart_detail};

fn drg(number: u16, weight: Option<&str>) -> FinalDrg {
    FinalDrg {
        drg: Drg::new(number).unwrap(),
        mdc: Mdc::new(5).unwrap(),
        version: GrouperVersion::V431,
        weight: weight.map(|w| w.parse().unwrap()),
    }
}

/// Claims `account` as coder2 and codes it I50.21 (principal, POA Y).
fn claim_and_code(store: &mut Store, account: &str) -> Actor {
    let coder = people::actor_for_login(store, &me(), Some("coder2")).unwrap();
    let request = ClaimRequest {
        chart: Some(ChartRef::account(account)),
        ..Default::default()
    };
    queue::claim(store, &coder, &request).unwrap().unwrap();
    let inpatient = account.starts_with("IP");
    let dx = NewAssignment {
        code: "I50.21".into(),
        poa: inpatient.then_some(Poa::Y),
        ..Default::default()
    };
    assignments::assign(store, &coder, &ChartRef::account(account), &dx).unwrap();
    coder
}

/// Finalizes through the backend seam with a clean verdict and `drg`.
fn finalize_with(store: &mut Store, coder: &Actor, account: &str, d: Option<FinalDrg>) {
    let key = ChartRef::account(account);
    let codes = store.reload(coder, &key).unwrap().assignments;
    let verdict = EditVerdict {
        judged: coding_fingerprint(&codes),
        ..EditVerdict::default()
    };
    store.finalize(coder, &key, &verdict, d.as_ref()).unwrap();
}

fn import(db: &Db, store: &mut Store) {
    let admin = people::actor_for_login(store, &me(), None).unwrap();
    crate::support::queue::import_lines(
        store,
        &admin,
        &[
            chart_line(&ChartSpec {
                account: "IP-1",
                date: "2026-05-06",
                ..Default::default()
            }),
            chart_line(&ChartSpec {
                account: "OP-1",
                kind: "outpatient",
                queue: "outpatient",
                date: "2026-05-06",
                ..Default::default()
            }),
        ],
    );
    let _ = db;
}

#[test]
fn finalize_stores_the_drg_and_keeps_the_original_when_regrouped() {
    let db = Db::new();
    let mut store = Store::open(&db.path).unwrap();
    import(&db, &mut store);
    let coder = claim_and_code(&mut store, "IP-1");
    finalize_with(&mut store, &coder, "IP-1", Some(drg(292, Some("0.9047"))));

    let shown = chart_detail::show(&mut store, &coder, &ChartRef::account("IP-1")).unwrap();
    let stored = shown.drg.expect("a stored DRG");
    assert_eq!(stored.current, Some(drg(292, Some("0.9047"))));
    assert_eq!(stored.original, drg(292, Some("0.9047")));
    assert!(!stored.regrouped());

    // A review re-groups: the chart comes back (as a later issue will do
    // it), is finalized again with another DRG; the original stays.
    db.sql()
        .execute("UPDATE chart SET status = 'new' WHERE account = 'IP-1'", [])
        .unwrap();
    let request = ClaimRequest {
        chart: Some(ChartRef::account("IP-1")),
        ..Default::default()
    };
    queue::claim(&mut store, &coder, &request).unwrap().unwrap();
    finalize_with(&mut store, &coder, "IP-1", Some(drg(291, Some("1.3444"))));
    let stored = chart_detail::reload(&store, &coder, &ChartRef::account("IP-1"))
        .unwrap()
        .drg
        .unwrap();
    assert_eq!(stored.current, Some(drg(291, Some("1.3444"))));
    assert_eq!(stored.original, drg(292, Some("0.9047")));
    assert!(stored.regrouped());

    // The finalize events carry the DRG each stored (keys sorted).
    let details: Vec<String> = db
        .sql()
        .prepare("SELECT details FROM audit_event WHERE action = 'chart_finalized' ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(
        details,
        [
            r#"{"codes":["I50.21"],"drg":{"drg":"292","mdc":"05","version":"43.1","weight":0.9047}}"#,
            r#"{"codes":["I50.21"],"drg":{"drg":"291","mdc":"05","version":"43.1","weight":1.3444}}"#,
        ]
    );
    drop(store);

    // `chart show`: the current DRG and the original beside it.
    let text = db.ok(&["chart", "show", "IP-1"]);
    assert!(
        text.contains(
            "MS-DRG 291 (MDC 05, v43.1, weight 1.3444)  original 292 (MDC 05, v43.1, weight 0.9047)"
        ),
        "{text}"
    );
    let json = db.json(&["chart", "show", "IP-1"]);
    assert_eq!(json["drg"]["current"]["drg"], "291");
    assert_eq!(json["drg"]["original"]["weight"], 0.9047);

    // `export`: a `drg` object per chart that has one, four columns each
    // for the current and the original DRG in CSV.
    let jsonl = db.ok(&["export"]);
    let ip: serde_json::Value = serde_json::from_str(
        jsonl
            .lines()
            .find(|l| l.contains("\"IP-1\""))
            .expect("IP-1 exported"),
    )
    .unwrap();
    assert_eq!(ip["drg"]["current"]["drg"], "291");
    assert_eq!(ip["drg"]["current"]["version"], "43.1");
    assert_eq!(ip["drg"]["original"]["drg"], "292");
    let csv = db.ok(&["export", "--format", "csv"]);
    let mut lines = csv.lines();
    assert!(
        lines.next().unwrap().ends_with(
            ",drg,drg_mdc,drg_version,drg_weight,original_drg,original_drg_mdc,\
             original_drg_version,original_drg_weight"
        ),
        "{csv}"
    );
    let row = lines.find(|l| l.starts_with("IP-1,")).unwrap();
    assert!(
        row.ends_with(",291,05,43.1,1.3444,292,05,43.1,0.9047"),
        "{row}"
    );
}

#[test]
fn an_outpatient_chart_and_an_ungroupable_one_store_what_they_have() {
    let db = Db::new();
    let mut store = Store::open(&db.path).unwrap();
    import(&db, &mut store);
    // Outpatient: through the use case, which groups nothing for it.
    let coder = claim_and_code(&mut store, "OP-1");
    let mut checker = EditChecker::new();
    coding_edits::finalize(
        &mut store,
        &mut checker,
        &coder,
        &ChartRef::account("OP-1"),
        None,
    )
    .unwrap();
    let shown = chart_detail::reload(&store, &coder, &ChartRef::account("OP-1")).unwrap();
    assert_eq!(shown.drg, None);

    // 999 has no weight: stored without one, shown as "none".
    let coder = claim_and_code(&mut store, "IP-1");
    finalize_with(
        &mut store,
        &coder,
        "IP-1",
        Some(FinalDrg {
            mdc: Mdc::NONE,
            ..drg(999, None)
        }),
    );
    drop(store);
    assert_eq!(db.count("SELECT count(*) FROM chart_drg"), 1);
    let text = db.ok(&["chart", "show", "IP-1"]);
    assert!(
        text.contains("MS-DRG 999 (MDC 00, v43.1, weight none)"),
        "{text}"
    );
    let details: String = db
        .sql()
        .query_row(
            "SELECT details FROM audit_event e JOIN chart c ON c.id = e.chart_id
             WHERE e.action = 'chart_finalized' AND c.account = 'OP-1'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(
        details, r#"{"codes":["I50.21"]}"#,
        "no drg key without a DRG"
    );
    let csv = db.ok(&["export", "--format", "csv"]);
    let row = csv.lines().find(|l| l.starts_with("OP-1,")).unwrap();
    assert!(row.ends_with(",,,,,,,,"), "{row}");
}

/// Through the use case with the real grouper: the DRG finalize stores
/// is the one the chart's codes group to (heart failure, 291–293), with
/// v43.1 for a May 2026 discharge and its weight, and `chartq finalize`
/// prints it.
#[test]
fn finalize_through_the_use_case_stores_what_the_codes_group_to() {
    let db = Db::new();
    let mut store = Store::open(&db.path).unwrap();
    import(&db, &mut store);
    let coder = claim_and_code(&mut store, "IP-1");
    let key = ChartRef::account("IP-1");
    let detail = store.reload(&coder, &key).unwrap();
    let expected = coding_edits::group(&chartq::domain::claim::Claim::from_chart(
        &detail.chart,
        &detail.assignments,
    ));
    let expected = FinalDrg::of(&expected).expect("an inpatient FY2026 chart groups");
    assert!((291..=293).contains(&expected.drg.number()), "{expected:?}");
    assert_eq!(expected.version, GrouperVersion::V431);
    assert!(expected.weight.is_some());
    drop(store);

    let said = db.ok(&["finalize", "IP-1", "--as", "coder2"]);
    let line = format!(
        "MS-DRG {} (MDC {}, v43.1, weight {})",
        expected.drg,
        expected.mdc,
        expected.weight.unwrap()
    );
    assert!(said.contains(&line), "{said}");
    let store = Store::open(&db.path).unwrap();
    let stored = chart_detail::reload(&store, &coder, &key)
        .unwrap()
        .drg
        .unwrap();
    assert_eq!(
        (stored.current, stored.original),
        (Some(expected), expected)
    );
}
