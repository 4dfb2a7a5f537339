//! Settings from flags, the environment and files; usage errors and their exit code; the
//! embedded demo league, never used unless asked for.

use crate::common;

use std::net::TcpListener;

use common::{file, Cli, League};
use polympics_test_server::Fault;

#[test]
fn without_a_server_the_command_says_how_to_configure_one() {
    for args in [&["roster", "export"][..], &["teams", "list"], &["whoami"]] {
        let run = Cli::new(args).run().code(2);
        assert_eq!(run.stdout, "", "never demo data without --demo");
        assert!(
            run.stderr
                .starts_with("polympics: error: no server given\n"),
            "{}",
            run.stderr
        );
        run.assert_stderr("set --url or POLYMPICS_URL");
        if cfg!(feature = "demo") {
            run.assert_stderr("add --demo");
        }
    }
}

#[test]
#[cfg(feature = "demo")]
fn demo_runs_any_command_against_an_embedded_league() {
    let csv = Cli::new(&["--demo", "roster", "export"]).run().ok();
    assert_eq!(csv.lines().count(), 1 + 36);
    assert!(csv.contains(",Sparta Shields,"));
    // It wins over a configured server, which is left alone.
    let league = League::start();
    league.take_requests();
    let teams = league.run(&["teams", "list", "--demo"]).ok();
    assert_eq!(teams.lines().count(), 1 + 5);
    assert!(league.take_requests().is_empty());
}

#[test]
fn the_url_and_credentials_come_from_flags_too() {
    let league = League::start();
    let password = file("password", &format!("{}\n", league.league.app.password()));
    let run = Cli::new(&[
        "--url",
        league.server.url(),
        "--user",
        league.league.app.username(),
        "--password-file",
        password.arg(),
        "whoami",
    ])
    .run();
    assert!(run.ok().contains("username:     A1\n"));
    // POLYMPICS_PASSWORD_FILE is the same as --password-file.
    let run = Cli::new(&["whoami", "--json"])
        .server(&league.server)
        .env("POLYMPICS_USER", "A1")
        .env("POLYMPICS_PASSWORD_FILE", password.arg())
        .run();
    assert_eq!(run.json()["username"], "A1");
}

#[test]
fn incomplete_or_contradictory_credentials_are_usage_errors() {
    let league = League::start();
    let other = file("token", "another-token\n");
    let cases: [(&[(&str, &str)], &str); 5] = [
        (&[("POLYMPICS_USER", "A1")], "no token for the user \"A1\""),
        (
            &[("POLYMPICS_PASSWORD", "token")],
            "a token is set but no user",
        ),
        (
            &[
                ("POLYMPICS_USER", "A1"),
                ("POLYMPICS_PASSWORD", "token"),
                ("POLYMPICS_PASSWORD_FILE", other.arg()),
            ],
            "POLYMPICS_PASSWORD and POLYMPICS_PASSWORD_FILE are both set, to different tokens",
        ),
        (
            &[
                ("POLYMPICS_USER", "A1"),
                ("POLYMPICS_PASSWORD_FILE", "/nonexistent/password"),
            ],
            "the token file /nonexistent/password could not be read",
        ),
        (
            &[("POLYMPICS_USER", "X1"), ("POLYMPICS_PASSWORD", "token")],
            "neither an app's (A<n>) nor a session's (S<n>)",
        ),
    ];
    for (env, expected) in cases {
        let mut cli = Cli::new(&["teams", "list"]).server(&league.server);
        for (name, value) in env {
            cli = cli.env(name, value);
        }
        let run = cli.run().code(2);
        assert!(run.stderr.contains(expected), "{env:?}: {}", run.stderr);
        assert!(
            !run.stderr.contains("token\"") && !run.stderr.contains("another-token"),
            "the password is never printed"
        );
    }
    assert!(league.server.requests().is_empty(), "nothing was sent");
}

#[test]
fn an_empty_password_file_is_refused() {
    let empty = file("password", "\n");
    let run = Cli::new(&[
        "whoami",
        "--url",
        "http://127.0.0.1:1",
        "--user",
        "A1",
        "--password-file",
        empty.arg(),
    ])
    .run()
    .code(2);
    run.assert_stderr("is empty");
}

#[test]
fn a_wrong_url_is_a_usage_error() {
    let run = Cli::new(&["teams", "list", "--url", "ftp://example.com"])
        .run()
        .code(2);
    assert!(
        run.stderr.starts_with("polympics: error: "),
        "{}",
        run.stderr
    );
    run.assert_stderr("hint: check --url");
}

#[test]
fn an_unreachable_server_fails_with_a_hint() {
    // A port that was just free.
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let run = Cli::new(&[
        "teams",
        "list",
        "--url",
        &format!("http://127.0.0.1:{port}"),
    ])
    .run()
    .code(1);
    run.assert_stderr("could not connect to");
    run.assert_stderr("is the server running");
}

#[test]
fn timeout_bounds_a_call_to_a_server_that_stalls() {
    let league = League::start();
    league.server.inject(Fault::stall_body().times(10));
    // Stalled ten times: only the timeout ends each attempt (the run's own guard is a
    // minute).
    let run = league.run(&["teams", "get", "1", "--timeout", "1"]).code(1);
    run.assert_stderr("did not answer in time");
}

#[test]
fn mistakes_on_the_command_line_exit_2_and_help_exits_0() {
    let run = Cli::new(&["teams", "explode"]).run().code(2);
    run.assert_stderr("unrecognized subcommand");
    let run = Cli::new(&["accounts", "get", "not-a-number"]).run().code(2);
    run.assert_stderr("invalid value 'not-a-number'");
    let run = Cli::new(&["--password", "hunter2", "whoami"]).run().code(2);
    run.assert_stderr("unexpected argument '--password'");

    let help = Cli::new(&["--help"]).run().ok();
    assert!(help.contains("Exit codes: 0 success"), "{help}");
    for command in [
        "roster",
        "accounts",
        "teams",
        "awards",
        "callbacks",
        "signups",
        "whoami",
        "sessions",
        "serve",
    ] {
        assert!(help.contains(command), "{command} in the help");
    }
    // Each group's summary names every subcommand it has.
    for line in help.lines() {
        let Some((group, summary)) = line.trim().split_once(": ") else {
            continue;
        };
        let group = group.split_whitespace().next().unwrap_or_default();
        if !["accounts", "teams", "awards", "callbacks"].contains(&group) {
            continue;
        }
        let page = Cli::new(&[group, "--help"]).run().ok();
        let subcommands: Vec<&str> = page
            .lines()
            .skip_while(|l| !l.starts_with("Commands:"))
            .skip(1)
            .take_while(|l| l.starts_with("  "))
            // A name at two spaces; a description's next lines are indented further.
            .filter(|l| !l.starts_with("   "))
            .filter_map(|l| l.split_whitespace().next())
            .filter(|name| *name != "help")
            .collect();
        assert!(!subcommands.is_empty(), "{group}");
        for subcommand in subcommands {
            assert!(
                summary.contains(subcommand),
                "{group}'s summary lacks {subcommand}: {line}"
            );
        }
    }
    // One default a flag, said once.
    let serve = Cli::new(&["serve", "--help"]).run().ok();
    assert!(serve.contains("(default: a free one"), "{serve}");
    assert!(!serve.contains("[default: 0]"), "{serve}");
    let version = Cli::new(&["--version"]).run().ok();
    assert_eq!(
        version,
        format!("polympics {}\n", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn every_duration_flag_takes_seconds_or_a_unit_and_refuses_nothing_where_nothing_is_meaningless() {
    let league = League::start();
    // Seconds, or with a unit, in every duration flag.
    league.run(&["teams", "get", "1", "--timeout", "30"]).ok();
    league.run(&["teams", "get", "1", "--timeout", "1m"]).ok();
    let desired = file("desired.csv", "account_id,team\n");
    let lock = file("apply.lock", "");
    for wait in ["0", "180", "3m"] {
        league
            .run(&[
                "roster",
                "apply",
                desired.arg(),
                "--yes",
                "--lock-file",
                lock.arg(),
                "--wait",
                wait,
            ])
            .ok();
    }
    // A period or a timeout of nothing is a mistake of the command line: exit 2, and said.
    for args in [
        &["teams", "get", "1", "--timeout", "0"][..],
        &["roster", "watch", "--every", "0s"],
        &["roster", "watch", "--every", "soon"],
    ] {
        let run = league.run(args).code(2);
        run.assert_stderr("polympics: error:");
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
}

#[test]
fn a_wrong_token_fails_every_command_instead_of_reading_anonymously() {
    let league = League::start();
    let wrong = polympics::Credentials::new(league.league.app.username(), "not-the-token");
    for args in [
        &["roster", "export"][..],
        &["teams", "list"],
        &["accounts", "list"],
    ] {
        league.take_requests();
        let run = Cli::new(args)
            .server(&league.server)
            .credentials(&wrong)
            .run()
            .code(1);
        assert_eq!(run.stdout, "", "{args:?}: nothing read anonymously");
        run.assert_stderr("does not know the credentials (a wrong, rotated or expired token?)");
        run.assert_stderr("hint: check --user (or POLYMPICS_USER)");
        // Where: with profiles, the user may not know which server said it.
        run.assert_stderr(&format!(
            "the server at {} does not know",
            league.server.url()
        ));
        assert!(!run.stderr.contains("not-the-token"), "{}", run.stderr);
        // The check, and nothing after it.
        assert_eq!(league.take_requests(), ["GET /auth/me"], "{args:?}");
    }
    // Right credentials: the check once per run, then the command's reads.
    league.take_requests();
    league.run(&["teams", "list"]).ok();
    let requests = league.take_requests();
    assert_eq!(requests[0], "GET /auth/me");
    assert_eq!(requests.iter().filter(|r| *r == "GET /auth/me").count(), 1);
    assert!(requests.len() > 1, "{requests:?}");
    // Without credentials there is nothing to check.
    Cli::new(&["teams", "list"])
        .server(&league.server)
        .run()
        .ok();
    assert!(!league.take_requests().contains(&"GET /auth/me".to_owned()));
    // `whoami` is the check itself: one request.
    league.run(&["whoami"]).ok();
    assert_eq!(league.take_requests(), ["GET /auth/me"]);
}

#[test]
fn flags_that_cannot_both_hold_are_usage_errors_before_anything_is_sent() {
    let league = League::start();
    let roster = file("roster.csv", "account_id,team\n");
    let mut contradictions: Vec<(Vec<&str>, &str)> = vec![
        (vec!["teams", "get", "1", "--timeout", "0"], "--timeout"),
        (vec!["teams", "get", "1", "--timeout=-5"], "--timeout"),
        (
            vec!["roster", "export", "--format", "csv", "--json"],
            "--json",
        ),
        (
            vec!["roster", "export", "--format", "xlsx", "--json"],
            "--json",
        ),
        (
            vec!["-q", "-v", "teams", "list"],
            "'--quiet' cannot be used with '--verbose",
        ),
        (vec!["roster", "apply", roster.arg(), "--wait=-1"], "--wait"),
        (
            vec!["roster", "watch", "--public-url", "http://127.0.0.1:1/x"],
            "--listen",
        ),
        (
            vec!["roster", "watch", "--secret-file", "secret.txt"],
            "--listen",
        ),
        (vec!["roster", "watch", "--every", "0"], "--every"),
        (
            vec!["accounts", "update", "1", "--team", "2", "--no-team"],
            "--no-team",
        ),
    ];
    if cfg!(feature = "demo") {
        contradictions.push((
            vec!["--demo", "--url", "http://127.0.0.1:1", "teams", "list"],
            "'--demo' cannot be used with '--url",
        ));
        contradictions.push((
            vec!["--demo", "--profile", "league", "teams", "list"],
            "'--demo' cannot be used with '--profile",
        ));
    }
    league.take_requests();
    for (args, says) in contradictions {
        let run = league.run(&args).code(2);
        assert!(
            run.stderr.starts_with("polympics: error: "),
            "{args:?}: {}",
            run.stderr
        );
        run.assert_stderr(says);
        assert!(run.stdout.is_empty(), "{args:?}: {}", run.stdout);
    }
    assert_eq!(league.take_requests(), Vec::<String>::new(), "nothing sent");
}

/// A settings file in a folder of its own, as $XDG_CONFIG_HOME/polympics/config.toml.
fn settings_home(text: &str, mode: u32) -> common::TempFile {
    let home = file("xdg-placeholder", "");
    let dir = home.dir().join("polympics");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("config.toml"), text).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir.join("config.toml"),
            std::fs::Permissions::from_mode(mode),
        )
        .unwrap();
    }
    let _ = mode;
    home
}

#[test]
fn two_profiles_select_two_servers_and_flags_and_environment_win() {
    let first = League::start();
    let second = polympics_test_server::TestServer::start();
    second.seed_demo_league();
    let team = first.app.create_team("Only In The First").unwrap();
    let token = file("first.token", first.league.app.password());
    let home = settings_home(
        &format!(
            "default = \"first\"\n\n[profiles.first]\nurl = \"{}\"\nuser = \"{}\"\npassword_file = \"{}\"\n\n[profiles.second]\nurl = \"{}\"\n",
            first.server.url(),
            first.league.app.username(),
            token.arg(),
            second.url()
        ),
        0o644,
    );
    let xdg = home.dir().to_str().unwrap().to_owned();
    let run = |args: &[&str], env: &[(&str, &str)]| {
        let mut cli = Cli::new(args).env("XDG_CONFIG_HOME", &xdg);
        for (name, value) in env {
            cli = cli.env(name, value);
        }
        cli.run()
    };
    // The default profile, then each by name, by flag and by variable.
    assert!(run(&["teams", "list"], &[])
        .ok()
        .contains("Only In The First"));
    assert!(run(&["--profile", "first", "teams", "list"], &[])
        .ok()
        .contains("Only In The First"));
    let second_list = run(&["--profile", "second", "teams", "list"], &[]).ok();
    assert!(!second_list.contains("Only In The First"), "{second_list}");
    assert!(second_list.contains("Sparta Shields"), "{second_list}");
    let by_var = run(&["teams", "list"], &[("POLYMPICS_PROFILE", "second")]).ok();
    assert!(!by_var.contains("Only In The First"));
    // The first profile's credentials are used: it can write.
    run(&["teams", "delete", &team.id.to_string()], &[]).ok();
    // The environment and the flags win over the file.
    let url_var = run(&["teams", "list"], &[("POLYMPICS_URL", second.url())]).code(1);
    url_var.assert_stderr("does not know the credentials");
    let url_flag = run(
        &["--profile", "first", "--url", second.url(), "teams", "list"],
        &[],
    )
    .code(1);
    url_flag.assert_stderr("does not know the credentials");
    // One credential flag over the profile's credentials replaces both: never a user of one
    // place with the token of another.
    let user_only = run(&["--user", "A9", "teams", "list"], &[]).code(2);
    user_only.assert_stderr("no token for the user \"A9\"");
    let file_only = run(&["--password-file", token.arg(), "teams", "list"], &[]).code(2);
    file_only.assert_stderr("a token is set but no user");
    // An unknown profile is a usage error that names the ones there are.
    let unknown = run(&["--profile", "third", "teams", "list"], &[]).code(2);
    unknown.assert_stderr("no profile \"third\"");
    unknown.assert_stderr("first, second");
}

#[test]
#[cfg(unix)]
fn a_settings_file_holding_a_token_that_others_may_read_is_refused() {
    let league = League::start();
    let text = format!(
        "[profiles.league]\nurl = \"{}\"\nuser = \"{}\"\npassword = \"{}\"\n",
        league.server.url(),
        league.league.app.username(),
        league.league.app.password()
    );
    let home = settings_home(&text, 0o644);
    league.take_requests();
    let run = Cli::new(&["--profile", "league", "teams", "list"])
        .env("XDG_CONFIG_HOME", home.dir().to_str().unwrap())
        .run()
        .code(2);
    run.assert_stderr("holds a token and other users may read it");
    run.assert_stderr("chmod 600");
    assert!(!run.stderr.contains(league.league.app.password()));
    assert!(league.take_requests().is_empty(), "nothing sent");
    // Made private, it is used.
    let private = settings_home(&text, 0o600);
    let run = Cli::new(&["--profile", "league", "whoami"])
        .env("XDG_CONFIG_HOME", private.dir().to_str().unwrap())
        .run()
        .ok();
    assert!(run.contains(league.league.app.username()), "{run}");
}
