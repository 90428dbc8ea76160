//! Whose chart is it: a released or expired chart goes back to the queue as
//! nobody's (`queue list --mine`, the USER column, `queue::is_mine`), while
//! a held, assigned or coded chart stays its coder's.
//!
//! On both backends (`on_both!`): the library calls go through the seam
//! (`Backend`, opened as the app layer opens it: `TestDb::backend`).

use crate::support::backends::TestDb;
use crate::support::queue::{ChartSpec, chart_line};
use chartq::domain::chart::Chart;
use chartq::domain::chart::{ChartRef, Status};
use chartq::domain::people::Actor;
use chartq::store::backend::Backend;
use chartq::store::queue::{self, ClaimRequest, ListFilter};

/// A new inpatient chart in `db` for each of `accounts`.
fn with(db: &TestDb, accounts: &[&str]) {
    let lines: Vec<String> = accounts
        .iter()
        .map(|account| {
            chart_line(&ChartSpec {
                account,
                ..Default::default()
            })
        })
        .collect();
    db.import(&lines);
}

/// The backend and the admin acting as template login `login`.
fn actor(db: &TestDb, store: &dyn Backend, login: &str) -> Actor {
    db.actor(store, Some(login))
}

/// The accounts `charts --mine` shows `who`.
fn mine(store: &mut dyn Backend, who: &Actor) -> Vec<String> {
    let filter = ListFilter {
        mine: true,
        ..Default::default()
    };
    store
        .charts(who, &filter)
        .unwrap()
        .into_iter()
        .map(|c| c.account)
        .collect()
}

/// The chart with `account` as the list shows it to `who`.
fn listed(store: &mut dyn Backend, who: &Actor, account: &str) -> Chart {
    store
        .charts(who, &ListFilter::default())
        .unwrap()
        .into_iter()
        .find(|c| c.account == account)
        .unwrap()
}

fn claim(store: &mut dyn Backend, who: &Actor, account: &str) {
    let request = ClaimRequest {
        chart: Some(ChartRef::account(account)),
        ..Default::default()
    };
    store.claim(who, &request).unwrap().unwrap();
}

crate::on_both! {
fn a_released_chart_is_nobodys(db) {
    with(db, &["REL", "HELD"]);
    let mut store = db.backend();
    let store = &mut *store;
    let coder = actor(db, store, "coder1");
    let coder1 = db.login("coder1");

    claim(store, &coder, "REL");
    claim(store, &coder, "HELD");
    assert_eq!(mine(store, &coder), ["REL", "HELD"]);
    assert!(queue::is_mine(&listed(store, &coder, "REL"), &coder1));

    store
        .hold(
            &coder,
            &ChartRef::account("HELD"),
            "operative report missing",
        )
        .unwrap();
    let released = store.release(&coder, &ChartRef::account("REL")).unwrap();
    assert_eq!(released.status, Status::New);
    assert_eq!(
        (released.coder, released.assigned_to, released.lease_holder),
        (None, None, None),
        "released: like any unclaimed chart"
    );
    assert_eq!(
        mine(store, &coder),
        ["HELD"],
        "a held chart stays mine"
    );
    let held = listed(store, &coder, "HELD");
    assert!(queue::is_mine(&held, &coder1));
    assert!(!queue::is_mine(
        &listed(store, &coder, "REL"),
        &coder1
    ));

    // The CLI's USER column names nobody for the released chart.
    let list = db.ok(&["--as", "coder1", "queue", "list"]);
    let rel = list.lines().find(|l| l.contains(" REL ")).unwrap();
    assert!(!rel.contains("coder1"), "{list}");
    assert!(rel.trim_end().ends_with('-'), "{list}");

    // Released from hold: nobody's as well.
    store.release(&coder, &ChartRef::account("HELD")).unwrap();
    assert!(mine(store, &coder).is_empty());
}
}

crate::on_both! {
fn an_expired_lease_leaves_the_chart_nobodys(db) {
    with(db, &["EXP"]);
    let mut store = db.backend();
    let store = &mut *store;
    let coder = actor(db, store, "coder1");
    let coder1 = db.login("coder1");
    claim(store, &coder, "EXP");
    db.execute("UPDATE chart SET lease_until = 1 WHERE account = 'EXP'");
    let chart = listed(store, &coder, "EXP");
    assert_eq!((chart.status, chart.coder.as_deref()), (Status::New, None));
    assert!(!queue::is_mine(&chart, &coder1));
    assert!(mine(store, &coder).is_empty());
}
}

crate::on_both! {
fn mine_follows_the_status_not_who_worked_the_chart_last(db) {
    with(db, &["STALE", "GIVEN"]);
    let mut store = db.backend();
    let store = &mut *store;
    let coder = actor(db, store, "coder1");
    let coder1 = db.login("coder1");
    let sup = actor(db, store, "sup");
    // A chart released before releases cleared the coder (an older
    // database): still new and unassigned, so not coder1's.
    db.execute("UPDATE chart SET coder_id = (SELECT id FROM app_user WHERE login = 'coder1')
             WHERE account = 'STALE'");
    assert!(mine(store, &coder).is_empty());
    assert!(!queue::is_mine(
        &listed(store, &coder, "STALE"),
        &coder1
    ));

    // A new chart a supervisor assigned to coder1 is theirs before a claim.
    store.assign_to(&sup, &ChartRef::account("GIVEN"), &coder1).unwrap();
    assert_eq!(mine(store, &coder), ["GIVEN"]);
    assert!(queue::is_mine(
        &listed(store, &coder, "GIVEN"),
        &coder1
    ));
    let other = actor(db, store, "coder2");
    assert!(mine(store, &other).is_empty());
}
}

crate::on_both! {
fn chart_show_sees_an_expired_lease_and_renew_refuses_it(db) {
    with(db, &["LATE"]);
    db.ok(&["--as", "coder1", "queue", "claim", "LATE"]);
    db.execute("UPDATE chart SET lease_until = lease_until - 3600");
    let err = db.fails(2, &["--as", "coder1", "queue", "renew", "LATE"]);
    assert!(err.contains("ran out"), "{err}");

    // The holder's own view neither shows nor revives the lease.
    let shown = db.json(&["--as", "coder1", "chart", "show", "LATE"]);
    let chart = &shown["chart"];
    assert_eq!(chart["status"], "new", "{shown}");
    assert!(chart["lease_holder"].is_null() && chart["lease_until"].is_null());
    assert!(chart["coder"].is_null());
    let actions: Vec<&str> = shown["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["action"].as_str().unwrap())
        .collect();
    let expired = actions.iter().position(|a| *a == "lease_expired");
    let viewed = actions.iter().rposition(|a| *a == "chart_viewed");
    assert!(expired.is_some() && expired < viewed, "{actions:?}");
    assert_eq!(
        db.count("SELECT count(*) FROM audit_event WHERE action = 'lease_expired'"),
        1
    );
    let err = db.fails(2, &["--as", "coder1", "queue", "renew", "LATE"]);
    assert!(err.contains("claim it first"), "{err}");
}
}
