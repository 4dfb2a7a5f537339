//! The retry policy: exact attempt counts for every kind of request and failure, waits
//! written down by a test clock (exact, and never waited for), and retries that never
//! duplicate a write.

use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use common::hostile::{Conn, Hostile, RawRequest};
use common::{configure, transport_kind};
use polympics::clock::{Clock, TestClock};
use polympics::{
    AccountId, AppClient, AwardGiven, AwardId, Credentials, RetryPolicy, TeamId, TransportErrorKind,
};

const TEAM: &str =
    r#"{"id":1,"name":"Red","created_at":1795778980.5,"member_count":0,"awards":[]}"#;

/// Retries with waits of at most 2 ms and no window past the attempts, so that counts can
/// be checked quickly.
fn quick() -> RetryPolicy {
    RetryPolicy::new()
        .backoff(Duration::from_millis(1), Duration::from_millis(2))
        .window(Duration::ZERO)
}

fn client(url: &str, retry: RetryPolicy) -> AppClient {
    client_with_clock(url, retry, TestClock::new())
}

/// The client on `clock`, whose waits are then written down instead of waited.
fn client_with_clock(url: &str, retry: RetryPolicy, clock: TestClock) -> AppClient {
    configure(url, |url| {
        AppClient::builder(url, Credentials::new("A1", "token"))
    })
    .timeout(Duration::from_millis(300))
    .connect_timeout(Duration::from_millis(300))
    .retry(retry)
    .clock(clock)
    .build()
    .unwrap()
}

/// What the scripted server does with the n-th request (from 0).
#[derive(Clone, Copy)]
enum Step {
    Status(u16, Option<&'static str>),
    /// This status with this JSON body (or none, when empty).
    Answer(u16, &'static str),
    /// Reads the request, then closes the connection without an answer.
    Drop,
    /// Reads the request and answers nothing until the client gives up.
    Stall,
    /// The normal answer for the request.
    Ok,
}

/// A server that plays `steps` in order, then answers normally.
fn scripted(steps: Vec<Step>) -> Hostile {
    let next = Arc::new(AtomicUsize::new(0));
    Hostile::start(move |conn: &mut Conn| {
        while let Some(request) = conn.read_request() {
            let step = steps
                .get(next.fetch_add(1, Ordering::SeqCst))
                .copied()
                .unwrap_or(Step::Ok);
            let open = match step {
                Step::Status(status, retry_after) => {
                    let mut headers = vec![("content-type", "application/json")];
                    if let Some(value) = retry_after {
                        headers.push(("retry-after", value));
                    }
                    conn.respond(status, &headers, r#"{"detail":"try later"}"#)
                }
                Step::Answer(status, "") => conn.respond(status, &[], ""),
                Step::Answer(status, body) => conn.json(status, body),
                Step::Drop => {
                    conn.close();
                    false
                }
                Step::Stall => {
                    conn.stall();
                    false
                }
                Step::Ok => answer(&request, conn),
            };
            if !open {
                return;
            }
        }
    })
}

/// The success answer of each request the tests make.
fn answer(request: &RawRequest, conn: &mut Conn) -> bool {
    match (request.method.as_str(), request.target.as_str()) {
        ("PUT", _) => conn.respond(201, &[], ""),
        ("DELETE", _) => conn.respond(204, &[], ""),
        ("POST", _) => conn.json(201, TEAM),
        _ => conn.json(200, TEAM),
    }
}

fn methods(server: &Hostile) -> Vec<String> {
    server.requests().iter().map(|r| r.method.clone()).collect()
}

use Step::*;

#[test]
fn reads_are_retried_on_gateway_errors_until_they_succeed() {
    for status in [502, 503, 504] {
        let server = scripted(vec![Status(status, None), Status(status, None)]);
        let team = client(server.url(), quick()).get_team(1).unwrap();
        assert_eq!(team.name, "Red");
        assert_eq!(methods(&server), ["GET", "GET", "GET"], "{status}");
    }
}

#[test]
fn deletes_and_gives_are_retried_too() {
    let server = scripted(vec![Status(503, None)]);
    client(server.url(), quick())
        .delete_account(AccountId(42))
        .unwrap();
    assert_eq!(methods(&server), ["DELETE", "DELETE"]);
    let server = scripted(vec![Status(504, None), Drop]);
    let given = client(server.url(), quick())
        .give_award(AwardId(1), AccountId(42))
        .unwrap();
    assert_eq!(given, AwardGiven::Given);
    assert_eq!(methods(&server), ["PUT", "PUT", "PUT"]);
}

#[test]
fn a_500_is_not_retried() {
    let server = scripted(vec![Status(500, None)]);
    let err = client(server.url(), quick()).get_team(1).unwrap_err();
    assert_eq!(err.code(), Some(500));
    assert_eq!(err.attempts(), 1);
    assert!(!err.is_retryable());
    assert_eq!(methods(&server), ["GET"]);
}

#[test]
fn creates_and_updates_are_not_repeated_after_a_gateway_error() {
    let server = scripted(vec![Status(503, None)]);
    let err = client(server.url(), quick()).create_team("x").unwrap_err();
    assert_eq!((err.code(), err.attempts()), (Some(503), 1));
    assert!(!err.is_retryable());
    let server2 = scripted(vec![Status(502, None)]);
    let err = client(server2.url(), quick())
        .update_team(TeamId(1), "y")
        .unwrap_err();
    assert_eq!((err.code(), err.attempts()), (Some(502), 1));
    assert_eq!(methods(&server), ["POST"]);
    assert_eq!(methods(&server2), ["PATCH"]);
}

#[test]
fn too_many_requests_is_retried_for_every_method() {
    let server = scripted(vec![Status(429, Some("0"))]);
    let c = client(server.url(), quick());
    c.create_team("x").unwrap();
    let server2 = scripted(vec![Status(429, None)]);
    client(server2.url(), quick())
        .update_team(TeamId(1), "y")
        .unwrap();
    assert_eq!(methods(&server), ["POST", "POST"]);
    assert_eq!(methods(&server2), ["PATCH", "PATCH"]);
}

#[test]
fn a_lost_connection_is_retried_only_for_requests_safe_to_repeat() {
    let server = scripted(vec![Drop]);
    client(server.url(), quick()).get_team(1).unwrap();
    assert_eq!(methods(&server), ["GET", "GET"]);

    let server = scripted(vec![Drop]);
    let err = client(server.url(), quick()).create_team("x").unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Io);
    assert!(!err.is_retryable());
    assert_eq!(
        methods(&server),
        ["POST"],
        "the write may have happened: not sent again"
    );
}

#[test]
fn a_timeout_is_retried_only_for_requests_safe_to_repeat() {
    let server = scripted(vec![Stall]);
    client(server.url(), quick()).get_team(1).unwrap();
    assert_eq!(methods(&server), ["GET", "GET"]);

    let server = scripted(vec![Stall]);
    let err = client(server.url(), quick())
        .update_team(TeamId(1), "x")
        .unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Timeout);
    assert_eq!(methods(&server), ["PATCH"]);
}

#[test]
fn a_refused_connection_is_retried_for_every_method_up_to_the_limit() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let err = client(&format!("http://127.0.0.1:{port}"), quick())
        .create_team("x")
        .unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Connect);
    assert_eq!(err.attempts(), 4);
    assert!(err.to_string().ends_with("(after 4 attempts)"), "{err}");
}

#[test]
fn attempts_stop_at_the_maximum() {
    let server = scripted(vec![Status(503, None); 10]);
    let err = client(server.url(), quick().max_attempts(3))
        .get_team(1)
        .unwrap_err();
    assert_eq!((err.code(), err.attempts()), (Some(503), 3));
    assert!(
        err.is_retryable(),
        "the policy would retry it, given more attempts"
    );
    assert_eq!(methods(&server).len(), 3);
    let server = scripted(vec![Status(503, None)]);
    let err = client(server.url(), RetryPolicy::none())
        .get_team(1)
        .unwrap_err();
    assert_eq!(err.attempts(), 1);
    assert_eq!(methods(&server).len(), 1);
}

#[test]
fn retry_after_in_seconds_is_honoured() {
    let server = scripted(vec![Status(503, Some("1"))]);
    let clock = TestClock::new();
    client_with_clock(server.url(), quick(), clock.clone())
        .get_team(1)
        .unwrap();
    assert_eq!(clock.waits(), [Duration::from_secs(1)]);
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn retry_after_as_an_http_date_is_honoured() {
    let at = SystemTime::now() + Duration::from_secs(30);
    let date: &'static str = Box::leak(httpdate::fmt_http_date(at).into_boxed_str());
    let server = scripted(vec![Status(429, Some(date))]);
    let clock = TestClock::new();
    client_with_clock(server.url(), quick(), clock.clone())
        .create_team("x")
        .unwrap();
    // Until the date (which has whole seconds): more than nothing, at most 30 s.
    let waits = clock.waits();
    assert_eq!(waits.len(), 1, "{waits:?}");
    assert!(
        !waits[0].is_zero() && waits[0] <= Duration::from_secs(30),
        "{waits:?}"
    );
}

#[test]
fn a_retry_after_longer_than_the_cap_ends_the_retries() {
    let server = scripted(vec![Status(429, Some("120"))]);
    let err = client(server.url(), quick()).get_team(1).unwrap_err();
    assert_eq!(err.retry_after(), Some(Duration::from_secs(120)));
    assert_eq!(err.attempts(), 1);
    assert!(
        err.to_string().contains("the server asks to wait 120 s"),
        "{err}"
    );
    assert_eq!(methods(&server).len(), 1);
}

#[test]
fn the_budget_ends_the_retries() {
    // The server asks for 1 s, and only 0.5 s is left: no wait, no second attempt.
    let server = scripted(vec![Status(503, Some("1")); 3]);
    let clock = TestClock::new();
    let policy = quick().budget(Duration::from_millis(500));
    let err = client_with_clock(server.url(), policy, clock.clone())
        .get_team(1)
        .unwrap_err();
    assert_eq!((err.code(), err.attempts()), (Some(503), 1));
    assert!(clock.waits().is_empty(), "{:?}", clock.waits());
}

#[test]
fn the_budget_counts_the_waits() {
    // Each wait is 2 s as the server asks; a budget of 5 s leaves room for two of them.
    let server = scripted(vec![Status(503, Some("2")); 5]);
    let clock = TestClock::new();
    let policy = quick().max_attempts(10).budget(Duration::from_secs(5));
    let err = client_with_clock(server.url(), policy, clock.clone())
        .get_team(1)
        .unwrap_err();
    assert_eq!(clock.waits(), [Duration::from_secs(2); 2]);
    assert_eq!((err.code(), err.attempts()), (Some(503), 3));
}

#[test]
fn backoff_waits_stay_under_their_ceiling() {
    let server = scripted(vec![Status(503, None); 3]);
    let clock = TestClock::new();
    let policy = RetryPolicy::new().backoff(Duration::from_millis(40), Duration::from_millis(60));
    client_with_clock(server.url(), policy, clock.clone())
        .get_team(1)
        .unwrap();
    assert_eq!(server.requests().len(), 4);
    // Ceilings 40, 60 and 60 ms (doubling, capped): each wait is drawn below its own.
    let waits = clock.waits();
    assert_eq!(waits.len(), 3, "{waits:?}");
    for (wait, ceiling) in waits.iter().zip([40, 60, 60]) {
        assert!(*wait < Duration::from_millis(ceiling), "{waits:?}");
    }
}

#[test]
fn a_retry_after_is_waited_exactly() {
    let server = scripted(vec![Status(429, Some("7")), Status(503, Some("3"))]);
    let clock = TestClock::new();
    client_with_clock(server.url(), RetryPolicy::new(), clock.clone())
        .get_team(1)
        .unwrap();
    assert_eq!(
        clock.waits(),
        [Duration::from_secs(7), Duration::from_secs(3)]
    );
}

#[test]
fn a_retried_delete_that_finds_nothing_reports_not_found() {
    // The first answer is lost; the retry finds the team gone.
    let not_found =
        r#"{"detail":[{"loc":["path","team"],"msg":"Team not found.","type":"value_error"}]}"#;
    let server = scripted(vec![Drop, Answer(422, not_found)]);
    let err = client(server.url(), quick())
        .delete_team(TeamId(5))
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.attempts(), 2);
}

#[test]
fn a_retried_give_that_finds_the_award_held_reports_already_held() {
    let server = scripted(vec![Drop, Answer(208, "")]);
    let given = client(server.url(), quick())
        .give_award(AwardId(1), AccountId(2))
        .unwrap();
    assert_eq!(given, AwardGiven::AlreadyHeld);
    assert_eq!(methods(&server), ["PUT", "PUT"]);
}

/// A clock on which the test server is down from its first wait until 4 s later: then the
/// server starts again on the same port (as a restart does), within the wait that crosses
/// the 4 s. Nothing is waited for real.
#[derive(Debug)]
struct Restart {
    clock: TestClock,
    port: u16,
    down_until: std::sync::Mutex<Option<std::time::Instant>>,
    server: std::sync::Mutex<Option<polympics_test_server::TestServer>>,
}

/// The clock the client holds: the restart, shared with the test.
#[derive(Debug, Clone)]
struct RestartClock(Arc<Restart>);

impl Clock for RestartClock {
    fn now(&self) -> std::time::Instant {
        self.0.clock.now()
    }

    fn pass(&self, wait: Duration) -> Duration {
        self.0.pass(wait)
    }
}

impl Restart {
    fn pass(&self, wait: Duration) -> Duration {
        let mut down_until = self.down_until.lock().unwrap();
        let until = *down_until.get_or_insert(self.clock.now() + Duration::from_secs(4));
        self.clock.pass(wait);
        let mut server = self.server.lock().unwrap();
        if server.is_none() && self.clock.now() >= until {
            *server = Some(polympics_test_server::TestServer::try_start_on(self.port).unwrap());
        }
        Duration::ZERO
    }
}

#[test]
fn a_read_outlasts_a_server_stopped_for_4_seconds() {
    let server = polympics_test_server::TestServer::start();
    let url = server.url().to_owned();
    let port: u16 = url.rsplit(':').next().unwrap().parse().unwrap();
    let restart = Arc::new(Restart {
        clock: TestClock::new(),
        port,
        down_until: std::sync::Mutex::new(None),
        server: std::sync::Mutex::new(None),
    });
    let client = configure(url.as_str(), polympics::UnauthenticatedClient::builder)
        .retry(RetryPolicy::new())
        .clock(RestartClock(restart.clone()))
        .build()
        .unwrap();
    assert!(client.check_signups().unwrap());
    // Stopped: every connection is refused until the clock is 4 s on.
    drop(server);
    assert!(
        client.check_signups().unwrap(),
        "the read outlasted the restart"
    );
    let waited: Duration = restart.clock.waits().iter().sum();
    assert!(waited >= Duration::from_secs(4), "{waited:?}");
    assert!(restart.server.lock().unwrap().is_some());
    // Without the window, 4 attempts give up before the server is back: their waits are
    // at most 0.5 + 1 + 2 s.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let clock = TestClock::new();
    let err = configure(
        format!("http://127.0.0.1:{port}").as_str(),
        polympics::UnauthenticatedClient::builder,
    )
    .retry(RetryPolicy::new().window(Duration::ZERO))
    .clock(clock.clone())
    .build()
    .unwrap()
    .check_signups()
    .unwrap_err();
    assert_eq!(err.attempts(), 4);
    assert!(
        clock.skipped() < Duration::from_millis(3500),
        "{:?}",
        clock.skipped()
    );
}
