//! Under churn: moves while the league is read every few milliseconds (reads and events
//! overlap all the time). Once the watch has seen the last move, the league it holds is
//! the one the server lists, and so is the one its journal holds.

use std::thread;
use std::time::Duration;

use polympics::{AccountUpdate, TeamId};
use polympics_roster::{Journal, Roster, Watch};

use super::{give_up_later, league, move_achilles, moves, registered_listener, ACHILLES, WAIT};

/// Whether two rosters hold the same league (whenever each was taken).
fn same_league(a: &Roster, b: &Roster) -> bool {
    a.teams().eq(b.teams()) && a.accounts().eq(b.accounts()) && a.awards().eq(b.awards())
}

#[test]
fn under_churn_the_league_kept_is_the_one_the_server_lists() {
    let (server, app) = league();
    let dir = std::env::temp_dir().join(format!("polympics-churn-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("league.json");
    let mut watch = Watch::new(&app)
        .every(Duration::from_millis(10))
        .journal(Journal::open(&path).unwrap())
        .listen(registered_listener(&app))
        .unwrap();
    give_up_later(&watch);
    watch.next().unwrap().unwrap(); // the first read
    let accounts: Vec<_> = Roster::fetch(&app)
        .unwrap()
        .accounts()
        .map(|account| account.id())
        .filter(|id| *id != ACHILLES)
        .collect();
    const MOVES: usize = 150;
    thread::scope(|scope| {
        scope.spawn(|| {
            for i in 0..MOVES {
                let team = TeamId(1 + (i as u64 * 7) % 5);
                app.update_account(
                    accounts[i % accounts.len()],
                    AccountUpdate::new().team(team),
                )
                .unwrap();
            }
            // Every move's event is handed over (in order: the server sends one at a
            // time), then one last move: once the watch has it, it has had them all.
            let delivered = server.wait_for_deliveries(MOVES, WAIT);
            assert_eq!(delivered.len(), MOVES);
            move_achilles(&app, 5);
        });
        loop {
            let batch = watch.next().expect("the last move").unwrap();
            if moves(&batch).contains(&(ACHILLES, TeamId(5))) {
                break;
            }
        }
    });
    let listed = Roster::fetch(&app).unwrap();
    let kept = watch.snapshot().unwrap();
    assert!(same_league(kept, &listed), "{:?}", kept.diff(&listed));
    watch.commit().unwrap();
    let journaled = Journal::open(&path).unwrap();
    let journaled = journaled.roster().unwrap();
    assert!(
        same_league(journaled, &listed),
        "{:?}",
        journaled.diff(&listed)
    );
    drop(watch);
    std::fs::remove_dir_all(&dir).unwrap();
}
