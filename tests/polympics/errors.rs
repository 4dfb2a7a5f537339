//! Every error shape a server or a proxy can send becomes a clean `Error`, never a panic.

use crate::common;

use std::time::Duration;

use common::*;
use polympics::{Error, TransportErrorKind, UnauthenticatedClient};

fn get_team_answering(status: u16, content_type: Option<&str>, body: &str) -> Error {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/team/1");
        let then = then.status(status).body(body);
        if let Some(content_type) = content_type {
            then.header("content-type", content_type);
        }
    });
    anon(&server).get_team(1).unwrap_err()
}

#[test]
fn not_authenticated_401_with_a_string_detail() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(POST).path("/teams/new");
        replay(then, wire("create team no auth")).header("www-authenticate", "Basic");
    });
    let err = app(&server).create_team("x").unwrap_err();
    assert!(
        matches!(&err, Error::Client { status: 401, detail: Some(d), .. } if d == "Not authenticated")
    );
    assert!(
        err.to_string()
            .starts_with("POST /teams/new: request refused (HTTP 401 Unauthorized): Not authenticated; the server did not accept the credentials"),
        "{err}"
    );
}

#[test]
fn forbidden_403() {
    let err = get_team_answering(
        403,
        Some("application/json"),
        r#"{"detail":"Request outside of authorisation scope."}"#,
    );
    assert_eq!(err.code(), Some(403));
    assert_eq!(
        err.detail(),
        Some("Request outside of authorisation scope.")
    );
    assert!(!err.is_not_found());
}

#[test]
fn a_404_without_a_body_is_no_api_at_the_url_except_for_take_award() {
    use polympics::{AccountUpdate, AwardUpdate, EventType, Missing, NewAccount, NewAward};
    // nginx, a load balancer, a path prefix left out: a bodyless 404 to everything.
    let server = MockServer::start();
    server.mock(|_when, then| {
        then.status(404);
    });
    let app = app(&server);
    let user = user(&server);
    let anon = anon(&server);
    let no_api = |what: &str, result: Result<(), Error>| {
        let err = result.expect_err(what);
        assert!(
            matches!(err, Error::UnknownEndpoint { status: 404, .. }),
            "{what}: {err:?}"
        );
        assert!(!err.is_not_found(), "{what}");
        assert!(
            err.to_string().contains(&format!(
                "no Polympics API answered at {} (HTTP 404 without the API's error body): check \
                 the base URL",
                server.base_url()
            )),
            "{what}: {err}"
        );
    };
    no_api("get_account", app.get_account(1).map(drop));
    no_api("list_accounts", anon.list_accounts().get_page(0).map(drop));
    no_api("check_signups", anon.check_signups().map(drop));
    no_api(
        "create_account",
        app.create_account(NewAccount::new(1u64, "Ajax", "0001"))
            .map(drop),
    );
    no_api(
        "update_account",
        app.update_account(1, AccountUpdate::new().team(polympics::NO_TEAM))
            .map(drop),
    );
    no_api("delete_account", app.delete_account(1));
    no_api("create_session", app.create_session(1).map(drop));
    no_api("app reset_token", app.reset_token().map(drop));
    no_api("app get_self", app.get_self().map(drop));
    no_api("user reset_token", user.reset_token().map(drop));
    no_api("user get_self", user.get_self().map(drop));
    no_api(
        "discord_authenticate",
        anon.discord_authenticate("t").map(drop),
    );
    no_api("check_credentials", app.check_credentials().map(drop));
    no_api("get_award", app.get_award(1).map(drop));
    no_api(
        "create_award",
        app.create_award(NewAward::new("Gold", "https://e.x/g.png", 1u64))
            .map(drop),
    );
    no_api(
        "update_award",
        app.update_award(1, AwardUpdate::new().title("Silver"))
            .map(drop),
    );
    no_api("delete_award", app.delete_award(1));
    no_api("give_award", app.give_award(1, 1).map(drop));
    no_api(
        "create_callback",
        app.create_callback(EventType::AccountTeamUpdate, "https://e.x/hook", "secret")
            .map(drop),
    );
    no_api("get_callbacks", app.get_callbacks().map(drop));
    no_api(
        "get_callback",
        app.get_callback(EventType::AccountTeamUpdate).map(drop),
    );
    no_api(
        "delete_callback",
        app.delete_callback(EventType::AccountTeamUpdate),
    );
    no_api("get_team", anon.get_team(1).map(drop));
    no_api("list_teams", anon.list_teams().get_page(0).map(drop));
    no_api("teams_named", anon.teams_named("Owls").map(drop));
    no_api("create_team", app.create_team("Owls").map(drop));
    no_api("update_team", app.update_team(1, "Bats").map(drop));
    no_api("delete_team", app.delete_team(1));
    // The one operation whose answer a bodyless 404 is: the award is not held.
    let err = app.take_award(1, 1).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Client {
                status: 404,
                detail: None,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(err.missing(), Some(Missing::HeldAward));
    assert!(
        err.to_string()
            .contains("the account does not hold this award"),
        "{err}"
    );
}

#[test]
fn unknown_route_404_json() {
    let err = get_team_answering(
        404,
        Some("application/json"),
        &wire("unknown route").response_body,
    );
    assert_eq!(err.detail(), Some("Not Found"));
}

#[test]
fn conflict_409() {
    let err = get_team_answering(
        409,
        Some("application/json"),
        &wire("create account duplicate id").response_body,
    );
    assert!(matches!(err, Error::Client { status: 409, .. }));
}

#[test]
fn validation_422_with_integer_loc_and_ctx() {
    let err = get_team_answering(
        422,
        Some("application/json"),
        &wire("create team invalid JSON").response_body,
    );
    let issue = &err.issues()[0];
    assert_eq!(
        issue.loc,
        [
            polympics::LocSegment::Name("body".into()),
            polympics::LocSegment::Index(8)
        ]
    );
    assert_eq!(issue.kind, "value_error.jsondecode");
    assert_eq!(
        err.to_string(),
        "GET /team/1: invalid request data (HTTP 422): body[8]: Expecting value: line 1 column 9 (char 8)"
    );
}

#[test]
fn validation_422_with_several_issues() {
    let exchange = wire("create account invalid body (validation comes first)");
    let err = get_team_answering(422, Some("application/json"), &exchange.response_body);
    let messages: Vec<&str> = err.issues().iter().map(|i| i.msg.as_str()).collect();
    assert_eq!(
        messages,
        [
            "value is not a valid integer",
            "field required",
            "field required"
        ]
    );
    assert!(!err.is_not_found());
}

#[test]
fn validation_422_with_a_string_detail() {
    let err = get_team_answering(
        422,
        Some("application/json"),
        r#"{"detail":"Bad Discord user token."}"#,
    );
    assert!(matches!(&err, Error::Data { issues, detail: Some(_), .. } if issues.is_empty()));
    assert_eq!(err.detail(), Some("Bad Discord user token."));
}

#[test]
fn validation_422_that_is_not_json() {
    let err = get_team_answering(422, Some("text/plain"), "Unprocessable");
    assert!(matches!(&err, Error::Data { issues, detail: None, .. } if issues.is_empty()));
    assert_eq!(
        err.to_string(),
        "GET /team/1: invalid request data (HTTP 422): no details given"
    );
}

#[test]
fn server_error_500_plain_text() {
    let err = get_team_answering(
        500,
        Some("text/plain; charset=utf-8"),
        "Internal Server Error",
    );
    assert!(
        matches!(&err, Error::Server { status: 500, detail: Some(d), .. } if d == "Internal Server Error")
    );
    assert!(!err.is_retryable());
}

#[test]
fn gateway_502_html() {
    let html = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n";
    let err = get_team_answering(502, Some("text/html"), html);
    assert_eq!(err.code(), Some(502));
    assert!(err.is_retryable());
    assert!(err.detail().unwrap().starts_with("<html>"));
    for status in [503, 504] {
        assert!(get_team_answering(status, Some("text/html"), "<html></html>").is_retryable());
    }
}

#[test]
fn server_error_with_a_huge_html_body_is_cut_short() {
    let body = format!("<html>{}</html>", "x".repeat(1 << 20));
    let err = get_team_answering(503, Some("text/html"), &body);
    assert!(matches!(err, Error::Server { status: 503, .. }));
    assert!(err.to_string().len() < 400, "{err}");
}

#[test]
fn truncated_json_is_an_invalid_response() {
    let err = get_team_answering_ok(r#"{"id":1,"name":"Red Team","created_at":17957"#);
    match &err {
        Error::InvalidResponse {
            status: 200,
            excerpt,
            ..
        } => assert!(excerpt.starts_with("{\"id\":1")),
        other => panic!("{other:?}"),
    }
    assert!(
        err.to_string()
            .starts_with("GET /team/1: unexpected response (HTTP 200, application/json): the body is not the API's JSON for it (EOF while parsing"),
        "{err}"
    );
}

fn get_team_answering_ok(body: &str) -> Error {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/team/1");
        then.status(200)
            .header("content-type", "application/json")
            .body(body);
    });
    anon(&server).get_team(1).unwrap_err()
}

#[test]
fn wrong_types_are_an_invalid_response() {
    for body in [
        r#"{"id":"one","name":"Red Team","created_at":1795778980.497615,"member_count":0,"awards":[]}"#,
        r#"{"id":1,"name":null,"created_at":1795778980.497615,"member_count":0,"awards":[]}"#,
        r#"{"id":1,"name":"x","created_at":"yesterday","member_count":0,"awards":[]}"#,
        r#"{"id":1,"name":"x","created_at":1e300,"member_count":0,"awards":[]}"#,
        r#"{"id":-1,"name":"x","created_at":1,"member_count":0,"awards":[]}"#,
        r#"[]"#,
        r#"null"#,
        "",
        "<html><body>Welcome to nginx!</body></html>",
    ] {
        let err = get_team_answering_ok(body);
        assert!(
            matches!(err, Error::InvalidResponse { status: 200, .. }),
            "{body}: {err:?}"
        );
    }
}

#[test]
fn account_id_wrong_types_are_an_invalid_response() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/account/1");
        then.status(200).body(
            r#"{"id":"12a","name":"x","discriminator":"0001","avatar_url":null,"team":null,"permissions":0,"created_at":1,"awards":[]}"#,
        );
    });
    server.mock(|when, then| {
        when.method(GET).path("/account/2");
        then.status(200).body(
            r#"{"id":"18446744073709551616","name":"x","discriminator":"0001","avatar_url":null,"team":null,"permissions":0,"created_at":1,"awards":[]}"#,
        );
    });
    let anon = anon(&server);
    assert!(matches!(
        anon.get_account(1),
        Err(Error::InvalidResponse { .. })
    ));
    assert!(matches!(
        anon.get_account(2),
        Err(Error::InvalidResponse { .. })
    ));
}

#[test]
fn a_body_over_the_size_cap_is_refused() {
    let server = MockServer::start();
    let big = format!(
        r#"{{"id":1,"name":"{}","created_at":1,"member_count":0,"awards":[]}}"#,
        "x".repeat(4096)
    );
    server.mock(|when, then| {
        when.method(GET).path("/team/1");
        then.status(200).body(big.as_str());
    });
    let small = configure(&server, UnauthenticatedClient::builder)
        .max_response_size(1024)
        .build()
        .unwrap();
    let err = small.get_team(1).unwrap_err();
    assert!(
        matches!(
            err,
            Error::ResponseTooLarge {
                status: 200,
                limit: 1024,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "GET /team/1: the answer (HTTP 200) is larger than the limit of 1024 bytes and was not \
         read; raise max_response_size, or ask for smaller pages"
    );
    // The default cap lets it through.
    assert_eq!(anon(&server).get_team(1).unwrap().name.len(), 4096);
}

#[test]
fn unexpected_success_status_for_give_award() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(PUT).path("/account/48/award/1");
        then.status(204);
    });
    let err = app(&server).give_award(1, 48).unwrap_err();
    assert!(matches!(err, Error::InvalidResponse { status: 204, .. }));
}

#[test]
fn an_unexpected_status_is_an_invalid_response() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/team/1");
        then.status(304);
    });
    let err = anon(&server).get_team(1).unwrap_err();
    assert!(
        matches!(err, Error::InvalidResponse { status: 304, .. }),
        "{err:?}"
    );
}

#[test]
fn a_timeout_is_a_transport_error() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/team/1");
        then.status(200)
            .delay(Duration::from_millis(1500))
            .body("{}");
    });
    let impatient = configure(&server, UnauthenticatedClient::builder)
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = impatient.get_team(1).unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Timeout);
    assert!(err.is_retryable());
    assert_eq!(err.code(), None);
}

#[test]
fn connection_refused_is_a_transport_error() {
    // Bind a port, then free it, so nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let client = anon(&format!("http://127.0.0.1:{port}"));
    let err = client.get_team(1).unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Connect);
    assert!(err.is_retryable());
    assert!(
        err.to_string().starts_with(&format!(
            "GET /team/1: could not connect to http://127.0.0.1:{port} ("
        )),
        "{err}"
    );
}

#[test]
fn credentials_never_show_in_errors() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.any_request();
        then.status(401).body(r#"{"detail":"Not authenticated"}"#);
    });
    let err = app(&server).get_self().unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(
        !shown.contains("app-token") && !shown.contains(APP_AUTH),
        "{shown}"
    );
}

#[test]
fn invalid_base_urls_fail_at_build() {
    for url in [
        "",
        "localhost:8000",
        "ftp://example.com",
        "http://user:pw@example.com",
    ] {
        let err = UnauthenticatedClient::builder(url).build().unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{url}: {err:?}");
    }
    let err = UnauthenticatedClient::builder("http://127.0.0.1:1")
        .proxy("::nonsense::")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}

#[test]
fn requests_carry_the_user_agent_and_accept_json() {
    let server = MockServer::start();
    let plain = server.mock(|when, then| {
        when.method(GET)
            .path("/team/1")
            .header(
                "user-agent",
                concat!("polympics-rust/", env!("CARGO_PKG_VERSION")),
            )
            .header("accept", "application/json");
        replay(then, wire("get team 1"));
    });
    anon(&server).get_team(1).unwrap();
    plain.assert_calls(1);
    let custom = server.mock(|when, then| {
        when.method(GET).path("/team/2").header(
            "user-agent",
            concat!("roster-sync/1.0 polympics-rust/", env!("CARGO_PKG_VERSION")),
        );
        replay(then, wire("get team 1"));
    });
    let client = configure(
        &format!("{}/", server.base_url()),
        UnauthenticatedClient::builder,
    )
    .user_agent("roster-sync/1.0")
    .build()
    .unwrap();
    client.get_team(2).unwrap();
    custom.assert_calls(1);
}

#[test]
fn a_base_url_with_a_path_prefix_is_kept() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.method(GET).path("/api/v1/team/1");
        replay(then, wire("get team 1"));
    });
    let client = anon(&format!("{}/api/v1/", server.base_url()));
    client.get_team(1).unwrap();
    mock.assert_calls(1);
}

#[test]
fn a_wrong_base_path_is_an_unknown_endpoint_not_a_missing_team() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/api/team/1");
        replay(then, wire("unknown route"));
    });
    let client = anon(&format!("{}/api", server.base_url()));
    let err = client.get_team(1).unwrap_err();
    assert!(
        matches!(err, Error::UnknownEndpoint { status: 404, .. }),
        "{err:?}"
    );
    assert!(!err.is_not_found(), "a sync must not delete rows on this");
    assert_eq!(
        err.to_string(),
        format!(
            "GET /team/1: the server has no such endpoint (HTTP 404 Not Found); check the base \
             URL {}/api (a missing or extra path prefix, or another service?)",
            server.base_url()
        )
    );
    let server = MockServer::start();
    server.mock(|when, then| {
        when.any_request();
        replay(then, wire("wrong method on a route"));
    });
    let err = anon(&server).check_signups().unwrap_err();
    assert!(
        matches!(err, Error::UnknownEndpoint { status: 405, .. }),
        "{err:?}"
    );
}

#[test]
fn debug_is_the_message_on_one_line_and_field_by_field_when_pretty() {
    // What `fn main() -> Result<(), polympics::Error>` prints after "Error: ".
    let err = get_team_answering(500, Some("application/json"), r#"{"detail":"boom"}"#);
    let line = format!("{err:?}");
    assert_eq!(line, err.to_string());
    assert!(!line.contains('\n'), "{line}");
    assert!(line.starts_with("GET /team/1: "), "{line}");
    let pretty = format!("{err:#?}");
    assert!(pretty.starts_with("Server {\n    message: "), "{pretty}");
    assert!(pretty.contains("status: 500"), "{pretty}");
    assert!(pretty.contains("detail: \"boom\""), "{pretty}");
}
