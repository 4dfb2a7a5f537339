//! The command never says "Deleted", "Gave" or "Took" (nor prints a result) for an answer
//! that is not the API's: a captive portal's page, an empty 200, 203 or 204, or a status the
//! server never gives that operation. Each such run exits 1.

use crate::common;

use common::{file, League};
use polympics_test_server::{Fault, Lie};

/// A command, and the method and path of the request its lie is for.
struct Case {
    args: Vec<String>,
    method: &'static str,
    path: String,
}

fn case(args: &str, method: &'static str, path: impl Into<String>) -> Case {
    Case {
        args: args.split(' ').map(str::to_owned).collect(),
        method,
        path: path.into(),
    }
}

/// Every subcommand that talks to the server once, with what it needs made first.
fn cases(league: &League, n: usize) -> Vec<Case> {
    let app = &league.app;
    let achilles = league.league.accounts[0];
    let ajax = league.league.accounts[2];
    let doomed_account = 30_000 + n as u64;
    app.create_account(polympics::NewAccount::new(doomed_account, "Doomed", "0001"))
        .unwrap();
    let doomed_team = app.create_team(format!("Doomed {n}")).unwrap().id;
    let doomed_award = app
        .create_award(polympics::NewAward::new(
            "Doomed",
            "https://e.x/d.png",
            1u64,
        ))
        .unwrap()
        .id;
    let _ = app.give_award(league.league.awards[2], ajax).unwrap();
    app.create_callback(
        polympics::EventType::AccountTeamUpdate,
        "https://example.com/hook",
        "s3cret",
    )
    .unwrap();
    vec![
        case(
            &format!("accounts get {achilles}"),
            "GET",
            format!("/account/{achilles}"),
        ),
        case("accounts list", "GET", "/accounts/search"),
        case(
            &format!(
                "accounts create --id {} --name Triton --discriminator 0001",
                40_000 + n
            ),
            "POST",
            "/accounts/new",
        ),
        case(
            &format!("accounts update {achilles} --name Achilleus"),
            "PATCH",
            "/account/",
        ),
        case(
            &format!("accounts delete {doomed_account}"),
            "DELETE",
            "/account/",
        ),
        case("teams get 1", "GET", "/team/1"),
        case("teams list", "GET", "/teams/search"),
        case("teams create Liars", "POST", "/teams/new"),
        case("teams rename 2 Renamed", "PATCH", "/team/2"),
        case(&format!("teams delete {doomed_team}"), "DELETE", "/team/"),
        case("awards get 1", "GET", "/award/1"),
        case(
            "awards create --title Gold --image-url https://e.x/g.png --team 1",
            "POST",
            "/awards/new",
        ),
        case("awards update 1 --title Golden", "PATCH", "/award/1"),
        case(
            &format!("awards delete {doomed_award}"),
            "DELETE",
            "/award/",
        ),
        case(&format!("awards give 1 {achilles}"), "PUT", "/account/"),
        case(
            &format!("awards take {} {ajax}", league.league.awards[2]),
            "DELETE",
            "/account/",
        ),
        case("callbacks list", "GET", "/callbacks"),
        case(
            "callbacks delete account_team_update",
            "DELETE",
            "/callback/",
        ),
        case("signups", "GET", "/accounts/signups"),
        case("whoami", "GET", "/auth/me"),
        case(
            &format!("sessions create {achilles}"),
            "POST",
            "/auth/create_session",
        ),
        case("roster export", "GET", "/teams/search"),
    ]
}

#[test]
fn every_subcommand_exits_1_on_an_answer_that_is_not_the_apis() {
    for lie in Lie::ALL {
        let league = League::start();
        for (n, case) in cases(&league, 0).into_iter().enumerate() {
            if matches!(lie, Lie::Empty(204)) && case.method == "DELETE" {
                continue; // the server's own answer to a delete
            }
            league.server.inject(
                lie.fault()
                    .on_method(case.method)
                    .on_path(case.path.clone()),
            );
            let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
            let run = league.run(&args);
            league.server.clear_faults();
            assert_eq!(
                run.code,
                1,
                "{lie:?} `{}` ({n}): {run:#?}",
                case.args.join(" ")
            );
            run.assert_stderr("unexpected response (HTTP 20");
            for word in ["Deleted", "Gave", "Took", "Created"] {
                assert!(
                    !run.stdout.contains(word),
                    "{lie:?} {:?}: {}",
                    case.args,
                    run.stdout
                );
            }
        }
    }
}

#[test]
fn a_sync_through_a_captive_portal_reports_nothing_done() {
    let league = League::start();
    let desired = file(
        "desired.csv",
        "account_id,team\n800000000000000000,Sparta Shields\n",
    );
    league
        .server
        .inject(Fault::answer(200, Some("text/html"), "<html>Sign in</html>").on_method("PATCH"));
    let run = league
        .run(&["roster", "apply", desired.arg(), "--yes"])
        .code(1);
    run.assert_stdout(
        ": failed: PATCH /account/800000000000000000: unexpected response (HTTP 200, text/html)",
    );
    run.assert_stdout("Applied: 0 done, 1 failed, 0 skipped.");
    run.assert_stderr("a web page answered, not the API");
}

#[test]
fn an_echoed_credential_never_reaches_stderr_even_with_logging_on() {
    use base64::Engine as _;
    let league = League::start();
    let credentials = &league.league.app;
    let pair = format!("{}:{}", credentials.username(), credentials.password());
    let base64 = base64::engine::general_purpose::STANDARD.encode(&pair);
    for padding in [0, 150, 190, 199, 205] {
        let body = format!(
            "{}authorization: Basic {base64}\r\nx-token: {}\r\n",
            "x".repeat(padding),
            credentials.password()
        );
        for verbose in ["-v", "-vv"] {
            league
                .server
                .inject(Fault::answer(500, Some("text/plain"), body.clone()).times(4));
            let run = league.run(&[verbose, "teams", "get", "1"]).code(1);
            league.server.clear_faults();
            for form in [&base64, credentials.password(), &pair] {
                for n in 4..=form.len() {
                    assert!(
                        !run.stderr.contains(&form[..n]),
                        "{verbose} padding {padding}: {:?} shows in:\n{}",
                        &form[..n],
                        run.stderr
                    );
                }
            }
        }
    }
}
