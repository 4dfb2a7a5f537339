//! Callback operations and parsing of delivered events.

use crate::common;

use common::*;
use polympics::{webhooks, Error, EventType};
use serde_json::json;

#[test]
fn create_callback() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_app(when.method(PUT).path("/callback/account_team_update"))
            .header("content-type", "application/json")
            .json_body(json!({"url": "http://127.0.0.1:8012/hook/team", "secret": "s3cret"}));
        replay(then, wire("callback register 127.0.0.1 URL"));
    });
    let callback = app(&server)
        .create_callback(
            EventType::AccountTeamUpdate,
            "http://127.0.0.1:8012/hook/team",
            "s3cret",
        )
        .unwrap();
    mock.assert_calls(1);
    assert_eq!(callback.id, 1);
    assert_eq!(callback.event, EventType::AccountTeamUpdate);
    assert_eq!(callback.url, "http://127.0.0.1:8012/hook/team");
}

#[test]
fn create_callback_with_a_refused_url() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(PUT).path("/callback/account_team_update");
        replay(then, wire("callback register localhost URL"));
    });
    let err = app(&server)
        .create_callback(
            EventType::AccountTeamUpdate,
            "http://localhost:8012/hook",
            "x",
        )
        .unwrap_err();
    assert_eq!(err.issues()[0].kind, "value_error.url.host");
    assert!(!err.is_not_found());
}

#[test]
fn get_callbacks_empty_and_one() {
    let server = MockServer::start();
    let mut empty = server.mock(|when, then| {
        as_app(when.method(GET).path("/callbacks"));
        replay(then, wire("callbacks list (empty)"));
    });
    let app = app(&server);
    assert!(app.get_callbacks().unwrap().is_empty());
    empty.assert_calls(1);
    empty.delete();
    server.mock(|when, then| {
        as_app(when.method(GET).path("/callbacks"));
        replay(then, wire("callbacks list"));
    });
    let callbacks = app.get_callbacks().unwrap();
    assert_eq!(callbacks.len(), 1);
    assert_eq!(
        callbacks[&EventType::AccountTeamUpdate],
        "http://127.0.0.1:8012/hook/team"
    );
}

#[test]
fn get_callbacks_with_a_wrong_password() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/callbacks");
        replay(then, wire("callbacks list wrong password"));
    });
    let err = app(&server).get_callbacks().unwrap_err();
    assert_eq!(err.code(), Some(401));
    assert_eq!(err.detail(), Some("Only apps may use this endpoint."));
}

#[test]
fn get_callback_and_missing_callback() {
    let server = MockServer::start();
    let mut found = server.mock(|when, then| {
        as_app(when.method(GET).path("/callback/account_team_update"));
        replay(then, wire("callback get"));
    });
    let app = app(&server);
    let callback = app.get_callback(EventType::AccountTeamUpdate).unwrap();
    assert_eq!(callback.id, 1);
    found.assert_calls(1);
    found.delete();
    server.mock(|when, then| {
        when.method(GET).path("/callback/account_team_update");
        replay(then, wire("callback get after delete"));
    });
    let err = app.get_callback(EventType::AccountTeamUpdate).unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.detail(), Some("No callback registered for this event."));
}

#[test]
fn delete_callback_and_delete_it_again() {
    let server = MockServer::start();
    let mut deleted = server.mock(|when, then| {
        as_app(when.method(DELETE).path("/callback/account_team_update"));
        replay(then, wire("callback delete (limited app)"));
    });
    let app = app(&server);
    app.delete_callback(EventType::AccountTeamUpdate).unwrap();
    deleted.assert_calls(1);
    deleted.delete();
    server.mock(|when, then| {
        when.method(DELETE).path("/callback/account_team_update");
        replay(then, wire("callback delete again"));
    });
    let err = app
        .delete_callback(EventType::AccountTeamUpdate)
        .unwrap_err();
    assert!(matches!(err, Error::Client { status: 404, .. }));
}

#[test]
fn parse_recorded_event_deliveries() {
    // The bodies the real server POSTed to the callback receiver (tests/fixtures/WIRE.md).
    let joined = br#"{"account":{"id":"42","name":"bob","discriminator":"4242","avatar_url":"https://example.com/a.png","team":{"id":2,"name":"Blue 100% & more","created_at":1795778980.532555,"member_count":0,"awards":[]},"permissions":0,"created_at":1795778981.727288,"awards":[]},"team":{"id":2,"name":"Blue 100% & more","created_at":1795778980.532555,"member_count":0,"awards":[]}}"#;
    let event = webhooks::account_team_update(joined).unwrap();
    assert_eq!(event.account.id, 42);
    assert_eq!(event.team.as_ref().map(|t| u64::from(t.id)), Some(2));
    let left = br#"{"account":{"id":"42","name":"bob","discriminator":"4242","avatar_url":"https://example.com/a.png","team":null,"permissions":0,"created_at":1795778981.727288,"awards":[]},"team":null}"#;
    let event = webhooks::account_team_update(Vec::from(&left[..])).unwrap();
    assert!(event.team.is_none());
    assert!(event.account.team.is_none());
    let err = webhooks::account_team_update("<html>").unwrap_err();
    assert!(err
        .to_string()
        .starts_with("invalid callback event payload"));
}

#[test]
fn event_type_names() {
    assert_eq!(
        EventType::AccountTeamUpdate.to_string(),
        "account_team_update"
    );
    assert_eq!(
        "account_team_update".parse::<EventType>().unwrap(),
        EventType::AccountTeamUpdate
    );
    assert!("bogus_event".parse::<EventType>().is_err());
}
