//! `roster::Watch` against the test server (which delivers callbacks): a move is yielded
//! within a second when listening and within a period when not, once; a forged event is
//! never applied; a watch resumed from its snapshot yields only what changed meanwhile,
//! including what a listener that was down missed; a failed read does not end it.

use std::thread;
use std::time::{Duration, Instant};

use polympics::roster::{Change, Roster, Watch};
use polympics::webhooks::{Event, Listener};
use polympics::{
    AccountId, AccountUpdate, AppClient, EventType, RetryPolicy, TeamAssignment, TeamId,
};
use polympics_test_server::{DeliveryOutcome, Fault, TestServer};

const SECRET: &str = "watch-test-secret";
const ACHILLES: AccountId = AccountId(800000000000000000);
const LONG: Duration = Duration::from_secs(3600);
const WAIT: Duration = Duration::from_secs(10);

fn league() -> (TestServer, AppClient) {
    let server = TestServer::start();
    let app = server.app_client(server.seed_demo_league().app);
    (server, app)
}

/// A listener registered as the app's callback.
fn registered_listener(app: &AppClient) -> Listener {
    let listener = Listener::bind("127.0.0.1:0", SECRET).unwrap();
    let url = format!("http://{}/polympics", listener.local_addr());
    app.create_callback(EventType::AccountTeamUpdate, &url, SECRET)
        .unwrap();
    listener
}

fn moved_to(change: &Change) -> Option<(AccountId, TeamId)> {
    match change {
        Change::AccountMoved { account, to, .. } => Some((account.id, to.id)),
        _ => None,
    }
}

/// Waits until the server has received `count` requests since it was cleared: the watch
/// in another thread got that far.
fn wait_for(server: &TestServer, count: usize) {
    let seen = server.wait_for_requests(count, WAIT).len();
    assert!(seen >= count, "only {seen} of {count} requests");
}

#[test]
fn a_move_is_yielded_within_a_second_from_its_event_and_only_once() {
    let (server, app) = league();
    let listener = registered_listener(&app);
    let snapshot = Roster::fetch(&app).unwrap();
    // A read every 0.5 s after the first: the event comes first, the reads see it again.
    let watch = Watch::resume(&app, snapshot)
        .every(Duration::from_millis(500))
        .listen(listener);
    let stop = watch.stop_handle();
    server.clear_requests();
    thread::scope(|scope| {
        let seen = scope.spawn(move || {
            watch
                .map(|change| (change.unwrap(), Instant::now()))
                .collect::<Vec<_>>()
        });
        wait_for(&server, 2); // the first read, of teams and accounts
        let moved_at = Instant::now();
        app.update_account(ACHILLES, AccountUpdate::new().team(TeamId(5)))
            .unwrap();
        // Two more reads after the move (the PATCH is one request): the move is not
        // yielded again.
        wait_for(&server, 2 + 1 + 4);
        stop.stop();
        let seen = seen.join().unwrap();
        assert_eq!(seen.len(), 1, "{seen:?}");
        assert_eq!(moved_to(&seen[0].0), Some((ACHILLES, TeamId(5))));
        let latency = seen[0].1 - moved_at;
        assert!(latency < Duration::from_secs(1), "{latency:?}");
    });
}

#[test]
fn without_a_listener_a_move_is_yielded_by_the_next_read() {
    let (_server, app) = league();
    let period = Duration::from_millis(300);
    // A snapshot just taken: the first read is a period away.
    let mut watch = Watch::resume(&app, Roster::fetch(&app).unwrap())
        .every(period)
        .first_read_in(period);
    let moved_at = Instant::now();
    app.update_account(ACHILLES, AccountUpdate::new().team(TeamId(3)))
        .unwrap();
    let change = watch.next().unwrap().unwrap();
    let latency = moved_at.elapsed();
    assert_eq!(moved_to(&change), Some((ACHILLES, TeamId(3))));
    assert!(latency >= period - Duration::from_millis(50), "{latency:?}");
    assert!(latency < period * 3, "{latency:?}");
    let snapshot = watch.snapshot().unwrap();
    assert_eq!(
        snapshot.account(ACHILLES).unwrap().team_id(),
        Some(TeamId(3))
    );
}

#[test]
fn a_forged_event_is_never_applied() {
    let (server, app) = league();
    let listener = registered_listener(&app);
    let forged_to = format!("http://{}/polympics", listener.local_addr());
    let watch = Watch::resume(&app, Roster::fetch(&app).unwrap())
        .every(LONG)
        .listen(listener);
    server.clear_requests();
    thread::scope(|scope| {
        let first = scope.spawn(move || watch.take(1).collect::<Vec<_>>());
        wait_for(&server, 2);
        // An event that says Achilles joined team 2, signed with a guess.
        let moved = app.get_account(ACHILLES).unwrap();
        let mut forged = serde_json::json!({ "account": moved, "team": app.get_team(2).unwrap() });
        forged["account"]["team"] = forged["team"].clone();
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .build()
            .into();
        let status = agent
            .post(&forged_to)
            .header("Authorization", "Bearer a-guess")
            .send(forged.to_string())
            .unwrap()
            .status();
        assert_eq!(status, 401);
        // The real move after it is the first change.
        app.update_account(ACHILLES, AccountUpdate::new().team(TeamId(4)))
            .unwrap();
        let first = first.join().unwrap();
        assert_eq!(
            moved_to(first[0].as_ref().unwrap()),
            Some((ACHILLES, TeamId(4)))
        );
    });
}

#[test]
fn a_watch_resumed_from_its_snapshot_yields_only_what_changed_while_it_was_down() {
    let (server, app) = league();
    let saved = {
        let listener = registered_listener(&app);
        // No read: the change comes from the event, answered before it is yielded.
        let mut watch = Watch::resume(&app, Roster::fetch(&app).unwrap())
            .every(LONG)
            .first_read_in(LONG)
            .listen(listener);
        app.update_account(ACHILLES, AccountUpdate::new().team(TeamId(2)))
            .unwrap();
        let change = watch.next().unwrap().unwrap();
        assert_eq!(moved_to(&change), Some((ACHILLES, TeamId(2))));
        let delivered = server.wait_for_deliveries(1, WAIT);
        assert_eq!(
            delivered[0].outcome,
            DeliveryOutcome::Delivered { status: 204 }
        );
        serde_json::to_vec(watch.snapshot().unwrap()).unwrap()
        // The watch and its listener are dropped: nothing listens any more.
    };
    // The callback now points at a port nothing listens on, as after a kill.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let gone = format!("http://{}/polympics", closed.local_addr().unwrap());
    drop(closed);
    app.create_callback(EventType::AccountTeamUpdate, &gone, SECRET)
        .unwrap();
    app.update_account(ACHILLES, AccountUpdate::new().team(TeamId(5)))
        .unwrap();
    let missed = server.wait_for_deliveries(2, WAIT);
    assert!(
        matches!(missed[1].outcome, DeliveryOutcome::Failed { .. }),
        "{missed:?}"
    );

    let snapshot: Roster = serde_json::from_slice(&saved).unwrap();
    let mut watch = Watch::resume(&app, snapshot).every(LONG);
    let change = watch.next().unwrap().unwrap();
    assert!(
        matches!(&change, Change::AccountMoved { account, from, to }
            if account.id == ACHILLES && from.id == TeamId(2) && to.id == TeamId(5)),
        "{change:?}"
    );
    // Nothing else: the next step waits for the next read, an hour away.
    let stop = watch.stop_handle();
    stop.stop();
    assert!(watch.next().is_none());
}

#[test]
fn a_failed_read_is_yielded_and_the_watch_goes_on() {
    let (server, app) = league();
    let credentials = server.seed_demo_league().app;
    let client = AppClient::builder(server.url(), credentials)
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let mut watch =
        Watch::resume(&client, Roster::fetch(&app).unwrap()).every(Duration::from_millis(20));
    server.inject(Fault::status(503).times(1));
    let err = watch.next().unwrap().unwrap_err();
    assert_eq!(err.code(), Some(503), "{err}");
    app.update_account(ACHILLES, AccountUpdate::new().team(TeamId(3)))
        .unwrap();
    let change = watch.next().unwrap().unwrap();
    assert_eq!(moved_to(&change), Some((ACHILLES, TeamId(3))));
}

#[test]
fn stopping_from_another_thread_ends_a_waiting_watch() {
    let (server, app) = league();
    let mut watch = Watch::new(&app).every(LONG);
    let stop = watch.stop_handle();
    server.clear_requests();
    thread::scope(|scope| {
        scope.spawn(|| {
            wait_for(&server, 2);
            stop.stop();
        });
        // The first read only sets the state; then it waits, until stopped.
        assert!(watch.next().is_none());
    });
    assert!(watch.next().is_none());
    assert!(watch.snapshot().is_some());
}

#[test]
fn a_roster_with_an_event_is_the_league_the_server_then_lists() {
    let (server, app) = league();
    let listener = registered_listener(&app);
    let before = Roster::fetch(&app).unwrap();
    // A move, a leave, and a move into a team made after the snapshot (renamed, too).
    let new_team = app.create_team("Thebes Lions").unwrap();
    app.update_team(TeamId(2), "Corinth Capitals").unwrap();
    let moves = [
        (ACHILLES, TeamAssignment::Join(TeamId(2))),
        (AccountId(800039595000000005), TeamAssignment::Leave),
        (
            AccountId(800000000000000000),
            TeamAssignment::Join(new_team.id),
        ),
    ];
    let mut roster = before;
    for (account, team) in moves {
        app.update_account(account, AccountUpdate::new().team(team))
            .unwrap();
        let Some(Ok(Event::AccountTeamUpdate(event))) = listener.next_timeout(WAIT) else {
            panic!("an event");
        };
        roster = roster.with_event(&event);
    }
    let listed = Roster::fetch(&app).unwrap();
    assert!(
        roster.teams().eq(listed.teams()),
        "{:?}",
        roster.diff(&listed)
    );
    assert!(
        roster.accounts().eq(listed.accounts()),
        "{:?}",
        roster.diff(&listed)
    );
    assert_eq!(roster.source(), Some(server.url()));
}
