//! `polympics roster apply` with nobody watching: one run at a time, guard rails on
//! removals, input checked before anything is sent, and a run that tells the truth.

use crate::common;

use std::fs::File;
use std::time::Duration;

use common::{file, Cli, League};
use polympics::{AccountUpdate, Credentials, NewAward};
use polympics_roster::Roster;
use polympics_test_server::Fault;

const ACHILLES: u64 = 800000000000000000;

/// Six demo accounts into a new team, and a new account in it.
const NEW_TEAM: &str = "account_id,team,name,discriminator\n\
    800000000000000000,Rhodes Rams,,\n\
    800007919000000001,Rhodes Rams,,\n\
    800015838000000002,Rhodes Rams,,\n\
    800023757000000003,Rhodes Rams,,\n\
    800031676000000004,Rhodes Rams,,\n\
    800039595000000005,Rhodes Rams,,\n\
    4242,Rhodes Rams,Triton,4242\n";

/// The methods and paths that changed something.
fn writes(requests: &[String]) -> Vec<&String> {
    requests.iter().filter(|r| !r.starts_with("GET ")).collect()
}

#[test]
fn a_header_only_file_with_prune_changes_nothing_and_sends_nothing() {
    let league = League::start();
    let desired = file("desired.csv", "account_id,team\n");
    league.take_requests();
    for command in ["plan", "apply"] {
        let mut args = vec!["roster", command, desired.arg(), "--prune"];
        if command == "apply" {
            args.push("--yes");
        }
        let run = league.run(&args).code(2);
        run.assert_stderr("refused: the desired roster lists no account, and prune would take every account out of its team and delete every team");
        run.assert_stderr("hint: the file has no rows");
        assert_eq!(run.stdout, "");
    }
    assert_eq!(league.take_requests(), Vec::<String>::new());
}

#[test]
fn a_plan_removing_more_than_the_limit_is_refused_unless_raised() {
    let league = League::start();
    // A spreadsheet rounded the IDs to 15 digits: almost no row matches an account, and
    // prune would take nearly everyone out of their team.
    let export = league.run(&["roster", "export"]).ok();
    let rounded: String = export
        .lines()
        .enumerate()
        .map(|(i, line)| match (i, line.split_once(',')) {
            (0, _) | (_, None) => format!("{line}\n"),
            (_, Some((id, rest))) => format!("{}000,{rest}\n", &id[..15]),
        })
        .collect();
    let desired = file("desired.csv", &rounded);
    league.take_requests();
    let run = league
        .run(&["roster", "apply", desired.arg(), "--prune", "--yes"])
        .code(2);
    run.assert_stdout("of the 33 accounts in teams out of their team, more than the limit of 4");
    run.assert_stdout("Plan refused: nothing will be applied.");
    run.assert_stderr("hint: if the removals are meant, allow them with --max-removals");
    assert_eq!(writes(&league.take_requests()), Vec::<&String>::new());

    // Sparta's 6 members and its deletion are more than the default limit (4 of 33
    // accounts in teams and 5 teams) allows: the flag lets them go.
    let export = league.run(&["roster", "export"]).ok();
    let mut lines: Vec<&str> = export.lines().collect();
    lines.retain(|line| !line.contains(",Sparta Shields,"));
    let desired = file("desired.csv", &(lines.join("\n") + "\n"));
    league
        .run(&["roster", "apply", desired.arg(), "--prune", "--yes"])
        .code(2);
    let run = league.run(&[
        "roster",
        "apply",
        desired.arg(),
        "--prune",
        "--yes",
        "--max-removals",
        "7",
    ]);
    assert!(run
        .ok()
        .ends_with("Applied: 7 done, 0 failed, 0 skipped.\n"));
    league
        .run(&["roster", "plan", desired.arg(), "--max-removals", "lots"])
        .code(2)
        .assert_stderr("\"lots\" is neither a number of accounts nor \"all\"");
}

#[test]
fn every_malformed_input_is_refused_with_its_line_before_anything_is_sent() {
    let league = League::start();
    let long = "x".repeat(10_000_000);
    let cases: Vec<(String, &str)> = vec![
        ("account_id,team\n1,   \n".into(), "line 2: the team is blank"),
        (
            "account_id,team\n1,A\n2,\"Owls\n3,B\n".into(),
            "line 3: a quote (\") opened on this line is never closed",
        ),
        (
            format!("account_id,team\n1,A\n2,{long}\n"),
            "line 3: invalid team: \"xxxxxxxx",
        ),
        (
            "account_id,team\n1,\"A\nB\"\n2,C\n".into(),
            "line 2: the value \"A\\nB\" spans several lines",
        ),
        (
            "account_id,team\n1,\"nul\0\"\n".into(),
            "line 2: invalid team: \"nul\\0\" holds a control character",
        ),
        (
            "account_id,team\n9223372036854775808,A\n".into(),
            "line 2: invalid account_id: 9223372036854775808 is above 9223372036854775807",
        ),
        (
            format!("account_id,team\n1,{}\n", "t".repeat(256)),
            "line 2: invalid team: \"tttt",
        ),
        (
            "account_id,team\n1.23457E+17,A\n".into(),
            "line 2: the account_id \"1.23457E+17\" is not a Discord ID: a spreadsheet showed it as a rounded number",
        ),
    ];
    league.take_requests();
    for (text, expected) in cases {
        let desired = file("desired.csv", &text);
        let run = league
            .run(&["roster", "apply", desired.arg(), "--yes"])
            .code(2);
        run.assert_stderr(expected);
        assert!(run.stderr.len() < 1000, "{}", run.stderr.len());
        assert_eq!(run.stdout, "");
    }
    assert_eq!(league.take_requests(), Vec::<String>::new());
}

#[test]
fn spaces_and_letter_case_never_make_a_near_duplicate_team() {
    let league = League::start();
    let desired = file(
        "desired.csv",
        "account_id,team\n\
         800000000000000000, Sparta Shields\n\
         800007919000000001,Sparta Shields \n\
         800015838000000002,SPARTA SHIELDS\n\
         800023757000000003,sparta  shields\n",
    );
    let run = league
        .run(&["roster", "apply", desired.arg(), "--yes"])
        .code(1);
    // Spaces around a cell are not part of it: the first two are moved into Sparta.
    run.assert_stdout("~ move account 800000000000000000 \"Achilles\" from team 1 \"Athens Owls\" to team 5 \"Sparta Shields\": done");
    run.assert_stdout("~ move account 800007919000000001 \"Agamemnon\" from team 2 \"Corinth Columns\" to team 5 \"Sparta Shields\": done");
    // Other letter case or spacing: "did you mean", and those accounts are left alone.
    run.assert_stdout("! no team is named \"SPARTA SHIELDS\"; did you mean team 5 \"Sparta Shields\"? its 1 account is left as it is; write the name exactly");
    run.assert_stdout(
        "! no team is named \"sparta  shields\"; did you mean team 5 \"Sparta Shields\"?",
    );
    run.assert_stdout("Applied: 2 done, 0 failed, 0 skipped; 2 conflicts.");
    let roster = Roster::fetch(&league.app).unwrap();
    assert_eq!(roster.teams().len(), 5, "no team was created");

    // A new team spelt two ways is not created twice.
    let desired = file(
        "desired.csv",
        "account_id,team\n800000000000000000,Red Team\n800007919000000001,red team\n",
    );
    let run = league.run(&["roster", "plan", desired.arg()]).code(1);
    run.assert_stdout("! the new team \"Red Team\" is also spelt \"red team\"");
    assert!(
        run.stdout.ends_with("Plan: nothing to do; 2 conflicts.\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_edited_team_id_is_a_conflict_naming_its_line() {
    let league = League::start();
    let export = league.run(&["roster", "export"]).ok();
    // Achilles (Athens Owls, team 1) given the team_id of Sparta Shields (5).
    let edited = export.replacen(",0001,1,Athens Owls,", ",0001,5,Athens Owls,", 1);
    assert_ne!(edited, export);
    let desired = file("desired.csv", &edited);
    let run = league.run(&["roster", "plan", desired.arg()]).code(1);
    run.assert_stdout("account 800000000000000000: team_id 5 is team 5 \"Sparta Shields\", but the team is \"Athens Owls\": make them agree (or empty team_id); left as it is");
    let line = export
        .lines()
        .position(|l| l.starts_with("800000000000000000,"))
        .unwrap()
        + 1;
    run.assert_stdout(&format!(
        "! line {line}: account 800000000000000000: team_id 5"
    ));
    // An unedited export is left as it is: nothing to do.
    let desired = file("desired.csv", &export);
    assert_eq!(league.run(&["roster", "plan", desired.arg()]).ok(), "");
}

#[test]
fn a_missing_file_exits_2_and_stdin_is_read_for_a_dash() {
    let league = League::start();
    let run = league
        .run(&["roster", "plan", "/nonexistent/desired.csv"])
        .code(2);
    run.assert_stderr("could not read /nonexistent/desired.csv");
    let run = league
        .cli(&["roster", "plan", "-"])
        .stdin("account_id,team\n800000000000000000,Sparta Shields\n")
        .run()
        .code(3);
    assert_eq!(
        run.stdout,
        "~ move account 800000000000000000 \"Achilles\" from team 1 \"Athens Owls\" to team 5 \"Sparta Shields\"\nPlan: 1 to move.\n"
    );
}

#[test]
fn two_applies_started_together_make_one_team_and_the_desired_roster() {
    let league = League::start();
    let desired = file("desired.csv", NEW_TEAM);
    let runs: Vec<_> = (0..2)
        .map(|_| {
            league
                .cli(&["roster", "apply", desired.arg(), "--yes"])
                .spawn()
        })
        .collect();
    let outputs: Vec<_> = runs
        .into_iter()
        .map(|child| child.wait_with_output().unwrap())
        .collect();
    for output in &outputs {
        assert!(output.status.success(), "{output:?}");
    }
    // One run did the work; the other waited for the lock and found nothing to do.
    let printed: Vec<String> = outputs
        .iter()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .collect();
    assert!(printed.contains(&String::new()), "{printed:?}");
    let roster = Roster::fetch(&league.app).unwrap();
    assert_eq!(roster.teams_named("Rhodes Rams").count(), 1);
    let team = roster.teams_named("Rhodes Rams").next().unwrap().id();
    assert_eq!(roster.members(team).count(), 7);
}

#[test]
fn a_run_that_finds_the_lock_held_waits_then_exits_4_having_sent_nothing() {
    let league = League::start();
    let desired = file("desired.csv", NEW_TEAM);
    let lock = file("apply.lock", "");
    let held = File::options().write(true).open(&lock.path).unwrap();
    held.try_lock().unwrap();
    league.take_requests();
    let run = league
        .run(&[
            "roster",
            "apply",
            desired.arg(),
            "--yes",
            "--lock-file",
            lock.arg(),
            "--wait",
            "0",
        ])
        .code(4);
    run.assert_stderr("another `polympics roster apply` against the same server is still running");
    run.assert_stderr("and sent nothing");
    assert_eq!(run.stdout, "");
    assert_eq!(league.take_requests(), Vec::<String>::new());
    // Once the lock is let go, the next run goes ahead.
    drop(held);
    league
        .run(&[
            "roster",
            "apply",
            desired.arg(),
            "--yes",
            "--lock-file",
            lock.arg(),
        ])
        .ok();
}

#[test]
fn a_run_killed_while_holding_the_lock_leaves_no_stale_lock() {
    let league = League::start();
    let desired = file("desired.csv", NEW_TEAM);
    let lock = file("apply.lock", "");
    // The first run stalls on its credentials check, holding the lock, and is killed.
    league
        .server
        .inject(Fault::stall_body().on_path("/auth/me"));
    league.take_requests();
    let args = [
        "roster",
        "apply",
        desired.arg(),
        "--yes",
        "--lock-file",
        lock.arg(),
    ];
    let mut stalled = league.cli(&args).spawn();
    let seen = league.server.wait_for_requests(1, Duration::from_secs(30));
    assert_eq!(seen.len(), 1, "the first run reached its credentials check");
    stalled.kill().unwrap();
    stalled.wait().unwrap();

    let mut args = args.to_vec();
    args.extend(["--wait", "0"]);
    assert!(league.run(&args).ok().contains("Applied: 8 done"));
}

#[test]
fn credentials_the_server_does_not_know_fail_every_run() {
    let league = League::start();
    let desired = file("desired.csv", "account_id,team\n");
    let run = Cli::new(&["roster", "apply", desired.arg(), "--yes"])
        .server(&league.server)
        .credentials(&Credentials::new("A1", "rotated-away"))
        .run()
        .code(1);
    run.assert_stderr("the server does not accept the credentials");
    run.assert_stderr("hint: check them with `polympics whoami`");
    assert!(!run.stderr.contains("rotated-away"));
}

#[test]
fn apply_json_has_one_shape_with_or_without_anything_to_do() {
    let league = League::start();
    let desired = file("desired.csv", NEW_TEAM);
    let keys = |run: &common::Run| {
        let mut keys: Vec<String> = run.json().as_object().unwrap().keys().cloned().collect();
        keys.sort();
        keys
    };
    let first = league.run(&["--json", "roster", "apply", desired.arg(), "--yes"]);
    let second = league.run(&["--json", "roster", "apply", desired.arg(), "--yes"]);
    assert_eq!(keys(&first), keys(&second));
    assert_eq!(
        keys(&second),
        [
            "conflicts",
            "done",
            "failed",
            "kept_teams",
            "results",
            "skipped"
        ]
    );
    assert_eq!(second.json()["results"], serde_json::json!([]));
    assert_eq!(first.code(0).json()["done"], 8);
}

#[test]
fn a_failed_apply_says_so_on_stderr_too() {
    let league = League::start();
    let desired = file("desired.csv", NEW_TEAM);
    league.server.inject(
        Fault::status(500)
            .on_method("PATCH")
            .on_path(format!("/account/{ACHILLES}")),
    );
    let run = league
        .run(&["roster", "apply", desired.arg(), "--yes"])
        .code(1);
    run.assert_stdout(
        "\"Achilles\" from team 1 \"Athens Owls\" to the new team \"Rhodes Rams\": failed:",
    );
    run.assert_stderr("polympics: error: 1 of 8 actions failed; the first: ~ move account 800000000000000000 \"Achilles\"");
    run.assert_stderr("hint: the next run finishes what this one did not");
}

#[test]
fn log_appends_one_json_line_an_action() {
    let league = League::start();
    let desired = file("desired.csv", NEW_TEAM);
    let log = file("sync.log", "");
    league
        .run(&[
            "roster",
            "apply",
            desired.arg(),
            "--yes",
            "--log",
            log.arg(),
        ])
        .ok();
    league
        .app
        .update_account(ACHILLES, AccountUpdate::new().team(1u64))
        .unwrap();
    league
        .run(&[
            "roster",
            "apply",
            desired.arg(),
            "--yes",
            "--log",
            log.arg(),
        ])
        .ok();
    let text = std::fs::read_to_string(&log.path).unwrap();
    let lines: Vec<serde_json::Value> = text
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 9, "{text}");
    assert_eq!(lines[0]["action"]["action"], "create_team");
    assert_eq!(lines[8]["action"]["action"], "move_account");
    for line in &lines {
        assert_eq!(line["outcome"]["status"], "done", "{line}");
        assert_eq!(line["server"], league.server.url());
        let time = line["time"].as_str().unwrap();
        assert!(
            time.starts_with("20") && time.contains('T') && time.ends_with('Z'),
            "{time}"
        );
    }
}

#[test]
fn teams_merge_moves_members_and_awards_and_deletes_the_source() {
    let league = League::start();
    let app = &league.app;
    let twin = app.create_team("Sparta Shields").unwrap();
    app.update_account(ACHILLES, AccountUpdate::new().team(&twin))
        .unwrap();
    let award = app
        .create_award(NewAward::new("Laurel", "https://example.com/l.png", &twin))
        .unwrap();
    // A name two teams share is not enough to know which one is meant.
    let run = league
        .run(&["teams", "merge", "Sparta Shields", "5"])
        .code(1);
    run.assert_stderr(
        "2 teams are named \"Sparta Shields\" (IDs 5, 6): give the ID of the one you mean",
    );
    let run = league.run(&["teams", "merge", &twin.id.to_string(), "Athens Owls"]);
    assert_eq!(
        run.ok(),
        "Merged team 6 \"Sparta Shields\" into team 1 \"Athens Owls\": 1 account moved, 1 award moved; team 6 \"Sparta Shields\" deleted.\n"
    );
    assert_eq!(app.get_account(ACHILLES).unwrap().team.unwrap().id, 1);
    assert_eq!(app.get_award(award.id).unwrap().team.unwrap().id, 1);
    assert!(app.get_team(twin.id).unwrap_err().is_not_found());
    let run = league
        .run(&["teams", "merge", "Nobody's Team", "1"])
        .code(1);
    run.assert_stderr("not found: no team is named \"Nobody's Team\"");
}
