//! Nothing is reported done that was not done: every operation, answered by something that
//! is not the API (a captive portal's HTML page, an empty 200, 203 or 204, a status the
//! server never gives that operation), fails with `Error::InvalidResponse` instead of
//! succeeding.

use std::cell::Cell;

use polympics::{
    AccountUpdate, AppClient, AwardUpdate, Error, EventType, NewAccount, NewAward, UserClient,
};
use polympics_test_server::{DemoLeague, Fault, Lie, TestServer};

struct Clients {
    app: AppClient,
    user: UserClient,
    league: DemoLeague,
    /// A fresh number for each call that creates something.
    next: Cell<u64>,
}

impl Clients {
    /// Registers the app's callback, for the operations that read or delete it.
    fn with_callback(&self) {
        self.app
            .create_callback(
                EventType::AccountTeamUpdate,
                "https://example.com/hook",
                "s3cret",
            )
            .unwrap();
    }

    fn fresh(&self) -> u64 {
        let n = self.next.get();
        self.next.set(n + 1);
        n
    }
}

type Operation = (&'static str, fn(&Clients) -> Result<(), Error>);

/// Every operation of the API once, with arguments the demo league makes valid.
fn operations() -> Vec<Operation> {
    vec![
        ("get_account", |c| {
            c.app.get_account(c.league.accounts[0]).map(drop)
        }),
        ("list_accounts", |c| {
            c.app
                .list_accounts()
                .into_iter()
                .try_for_each(|a| a.map(drop))
        }),
        ("check_signups", |c| c.app.check_signups().map(drop)),
        ("get_team", |c| c.app.get_team(c.league.teams[0]).map(drop)),
        ("list_teams", |c| {
            c.app.list_teams().into_iter().try_for_each(|t| t.map(drop))
        }),
        ("teams_named", |c| {
            c.app.teams_named("Athens Owls").map(drop)
        }),
        ("get_award", |c| {
            c.app.get_award(c.league.awards[0]).map(drop)
        }),
        ("create_account", |c| {
            let id = 10_000 + c.fresh();
            c.app
                .create_account(NewAccount::new(id, "Triton", "0001"))
                .map(drop)
        }),
        ("update_account", |c| {
            c.app
                .update_account(
                    c.league.accounts[1],
                    AccountUpdate::new().team(c.league.teams[1]),
                )
                .map(drop)
        }),
        ("delete_account", |c| {
            let id = 20_000 + c.fresh();
            c.app
                .create_account(NewAccount::new(id, "Doomed", "0001"))
                .unwrap();
            c.app.delete_account(id)
        }),
        ("create_team", |c| {
            c.app.create_team("Lies United").map(drop)
        }),
        ("update_team", |c| {
            c.app.update_team(c.league.teams[2], "Renamed").map(drop)
        }),
        ("delete_team", |c| {
            let team = c.app.create_team(format!("Doomed {}", c.fresh())).unwrap();
            c.app.delete_team(&team)
        }),
        ("create_award", |c| {
            c.app
                .create_award(NewAward::new(
                    "Gold",
                    "https://example.com/g.png",
                    c.league.teams[0],
                ))
                .map(drop)
        }),
        ("update_award", |c| {
            c.app
                .update_award(c.league.awards[0], AwardUpdate::new().title("Golden"))
                .map(drop)
        }),
        ("delete_award", |c| {
            let award = c
                .app
                .create_award(NewAward::new(
                    "Doomed",
                    "https://example.com/d.png",
                    c.league.teams[0],
                ))
                .unwrap();
            c.app.delete_award(&award)
        }),
        ("give_award", |c| {
            c.app
                .give_award(c.league.awards[1], c.league.accounts[2])
                .map(drop)
        }),
        ("take_award", |c| {
            let _ = c
                .app
                .give_award(c.league.awards[2], c.league.accounts[3])
                .unwrap();
            c.app.take_award(c.league.awards[2], c.league.accounts[3])
        }),
        ("create_callback", |c| {
            c.app
                .create_callback(
                    EventType::AccountTeamUpdate,
                    "https://example.com/hook",
                    "s3cret",
                )
                .map(drop)
        }),
        ("get_callbacks", |c| c.app.get_callbacks().map(drop)),
        ("get_callback", |c| {
            c.with_callback();
            c.app.get_callback(EventType::AccountTeamUpdate).map(drop)
        }),
        ("delete_callback", |c| {
            c.with_callback();
            c.app.delete_callback(EventType::AccountTeamUpdate)
        }),
        ("create_session", |c| {
            c.app.create_session(c.league.accounts[4]).map(drop)
        }),
        ("discord_authenticate", |c| {
            c.app.discord_authenticate("good-token-77").map(drop)
        }),
        ("app get_self", |c| c.app.get_self().map(drop)),
        ("check_credentials", |c| c.app.check_credentials().map(drop)),
        ("user get_self", |c| c.user.get_self().map(drop)),
        ("user reset_token", |c| c.user.reset_token().map(drop)),
        // Last: the app's own token changes when the server processes it.
        ("app reset_token", |c| c.app.reset_token().map(drop)),
    ]
}

#[test]
fn every_operation_refuses_every_answer_that_is_not_the_apis() {
    for lie in Lie::ALL {
        let server = TestServer::start();
        let league = server.seed_demo_league();
        server.add_discord_user("good-token-77", 77, "Hermes", "0077");
        let app = server.app_client(league.app.clone());
        let session = app.create_session(league.accounts[5]).unwrap();
        let clients = Clients {
            user: server.user_client(session),
            app,
            league,
            next: Cell::new(0),
        };
        for (name, operation) in operations() {
            let (method, path) = request_of(name);
            if matches!(lie, Lie::Empty(204)) && method == "DELETE" {
                // The server's own answer to a delete: an empty 204.
                continue;
            }
            server.inject(lie.fault().on_method(method).on_path(path));
            let result = operation(&clients);
            server.clear_faults();
            match result {
                Err(Error::InvalidResponse { status, .. }) => {
                    assert!((200..300).contains(&status), "{lie:?} {name}: {status}")
                }
                Err(other) => panic!("{lie:?} {name}: not an invalid response: {other}"),
                Ok(()) => panic!("{lie:?} {name}: reported done"),
            }
        }
    }
}

/// The method and path of the request an operation's lie is for (not those of its setup).
fn request_of(operation: &str) -> (&'static str, &'static str) {
    match operation {
        "get_account" => ("GET", "/account/8"),
        "update_account" => ("PATCH", "/account/8"),
        "delete_account" => ("DELETE", "/account/"),
        "list_accounts" => ("GET", "/accounts/search"),
        "check_signups" => ("GET", "/accounts/signups"),
        "get_team" => ("GET", "/team/"),
        "update_team" => ("PATCH", "/team/"),
        "delete_team" => ("DELETE", "/team/"),
        "list_teams" | "teams_named" => ("GET", "/teams/search"),
        "get_award" => ("GET", "/award/"),
        "update_award" => ("PATCH", "/award/"),
        "delete_award" => ("DELETE", "/award/"),
        "create_account" => ("POST", "/accounts/new"),
        "create_team" => ("POST", "/teams/new"),
        "create_award" => ("POST", "/awards/new"),
        "give_award" => ("PUT", "/account/"),
        "take_award" => ("DELETE", "/account/"),
        "create_callback" => ("PUT", "/callback/"),
        "get_callback" => ("GET", "/callback/"),
        "delete_callback" => ("DELETE", "/callback/"),
        "get_callbacks" => ("GET", "/callbacks"),
        "create_session" => ("POST", "/auth/create_session"),
        "discord_authenticate" => ("POST", "/auth/discord"),
        "app get_self" | "user get_self" | "check_credentials" => ("GET", "/auth/me"),
        "app reset_token" | "user reset_token" => ("POST", "/auth/reset_token"),
        other => panic!("no request for {other}"),
    }
}

#[test]
fn a_delete_answered_by_a_captive_portal_says_what_answered() {
    let server = TestServer::start();
    let app = server.app_client(server.seed_demo_league().app);
    server.inject(Fault::answer(
        200,
        Some("text/html"),
        "<html><title>Hotel Wi-Fi</title></html>",
    ));
    let err = app.delete_team(5).unwrap_err();
    assert_eq!(
        err.to_string(),
        "DELETE /team/5: unexpected response (HTTP 200, text/html): the API answers DELETE \
         /team/5 with HTTP 204, not 200; the body starts with \"<html><title>Hotel \
         Wi-Fi</title></html>\"; a web page answered, not the API: a captive portal, a proxy's \
         login page, or a base URL that is not the API's?"
    );
    assert!(app.get_team(5).is_ok(), "the team is still there");
}

#[test]
fn an_answer_with_a_body_where_the_api_sends_none_is_not_done() {
    let server = TestServer::start();
    let league = server.seed_demo_league();
    let app = server.app_client(league.app.clone());
    server.inject(Fault::answer(201, Some("application/json"), "{}"));
    let err = app
        .give_award(league.awards[0], league.accounts[20])
        .unwrap_err();
    assert!(
        err.to_string().contains(&format!(
            "the API answers PUT /account/{}/award/{} with no body, and this one has 2 bytes",
            league.accounts[20], league.awards[0]
        )),
        "{err}"
    );
}
