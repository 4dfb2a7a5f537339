//! `webhooks::Listener`: events the test server delivers are yielded; requests with a wrong
//! secret, a wrong method, an oversized or malformed body are refused with the right
//! status and never yielded; the server hears 2xx only once the event is handed over; and
//! the iteration stops from another thread.

use crate::common;

use std::net::TcpListener;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

mod attacks;

use polympics::webhooks::Error;
use polympics::webhooks::{Event, Listener};
use polympics::{AccountUpdate, EventType, TeamAssignment};
use polympics_test_server::{DeliveryOutcome, TestServer};

const SECRET: &str = "listener-test-secret";

/// Not a test of its own: the listener that `attacks` runs as a process of its own, with
/// timeouts of an hour. It prints its address, then a line for each event it yields.
#[test]
#[ignore = "run by the attack tests, as a process of its own"]
fn listener_process() {
    use std::io::Write;
    let Ok(secret) = std::env::var(attacks::CHILD_VAR) else {
        return;
    };
    let hour = Duration::from_secs(3600);
    let listener = Listener::builder(secret)
        .request_timeout(hour)
        .idle_timeout(hour)
        .write_timeout(hour)
        .bind("127.0.0.1:0")
        .unwrap();
    let mut out = std::io::stdout();
    writeln!(out, "listening on {}", listener.local_addr()).unwrap();
    out.flush().unwrap();
    for event in &listener {
        if let Event::AccountTeamUpdate(event) = event {
            writeln!(out, "event {}", event.account.id).unwrap();
            out.flush().unwrap();
        }
    }
}

/// A body the crate reads as an event: the first one the test server sends.
fn event_body() -> String {
    let server = TestServer::start();
    let league = server.seed_demo_league();
    let app = server.app_client(league.app);
    app.create_callback(EventType::AccountTeamUpdate, "http://192.0.2.1/cb", SECRET)
        .unwrap();
    app.update_account(
        league.accounts[0],
        AccountUpdate::new().team(league.teams[1]),
    )
    .unwrap();
    server
        .wait_for_deliveries(1, Duration::from_secs(10))
        .remove(0)
        .body
}

/// POSTs `body` to the listener with `authorization`, on a thread (the listener answers
/// only as it iterates); the status comes back over the channel.
fn post(
    listener: &Listener,
    authorization: Option<&str>,
    method: &str,
    body: Vec<u8>,
) -> mpsc::Receiver<u16> {
    let url = format!("http://{}/polympics", listener.local_addr());
    let authorization = authorization.map(str::to_owned);
    let method = method.to_owned();
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .allow_non_standard_methods(true)
            .timeout_global(Some(Duration::from_secs(10)))
            .build()
            .into();
        let mut request = ureq::http::Request::builder()
            .method(method.as_str())
            .uri(url)
            .header("content-type", "application/json");
        if let Some(authorization) = authorization {
            request = request.header("authorization", authorization);
        }
        let status = agent
            .run(request.body(body).unwrap())
            .map_or(0, |response| response.status().as_u16());
        let _ = tx.send(status);
    });
    rx
}

fn bearer() -> String {
    format!("Bearer {SECRET}")
}

#[test]
fn events_the_server_delivers_are_yielded_in_order() {
    let server = TestServer::start();
    let league = server.seed_demo_league();
    let app = server.app_client(league.app);
    let listener = Listener::bind("127.0.0.1:0", SECRET).unwrap();
    let url = format!("http://{}/polympics", listener.local_addr());
    app.create_callback(EventType::AccountTeamUpdate, &url, SECRET)
        .unwrap();

    let moves = [
        (league.accounts[0], Some(league.teams[1])),
        (league.accounts[1], Some(league.teams[2])),
        (league.accounts[2], None),
    ];
    for (account, team) in moves {
        let assignment = team.map_or(TeamAssignment::Leave, TeamAssignment::Join);
        app.update_account(account, AccountUpdate::new().team(assignment))
            .unwrap();
    }
    let events: Vec<_> = listener
        .incoming()
        .take(moves.len())
        .map(|event| match event {
            Event::AccountTeamUpdate(event) => (event.account.id, event.team.map(|t| t.id)),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(events, moves);

    let deliveries = server.wait_for_deliveries(moves.len(), Duration::from_secs(10));
    assert!(deliveries
        .iter()
        .all(|d| d.outcome == DeliveryOutcome::Delivered { status: 204 }));
}

/// Sends each refused request in turn (checking its status), then a valid event, while
/// the listener iterates on another thread: the first thing it yields must be that event.
fn refused_then_valid(listener: &Listener, refused: Vec<(Option<&str>, &str, Vec<u8>, u16)>) {
    thread::scope(|scope| {
        let yielded = scope.spawn(|| listener.incoming().next());
        for (authorization, method, body, expected) in refused {
            let status = post(listener, authorization, method, body).recv().unwrap();
            assert_eq!(status, expected, "{method} with {authorization:?}");
        }
        let status = post(listener, Some(&bearer()), "POST", event_body().into_bytes());
        assert!(matches!(
            yielded.join().unwrap(),
            Some(Event::AccountTeamUpdate(_))
        ));
        assert_eq!(status.recv().unwrap(), 204);
    });
}

#[test]
fn a_wrong_or_missing_secret_is_refused_and_never_yielded() {
    let listener = Listener::bind("127.0.0.1:0", SECRET).unwrap();
    let body = event_body().into_bytes();
    let refused = [None, Some("Bearer wrong"), Some(SECRET), Some("Basic x")]
        .into_iter()
        .map(|authorization| (authorization, "POST", body.clone(), 401))
        .collect();
    refused_then_valid(&listener, refused);
}

#[test]
fn other_methods_oversized_and_malformed_bodies_are_refused() {
    let listener = Listener::builder(SECRET)
        .max_body(4096)
        .bind("127.0.0.1:0")
        .unwrap();
    let auth = bearer();
    let refused = vec![
        (Some(auth.as_str()), "PUT", event_body().into_bytes(), 405),
        (Some(auth.as_str()), "POST", vec![b' '; 4097], 413),
        (
            Some(auth.as_str()),
            "POST",
            b"{\"account\": 1}".to_vec(),
            400,
        ),
        (Some(auth.as_str()), "POST", b"not json".to_vec(), 400),
    ];
    refused_then_valid(&listener, refused);
}

#[test]
fn the_server_hears_2xx_only_once_the_event_is_handed_over() {
    let listener = Listener::bind("127.0.0.1:0", SECRET).unwrap();
    let status = post(
        &listener,
        Some(&bearer()),
        "POST",
        event_body().into_bytes(),
    );
    // Nothing iterates yet: the request waits unanswered.
    assert!(status.recv_timeout(Duration::from_millis(300)).is_err());
    let event = listener.incoming().next();
    assert!(matches!(event, Some(Event::AccountTeamUpdate(_))));
    assert_eq!(status.recv().unwrap(), 204);
}

#[test]
fn cancelling_from_another_thread_ends_a_blocked_iteration() {
    let listener = Listener::bind("127.0.0.1:0", SECRET).unwrap();
    let cancel = listener.cancel_token();
    let (started_tx, started) = mpsc::channel();
    let stopper = thread::spawn(move || {
        started.recv().unwrap();
        cancel.cancel();
    });
    let mut incoming = listener.incoming();
    started_tx.send(()).unwrap();
    assert!(incoming.next().is_none());
    assert!(incoming.next().is_none());
    assert!(listener.is_cancelled());
    assert!(listener.next_timeout(Duration::MAX).is_none());
    stopper.join().unwrap();
}

#[test]
fn next_timeout_returns_none_when_nothing_comes() {
    let listener = Listener::bind("127.0.0.1:0", SECRET).unwrap();
    assert!(listener.next_timeout(Duration::from_millis(50)).is_none());
    assert!(!listener.is_cancelled());
}

#[test]
fn binding_fails_clearly() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = taken.local_addr().unwrap();
    let err = Listener::bind(addr, SECRET).unwrap_err();
    assert!(matches!(err, Error::Listen { .. }), "{err:?}");
    assert!(err.to_string().contains(&addr.to_string()), "{err}");

    let err = Listener::bind("127.0.0.1:0", "").unwrap_err();
    assert!(matches!(err, Error::EmptySecret), "{err:?}");
}

#[test]
fn the_secret_is_not_shown() {
    let listener = Listener::bind("127.0.0.1:0", SECRET).unwrap();
    let shown = format!("{listener:?} {:?}", listener.cancel_token());
    assert!(!shown.contains(SECRET), "{shown}");
}

#[test]
fn a_chunked_body_over_the_limit_is_refused_without_being_read_whole() {
    use std::io::{Read, Write};
    let listener = Listener::builder(SECRET)
        .max_body(4096)
        .bind("127.0.0.1:0")
        .unwrap();
    thread::scope(|scope| {
        let yielded = scope.spawn(|| listener.incoming().next());
        let mut stream = std::net::TcpStream::connect(listener.local_addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let head = format!(
            "POST /polympics HTTP/1.1\r\nhost: x\r\nauthorization: {}\r\n\
             transfer-encoding: chunked\r\n\r\n",
            bearer()
        );
        stream.write_all(head.as_bytes()).unwrap();
        for _ in 0..3 {
            stream.write_all(b"800\r\n").unwrap();
            stream.write_all(&[b' '; 0x800]).unwrap();
            stream.write_all(b"\r\n").unwrap();
        }
        stream.write_all(b"0\r\n\r\n").unwrap();
        let mut answer = [0; 12];
        stream.read_exact(&mut answer).unwrap();
        assert_eq!(&answer, b"HTTP/1.1 413");
        drop(stream);

        let status = post(
            &listener,
            Some(&bearer()),
            "POST",
            event_body().into_bytes(),
        );
        assert!(yielded.join().unwrap().is_some());
        assert_eq!(status.recv().unwrap(), 204);
    });
}

struct Capture(std::sync::Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        let line = format!("{} {}", record.target(), record.args());
        self.0.lock().unwrap().push(line);
    }

    fn flush(&self) {}
}

/// It sets the (process-wide) logger: in a process of its own.
#[test]
fn a_refusal_is_logged_without_any_secret() {
    common::own_process("listener::a_refusal_is_logged_without_any_secret_alone");
}

/// The test above, in a process of its own (`common::own_process`).
#[test]
#[ignore = "run by a_refusal_is_logged_without_any_secret, in a process of its own"]
fn a_refusal_is_logged_without_any_secret_alone() {
    if !common::is_own_process("listener::a_refusal_is_logged_without_any_secret_alone") {
        return;
    }
    let capture: &'static Capture = Box::leak(Box::new(Capture(Default::default())));
    log::set_logger(capture).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let listener = Listener::bind("127.0.0.1:0", SECRET).unwrap();
    let forged = "Bearer forged-by-someone-else";
    refused_then_valid(&listener, vec![(Some(forged), "POST", b"{}".to_vec(), 401)]);

    let records = capture.0.lock().unwrap();
    assert!(
        records
            .iter()
            .any(|r| r.starts_with("polympics::webhooks refused") && r.contains("secret")),
        "{records:#?}"
    );
    assert!(
        records
            .iter()
            .all(|r| !r.contains(SECRET) && !r.contains("forged-by")),
        "{records:#?}"
    );
}
