//! Issue 15, item 5: every report against a small fixture whose numbers are
//! worked out by hand below. The fixture is played through the demo year's
//! writer (the demo clock), so its times are chosen, on a demo database.
//!
//! Facility time zone America/Chicago; early March 2026 is CST (UTC-6,
//! DST starts 2026-03-08). Period 2026-03-05..2026-03-06 local =
//! [2026-03-05T06:00Z, 2026-03-07T06:00Z). Today 2026-03-09.
//!
//! | UTC | step | stretch |
//! |---|---|---|
//! | 03-05 14:00 | ana claims A1 (inpatient) | |
//! | 03-05 14:30 | ana asks Q1 (Dr. Able) on A1 | ana inpatient 1800 s |
//! | 03-05 15:00 | ana claims E1 (ed) | |
//! | 03-05 15:10 | ana finalizes E1 | ana ed 600 s, 1 final |
//! | 03-05 15:20 | ben claims E2 (ed) | |
//! | 03-05 15:26 | ben releases E2 | ben ed 360 s |
//! | 03-05 16:00 | ben claims E2 | |
//! | 03-05 16:09 | ben finalizes E2 | ben ed 540 s, 1 final |
//! | 03-05 20:00 | Q1 answered, option 0 (clinical: agrees) | 19,800 s response |
//! | 03-06 04:30 | ana claims A1 | |
//! | 03-06 05:30 | ana finalizes A1 (23:30 CST on 03-05) | ana inpatient 3600 s, 1 final |
//! | 03-06 15:00 | ben claims A2 (inpatient) | |
//! | 03-06 15:45 | ben holds A2, missing discharge summary | ben inpatient 2700 s |
//! | 03-06 16:00 | ben claims B1 (inpatient) | |
//! | 03-06 16:20 | ben asks Q2 (Dr. Baker) on B1, never answered | ben inpatient 1200 s |
//! | 03-06 17:00 | ana claims E3 (ed) | |
//! | 03-06 17:05 | ana asks Q3 (Dr. Able) on E3 | ana ed 300 s |
//! | 03-07 17:05 | Q3 answered "Unable to determine" (disagrees) | 86,400 s response |
//!
//! Productivity: ana ed 1 final / 900 s = 4.00 an hour; ana inpatient
//! 1 / 5400 s = 0.67; ben ed 1 / 900 s = 4.00; ben inpatient 0 / 3900 s =
//! 0.00. All: 3 / 11,100 s = 0.97. Per local day: 03-05 3 (A1's finalize
//! is 23:30 CST, though 03-06 in UTC), 03-06 0.
//!
//! Backlog on 03-09 (days since discharge or service): A2 on hold, 6 days
//! (inpatient 4-7); B1 on hold, 8 (inpatient 8-14); E3 back to new, 4 (ed
//! 4-7); B2 new, 4 (ed 4-7; expected charges $1,234.50). Holds: provider
//! query placed 3, on hold now 1; missing discharge summary 1 and 1.
//!
//! Queries: Dr. Able sent 2, answered 2, median (19,800 + 86,400) / 2 s =
//! 14.75 h → 14.8, agreed 1 of 2 chosen = 50.0%; Dr. Baker sent 1,
//! answered 0; all: 3, 2, 14.8, 1, 50.0%.

use chartq::app::reports::{self, ReportRequest};
use chartq::domain::chart::EncounterType;
use chartq::domain::people::{Actor, Role};
use chartq::domain::report::{AgeBucket, FacilityZone};
use chartq::store::Store;
use chartq::store::people;
use chartq::store::reports::simulate::{DemoClock, SimStep};
use chrono::{DateTime, NaiveDate, Utc};

use crate::support::queue::{ChartSpec, chart_line, import_lines};

fn t(s: &str) -> DateTime<Utc> {
    format!("2026-{s}:00Z").parse().unwrap()
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(crate) struct Fixture {
    _dir: tempfile::TempDir,
    pub store: Store,
}

impl Fixture {
    pub fn into_parts(self) -> (tempfile::TempDir, Store) {
        (self._dir, self.store)
    }

    pub fn actor(&mut self, login: &str) -> Actor {
        people::actor_for_login(&mut self.store, login, None).unwrap()
    }
}

fn chart_ids(store: &Store) -> std::collections::HashMap<String, i64> {
    let conn = rusqlite::Connection::open(store.path()).unwrap();
    let mut stmt = conn.prepare("SELECT account, id FROM chart").unwrap();
    stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

pub(crate) fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("demo.db")).unwrap();
    let admin = people::demo_creator_admin(&mut store).unwrap();
    for (login, role) in [
        ("ana", Role::Coder),
        ("ben", Role::Coder),
        ("aud", Role::Auditor),
    ] {
        people::add_user(&mut store, &admin, login, role, None).unwrap();
    }
    let spec = |account, kind, date, queue| ChartSpec {
        account,
        kind,
        date,
        queue,
        ..ChartSpec::default()
    };
    let mut lines: Vec<String> = [
        spec("A1", "inpatient", "2026-03-02", "inpatient"),
        spec("A2", "inpatient", "2026-03-03", "inpatient"),
        spec("B1", "inpatient", "2026-03-01", "inpatient"),
        spec("E1", "ed", "2026-03-04", "ed"),
        spec("E2", "ed", "2026-03-04", "ed"),
        spec("E3", "ed", "2026-03-05", "ed"),
    ]
    .iter()
    .map(chart_line)
    .collect();
    let mut b2: serde_json::Value =
        serde_json::from_str(&chart_line(&spec("B2", "ed", "2026-03-05", "ed"))).unwrap();
    b2["expected_charges"] = "1234.50".into();
    lines.push(b2.to_string());
    import_lines(&mut store, &admin, &lines);
    let id = chart_ids(&store);
    let c = |a: &str| id[a];
    let claim = |a: &str, who: &str| SimStep::Claim {
        chart: c(a),
        coder: who.into(),
    };
    let fin = |a: &str, who: &str| SimStep::Finalize {
        chart: c(a),
        coder: who.into(),
        codes: vec![],
        drg: None,
    };
    let ask = |a: &str, who: &str, query: i64, provider: &str, options: &[&str]| SimStep::Ask {
        chart: c(a),
        coder: who.into(),
        query,
        provider: provider.into(),
        options: options.iter().map(|o| o.to_string()).collect(),
    };
    let answer = |a: &str, query: i64, provider: &str, chosen: usize| SimStep::Answer {
        chart: c(a),
        query,
        provider: provider.into(),
        chosen,
        entered_by: "ana".into(),
    };
    let four = [
        "Acute systolic",
        "Chronic diastolic",
        "Other (please specify)",
        "Unable to determine",
    ];
    let three = ["Sepsis", "Other (please specify)", "Unable to determine"];
    let steps = vec![
        (t("03-05T14:00"), claim("A1", "ana")),
        (t("03-05T14:30"), ask("A1", "ana", 1, "Dr. Able", &four)),
        (t("03-05T15:00"), claim("E1", "ana")),
        (t("03-05T15:10"), fin("E1", "ana")),
        (t("03-05T15:20"), claim("E2", "ben")),
        (
            t("03-05T15:26"),
            SimStep::Release {
                chart: c("E2"),
                coder: "ben".into(),
            },
        ),
        (t("03-05T16:00"), claim("E2", "ben")),
        (t("03-05T16:09"), fin("E2", "ben")),
        (t("03-05T20:00"), answer("A1", 1, "Dr. Able", 0)),
        (t("03-06T04:30"), claim("A1", "ana")),
        (t("03-06T05:30"), fin("A1", "ana")),
        (t("03-06T15:00"), claim("A2", "ben")),
        (
            t("03-06T15:45"),
            SimStep::Hold {
                chart: c("A2"),
                coder: "ben".into(),
                reason: "missing discharge summary".into(),
            },
        ),
        (t("03-06T16:00"), claim("B1", "ben")),
        (t("03-06T16:20"), ask("B1", "ben", 2, "Dr. Baker", &four)),
        (t("03-06T17:00"), claim("E3", "ana")),
        (t("03-06T17:05"), ask("E3", "ana", 3, "Dr. Able", &three)),
        (t("03-07T17:05"), answer("E3", 3, "Dr. Able", 2)),
    ];
    let clock = DemoClock::for_demo(&store).unwrap();
    chartq::store::reports::simulate::play(&mut store, &clock, &steps).unwrap();
    Fixture { _dir: dir, store }
}

fn chicago() -> FacilityZone {
    FacilityZone::parse("America/Chicago").unwrap()
}

fn period() -> ReportRequest {
    ReportRequest {
        from: Some(d("2026-03-05")),
        to: Some(d("2026-03-06")),
        ..ReportRequest::default()
    }
}

const TODAY: &str = "2026-03-09";

#[test]
fn productivity_matches_the_hand_computation() {
    let mut f = fixture();
    let aud = f.actor("aud");
    let r = reports::productivity(&f.store, &aud, chicago(), d(TODAY), &period()).unwrap();
    let rows: Vec<(&str, EncounterType, u64, u64, Option<f64>)> = r
        .rows
        .iter()
        .map(|x| {
            (
                x.coder.as_str(),
                x.encounter_type,
                x.charts_finalized,
                x.seconds_worked,
                x.charts_per_hour,
            )
        })
        .collect();
    assert_eq!(
        rows,
        vec![
            ("ana", EncounterType::Ed, 1, 900, Some(4.0)),
            ("ana", EncounterType::Inpatient, 1, 5400, Some(0.67)),
            ("ben", EncounterType::Ed, 1, 900, Some(4.0)),
            ("ben", EncounterType::Inpatient, 0, 3900, Some(0.0)),
        ]
    );
    assert_eq!(r.total.charts_finalized, 3);
    assert_eq!(r.total.seconds_worked, 11_100);
    assert_eq!(r.total.charts_per_hour, Some(0.97));
    let days: Vec<(String, u64)> = r
        .per_day
        .iter()
        .map(|x| (x.date.to_string(), x.count))
        .collect();
    assert_eq!(
        days,
        vec![("2026-03-05".into(), 3), ("2026-03-06".into(), 0)]
    );
    // In UTC the same finalizes fall 2 and 1.
    let utc =
        reports::productivity(&f.store, &aud, FacilityZone::utc(), d(TODAY), &period()).unwrap();
    let days: Vec<u64> = utc.per_day.iter().map(|x| x.count).collect();
    assert_eq!(days, vec![2, 1]);
}

#[test]
fn a_coder_sees_only_their_own_productivity_and_bad_input_names_the_field() {
    let mut f = fixture();
    let ana = f.actor("ana");
    let r = reports::productivity(&f.store, &ana, chicago(), d(TODAY), &period()).unwrap();
    assert!(
        r.rows.iter().all(|x| x.coder == "ana") && r.rows.len() == 2,
        "{r:?}"
    );
    assert_eq!(r.total.charts_finalized, 2);
    let other = ReportRequest {
        coder: Some("ben".into()),
        ..period()
    };
    let e = reports::productivity(&f.store, &ana, chicago(), d(TODAY), &other).unwrap_err();
    assert!(
        e.to_string()
            .contains("--coder: a coder sees only their own"),
        "{e}"
    );
    let e = reports::backlog(&f.store, &ana, chicago(), d(TODAY), &period()).unwrap_err();
    assert!(e.to_string().contains("needs the auditor role"), "{e}");
    let e = reports::queries(&f.store, &ana, chicago(), d(TODAY), &period()).unwrap_err();
    assert!(e.to_string().contains("needs the auditor role"), "{e}");

    let aud = f.actor("aud");
    let unknown = ReportRequest {
        coder: Some("nobody".into()),
        ..period()
    };
    let e = reports::productivity(&f.store, &aud, chicago(), d(TODAY), &unknown).unwrap_err();
    assert_eq!(e.to_string(), "--coder: no chartq user nobody");
    let reversed = ReportRequest {
        from: Some(d("2026-03-06")),
        to: Some(d("2026-03-05")),
        ..ReportRequest::default()
    };
    let e = reports::queries(&f.store, &aud, chicago(), d(TODAY), &reversed).unwrap_err();
    assert_eq!(
        e.to_string(),
        "--to: 2026-03-05 is before --from 2026-03-06"
    );
    let queue = ReportRequest {
        queue: Some("nope".into()),
        ..period()
    };
    let e = reports::backlog(&f.store, &aud, chicago(), d(TODAY), &queue).unwrap_err();
    assert_eq!(e.to_string(), "--queue: no chart is in queue nope");
    let ben = ReportRequest {
        coder: Some("ben".into()),
        ..period()
    };
    let r = reports::productivity(&f.store, &aud, chicago(), d(TODAY), &ben).unwrap();
    assert_eq!(
        (r.total.charts_finalized, r.total.seconds_worked),
        (1, 4800)
    );
}

#[test]
fn backlog_and_holds_match_the_hand_computation() {
    let mut f = fixture();
    let aud = f.actor("aud");
    let r = reports::backlog(&f.store, &aud, chicago(), d(TODAY), &period()).unwrap();
    let rows: Vec<(&str, AgeBucket, u64, i64)> = r
        .rows
        .iter()
        .map(|x| (x.queue.as_str(), x.age, x.charts, x.expected_charges_cents))
        .collect();
    assert_eq!(
        rows,
        vec![
            ("ed", AgeBucket::UpTo7, 2, 123_450),
            ("inpatient", AgeBucket::UpTo7, 1, 0),
            ("inpatient", AgeBucket::UpTo14, 1, 0),
        ]
    );
    let holds: Vec<(&str, u64, u64)> = r
        .holds
        .iter()
        .map(|h| (h.reason.as_str(), h.placed, h.on_hold_now))
        .collect();
    assert_eq!(
        holds,
        vec![
            ("provider query", 3, 1),
            ("missing discharge summary", 1, 1)
        ]
    );
}

#[test]
fn provider_queries_match_the_hand_computation() {
    let mut f = fixture();
    let aud = f.actor("aud");
    let r = reports::queries(&f.store, &aud, chicago(), d(TODAY), &period()).unwrap();
    let row = |x: &chartq::domain::report::QueryRow| {
        (
            x.provider.clone(),
            x.sent,
            x.answered,
            x.median_response_hours,
            x.agreed,
            x.agreement_percent,
        )
    };
    assert_eq!(
        r.rows.iter().map(row).collect::<Vec<_>>(),
        vec![
            ("Dr. Able".into(), 2, 2, Some(14.8), 1, Some(50.0)),
            ("Dr. Baker".into(), 1, 0, None, 0, None),
        ]
    );
    assert_eq!(
        row(&r.total),
        ("all".into(), 3, 2, Some(14.8), 1, Some(50.0))
    );
}

#[test]
fn the_demo_clock_is_refused_on_a_real_database() {
    let db = crate::support::queue::Db::new();
    let store = Store::open(&db.path).unwrap();
    let e = DemoClock::for_demo(&store).unwrap_err();
    assert!(e.to_string().contains("only on a demo database"), "{e}");
}

/// A month reads its whole UTC days from the maintained sums and only the
/// partial days at its ends from the rows: the same hand-computed numbers
/// (every fixture event falls in March; March 8 is the DST change, so the
/// month ends at 05:00 UTC, not 06:00).
#[test]
fn a_month_from_the_maintained_sums_gives_the_same_numbers() {
    let mut f = fixture();
    let aud = f.actor("aud");
    let march = ReportRequest {
        from: Some(d("2026-03-01")),
        to: Some(d("2026-03-31")),
        ..ReportRequest::default()
    };
    let r = reports::productivity(&f.store, &aud, chicago(), d(TODAY), &march).unwrap();
    assert_eq!(r.total.charts_finalized, 3);
    assert_eq!(r.total.seconds_worked, 11_100);
    assert_eq!(r.rows.len(), 4);
    let on_5th: Vec<u64> = r
        .per_day
        .iter()
        .filter(|x| x.count > 0)
        .map(|x| x.count)
        .collect();
    assert_eq!(on_5th, vec![3]);
    assert_eq!(r.per_day[4].date, d("2026-03-05"));
    let ben = ReportRequest {
        coder: Some("ben".into()),
        queue: Some("ed".into()),
        ..march
    };
    let r = reports::productivity(&f.store, &aud, chicago(), d(TODAY), &ben).unwrap();
    // ben in the ed queue: E2, 1 final, 360 + 540 s.
    assert_eq!((r.total.charts_finalized, r.total.seconds_worked), (1, 900));
    assert_eq!(r.per_day.iter().map(|x| x.count).sum::<u64>(), 1);
}
