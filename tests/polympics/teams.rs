//! Team operations.

use crate::common;

use common::*;
use polympics::{Error, TeamId};
use serde_json::json;

#[test]
fn get_team() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        anonymous(when.method(GET).path("/team/1"));
        replay(then, wire("team 1 with award"));
    });
    let team = anon(&server).get_team(1).unwrap();
    mock.assert_calls(1);
    assert_eq!(team.id, 1);
    assert_eq!(team.name, "Red Team (carol)");
    assert_eq!(team.member_count, 2);
    assert_eq!(team.awards.len(), 1);
    assert_eq!(team.awards[0].title, "Gold!");
    assert_eq!(team.created_at.microsecond(), 497615);
}

#[test]
fn get_team_not_found() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/team/999");
        replay(then, wire("get team 999 (not found)"));
    });
    let err = anon(&server).get_team(TeamId(999)).unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.issues()[0].to_string(), "path.team: Team not found.");
}

#[test]
fn create_team() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_app(when.method(POST).path("/teams/new"))
            .header("content-type", "application/json")
            .json_body(json!({"name": "Blue 100% & more"}));
        replay(then, wire("create team 2"));
    });
    let team = app(&server).create_team("Blue 100% & more").unwrap();
    mock.assert_calls(1);
    assert_eq!(team.id, 2);
    assert_eq!(team.member_count, 0);
    assert!(team.awards.is_empty());
}

#[test]
fn create_team_permission_denied() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(POST).path("/teams/new");
        replay(then, wire("create team limited app"));
    });
    let err = user(&server).create_team("x").unwrap_err();
    assert!(matches!(err, Error::Client { status: 403, .. }));
    assert_eq!(
        err.detail(),
        Some("Request outside of authorisation scope.")
    );
    assert_eq!(
        err.to_string(),
        "POST /teams/new: request refused (HTTP 403 Forbidden): Request outside of \
         authorisation scope.; if the credentials are right, they lack the permission; the \
         server answers the same to wrong or expired credentials (it treats credentials it \
         does not know as none): check them with check_credentials()"
    );
}

#[test]
fn team_names_over_255_characters_are_refused() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.any_request();
        then.status(500).body("Internal Server Error");
    });
    let app = app(&server);
    let long = "x".repeat(300);
    assert!(matches!(
        app.create_team(&long),
        Err(Error::InvalidInput { field: "name", .. })
    ));
    assert!(matches!(
        app.update_team(1, &long),
        Err(Error::InvalidInput { field: "name", .. })
    ));
    mock.assert_calls(0);
}

#[test]
fn update_team_by_object_and_id() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_user(when.method(PATCH).path("/team/1")).json_body(json!({"name": "Red Team (carol)"}));
        replay(then, wire("carol renames own team 1"));
    });
    let user = user(&server);
    let team = user.update_team(TeamId(1), "Red Team (carol)").unwrap();
    let team = user.update_team(&team, "Red Team (carol)").unwrap();
    assert_eq!(team.member_count, 3);
    mock.assert_calls(2);
}

#[test]
fn delete_team() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_app(when.method(DELETE).path("/team/3"));
        replay(then, wire("delete team 3"));
    });
    app(&server).delete_team(3).unwrap();
    mock.assert_calls(1);
}

#[test]
fn delete_team_that_an_award_references_is_a_server_error() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(DELETE).path("/team/2");
        replay(then, wire("delete team 2"));
    });
    // After the 500 the client looks the team up, and finds an award on it.
    let lookup = server.mock(|when, then| {
        when.method(GET).path("/team/2");
        then.status(200)
            .header("content-type", "application/json")
            .body(
                r#"{"id":2,"name":"Blue","created_at":1795778980.5,"member_count":0,
                "awards":[{"id":7,"title":"Gold","image_url":"https://x.y/g.png"}]}"#,
            );
    });
    let err = app(&server).delete_team(2).unwrap_err();
    assert!(matches!(&err, Error::Server { status: 500, .. }));
    assert_eq!(err.detail(), Some("Internal Server Error"));
    assert!(!err.is_retryable());
    assert_eq!(
        err.to_string(),
        "DELETE /team/2: server error (HTTP 500 Internal Server Error): Internal Server Error; \
         team 2 still has 1 award (\"Gold\"), and the server cannot delete a team that an award \
         belongs to: delete the awards or move them to another team first"
    );
    lookup.assert_calls(1);
}

#[test]
fn a_500_on_delete_of_a_team_without_awards_says_nothing_more() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(DELETE).path("/team/1");
        replay(then, wire("delete team 2"));
    });
    server.mock(|when, then| {
        when.method(GET).path("/team/1");
        replay(then, wire("get team 1"));
    });
    let err = app(&server).delete_team(1).unwrap_err();
    assert_eq!(
        err.to_string(),
        "DELETE /team/1: server error (HTTP 500 Internal Server Error): Internal Server Error"
    );
}
