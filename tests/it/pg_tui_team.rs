//! Issue 13's "done when": two OS users on one machine, in two terminals,
//! code from the same PostgreSQL queue with their own identities. The real
//! binary runs twice in pseudo-terminals, as the OS users `cq_ana` and
//! `cq_ben` (`runuser`; no `--as`: the database knows each by peer
//! authentication). Both TUIs are open at once; each claims the next chart
//! (they get different ones), searches a code from the database's
//! snapshots, assigns it, finalizes and quits. The admin's `chartq audit`
//! then shows every change to each chart made by its own login, and both
//! terminals were restored. Gated by `support::pg` (server, root, users).

use std::os::unix::fs::PermissionsExt;

use chartq::domain::people::Role;
use chartq::store::backend::Backend;
use chartq::store::backend::postgres::Postgres;

use crate::support::backends::import_test_code_sets;
use crate::support::pg::{PgDb, os_user, server};
use crate::support::queue::{ChartSpec, chart_line};
use crate::support::tui::pty::{Pty, restored};

/// The two coders: OS login, what they search, the code it finds.
const CODERS: [(&str, &str, &str); 2] = [
    ("cq_ana", "chest pain", "R07.9"),
    ("cq_ben", "pneumonia", "J18.9"),
];

/// A team database: the invented code sets (with their search snapshots),
/// `cq_ana` and `cq_ben` coders in queue `ed`, and three ED charts.
fn team_db() -> Option<PgDb> {
    if server().is_none() || !CODERS.iter().all(|(user, ..)| os_user(user)) {
        return None;
    }
    let db = PgDb::new("tui2")?;
    let mut pg = Postgres::connect(&db.url).unwrap();
    let admin = import_test_code_sets(&mut pg);
    for (user, ..) in CODERS {
        pg.add_user(&admin, user, Role::Coder, None).unwrap();
        pg.set_membership(&admin, Some(user), "ed", true).unwrap();
    }
    let lines: Vec<String> = ["ED-1", "ED-2", "ED-3"]
        .iter()
        .map(|account| {
            chart_line(&ChartSpec {
                account,
                kind: "ed",
                queue: "ed",
                ..Default::default()
            })
        })
        .collect();
    db.import(&lines);
    Some(db)
}

/// A HOME (and TMPDIR) both OS users may write.
fn shared_home() -> tempfile::TempDir {
    let home = tempfile::tempdir().unwrap();
    std::fs::set_permissions(home.path(), std::fs::Permissions::from_mode(0o1777)).unwrap();
    home
}

/// The account of the chart open on screen (its header's first word).
fn account_on(screen: &str) -> String {
    screen
        .split_whitespace()
        .next()
        .unwrap_or_default()
        .to_string()
}

#[test]
fn two_os_users_code_from_one_postgres_queue_as_themselves() {
    let Some(db) = team_db() else {
        return;
    };
    let home = shared_home();
    let args = ["--db", db.url.as_str()];
    let mut ptys: Vec<Pty> = CODERS
        .iter()
        .map(|(user, ..)| Pty::spawn_as(user, home.path(), &args, &[], (100, 30)))
        .collect();
    // Both open at once, each on the shared queue as themselves.
    for (pty, (user, ..)) in ptys.iter().zip(CODERS) {
        pty.wait_for("Queue ·");
        pty.wait_for(user);
    }
    // Both claim the next chart at once: two different ones.
    for pty in &mut ptys {
        pty.send("n");
    }
    let mut accounts = Vec::new();
    for pty in &ptys {
        pty.wait_for("claimed");
        pty.wait_for("ED-");
        accounts.push(account_on(&pty.screen()));
    }
    assert!(
        accounts.iter().all(|a| a.starts_with("ED-")),
        "{accounts:?}"
    );
    assert_ne!(accounts[0], accounts[1], "both claimed one chart");
    // Each searches (the index from the database's snapshots), assigns,
    // finalizes and quits.
    for (pty, (_, typed, code)) in ptys.iter_mut().zip(CODERS) {
        pty.send("/");
        pty.assign_best_hit(typed, code);
        pty.finalize_and_quit();
    }
    for pty in &mut ptys {
        assert_eq!(pty.wait_exit(), 0, "screen:\n{}", pty.screen());
        assert!(restored(&pty.output()), "terminal not restored");
    }
    // The admin's audit log: each chart claimed, coded and finalized by
    // its own OS login, with no one acting for another.
    for (account, (user, _, code)) in accounts.iter().zip(CODERS) {
        let events: serde_json::Value =
            serde_json::from_str(&db.ok(&["audit", "--chart", account, "--limit", "0", "--json"]))
                .unwrap();
        let events = events.as_array().unwrap();
        let by = |action: &str| -> Vec<(String, bool)> {
            events
                .iter()
                .filter(|e| e["action"] == action)
                .map(|e| {
                    (
                        e["user"].as_str().unwrap_or_default().to_string(),
                        e["real_user"].is_null(),
                    )
                })
                .collect()
        };
        let own = vec![(user.to_string(), true)];
        for action in [
            "chart_claimed",
            "chart_viewed",
            "code_assigned",
            "chart_finalized",
        ] {
            assert_eq!(by(action), own, "{account} {action}: {events:#?}");
        }
        // Nobody else touched it: every event after its import is theirs.
        for e in events.iter().filter(|e| e["action"] != "chart_created") {
            assert_eq!(e["user"], *user, "{account}: {e}");
        }
        let shown: serde_json::Value =
            serde_json::from_str(&db.ok(&["chart", "show", account, "--json"])).unwrap();
        assert_eq!(shown["chart"]["status"], "coded", "{shown}");
        assert_eq!(shown["assignments"][0]["code"], code, "{shown}");
    }
    // The third chart is still waiting, nobody's.
    assert_eq!(
        db.count("SELECT count(*) FROM chartq.chart WHERE status = 'new' AND lease_holder IS NULL"),
        1
    );
}

/// `insta::assert_snapshot!` on `tests/snapshots/pg_tui__NAME.snap`.
macro_rules! snapshot {
    ($name:expr, $value:expr $(,)?) => {
        insta::with_settings!({
            snapshot_path => "../snapshots",
            prepend_module_to_snapshot => false,
        }, {
            insta::assert_snapshot!(format!("pg_tui__{}", $name), $value);
        })
    };
}

/// The screens drawn with ratatui's `TestBackend` over the real
/// workbench on a PostgreSQL database (the test's login, its first admin,
/// a member of `ed`), code search on the database's snapshots as the TUI
/// loads it: the same views as on SQLite, the team's data. The role
/// prefix (this run's own) is taken out of the text.
#[test]
fn the_queue_and_a_search_render_from_postgres() {
    use chartq::store::backend::postgres::Postgres;
    use chartq::tui::store_bridge::StoreWorkbench;
    use chartq::tui::workbench::CodeSearcher;
    use chartq::tui::{app::App, views, worker};
    use std::sync::Arc;

    let Some(db) = PgDb::new("tuisnap") else {
        return;
    };
    let mut pg = Postgres::connect(&db.url).unwrap();
    let login = pg.login().unwrap();
    let admin = import_test_code_sets(&mut pg);
    pg.set_membership(&admin, None, "ed", true).unwrap();
    let admin = pg.actor(&login, None).unwrap().unwrap();
    let lines: Vec<String> = [("ED-1", 1), ("ED-2", 2)]
        .iter()
        .map(|(account, priority)| {
            chart_line(&ChartSpec {
                account,
                kind: "ed",
                queue: "ed",
                priority: *priority,
                ..Default::default()
            })
        })
        .collect();
    db.import(&lines);
    let today = crate::support::tui::date("2026-11-30");
    let wb = StoreWorkbench::over(Box::new(pg), admin, today);
    let url = db.url.clone();
    let (tx, rx) = std::sync::mpsc::channel();
    let search_tx = worker::spawn(
        Box::new(move || {
            let backend = Postgres::connect(&url).map_err(|e| e.to_string())?;
            let searcher = chartq::search::DatedSearch::from_backend(Box::new(backend))
                .map_err(|e| e.to_string())?;
            Ok(Arc::new(searcher) as Arc<dyn CodeSearcher>)
        }),
        tx,
    )
    .unwrap();
    let size = (100, 30);
    let mut opts = crate::support::tui::options(size, Some(search_tx));
    opts.today = today;
    let mut app = App::new(Box::new(wb), opts);
    crate::support::tui::settle(&mut app, &rx);
    let screen = |app: &App| -> String {
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(size.0, size.1)).unwrap();
        terminal.draw(|f| views::render(f, app)).unwrap();
        let buf = terminal.backend().buffer().clone();
        let text: Vec<String> = (0..size.1)
            .map(|y| {
                let line: String = (0..size.0).map(|x| buf[(x, y)].symbol()).collect();
                line.trim_end().to_string()
            })
            .collect();
        text.join("\n").replace(&login, "admin")
    };
    snapshot!("queue_100x30", screen(&app));
    crate::support::tui::press(&mut app, &rx, r#"n / "chest pain""#);
    snapshot!("workspace_search_100x30", screen(&app));
}

/// An OS user the team database does not know is told so, by login, and
/// gets the terminal back: no one reaches the queue under another name.
#[test]
fn an_os_user_who_is_no_chartq_user_is_refused_by_name() {
    if server().is_none() || !os_user("cq_ana") {
        return;
    }
    let Some(db) = PgDb::new("tuino") else {
        return;
    };
    let home = shared_home();
    let mut pty = Pty::spawn_as(
        "cq_ana",
        home.path(),
        &["--db", db.url.as_str()],
        &[],
        (100, 30),
    );
    let code = pty.wait_exit();
    let out = String::from_utf8_lossy(&pty.output()).into_owned();
    assert_ne!(code, 0, "{out}");
    assert!(out.contains("you (cq_ana) are not a chartq user"), "{out}");
    assert!(restored(&pty.output()), "terminal not restored");
}
