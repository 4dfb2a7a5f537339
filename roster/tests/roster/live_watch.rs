//! `webhooks::Listener` and `roster::Watch` against the real server (see
//! `tests/polympics/common/live.rs` for how to run): a move is yielded from the server's callback
//! with no read, and from the next read without one; a callback signed with another
//! secret is never yielded; a watch resumed from its snapshot yields what changed while
//! nothing listened. One test, because an app has one callback per event.

use crate::common;

use std::thread;
use std::time::{Duration, Instant};

use common::live::{app, run_prefix};
use polympics::webhooks::Listener;
use polympics::{AccountId, AccountUpdate, AppClient, EventType, NewAccount, TeamId};
use polympics_roster::{Change, Roster, Watch};

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
fn give_up_after<A: polympics::auth::AuthKind>(watch: &Watch<A>, limit: Duration) {
    let stop = watch.cancel_token();
    thread::spawn(move || {
        stop.wait_timeout(limit);
        stop.cancel();
    });
}

/// The changes a watch yields, one by one, across its batches.
fn changes<A: polympics::auth::AuthKind>(
    watch: &mut Watch<A>,
) -> impl Iterator<Item = Change> + '_ {
    watch.flat_map(|batch| batch.unwrap().changes)
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
#[ignore = "needs a live server: see tests/polympics/common/live.rs"]
fn moves_are_yielded_from_callbacks_and_from_reads() {
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
        .listen(listener(&app, SECRET))
        .unwrap();
    give_up_after(&watch, Duration::from_secs(30));
    let moved_at = move_to(blue);
    // Anything others change is yielded too; ours is the one looked for. Reads are an
    // hour away: it comes from the callback.
    let change = changes(&mut watch)
        .find(|change| is_move(change, account, blue))
        .expect("the move, before the watch gave up");
    let latency = moved_at.elapsed();
    assert!(is_move(&change, account, blue));
    eprintln!("the move came from its callback after {latency:?}");
    let saved = serde_json::to_vec(watch.snapshot().unwrap()).unwrap();
    drop(watch);

    // A callback signed with another secret is refused, never yielded.
    let wrong = listener(&app, "another-secret");
    move_to(red);
    assert!(wrong.next_timeout(Duration::from_secs(2)).is_none());
    assert!(!wrong.is_cancelled());
    drop(wrong);
    app.delete_callback(EventType::AccountTeamUpdate).unwrap();

    // Resumed from the snapshot saved before: the move made while nothing listened.
    let snapshot: Roster = serde_json::from_slice(&saved).unwrap();
    let period = Duration::from_millis(500);
    let mut watch = Watch::resume(&app, snapshot).every(period);
    give_up_after(&watch, Duration::from_secs(30));
    let first = watch.next().unwrap().unwrap();
    assert!(
        first
            .changes
            .iter()
            .any(|change| is_move(change, account, red)),
        "{first:?}"
    );

    // Not listening: the next read.
    move_to(blue);
    let found = changes(&mut watch).any(|change| is_move(&change, account, blue));
    assert!(found, "the move, before the watch gave up");
    drop(made);
}
