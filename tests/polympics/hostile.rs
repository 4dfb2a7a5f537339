//! Servers that misbehave on purpose: every call ends within its timeout with the right
//! error, nothing panics, nothing runs forever, and no write is reported that did not
//! happen or is sent twice.

use crate::common;

use std::time::Duration;

use common::hostile::{Conn, Hostile, RawRequest};
use common::{configure, ends, transport_kind};
use polympics::{
    AccountId, AppClient, AwardId, Credentials, Error, RetryPolicy, TeamId, TransportErrorKind,
    UnauthenticatedClient,
};

const TEAM: &str =
    r#"{"id":1,"name":"Red","created_at":1795778980.5,"member_count":0,"awards":[]}"#;
const SHORT: Duration = Duration::from_millis(300);

fn app(url: &str) -> AppClient {
    app_with(url, SHORT, RetryPolicy::none())
}

fn app_with(url: &str, timeout: Duration, retry: RetryPolicy) -> AppClient {
    configure(url, |url| {
        AppClient::builder(url, Credentials::new("A1", "hostile-secret-token"))
    })
    .timeout(timeout)
    .connect_timeout(SHORT)
    .retry(retry)
    .build()
    .unwrap()
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = Hostile::start(|conn| {
        if conn.read_request().is_some() {
            conn.stall();
        }
    });
    let client = app(server.url());
    let err = ends(move || client.get_team(1)).unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Timeout);
    assert_eq!(err.attempts(), 1);
}

#[test]
fn the_budget_bounds_a_call_whatever_the_timeouts() {
    // The answer comes after 3 s: within each attempt's 10 s timeout, but not within the
    // call's budget of 0.5 s, which must cut the attempt short.
    let server = Hostile::start(|conn| {
        if conn.read_request().is_some() {
            std::thread::sleep(Duration::from_secs(3));
            conn.json(200, TEAM);
        }
    });
    let policy = RetryPolicy::new()
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .budget(Duration::from_millis(500));
    let client = app_with(server.url(), Duration::from_secs(10), policy);
    let err = ends(move || client.get_team(1)).unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Timeout);
}

#[test]
fn a_stalled_body_times_out_and_a_stalled_error_body_keeps_its_status() {
    let server = Hostile::answering(|request, conn| {
        let status = if request.target == "/team/1" {
            200
        } else {
            503
        };
        conn.write(
            format!(
                "HTTP/1.1 {status} X\r\ncontent-type: text/plain\r\ncontent-length: 100\r\n\r\n"
            )
            .as_bytes(),
        );
        conn.write(b"Service Un");
        conn.stall();
        false
    });
    let client = app(server.url());
    let first = client.clone();
    let err = ends(move || first.get_team(1)).unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Timeout);
    let second = client.clone();
    let err = ends(move || second.get_team(2)).unwrap_err();
    assert!(
        matches!(
            &err,
            Error::Server {
                status: 503,
                hint: Some(_),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(
        err.to_string().contains("broke off before its end"),
        "{err}"
    );
    assert_eq!(err.detail(), Some("Service Un"));
}

#[test]
fn a_server_that_drips_bytes_is_given_up_on() {
    let server = Hostile::answering(|_, conn| {
        conn.write(b"HTTP/1.1 200 OK\r\ncontent-length: 10000\r\n\r\n");
        // One byte every 20 ms, until the client hangs up.
        while conn.write(b" ") {
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    });
    let client = app(server.url());
    let err = ends(move || client.get_team(1)).unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Timeout);
}

#[test]
fn content_length_lies_are_caught() {
    // Fewer bytes than announced, then the connection closes.
    let short = Hostile::answering(|_, conn| {
        conn.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"id\":1,");
        conn.close();
        false
    });
    let client = app(short.url());
    let err = ends(move || client.get_team(1)).unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Io);

    // More bytes than announced: the extra ones are not taken for the next answer.
    let long = Hostile::answering(|request, conn| {
        if request.connection == 0 {
            conn.write(format!("HTTP/1.1 200 OK\r\ncontent-length: 20\r\n\r\n{TEAM}").as_bytes())
        } else {
            conn.json(200, TEAM)
        }
    });
    let client = app(long.url());
    let err = client.get_team(1).unwrap_err();
    assert!(
        matches!(err, Error::InvalidResponse { status: 200, .. }),
        "{err:?}"
    );
    assert_eq!(client.get_team(1).unwrap().name, "Red");
    assert_eq!(
        long.connections(),
        2,
        "the connection with extra bytes was not reused"
    );
}

#[test]
fn a_reset_in_the_middle_of_the_body_is_a_transport_error() {
    let server = Hostile::start(|conn| {
        if conn.read_request().is_some() {
            conn.write(b"HTTP/1.1 200 OK\r\ncontent-length: 1000\r\n\r\n{\"id\":1,\"name\":\"");
        }
        conn.reset_on_return();
    });
    let client = app(server.url());
    let err = ends(move || client.get_team(1)).unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Io);
}

fn limited_to_a_mebibyte(url: &str) -> AppClient {
    configure(url, |url| {
        AppClient::builder(url, Credentials::new("A1", "x"))
    })
    .max_response_size(1 << 20)
    .build()
    .unwrap()
}

#[test]
fn two_gigabytes_are_refused_without_reading_them() {
    let announced = Hostile::answering(|_, conn| {
        conn.write(b"HTTP/1.1 200 OK\r\ncontent-length: 2147483648\r\n\r\n");
        let chunk = vec![b' '; 64 * 1024];
        while conn.write(&chunk) {}
        false
    });
    let client = limited_to_a_mebibyte(announced.url());
    let err = ends(move || client.get_team(1)).unwrap_err();
    assert!(
        matches!(err, Error::ResponseTooLarge { limit: 1048576, .. }),
        "{err:?}"
    );
    // Without a length (the body ends when the connection does), reading stops at the limit.
    let endless = Hostile::answering(|_, conn| {
        conn.write(b"HTTP/1.1 200 OK\r\nconnection: close\r\n\r\n");
        let chunk = vec![b' '; 64 * 1024];
        while conn.write(&chunk) {}
        false
    });
    let client = limited_to_a_mebibyte(endless.url());
    let err = ends(move || client.get_team(1)).unwrap_err();
    assert!(matches!(err, Error::ResponseTooLarge { .. }), "{err:?}");
}

/// A proxy that redirects every request elsewhere.
fn redirecting(status: u16) -> Hostile {
    Hostile::answering(move |request, conn| {
        let location = format!("https://api.example.com{}", request.target);
        conn.respond(status, &[("location", &location)], "")
    })
}

#[test]
fn writes_never_follow_a_redirect() {
    for status in [301, 302, 303, 307, 308] {
        let server = redirecting(status);
        let client = app(server.url());
        let results = [
            client.delete_team(TeamId(3)).map(drop),
            client.update_team(TeamId(3), "Renamed").map(drop),
            client.give_award(AwardId(1), AccountId(2)).map(drop),
            client.create_team("New").map(drop),
            client.get_team(3).map(drop),
        ];
        for result in results {
            let err = result.unwrap_err();
            match &err {
                Error::Redirect {
                    status: got,
                    location: Some(location),
                    ..
                } => {
                    assert_eq!(*got, status);
                    assert!(location.starts_with("https://api.example.com/"));
                }
                other => panic!("{status}: expected a redirect error, got {other:?}"),
            }
            assert!(err.to_string().contains("base URL"), "{err}");
            assert!(!err.is_retryable());
        }
        // One request per call: nothing was sent again, anywhere.
        let methods: Vec<String> = server.requests().iter().map(|r| r.method.clone()).collect();
        assert_eq!(
            methods,
            ["DELETE", "PATCH", "PUT", "POST", "GET"],
            "{status}"
        );
    }
}

/// A page server that ignores the query string: page 0 every time.
fn same_page_forever() -> Hostile {
    Hostile::answering(|_, conn| {
        let data = [TEAM; 2].join(",");
        conn.json(
            200,
            &format!(r#"{{"page":0,"per_page":2,"pages":1000,"results":2000,"data":[{data}]}}"#),
        )
    })
}

#[test]
fn a_server_repeating_the_same_page_ends_the_listing() {
    let server = same_page_forever();
    let client = app(server.url());
    let lister = client.clone();
    let results: Vec<_> = ends(move || lister.list_teams().per_page(2).into_iter().collect());
    assert_eq!(results.len(), 3, "two teams, then the error");
    let err = results[2].as_ref().unwrap_err();
    assert!(matches!(err, Error::InvalidResponse { .. }), "{err:?}");
    assert!(
        err.to_string().contains("asked for page 1 and got page 0"),
        "{err}"
    );
    let pages: Vec<_> = client.list_teams().per_page(2).pages().collect();
    assert_eq!(pages.len(), 2);
    assert!(pages[1].is_err());
    assert_eq!(server.requests().len(), 4);
}

#[test]
fn a_page_number_going_backwards_ends_the_listing() {
    let server = Hostile::answering(|request, conn| {
        let asked: u64 = request
            .target
            .split(['?', '&'])
            .find_map(|kv| kv.strip_prefix("page="))
            .and_then(|p| p.parse().ok())
            .unwrap_or(0);
        let echoed = asked.saturating_sub(1);
        conn.json(
            200,
            &format!(r#"{{"page":{echoed},"per_page":1,"pages":50,"results":50,"data":[{TEAM}]}}"#),
        )
    });
    let results: Vec<_> = app(server.url())
        .list_teams()
        .per_page(1)
        .into_iter()
        .collect();
    assert_eq!(results.len(), 2);
    assert!(results[1].is_err());
}

#[test]
fn echoed_credentials_never_appear_in_errors() {
    let server = Hostile::answering(|request: &RawRequest, conn: &mut Conn| {
        let status = if request.method == "GET" { 500 } else { 400 };
        let echo = request.head();
        if status == 400 {
            conn.json(400, &serde_json::json!({ "detail": echo }).to_string())
        } else {
            conn.respond(500, &[("content-type", "text/plain")], &echo)
        }
    });
    let client = app(server.url());
    let authorization = server_authorization(&client);
    for err in [
        client.get_team(1).unwrap_err(),
        client.create_team("x").unwrap_err(),
    ] {
        let shown = format!("{err} {err:?}");
        assert!(shown.contains("Basic [REDACTED]"), "{shown}");
        assert!(!shown.contains(&authorization), "{shown}");
        assert!(!shown.contains("hostile-secret-token"), "{shown}");
    }
}

/// The `Authorization` value the client sends: `Basic base64("A1:hostile-secret-token")`.
fn server_authorization(_client: &AppClient) -> String {
    "QTE6aG9zdGlsZS1zZWNyZXQtdG9rZW4=".to_owned()
}

#[test]
fn control_characters_from_the_server_are_escaped() {
    let server = Hostile::answering(|_, conn| {
        conn.json(
            403,
            r#"{"detail":"denied\r\nX-Injected: yes\u001b[31m red\u0007"}"#,
        )
    });
    let err = app(server.url()).create_team("x").unwrap_err();
    let shown = err.to_string();
    assert!(!shown.contains(|c: char| c.is_control()), "{shown:?}");
    assert!(
        shown.contains("denied\\r\\nX-Injected: yes\\u{1b}[31m red\\u{7}"),
        "{shown}"
    );
    // The field keeps the server's text as it was.
    assert_eq!(
        err.detail(),
        Some("denied\r\nX-Injected: yes\u{1b}[31m red\u{7}")
    );
}

/// A server that closes a connection after a 500 the way uvicorn does, at the worst moment:
/// it keeps the connection open, and closes it without answering when the client sends
/// the next request on it.
fn closes_after_500() -> Hostile {
    Hostile::answering(|request, conn| {
        let body = String::from_utf8_lossy(&request.body).into_owned();
        if request.method == "POST" && body.contains("\"fail\"") {
            conn.respond(
                500,
                &[("content-type", "text/plain; charset=utf-8")],
                "Internal Server Error",
            );
            conn.close_when_reused();
            return false;
        }
        if request.method == "POST" {
            conn.json(201, TEAM)
        } else {
            conn.json(200, TEAM)
        }
    })
}

#[test]
fn the_call_after_a_500_succeeds_on_every_method_30_rounds() {
    for retry in [RetryPolicy::none(), RetryPolicy::new()] {
        let server = closes_after_500();
        let client = app_with(server.url(), Duration::from_secs(5), retry);
        for round in 0..30 {
            let err = client.create_team("fail").unwrap_err();
            assert_eq!(err.code(), Some(500), "round {round}");
            // A POST right after the 500, then a GET, then a POST again.
            client
                .create_team("ok")
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            client
                .get_team(1)
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            client
                .create_team("ok")
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
            let err = client.create_team("fail").unwrap_err();
            assert_eq!(err.code(), Some(500), "round {round}");
            client
                .get_team(1)
                .unwrap_or_else(|e| panic!("round {round}: {e}"));
        }
        // No write was sent twice: exactly the POSTs made.
        let requests = server.requests();
        let count = |method: &str, name: &str| {
            requests
                .iter()
                .filter(|r| r.method == method && String::from_utf8_lossy(&r.body).contains(name))
                .count()
        };
        assert_eq!(count("POST", "\"fail\""), 60);
        assert_eq!(count("POST", "\"ok\""), 60);
        assert_eq!(requests.iter().filter(|r| r.method == "GET").count(), 60);
        // The connection of each 500 was never used again.
        for failed in requests
            .iter()
            .filter(|r| r.method == "POST" && r.body.ends_with(b"\"fail\"}"))
        {
            assert!(
                !requests
                    .iter()
                    .any(|r| r.connection == failed.connection
                        && r.on_connection > failed.on_connection),
                "a request followed a 500 on its connection"
            );
        }
    }
}

#[test]
fn a_dns_failure_is_a_retryable_dns_error() {
    // A 64-character label: the resolver refuses it without asking the network.
    let host = format!("{}.invalid", "a".repeat(64));
    let client = common::anon(&format!("http://{host}"));
    let err = ends(move || client.get_team(1)).unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Dns);
    assert!(err.is_retryable());
    assert!(
        err.to_string().contains("could not resolve the host"),
        "{err}"
    );
}

#[test]
fn a_user_agent_with_a_line_break_is_refused_at_build() {
    let err = UnauthenticatedClient::builder("http://127.0.0.1:1")
        .user_agent("x\r\nY: z")
        .build()
        .unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
}
