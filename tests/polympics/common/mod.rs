//! Shared test helpers: clients pointed at an httpmock server, and the recorded answers of
//! the real server (`tests/fixtures/wire-transcript.json`, the transcript of tests/fixtures/WIRE.md).
#![allow(dead_code)]

pub mod hostile;
pub mod live;
pub mod proxy;
pub mod tls;

use std::sync::OnceLock;

use httpmock::{Then, When};
use polympics::auth::AuthKind;
use polympics::{
    AppClient, ClientBuilder, Credentials, Error, RetryPolicy, TransportErrorKind,
    UnauthenticatedClient, UserClient,
};
use serde::Deserialize;

pub use httpmock::prelude::*;

/// The variable that tells a process `own_process` started which test it is for.
const OWN_PROCESS: &str = "POLYMPICS_TEST_OWN_PROCESS";

/// Runs the ignored test `name` (its path in this binary, such as
/// `proxy_env::proxy_variables_alone`) in a process of its own: this binary again, running
/// that test only. For what a process has once, which tests running side by side would
/// share: its environment, its logger. Fails if that test fails.
pub fn own_process(name: &str) {
    let run = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", name, "--ignored", "--test-threads", "1"])
        .env(OWN_PROCESS, name)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{name}, in a process of its own, failed:\n{}\n{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
}

/// Whether this process is the one `own_process` started for `name`: such a test does
/// nothing in any other (`cargo test -- --ignored` runs it too).
pub fn is_own_process(name: &str) -> bool {
    std::env::var(OWN_PROCESS).is_ok_and(|test| test == name)
}

/// Runs `call` on a thread of its own and returns what it returns: for a call that must
/// end (by a timeout, a budget), failing the test if it has not ended within a minute. The
/// minute is a guard against a hang, far beyond any timeout of the tests, not a measure of
/// how quick the call was.
pub fn ends<T: Send + 'static>(call: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(call());
    });
    rx.recv_timeout(std::time::Duration::from_secs(60))
        .expect("the call ended (a minute is the guard against a hang)")
}

/// `Basic base64("A1:app-token")`.
pub const APP_AUTH: &str = "Basic QTE6YXBwLXRva2Vu";
/// `Basic base64("S1:user-token")`.
pub const USER_AUTH: &str = "Basic UzE6dXNlci10b2tlbg==";

/// What tests point clients at: an httpmock server, the test server, a scripted server or
/// a plain URL.
pub trait Target {
    fn url(&self) -> String;
}

impl Target for MockServer {
    fn url(&self) -> String {
        self.base_url()
    }
}

impl Target for hostile::Hostile {
    fn url(&self) -> String {
        hostile::Hostile::url(self).to_owned()
    }
}

impl Target for polympics_test_server::TestServer {
    fn url(&self) -> String {
        polympics_test_server::TestServer::url(self).to_owned()
    }
}

impl Target for str {
    fn url(&self) -> String {
        self.to_owned()
    }
}

impl Target for String {
    fn url(&self) -> String {
        self.clone()
    }
}

/// The one way tests build clients: pointed at `target`, without a proxy, and sending each
/// request once, because tests count requests (the retry tests set their own policy).
pub fn configure<A: AuthKind>(
    target: &(impl Target + ?Sized),
    make: impl FnOnce(String) -> ClientBuilder<A>,
) -> ClientBuilder<A> {
    make(target.url()).no_proxy().retry(RetryPolicy::none())
}

pub fn anon(target: &(impl Target + ?Sized)) -> UnauthenticatedClient {
    configure(target, UnauthenticatedClient::builder)
        .build()
        .unwrap()
}

pub fn app(target: &(impl Target + ?Sized)) -> AppClient {
    app_as(target, Credentials::new("A1", "app-token"))
}

pub fn app_as(target: &(impl Target + ?Sized), credentials: impl Into<Credentials>) -> AppClient {
    configure(target, |url| AppClient::builder(url, credentials))
        .build()
        .unwrap()
}

pub fn user(target: &(impl Target + ?Sized)) -> UserClient {
    user_as(target, Credentials::new("S1", "user-token"))
}

pub fn user_as(target: &(impl Target + ?Sized), credentials: impl Into<Credentials>) -> UserClient {
    configure(target, |url| UserClient::builder(url, credentials))
        .build()
        .unwrap()
}

/// One exchange recorded from the real server.
#[derive(Debug, Clone, Deserialize)]
pub struct Exchange {
    pub section: String,
    pub label: String,
    pub method: String,
    pub path: String,
    pub request_body: Option<String>,
    pub status: u16,
    pub content_type: Option<String>,
    pub content_length: Option<u64>,
    pub response_body: String,
}

#[derive(Deserialize)]
struct Transcript {
    exchanges: Vec<Exchange>,
}

pub fn transcript() -> &'static [Exchange] {
    static TRANSCRIPT: OnceLock<Vec<Exchange>> = OnceLock::new();
    TRANSCRIPT.get_or_init(|| {
        let text = include_str!("../../fixtures/wire-transcript.json");
        serde_json::from_str::<Transcript>(text).unwrap().exchanges
    })
}

/// The first recorded exchange with this label.
pub fn wire(label: &str) -> &'static Exchange {
    transcript()
        .iter()
        .find(|e| e.label == label)
        .unwrap_or_else(|| panic!("no exchange labelled {label:?}"))
}

/// The recorded exchange with this label in this section.
pub fn wire_in(section: &str, label: &str) -> &'static Exchange {
    transcript()
        .iter()
        .find(|e| e.section == section && e.label == label)
        .unwrap_or_else(|| panic!("no exchange labelled {label:?} in {section:?}"))
}

/// Answers exactly as the real server did: status, content type and body.
pub fn replay(then: Then, exchange: &Exchange) -> Then {
    let then = then.status(exchange.status);
    let then = match &exchange.content_type {
        Some(content_type) => then.header("content-type", content_type),
        None => then,
    };
    then.body(exchange.response_body.as_str())
}

/// Matches the recorded request's method and path (query included) with app auth.
pub fn as_app(when: When) -> When {
    when.header("authorization", APP_AUTH)
}

pub fn as_user(when: When) -> When {
    when.header("authorization", USER_AUTH)
}

pub fn anonymous(when: When) -> When {
    when.header_missing("authorization")
}

/// The kind of a transport error; any other error fails the test.
pub fn transport_kind(err: &Error) -> TransportErrorKind {
    match err {
        Error::Transport { kind, .. } => *kind,
        other => panic!("expected a transport error, got {other:?}"),
    }
}
