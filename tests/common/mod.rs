//! Shared test helpers: clients pointed at an httpmock server, and the recorded answers of
//! the real server (`tests/fixtures/wire-transcript.json`, a copy of WIRE.md's transcript).
#![allow(dead_code)]

pub mod hostile;
pub mod live;

use std::sync::OnceLock;

use httpmock::{Then, When};
use polympics::{
    AppClient, Credentials, Error, RetryPolicy, TransportErrorKind, UnauthenticatedClient,
    UserClient,
};
use serde::Deserialize;

pub use httpmock::prelude::*;

/// `Basic base64("A1:app-token")`.
pub const APP_AUTH: &str = "Basic QTE6YXBwLXRva2Vu";
/// `Basic base64("S1:user-token")`.
pub const USER_AUTH: &str = "Basic UzE6dXNlci10b2tlbg==";

// Requests are sent once: these tests count calls exactly. Retries have their own tests.
pub fn anon(server: &MockServer) -> UnauthenticatedClient {
    UnauthenticatedClient::builder()
        .base_url(server.base_url())
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

pub fn app(server: &MockServer) -> AppClient {
    AppClient::builder(Credentials::new("A1", "app-token"))
        .base_url(server.base_url())
        .no_proxy()
        .retry(RetryPolicy::none())
        .build()
        .unwrap()
}

pub fn user(server: &MockServer) -> UserClient {
    UserClient::builder(Credentials::new("S1", "user-token"))
        .base_url(server.base_url())
        .no_proxy()
        .retry(RetryPolicy::none())
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
    pub response_body: String,
}

#[derive(Deserialize)]
struct Transcript {
    exchanges: Vec<Exchange>,
}

pub fn transcript() -> &'static [Exchange] {
    static TRANSCRIPT: OnceLock<Vec<Exchange>> = OnceLock::new();
    TRANSCRIPT.get_or_init(|| {
        let text = include_str!("../fixtures/wire-transcript.json");
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
