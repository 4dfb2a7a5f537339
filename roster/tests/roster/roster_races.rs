//! Roster sync while the league changes under it: runs that overlap (threads, and
//! interleavings reproduced exactly through a proxy), accounts created and deleted while a
//! snapshot is read or a plan is applied. No twin team survives, nothing aborts a run, and
//! no snapshot misses a live account.

use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Barrier};

use common::hostile::RawRequest;
use common::{app_as, proxy};
use polympics::clock::TestClock;
use polympics::{AppClient, NewAccount};
use polympics_roster::Error;
use polympics_roster::{
    self as roster, Action, ApplyOptions, DesiredAccount, DesiredRoster, Listed, MaxRemovals,
    Outcome, PlanOptions, Roster, MAX_SNAPSHOT_READS,
};
use polympics_test_server::{DemoLeague, TestServer};

const NEW_TEAM: &str = "Delphi Dolphins";

fn league() -> (TestServer, DemoLeague, AppClient) {
    let server = TestServer::start();
    let league = server.seed_demo_league();
    let app = server.app_client(league.app.clone());
    (server, league, app)
}

/// The first six demo accounts into a new team, and a new account in it too.
fn dolphins(league: &DemoLeague, team: &str) -> DesiredRoster {
    let mut desired: DesiredRoster = league.accounts[..6]
        .iter()
        .map(|&account| DesiredAccount::new(account, Some(team)))
        .collect();
    desired.push(DesiredAccount::new(4242u64, Some(team)).create_as("Triton", "4242"));
    desired
}

fn plan(app: &AppClient, desired: &DesiredRoster) -> roster::Plan {
    roster::plan(&Roster::fetch(app).unwrap(), desired, PlanOptions::new())
}

/// Every listed account is in the one team of its name, and no name is on two teams.
fn assert_desired(app: &AppClient, desired: &DesiredRoster) {
    let roster = Roster::fetch(app).unwrap();
    let mut names: Vec<&str> = roster.teams().map(|t| t.name()).collect();
    names.sort_unstable();
    let before = names.len();
    names.dedup();
    assert_eq!(names.len(), before, "no name is on two teams: {names:?}");
    for entry in desired.entries() {
        let account = roster.account(entry.account).expect("the account exists");
        let team = account.team().map(|t| t.name());
        assert_eq!(team, entry.team.as_deref(), "{}", account.name());
    }
}

/// Whether the request is a search for teams named like `name`.
fn searches_for(request: &RawRequest, name: &str) -> bool {
    let query = name.replace(' ', "%20");
    request.method == "GET"
        && request.target.starts_with("/teams/search")
        && request.target.contains(&format!("q={query}"))
}

/// Whether the request creates the team `name`.
fn creates_team(request: &RawRequest, name: &str) -> bool {
    request.method == "POST"
        && request.target == "/teams/new"
        && String::from_utf8_lossy(&request.body).contains(name)
}

/// Takes the teams named `name` out of a search answer: a search that does not yet see
/// them (another run's transaction, not committed when the search ran).
fn hide(name: &'static str) -> proxy::Rewrite {
    Box::new(move |page| {
        let data = page["data"].as_array_mut().unwrap();
        let before = data.len();
        data.retain(|team| team["name"] != name);
        let hidden = (before - data.len()) as u64;
        let results = page["results"].as_u64().unwrap() - hidden;
        set_counts(page, results);
    })
}

/// Sets a page's `results` and the `pages` they make.
fn set_counts(page: &mut serde_json::Value, results: u64) {
    let per_page = page["per_page"].as_u64().unwrap();
    page["results"] = results.into();
    page["pages"] = results.div_ceil(per_page).into();
}

#[test]
fn a_team_created_by_another_run_since_the_snapshot_is_used_not_duplicated() {
    let (_server, league, app) = league();
    let desired = dolphins(&league, NEW_TEAM);
    let plan = plan(&app, &desired);
    assert!(matches!(&plan.actions[0], Action::CreateTeam { name } if name == NEW_TEAM));
    // Another run creates it between this run's snapshot and its apply.
    let theirs = app.create_team(NEW_TEAM).unwrap();

    let report = roster::apply(&app, &plan, ApplyOptions::new(), |_| {});
    assert!(report.is_success(), "{report}");
    assert!(matches!(report.results[0].1, Outcome::AlreadyDone));
    assert_desired(&app, &desired);
    assert_eq!(app.teams_named(NEW_TEAM).unwrap()[0].id, theirs.id);
}

#[test]
fn a_twin_created_between_the_look_up_and_the_create_is_merged_into_the_lowest_id() {
    let (server, league, app) = league();
    let desired = dolphins(&league, NEW_TEAM);
    let plan = plan(&app, &desired);
    // Just before this run's create goes on, another run creates the twin (a lower ID),
    // and puts one of its own accounts in it.
    let other_run = app.clone();
    let other_member = league.accounts[30];
    let twin = Arc::new(std::sync::Mutex::new(None));
    let seen = twin.clone();
    let proxy = proxy::start(server.url(), move |request| {
        if creates_team(request, NEW_TEAM) && seen.lock().unwrap().is_none() {
            let team = other_run.create_team(NEW_TEAM).unwrap();
            other_run
                .update_account(other_member, polympics::AccountUpdate::new().team(&team))
                .unwrap();
            *seen.lock().unwrap() = Some(team.id);
        }
        None
    });
    let through_proxy = app_as(&proxy, league.app.clone());

    let report = roster::apply(&through_proxy, &plan, ApplyOptions::new(), |_| {});
    assert!(report.is_success(), "{report}");
    let twin = twin.lock().unwrap().expect("the twin was created");
    let merges: Vec<_> = report
        .results
        .iter()
        .filter_map(|(action, outcome)| match action {
            Action::MergeTeam { from, into } => Some((from.id, into.id, outcome)),
            _ => None,
        })
        .collect();
    assert_eq!(merges.len(), 1, "{report}");
    assert_eq!(merges[0].1, twin);
    assert!(merges[0].0 > twin);
    assert!(matches!(merges[0].2, Outcome::Done));
    assert_desired(&app, &desired);
    // The other run's member stays in the team that stays.
    let member = app.get_account(other_member).unwrap();
    assert_eq!(member.team.map(|t| t.id), Some(twin));
}

#[test]
fn a_twin_seen_only_at_the_end_of_the_run_is_merged_then() {
    let (server, league, app) = league();
    let desired = dolphins(&league, NEW_TEAM);
    let plan = plan(&app, &desired);
    // Another run's team gets the lower ID, but its transaction is not yet visible to the
    // two searches this run makes around its create; only the end-of-run look sees it.
    let other_run = app.clone();
    let searches = AtomicUsize::new(0);
    let proxy = proxy::start(server.url(), move |request| {
        if !searches_for(request, NEW_TEAM) {
            return None;
        }
        match searches.fetch_add(1, Ordering::SeqCst) {
            0 => {
                other_run.create_team(NEW_TEAM).unwrap();
                Some(hide(NEW_TEAM))
            }
            1 => Some(Box::new(|page: &mut serde_json::Value| {
                // Only this run's own team shows (the highest ID).
                let data = page["data"].as_array_mut().unwrap();
                data.sort_by_key(|team| team["id"].as_u64());
                data.drain(..data.len() - 1);
                set_counts(page, 1);
            })),
            _ => None,
        }
    });
    let through_proxy = app_as(&proxy, league.app.clone());

    let report = roster::apply(&through_proxy, &plan, ApplyOptions::new(), |_| {});
    assert!(report.is_success(), "{report}");
    let (last, outcome) = report.results.last().unwrap();
    assert!(
        matches!(last, Action::MergeTeam { .. }) && matches!(outcome, Outcome::Done),
        "{report}"
    );
    assert_desired(&app, &desired);
}

#[test]
fn a_run_never_deletes_a_team_it_did_not_create() {
    let (server, league, app) = league();
    let desired = dolphins(&league, NEW_TEAM);
    let plan = plan(&app, &desired);
    // The other run creates its twin after this one: a higher ID. Merging it away is that
    // run's job; this one keeps its team and leaves the other alone.
    let other_run = app.clone();
    let searches = AtomicUsize::new(0);
    let proxy = proxy::start(server.url(), move |request| {
        if searches_for(request, NEW_TEAM) && searches.fetch_add(1, Ordering::SeqCst) == 1 {
            other_run.create_team(NEW_TEAM).unwrap();
        }
        None
    });
    let through_proxy = app_as(&proxy, league.app.clone());

    let report = roster::apply(&through_proxy, &plan, ApplyOptions::new(), |_| {});
    assert!(report.is_success(), "{report}");
    assert!(
        !report
            .results
            .iter()
            .any(|(action, _)| matches!(action, Action::MergeTeam { .. })),
        "{report}"
    );
    let twins = app.teams_named(NEW_TEAM).unwrap();
    assert_eq!(twins.len(), 2);
    // What the other run then does: its twin goes into the lowest ID.
    roster::merge_teams(&app, twins[1].id, twins[0].id).unwrap();
    assert_desired(&app, &desired);
}

#[test]
fn two_runs_in_two_threads_end_with_one_team_of_each_name_and_the_desired_roster() {
    let (server, league, app) = league();
    for round in 0..5 {
        let desired = dolphins(&league, &format!("{NEW_TEAM} {round}"));
        let start = Arc::new(Barrier::new(2));
        let runs: Vec<_> = (0..2)
            .map(|_| {
                let (client, desired, start) = (
                    server.app_client(league.app.clone()),
                    desired.clone(),
                    start.clone(),
                );
                std::thread::spawn(move || {
                    let plan = plan(&client, &desired);
                    start.wait();
                    roster::apply(&client, &plan, ApplyOptions::new(), |_| {})
                })
            })
            .collect();
        for run in runs {
            let report = run.join().unwrap();
            assert_eq!(report.counts().failed, 0, "{report}");
        }
        assert_desired(&app, &desired);
    }
}

#[test]
fn an_account_created_since_the_snapshot_is_moved_not_created_again() {
    let (_server, league, app) = league();
    let desired = dolphins(&league, NEW_TEAM);
    let plan = plan(&app, &desired);
    app.create_account(NewAccount::new(4242u64, "Triton", "4242"))
        .unwrap();
    let report = roster::apply(&app, &plan, ApplyOptions::new(), |_| {});
    assert!(report.is_success(), "{report}");
    assert_desired(&app, &desired);
}

#[test]
fn an_account_created_between_the_check_and_the_create_is_moved_after_the_409() {
    let (server, league, app) = league();
    let desired = dolphins(&league, NEW_TEAM);
    let plan = plan(&app, &desired);
    let other_run = app.clone();
    let proxy = proxy::start(server.url(), move |request| {
        if request.method == "POST" && request.target == "/accounts/new" {
            other_run
                .create_account(NewAccount::new(4242u64, "Triton", "4242"))
                .unwrap();
        }
        None
    });
    let through_proxy = app_as(&proxy, league.app.clone());
    let report = roster::apply(&through_proxy, &plan, ApplyOptions::new(), |_| {});
    assert!(report.is_success(), "{report}");
    assert_desired(&app, &desired);
}

#[test]
fn accounts_deleted_meanwhile_are_skipped_not_failed_and_the_run_goes_on() {
    let (_server, league, app) = league();
    let desired = dolphins(&league, NEW_TEAM);
    let plan = plan(&app, &desired);
    app.delete_account(league.accounts[0]).unwrap();
    let report = roster::apply(&app, &plan, ApplyOptions::new(), |_| {});
    let counts = report.counts();
    assert_eq!((counts.failed, counts.skipped), (0, 1), "{report}");
    assert!(
        report
            .to_string()
            .contains("skipped: ~ move account 800000000000000000 \"Achilles\""),
        "{report}"
    );
    assert!(report.to_string().contains("the account no longer exists"));
    assert_eq!(
        app.get_team(app.teams_named(NEW_TEAM).unwrap()[0].id)
            .unwrap()
            .member_count,
        6
    );
}

#[test]
fn a_team_to_delete_that_gained_members_meanwhile_is_kept() {
    let (_server, league, app) = league();
    let empty = app.create_team("Empty Benches").unwrap();
    let everyone: DesiredRoster = Roster::fetch(&app)
        .unwrap()
        .accounts()
        .map(|a| DesiredAccount::new(a.id(), a.team().map(|t| t.name())))
        .collect();
    let plan = roster::plan(
        &Roster::fetch(&app).unwrap(),
        &everyone,
        PlanOptions::new().prune(true),
    );
    assert_eq!(plan.actions.len(), 1, "{plan}");
    app.create_account(NewAccount::new(777u64, "Late", "0777").team(&empty))
        .unwrap();
    let report = roster::apply(&app, &plan, ApplyOptions::new(), |_| {});
    assert!(
        matches!(&report.results[0].1, Outcome::Skipped { reason } if reason == "it has 1 member again"),
        "{report}"
    );
    assert_eq!(app.get_team(&empty).unwrap().member_count, 1);
    let _ = league;
}

/// A snapshot read 10 a page, with `change` run after the first page of accounts of the
/// first read; returns the roster and the reads it took.
fn snapshot_while(app: &AppClient, change: impl Fn()) -> (Result<Roster, Error>, u32) {
    let mut reads = 0;
    let roster = Roster::fetch_with(app, 10, |progress| {
        reads = progress.read;
        if progress.listing == Listed::Accounts && progress.fetched == 10 && progress.read == 1 {
            change();
        }
    });
    (roster, reads)
}

/// The live accounts, by ID.
fn ids(roster: &Roster) -> Vec<u64> {
    roster.accounts().map(|a| a.id().0).collect()
}

#[test]
fn a_snapshot_read_while_accounts_are_deleted_is_read_again_and_misses_no_one() {
    let (_server, league, app) = league();
    // Achilles is on the first page (by name): deleting him shifts the later pages back.
    let (roster, reads) = snapshot_while(&app, || app.delete_account(league.accounts[0]).unwrap());
    let roster = roster.unwrap();
    assert_eq!(reads, 2);
    assert_eq!(ids(&roster), ids(&Roster::fetch(&app).unwrap()));
    assert_eq!(roster.accounts().len(), 35);
}

#[test]
fn a_snapshot_read_while_accounts_are_created_is_read_again_and_reads_no_one_twice() {
    let (_server, _league, app) = league();
    // "Aaron" sorts first: every later page shifts forward, and a row is read twice.
    let (roster, reads) = snapshot_while(&app, || {
        app.create_account(NewAccount::new(1u64, "Aaron", "0001"))
            .unwrap();
    });
    let roster = roster.unwrap();
    assert_eq!(reads, 2);
    assert_eq!(ids(&roster), ids(&Roster::fetch(&app).unwrap()));
    assert_eq!(roster.accounts().len(), 37);
}

#[test]
fn a_snapshot_read_while_an_account_moves_is_read_again() {
    let (_server, league, app) = league();
    // The teams were listed before the move: their member counts disagree with it.
    let (roster, reads) = snapshot_while(&app, || {
        app.update_account(
            league.accounts[35],
            polympics::AccountUpdate::new().team(league.teams[0]),
        )
        .unwrap();
    });
    assert_eq!(reads, 2);
    let (roster, now) = (roster.unwrap(), Roster::fetch(&app).unwrap());
    assert!(roster.teams().eq(now.teams()));
    assert!(roster.accounts().eq(now.accounts()));
}

/// The demo league's app on a test clock: the pauses between reads pass at once.
fn app_on_test_clock(server: &TestServer, league: &DemoLeague) -> (AppClient, TestClock) {
    let clock = TestClock::new();
    let app = AppClient::builder(server.url(), league.app.clone())
        .no_proxy()
        .clock(clock.clone())
        .build()
        .unwrap();
    (app, clock)
}

#[test]
fn a_league_that_never_stops_changing_is_settled_and_says_what_changed() {
    let (server, league, _) = league();
    let (app, _clock) = app_on_test_clock(&server, &league);
    let next = AtomicUsize::new(1);
    let mut created = Vec::new();
    // An account created during every read, sorting on the first page: every later page
    // shifts, and every read sees its totals move.
    let roster = Roster::fetch_with(&app, 10, |progress| {
        if progress.listing == Listed::Accounts && progress.fetched == 10 {
            let id = next.fetch_add(1, Ordering::SeqCst) as u64;
            app.create_account(NewAccount::new(id, "Aaron", "0001"))
                .unwrap();
            created.push(id);
        }
    })
    .unwrap();
    // Every account that was not created meanwhile is as the league has it; the ones
    // created are there or said to have changed.
    let now = Roster::fetch(&app).unwrap();
    for account in now.accounts() {
        let id = account.id().0;
        match roster.account(id) {
            Some(read) => assert_eq!(read, account, "{id}"),
            None => assert!(created.contains(&id), "{id} is missing"),
        }
    }
    assert!(roster.accounts().all(|a| now.account(a.id()).is_some()));
    // Those fetched one by one were created meanwhile, or moved past a page's edge.
    assert!(!roster.changed_while_read().is_empty());
    for id in roster.changed_while_read() {
        assert!(
            created.contains(&id.0) || now.account(*id) == roster.account(*id),
            "{id}"
        );
    }
    // The member counts are those of the accounts kept.
    for team in roster.teams() {
        assert_eq!(team.member_count() as usize, team.members().count());
    }
}

#[test]
fn five_thousand_accounts_read_while_accounts_are_deleted_are_exported() {
    let (server, league, _) = league();
    let (app, _clock) = app_on_test_clock(&server, &league);
    let base = 7_000_000_000_000_000_000u64;
    for i in 0..5_000u64 {
        app.create_account(NewAccount::new(base + i, format!("member {i:04}"), "0001"))
            .unwrap();
    }
    // A deletion as every page of accounts is read (about ten a second at the real
    // server's pace), of an account on a page read before: the pages after it shift.
    let deleted = std::sync::Mutex::new(Vec::new());
    let roster = Roster::fetch_with(&app, 1000, |progress| {
        if progress.listing == Listed::Accounts && progress.fetched < progress.total {
            let mut deleted = deleted.lock().unwrap();
            let id = base + deleted.len() as u64 * 7;
            app.delete_account(id).unwrap();
            deleted.push(id);
        }
    })
    .unwrap();
    let deleted = deleted.into_inner().unwrap();
    let now = Roster::fetch(&app).unwrap();
    // Exact for every account not deleted meanwhile; no account the league does not
    // have, but those deleted after both reads listed them.
    let missing: Vec<u64> = now
        .accounts()
        .filter(|a| roster.account(a.id()).is_none())
        .map(|a| a.id().0 - base)
        .collect();
    assert_eq!(missing, Vec::<u64>::new(), "no account is missed");
    for account in now.accounts() {
        assert_eq!(roster.account(account.id()), Some(account));
    }
    for account in roster.accounts() {
        assert!(
            now.account(account.id()).is_some() || deleted.contains(&account.id().0),
            "{}",
            account.id()
        );
    }
    for id in roster.changed_while_read() {
        assert!(
            deleted.contains(&id.0) || now.account(*id) == roster.account(*id),
            "{id}"
        );
    }
}

#[test]
fn a_league_changing_faster_than_it_can_be_settled_fails_clearly() {
    let (server, league, _) = league();
    let (app, _clock) = app_on_test_clock(&server, &league);
    let next = AtomicUsize::new(1);
    let mut read = 0;
    // Sixty accounts created after the first page of every read: more than can be fetched
    // one by one.
    let result = Roster::fetch_with(&app, 10, |progress| {
        if progress.listing == Listed::Accounts && progress.read != read {
            read = progress.read;
            for _ in 0..60 {
                let id = next.fetch_add(1, Ordering::SeqCst) as u64;
                app.create_account(NewAccount::new(id, "Aaron", "0001"))
                    .unwrap();
            }
        }
    });
    let err = result.unwrap_err();
    assert!(
        matches!(err, Error::KeptChanging { attempts, .. } if attempts == MAX_SNAPSHOT_READS),
        "{err:?}"
    );
    let text = err.to_string();
    assert!(
        text.contains("kept changing while it was read (5 attempts"),
        "{text}"
    );
    assert!(
        text.contains("try again when the league is quieter"),
        "{text}"
    );
}

#[test]
fn a_plan_from_a_snapshot_taken_during_deletions_applies_cleanly() {
    let (_server, league, app) = league();
    let desired = dolphins(&league, NEW_TEAM);
    let (current, _) = snapshot_while(&app, || app.delete_account(league.accounts[20]).unwrap());
    let plan = roster::plan(
        &current.unwrap(),
        &desired,
        PlanOptions::new().max_removals(MaxRemovals::Default),
    );
    // Nothing is planned for an account that exists as if it did not.
    assert!(
        !plan.actions.iter().any(|a| matches!(a, Action::CreateAccount { account, .. } if league.accounts.contains(account))),
        "{plan}"
    );
    let report = roster::apply(&app, &plan, ApplyOptions::new(), |_| {});
    assert!(report.is_success(), "{report}");
    assert_desired(&app, &desired);
}
