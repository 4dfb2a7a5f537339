//! `polympics roster ...` end to end: export formats, diffs, plans, applies, the cron
//! behaviour of `apply` without a terminal, and exit codes.

use crate::common;

use common::{file, League};
use polympics::{AccountUpdate, NewAccount};
use polympics_roster::{Plan, Roster, RosterDiff};
use polympics_test_server::Fault;

const ACHILLES: u64 = 800000000000000000;
const ARIADNE: u64 = 800039595000000005;

#[test]
fn export_writes_one_csv_row_an_account_with_two_reads() {
    let league = League::start();
    league.take_requests();
    let csv = league.run(&["roster", "export"]).ok();
    assert_eq!(
        league.take_requests(),
        [
            // The check of the credentials, then the two listings.
            "GET /auth/me",
            "GET /teams/search?page=0&per_page=1000",
            "GET /accounts/search?page=0&per_page=1000"
        ]
    );
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "account_id,name,discriminator,team_id,team,permissions"
    );
    assert_eq!(lines.len(), 1 + 36);
    // Grouped by team name, members by ID; the captain holds MANAGE_OWN_TEAM (32).
    assert_eq!(
        lines[1],
        "800000000000000000,Achilles,0001,1,Athens Owls,32"
    );
    assert!(lines[8].ends_with(",2,Corinth Columns,32"), "{}", lines[8]);
    // The three accounts in no team come last, with empty team columns.
    for line in &lines[34..] {
        assert!(line.contains(",,,"), "{line}");
    }
}

#[test]
fn export_quotes_what_csv_needs_quoted() {
    let league = League::start();
    league
        .app
        .create_account(NewAccount::new(7u64, "Smith, \"Jr\"", "0007"))
        .unwrap();
    let csv = league.run(&["roster", "export"]).ok();
    assert!(
        csv.contains("\n7,\"Smith, \"\"Jr\"\"\",0007,,,0\n"),
        "{csv}"
    );
}

#[test]
fn export_json_is_a_roster_that_reads_back() {
    let league = League::start();
    let run = league.run(&["roster", "export", "--format", "json"]);
    let roster: Roster = serde_json::from_str(&run.ok()).unwrap();
    assert_eq!((roster.teams().len(), roster.accounts().len()), (5, 36));
    assert_eq!(roster.source(), Some(league.server.url()));
    // --json means the same.
    let roster: Roster =
        serde_json::from_str(&league.run(&["--json", "roster", "export"]).ok()).unwrap();
    assert_eq!(roster.accounts().len(), 36);
    // Another format with --json is a contradiction: refused, nothing read.
    league.take_requests();
    for format in ["csv", "xlsx"] {
        league
            .run(&["--json", "roster", "export", "--format", format])
            .code(2)
            .assert_stderr(&format!(
                "polympics: error: --format {format} and --json contradict each other"
            ));
    }
    assert!(league.take_requests().is_empty());
}

#[test]
fn diff_exits_3_with_one_line_a_change_and_0_with_nothing() {
    let league = League::start();
    let old = file(
        "old.json",
        &league.run(&["roster", "export", "--format", "json"]).ok(),
    );

    // Nothing changed: nothing printed, exit 0 (cron sends no mail).
    assert_eq!(league.run(&["roster", "diff", old.arg()]).ok(), "");

    league
        .app
        .update_account(ACHILLES, AccountUpdate::new().team(5u64))
        .unwrap();
    league.app.update_team(2u64, "Corinth Capitals").unwrap();
    let run = league.run(&["roster", "diff", old.arg()]).code(3);
    assert_eq!(run.stderr, "");
    assert_eq!(
        run.lines(),
        [
            "~ team 2 renamed \"Corinth Columns\" -> \"Corinth Capitals\"",
            "> account 800000000000000000 \"Achilles\" moved from team 1 \"Athens Owls\" to team 5 \"Sparta Shields\"",
        ]
    );

    // Two files, and JSON for scripts.
    let new = file(
        "new.json",
        &league.run(&["roster", "export", "--format", "json"]).ok(),
    );
    let run = league
        .run(&["--json", "roster", "diff", old.arg(), new.arg()])
        .code(3);
    let diff: RosterDiff = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(diff.len(), 2);
    // Two files need no server at all.
    let offline = common::Cli::new(&["roster", "diff", new.arg(), new.arg()]).run();
    assert_eq!(offline.ok(), "");
}

#[test]
fn diff_of_a_file_that_is_not_a_snapshot_is_a_usage_error() {
    let not_json = file("roster.csv", "account_id,team\n");
    let run = common::Cli::new(&["roster", "diff", not_json.arg(), not_json.arg()])
        .run()
        .code(2);
    run.assert_stderr("is not a roster snapshot");
    assert!(run
        .stderr
        .contains("hint: make one with `polympics roster export --format json"));
    let run = common::Cli::new(&["roster", "diff", "/nonexistent/old.json"])
        .run()
        .code(1);
    run.assert_stderr("could not read /nonexistent/old.json");
}

/// A desired roster: Achilles to Sparta, Ariadne to a new team, a new account, one that
/// cannot be created.
const DESIRED: &str = "account_id,team,name,discriminator\n\
    800000000000000000,Sparta Shields,,\n\
    800039595000000005,New Team,,\n\
    1234,New Team,Artemis,8472\n";

#[test]
fn plan_prints_the_actions_and_exits_3_then_0_once_applied() {
    let league = League::start();
    let desired = file("desired.csv", DESIRED);
    league.take_requests();
    let run = league.run(&["roster", "plan", desired.arg()]).code(3);
    assert_eq!(
        run.lines(),
        [
            "+ create NEW TEAM \"New Team\"",
            "+ create account 1234 \"Artemis#8472\" in the new team \"New Team\"",
            "~ move account 800000000000000000 \"Achilles\" from team 1 \"Athens Owls\" to team 5 \"Sparta Shields\"",
            "~ move account 800039595000000005 \"Ariadne\" from team 1 \"Athens Owls\" to the new team \"New Team\"",
            "Plan: 2 to create (the NEW TEAM \"New Team\"), 2 to move.",
        ]
    );
    assert_eq!(run.stderr, "");
    // A plan only reads.
    assert!(league.take_requests().iter().all(|r| r.starts_with("GET ")));

    let plan: Plan = serde_json::from_str(
        &league
            .run(&["--json", "roster", "plan", desired.arg()])
            .code(3)
            .stdout,
    )
    .unwrap();
    assert_eq!(plan.actions.len(), 4);

    league
        .run(&["roster", "apply", desired.arg(), "--yes"])
        .ok();
    // Nothing to do: nothing on stdout, so that cron sends no mail.
    let run = league.run(&["roster", "plan", desired.arg()]).code(0);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr, "");
}

#[test]
fn plan_with_prune_removes_unlisted_accounts_and_deletes_empty_teams() {
    let league = League::start();
    // Everyone listed in their team but the members of Sparta Shields (which has no award).
    let export = league.run(&["roster", "export"]).ok();
    let kept: String = export
        .lines()
        .filter(|line| !line.contains(",Sparta Shields,"))
        .map(|line| format!("{line}\n"))
        .collect();
    let desired = file("desired.csv", &kept);
    // 6 of 33 accounts, and the team they leave empty, are more than the default guard
    // allows (10% of the accounts in teams and the teams, at least 3): refused, shown.
    let run = league
        .run(&["roster", "plan", desired.arg(), "--prune"])
        .code(2);
    run.assert_stdout(
        "! refused: the plan takes 6 of the 33 accounts in teams out of their team and \
         deletes 1 of the 5 teams",
    );
    run.assert_stderr("hint: if the removals are meant, allow them with --max-removals 7");
    let run = league
        .run(&[
            "roster",
            "plan",
            desired.arg(),
            "--prune",
            "--max-removals",
            "7",
        ])
        .code(3);
    let removals = run
        .lines()
        .iter()
        .filter(|l| l.starts_with("- remove account"))
        .count();
    assert_eq!(removals, 6);
    run.assert_stdout("- delete team 5 \"Sparta Shields\"\n");
    assert!(run
        .stdout
        .ends_with("Plan: 6 to remove from its team, 1 to delete.\n"));
    // Without --prune, unlisted accounts are left alone.
    let run = league.run(&["roster", "plan", desired.arg()]).code(0);
    assert_eq!(run.stdout, "");
}

#[test]
fn entries_that_cannot_be_applied_exit_1_and_are_reported() {
    let league = League::start();
    // Two teams named "Twins": which one is meant cannot be known.
    league.app.create_team("Twins").unwrap();
    league.app.create_team("Twins").unwrap();
    let desired = file(
        "desired.csv",
        "account_id,team\n800000000000000000,Twins\n999,Athens Owls\n",
    );
    let run = league.run(&["roster", "plan", desired.arg()]).code(1);
    assert_eq!(
        run.lines(),
        [
            "! team \"Twins\" is the name of 2 teams (6, 7): its 1 account is left as it is; merge the teams into one",
            "! line 3: account 999 does not exist, and has no name and discriminator to create it with",
            "Plan: nothing to do; 2 conflicts.",
        ]
    );
    assert_eq!(
        run.stderr,
        "polympics: 2 entries of the desired roster cannot be applied (the lines starting with !)\n  \
         hint: merge the teams named \"Twins\" into one with `polympics teams merge 7 6`\n"
    );
    // apply --yes does what it can, prints the conflicts, and exits 1 for the cron mail.
    let run = league
        .run(&["roster", "apply", desired.arg(), "--yes"])
        .code(1);
    run.assert_stdout("! line 3: account 999 does not exist");
    run.assert_stdout("Applied: nothing to do; 2 conflicts.");
}

#[test]
fn apply_without_yes_and_without_a_terminal_refuses_and_changes_nothing() {
    let league = League::start();
    let desired = file("desired.csv", DESIRED);
    league.take_requests();
    // As in cron: stdin is not a terminal. Even a "y" on stdin is not an answer.
    let run = league
        .cli(&["roster", "apply", desired.arg()])
        .stdin("y\n")
        .run()
        .code(2);
    assert!(
        run.stderr
            .contains("refusing to apply 4 actions without --yes: there is no terminal to ask on"),
        "{}",
        run.stderr
    );
    run.assert_stderr("hint: review the plan");
    // The plan is shown, so that the cron mail says what would have been done.
    assert!(run
        .stdout
        .ends_with("Plan: 2 to create (the NEW TEAM \"New Team\"), 2 to move.\n"));
    assert!(league.take_requests().iter().all(|r| r.starts_with("GET ")));
}

#[test]
fn apply_dry_run_only_shows_the_plan() {
    let league = League::start();
    let desired = file("desired.csv", DESIRED);
    league.take_requests();
    let run = league
        .run(&["roster", "apply", desired.arg(), "--dry-run", "--yes"])
        .code(3);
    assert!(run
        .stdout
        .ends_with("Plan: 2 to create (the NEW TEAM \"New Team\"), 2 to move.\n"));
    assert!(league.take_requests().iter().all(|r| r.starts_with("GET ")));
}

#[test]
fn apply_yes_applies_then_a_second_run_sends_only_the_snapshot_and_prints_nothing() {
    let league = League::start();
    let desired = file("desired.csv", DESIRED);
    let run = league.run(&["roster", "apply", desired.arg(), "--yes"]);
    assert_eq!(
        run.ok(),
        "+ create NEW TEAM \"New Team\": done\n\
         + create account 1234 \"Artemis#8472\" in the new team \"New Team\": done\n\
         ~ move account 800000000000000000 \"Achilles\" from team 1 \"Athens Owls\" to team 5 \"Sparta Shields\": done\n\
         ~ move account 800039595000000005 \"Ariadne\" from team 1 \"Athens Owls\" to the new team \"New Team\": done\n\
         Applied: 4 done, 0 failed, 0 skipped.\n"
    );
    let achilles = league.app.get_account(ACHILLES).unwrap();
    assert_eq!(achilles.team.unwrap().name, "Sparta Shields");
    let artemis = league.app.get_account(1234u64).unwrap();
    assert_eq!(artemis.team.unwrap().name, "New Team");

    league.take_requests();
    assert_eq!(
        league
            .run(&["roster", "apply", desired.arg(), "--yes"])
            .ok(),
        ""
    );
    assert_eq!(
        league.take_requests(),
        [
            "GET /auth/me",
            "GET /teams/search?page=0&per_page=1000",
            "GET /accounts/search?page=0&per_page=1000"
        ],
        "the credentials checked and the snapshot, nothing else"
    );
}

/// The next move of Achilles fails with a 500 (not retried: a PATCH may have arrived).
fn fail_moving_achilles(league: &League) {
    league.server.inject(
        Fault::status(500)
            .on_method("PATCH")
            .on_path(format!("/account/{ACHILLES}")),
    );
}

#[test]
fn apply_reports_a_failure_exits_1_and_a_second_run_finishes_the_job() {
    let league = League::start();
    let desired = file("desired.csv", DESIRED);
    fail_moving_achilles(&league);
    let run = league
        .run(&["roster", "apply", desired.arg(), "--yes"])
        .code(1);
    assert!(run.stdout.contains("Achilles\" from team 1 \"Athens Owls\" to team 5 \"Sparta Shields\": failed: PATCH /account/800000000000000000: server error (HTTP 500"), "{}", run.stdout);
    assert!(run
        .stdout
        .contains("to the new team \"New Team\": skipped: an earlier action failed"));
    assert!(
        run.stdout
            .ends_with("Applied: 2 done, 1 failed, 1 skipped.\n"),
        "{}",
        run.stdout
    );
    // Ariadne was not moved: the apply stopped.
    let ariadne = league.app.get_account(ARIADNE).unwrap();
    assert_eq!(ariadne.team.unwrap().name, "Athens Owls");

    // Started again, it does what is left, with the team the first run created.
    let run = league.run(&["roster", "apply", desired.arg(), "--yes"]);
    assert_eq!(
        run.ok(),
        "~ move account 800000000000000000 \"Achilles\" from team 1 \"Athens Owls\" to team 5 \"Sparta Shields\": done\n\
         ~ move account 800039595000000005 \"Ariadne\" from team 1 \"Athens Owls\" to team 6 \"New Team\": done\n\
         Applied: 2 done, 0 failed, 0 skipped.\n"
    );
}

#[test]
fn apply_keep_going_goes_on_after_a_failure() {
    let league = League::start();
    let desired = file("desired.csv", DESIRED);
    fail_moving_achilles(&league);
    let run = league
        .run(&[
            "--json",
            "roster",
            "apply",
            desired.arg(),
            "--yes",
            "--keep-going",
        ])
        .code(1);
    let report = run.json();
    assert_eq!(
        (report["done"].as_u64(), report["failed"].as_u64()),
        (Some(3), Some(1))
    );
    let failed = &report["results"][2];
    assert_eq!(failed["action"]["action"], "move_account");
    assert_eq!(failed["outcome"]["status"], "failed");
    assert_eq!(failed["outcome"]["http_status"], 500);
    assert_eq!(report["results"][3]["outcome"]["status"], "done");
}

#[test]
fn a_spreadsheets_csv_gives_the_same_plan_as_ours() {
    let league = League::start();
    let ours = league
        .run(&["roster", "plan", file("desired.csv", DESIRED).arg()])
        .code(3)
        .stdout;
    // A European spreadsheet's CSV: semicolons, its own headers, a note over two lines.
    let sheet: String = DESIRED
        .replace(',', ";")
        .replacen("account_id", "Discord ID", 1)
        .replacen("team", "Team", 1)
        .lines()
        .enumerate()
        .map(|(i, line)| match i {
            0 => format!("{line};Notes\n"),
            1 => format!("{line};\"first;\nrow\"\n"),
            _ => format!("{line};\n"),
        })
        .collect();
    let sheet = file("sheet.csv", &sheet);
    let run = league.run(&["roster", "plan", sheet.arg()]).code(3);
    assert_eq!(run.stdout, ours);
    // Headers of any name, given with --column.
    let renamed = file(
        "renamed.csv",
        &DESIRED
            .replacen("account_id", "Member", 1)
            .replacen("team", "Squad", 1),
    );
    let run = league.run(&["roster", "plan", renamed.arg()]).code(2);
    assert!(
        run.stderr.contains("--column account_id=HEADER"),
        "{}",
        run.stderr
    );
    let run = league
        .run(&[
            "roster",
            "plan",
            renamed.arg(),
            "--column",
            "account_id=Member",
            "--column",
            "team=Squad",
        ])
        .code(3);
    assert_eq!(run.stdout, ours);
    let run = league
        .run(&["roster", "plan", renamed.arg(), "--column", "teams=Squad"])
        .code(2);
    assert!(
        run.stderr.contains("\"teams\" is not a column"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_typo_creates_no_team_and_new_team_creates_exactly_it() {
    let league = League::start();
    let desired = file(
        "desired.csv",
        "account_id,team\n800000000000000000,Sparta Shield\n",
    );
    league.take_requests();
    let run = league
        .run(&["roster", "apply", desired.arg(), "--yes"])
        .code(1);
    assert!(
        run.stdout.contains(
            "! no team is named \"Sparta Shield\"; did you mean team 5 \"Sparta Shields\"?"
        ),
        "{}",
        run.stdout
    );
    assert!(league.take_requests().iter().all(|r| r.starts_with("GET ")));
    let run = league
        .run(&[
            "roster",
            "apply",
            desired.arg(),
            "--yes",
            "--new-team",
            "Sparta Shield",
        ])
        .ok();
    assert!(
        run.starts_with("+ create NEW TEAM \"Sparta Shield\": done\n"),
        "{run}"
    );
    let writes: Vec<String> = league
        .take_requests()
        .into_iter()
        .filter(|r| !r.starts_with("GET "))
        .collect();
    assert_eq!(writes.len(), 2, "{writes:?}");
    assert!(writes[0].starts_with("POST /teams/new"), "{writes:?}");
}

#[test]
fn a_desired_roster_with_a_mistake_is_refused_before_anything_is_sent() {
    let league = League::start();
    let desired = file("desired.csv", "account_id,team\n42,A\nforty-three,B\n");
    league.take_requests();
    let run = league
        .run(&["roster", "apply", desired.arg(), "--yes"])
        .code(2);
    assert!(
        run.stderr
            .contains("line 3: the account_id \"forty-three\" is not a Discord ID"),
        "{}",
        run.stderr
    );
    assert!(league.take_requests().is_empty());
}

#[test]
fn an_apply_needs_credentials_and_a_plan_does_not() {
    let league = League::start();
    let desired = file("desired.csv", DESIRED);
    let anonymous = |args: &[&str]| common::Cli::new(args).server(&league.server).run();
    let run = anonymous(&["roster", "plan", desired.arg()]).code(3);
    assert!(run
        .stdout
        .ends_with("Plan: 2 to create (the NEW TEAM \"New Team\"), 2 to move.\n"));
    anonymous(&["roster", "apply", desired.arg(), "--dry-run"]).code(3);
    let run = common::Cli::new(&["roster", "apply", desired.arg(), "--yes"])
        .server(&league.server)
        .run()
        .code(2);
    run.assert_stderr("an apply needs credentials");
}

#[test]
fn no_progress_is_drawn_when_stderr_is_not_a_terminal() {
    let league = League::start();
    for _ in 0..1200 {
        // More than a page of accounts, so that a bar would have moved.
        let n = league.app.list_accounts().get_page(0).unwrap().results;
        league
            .app
            .create_account(NewAccount::new(10_000 + n, format!("bulk {n}"), "0001"))
            .unwrap();
    }
    let run = league.run(&["roster", "export"]);
    assert_eq!(run.stdout.lines().count(), 1 + 1236);
    assert_eq!(run.stderr, "", "no bar, no escape codes");
    let desired = file("desired.csv", DESIRED);
    let run = league.run(&["roster", "apply", desired.arg(), "--yes"]);
    assert_eq!(run.code, 0);
    assert_eq!(run.stderr, "");
}
