//! Sessions, Discord login, token resets and `get_self`.

use crate::common;

use common::*;
use polympics::{Error, Permissions, UserClient};
use serde_json::json;

#[test]
fn discord_authenticate_from_every_client() {
    let server = MockServer::start();
    let anon_mock = server.mock(|when, then| {
        anonymous(when.method(POST).path("/auth/discord"))
            .json_body(json!({"token": "good-token-555000000000000001"}));
        replay(then, wire("auth/discord good token, new account"));
    });
    let session = anon(&server)
        .discord_authenticate("good-token-555000000000000001")
        .unwrap();
    anon_mock.assert_calls(1);
    assert_eq!(session.credentials.username(), "S1");
    assert_eq!(
        session.credentials.password(),
        "oUcpjl3A3s2pVxfqBYgfpB0NBwZYoSeGZlmQFZryQ7s="
    );
    assert_eq!(session.expires_at.unix_timestamp(), 1798370985);
    assert_eq!(session.expires_at.microsecond(), 902750);
    let shown = format!("{session:?}");
    assert!(!shown.contains("oUcpjl3A3s2"), "{shown}");

    let app_mock = server.mock(|when, then| {
        as_app(when.method(POST).path("/auth/discord"));
        replay(then, wire("auth/discord with app auth (ignored)"));
    });
    assert_eq!(
        app(&server)
            .discord_authenticate("good-token-555000000000000001")
            .unwrap()
            .credentials
            .username(),
        "S3"
    );
    app_mock.assert_calls(1);
}

#[test]
fn discord_authenticate_bad_token_and_closed_signups() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(POST)
            .path("/auth/discord")
            .json_body(json!({"token": "bad"}));
        replay(then, wire("auth/discord bad token"));
    });
    server.mock(|when, then| {
        when.method(POST)
            .path("/auth/discord")
            .json_body(json!({"token": "good-token-61"}));
        replay(then, wire("auth/discord, unknown user"));
    });
    server.mock(|when, then| {
        when.method(POST)
            .path("/auth/discord")
            .json_body(json!({"token": "html-token"}));
        replay(
            then,
            wire("auth/discord html-token (non-JSON 401 from Discord)"),
        );
    });
    let anon = anon(&server);
    let err = anon.discord_authenticate("bad").unwrap_err();
    assert_eq!(
        (err.code(), err.detail()),
        (Some(401), Some("Bad Discord user token."))
    );
    let err = anon.discord_authenticate("good-token-61").unwrap_err();
    assert_eq!(
        (err.code(), err.detail()),
        (Some(403), Some("Signups are closed."))
    );
    let err = anon.discord_authenticate("html-token").unwrap_err();
    assert!(matches!(err, Error::Server { status: 500, .. }));
}

#[test]
fn create_session_then_use_it() {
    let server = MockServer::start();
    let create = server.mock(|when, then| {
        as_app(when.method(POST).path("/auth/create_session"))
            .json_body(json!({"account": 1234567890123456789u64}));
        replay(then, wire("create_session app"));
    });
    let me = server.mock(|when, then| {
        when.method(GET)
            .path("/auth/me")
            // base64("S4:dan/RGPpWoUjgSJ6YOigItkGIBMxwMnoW7xVxfIzaCE=")
            .header(
                "authorization",
                "Basic UzQ6ZGFuL1JHUHBXb1VqZ1NKNllPaWdJdGtHSUJNeHdNbm9XN3hWeGZJemFDRT0=",
            );
        replay(then, wire("get account big id"));
    });
    let session = app(&server).create_session(1234567890123456789).unwrap();
    create.assert_calls(1);
    assert_eq!(session.credentials.username(), "S4");
    let user = UserClient::builder(server.base_url(), session)
        .no_proxy()
        .build()
        .unwrap();
    let account = user.get_self().unwrap();
    assert_eq!(account.id, 1234567890123456789);
    me.assert_calls(1);
}

#[test]
fn create_session_not_found_and_denied() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(POST)
            .path("/auth/create_session")
            .json_body(json!({"account": 999}));
        replay(then, wire("create_session not found"));
    });
    server.mock(|when, then| {
        when.method(POST)
            .path("/auth/create_session")
            .json_body(json!({"account": 42}));
        replay(then, wire("create_session limited app"));
    });
    let app = app(&server);
    assert!(app.create_session(999).unwrap_err().is_not_found());
    assert!(matches!(
        app.create_session(u64::MAX),
        Err(Error::InvalidInput {
            field: "account id",
            ..
        })
    ));
    assert_eq!(app.create_session(42).unwrap_err().code(), Some(403));
}

#[test]
fn get_self_as_app() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_app(when.method(GET).path("/auth/me"));
        replay(then, wire("auth/me app (all perms)"));
    });
    let me = app(&server).get_self().unwrap();
    mock.assert_calls(1);
    assert_eq!(me.name, "harness-all");
    assert_eq!(me.username, "A1");
    assert_eq!(
        me.permissions,
        Permissions::all() - Permissions::MANAGE_OWN_TEAM
    );
}

#[test]
fn get_self_as_user_and_with_a_dead_token() {
    let server = MockServer::start();
    let mut ok = server.mock(|when, then| {
        as_user(when.method(GET).path("/auth/me"));
        replay(then, wire("auth/me user session"));
    });
    let user = user(&server);
    assert_eq!(user.get_self().unwrap().id, 555000000000000001);
    ok.assert_calls(1);
    ok.delete();
    server.mock(|when, then| {
        when.method(GET).path("/auth/me");
        replay(then, wire("auth/me with old user password after reset"));
    });
    let err = user.get_self().unwrap_err();
    assert_eq!(err.code(), Some(401));
    assert_eq!(err.detail(), Some("A token was not used to authenticate."));
}

#[test]
fn app_reset_token_switches_the_client_and_its_clones() {
    let server = MockServer::start();
    let reset = server.mock(|when, then| {
        as_app(when.method(POST).path("/auth/reset_token"));
        replay(then, wire("reset_token app"));
    });
    // base64("A3:CiLVrfPdldxoj+HNcuhFesbqrvgFUQ9+6R+hE2Zvo4I=")
    let new_auth = "Basic QTM6Q2lMVnJmUGRsZHhvaitITmN1aEZlc2JxcnZnRlVROSs2UitoRTJadm80ST0=";
    let me = server.mock(|when, then| {
        when.method(GET)
            .path("/auth/me")
            .header("authorization", new_auth);
        replay(then, wire("auth/me with new password"));
    });
    let app = app(&server);
    let clone = app.clone();
    let creds = app.reset_token().unwrap();
    reset.assert_calls(1);
    assert_eq!(creds.credentials.username(), "A3");
    assert_eq!(
        creds.credentials.password(),
        "CiLVrfPdldxoj+HNcuhFesbqrvgFUQ9+6R+hE2Zvo4I="
    );
    assert_eq!(creds.permissions.bits(), 72);
    assert!(!format!("{creds:?}").contains("CiLVrf"));
    assert_eq!(app.get_self().unwrap().name, "probe-reset");
    assert_eq!(clone.get_self().unwrap().name, "probe-reset");
    me.assert_calls(2);
}

#[test]
fn app_reset_token_is_safe_across_threads() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(POST).path("/auth/reset_token");
        replay(then, wire("reset_token app"));
    });
    let team = server.mock(|when, then| {
        when.method(GET)
            .path("/team/1")
            .header_exists("authorization");
        replay(then, wire("get team 1"));
    });
    let app = std::sync::Arc::new(app(&server));
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let app = app.clone();
            std::thread::spawn(move || {
                for _ in 0..10 {
                    app.get_team(1).unwrap();
                }
            })
        })
        .collect();
    app.reset_token().unwrap();
    for worker in workers {
        worker.join().unwrap();
    }
    team.assert_calls(40);
}

#[test]
fn user_reset_token_says_the_session_is_gone() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_user(when.method(POST).path("/auth/reset_token"));
        replay(then, wire("reset_token user session"));
    });
    let err = user(&server).reset_token().unwrap_err();
    mock.assert_calls(1);
    match &err {
        Error::SessionReset { account, .. } => {
            assert_eq!(*account, polympics::AccountId(555000000000000001))
        }
        other => panic!("expected SessionReset, got {other:?}"),
    }
    assert_eq!(
        err.to_string(),
        "POST /auth/reset_token: the session token of account 555000000000000001 was reset \
         and is no longer valid; \
         the server does not return the new token, so create a new session"
    );
}

#[test]
fn user_reset_token_takes_a_session_if_a_server_returns_one() {
    let server = MockServer::start();
    server.mock(|when, then| {
        as_user(when.method(POST).path("/auth/reset_token"));
        then.status(200)
            .header("content-type", "application/json")
            .body(r#"{"username":"S1","password":"fresh","expires_at":1798370985.5}"#);
    });
    let me = server.mock(|when, then| {
        // base64("S1:fresh")
        when.method(GET)
            .path("/auth/me")
            .header("authorization", "Basic UzE6ZnJlc2g=");
        replay(then, wire("auth/me user session"));
    });
    let user = user(&server);
    assert_eq!(user.reset_token().unwrap().credentials.password(), "fresh");
    user.get_self().unwrap();
    me.assert_calls(1);
}

#[test]
fn reset_token_with_a_wrong_password() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(POST).path("/auth/reset_token");
        replay(then, wire("reset_token wrong password"));
    });
    let err = app(&server).reset_token().unwrap_err();
    assert_eq!(err.code(), Some(401));
}

#[test]
fn check_credentials_says_whether_and_as_whom() {
    let server = MockServer::start();
    server.mock(|when, then| {
        as_app(when.method(GET).path("/auth/me"));
        replay(then, wire("auth/me app (all perms)"));
    });
    server.mock(|when, then| {
        as_user(when.method(GET).path("/auth/me"));
        replay(then, wire("auth/me user session"));
    });
    match app(&server).check_credentials().unwrap() {
        Some(polympics::Identity::App(me)) => {
            assert_eq!((me.username.as_str(), me.permissions.bits()), ("A1", 95))
        }
        other => panic!("{other:?}"),
    }
    match user(&server).check_credentials().unwrap() {
        Some(polympics::Identity::User(me)) => assert_eq!(me.id, 555000000000000001),
        other => panic!("{other:?}"),
    }
}

#[test]
fn check_credentials_is_none_for_credentials_the_server_does_not_know() {
    for label in [
        "auth/me wrong password",
        "auth/me with old user password after reset",
        "auth/me of deleted account's session",
    ] {
        let server = MockServer::start();
        server.mock(|when, then| {
            when.method(GET).path("/auth/me");
            replay(then, wire(label));
        });
        assert_eq!(app(&server).check_credentials().unwrap(), None, "{label}");
    }
    // Anything else is an error, not an answer.
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/auth/me");
        then.status(503).body("down");
    });
    assert_eq!(
        app(&server).check_credentials().unwrap_err().code(),
        Some(503)
    );
}

#[test]
fn verify_credentials_checks_them_once_before_the_first_request() {
    use polympics::{AppClient, Credentials};
    use polympics_test_server::TestServer;

    let server = TestServer::start();
    let credentials = server.seed_demo_league().app;
    let requests = |server: &TestServer| {
        let list: Vec<String> = server
            .requests()
            .into_iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect();
        server.clear_requests();
        list
    };
    let client = |credentials: Credentials| {
        configure(&server, |url| AppClient::builder(url, credentials))
            .verify_credentials()
            .build()
            .unwrap()
    };
    server.clear_requests();

    // A wrong token: the first request fails with the check's 401, and nothing else is sent.
    let wrong = client(Credentials::new(credentials.username(), "not-the-token"));
    let err = wrong.get_team(1).unwrap_err();
    assert!(matches!(err, Error::Client { status: 401, .. }), "{err:?}");
    assert_eq!(err.request().unwrap().path(), "/auth/me");
    assert!(!err.to_string().contains("not-the-token"), "{err}");
    assert_eq!(requests(&server), ["GET /auth/me"]);
    // Not remembered as a failure: the next request asks again.
    assert!(wrong.list_teams().get_page(0).is_err());
    assert_eq!(requests(&server), ["GET /auth/me"]);

    // Right credentials: one check, then only the requests themselves, clones included.
    let right = client(credentials.clone());
    right.get_team(1).unwrap();
    right.clone().get_team(1).unwrap();
    assert_eq!(
        requests(&server),
        ["GET /auth/me", "GET /team/1", "GET /team/1"]
    );
    // A request that is the check itself is not preceded by another.
    let right = client(credentials.clone());
    assert!(right.check_credentials().unwrap().is_some());
    right.get_team(1).unwrap();
    assert_eq!(requests(&server), ["GET /auth/me", "GET /team/1"]);
    // A token the server has just issued (a reset) is known: not checked again.
    let right = client(credentials.clone());
    right.get_team(1).unwrap();
    right.reset_token().unwrap();
    right.get_team(1).unwrap();
    assert_eq!(
        requests(&server),
        [
            "GET /auth/me",
            "GET /team/1",
            "POST /auth/reset_token",
            "GET /team/1"
        ]
    );
    // Without the setting, a wrong token reads as anonymous: the server's own behaviour.
    let unchecked = configure(&server, |url| {
        AppClient::builder(
            url,
            Credentials::new(credentials.username(), "not-the-token"),
        )
    })
    .build()
    .unwrap();
    unchecked.get_team(1).unwrap();
    assert_eq!(requests(&server), ["GET /team/1"]);
}
