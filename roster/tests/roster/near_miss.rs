//! New teams are meant, never guessed: a desired team name near one that exists (a letter,
//! spacing, punctuation, an invisible character) or near another new name is a conflict
//! that creates nothing, unless the run names it as a new team; and a prune that deletes
//! teams counts them toward the removal guard.

use polympics::AppClient;
use polympics_roster::{self as roster, Action, Conflict, DesiredAccount, PlanOptions, Roster};
use polympics_test_server::TestServer;

/// The demo league with two more teams, and the accounts the desired rosters move.
fn league() -> (TestServer, AppClient) {
    let server = TestServer::start();
    let app = server.app_client(server.seed_demo_league().app);
    app.create_team("Brand New").unwrap();
    app.create_team("cc3-team-0").unwrap();
    app.create_team("Team 1").unwrap();
    (server, app)
}

const ACCOUNT: u64 = 800000000000000000;

#[test]
fn each_near_miss_is_a_conflict_and_creates_nothing() {
    let (server, app) = league();
    for (typo, meant) in [
        ("Sparta Shield", "Sparta Shields"),
        ("BrandNew", "Brand New"),
        ("cc3 -team-0", "cc3-team-0"),
        ("Athens Owls\u{200b}", "Athens Owls"),
        ("Athnes Owls", "Athens Owls"),
    ] {
        let desired = [DesiredAccount::new(ACCOUNT, Some(typo)).at_line(2)]
            .into_iter()
            .collect();
        let current = Roster::fetch(&app).unwrap();
        let plan = roster::plan(&current, &desired, PlanOptions::new());
        assert!(plan.actions.is_empty(), "{typo:?}: {plan}");
        match &plan.conflicts[..] {
            [Conflict::NearMatch { name, teams, .. }] => {
                assert_eq!(name, typo);
                assert_eq!(teams[0].name, meant, "{typo:?}");
            }
            other => panic!("{typo:?}: {other:?}"),
        }
        let text = plan.to_string();
        assert!(text.contains("did you mean"), "{text}");
        assert!(text.contains("--new-team"), "{text}");
        // Applied: nothing is sent.
        server.clear_requests();
        let report = roster::apply(&app, &plan, Default::default(), |_| {});
        assert!(report.results.is_empty());
        assert_eq!(server.request_count(), 0);
    }
}

#[test]
fn a_new_team_named_by_the_run_is_created_exactly() {
    let (_server, app) = league();
    let desired = [
        DesiredAccount::new(ACCOUNT, Some("Sparta Shield")),
        // Numbered teams differ on purpose: not a near miss.
        DesiredAccount::new(800039595000000005u64, Some("Team 10")),
    ]
    .into_iter()
    .collect();
    let current = Roster::fetch(&app).unwrap();
    let options = PlanOptions::new().new_team("Sparta Shield");
    let plan = roster::plan(&current, &desired, options);
    assert!(plan.conflicts.is_empty(), "{plan}");
    let created: Vec<&str> = plan
        .actions
        .iter()
        .filter_map(|a| match a {
            Action::CreateTeam { name } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(created, ["Sparta Shield", "Team 10"]);
    let text = plan.to_string();
    assert!(
        text.starts_with("+ create NEW TEAM \"Sparta Shield\"\n"),
        "{text}"
    );
    assert!(
        text.contains("(2 NEW TEAMS: \"Sparta Shield\", \"Team 10\")"),
        "{text}"
    );
}

#[test]
fn one_new_team_spelt_two_near_ways_is_a_conflict() {
    let (_server, app) = league();
    let desired = [
        DesiredAccount::new(ACCOUNT, Some("Ithaca Islanders")),
        DesiredAccount::new(800039595000000005u64, Some("Ithaca Islander")),
    ]
    .into_iter()
    .collect();
    let current = Roster::fetch(&app).unwrap();
    let plan = roster::plan(&current, &desired, PlanOptions::new());
    assert!(plan.actions.is_empty(), "{plan}");
    assert_eq!(plan.conflicts.len(), 2, "{plan}");
    assert!(plan
        .conflicts
        .iter()
        .all(|c| matches!(c, Conflict::Spellings { .. })));
    // Both named: two teams, as the run says.
    let options = PlanOptions::new()
        .new_team("Ithaca Islanders")
        .new_team("Ithaca Islander");
    let plan = roster::plan(&current, &desired, options);
    assert!(plan.conflicts.is_empty(), "{plan}");
    assert_eq!(plan.actions.len(), 4, "{plan}");
}

#[test]
fn team_deletions_count_toward_the_removal_guard() {
    use polympics_roster::{MaxRemovals, Refusal};
    let server = TestServer::start();
    let app = server.app_client(server.seed_demo_league().app);
    for i in 0..6 {
        app.create_team(format!("Empty {i}")).unwrap();
    }
    let current = Roster::fetch(&app).unwrap();
    // Every account where it is: prune only deletes the six empty teams.
    let desired = current
        .accounts()
        .map(|a| DesiredAccount::new(a.id(), a.team().map(|t| t.name())))
        .collect();
    let plan = roster::plan(&current, &desired, PlanOptions::new().prune(true));
    assert_eq!(plan.team_deletions(), 6, "{plan}");
    assert_eq!(
        plan.refusal,
        Some(Refusal::TooManyRemovals {
            removals: 0,
            deleted_teams: 6,
            limit: 5,
            in_teams: 33,
            teams: 11,
        })
    );
    assert!(
        plan.to_string().contains(
            "takes 0 of the 33 accounts in teams out of their team and deletes 6 of the 11 teams"
        ),
        "{plan}"
    );
    let allowed = PlanOptions::new()
        .prune(true)
        .max_removals(MaxRemovals::AtMost(6));
    let plan = roster::plan(&current, &desired, allowed);
    assert_eq!(plan.refusal, None);
    server.clear_requests();
    assert!(roster::apply(&app, &plan, Default::default(), |_| {}).is_success());
    assert_eq!(Roster::fetch(&app).unwrap().teams().len(), 5);
}
