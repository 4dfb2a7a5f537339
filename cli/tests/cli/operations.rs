//! The everyday subcommands end to end: tables for people, JSON for scripts, what each one
//! changes on the server.

use crate::common;

use common::{file, Cli, League};
use polympics::{AwardId, Permissions};

const ACHILLES: &str = "800000000000000000";

#[test]
fn accounts_get_shows_a_record_or_json() {
    let league = League::start();
    let text = league.run(&["accounts", "get", ACHILLES]).ok();
    assert!(
        text.starts_with("id:             800000000000000000\nname:           Achilles\n"),
        "{text}"
    );
    assert!(text.contains("team:           Athens Owls (1)\n"));
    assert!(text.contains("permissions:    MANAGE_OWN_TEAM\n"));
    assert!(text.contains("awards:         Gold\n"));

    let run = league.run(&["accounts", "get", ACHILLES, "--json"]);
    let json = run.json();
    assert_eq!(json["id"], ACHILLES, "IDs stay exact, as strings");
    assert_eq!(json["team"]["name"], "Athens Owls");
}

#[test]
fn accounts_list_filters_by_team_and_search() {
    let league = League::start();
    let table = league.run(&["accounts", "list", "--team", "5"]).ok();
    let lines: Vec<&str> = table.lines().collect();
    assert_eq!(lines.len(), 1 + 6);
    assert!(
        lines[0].starts_with("ID                  NAME"),
        "{}",
        lines[0]
    );
    assert!(lines[1..].iter().all(|l| l.contains("Sparta Shields (5)")));

    // The server matches anywhere in the name, ignoring case.
    let run = league.run(&["accounts", "list", "--search", "ph", "--json"]);
    let json = run.json();
    let names: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Iphigenia", "Orpheus", "Phaedra"]);
    let run = league.run(&["accounts", "list", "--search", "p_ae", "--json"]);
    assert_eq!(
        run.json().as_array().unwrap().len(),
        1,
        "_ is any character"
    );

    // --literal: _ and % are plain characters, so nothing matches.
    let run = league.run(&[
        "accounts",
        "list",
        "--search",
        "p_ae",
        "--literal",
        "--json",
    ]);
    assert_eq!(run.json(), serde_json::json!([]));
    assert_eq!(
        league.run(&["accounts", "list"]).ok().lines().count(),
        1 + 36
    );
}

#[test]
fn accounts_create_update_and_delete() {
    let league = League::start();
    let run = league.run(&[
        "accounts",
        "create",
        "--id",
        "9223372036854775807",
        "--name",
        "Zeus",
        "--discriminator",
        "0001",
        "--team",
        "2",
        "--permissions",
        "manage_teams,manage_awards",
        "--json",
    ]);
    let json = run.json();
    assert_eq!(
        json["id"], "9223372036854775807",
        "the largest ID the server stores, exact"
    );
    assert_eq!(json["permissions"], 72);
    assert_eq!(json["team"]["id"], 2);

    let text = league
        .run(&[
            "accounts",
            "update",
            "9223372036854775807",
            "--name",
            "Jupiter",
            "--no-team",
            "--revoke",
            "8",
        ])
        .ok();
    assert!(text.contains("name:           Jupiter\n"), "{text}");
    assert!(text.contains("team:           -\n"));
    assert!(text.contains("permissions:    MANAGE_AWARDS\n"));
    let zeus = league.app.get_account(i64::MAX as u64).unwrap();
    assert_eq!(zeus.permissions, Permissions::MANAGE_AWARDS);
    assert!(zeus.team.is_none());

    assert_eq!(
        league
            .run(&["accounts", "delete", "9223372036854775807"])
            .ok(),
        "Deleted account 9223372036854775807.\n"
    );
    assert!(league
        .app
        .get_account(i64::MAX as u64)
        .unwrap_err()
        .is_not_found());
    let run = league
        .run(&["accounts", "delete", "9223372036854775807"])
        .code(1);
    assert!(
        run.stderr
            .starts_with("polympics: error: DELETE /account/9223372036854775807: "),
        "{}",
        run.stderr
    );
}

#[test]
fn accounts_update_needs_something_to_change() {
    let league = League::start();
    // clap's group of changes: at least one of them is required.
    let run = league.run(&["accounts", "update", ACHILLES]).code(2);
    run.assert_stderr("the following required arguments were not provided");
    run.assert_stderr("--name <NAME>|--discriminator <DISCRIMINATOR>");
    let run = league
        .run(&[
            "accounts",
            "update",
            ACHILLES,
            "--grant",
            "manage_everything",
        ])
        .code(2);
    assert!(
        run.stderr
            .contains("'--grant <PERMISSIONS>': \"manage_everything\" is not a set of permissions"),
        "{}",
        run.stderr
    );
}

#[test]
fn teams_get_list_create_rename_delete() {
    let league = League::start();
    let table = league.run(&["teams", "list"]).ok();
    assert_eq!(
        table,
        "ID  NAME             MEMBERS  AWARDS\n\
         1   Athens Owls      7        Gold\n\
         2   Corinth Columns  7        Silver\n\
         3   Delphi Oracles   7        Bronze\n\
         4   Olympia Flames   6        Fair Play\n\
         5   Sparta Shields   6        -\n"
    );
    let run = league.run(&["teams", "list", "--search", "o%s", "--json"]);
    assert_eq!(
        run.json().as_array().unwrap().len(),
        4,
        "all but Sparta Shields"
    );
    assert!(league
        .run(&["teams", "get", "3"])
        .ok()
        .starts_with("id:       3\nname:     Delphi Oracles\n"));

    let created = league
        .run(&["teams", "create", "Thebes Sphinxes", "--json"])
        .json();
    assert_eq!(created["name"], "Thebes Sphinxes");
    let id = created["id"].to_string();
    let renamed = league.run(&["teams", "rename", &id, "Thebes Lions"]).ok();
    assert!(renamed.contains("name:     Thebes Lions\n"), "{renamed}");
    assert_eq!(
        league.run(&["teams", "delete", &id, "--json"]).json(),
        serde_json::json!({ "deleted": "team", "id": id })
    );
    assert!(league.app.get_team(6u64).unwrap_err().is_not_found());
}

#[test]
fn awards_get_create_update_give_take_delete() {
    let league = League::start();
    let text = league.run(&["awards", "get", "1"]).ok();
    assert!(text.contains("title:    Gold\n"));
    assert!(
        text.contains("holders:  Achilles (800000000000000000), "),
        "{text}"
    );

    let award = league
        .run(&[
            "awards",
            "create",
            "--title",
            "Laurel",
            "--image-url",
            "https://example.com/laurel.png",
            "--team",
            "5",
            "--account",
            ACHILLES,
            "--json",
        ])
        .json();
    let id = award["id"].to_string();
    let held = league
        .app
        .get_award(AwardId(award["id"].as_u64().unwrap()))
        .unwrap();
    assert_eq!(held.awardees.len(), 1);

    assert!(league
        .run(&["awards", "update", &id, "--title", "Olive"])
        .ok()
        .contains("title:  Olive\n"));
    assert_eq!(
        league
            .run(&["awards", "give", &id, "800039595000000005"])
            .ok(),
        format!("Gave award {id} to account 800039595000000005.\n")
    );
    assert_eq!(
        league
            .run(&["awards", "give", &id, "800039595000000005", "--json"])
            .json()["already_held"],
        true
    );
    assert_eq!(
        league.run(&["awards", "take", &id, ACHILLES]).ok(),
        format!("Took award {id} from account {ACHILLES}.\n")
    );
    assert_eq!(
        league.run(&["awards", "delete", &id]).ok(),
        format!("Deleted award {id}.\n")
    );
    assert!(league
        .run(&["awards", "update", "1"])
        .code(2)
        .stderr
        .contains("<--title <TITLE>|--image-url <URL>|--team <TEAM>>"));
}

#[test]
fn callbacks_list_create_delete_with_the_secret_from_a_file_or_the_environment() {
    let league = League::start();
    assert_eq!(league.run(&["callbacks", "list"]).ok(), "EVENT  URL\n");

    let secret = file("secret", "s3cret\n");
    let text = league
        .run(&[
            "callbacks",
            "create",
            "account_team_update",
            "http://127.0.0.1:9/hook",
            "--secret-file",
            secret.arg(),
        ])
        .ok();
    assert!(
        text.contains("event:  account_team_update\nurl:    http://127.0.0.1:9/hook\n"),
        "{text}"
    );
    assert!(!text.contains("s3cret"));
    assert_eq!(
        league.run(&["callbacks", "list", "--json"]).json(),
        serde_json::json!({ "account_team_update": "http://127.0.0.1:9/hook" })
    );
    // From the environment, replacing the first.
    league
        .cli(&[
            "callbacks",
            "create",
            "account_team_update",
            "http://127.0.0.2:9/hook",
        ])
        .env("POLYMPICS_CALLBACK_SECRET", "other")
        .run()
        .ok();
    // Never on the command line: without one, a usage error.
    let run = league
        .run(&[
            "callbacks",
            "create",
            "account_team_update",
            "http://127.0.0.1:9/hook",
        ])
        .code(2);
    run.assert_stderr("no secret for the callback");
    let run = league
        .run(&[
            "callbacks",
            "create",
            "team_deleted",
            "http://127.0.0.1:9/hook",
        ])
        .code(2);
    run.assert_stderr("\"team_deleted\" is not an event type");

    assert_eq!(
        league
            .run(&["callbacks", "delete", "account_team_update"])
            .ok(),
        "Deleted the callback for account_team_update.\n"
    );
    assert_eq!(league.run(&["callbacks", "list"]).ok(), "EVENT  URL\n");
}

#[test]
fn signups_whoami_and_sessions() {
    let league = League::start();
    assert_eq!(league.run(&["signups"]).ok(), "Signups are open.\n");
    league.server.set_signups_open(false);
    assert_eq!(
        Cli::new(&["signups", "--json"])
            .server(&league.server)
            .run()
            .json(),
        serde_json::json!({ "signups_open": false })
    );

    let me = league.run(&["whoami"]).ok();
    assert!(
        me.starts_with("app:          demo-admin\nusername:     A1\n"),
        "{me}"
    );
    let anonymous = Cli::new(&["whoami"]).server(&league.server).run().ok();
    assert_eq!(
        anonymous,
        "Anonymous: no credentials are configured (reading only).\n"
    );

    // A session for Achilles, then the session itself.
    let session = league
        .run(&["sessions", "create", ACHILLES, "--json"])
        .json();
    let (user, token) = (
        session["username"].as_str().unwrap(),
        session["token"].as_str().unwrap(),
    );
    assert!(user.starts_with('S'));
    let me = Cli::new(&["whoami", "--json"])
        .server(&league.server)
        .env("POLYMPICS_USER", user)
        .env("POLYMPICS_PASSWORD", token)
        .run()
        .json();
    assert_eq!(me["name"], "Achilles");

    // Credentials the server does not know: exit 1 with a hint.
    let run = Cli::new(&["whoami"])
        .server(&league.server)
        .env("POLYMPICS_USER", "A1")
        .env("POLYMPICS_PASSWORD", "not-the-token-XYZ")
        .run()
        .code(1);
    assert!(run
        .stderr
        .contains("the server does not know these credentials"));
    assert!(!run.stderr.contains("XYZ"), "the password is never printed");
}

#[test]
fn operations_a_kind_cannot_do_are_usage_errors_with_a_hint() {
    let league = League::start();
    let anonymous = |args: &[&str]| Cli::new(args).server(&league.server).run();
    let run = anonymous(&["teams", "create", "Gods"]).code(2);
    run.assert_stderr("this command needs credentials (an app or a user session), and the client is anonymous; nothing was sent");
    run.assert_stderr(
        "hint: set --user (or POLYMPICS_USER) and the token in POLYMPICS_PASSWORD_FILE",
    );
    assert!(
        !run.stderr.contains("create_team"),
        "no Rust method: {}",
        run.stderr
    );
    let run = anonymous(&["callbacks", "list"]).code(2);
    run.assert_stderr("needs an app");
    // Nothing was sent.
    assert!(league.server.requests().is_empty());
}

#[test]
fn server_errors_are_one_line_with_the_request() {
    let league = League::start();
    let run = league.run(&["teams", "get", "999"]).code(1);
    assert_eq!(run.stdout, "");
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert_eq!(
        run.stderr,
        "polympics: error: GET /team/999: not found: no such team\n"
    );
}

#[test]
fn what_is_missing_is_said_as_not_found() {
    let league = League::start();
    // Achilles holds award 1: once taken, he does not.
    league
        .run(&["awards", "take", "1", "800000000000000000"])
        .ok();
    for (args, expected) in [
        (
            vec!["accounts", "get", "42"],
            "GET /account/42: not found: no such account",
        ),
        (
            vec!["accounts", "update", "42", "--name", "Zeus"],
            "PATCH /account/42: not found: no such account",
        ),
        (
            vec!["accounts", "update", "800000000000000000", "--team", "999"],
            "PATCH /account/800000000000000000: not found: no such team",
        ),
        (
            vec!["awards", "delete", "999"],
            "DELETE /award/999: not found: no such award",
        ),
        (
            vec!["awards", "take", "1", "800000000000000000"],
            "not found: the account does not hold this award",
        ),
        (
            vec!["callbacks", "delete", "account_team_update"],
            "not found: no callback is registered for this event",
        ),
    ] {
        let run = league.run(&args).code(1);
        run.assert_stderr(expected);
        assert!(!run.stderr.contains("HTTP 422"), "{}", run.stderr);
    }
}

#[test]
fn credential_hints_name_commands_and_variables_never_rust_methods() {
    let league = League::start();
    let limited = league
        .server
        .create_app("limited", polympics::Permissions::empty());
    let denied = Cli::new(&["teams", "create", "Gods"])
        .server(&league.server)
        .credentials(&limited)
        .run()
        .code(1);
    denied.assert_stderr("request refused (HTTP 403): Request outside of authorisation scope.");
    denied
        .assert_stderr("hint: check the credentials and their permissions with `polympics whoami`");
    let rotated = Cli::new(&["sessions", "create", "800000000000000000"])
        .server(&league.server)
        .env("POLYMPICS_USER", "A1")
        .env("POLYMPICS_PASSWORD", "rotated")
        .run()
        .code(1);
    // Found by the check before the first request: the credential message, not a 401 of
    // the write.
    rotated.assert_stderr("does not know the credentials");
    rotated.assert_stderr(
        "hint: check --user (or POLYMPICS_USER) and the token in POLYMPICS_PASSWORD_FILE",
    );
    for run in [&denied, &rotated] {
        assert!(!run.stderr.contains("()"), "{}", run.stderr);
        assert!(!run.stderr.contains("check_credentials"), "{}", run.stderr);
    }
}

#[test]
fn a_url_with_user_information_is_refused_and_not_shown() {
    let run = Cli::new(&["teams", "list"])
        .env("POLYMPICS_URL", "http://A1:se/cr3t-t0ken@127.0.0.1:9")
        .run()
        .code(2);
    run.assert_stderr("holds user information");
    run.assert_stderr("hint: give the user with --user");
    assert!(!run.stderr.contains("cr3t"), "{}", run.stderr);
}

#[test]
fn verbose_logs_requests_on_stderr_without_credentials() {
    let league = League::start();
    let run = league.run(&["-vv", "teams", "get", "1"]).code(0);
    assert!(run.stdout.starts_with("id:"));
    run.assert_stderr("GET /team/1");
    let password = league.league.app.password();
    assert!(!run.stderr.contains(password), "{}", run.stderr);
    assert!(!run
        .stderr
        .to_ascii_lowercase()
        .contains("authorization: basic"));
    // RUST_LOG asking for ureq's wire trace does not get the raw wire either.
    let run = league
        .cli(&["teams", "get", "1"])
        .env("RUST_LOG", "trace")
        .run()
        .code(0);
    assert!(!run.stderr.contains(password));
}

#[test]
fn a_closed_stdout_is_not_a_failure() {
    let league = League::start();
    let mut child = league.cli(&["accounts", "list"]).spawn();
    drop(child.stdout.take());
    let stderr = common::reader(child.stderr.take().unwrap());
    let stderr = stderr
        .recv_timeout(std::time::Duration::from_secs(60))
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn every_team_argument_takes_a_name_or_an_id() {
    let league = League::start();
    let by_name = league.run(&["teams", "get", "Sparta Shields"]).ok();
    assert_eq!(by_name, league.run(&["teams", "get", "5"]).ok());
    let members = league
        .run(&["accounts", "list", "--team", "Sparta Shields"])
        .ok();
    assert_eq!(
        members,
        league.run(&["accounts", "list", "--team", "5"]).ok()
    );

    let created = league
        .run(&[
            "accounts",
            "create",
            "--id",
            "4242",
            "--name",
            "Triton",
            "--discriminator",
            "4242",
            "--team",
            "Sparta Shields",
            "--json",
        ])
        .json();
    assert_eq!(created["team"]["id"], 5);
    let moved = league
        .run(&[
            "accounts",
            "update",
            "4242",
            "--team",
            "Athens Owls",
            "--json",
        ])
        .json();
    assert_eq!(moved["team"]["name"], "Athens Owls");
    let award = league
        .run(&[
            "awards",
            "create",
            "--title",
            "Tide",
            "--image-url",
            "https://example.com/t.png",
            "--team",
            "Sparta Shields",
            "--json",
        ])
        .json();
    let id = award["id"].as_u64().unwrap().to_string();
    let details = league.run(&["awards", "get", &id, "--json"]).json();
    assert_eq!(details["team"]["name"], "Sparta Shields", "{details}");
    league
        .run(&["awards", "update", &id, "--team", "Athens Owls"])
        .ok();
    let details = league.run(&["awards", "get", &id, "--json"]).json();
    assert_eq!(details["team"]["name"], "Athens Owls", "{details}");
    league
        .run(&["teams", "rename", "Athens Owls", "Athens Eagles"])
        .ok();
    assert!(league
        .run(&["teams", "get", "Athens Eagles"])
        .ok()
        .contains("id:       1\n"));

    // A name nobody has, and a name two teams share: exit 1, the IDs listed.
    let run = league.run(&["teams", "get", "Ithaca"]).code(1);
    run.assert_stderr("not found: no team is named \"Ithaca\"");
    let twin = league.app.create_team("Sparta Shields").unwrap();
    let run = league
        .run(&["accounts", "update", "4242", "--team", "Sparta Shields"])
        .code(1);
    run.assert_stderr(&format!(
        "2 teams are named \"Sparta Shields\" (IDs 5, {}): give the ID of the one you mean",
        twin.id
    ));
    let run = league.run(&["teams", "delete", "Sparta Shields"]).code(1);
    run.assert_stderr("2 teams are named");
}
