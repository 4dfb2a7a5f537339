//! The test server on the wire: connections handled as the real server's uvicorn handles
//! them, a drop that is quick whatever is going on, and injected faults.

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use common::hostile::Hostile;
use common::transport_kind;
use polympics::{
    AccountUpdate, Error, EventType, NewAccount, Permissions, TransportErrorKind,
    UnauthenticatedClient,
};
use polympics_test_server::{DeliveryOutcome, Fault, TestServer};

/// Sends a raw request on `stream` and reads one answer: status line, headers, body.
fn exchange(stream: &mut TcpStream, request: &str) -> (String, Vec<String>, String) {
    stream.write_all(request.as_bytes()).unwrap();
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut status = String::new();
    reader.read_line(&mut status).unwrap();
    let mut headers = Vec::new();
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end().to_owned();
        if line.is_empty() {
            break;
        }
        if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length: ") {
            length = value.parse().unwrap();
        }
        headers.push(line);
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body).unwrap();
    (
        status.trim_end().to_owned(),
        headers,
        String::from_utf8(body).unwrap(),
    )
}

fn connect(server: &TestServer) -> TcpStream {
    let stream = TcpStream::connect(server.url().trim_start_matches("http://")).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    stream
}

/// Whether the server closed `stream`: a read finds the end.
fn closed(stream: &mut TcpStream) -> bool {
    let mut byte = [0u8; 1];
    matches!(stream.read(&mut byte), Ok(0) | Err(_))
}

#[test]
fn connections_are_kept_alive() {
    let server = TestServer::start();
    let mut stream = connect(&server);
    for _ in 0..3 {
        let (status, headers, body) = exchange(
            &mut stream,
            "GET /accounts/signups HTTP/1.1\r\nhost: x\r\n\r\n",
        );
        assert_eq!(status, "HTTP/1.1 200 OK");
        assert!(
            !headers.iter().any(|h| h.starts_with("connection")),
            "{headers:?}"
        );
        assert_eq!(body, r#"{"signups_open":true}"#);
    }
    // A client asking to close gets its answer, then the end of the connection.
    let (status, headers, _) = exchange(
        &mut stream,
        "GET /accounts/signups HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
    );
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert!(
        headers.contains(&"connection: close".to_owned()),
        "{headers:?}"
    );
    assert!(closed(&mut stream));
    assert_eq!(server.request_count(), 4);
}

#[test]
fn after_a_500_the_connection_is_closed_without_notice() {
    let server = TestServer::start();
    let app = server.create_app("raw", Permissions::all());
    let auth = format!(
        "Basic {}",
        base64(&format!("{}:{}", app.username(), app.password()))
    );
    let mut stream = connect(&server);
    let body = r#"{"name":"nul\u0000team"}"#;
    let (status, headers, answer) = exchange(
        &mut stream,
        &format!(
            "POST /teams/new HTTP/1.1\r\nhost: x\r\nauthorization: {auth}\r\n\
             content-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        ),
    );
    // NUL in a name is a 500, as PostgreSQL makes it on the real server.
    assert_eq!(status, "HTTP/1.1 500 Internal Server Error");
    assert_eq!(answer, "Internal Server Error");
    assert!(
        !headers.iter().any(|h| h.starts_with("connection")),
        "{headers:?}"
    );
    assert!(closed(&mut stream));
    // The SDK's next call after a 500 works.
    let client = server.app_client(app);
    client.create_team("after").unwrap();
}

#[test]
fn a_dropped_server_closes_its_connections_at_once() {
    let server = TestServer::start();
    let mut idle = connect(&server);
    exchange(
        &mut idle,
        "GET /accounts/signups HTTP/1.1\r\nhost: x\r\n\r\n",
    );
    let client = server.client();
    assert!(client.check_signups().unwrap());
    drop(server);
    // Closed when the drop returns, not by the 5 s idle timeout later: a read that does
    // not wait finds the end already there (on loopback the close arrives as it is sent).
    idle.set_nonblocking(true).unwrap();
    match idle.read(&mut [0u8; 1]) {
        Ok(0) => {}
        Err(err) if err.kind() == std::io::ErrorKind::ConnectionReset => {}
        other => panic!("the connection is still open: {other:?}"),
    }
    let err = client.check_signups().unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Connect);
}

#[test]
fn drop_does_not_wait_for_a_stalled_callback_receiver() {
    // A receiver that answers the head of a response and then stalls its body.
    let ended = Arc::new(AtomicBool::new(false));
    let receiver = Hostile::start({
        let ended = ended.clone();
        move |conn| {
            if conn.read_request().is_some() {
                conn.write(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\npartial");
                conn.stall();
                ended.store(true, Ordering::SeqCst);
            }
        }
    });
    let url = format!("{}/hook", receiver.url());
    let server = TestServer::start();
    server.redirect_callbacks(Some(&url));
    trigger_a_delivery(&server);
    // The delivery is now on its way, and stalled.
    let arrived = receiver.wait_for_requests(1, Duration::from_secs(5));
    assert_eq!(arrived.len(), 1, "the delivery reached the receiver");
    drop(server);
    // The drop returned while the delivery still holds its connection open (its own 15 s
    // timeout ends it later): it did not wait for it.
    assert!(!ended.load(Ordering::SeqCst));
    drop(receiver);
}

/// Seeds the demo league, registers a callback and moves an account: one delivery.
fn trigger_a_delivery(server: &TestServer) {
    let league = server.seed_demo_league();
    let app = server.app_client(league.app);
    app.create_callback(
        EventType::AccountTeamUpdate,
        "https://example.com/hook",
        "s",
    )
    .unwrap();
    app.update_account(
        league.accounts[35],
        AccountUpdate::new().team(league.teams[0]),
    )
    .unwrap();
}

#[test]
fn deliveries_beyond_this_machine_are_recorded_as_not_sent() {
    let server = TestServer::start();
    trigger_a_delivery(&server);
    let deliveries = server.wait_for_deliveries(1, Duration::from_secs(5));
    assert_eq!(deliveries[0].outcome, DeliveryOutcome::NotSent);
}

#[test]
fn injected_statuses_with_retry_after_are_retried_by_the_sdk() {
    let server = TestServer::start();
    server.inject(
        Fault::status(429)
            .retry_after(Duration::ZERO)
            .times(2)
            .on_path("/accounts/signups"),
    );
    assert!(server.client().check_signups().unwrap());
    assert_eq!(server.request_count(), 3);
    // A 503 on a write is not retried: the error is the client's to handle.
    let app = server.app_client(server.create_app("faults", Permissions::all()));
    server.inject(Fault::status(503).on_method("POST"));
    let err = app.create_team("x").unwrap_err();
    assert_eq!((err.code(), err.attempts()), (Some(503), 1));
    assert!(
        app.list_teams().into_iter().next().is_none(),
        "nothing was created"
    );
}

#[test]
fn injected_redirects_stalls_and_dropped_connections() {
    let server = TestServer::start();
    let app = server.app_client(server.create_app("faults", Permissions::all()));
    server.inject(Fault::redirect(
        301,
        "https://elsewhere.example.com/teams/new",
    ));
    let err = app.create_team("redirected").unwrap_err();
    assert!(
        matches!(err, Error::Redirect { status: 301, .. }),
        "{err:?}"
    );

    server.inject(Fault::drop_connection().on_method("POST"));
    let err = app.create_team("dropped").unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Io);
    // Lost answers are the dangerous kind: the write happened.
    server.inject(Fault::lose_answer().on_method("POST"));
    app.create_team("lost answer").unwrap_err();
    let names: Vec<String> = app
        .list_teams()
        .into_iter()
        .map(|t| t.unwrap().name)
        .collect();
    assert_eq!(names, ["lost answer"]);

    server.inject(Fault::stall_body().on_path("/team/"));
    let impatient = common::configure(&server, UnauthenticatedClient::builder)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = impatient.get_team(1).unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Timeout);
    // Used up: the next read works.
    assert_eq!(impatient.get_team(1).unwrap().name, "lost answer");
}

#[test]
fn faults_match_method_and_path_and_can_be_cleared() {
    let server = TestServer::start();
    server.inject(Fault::status(502).times(10).on_method("DELETE"));
    server.inject(Fault::status(502).times(10).on_path("/teams/"));
    let client = server.client();
    assert!(client.check_signups().unwrap(), "neither matches");
    server.clear_faults();
    assert_eq!(client.list_teams().get_page(0).unwrap().results, 0);
    assert_eq!(server.request_count(), 2);
}

#[test]
fn names_with_nul_are_refused_before_sending() {
    let server = TestServer::start();
    let app = server.app_client(server.create_app("nul", Permissions::all()));
    for err in [
        app.create_team("a\0b").unwrap_err(),
        app.create_account(NewAccount::new(1, "a\0b", "0001"))
            .unwrap_err(),
        app.create_account(NewAccount::new(1, "ab", "0\u{0}01"))
            .unwrap_err(),
        app.list_accounts().search("a\0").get_page(0).unwrap_err(),
    ] {
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        assert!(err.to_string().contains("NUL"), "{err}");
    }
    assert_eq!(server.request_count(), 0);
}

/// Standard base64, for the raw requests above.
fn base64(text: &str) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(text)
}
