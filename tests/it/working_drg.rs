//! The working DRG (issue 15, the backlog's weight): `chartq group` on a
//! chart the coder holds records its DRG as the chart's working DRG, once
//! per change (audited `working_drg_recorded`), and the supervisor's
//! backlog report counts its weight; a coder who does not hold the chart
//! records nothing (refused by the store). On both backends.

use chartq::domain::chart::ChartRef;
use chartq::domain::drg::{Drg, FinalDrg, GrouperVersion, Mdc};
use chartq::store::Store;
use chartq::store::people;

use crate::support::backends::TestDb;
use crate::support::queue::{ChartSpec, chart_line};

/// (charts, with_weight, weight) summed over the backlog's rows.
fn backlog_totals(db: &TestDb) -> (u64, u64, f64) {
    let v = db.json(&["--as", "sup", "report", "backlog"]);
    let rows = v["rows"].as_array().cloned().unwrap_or_default();
    rows.iter().fold((0, 0, 0.0), |(c, w, s), r| {
        (
            c + r["charts"].as_u64().unwrap_or(0),
            w + r["with_weight"].as_u64().unwrap_or(0),
            s + r["weight"].as_f64().unwrap_or(0.0),
        )
    })
}

crate::on_both! {
    fn group_records_the_working_drg_and_the_backlog_weighs_it(db) {
        db.import(&[chart_line(&ChartSpec {
            account: "IP-W",
            ..Default::default()
        })]);
        assert_eq!(backlog_totals(db), (1, 0, 0.0));
        db.ok(&["--as", "coder1", "queue", "claim", "IP-W"]);
        db.ok(&["--as", "coder1", "assign", "IP-W", "J18.9", "--poa", "Y"]);
        let g = db.json(&["--as", "coder1", "group", "IP-W"]);
        let weight = g["weight"].as_f64().expect("a grouped DRG with a weight");
        let (charts, with_weight, sum) = backlog_totals(db);
        assert_eq!((charts, with_weight), (1, 1), "{g}");
        assert!((sum - weight).abs() < 1e-9, "{sum} vs {weight}");
        let recorded = "SELECT count(*) FROM audit_event WHERE action = 'working_drg_recorded'";
        assert_eq!(db.count(recorded), 1);
        // The same codes grouped again: nothing new to record.
        db.ok(&["--as", "coder1", "group", "IP-W", "--json"]);
        assert_eq!(db.count(recorded), 1);
        // Another coder (who sees the chart through the queue) only sees
        // the grouping.
        db.ok(&["--as", "coder2", "group", "IP-W", "--json"]);
        assert_eq!(db.count(recorded), 1);
    }
}

/// The store refuses a coder who does not hold the chart; the holder and
/// a supervisor record.
#[test]
fn only_the_holder_or_a_supervisor_records_a_working_drg() {
    let db = crate::support::queue::Db::new();
    db.import(&[chart_line(&ChartSpec {
        account: "IP-S",
        ..Default::default()
    })]);
    db.ok(&["--as", "coder1", "queue", "claim", "IP-S"]);
    let mut store = Store::open(&db.path).unwrap();
    let drg = Some(FinalDrg {
        drg: Drg::new(195).unwrap(),
        mdc: Mdc::new(4).unwrap(),
        version: GrouperVersion::V431,
        weight: Some("0.6940".parse().unwrap()),
    });
    let chart = ChartRef::Account("IP-S".into());
    let record = |store: &mut Store, login: &str| {
        let actor = people::actor_for_login(store, login, None).unwrap();
        chartq::store::working_drg::record(store, &actor, &chart, drg.as_ref())
    };
    let err = record(&mut store, "coder2").unwrap_err().to_string();
    assert!(err.contains("only the lease holder"), "{err}");
    assert!(record(&mut store, "coder1").unwrap());
    assert!(
        !record(&mut store, "coder1").unwrap(),
        "unchanged: not written"
    );
    let actor = people::actor_for_login(&mut store, "sup", None).unwrap();
    assert!(chartq::store::working_drg::record(&mut store, &actor, &chart, None).unwrap());
    assert_eq!(
        db.count("SELECT count(*) FROM audit_event WHERE action = 'working_drg_recorded'"),
        2
    );
    assert_eq!(db.count("SELECT count(*) FROM chart_working_drg"), 0);
}
