//! `webhooks::Listener` and `roster::Watch` against the real server (see
//! `tests/common/live.rs` for how to run): a move is yielded within a second from the
//! server's callback, and within a period without one; a callback signed with another
//! secret is never yielded; a watch resumed from its snapshot yields what changed while
//! nothing listened. One test, because an app has one callback per event.

mod common;

use std::thread;
use std::time::{Duration, Instant};

use common::live::{app, run_prefix};
use polympics::roster::{Change, Roster, Watch};
use polympics::webhooks::Listener;
use polympics::{AccountId, AccountUpdate, AppClient, EventType, NewAccount, TeamId};

const SECRET: &str = "live-watch-secret";

/// A listener registered as the app's callback, with `secret`.
fn listener(app: &AppClient, secret: &str) -> Listener {
    let listener = Listener::bind("127.0.0.1:0", SECRET).unwrap();
    let url = format!("http://{}/polympics", listener.local_addr());
    app.create_callback(EventType::AccountTeamUpdate, &url, secret)
        .unwrap();
    listener
}

fn is_move(change: &Change, account: AccountId, team: TeamId) -> bool {
    matches!(change, Change::AccountMoved { account: a, to, .. } if a.id == account && to.id == team)
}

/// Stops `watch` after `limit`, so that a test waiting for a change that never comes
/// fails instead of waiting forever.
fn give_up_after<A: polympics::AuthKind>(watch: &Watch<'_, A>, limit: Duration) {
    let stop = watch.stop_handle();
    thread::spawn(move || {
        thread::sleep(limit);
        stop.stop();
    });
}

/// What the test made, deleted however it ends.
struct Made {
    app: AppClient,
    account: AccountId,
    teams: [TeamId; 2],
}

impl Drop for Made {
    fn drop(&mut self) {
        let _ = self.app.delete_callback(EventType::AccountTeamUpdate);
        let _ = self.app.delete_account(self.account);
        for team in self.teams {
            let _ = self.app.delete_team(team);
        }
    }
}

#[test]
#[ignore = "needs a live server: see tests/common/live.rs"]
fn moves_are_yielded_from_callbacks_within_a_second_and_from_reads_within_a_period() {
    let app = app();
    let prefix = run_prefix();
    let red = app.create_team(format!("{prefix} red")).unwrap().id;
    let blue = app.create_team(format!("{prefix} blue")).unwrap().id;
    let id = 9_100_000_000_000_000_000 + (prefix[3..].parse::<u64>().unwrap() % 1_000_000_000);
    let account = app
        .create_account(NewAccount::new(id, format!("{prefix} mover"), "0001").team(red))
        .unwrap()
        .id;
    let made = Made {
        app: app.clone(),
        account,
        teams: [red, blue],
    };
    let move_to = |team| {
        app.update_account(account, AccountUpdate::new().team(team))
            .unwrap();
        Instant::now()
    };

    // Listening: the callback brings the move within a second; reads are an hour apart.
    let hour = Duration::from_secs(3600);
    let mut watch = Watch::resume(&app, Roster::fetch(&app).unwrap())
        .every(hour)
        .first_read_in(hour)
        .listen(listener(&app, SECRET));
    give_up_after(&watch, Duration::from_secs(30));
    let moved_at = move_to(blue);
    // Anything others change is yielded too; ours is the one looked for.
    let change = watch
        .by_ref()
        .map(Result::unwrap)
        .find(|change| is_move(change, account, blue))
        .expect("the move, before the watch gave up");
    let latency = moved_at.elapsed();
    assert!(is_move(&change, account, blue));
    assert!(latency < Duration::from_secs(1), "{latency:?}");
    let saved = serde_json::to_vec(watch.snapshot().unwrap()).unwrap();
    drop(watch);

    // A callback signed with another secret is refused, never yielded.
    let wrong = listener(&app, "another-secret");
    move_to(red);
    assert!(wrong.next_timeout(Duration::from_secs(2)).is_none());
    assert!(!wrong.is_shut_down());
    drop(wrong);
    app.delete_callback(EventType::AccountTeamUpdate).unwrap();

    // Resumed from the snapshot saved before: the move made while nothing listened.
    let snapshot: Roster = serde_json::from_slice(&saved).unwrap();
    let period = Duration::from_millis(500);
    let mut watch = Watch::resume(&app, snapshot).every(period);
    give_up_after(&watch, Duration::from_secs(30));
    let change = watch.next().unwrap().unwrap();
    assert!(is_move(&change, account, red), "{change:?}");

    // Not listening: the next read, within a period.
    let moved_at = move_to(blue);
    let found = watch
        .by_ref()
        .map(Result::unwrap)
        .any(|change| is_move(&change, account, blue));
    assert!(found, "the move, before the watch gave up");
    assert!(moved_at.elapsed() < period * 4, "{:?}", moved_at.elapsed());
    drop(made);
}
