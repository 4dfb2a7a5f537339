//! The command against a real server: export, plan and apply a desired roster of a few
//! hundred accounts, then a second apply that finds nothing to do.
//!
//! `#[ignore]`d: run with `cargo test -p polympics-cli --test live -- --ignored` and
//! POLYMPICS_LIVE_URL, POLYMPICS_LIVE_APP_USER and POLYMPICS_LIVE_APP_PASSWORD set (an app
//! with every app permission). It makes its own teams and accounts, and deletes them after.

use crate::common;

use std::fmt::Write;
use std::sync::{Mutex, MutexGuard};

use common::{file, Cli, Run};
use polympics::{AppClient, Credentials};

const WHY: &str = "needs a live server: set POLYMPICS_LIVE_URL, POLYMPICS_LIVE_APP_USER and \
                   POLYMPICS_LIVE_APP_PASSWORD, then run with --ignored";
const ACCOUNTS: u64 = 300;
const TEAMS: u64 = 6;

struct Live {
    url: String,
    user: String,
    password: String,
}

impl Live {
    fn from_env() -> Live {
        let var =
            |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("this live test {WHY}"));
        Live {
            url: var("POLYMPICS_LIVE_URL"),
            user: var("POLYMPICS_LIVE_APP_USER"),
            password: var("POLYMPICS_LIVE_APP_PASSWORD"),
        }
    }

    fn run(&self, args: &[&str]) -> Run {
        self.cli(args).run()
    }

    fn cli(&self, args: &[&str]) -> Cli {
        Cli::new(args)
            .env("POLYMPICS_URL", &self.url)
            .env("POLYMPICS_USER", &self.user)
            .env("POLYMPICS_PASSWORD", &self.password)
    }

    fn app(&self) -> AppClient {
        AppClient::builder(
            &self.url,
            Credentials::new(self.user.as_str(), self.password.as_str()),
        )
        .build()
        .unwrap()
    }
}

/// Deletes what the test made, however it ends.
struct Cleanup<'a> {
    live: &'a Live,
    accounts: Vec<u64>,
    prefix: String,
    _turn: MutexGuard<'static, ()>,
}

/// One test at a time: each is hundreds of writes, and reads a league it expects quiet.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn turn() -> MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

impl Drop for Cleanup<'_> {
    fn drop(&mut self) {
        let app = self.live.app();
        for id in &self.accounts {
            let _ = app.delete_account(*id);
        }
        let teams: Vec<_> = app
            .list_teams()
            .search_literal(&self.prefix)
            .per_page(100)
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        for team in teams {
            let _ = app.delete_team(&team);
        }
    }
}

/// A prefix for names and a block of IDs that no other run uses (below the server's
/// largest, 2^63 - 1).
fn unique() -> (String, u64) {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    let prefix = format!("cli{}", nanos % 1_000_000_000_000);
    let base = 7_000_000_000_000_000_000 + (nanos % 1_000_000_000_000) as u64 * 1000;
    (prefix, base)
}

#[test]
#[ignore = "needs a live server: set POLYMPICS_LIVE_URL, POLYMPICS_LIVE_APP_USER and POLYMPICS_LIVE_APP_PASSWORD, then run with --ignored"]
fn a_roster_of_hundreds_of_accounts_is_planned_applied_and_then_left_alone() {
    let live = Live::from_env();
    let (prefix, base) = unique();
    let accounts: Vec<u64> = (0..ACCOUNTS).map(|i| base + i).collect();
    let _cleanup = Cleanup {
        live: &live,
        accounts: accounts.clone(),
        prefix: prefix.clone(),
        _turn: turn(),
    };

    let mut desired = String::from("account_id,team,name,discriminator\n");
    for (i, id) in accounts.iter().enumerate() {
        let team = i as u64 % TEAMS;
        writeln!(
            desired,
            "{id},{prefix} team {team},{prefix} {i},{:04}",
            i % 10_000
        )
        .unwrap();
    }
    let desired = file("desired.csv", &desired);

    // The plan: the teams, then the accounts.
    let run = live.run(&["roster", "plan", desired.arg()]).code(3);
    // The new teams are named on the last line.
    let new_teams: Vec<String> = (0..TEAMS)
        .map(|team| format!("\"{prefix} team {team}\""))
        .collect();
    assert!(
        run.stdout.ends_with(&format!(
            "Plan: {} to create ({TEAMS} NEW TEAMS: {}).\n",
            TEAMS + ACCOUNTS,
            new_teams.join(", ")
        )),
        "{}",
        run.stdout
    );

    let run = live.run(&["roster", "apply", desired.arg(), "--yes"]);
    let stdout = run.ok();
    assert!(
        stdout.ends_with(&format!(
            "Applied: {} done, 0 failed, 0 skipped.\n",
            TEAMS + ACCOUNTS
        )),
        "{stdout}"
    );

    // A second apply sends the snapshot only and finds nothing to do.
    assert_eq!(
        live.run(&["roster", "apply", desired.arg(), "--yes"]).ok(),
        ""
    );
    let run = live.run(&["roster", "plan", desired.arg()]).code(0);
    assert_eq!(run.stdout, "", "nothing to do: nothing on stdout");

    // The export has them, each in its team.
    let csv = live.run(&["roster", "export"]).ok();
    let rows: Vec<&str> = csv
        .lines()
        .filter(|l| l.contains(&format!(",{prefix} team ")))
        .collect();
    assert_eq!(rows.len() as u64, ACCOUNTS);

    let before = file(
        "before.json",
        &live.run(&["roster", "export", "--format", "json"]).ok(),
    );

    // Move a third of them to the next team: only those moves are planned and applied.
    let mut moved = String::from("account_id,team\n");
    for (i, id) in accounts.iter().enumerate() {
        let team = (i as u64 + u64::from(i % 3 == 0)) % TEAMS;
        writeln!(moved, "{id},{prefix} team {team}").unwrap();
    }
    let moved = file("moved.csv", &moved);
    let run = live.run(&["roster", "plan", moved.arg()]).code(3);
    assert!(
        run.stdout.ends_with("Plan: 100 to move.\n"),
        "{}",
        run.stdout
    );
    let stdout = live.run(&["roster", "apply", moved.arg(), "--yes"]).ok();
    assert!(
        stdout.ends_with("Applied: 100 done, 0 failed, 0 skipped.\n"),
        "{stdout}"
    );
    assert_eq!(
        live.run(&["roster", "apply", moved.arg(), "--yes"]).ok(),
        ""
    );

    // The snapshot taken before the moves, against the live league: the moves.
    let run = live.run(&["roster", "diff", before.arg()]).code(3);
    let moves = run
        .lines()
        .into_iter()
        .filter(|l| l.starts_with("> account ") && l.contains(&format!("\"{prefix} ")))
        .count();
    assert_eq!(moves, 100, "{}", run.stdout);
}

#[test]
#[ignore = "needs a live server: set POLYMPICS_LIVE_URL, POLYMPICS_LIVE_APP_USER and POLYMPICS_LIVE_APP_PASSWORD, then run with --ignored"]
fn overlapping_applies_with_or_without_the_lock_make_each_team_once() {
    let live = Live::from_env();
    let (prefix, base) = unique();
    let accounts: Vec<u64> = (0..100).map(|i| base + i).collect();
    let _cleanup = Cleanup {
        live: &live,
        accounts: accounts.clone(),
        prefix: prefix.clone(),
        _turn: turn(),
    };
    let lock_dir = file("a.lock", "");
    let locks = [
        lock_dir.path.with_file_name("one.lock"),
        lock_dir.path.with_file_name("other.lock"),
    ];
    for (round, shared_lock) in [(0, true), (1, false), (2, false)] {
        let mut desired = String::from("account_id,team,name,discriminator\n");
        for (i, id) in accounts.iter().enumerate() {
            let team = (i + round) % 5;
            writeln!(desired, "{id},{prefix} r{round} {team},{prefix} {i},0001").unwrap();
        }
        let desired = file("desired.csv", &desired);
        // Two cron runs at once: with the lock, one waits for the other; with a lock file
        // each (two machines), the runs race and converge on the lowest team IDs.
        let children: Vec<_> = locks
            .iter()
            .map(|lock| {
                let lock = if shared_lock { &locks[0] } else { lock };
                live.cli(&[
                    "roster",
                    "apply",
                    desired.arg(),
                    "--yes",
                    "--keep-going",
                    "--lock-file",
                    lock.to_str().unwrap(),
                ])
                .spawn()
            })
            .collect();
        for child in children {
            let output = child.wait_with_output().unwrap();
            assert!(output.status.success(), "round {round}: {output:?}");
        }
        let csv = live.run(&["roster", "export"]).ok();
        for team in 0..5 {
            let name = format!("{prefix} r{round} {team}");
            let ids: std::collections::BTreeSet<&str> = csv
                .lines()
                .filter(|l| l.ends_with(&format!(",{name},0")))
                .map(|l| l.split(',').nth(3).unwrap())
                .collect();
            assert_eq!(ids.len(), 1, "round {round}: {name} is one team: {ids:?}");
        }
        // Nothing left to do.
        assert_eq!(
            live.run(&["roster", "apply", desired.arg(), "--yes"]).ok(),
            ""
        );
    }
}
