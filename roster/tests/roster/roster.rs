//! Roster sync against the test server: snapshots and their cost, diffs of every kind of
//! change, plans for every action, idempotent and resumable applies, duplicate names.

use polympics::{AccountUpdate, AppClient, NewAccount, NO_TEAM};
use polympics_roster::{
    self as roster, Action, ApplyEvent, ApplyOptions, Change, Conflict, DesiredAccount,
    DesiredRoster, Listed, MaxRemovals, Outcome, PlanOptions, Refusal, Roster, TeamTarget,
};
use polympics_test_server::{DemoLeague, Fault, TestServer};

fn league() -> (TestServer, DemoLeague, AppClient) {
    let server = TestServer::start();
    let league = server.seed_demo_league();
    let app = server.app_client(league.app.clone());
    (server, league, app)
}

#[test]
fn a_snapshot_takes_one_listing_of_teams_and_one_of_accounts() {
    let (server, league, app) = league();
    server.clear_requests();
    let roster = Roster::fetch(&app).unwrap();
    assert_eq!(server.request_count(), 2);
    assert_eq!((roster.teams().len(), roster.accounts().len()), (5, 36));
    assert_eq!(roster.source(), Some(server.url()));

    // Page by page, with progress after each page.
    server.clear_requests();
    let mut seen = Vec::new();
    Roster::fetch_with(&app, 10, |progress| {
        seen.push((
            progress.listing,
            progress.fetched,
            progress.total,
            progress.requests,
        ))
    })
    .unwrap();
    assert_eq!(server.request_count(), 1 + 4);
    assert_eq!(
        seen,
        [
            (Listed::Teams, 5, 5, 1),
            (Listed::Accounts, 10, 36, 2),
            (Listed::Accounts, 20, 36, 3),
            (Listed::Accounts, 30, 36, 4),
            (Listed::Accounts, 36, 36, 5),
        ]
    );

    // 2,500 more accounts: still a handful of requests.
    for i in 0..2500u64 {
        app.create_account(NewAccount::new(10_000 + i, format!("bulk {i}"), "0001"))
            .unwrap();
    }
    server.clear_requests();
    assert_eq!(Roster::fetch(&app).unwrap().accounts().len(), 2536);
    assert_eq!(server.request_count(), 1 + 3);
    let _ = league;
}

#[test]
fn lookups_need_no_request_and_snapshots_read_back() {
    let (server, league, app) = league();
    let roster = Roster::fetch(&app).unwrap();
    server.clear_requests();
    let athens = roster.team(league.teams[0]).unwrap();
    assert_eq!(athens.name(), "Athens Owls");
    assert_eq!(roster.teams_named("Athens Owls").count(), 1);
    let members: Vec<&str> = roster.members(athens).map(|a| a.name()).collect();
    assert_eq!(members.len() as u64, athens.member_count());
    assert!(members.contains(&"Achilles"));
    assert_eq!(roster.teamless().count(), 3);
    let achilles = roster.account(league.accounts[0]).unwrap();
    assert_eq!(roster.accounts_named("Achilles").next(), Some(achilles));
    assert_eq!(
        achilles.awards().count(),
        1,
        "awards come with the accounts"
    );
    assert_eq!(athens.awards().count(), 1, "and with the teams");
    assert_eq!(server.request_count(), 0);

    let saved = serde_json::to_string(&roster).unwrap();
    let loaded: Roster = serde_json::from_str(&saved).unwrap();
    assert_eq!(loaded, roster);
    assert_eq!(loaded.team(league.teams[0]), Some(athens));
}

#[test]
fn diffs_show_every_kind_of_change() {
    let (_server, league, app) = league();
    let before = Roster::fetch(&app).unwrap();
    let (teams, accounts) = (&league.teams, &league.accounts);
    let new_team = app.create_team("Argos Arrows").unwrap();
    app.update_team(teams[1], "Corinth Capitals").unwrap();
    // Sparta Shields, the one team without an award.
    app.delete_team(teams[4]).unwrap();
    app.create_account(NewAccount::new(42, "Newcomer", "0042").team(&new_team))
        .unwrap();
    app.create_account(NewAccount::new(43, "Loner", "0043"))
        .unwrap();
    app.delete_account(accounts[6]).unwrap();
    app.update_account(accounts[33], AccountUpdate::new().team(teams[0]))
        .unwrap(); // joined
    app.update_account(accounts[10], AccountUpdate::new().team(NO_TEAM))
        .unwrap(); // left
    app.update_account(accounts[11], AccountUpdate::new().team(teams[0]))
        .unwrap(); // moved
    app.update_account(accounts[12], AccountUpdate::new().name("Renamed"))
        .unwrap();
    let gold = league.awards[0];
    let _ = app.give_award(gold, accounts[13]).unwrap();
    app.take_award(gold, accounts[0]).unwrap();
    let after = Roster::fetch(&app).unwrap();

    let diff = before.diff(&after);
    let kinds: Vec<&str> = diff
        .changes
        .iter()
        .map(|change| match change {
            Change::TeamCreated { .. } => "team created",
            Change::TeamDeleted { .. } => "team deleted",
            Change::TeamRenamed { .. } => "team renamed",
            Change::AccountAppeared { .. } => "appeared",
            Change::AccountDisappeared { .. } => "disappeared",
            Change::AccountJoined { .. } => "joined",
            Change::AccountLeft { .. } => "left",
            Change::AccountMoved { .. } => "moved",
            Change::AccountRenamed { .. } => "renamed",
            Change::AwardGiven { .. } => "given",
            Change::AwardTaken { .. } => "taken",
            _ => "other",
        })
        .collect();
    for kind in [
        "team created",
        "team deleted",
        "team renamed",
        "appeared",
        "disappeared",
        "joined",
        "left",
        "moved",
        "renamed",
        "given",
        "taken",
    ] {
        assert!(kinds.contains(&kind), "{kind} missing from\n{diff}");
    }
    let text = diff.to_string();
    assert_eq!(text.lines().count(), diff.len());
    // The order is part of the contract (a watch's journal, a script that reads the
    // lines): teams by ID, then accounts by ID, then awards by account.
    let expected = r#"~ team 2 renamed "Corinth Columns" -> "Corinth Capitals"
- team 5 "Sparta Shields" deleted
+ team 6 "Argos Arrows" created
+ account 42 "Newcomer" appeared, in team 6 "Argos Arrows"
+ account 43 "Loner" appeared, in no team
< account 800031676000000004 "Antigone" left team 5 "Sparta Shields"
- account 800047514000000006 "Atalanta" disappeared
< account 800071271000000009 "Circe" left team 5 "Sparta Shields"
< account 800079190000000010 "Daedalus" left team 1 "Athens Owls"
> account 800087109000000011 "Electra" moved from team 2 "Corinth Columns" to team 1 "Athens Owls"
~ account 800095028000000012 renamed "Eurydice#4765" -> "Renamed#4765"
< account 800110866000000014 "Helen" left team 5 "Sparta Shields"
< account 800150461000000019 "Leonidas" left team 5 "Sparta Shields"
< account 800190056000000024 "Odysseus" left team 5 "Sparta Shields"
< account 800229651000000029 "Perseus" left team 5 "Sparta Shields"
> account 800261327000000033 "Telemachus" joined team 1 "Athens Owls"
- award 1 "Gold" taken from account 800000000000000000 "Achilles"
+ award 1 "Gold" given to account 800102947000000013 "Hector""#;
    assert_eq!(text, expected);
    assert!(
        text.contains("~ team 2 renamed \"Corinth Columns\" -> \"Corinth Capitals\""),
        "{text}"
    );
    assert!(
        text.contains("+ account 42 \"Newcomer\" appeared, in team 6 \"Argos Arrows\""),
        "{text}"
    );
    assert!(
        text.contains("+ account 43 \"Loner\" appeared, in no team"),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "- award {gold} \"Gold\" taken from account {} \"Achilles\"",
            accounts[0]
        )),
        "{text}"
    );
    // Deleting a team sends its members to no team: they "left".
    assert!(text.contains("left team 5 \"Sparta Shields\""), "{text}");
    let json = serde_json::to_string(&diff).unwrap();
    assert!(json.contains(r#""change":"account_moved""#), "{json}");
    assert!(before.diff(&before).is_empty());
}

/// The desired roster of these `(account, team)` pairs.
fn desired(entries: &[(u64, Option<&str>)]) -> DesiredRoster {
    entries
        .iter()
        .map(|(account, team)| DesiredAccount::new(*account, *team))
        .collect()
}

#[test]
fn plans_have_every_kind_of_action_in_a_safe_order() {
    let (_server, league, app) = league();
    let accounts = &league.accounts;
    let current = Roster::fetch(&app).unwrap();
    let mut wanted = desired(&[
        (accounts[0].0, Some("Athens Owls")), // already there: nothing
        (accounts[1].0, Some("Athens Owls")), // moved from Corinth
        (accounts[2].0, Some("Ithaca Islanders")), // moved into a new team
        (accounts[3].0, None),                // out of its team
    ]);
    wanted.push(DesiredAccount::new(99, Some("Ithaca Islanders")).create_as("Odysseus II", "0099"));
    wanted.push(DesiredAccount::new(98, Some("Athens Owls")).create_as("Nike", "0098"));
    wanted.push(DesiredAccount::new(97, None).create_as("Hermes", "0097"));

    let plan = roster::plan(&current, &wanted, PlanOptions::new());
    let kinds: Vec<&str> = plan
        .actions
        .iter()
        .map(|action| match action {
            Action::CreateTeam { .. } => "create team",
            Action::CreateAccount { .. } => "create account",
            Action::MoveAccount { .. } => "move",
            Action::RemoveFromTeam { .. } => "remove",
            Action::DeleteTeam { .. } => "delete team",
            _ => "other",
        })
        .collect();
    assert_eq!(
        kinds,
        [
            "create team",
            "create account",
            "create account",
            "create account",
            "move",
            "move",
            "move"
        ],
        "{plan}"
    );
    assert!(plan.conflicts.is_empty());
    let text = plan.to_string();
    assert!(
        text.starts_with("+ create NEW TEAM \"Ithaca Islanders\"\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "+ create account 99 \"Odysseus II#0099\" in the new team \"Ithaca Islanders\""
        ),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "~ move account {} \"Andromache\" from team 4 \"Olympia Flames\" to no team",
            accounts[3]
        )),
        "{text}"
    );
    assert!(
        text.ends_with("Plan: 4 to create (the NEW TEAM \"Ithaca Islanders\"), 3 to move."),
        "{text}"
    );

    // With prune: every other team member leaves, and the teams nobody is listed in go,
    // except those with awards.
    let pruned = roster::plan(&current, &wanted, PlanOptions::new().prune(true));
    let removals = pruned
        .actions
        .iter()
        .filter(|a| matches!(a, Action::RemoveFromTeam { .. }))
        .count();
    // 33 accounts are in teams, 4 of them listed.
    assert_eq!(removals, 33 - 4, "{pruned}");
    // More than the default guard allows: planned, shown, and refused.
    assert!(pruned.is_refused());
    assert!(
        pruned.to_string().ends_with(
            "! refused: the plan takes 30 of the 33 accounts in teams out of their team and \
         deletes 1 of the 5 teams, more than the limit of 4; check the desired roster (rounded \
         IDs, missing rows) before raising the limit\nPlan refused: nothing will be applied."
        ),
        "{pruned}"
    );
    let deleted: Vec<String> = pruned
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::DeleteTeam { team } => Some(team.name.clone()),
            _ => None,
        })
        .collect();
    // Corinth, Delphi and Olympia have awards (Silver, Bronze, Fair Play); Sparta has none.
    assert_eq!(deleted, ["Sparta Shields"], "{pruned}");
    let kept: Vec<&str> = pruned.kept_teams.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(
        kept,
        ["Corinth Columns", "Delphi Oracles", "Olympia Flames"]
    );
    let json = serde_json::to_string(&pruned).unwrap();
    assert_eq!(serde_json::from_str::<roster::Plan>(&json).unwrap(), pruned);
}

#[test]
fn conflicts_leave_their_entries_alone() {
    let (_server, league, app) = league();
    let accounts = &league.accounts;
    app.create_team("Athens Owls").unwrap(); // a second team of that name
    let current = Roster::fetch(&app).unwrap();
    let mut wanted = desired(&[
        (accounts[5].0, Some("Athens Owls")),
        (accounts[6].0, Some("Sparta Shields")),
        (accounts[6].0, Some("Delphi Oracles")),
        (accounts[7].0, Some("Sparta Shields")),
        (555, Some("Sparta Shields")),
    ]);
    wanted.push(DesiredAccount::new(accounts[7].0, Some("Sparta Shields")));
    let plan = roster::plan(&current, &wanted, PlanOptions::new().prune(true));
    assert!(
        matches!(&plan.conflicts[0], Conflict::ListedTwice { account, .. } if *account == accounts[6])
    );
    assert!(
        plan.conflicts.iter().any(|c| matches!(c, Conflict::AmbiguousTeam { name, teams, .. } if name == "Athens Owls" && teams.len() == 2)),
        "{plan}"
    );
    assert!(plan
        .conflicts
        .iter()
        .any(|c| matches!(c, Conflict::CannotCreate { account, .. } if *account == 555)));
    // Listed accounts, ambiguous or not, are never pruned; Athens teams are named.
    for action in &plan.actions {
        if let Action::RemoveFromTeam { account, .. } | Action::MoveAccount { account, .. } = action
        {
            assert!(
                ![accounts[5], accounts[6]].contains(&account.id),
                "{action}"
            );
        }
        if let Action::DeleteTeam { team } = action {
            assert_ne!(team.name, "Athens Owls");
        }
    }
    assert!(
        plan.to_string().contains(
            "! team \"Athens Owls\" is the name of 2 teams (1, 6): its 1 account is left as it is"
        ),
        "{plan}"
    );
}

/// Runs snapshot, plan and apply once, counting the requests of the apply.
fn sync(
    server: &TestServer,
    app: &AppClient,
    wanted: &DesiredRoster,
    prune: bool,
) -> (roster::Plan, roster::Report, usize) {
    let plan = roster::plan(
        &Roster::fetch(app).unwrap(),
        wanted,
        PlanOptions::new()
            .prune(prune)
            .max_removals(MaxRemovals::Unlimited),
    );
    server.clear_requests();
    let report = roster::apply(app, &plan, ApplyOptions::new(), |_| {});
    (plan, report, server.request_count())
}

/// What the league must look like once `wanted` is applied with prune.
fn assert_matches(app: &AppClient, wanted: &DesiredRoster) {
    let roster = Roster::fetch(app).unwrap();
    for entry in wanted.entries() {
        let account = roster.account(entry.account).expect("the account exists");
        let team = account.team().map(|t| t.name());
        assert_eq!(team, entry.team.as_deref(), "{}", account.name());
    }
    let listed = wanted.entries().len();
    let in_teams = roster.accounts().filter(|a| a.team_id().is_some()).count();
    let wanted_in_teams = wanted.entries().iter().filter(|e| e.team.is_some()).count();
    assert_eq!(in_teams, wanted_in_teams, "{listed} listed");
}

fn spring_roster(league: &DemoLeague) -> DesiredRoster {
    let accounts = &league.accounts;
    let mut wanted: DesiredRoster = (0..20)
        .map(|i| {
            let team = ["Athens Owls", "Ithaca Islanders", "Sparta Shields"][i % 3];
            DesiredAccount::new(accounts[i], Some(team))
        })
        .collect();
    for i in 0..5u64 {
        wanted.push(
            DesiredAccount::new(70 + i, Some("Ithaca Islanders"))
                .create_as(format!("recruit {i}"), "0070"),
        );
    }
    wanted.push(DesiredAccount::new(accounts[20], None));
    wanted
}

#[test]
fn applying_twice_does_nothing_the_second_time() {
    let (server, league, app) = league();
    let wanted = spring_roster(&league);
    let mut events = Vec::new();
    // A spring cleaning: 13 of the 33 accounts in teams leave them, more than the
    // default guard allows.
    let plan = roster::plan(
        &Roster::fetch(&app).unwrap(),
        &wanted,
        PlanOptions::new().prune(true),
    );
    assert!(
        matches!(
            plan.refusal,
            Some(Refusal::TooManyRemovals {
                removals: 13,
                deleted_teams: 0,
                limit: 4,
                in_teams: 33,
                teams: 5,
            })
        ),
        "{plan}"
    );
    let plan = roster::plan(
        &Roster::fetch(&app).unwrap(),
        &wanted,
        PlanOptions::new()
            .prune(true)
            .max_removals(MaxRemovals::AtMost(13)),
    );
    let report = roster::apply(&app, &plan, ApplyOptions::new(), |event| match event {
        ApplyEvent::Started { index, .. } => events.push(("started", index)),
        ApplyEvent::Finished { index, outcome, .. } => {
            assert!(matches!(outcome, Outcome::Done), "{outcome}");
            events.push(("finished", index))
        }
        _ => {}
    });
    assert!(report.is_success(), "{report}");
    assert_eq!(events.len(), 2 * plan.actions.len());
    assert_matches(&app, &wanted);

    let (plan, report, requests) = sync(&server, &app, &wanted, true);
    assert!(plan.is_empty(), "{plan}");
    assert!(plan
        .to_string()
        .ends_with("Nothing to do: the league matches the desired roster."));
    assert!(report.is_success());
    assert_eq!(requests, 0, "nothing beyond the snapshot");
}

#[test]
fn a_run_that_failed_halfway_converges_when_run_again() {
    let (server, league, app) = league();
    let wanted = spring_roster(&league);
    let plan = roster::plan(
        &Roster::fetch(&app).unwrap(),
        &wanted,
        PlanOptions::new()
            .prune(true)
            .max_removals(MaxRemovals::Unlimited),
    );
    let mut patches = 0;
    let report = roster::apply(&app, &plan, ApplyOptions::new(), |event| {
        if let ApplyEvent::Started {
            action: Action::MoveAccount { .. },
            ..
        } = event
        {
            patches += 1;
            if patches == 4 {
                // Writes are not retried after a 503: this one fails.
                server.inject(Fault::status(503).on_method("PATCH"));
            }
        }
    });
    assert!(!report.is_success());
    let counts = report.counts();
    assert_eq!(counts.failed, 1, "{report}");
    assert!(counts.done > 0 && counts.skipped > 0, "{report}");
    assert!(report.to_string().contains("failed: ~ move"), "{report}");

    let (plan, report, _) = sync(&server, &app, &wanted, true);
    assert!(!plan.is_empty());
    assert!(report.is_success(), "{report}");
    assert_matches(&app, &wanted);
    let (plan, _, requests) = sync(&server, &app, &wanted, true);
    assert!(plan.is_empty(), "{plan}");
    assert_eq!(requests, 0);
    // Nothing was created twice.
    let roster = Roster::fetch(&app).unwrap();
    assert_eq!(roster.teams_named("Ithaca Islanders").count(), 1);
}

#[test]
fn a_team_that_cannot_be_created_skips_its_accounts_when_keeping_going() {
    let (server, league, app) = league();
    let wanted = spring_roster(&league);
    server.inject(Fault::status(503).on_method("POST").on_path("/teams/new"));
    let plan = roster::plan(&Roster::fetch(&app).unwrap(), &wanted, PlanOptions::new());
    let report = roster::apply(&app, &plan, ApplyOptions::new().keep_going(true), |_| {});
    let counts = report.counts();
    assert_eq!(counts.failed, 1);
    // 5 recruits and 7 moves into Ithaca Islanders.
    assert!(counts.skipped >= 5, "{report}");
    assert!(report
        .to_string()
        .contains("the team \"Ithaca Islanders\" was not created"));
    let (_, report, _) = sync(&server, &app, &wanted, false);
    assert!(report.is_success(), "{report}");
}

#[test]
fn deleting_a_team_already_gone_is_already_done() {
    let (_server, league, app) = league();
    let plan = roster::plan(
        &Roster::fetch(&app).unwrap(),
        &[DesiredAccount::new(league.accounts[0], None)]
            .into_iter()
            .collect(),
        PlanOptions::new()
            .prune(true)
            .max_removals(MaxRemovals::Unlimited),
    );
    let deletions: Vec<&Action> = plan
        .actions
        .iter()
        .filter(|a| matches!(a, Action::DeleteTeam { .. }))
        .collect();
    assert_eq!(deletions.len(), 1, "only Sparta Shields has no award");
    // Sparta goes between the plan and its apply.
    app.delete_team(league.teams[4]).unwrap();
    let report = roster::apply(&app, &plan, ApplyOptions::new(), |_| {});
    let (action, outcome) = report.results.last().unwrap();
    assert!(matches!(action, Action::DeleteTeam { .. }));
    assert!(matches!(outcome, Outcome::AlreadyDone), "{outcome}");
    assert!(report.is_success(), "{report}");
}

#[test]
fn accounts_go_into_teams_the_plan_creates() {
    let (_server, _league, app) = league();
    let mut wanted = DesiredRoster::new();
    wanted.push(DesiredAccount::new(61, Some("Thebes Lions")).create_as("Cadmus", "0061"));
    let plan = roster::plan(&Roster::fetch(&app).unwrap(), &wanted, PlanOptions::new());
    assert!(matches!(
        &plan.actions[1],
        Action::CreateAccount { team: Some(TeamTarget::Created { name }), .. } if name == "Thebes Lions"
    ));
    assert!(roster::apply(&app, &plan, ApplyOptions::new(), |_| {}).is_success());
    let account = app.get_account(61).unwrap();
    assert_eq!(account.team.unwrap().name, "Thebes Lions");
}
