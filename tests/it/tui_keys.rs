//! The TUI driven by key scripts, with no terminal: state after each
//! script, and what reached the (fake) store.

use std::time::{Duration, Instant};

use crate::support::tui::*;
use chartq::tui::app::{Msg, Overlay, Pane, Screen};
use chartq::tui::model::{Role, Status};

/// The open chart's codes with their roles, in sequence.
fn codes(app: &chartq::tui::app::App) -> Vec<(&str, Role)> {
    let chart = app.chart.as_ref().expect("chart open");
    chart
        .view
        .assignments
        .iter()
        .map(|a| (a.code.as_str(), a.role))
        .collect()
}

#[test]
fn codes_a_chart_from_claim_to_finalize() {
    let (mut app, wb, rx) = app();
    settle(&mut app, &rx);
    assert_eq!(app.screen, Screen::Queue);
    assert_eq!(app.queue.rows.len(), 3);

    press(&mut app, &rx, r#"n / "chest pain" Enter "e11.22" Enter"#);
    let chart = app.chart.as_ref().expect("chart open");
    assert_eq!(chart.view.account, "ED-1001");
    assert_eq!(
        codes(&app),
        [("R07.9", Role::Principal), ("E11.22", Role::Secondary)]
    );
    assert_eq!(
        chart.pane,
        Pane::Search,
        "focus stays in search for the next code"
    );
    assert!(
        chart.search.query.is_empty(),
        "the query is cleared after assigning"
    );

    // F would type into the query: Ctrl-G leaves the (empty) search first.
    press(&mut app, &rx, "ctrl-g F Enter");
    assert!(
        matches!(app.overlay, Some(Overlay::Finalized { .. })),
        "{:?}",
        app.overlay
    );
    assert_eq!(wb.0.lock().unwrap().charts[0].1.status, Status::Coded);

    // The finalized screen offers the next chart.
    press(&mut app, &rx, "n");
    assert_eq!(app.chart.as_ref().unwrap().view.account, "IP-2002");
    assert!(app.overlay.is_none());
}

#[test]
fn finalize_lists_the_problems_and_back_returns_to_fix_them() {
    let (mut app, _wb, rx) = app();
    // Claim the inpatient chart (second by priority): open it from the queue.
    press(&mut app, &rx, "j Enter");
    assert!(app.chart.as_ref().unwrap().view.inpatient);
    // F lists the problems at once: nothing to confirm yet.
    press(&mut app, &rx, r#"/ "pneumonia" Enter ctrl-g F"#);
    match &app.overlay {
        Some(Overlay::Problems(p)) => assert_eq!(
            p.blocking,
            ["poa_missing: J18.9 has no POA indicator: it needs Y, N, U or W"]
        ),
        other => panic!("expected problems, got {other:?}"),
    }
    // Back, to the codes pane, POA Y, finalize again.
    press(&mut app, &rx, "ctrl-g tab o F Enter");
    assert_eq!(
        app.chart.as_ref().unwrap().view.assignments[0].poa,
        Some(chartq::tui::model::Poa::Y)
    );
    assert!(
        matches!(app.overlay, Some(Overlay::Finalized { .. })),
        "{:?}",
        app.overlay
    );
}

#[test]
fn coding_pane_reorders_removes_and_sets_principal() {
    let (mut app, _wb, rx) = app();
    press(
        &mut app,
        &rx,
        r#"n / "chest pain" Enter "i10" Enter "n18.31" Enter"#,
    );
    // Focus the codes pane: Search → Detail → Documents → Coding.
    press(&mut app, &rx, "tab tab tab");
    assert_eq!(app.chart.as_ref().unwrap().pane, Pane::Coding);
    let order = |app: &chartq::tui::app::App| -> Vec<String> {
        app.chart
            .as_ref()
            .unwrap()
            .view
            .assignments
            .iter()
            .map(|a| a.code.clone())
            .collect()
    };
    // Selected is the last assigned (N18.31): move it up, make it principal.
    press(&mut app, &rx, "K");
    assert_eq!(order(&app), vec!["R07.9", "N18.31", "I10"]);
    press(&mut app, &rx, "p");
    assert_eq!(order(&app), vec!["N18.31", "R07.9", "I10"]);
    let roles: Vec<Role> = app
        .chart
        .as_ref()
        .unwrap()
        .view
        .assignments
        .iter()
        .map(|a| a.role)
        .collect();
    assert_eq!(
        roles,
        vec![Role::Principal, Role::Secondary, Role::Secondary]
    );
    press(&mut app, &rx, "G d");
    assert_eq!(order(&app), vec!["N18.31", "R07.9"]);
    let detail = app
        .chart
        .as_ref()
        .unwrap()
        .detail
        .as_ref()
        .map(|d| d.code.clone());
    assert_eq!(
        detail.as_deref(),
        Some("R07.9"),
        "detail follows the selection after d"
    );
    press(
        &mut app,
        &rx,
        r#": "modifiers lt rt" Enter : "units 2" Enter"#,
    );
    let a = &app.chart.as_ref().unwrap().view.assignments[1];
    assert_eq!(
        (a.modifiers.clone(), a.units),
        (vec!["LT".to_string(), "RT".to_string()], Some(2))
    );
}

#[test]
fn back_walks_out_one_step_at_a_time_without_esc() {
    let (mut app, _wb, rx) = app();
    press(&mut app, &rx, r#"n / "chest""#);
    assert!(!app.chart.as_ref().unwrap().search.hits.is_empty());
    press(&mut app, &rx, "ctrl-g");
    assert!(
        app.chart.as_ref().unwrap().search.query.is_empty(),
        "first: clear the query"
    );
    press(&mut app, &rx, "ctrl-g");
    assert_eq!(app.chart.as_ref().unwrap().pane, Pane::Documents);
    press(&mut app, &rx, "ctrl-g");
    assert_eq!(app.screen, Screen::Queue);
    // The chart stays claimed (mine) in the queue.
    assert!(
        app.queue
            .rows
            .iter()
            .any(|r| r.account == "ED-1001" && r.mine)
    );
}

#[test]
fn typing_in_search_does_not_trigger_shortcuts() {
    let (mut app, _wb, rx) = app();
    press(&mut app, &rx, r#"n / "q?jn""#);
    assert!(!app.quit);
    assert!(app.overlay.is_none());
    assert_eq!(app.chart.as_ref().unwrap().search.query, "q?jn");
    press(&mut app, &rx, "backspace backspace ctrl-u");
    assert_eq!(app.chart.as_ref().unwrap().search.query, "");
}

#[test]
fn stale_search_answers_are_dropped() {
    let (mut app, _wb, rx) = app();
    press(&mut app, &rx, r#"n / "chest""#);
    let generation = app.chart.as_ref().unwrap().search.generation;
    app.update(Msg::SearchDone {
        generation: generation - 1,
        hits: vec![],
    });
    assert_eq!(
        app.chart.as_ref().unwrap().search.hits.len(),
        2,
        "older answer ignored"
    );
}

#[test]
fn find_in_document_highlights_and_steps_through_matches() {
    let (mut app, _wb, rx) = app();
    press(&mut app, &rx, r#"n f "chest pain" Enter"#);
    let find = &app.chart.as_ref().unwrap().find;
    assert_eq!(find.matches.len(), 3);
    assert!(find.editing.is_none());
    press(&mut app, &rx, "n n");
    assert_eq!(app.chart.as_ref().unwrap().find.current, 2);
    press(&mut app, &rx, "N");
    assert_eq!(app.chart.as_ref().unwrap().find.current, 1);
    // ] shows the next document; the term is searched there too.
    press(&mut app, &rx, "]");
    let c = app.chart.as_ref().unwrap();
    assert_eq!((c.document, c.find.matches.len()), (1, 0));
}

#[test]
fn palette_runs_hold_release_theme_and_mask() {
    let (mut app, wb, rx) = app();
    press(&mut app, &rx, r#"n : "hold" Enter"#);
    assert!(
        app.status.as_ref().unwrap().is_error(),
        "hold without a reason is an error"
    );
    press(&mut app, &rx, r#": "hold awaiting op note" Enter"#);
    assert_eq!(
        wb.0.lock().unwrap().holds,
        vec![(1, "awaiting op note".to_string())]
    );
    assert_eq!(app.screen, Screen::Queue);

    press(&mut app, &rx, r#"n : "release" Enter"#);
    assert_eq!(wb.0.lock().unwrap().released, vec![2]);

    press(&mut app, &rx, r#": "theme mono" Enter"#);
    assert_eq!(app.theme.name, "mono");
    press(&mut app, &rx, r#": "theme neon" Enter"#);
    assert!(app.status.as_ref().unwrap().text.contains("unknown theme"));
    press(&mut app, &rx, r#": "mask" Enter"#);
    assert!(app.masked);
    press(&mut app, &rx, "M");
    assert!(!app.masked);
}

#[test]
fn provider_query_composer_sends_a_draft() {
    let (mut app, wb, rx) = app();
    press(
        &mut app,
        &rx,
        r#"n a "Is the chest pain cardiac?" Enter "Angina" Enter "GERD" Enter Enter Enter"#,
    );
    let asked = &wb.0.lock().unwrap().asked;
    assert_eq!(asked.len(), 1);
    let draft = &asked[0].1;
    assert_eq!(draft.provider, "Dr. Avery Stone");
    assert_eq!(draft.question, "Is the chest pain cardiac?");
    assert_eq!(draft.options, vec!["Angina", "GERD"]);
    assert_eq!(app.screen, Screen::Queue, "the chart went on hold");
}

#[test]
fn quit_releases_the_lease_and_signals_do_too() {
    let (mut app, wb, rx) = app();
    press(&mut app, &rx, "n ctrl-g ctrl-g q");
    assert!(app.quit);
    assert_eq!(wb.0.lock().unwrap().released, vec![1]);

    let (mut app, wb, rx) = app_with(sample_store(), (80, 24));
    press(&mut app, &rx, "n");
    app.update(Msg::Terminate);
    assert!(app.quit);
    assert_eq!(wb.0.lock().unwrap().released, vec![1]);
}

#[test]
fn idle_lock_hides_everything_until_a_key() {
    let (mut app, _wb, rx) = app();
    press(&mut app, &rx, "n");
    app.update(Msg::Tick(Instant::now() + Duration::from_secs(9 * 60)));
    assert!(!app.locked);
    app.update(Msg::Tick(Instant::now() + Duration::from_secs(11 * 60)));
    assert!(app.locked);
    // The unlocking key does nothing else.
    press(&mut app, &rx, "q");
    assert!(!app.locked && !app.quit);
}

#[test]
fn the_lease_is_renewed_while_a_chart_is_open() {
    let (mut app, wb, rx) = app();
    press(&mut app, &rx, "n");
    let deadline = app.next_deadline().unwrap();
    app.update(Msg::Tick(
        deadline.max(Instant::now() + Duration::from_secs(301)),
    ));
    assert_eq!(wb.0.lock().unwrap().renewed, vec![1]);
}

#[test]
fn a_locked_screen_lets_the_lease_expire() {
    let (mut app, wb, rx) = app();
    press(&mut app, &rx, "n");
    let later = Instant::now() + Duration::from_secs(11 * 60);
    app.update(Msg::Tick(later));
    assert!(app.locked);
    assert!(wb.0.lock().unwrap().renewed.is_empty());
    assert_eq!(
        app.next_deadline(),
        None,
        "nothing to wake up for while locked"
    );
}

#[test]
fn key_release_events_are_ignored() {
    let (mut app, _wb, rx) = app();
    app.update(Msg::Key(release_of("n")));
    settle(&mut app, &rx);
    assert_eq!(app.screen, Screen::Queue);
}

#[test]
fn seventh_character_picker_completes_the_code() {
    let (mut app, _wb, rx) = app();
    press(&mut app, &rx, r#"n / "s72.001""#);
    let c = app.chart.as_ref().unwrap();
    assert!(
        c.detail.is_some(),
        "{:?} {:?}",
        c.search.hits,
        app.has_deferred()
    );
    press(&mut app, &rx, "tab");
    assert_eq!(app.chart.as_ref().unwrap().pane, Pane::Detail);
    assert!(
        app.chart.as_ref().unwrap().detail.is_some(),
        "{:?}",
        app.status
    );
    press(&mut app, &rx, "j j Enter");
    let a = &app.chart.as_ref().unwrap().view.assignments;
    assert_eq!(a[0].code, "S72.001D");
}

/// Search finds full codes (`S72.001B`) too: the picker opens on the
/// code's own 7th character, and picking another one replaces it rather
/// than assigning the code on screen.
#[test]
fn seventh_character_picker_replaces_a_full_codes_character() {
    let (mut app, _wb, rx) = app();
    press(&mut app, &rx, r#"n / "s72.001b" tab"#);
    let c = app.chart.as_ref().unwrap();
    assert_eq!(c.detail.as_ref().map(|d| d.code.as_str()), Some("S72.001B"));
    assert_eq!(c.detail_selected, 1, "opens on the code's own B");
    press(&mut app, &rx, "Enter");
    press(&mut app, &rx, r#""s72.001b" tab k Enter"#);
    let a = &app.chart.as_ref().unwrap().view.assignments;
    let got: Vec<&str> = a.iter().map(|a| a.code.as_str()).collect();
    assert_eq!(got, ["S72.001B", "S72.001A"]);
}

#[test]
fn queue_sorts_and_filters() {
    let (mut app, _wb, rx) = app();
    let accounts = |app: &chartq::tui::app::App| -> Vec<String> {
        app.queue
            .visible()
            .iter()
            .map(|r| r.account.clone())
            .collect()
    };
    assert_eq!(accounts(&app), vec!["ED-1001", "IP-2002", "CL-3003"]);
    press(&mut app, &rx, "s");
    assert_eq!(
        accounts(&app),
        vec!["CL-3003", "IP-2002", "ED-1001"],
        "days waiting"
    );
    press(&mut app, &rx, "f f f");
    assert_eq!(accounts(&app), vec!["CL-3003"], "on hold");
    assert_eq!(app.queue.counts(date("2026-04-10")), (2, 0, 1, 3));
}

#[test]
fn help_toggles_and_lists_the_live_keymap() {
    let (mut app, _wb, rx) = app();
    press(&mut app, &rx, "?");
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    press(&mut app, &rx, "j j ?");
    assert!(app.overlay.is_none());
}

#[test]
fn palette_assigns_a_typed_code_and_keeps_the_pane() {
    let (mut app, wb, rx) = app();
    press(
        &mut app,
        &rx,
        r#"n : "assign I10" Enter : "assign r07.9 cm" Enter"#,
    );
    let c = app.chart.as_ref().unwrap();
    assert_eq!(
        codes(&app),
        [("I10", Role::Principal), ("r07.9", Role::Secondary)]
    );
    assert_eq!(c.pane, Pane::Documents);
    press(&mut app, &rx, r#": "assign I10 nosuch" Enter"#);
    assert!(
        app.status
            .as_ref()
            .unwrap()
            .text
            .contains("unknown code system")
    );
    // One access event for the chart, however many changes followed.
    assert_eq!(wb.0.lock().unwrap().opened, 1);
}

/// The code search query and where its cursor is (`|`).
fn search_field(app: &chartq::tui::app::App) -> String {
    let q = &app.chart.as_ref().unwrap().search.query;
    let (before, after) = q.as_str().split_at(q.cursor());
    format!("{before}|{after}")
}

#[test]
fn search_box_edits_at_the_cursor_and_searches_again() {
    let (mut app, _wb, rx) = app();
    press(&mut app, &rx, r#"n / "chest pin" left left "a""#);
    assert_eq!(search_field(&app), "chest pa|in");
    let c = app.chart.as_ref().unwrap();
    assert_eq!(c.search.hits.len(), 2, "searched for the edited query");
    assert_eq!(c.document, 0, "Left moved the cursor, not the document");
    press(&mut app, &rx, "ctrl-w");
    assert_eq!(search_field(&app), "chest |in");
    press(&mut app, &rx, r#"home delete ctrl-e "g" end"#);
    assert_eq!(search_field(&app), "hest ing|");
    press(&mut app, &rx, r#"ctrl-a right right right right ctrl-u"#);
    assert_eq!(search_field(&app), "| ing");
    press(&mut app, &rx, r#"backspace ctrl-h right backspace"#);
    assert_eq!(search_field(&app), "|ing");
    press(&mut app, &rx, "end ctrl-u");
    assert_eq!(search_field(&app), "|");
    assert!(app.chart.as_ref().unwrap().search.hits.is_empty());
    assert_eq!(app.chart.as_ref().unwrap().pane, Pane::Search);
}

#[test]
fn find_box_edits_at_the_cursor_and_finds_again() {
    let (mut app, _wb, rx) = app();
    press(&mut app, &rx, r#"n f "chst" left left "e""#);
    let find = &app.chart.as_ref().unwrap().find;
    let field = find.editing.as_ref().unwrap();
    assert_eq!((field.as_str(), field.cursor()), ("chest", 3));
    assert_eq!(find.matches.len(), 3, "found the edited term");
    press(&mut app, &rx, r#"end " pain" home delete"#);
    let find = &app.chart.as_ref().unwrap().find;
    assert_eq!(find.term, "hest pain");
    assert_eq!(find.matches.len(), 3);
    press(&mut app, &rx, "ctrl-e ctrl-w");
    assert_eq!(app.chart.as_ref().unwrap().find.term, "hest ");
    press(&mut app, &rx, r#"ctrl-u "plan" Enter"#);
    let find = &app.chart.as_ref().unwrap().find;
    assert!(find.editing.is_none());
    assert_eq!((find.term.as_str(), find.matches.len()), ("plan", 1));
}

#[test]
fn composer_fields_edit_at_the_cursor() {
    let (mut app, wb, rx) = app();
    // The question is focused first; shift-tab goes back to the provider.
    press(&mut app, &rx, r#"n a "Is it cardac?" left left left "i""#);
    press(
        &mut app,
        &rx,
        r#"shift-tab ctrl-w ctrl-w "Lo" home right right right right delete"#,
    );
    match &app.overlay {
        Some(Overlay::Composer(c)) => {
            assert_eq!(c.provider, "Dr. o");
            assert_eq!(c.question, "Is it cardiac?");
        }
        other => panic!("composer expected, got {other:?}"),
    }
    press(
        &mut app,
        &rx,
        r#""L" Enter Enter "Angna" left left "i" Enter"#,
    );
    press(&mut app, &rx, r#""GERD" ctrl-w "Reflux" Enter Enter Enter"#);
    let asked = &wb.0.lock().unwrap().asked;
    assert_eq!(asked.len(), 1);
    let draft = &asked[0].1;
    assert_eq!(draft.provider, "Dr. Lo");
    assert_eq!(draft.question, "Is it cardiac?");
    assert_eq!(draft.options, vec!["Angina", "Reflux"]);
}

#[test]
fn palette_line_edits_before_running() {
    let (mut app, wb, rx) = app();
    press(
        &mut app,
        &rx,
        r#"n : "hod" left "l" end " awaiting op note""#,
    );
    match &app.overlay {
        Some(Overlay::Palette(p)) => {
            assert_eq!(p.input, "hold awaiting op note");
            assert_eq!(p.input.cursor(), p.input.as_str().len());
        }
        other => panic!("palette expected, got {other:?}"),
    }
    press(&mut app, &rx, "Enter");
    assert_eq!(
        wb.0.lock().unwrap().holds,
        vec![(1, "awaiting op note".to_string())]
    );
    press(&mut app, &rx, r#": "themx" ctrl-u "mask" Enter"#);
    assert!(app.masked);
}

#[test]
fn line_editing_keys_keep_their_meaning_outside_text_fields() {
    let (mut app, _wb, rx) = app();
    // Documents pane: Right is the next document, not a cursor move.
    press(&mut app, &rx, "n right");
    assert_eq!(app.chart.as_ref().unwrap().document, 1);
    // Queue: End goes to the last row.
    press(&mut app, &rx, "ctrl-g end");
    assert_eq!(app.screen, Screen::Queue);
    assert_eq!(app.queue.selected, app.queue.visible().len() - 1);
}

/// What each line-editing key does in a text field (`[tui.keys]` names).
const LINE_EDITING: [(&str, &str); 12] = [
    ("left", "cursor_left"),
    ("right", "cursor_right"),
    ("home", "line_start"),
    ("ctrl-a", "line_start"),
    ("end", "line_end"),
    ("ctrl-e", "line_end"),
    ("backspace", "delete_char"),
    ("ctrl-h", "delete_char"),
    ("delete", "delete_forward"),
    ("ctrl-w", "delete_word"),
    ("ctrl-u", "delete_to_start"),
    ("enter", "submit"),
];

#[test]
fn line_editing_keys_reach_every_text_field_and_the_help() {
    // Search box, find box, the composer's three fields, the palette.
    for script in ["n /", "n f", "n a", "n a shift-tab", "n a tab", ":"] {
        let (mut app, _wb, rx) = app();
        press(&mut app, &rx, script);
        let chain = app.scope_chain();
        for (key, action) in LINE_EDITING {
            let chord = chartq::tui::keymap::KeyChord::parse(key).unwrap();
            let found = app.keymap.lookup(&chain, &chord).map(|a| a.name());
            let want = if key == "enter" && script == "n /" {
                "assign" // Enter in the search box assigns the selected hit
            } else {
                action
            };
            assert_eq!(found, Some(want), "{script:?}: {key}");
        }
    }
    let (app, _wb, _rx) = app();
    let help = app.keymap.help_sections();
    let (_, fields) = help
        .iter()
        .find(|(scope, _)| scope.title() == "Text fields")
        .unwrap();
    for (keys, name) in [
        ("Ctrl-W", "delete_word"),
        ("Ctrl-U", "delete_to_start"),
        ("Ctrl-A Home", "line_start"),
        ("Ctrl-O", "editor"),
    ] {
        assert!(
            fields.iter().any(|(k, a)| k == keys && a.name() == name),
            "help lists {keys} for {name}: {fields:?}"
        );
    }
}

/// A database without users: only the guidance, help and quit; no key
/// claims or opens anything.
#[test]
fn without_users_keys_do_nothing_but_help_and_quit() {
    let store = FakeStore {
        no_users: true,
        ..empty_store()
    };
    let (mut app, wb, rx) = app_with(store, (80, 24));
    assert_eq!(app.screen, Screen::NoUsers);
    press(&mut app, &rx, "n enter / F a");
    assert_eq!(app.screen, Screen::NoUsers);
    assert!(app.chart.is_none() && app.overlay.is_none());
    assert_eq!(wb.0.lock().unwrap().opened, 0);
    // The palette runs an action anyway: the store's refusal is shown.
    press(&mut app, &rx, r#": "next" Enter"#);
    let status = app.status.clone().expect("a message");
    let (msg, error) = (status.text.clone(), status.is_error());
    assert!(error && msg.contains("no users"), "{msg}");
    press(&mut app, &rx, "?");
    assert!(matches!(app.overlay, Some(Overlay::Help { .. })));
    press(&mut app, &rx, "? q");
    assert!(app.quit);
}

/// `r` re-reads the chart count and code sets: charts imported (or a code
/// set installed) in another terminal end the first-run guidance.
#[test]
fn reload_picks_up_charts_and_code_sets_imported_meanwhile() {
    let (mut app, wb, rx) = app_with(empty_store(), (80, 24));
    assert_eq!(app.setup.charts, Some(0));
    assert_eq!(app.setup.versions.len(), 3);
    {
        let mut s = wb.0.lock().unwrap();
        s.charts = sample_store().charts;
        s.versions.push(version(
            chartq::domain::codes::CodeSystem::Hcpcs,
            "2026",
            "2026-01-01",
            None,
        ));
    }
    press(&mut app, &rx, "r");
    assert_eq!(app.setup.charts, Some(3));
    assert_eq!(app.setup.versions.len(), 4);
    assert_eq!(app.queue.rows.len(), 3);
}

/// Opening a chart whose date of service no installed ICD-10 version
/// covers says so in the status line, naming what to import.
#[test]
fn opening_an_uncovered_chart_says_what_to_import() {
    let mut store = sample_store();
    for (row, view) in &mut store.charts {
        view.coding_date = date("2026-10-05");
        row.date_of_service = view.coding_date;
    }
    let (mut app, _wb, rx) = app_with(store, (80, 24));
    press(&mut app, &rx, "n");
    let status = app.status.clone().expect("a message");
    let (msg, error) = (status.text.clone(), status.is_error());
    assert!(error, "{msg}");
    assert!(
        msg.starts_with(
            "chart ED-1001: claimed; no ICD-10-CM code set covers its date of service (2026-10-05)"
        ),
        "outpatient: ICD-10-CM only: {msg}"
    );
    assert!(
        msg.contains("icd10cm_codes_2027.txt") && msg.contains("chartq codes import cm FILE"),
        "{msg}"
    );
}

/// The edits pane appears with the first code and is in the Tab order
/// only then; it follows every change (a POA set clears `poa_missing`);
/// Enter on an edit selects its code in the codes pane with its detail.
#[test]
fn the_edits_pane_follows_the_codes_and_enter_goes_to_the_code() {
    use chartq::tui::app::Pane;
    let (mut app, _wb, rx) = app();
    press(&mut app, &rx, "j Enter tab tab");
    let pane = |app: &chartq::tui::app::App| app.chart.as_ref().unwrap().pane;
    assert_eq!(
        pane(&app),
        Pane::Search,
        "no codes: no edits pane to stop at"
    );
    press(
        &mut app,
        &rx,
        r#""pneumonia" Enter "r07.89" Enter "chest pain" Enter"#,
    );
    let names = |app: &chartq::tui::app::App| -> Vec<String> {
        let view = &app.chart.as_ref().unwrap().view;
        view.edits.iter().map(|e| e.name.to_string()).collect()
    };
    assert_eq!(
        names(&app),
        ["excludes1", "poa_missing", "poa_missing", "poa_missing"]
    );
    // Documents, codes, edits.
    press(&mut app, &rx, "ctrl-g tab tab");
    assert_eq!(pane(&app), Pane::Edits);
    press(&mut app, &rx, "j j Enter");
    let c = app.chart.as_ref().unwrap();
    assert_eq!((c.pane, c.coding_selected), (Pane::Coding, 1));
    assert_eq!(c.view.assignments[1].code, "R07.89");
    assert_eq!(c.detail.as_ref().unwrap().code, "R07.89");
    // POA Y on R07.89: its poa_missing goes.
    press(&mut app, &rx, "o");
    assert_eq!(
        names(&app),
        ["excludes1", "poa_missing", "poa_missing"],
        "the view refreshed"
    );
}

/// A POA-exempt code is assigned with a blank POA, and the POA key steps
/// it to `1` first (never `Y` by default).
#[test]
fn an_exempt_code_starts_blank_and_cycles_to_1_first() {
    use chartq::tui::model::Poa;
    let (mut app, _wb, rx) = app();
    press(
        &mut app,
        &rx,
        r#"j Enter / "pneumonia" Enter "insulin" Enter"#,
    );
    let poa = |app: &chartq::tui::app::App| {
        let c = app.chart.as_ref().unwrap();
        (
            c.view.assignments[1].code.clone(),
            c.view.assignments[1].poa,
        )
    };
    assert_eq!(poa(&app), ("Z79.4".to_string(), None));
    press(&mut app, &rx, "ctrl-g tab j o");
    assert_eq!(poa(&app), ("Z79.4".to_string(), Some(Poa::Exempt)));
    press(&mut app, &rx, "k o");
    let c = app.chart.as_ref().unwrap();
    assert_eq!(
        c.view.assignments[0].poa,
        Some(Poa::Y),
        "J18.9 is not exempt"
    );
}

/// Finalize with only warnings in the way: the acknowledge key asks for a
/// reason (required), then finalizes with every listed warning named.
/// With an error left, acknowledging is refused and the list stays.
#[test]
fn acknowledging_warnings_with_a_reason_finalizes() {
    use crate::support::tui::edits::edits_store;
    use chartq::tui::model::EditName;
    let (mut app, _wb, rx) = app_with(edits_store(true), (80, 24));
    press(&mut app, &rx, "j Enter F A");
    assert!(matches!(app.overlay, Some(Overlay::Problems(_))));
    let status = app.status.clone().unwrap();
    assert!(
        status.is_error() && status.text.contains("fix the problems"),
        "{status:?}"
    );

    let (mut app, wb, rx) = app_with(edits_store(false), (80, 24));
    press(&mut app, &rx, "j Enter F A Enter");
    assert!(matches!(app.overlay, Some(Overlay::Acknowledge(_))));
    let status = app.status.clone().unwrap();
    assert!(
        status.is_error() && status.text.contains("needs a reason"),
        "{status:?}"
    );
    // Back closes the prompt; the key works from the chart too (palette).
    press(&mut app, &rx, r#"ctrl-g : "acknowledge" Enter"#);
    assert!(matches!(app.overlay, Some(Overlay::Acknowledge(_))));
    press(&mut app, &rx, r#""chest wall pain, unrelated" Enter"#);
    assert!(
        matches!(app.overlay, Some(Overlay::Finalized { .. })),
        "{:?}",
        app.overlay
    );
    let store = wb.0.lock().unwrap();
    let (_, ack) = &store.acknowledged[0];
    assert_eq!(ack.edits, [EditName::Excludes1, EditName::PoaOnExemptCode]);
    assert_eq!(ack.reason, "chest wall pain, unrelated");
}
