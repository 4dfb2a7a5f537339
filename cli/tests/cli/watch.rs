//! `polympics roster watch` and `polympics callbacks listen` as processes, against the
//! test server (which delivers callbacks): a move is printed from its event when
//! listening and by the next read when not; a forged event is refused and not printed; a
//! watch restarted from its snapshot prints only what changed while it was down, also
//! after a kill -9; SIGTERM removes the callback it registered.
#![cfg(unix)]

use crate::common;

use common::running::{free_addr, Listening, Running, WAIT};
use common::{Cli, League};
use polympics::{AccountUpdate, EventType, TeamId};

const ACHILLES: u64 = 800000000000000000;

/// `roster watch` resuming from `snapshot`, with reads an hour apart.
fn resumed(snapshot: &common::TempFile) -> [&str; 6] {
    [
        "roster",
        "watch",
        "--every",
        "1h",
        "--snapshot",
        snapshot.arg(),
    ]
}

fn move_achilles(league: &League, team: u64) {
    league
        .app
        .update_account(ACHILLES, AccountUpdate::new().team(TeamId(team)))
        .unwrap();
}

fn moved(from: u64, to: u64) -> String {
    let names = [
        "",
        "Athens Owls",
        "Corinth Columns",
        "Delphi Oracles",
        "Olympia Flames",
        "Sparta Shields",
    ];
    format!(
        r#"> account {ACHILLES} "Achilles" moved from team {from} "{}" to team {to} "{}""#,
        names[from as usize], names[to as usize]
    )
}

#[test]
fn listening_a_move_is_printed_from_its_event_and_sigterm_removes_the_callback() {
    let league = League::start();
    let setup = Listening::new();
    let (snapshot, url) = (&setup.snapshot, &setup.url);
    let mut watch = Running::start(league.cli(&setup.args()));
    // Registered, and the first snapshot saved.
    watch.wait_stderr("watching");
    assert_eq!(
        league
            .app
            .get_callback(EventType::AccountTeamUpdate)
            .unwrap()
            .url,
        *url
    );

    // Reads are an hour apart: the line comes from the event.
    move_achilles(&league, 5);
    assert_eq!(watch.next_line(WAIT), moved(1, 5));

    let (code, rest) = watch.terminate();
    assert_eq!(code, 0);
    assert!(rest.is_empty(), "{rest:?}");
    assert!(league.app.get_callbacks().unwrap().is_empty());
    let saved: polympics_roster::Roster =
        serde_json::from_slice(&std::fs::read(&snapshot.path).unwrap()).unwrap();
    assert_eq!(saved.account(ACHILLES).unwrap().team_id(), Some(TeamId(5)));

    // Restarted from its snapshot, it prints only what changed while it was down.
    move_achilles(&league, 2);
    let mut watch = Running::start(league.cli(&[&resumed(snapshot)[..], &["--json"]].concat()));
    let line: serde_json::Value = serde_json::from_str(&watch.next_line(WAIT)).unwrap();
    assert_eq!(line["change"], "account_moved");
    assert_eq!(
        (line["from"]["id"].as_u64(), line["to"]["id"].as_u64()),
        (Some(5), Some(2))
    );
    let (code, rest) = watch.terminate();
    assert_eq!((code, rest), (0, Vec::new()));
}

#[test]
fn a_second_watch_of_the_same_snapshot_ends_at_once_and_leaves_the_callback_alone() {
    let league = League::start();
    let setup = Listening::new();
    let mut first = Running::start(league.cli(&setup.args()));
    first.wait_stderr("watching");

    let other = free_addr();
    let second_url = format!("http://{other}/polympics");
    let args = [
        "roster",
        "watch",
        "--snapshot",
        setup.snapshot.arg(),
        "--listen",
        &other,
        "--public-url",
        &second_url,
    ];
    let run = league.run(&args).code(4);
    run.assert_stderr(
        "another `polympics roster watch` keeping the same snapshot is still running",
    );
    assert_eq!(run.stdout, "");
    // The first run's callback is still registered, and still brings its events.
    let registered = league
        .app
        .get_callback(EventType::AccountTeamUpdate)
        .unwrap();
    assert_eq!(registered.url, setup.url);
    move_achilles(&league, 5);
    assert_eq!(first.next_line(WAIT), moved(1, 5));
    let (code, _) = first.terminate();
    assert_eq!(code, 0);
}

#[test]
fn without_listening_a_move_is_printed_by_the_next_read() {
    let league = League::start();
    let mut watch = Running::start(league.cli(&["roster", "watch", "--every", "300ms"]));
    // It has its first snapshot.
    watch.wait_stderr("watching");
    move_achilles(&league, 3);
    assert_eq!(watch.next_line(WAIT), moved(1, 3));
    let (code, _) = watch.terminate();
    assert_eq!(code, 0);
}

#[test]
fn a_server_that_is_down_is_reported_and_the_watch_goes_on() {
    let league = League::start();
    let mut watch = Running::start(league.cli(&["roster", "watch", "--every", "100ms"]));
    // It has its first snapshot.
    watch.wait_stderr("watching");
    // Every request fails for a while: a read fails after its retries, and is reported.
    league
        .server
        .inject(polympics_test_server::Fault::status(500).times(1000));
    watch.wait_stderr("500 Internal Server Error");
    watch.wait_stderr("the watch goes on, and reads the league again in 100ms");
    league.server.clear_faults();
    move_achilles(&league, 2);
    assert_eq!(watch.next_line(WAIT), moved(1, 2));
    let (code, _) = watch.terminate();
    assert_eq!(code, 0);
}

#[test]
fn after_a_kill_9_the_next_run_prints_what_the_killed_listener_missed() {
    let league = League::start();
    let setup = Listening::new();
    let args = setup.args();
    let mut watch = Running::start(league.cli(&args));
    // Registered, and the first snapshot saved.
    watch.wait_stderr("watching");
    watch.child.kill().unwrap();
    watch.child.wait().unwrap();
    // The event goes to a port nothing listens on any more.
    move_achilles(&league, 4);
    league.server.wait_for_deliveries(1, WAIT);

    let mut watch = Running::start(league.cli(&args));
    assert_eq!(watch.next_line(WAIT), moved(1, 4));
    let (code, rest) = watch.terminate();
    assert_eq!((code, rest), (0, Vec::new()));
}

#[test]
fn a_run_killed_after_recording_events_resumes_from_them_and_prints_the_rest() {
    use polympics_roster::Roster;
    let league = League::start();
    let before = Roster::fetch(&league.app).unwrap();
    // What a run killed while it kept the journal leaves: the snapshot, and the events it
    // had printed and recorded since (the first move), the last line cut short by the kill.
    let snapshot = common::file("league.json", &serde_json::to_string(&before).unwrap());
    let first = league
        .app
        .update_account(
            league.league.accounts[0],
            AccountUpdate::new().team(TeamId(2)),
        )
        .unwrap();
    let event = serde_json::json!({"account": &first, "team": &first.team});
    let taken_at = before.taken_at().unix_timestamp_nanos() / 1000;
    let log = format!("{{\"follows\":{taken_at}}}\n{event}\n{{\"account\":{{\"id");
    std::fs::write(format!("{}.events", snapshot.arg()), log).unwrap();
    // What an older version left in the middle of a read's changes: removed, and the
    // changes found again.
    std::fs::write(format!("{}.next", snapshot.arg()), "{}").unwrap();
    std::fs::write(format!("{}.printed", snapshot.arg()), "1\n").unwrap();
    // Two more moves while nothing ran.
    for (account, team) in [(1, 3), (2, 4)] {
        league
            .app
            .update_account(
                league.league.accounts[account],
                AccountUpdate::new().team(TeamId(team)),
            )
            .unwrap();
    }
    let after = Roster::fetch(&league.app).unwrap();
    let with_first =
        before.with_event(&polympics::webhooks::account_team_update(event.to_string()).unwrap());
    let rest = with_first.diff(&after).changes;
    assert_eq!(rest.len(), 2);

    let mut watch = Running::start(league.cli(&resumed(&snapshot)));
    assert_eq!(watch.next_line(WAIT), rest[0].to_string());
    assert_eq!(watch.next_line(WAIT), rest[1].to_string());
    watch.wait_stderr("watching");
    let (code, lines) = watch.terminate();
    assert_eq!((code, lines), (0, Vec::<String>::new()));
    // Stopped cleanly: the snapshot alone is the league again, and nothing is left beside.
    for left in [".events", ".next", ".printed", ".tmp"] {
        let path = format!("{}{left}", snapshot.arg());
        assert!(!std::path::Path::new(&path).exists(), "{path}");
    }
    let saved: Roster = serde_json::from_slice(&std::fs::read(&snapshot.path).unwrap()).unwrap();
    assert!(saved.diff(&after).is_empty());
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&snapshot.path)
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
}

#[test]
fn callbacks_listen_prints_verified_events_only() {
    let league = League::start();
    let secret = common::file("secret", "a-secret-of-this-test\n");
    let addr = free_addr();
    let url = format!("http://{addr}/polympics");
    // The same words as `roster watch`: --listen, --public-url, --secret-file.
    let mut listen = Running::start(league.cli(&[
        "callbacks",
        "listen",
        "--listen",
        &addr,
        "--secret-file",
        secret.arg(),
        "--public-url",
        &url,
    ]));
    listen.wait_stderr("registered");

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let forged = agent
        .post(&url)
        .header("Authorization", "Bearer a-guess")
        .send(r#"{"account":{},"team":null}"#)
        .unwrap();
    assert_eq!(forged.status(), 401);

    move_achilles(&league, 5);
    let line: serde_json::Value = serde_json::from_str(&listen.next_line(WAIT)).unwrap();
    assert_eq!(line["event"], "account_team_update");
    assert_eq!(line["account"]["id"], ACHILLES.to_string());
    assert_eq!(line["team"]["id"], 5);
    let (code, rest) = listen.signal("-INT"); // Ctrl-C
    assert_eq!((code, rest), (0, Vec::new()));
    assert!(league.app.get_callbacks().unwrap().is_empty());
}

/// The same against the real server: `cargo test -p polympics-cli --test watch --
/// --ignored` with POLYMPICS_LIVE_URL, POLYMPICS_LIVE_APP_USER and
/// POLYMPICS_LIVE_APP_PASSWORD set (an app with every app permission).
#[test]
#[ignore = "needs a live server: set POLYMPICS_LIVE_URL, POLYMPICS_LIVE_APP_USER and \
            POLYMPICS_LIVE_APP_PASSWORD, then run with --ignored"]
fn live_roster_watch_prints_a_move_from_its_callback_and_removes_it() {
    let var = |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("set {name}"));
    let (url, user, password) = (
        var("POLYMPICS_LIVE_URL"),
        var("POLYMPICS_LIVE_APP_USER"),
        var("POLYMPICS_LIVE_APP_PASSWORD"),
    );
    let app = polympics::AppClient::new(
        &url,
        polympics::Credentials::new(user.as_str(), password.as_str()),
    )
    .unwrap();
    let stamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis()
        % 1_000_000_000;
    let red = app.create_team(format!("watch {stamp} red")).unwrap().id;
    let blue = app.create_team(format!("watch {stamp} blue")).unwrap().id;
    let id = 9_200_000_000_000_000_000 + stamp as u64;
    let name = format!("watcher{stamp}");
    app.create_account(polympics::NewAccount::new(id, name.as_str(), "0001").team(red))
        .unwrap();

    let addr = free_addr();
    let public = format!("http://{addr}/polympics");
    let mut watch = Running::start(
        Cli::new(&[
            "roster",
            "watch",
            "--every",
            "1h",
            "--listen",
            &addr,
            "--public-url",
            &public,
        ])
        .env("POLYMPICS_URL", &url)
        .env("POLYMPICS_USER", &user)
        .env("POLYMPICS_PASSWORD", &password),
    );
    // Registered, and the first snapshot saved.
    watch.wait_stderr("watching");
    let moved_at = std::time::Instant::now();
    app.update_account(id, AccountUpdate::new().team(blue))
        .unwrap();
    let expected = format!(r#"> account {id} "{name}" moved from team {red} "#);
    let line = loop {
        let line = watch.next_line(WAIT);
        if line.starts_with(&expected) {
            break line;
        }
    };
    let latency = moved_at.elapsed();
    let (code, _) = watch.terminate();
    let callbacks = app.get_callbacks().unwrap();
    let _ = app.delete_account(id);
    let _ = app.delete_team(red);
    let _ = app.delete_team(blue);
    assert!(line.contains(&format!("to team {blue} ")), "{line}");
    // Reads are an hour apart: it came from the callback (the latency is only reported).
    eprintln!("printed {latency:?} after the move");
    assert_eq!(code, 0);
    assert!(callbacks.is_empty(), "{callbacks:?}");
}

#[test]
fn listening_without_a_secret_or_public_url_without_listen_is_a_usage_error() {
    let league = League::start();
    let addr = free_addr();
    let run = league.run(&["callbacks", "listen", "--listen", &addr]);
    let run = run.code(2);
    run.assert_stderr("no secret for the callback");
    run.assert_stderr("POLYMPICS_CALLBACK_SECRET");
    let run = league.run(&["roster", "watch", "--public-url", "http://127.0.0.1:1/x"]);
    run.code(2).assert_stderr("--listen");
}

#[test]
fn an_event_during_a_held_read_is_printed_at_once_and_not_again_after_it() {
    use polympics_test_server::{Fault, Gate};
    let league = League::start();
    let setup = Listening::new();
    let before = polympics_roster::Roster::fetch(&league.app).unwrap();
    std::fs::write(&setup.snapshot.path, serde_json::to_vec(&before).unwrap()).unwrap();
    // The first read's listing of accounts waits at the gate until the test opens it.
    let gate = Gate::new();
    league
        .server
        .inject(Fault::hold(&gate).on_path("/accounts"));
    let mut watch = Running::start(league.cli(&setup.args()));
    assert!(
        gate.wait_for_held(1, WAIT),
        "the first read reaches the gate"
    );
    move_achilles(&league, 5);
    assert_eq!(watch.next_line(WAIT), moved(1, 5));
    // Printed while the read still waits.
    assert_eq!(gate.held(), 1);
    gate.open();
    watch.wait_stderr("watching");
    // The read found nothing the event had not said: the next line is the next move.
    move_achilles(&league, 2);
    assert_eq!(watch.next_line(WAIT), moved(5, 2));
    let (code, rest) = watch.terminate();
    assert_eq!((code, rest), (0, Vec::new()));
}

#[test]
fn under_churn_the_snapshot_kept_is_the_league_the_server_lists() {
    use polympics_roster::Roster;
    let league = League::start();
    let setup = Listening::new();
    let mut args = setup.args();
    args[3] = "20ms"; // --every: reads and events overlap all the time
    let mut watch = Running::start(league.cli(&args));
    watch.wait_stderr("watching");
    let others: Vec<u64> = league
        .league
        .accounts
        .iter()
        .map(|id| id.0)
        .filter(|id| *id != ACHILLES)
        .collect();
    const MOVES: usize = 120;
    for i in 0..MOVES {
        let team = TeamId(1 + (i as u64 * 3) % 5);
        league
            .app
            .update_account(others[i % others.len()], AccountUpdate::new().team(team))
            .unwrap();
    }
    // Every move's event handed over (the server sends them in order), then a last move:
    // once it is printed, every event before it was handled.
    assert_eq!(league.server.wait_for_deliveries(MOVES, WAIT).len(), MOVES);
    move_achilles(&league, 5);
    while watch.next_line(WAIT) != moved(1, 5) {}
    let (code, _) = watch.terminate();
    assert_eq!(code, 0);
    let kept: Roster =
        serde_json::from_slice(&std::fs::read(&setup.snapshot.path).unwrap()).unwrap();
    let listed = Roster::fetch(&league.app).unwrap();
    assert!(kept.diff(&listed).is_empty(), "{}", kept.diff(&listed));
    assert!(kept.teams().eq(listed.teams()));
    assert!(kept.accounts().eq(listed.accounts()));
    assert!(kept.awards().eq(listed.awards()));
}

#[test]
fn quiet_prints_the_changes_and_no_notices() {
    let league = League::start();
    let before = polympics_roster::Roster::fetch(&league.app).unwrap();
    let snapshot = common::file("league.json", &serde_json::to_string(&before).unwrap());
    move_achilles(&league, 3);
    let args = [&["-q"][..], &resumed(&snapshot)].concat();
    let mut watch = Running::start(league.cli(&args));
    // The change the first read finds, on stdout as always.
    assert_eq!(watch.next_line(WAIT), moved(1, 3));
    let (code, stderr) = watch.terminate_with_stderr();
    assert_eq!(code, 0);
    // Without -q the same run says where it reads and what it watches.
    assert!(stderr.is_empty(), "{stderr:#?}");
}
