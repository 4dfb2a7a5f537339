//! Saved plans: `roster plan --out PLAN` and `roster apply PLAN` do exactly the actions
//! that were reviewed, or refuse (exit 2, nothing sent) when the league changed where
//! they touch it.

use crate::common;

use common::{file, League};
use polympics::{AccountUpdate, TeamId};

const DESIRED: &str = "account_id,team,name,discriminator\n\
    800000000000000000,Sparta Shields,,\n\
    800039595000000005,New Team,,\n\
    1234,New Team,Artemis,8472\n";

/// The requests that change something.
fn writes(league: &League) -> Vec<String> {
    league
        .take_requests()
        .into_iter()
        .filter(|r| !r.starts_with("GET "))
        .collect()
}

#[test]
fn a_saved_plan_is_applied_exactly() {
    let league = League::start();
    let desired = file("desired.csv", DESIRED);
    let saved = desired.dir().join("plan.json");
    let saved_arg = saved.to_str().unwrap();
    let shown = league
        .run(&["roster", "plan", desired.arg(), "--out", saved_arg])
        .code(3)
        .stdout;
    // A change the plan does not touch: still applied.
    league
        .app
        .update_account(800007919000000001u64, AccountUpdate::new().team(TeamId(3)))
        .unwrap();
    league.take_requests();
    // Reviewed, then applied as it was: the same actions, in the same words.
    let run = league.run(&["roster", "plan", saved_arg]).code(3);
    assert_eq!(run.stdout, shown);
    assert!(writes(&league).is_empty());
    let run = league.run(&["roster", "apply", saved_arg, "--yes"]).ok();
    assert!(
        run.ends_with("Applied: 4 done, 0 failed, 0 skipped.\n"),
        "{run}"
    );
    assert_eq!(writes(&league).len(), 4);
    // Applied again: the league moved on (by the plan itself), so it is refused.
    let run = league.run(&["roster", "apply", saved_arg, "--yes"]).code(2);
    run.assert_stderr("refused: the league changed since the plan was made");
    assert!(writes(&league).is_empty());
}

#[test]
fn a_stale_saved_plan_is_refused_with_what_changed_and_nothing_sent() {
    let league = League::start();
    let desired = file("desired.csv", DESIRED);
    let saved = desired.dir().join("plan.json");
    let saved_arg = saved.to_str().unwrap();
    league
        .run(&["roster", "plan", desired.arg(), "--out", saved_arg])
        .code(3);
    // Achilles moves meanwhile, and someone creates "New Team".
    league
        .app
        .update_account(800000000000000000u64, AccountUpdate::new().team(TeamId(2)))
        .unwrap();
    league.app.create_team("New Team").unwrap();
    league.take_requests();
    let run = league.run(&["roster", "apply", saved_arg, "--yes"]).code(2);
    run.assert_stderr(
        "account 800000000000000000 is in team 2 \"Corinth Columns\" now; the plan was made \
         when it was in team 1 \"Athens Owls\"",
    );
    run.assert_stderr("a team named \"New Team\" exists now (team 6)");
    run.assert_stderr("nothing was applied");
    run.assert_stderr("hint: make the plan again");
    assert!(writes(&league).is_empty());
}

#[test]
fn a_saved_plan_takes_no_planning_options_and_must_be_one() {
    let league = League::start();
    let desired = file("desired.csv", DESIRED);
    let saved = desired.dir().join("plan.json");
    let saved_arg = saved.to_str().unwrap();
    league
        .run(&["roster", "plan", desired.arg(), "--out", saved_arg])
        .code(3);
    let run = league
        .run(&["roster", "apply", saved_arg, "--yes", "--prune"])
        .code(2);
    run.assert_stderr("--prune cannot be given with a saved plan");
    let broken = file("broken.json", "{\"format\": \"something else\"}");
    let run = league
        .run(&["roster", "apply", broken.arg(), "--yes"])
        .code(2);
    run.assert_stderr("is not a saved plan");
    assert!(writes(&league).is_empty());
}
