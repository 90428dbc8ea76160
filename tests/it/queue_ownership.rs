//! Whose chart is it: a released or expired chart goes back to the queue as
//! nobody's (`queue list --mine`, the USER column, `queue::is_mine`), while
//! a held, assigned or coded chart stays its coder's.

use crate::support::queue::{ChartSpec, Db, chart_line};
use chartq::domain::chart::Chart;
use chartq::domain::chart::{ChartRef, Status};
use chartq::domain::people::Actor;
use chartq::store::Store;
use chartq::store::people;
use chartq::store::queue::{self, ClaimRequest, ListFilter};
/// A fresh database with a new inpatient chart for each of `accounts`.
fn db_with(accounts: &[&str]) -> Db {
    let db = Db::new();
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
    db
}

fn actor(store: &mut Store, login: &str) -> Actor {
    people::actor_for_login(store, &crate::support::queue::me(), Some(login)).unwrap()
}

/// The accounts `queue::list --mine` shows `who`.
fn mine(store: &mut Store, who: &Actor) -> Vec<String> {
    let filter = ListFilter {
        mine: true,
        ..Default::default()
    };
    queue::list(store, who, &filter)
        .unwrap()
        .into_iter()
        .map(|c| c.account)
        .collect()
}

/// The chart with `account` as `queue::list` shows it to `who`.
fn listed(store: &mut Store, who: &Actor, account: &str) -> Chart {
    queue::list(store, who, &ListFilter::default())
        .unwrap()
        .into_iter()
        .find(|c| c.account == account)
        .unwrap()
}

fn claim(store: &mut Store, who: &Actor, account: &str) {
    let request = ClaimRequest {
        chart: Some(ChartRef::account(account)),
        ..Default::default()
    };
    queue::claim(store, who, &request).unwrap().unwrap();
}

#[test]
fn a_released_chart_is_nobodys() {
    let db = db_with(&["REL", "HELD"]);
    let mut store = Store::open(&db.path).unwrap();
    let coder = actor(&mut store, "coder1");

    claim(&mut store, &coder, "REL");
    claim(&mut store, &coder, "HELD");
    assert_eq!(mine(&mut store, &coder), ["REL", "HELD"]);
    assert!(queue::is_mine(&listed(&mut store, &coder, "REL"), "coder1"));

    queue::hold(
        &mut store,
        &coder,
        &ChartRef::account("HELD"),
        "operative report missing",
    )
    .unwrap();
    let released = queue::release(&mut store, &coder, &ChartRef::account("REL")).unwrap();
    assert_eq!(released.status, Status::New);
    assert_eq!(
        (released.coder, released.assigned_to, released.lease_holder),
        (None, None, None),
        "released: like any unclaimed chart"
    );
    assert_eq!(
        mine(&mut store, &coder),
        ["HELD"],
        "a held chart stays mine"
    );
    let held = listed(&mut store, &coder, "HELD");
    assert!(queue::is_mine(&held, "coder1"));
    assert!(!queue::is_mine(
        &listed(&mut store, &coder, "REL"),
        "coder1"
    ));

    // The CLI's USER column names nobody for the released chart.
    let list = db.ok(&["--as", "coder1", "queue", "list"]);
    let rel = list.lines().find(|l| l.contains(" REL ")).unwrap();
    assert!(!rel.contains("coder1"), "{list}");
    assert!(rel.trim_end().ends_with('-'), "{list}");

    // Released from hold: nobody's as well.
    queue::release(&mut store, &coder, &ChartRef::account("HELD")).unwrap();
    assert!(mine(&mut store, &coder).is_empty());
}

#[test]
fn an_expired_lease_leaves_the_chart_nobodys() {
    let db = db_with(&["EXP"]);
    let mut store = Store::open(&db.path).unwrap();
    let coder = actor(&mut store, "coder1");
    claim(&mut store, &coder, "EXP");
    db.sql()
        .execute("UPDATE chart SET lease_until = 1 WHERE account = 'EXP'", [])
        .unwrap();
    let chart = listed(&mut store, &coder, "EXP");
    assert_eq!((chart.status, chart.coder.as_deref()), (Status::New, None));
    assert!(!queue::is_mine(&chart, "coder1"));
    assert!(mine(&mut store, &coder).is_empty());
}

#[test]
fn mine_follows_the_status_not_who_worked_the_chart_last() {
    let db = db_with(&["STALE", "GIVEN"]);
    let mut store = Store::open(&db.path).unwrap();
    let coder = actor(&mut store, "coder1");
    let sup = actor(&mut store, "sup");
    // A chart released before releases cleared the coder (an older
    // database): still new and unassigned, so not coder1's.
    db.sql()
        .execute(
            "UPDATE chart SET coder_id = (SELECT id FROM app_user WHERE login = 'coder1')
             WHERE account = 'STALE'",
            [],
        )
        .unwrap();
    assert!(mine(&mut store, &coder).is_empty());
    assert!(!queue::is_mine(
        &listed(&mut store, &coder, "STALE"),
        "coder1"
    ));

    // A new chart a supervisor assigned to coder1 is theirs before a claim.
    queue::assign_to(&mut store, &sup, &ChartRef::account("GIVEN"), "coder1").unwrap();
    assert_eq!(mine(&mut store, &coder), ["GIVEN"]);
    assert!(queue::is_mine(
        &listed(&mut store, &coder, "GIVEN"),
        "coder1"
    ));
    let other = actor(&mut store, "coder2");
    assert!(mine(&mut store, &other).is_empty());
}

#[test]
fn chart_show_sees_an_expired_lease_and_renew_refuses_it() {
    let db = db_with(&["LATE"]);
    db.ok(&["--as", "coder1", "queue", "claim", "LATE"]);
    db.sql()
        .execute("UPDATE chart SET lease_until = lease_until - 3600", [])
        .unwrap();
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
