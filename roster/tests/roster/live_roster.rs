//! Roster sync against the real server while its league changes (see `tests/polympics/common/live.rs`
//! for how to run): snapshots read while accounts are created and deleted, a plan applied
//! after the league moved on, and overlapping runs from two threads. Each test makes its
//! own teams and accounts under a prefix no other run uses, and deletes them after.

use crate::common;

use std::sync::{Arc, Barrier, Mutex, MutexGuard};

use common::live::{app, run_prefix};
use polympics::{AppClient, NewAccount};
use polympics_roster::{
    self as roster, ApplyOptions, DesiredAccount, DesiredRoster, Listed, PlanOptions, Roster,
};

const ACCOUNTS: u64 = 60;

/// One test at a time: each counts the reads its own changes cause.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// Accounts and teams of one test, deleted however it ends.
struct Made {
    app: AppClient,
    prefix: String,
    base: u64,
    _turn: MutexGuard<'static, ()>,
}

impl Made {
    fn new() -> Made {
        let turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
        let prefix = run_prefix();
        let nanos: u64 = prefix[3..].parse().unwrap();
        Made {
            app: app(),
            base: 6_000_000_000_000_000_000 + nanos % 1_000_000_000 * 1000,
            prefix,
            _turn: turn,
        }
    }

    fn id(&self, i: u64) -> u64 {
        self.base + i
    }

    /// `ACCOUNTS` accounts of this test, spread over three teams.
    fn league(&self) -> DesiredRoster {
        (0..ACCOUNTS)
            .map(|i| {
                let team = format!("{} team {}", self.prefix, i % 3);
                DesiredAccount::new(self.id(i), Some(team.as_str()))
                    .create_as(format!("{} {i:02}", self.prefix), "0001")
            })
            .collect()
    }

    fn apply(&self, desired: &DesiredRoster) -> roster::Report {
        let plan = roster::plan(
            &Roster::fetch(&self.app).unwrap(),
            desired,
            PlanOptions::new(),
        );
        roster::apply(&self.app, &plan, ApplyOptions::new(), |_| {})
    }
}

impl Drop for Made {
    fn drop(&mut self) {
        for i in 0..=ACCOUNTS + 10 {
            let _ = self.app.delete_account(self.id(i));
        }
        let teams: Vec<_> = self
            .app
            .list_teams()
            .search_literal(&self.prefix)
            .per_page(100)
            .into_iter()
            .filter_map(Result::ok)
            .collect();
        for team in teams {
            let _ = self.app.delete_team(&team);
        }
    }
}

/// The accounts of this test in a roster.
fn ours(made: &Made, roster: &Roster) -> Vec<u64> {
    (0..=ACCOUNTS + 10)
        .map(|i| made.id(i))
        .filter(|&id| roster.account(id).is_some())
        .collect()
}

#[test]
#[ignore = "needs a live server: see tests/polympics/common/live.rs"]
fn snapshots_read_while_accounts_are_created_and_deleted_miss_no_one_and_read_no_one_twice() {
    let made = Made::new();
    assert!(made.apply(&made.league()).is_success());
    let app = &made.app;
    let extra = made.id(ACCOUNTS + 1);

    // After the first page: an account whose name sorts on that page is created, which
    // shifts every later page forward.
    let mut reads = 0;
    let roster = Roster::fetch_with(app, 25, |progress| {
        reads = progress.read;
        if progress.listing == Listed::Accounts && progress.fetched == 25 && progress.read == 1 {
            let first = app.list_accounts().per_page(25).get_page(0).unwrap();
            let name = first.data[0].name.clone();
            app.create_account(NewAccount::new(extra, name, "0001"))
                .unwrap();
        }
    })
    .unwrap();
    assert_eq!(reads, 2, "the change was seen and the league read again");
    let mut all = ours(&made, &roster);
    all.sort_unstable();
    assert_eq!(all.len() as u64, ACCOUNTS + 1);
    let ids: Vec<u64> = roster.accounts().map(|a| a.id().0).collect();
    let fresh: Vec<u64> = Roster::fetch(app)
        .unwrap()
        .accounts()
        .map(|a| a.id().0)
        .collect();
    assert_eq!(ids, fresh);

    // And deleted again after the first page: every later page shifts back.
    let mut reads = 0;
    let roster = Roster::fetch_with(app, 25, |progress| {
        reads = progress.read;
        if progress.listing == Listed::Accounts && progress.fetched == 25 && progress.read == 1 {
            app.delete_account(extra).unwrap();
        }
    })
    .unwrap();
    assert_eq!(reads, 2);
    assert_eq!(
        ours(&made, &roster).len() as u64,
        ACCOUNTS,
        "no live account missed"
    );
}

#[test]
#[ignore = "needs a live server: see tests/polympics/common/live.rs"]
fn a_plan_applied_after_the_league_moved_on_does_not_fail() {
    let made = Made::new();
    assert!(made.apply(&made.league()).is_success());
    let app = &made.app;
    // Move everyone to a new team, and add one account.
    let new_team = format!("{} new", made.prefix);
    let mut desired: DesiredRoster = (0..ACCOUNTS)
        .map(|i| DesiredAccount::new(made.id(i), Some(new_team.as_str())))
        .collect();
    let late = made.id(ACCOUNTS + 2);
    desired.push(DesiredAccount::new(late, Some(new_team.as_str())).create_as("late", "0002"));
    let plan = roster::plan(&Roster::fetch(app).unwrap(), &desired, PlanOptions::new());
    // Meanwhile: another run created the team and the account, and one account went.
    app.create_team(&new_team).unwrap();
    app.create_account(NewAccount::new(late, "late", "0002"))
        .unwrap();
    app.delete_account(made.id(0)).unwrap();

    let report = roster::apply(app, &plan, ApplyOptions::new(), |_| {});
    let counts = report.counts();
    assert_eq!((counts.failed, counts.skipped), (0, 1), "{report}");
    let teams = app.teams_named(&new_team).unwrap();
    assert_eq!(teams.len(), 1, "the team was not created twice");
    assert_eq!(app.get_team(&teams[0]).unwrap().member_count, ACCOUNTS);
}

#[test]
#[ignore = "needs a live server: see tests/polympics/common/live.rs"]
fn two_runs_in_two_threads_end_with_one_team_of_each_name() {
    let made = Made::new();
    for round in 0..5 {
        let desired: DesiredRoster = (0..ACCOUNTS)
            .map(|i| {
                let team = format!("{} r{round} {}", made.prefix, i % 4);
                DesiredAccount::new(made.id(i), Some(team.as_str()))
                    .create_as(format!("{} {i:02}", made.prefix), "0001")
            })
            .collect();
        let start = Arc::new(Barrier::new(2));
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let (desired, start) = (desired.clone(), start.clone());
                std::thread::spawn(move || {
                    let app = app();
                    let plan =
                        roster::plan(&Roster::fetch(&app).unwrap(), &desired, PlanOptions::new());
                    start.wait();
                    roster::apply(&app, &plan, ApplyOptions::new(), |_| {})
                })
            })
            .collect();
        for run in runs {
            let report = run.join().unwrap();
            assert_eq!(report.counts().failed, 0, "round {round}: {report}");
        }
        let roster = Roster::fetch(&made.app).unwrap();
        for team in 0..4 {
            let name = format!("{} r{round} {team}", made.prefix);
            assert_eq!(
                roster.teams_named(&name).count(),
                1,
                "round {round}: {name}"
            );
        }
        for entry in desired.entries() {
            let account = roster.account(entry.account).unwrap();
            assert_eq!(account.team().map(|t| t.name()), entry.team.as_deref());
        }
    }
}

#[test]
#[ignore = "needs a live server: see tests/polympics/common/live.rs"]
fn near_miss_team_names_create_nothing_and_a_named_new_team_is_created() {
    let made = Made::new();
    assert!(made.apply(&made.league()).is_success());
    let app = &made.app;
    let meant = format!("{} team 1", made.prefix);
    let teams_named = |name: &str| -> usize {
        app.list_teams()
            .search_literal(name)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|team| team.name == name)
            .count()
    };
    for typo in [
        format!("{} teem 1", made.prefix),
        format!("{} team-1", made.prefix),
        format!("{} TEAM 1", made.prefix),
        format!("{} team 1\u{200b}", made.prefix),
    ] {
        let desired: DesiredRoster = [DesiredAccount::new(made.id(0), Some(typo.as_str()))]
            .into_iter()
            .collect();
        let plan = roster::plan(&Roster::fetch(app).unwrap(), &desired, PlanOptions::new());
        assert!(plan.actions.is_empty(), "{typo:?}: {plan}");
        assert_eq!(plan.conflicts.len(), 1, "{typo:?}: {plan}");
        let report = roster::apply(app, &plan, ApplyOptions::new(), |_| {});
        assert!(report.results.is_empty());
        assert_eq!(teams_named(&typo), 0, "{typo:?}");
    }
    assert_eq!(teams_named(&meant), 1);
    let typo = format!("{} teem 1", made.prefix);
    let desired: DesiredRoster = [DesiredAccount::new(made.id(0), Some(typo.as_str()))]
        .into_iter()
        .collect();
    let options = PlanOptions::new().new_team(typo.as_str());
    let plan = roster::plan(&Roster::fetch(app).unwrap(), &desired, options);
    assert!(roster::apply(app, &plan, ApplyOptions::new(), |_| {}).is_success());
    assert_eq!(teams_named(&typo), 1);
    assert_eq!(
        Roster::fetch(app)
            .unwrap()
            .account(made.id(0))
            .and_then(|a| a.team())
            .map(|t| t.name().to_owned()),
        Some(typo)
    );
}
