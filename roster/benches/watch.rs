//! A `Watch` applying 10,000 events, sent by four keep-alive senders on loopback, to a
//! league of 1,000 accounts, then of 100,000: the changes it yields a second (applying an
//! event should cost the same in both), and its resident memory as the events go by (it
//! should stay flat: one roster at a time).
//!
//! ```text
//! cargo bench -p polympics-roster --bench watch --features listener
//! ```

use std::sync::Arc;
use std::time::{Duration, Instant};

use polympics::webhooks::Listener;
use polympics::{Account, Team};
use polympics_roster::{Roster, Watch};
use polympics_test_server::TestServer;

#[path = "../../benches/common/events.rs"]
mod events;

use events::{account, event, send_all, team, SECRET, TEAMS};

const WATCH_EVENTS: usize = 10_000;

/// Resident memory of this process, in MB (Linux; 0 elsewhere).
fn rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmRSS:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// A watch of a league of `league` accounts applying events; its changes a second.
fn watch_throughput(league: u64) -> f64 {
    let server = TestServer::start();
    let client = server.client();
    let teams: Vec<Team> = (1..=TEAMS)
        .map(|id| serde_json::from_value(team(id)).unwrap())
        .collect();
    let accounts: Vec<Account> = (0..league)
        .map(|id| serde_json::from_value(account(id, 1 + id % TEAMS)).unwrap())
        .collect();
    let roster = Roster::from_parts(teams, accounts, time::OffsetDateTime::now_utc());
    let listener = Listener::bind("127.0.0.1:0", SECRET).unwrap();
    let url = format!("http://{}/polympics", listener.local_addr());
    let hour = Duration::from_secs(3600);
    let mut watch = Watch::resume(&client, roster)
        .every(hour)
        .first_read_in(hour)
        .listen(listener)
        .unwrap();
    // Each event moves an account to the next team: one change each (spread over the
    // league, so that it is not always the same rows).
    let step = (league / WATCH_EVENTS as u64).max(1);
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new(
        (0..WATCH_EVENTS as u64)
            .map(|n| {
                let id = (n * step) % league;
                let moves = n * step / league + 1;
                event(id, 1 + (id + moves) % TEAMS)
            })
            .collect(),
    );
    let senders = send_all(&url, bodies);
    let start = Instant::now();
    let before = rss_mb();
    let mut samples = Vec::new();
    for n in 1..=WATCH_EVENTS {
        let batch = watch.next().unwrap().unwrap();
        assert_eq!(batch.changes.len(), 1);
        if n == 1 || n % 2_500 == 0 {
            samples.push(format!("{n}: {:.1} MB", rss_mb()));
        }
    }
    let elapsed = start.elapsed();
    senders.into_iter().for_each(|s| s.join().unwrap());
    let rate = WATCH_EVENTS as f64 / elapsed.as_secs_f64();
    println!(
        "watch of {league} accounts, {WATCH_EVENTS} events: {rate:.0} changes/s; resident \
         memory {before:.1} MB before, then after n events: {}",
        samples.join(", ")
    );
    rate
}

fn main() {
    let small = watch_throughput(1_000);
    let large = watch_throughput(100_000);
    println!(
        "a watch of 100,000 accounts applies events at {:.0}% of the rate at 1,000",
        100.0 * large / small
    );
}
