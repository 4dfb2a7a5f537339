//! `roster::Watch` against the test server (which delivers callbacks): a move is yielded
//! from its event with no read, and from the next read without a listener, once; an event
//! that arrives while a read is held is yielded at once and not again after the read; the
//! league kept under churn is the one the server lists; a forged event is never applied; a
//! resumed watch yields only what changed meanwhile; a failed read does not end it unless
//! reading again cannot mend it; the journal keeps it across restarts.

mod churn;
mod journal;

use std::thread;
use std::time::Duration;

use polympics::clock::TestClock;
use polympics::webhooks::{Event, Listener};
use polympics::{AccountId, AccountUpdate, AppClient, EventType, TeamAssignment, TeamId};
use polympics_roster::{Batch, Change, Origin, Roster, Watch, WatchError, WATCH_RETRY_AFTER};
use polympics_test_server::{DeliveryOutcome, Fault, Gate, TestServer};

const SECRET: &str = "watch-test-secret";
const ACHILLES: AccountId = AccountId(800000000000000000);
const LONG: Duration = Duration::from_secs(3600);
const WAIT: Duration = Duration::from_secs(30);

fn league() -> (TestServer, AppClient) {
    let server = TestServer::start();
    let app = server.app_client(server.seed_demo_league().app);
    (server, app)
}

/// The demo league, and its app on `clock`: the watch's waits pass at once and are
/// written down.
fn league_on(clock: &TestClock) -> (TestServer, AppClient) {
    let server = TestServer::start();
    let credentials = server.seed_demo_league().app;
    // The default's 4 attempts, without the window past them: a test's faults then end a
    // read after exactly 4 answers.
    let app = AppClient::builder(server.url(), credentials)
        .no_proxy()
        .retry(polympics::RetryPolicy::new().window(Duration::ZERO))
        .clock(clock.clone())
        .build()
        .unwrap();
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

fn moves(batch: &Batch) -> Vec<(AccountId, TeamId)> {
    batch.changes.iter().filter_map(moved_to).collect()
}

fn move_achilles(app: &AppClient, team: u64) {
    app.update_account(ACHILLES, AccountUpdate::new().team(TeamId(team)))
        .unwrap();
}

/// Stops `watch` after a generous while, so that a test waiting for a batch that never
/// comes fails instead of waiting for ever.
fn give_up_later(watch: &Watch<polympics::auth::AppAuth>) {
    let stop = watch.cancel_token();
    thread::spawn(move || {
        stop.wait_timeout(WAIT);
        stop.cancel();
    });
}

#[test]
fn a_move_is_yielded_from_its_event_with_no_read() {
    let (server, app) = league();
    let listener = registered_listener(&app);
    let before = Roster::fetch(&app).unwrap();
    let counts = |roster: &Roster| {
        let count = |team: u64| roster.team(team).unwrap().member_count();
        (count(1), count(5))
    };
    let (in_1, in_5) = counts(&before);
    let mut watch = Watch::resume(&app, before)
        .every(LONG)
        .first_read_in(LONG)
        .listen(listener)
        .unwrap();
    give_up_later(&watch);
    server.clear_requests();
    move_achilles(&app, 5);
    let batch = watch.next().unwrap().unwrap();
    assert_eq!(batch.origin, Origin::Event);
    assert_eq!(moves(&batch), [(ACHILLES, TeamId(5))]);
    // The PATCH only: the league was not read.
    assert_eq!(server.requests().len(), 1, "{:?}", server.requests());
    let state = watch.snapshot().unwrap();
    assert_eq!(state.account(ACHILLES).unwrap().team_id(), Some(TeamId(5)));
    assert_eq!(counts(state), (in_1 - 1, in_5 + 1));
}

#[test]
fn without_a_listener_a_move_is_yielded_by_the_read_a_period_later() {
    let clock = TestClock::new();
    let (server, app) = league_on(&clock);
    let every = Duration::from_secs(600);
    let mut watch = Watch::new(&app).every(every);
    give_up_later(&watch);
    let first = watch.next().unwrap().unwrap();
    assert_eq!((first.origin, first.changes.len()), (Origin::FirstRead, 0));
    move_achilles(&app, 3);
    server.clear_requests();
    let batch = watch.next().unwrap().unwrap();
    assert_eq!(batch.origin, Origin::Read);
    assert_eq!(moves(&batch), [(ACHILLES, TeamId(3))]);
    // One read (teams, accounts), ten minutes after the first, with no real wait.
    assert_eq!(server.requests().len(), 2);
    assert!(
        clock.skipped() >= every - Duration::from_secs(1),
        "{:?}",
        clock.waits()
    );
    assert!(clock.skipped() <= every, "{:?}", clock.waits());
}

#[test]
fn an_event_that_arrives_while_a_read_is_held_is_yielded_at_once_and_only_once() {
    let (server, app) = league();
    let listener = registered_listener(&app);
    let snapshot = Roster::fetch(&app).unwrap();
    let gate = Gate::new();
    // The first read's listing of accounts waits at the gate until the test opens it.
    server.inject(Fault::hold(&gate).on_path("/accounts"));
    let mut watch = Watch::resume(&app, snapshot)
        .every(LONG)
        .listen(listener)
        .unwrap();
    give_up_later(&watch);
    thread::scope(|scope| {
        scope.spawn(|| {
            assert!(gate.wait_for_held(1, WAIT), "the read reaches the gate");
            move_achilles(&app, 4);
        });
        let batch = watch.next().unwrap().unwrap();
        // Yielded while the read still waits.
        assert_eq!(gate.held(), 1);
        assert_eq!(batch.origin, Origin::Event);
        assert_eq!(moves(&batch), [(ACHILLES, TeamId(4))]);
    });
    gate.open();
    // The read, reconciled with the event that came meanwhile, finds nothing more.
    let first_read = watch.next().unwrap().unwrap();
    assert_eq!(first_read.origin, Origin::FirstRead);
    assert!(first_read.is_empty(), "{first_read:?}");
    let state = watch.snapshot().unwrap();
    assert!(state.diff(&Roster::fetch(&app).unwrap()).is_empty());
}

#[test]
fn a_forged_event_is_never_applied() {
    let (server, app) = league();
    let listener = registered_listener(&app);
    let forged_to = format!("http://{}/polympics", listener.local_addr());
    let mut watch = Watch::resume(&app, Roster::fetch(&app).unwrap())
        .every(LONG)
        .first_read_in(LONG)
        .listen(listener)
        .unwrap();
    give_up_later(&watch);
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
    move_achilles(&app, 4);
    let batch = watch.next().unwrap().unwrap();
    assert_eq!(moves(&batch), [(ACHILLES, TeamId(4))]);
    assert_eq!(server.wait_for_deliveries(1, WAIT).len(), 1);
}

#[test]
fn a_watch_resumed_from_its_snapshot_yields_only_what_changed_while_it_was_down() {
    let (server, app) = league();
    let saved = {
        let mut watch = Watch::resume(&app, Roster::fetch(&app).unwrap())
            .every(LONG)
            .first_read_in(LONG)
            .listen(registered_listener(&app))
            .unwrap();
        give_up_later(&watch);
        move_achilles(&app, 2);
        let batch = watch.next().unwrap().unwrap();
        assert_eq!(moves(&batch), [(ACHILLES, TeamId(2))]);
        let delivered = server.wait_for_deliveries(1, WAIT);
        assert_eq!(
            delivered[0].outcome,
            DeliveryOutcome::Delivered { status: 204 }
        );
        serde_json::to_vec(watch.snapshot().unwrap()).unwrap()
        // The watch and its listener are dropped: nothing listens any more.
    };
    let missed = {
        app.update_account(ACHILLES, AccountUpdate::new().team(TeamId(5)))
            .unwrap();
        server.wait_for_deliveries(2, WAIT)
    };
    assert!(
        matches!(missed[1].outcome, DeliveryOutcome::Failed { .. }),
        "{missed:?}"
    );

    let snapshot: Roster = serde_json::from_slice(&saved).unwrap();
    let mut watch = Watch::resume(&app, snapshot).every(LONG);
    let batch = watch.next().unwrap().unwrap();
    assert_eq!(batch.origin, Origin::FirstRead);
    assert!(
        matches!(&batch.changes[..], [Change::AccountMoved { account, from, to }]
            if account.id == ACHILLES && from.id == TeamId(2) && to.id == TeamId(5)),
        "{batch:?}"
    );
    // Nothing else: the next read is an hour away, and the watch is stopped before it.
    watch.cancel_token().cancel();
    assert!(watch.next().is_none());
}

#[test]
fn a_failed_read_is_yielded_and_the_watch_reads_again_30_s_later() {
    let clock = TestClock::new();
    let (server, app) = league_on(&clock);
    let mut watch = Watch::resume(&app, Roster::fetch(&app).unwrap()).every(LONG);
    // Every attempt of the first read fails (the client's own retries included).
    server.inject(Fault::status(503).times(4));
    let err = watch.next().unwrap().unwrap_err();
    let WatchError::Read {
        source, retry_in, ..
    } = &err
    else {
        panic!("{err:?}");
    };
    assert_eq!(source.code(), Some(503), "{err}");
    assert_eq!(*retry_in, Some(WATCH_RETRY_AFTER));
    assert!(err.is_transient());
    let before = clock.skipped();
    move_achilles(&app, 3);
    let batch = watch.next().unwrap().unwrap();
    assert_eq!(moves(&batch), [(ACHILLES, TeamId(3))]);
    // The next read came 30 s after the failure, not an hour.
    let waited = clock.skipped() - before;
    assert!(waited <= WATCH_RETRY_AFTER, "{:?}", clock.waits());
    assert!(
        waited >= WATCH_RETRY_AFTER - Duration::from_secs(1),
        "{:?}",
        clock.waits()
    );
}

#[test]
fn a_read_that_reading_again_cannot_mend_ends_the_watch() {
    let (server, app) = league();
    // A base URL with a path the API does not have: no listing there will ever answer.
    let credentials = server.seed_demo_league().app;
    let lost = AppClient::builder(format!("{}/not-the-api", server.url()), credentials)
        .build()
        .unwrap();
    let mut watch = Watch::resume(&lost, Roster::fetch(&app).unwrap());
    let err = watch.next().unwrap().unwrap_err();
    assert!(!err.is_transient(), "{err}");
    assert!(err.to_string().contains("the watch ends"), "{err}");
    assert!(watch.next().is_none());
}

#[test]
fn cancelling_from_another_thread_ends_a_waiting_watch() {
    let (_server, app) = league();
    // "For ever" between reads: no deadline overflows.
    let mut watch = Watch::new(&app).every(Duration::MAX);
    let first = watch.next().unwrap().unwrap();
    assert_eq!(first.origin, Origin::FirstRead);
    let stop = watch.cancel_token();
    thread::scope(|scope| {
        scope.spawn(|| stop.cancel());
        // It waits for an event or the next read, an hour away, until cancelled.
        assert!(watch.next().is_none());
    });
    assert!(watch.next().is_none());
    assert!(watch.snapshot().is_some());
}

#[test]
fn a_roster_with_events_is_the_league_the_server_then_lists() {
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
        let Some(Event::AccountTeamUpdate(event)) = listener.next_timeout(WAIT) else {
            panic!("an event");
        };
        // What an event changes is what a whole diff says of it, in the same order.
        let was = roster.clone();
        let changes = roster.apply_event(&event);
        assert!(!changes.is_empty());
        assert_eq!(changes, was.diff(&roster));
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
    assert!(roster.awards().eq(listed.awards()));
    assert_eq!(roster.source(), Some(server.url()));
}
