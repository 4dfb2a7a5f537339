//! What the crate logs: one `debug` record per attempt, with method, path, status, time,
//! attempt number and the wait before a retry, and never a header, a token or a body.
//! The records' target is `polympics::transport`.
//! (In a process of its own, because a process has one logger.)

use crate::common;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use common::hostile::Hostile;
use polympics::{AppClient, Credentials, EventType, RetryPolicy};

struct Capture(Mutex<Vec<(log::Level, String, String)>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }

    fn log(&self, record: &log::Record<'_>) {
        self.0.lock().unwrap().push((
            record.level(),
            record.target().to_owned(),
            record.args().to_string(),
        ));
    }

    fn flush(&self) {}
}

#[test]
fn one_record_per_attempt_and_no_secrets() {
    common::own_process("logging::one_record_per_attempt_and_no_secrets_alone");
}

/// The test above, in a process of its own (`common::own_process`).
#[test]
#[ignore = "run by one_record_per_attempt_and_no_secrets, in a process of its own"]
fn one_record_per_attempt_and_no_secrets_alone() {
    if !common::is_own_process("logging::one_record_per_attempt_and_no_secrets_alone") {
        return;
    }
    let capture: &'static Capture = Box::leak(Box::new(Capture(Mutex::new(Vec::new()))));
    log::set_logger(capture).unwrap();
    log::set_max_level(log::LevelFilter::Trace);

    let count = Arc::new(AtomicUsize::new(0));
    let server = Hostile::answering(move |request, conn| {
        let n = count.fetch_add(1, Ordering::SeqCst);
        match (request.method.as_str(), n) {
            ("GET", 0 | 1) => conn.respond(503, &[], "down"),
            ("GET", _) => conn.json(
                200,
                r#"{"id":1,"name":"Red","created_at":1.5,"member_count":0,"awards":[]}"#,
            ),
            _ => conn.json(400, r#"{"detail":"no"}"#),
        }
    });
    let client = common::configure(&server, |url| {
        AppClient::builder(url, Credentials::new("A1", "the-app-token"))
    })
    .timeout(Duration::from_secs(2))
    .retry(RetryPolicy::new().backoff(Duration::from_millis(1), Duration::from_millis(2)))
    .build()
    .unwrap();
    client.get_team(1).unwrap();
    client
        .create_callback(
            EventType::AccountTeamUpdate,
            "https://example.com/hook",
            "the-callback-secret",
        )
        .unwrap_err();

    let records = capture.0.lock().unwrap().clone();
    let ours: Vec<&(log::Level, String, String)> = records
        .iter()
        .filter(|(_, target, _)| target.starts_with("polympics"))
        .collect();
    let messages: Vec<&str> = ours.iter().map(|(_, _, m)| m.as_str()).collect();
    assert_eq!(ours.len(), 4, "{messages:#?}");
    assert!(ours.iter().all(|(level, _, _)| *level == log::Level::Debug));
    assert!(
        messages[0].starts_with("GET /team/1 -> 503 in ")
            && messages[0].contains("(attempt 1 of 4); retrying in "),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].contains("(attempt 2 of 4); retrying in "),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].starts_with("GET /team/1 -> 200 in ") && messages[2].ends_with("(attempt 3)"),
        "{}",
        messages[2]
    );
    assert!(
        messages[3].starts_with("PUT /callback/account_team_update -> 400 in ")
            && messages[3].ends_with("(attempt 1); giving up"),
        "{}",
        messages[3]
    );
    // Nothing secret in any record at `debug` or above, the HTTP library's own included.
    // (At `trace`, ureq dumps the raw bytes of each exchange: the README says to keep it off.)
    assert!(records
        .iter()
        .any(|(level, target, _)| *level == log::Level::Debug && target.starts_with("ureq")));
    for (_, target, message) in records
        .iter()
        .filter(|(level, _, _)| *level <= log::Level::Debug)
    {
        for secret in [
            "the-app-token",
            "QTE6dGhlLWFwcC10b2tlbg",
            "the-callback-secret",
        ] {
            assert!(!message.contains(secret), "{target}: {message}");
        }
    }
}
