//! Award operations.

use crate::common;

use common::*;
use polympics::{AccountId, AwardGiven, AwardId, AwardUpdate, Error, NewAward, TeamId};
use serde_json::json;

#[test]
fn get_award_with_awardees_and_team() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        anonymous(when.method(GET).path("/award/1"));
        replay(then, wire("get award"));
    });
    let award = anon(&server).get_award(1).unwrap();
    mock.assert_calls(1);
    assert_eq!(award.id, 1);
    assert_eq!(award.title, "Gold");
    assert_eq!(award.image_url, "https://example.com/gold.png");
    let ids: Vec<u64> = award.awardees.iter().map(|a| u64::from(a.id)).collect();
    assert_eq!(ids, [1234567890123456789, 43]);
    assert_eq!(award.team.as_ref().map(|t| u64::from(t.id)), Some(1));
    assert_eq!(award.award().title, "Gold");
}

#[test]
fn award_details_serialize_back_to_the_wire_shape() {
    let body = &wire("get award").response_body;
    let award: polympics::AwardDetails = serde_json::from_str(body).unwrap();
    let written: serde_json::Value = serde_json::to_value(&award).unwrap();
    let original: serde_json::Value = serde_json::from_str(body).unwrap();
    assert_eq!(written, original);
}

#[test]
fn create_award_sends_team_and_accounts() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_app(when.method(POST).path("/awards/new")).json_body(json!({
            "title": "Gold",
            "image_url": "https://example.com/gold.png",
            "team": 1,
            "accounts": [1234567890123456789u64, 43],
        }));
        replay(then, wire("create award"));
    });
    let alice: polympics::Account =
        serde_json::from_str(&wire("get account big id").response_body).unwrap();
    let award = app(&server)
        .create_award(
            NewAward::new("Gold", "https://example.com/gold.png", TeamId(1))
                .accounts([AccountId::from(&alice), AccountId(43)]),
        )
        .unwrap();
    mock.assert_calls(1);
    assert_eq!(award.id, 1);
    assert_eq!(award.title, "Gold");
}

#[test]
fn create_award_with_no_accounts_and_by_objects() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_user(when.method(POST).path("/awards/new")).json_body(json!({
            "title": "Silver", "image_url": "https://example.com/s.png", "team": 2, "accounts": []
        }));
        replay(then, wire("create award no accounts"));
    });
    let team: polympics::Team = serde_json::from_str(&wire("create team 2").response_body).unwrap();
    let award = user(&server)
        .create_award(NewAward::new("Silver", "https://example.com/s.png", &team))
        .unwrap();
    mock.assert_calls(1);
    assert_eq!(award.id, 2);
}

#[test]
fn create_award_unknown_account_has_an_integer_in_loc() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(POST).path("/awards/new");
        replay(then, wire("create award unknown account"));
    });
    let err = app(&server)
        .create_award(NewAward::new("x", "y", TeamId(1)).accounts([43u64, 999]))
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(
        err.issues()[0].loc,
        [
            polympics::LocSegment::Name("body".into()),
            polympics::LocSegment::Name("accounts".into()),
            polympics::LocSegment::Index(1),
        ]
    );
    assert_eq!(
        err.to_string(),
        "POST /awards/new: invalid request data (HTTP 422): body.accounts[1]: Account not found."
    );
}

#[test]
fn award_limits_are_checked_before_sending() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.any_request();
        then.status(500);
    });
    let app = app(&server);
    let long_title = "t".repeat(33);
    let long_url = "u".repeat(513);
    assert!(matches!(
        app.create_award(NewAward::new(&long_title, "y", TeamId(1))),
        Err(Error::InvalidInput { field: "title", .. })
    ));
    assert!(matches!(
        app.create_award(NewAward::new("t", &long_url, TeamId(1))),
        Err(Error::InvalidInput {
            field: "image_url",
            ..
        })
    ));
    assert!(matches!(
        app.update_award(1, AwardUpdate::new().title(&long_title)),
        Err(Error::InvalidInput { field: "title", .. })
    ));
    assert!(matches!(
        app.create_award(NewAward::new("t", "u", TeamId(1)).accounts([1u64 << 63])),
        Err(Error::InvalidInput {
            field: "account id",
            ..
        })
    ));
    assert!(matches!(
        app.update_award(1, AwardUpdate::new().title("")),
        Err(Error::InvalidInput { field: "title", .. })
    ));
    mock.assert_calls(0);
}

#[test]
fn update_award() {
    let server = MockServer::start();
    let title = server.mock(|when, then| {
        as_app(when.method(PATCH).path("/award/1")).json_body(json!({"title": "Gold!"}));
        replay(then, wire("update award"));
    });
    let all = server.mock(|when, then| {
        as_app(when.method(PATCH).path("/award/1")).json_body(json!({
            "title": "Gold!", "image_url": "https://example.com/gold.png", "team": 2
        }));
        replay(then, wire("update award"));
    });
    let app = app(&server);
    let award = app
        .update_award(AwardId(1), AwardUpdate::new().title("Gold!"))
        .unwrap();
    assert_eq!(award.title, "Gold!");
    let award = app
        .update_award(
            &award,
            AwardUpdate::new()
                .title("Gold!")
                .image_url("https://example.com/gold.png")
                .team(TeamId(2)),
        )
        .unwrap();
    assert_eq!(award.id, 1);
    title.assert_calls(1);
    all.assert_calls(1);
}

#[test]
fn delete_award() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_app(when.method(DELETE).path("/award/1"));
        replay(then, wire("delete award"));
    });
    app(&server).delete_award(1).unwrap();
    mock.assert_calls(1);
}

#[test]
fn give_award_tells_whether_it_was_already_held() {
    let server = MockServer::start();
    let first = server.mock(|when, then| {
        as_app(when.method(PUT).path("/account/48/award/1")).body("");
        replay(then, wire("give award to 48"));
    });
    let app = app(&server);
    assert_eq!(app.give_award(1, 48).unwrap(), AwardGiven::Given);
    first.assert_calls(1);
    let mut first = first;
    first.delete();
    let again = server.mock(|when, then| {
        as_app(when.method(PUT).path("/account/48/award/1"));
        replay(then, wire("give award to 48 again"));
    });
    assert_eq!(
        app.give_award(AwardId(1), AccountId(48)).unwrap(),
        AwardGiven::AlreadyHeld
    );
    again.assert_calls(1);
}

#[test]
fn give_award_unknown_both() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(PUT).path("/account/999/award/999");
        replay(then, wire("give award unknown both"));
    });
    let err = app(&server).give_award(999, 999).unwrap_err();
    assert_eq!(err.issues().len(), 2);
    assert!(err.is_not_found());
}

#[test]
fn take_award_and_take_it_again() {
    let server = MockServer::start();
    let mut taken = server.mock(|when, then| {
        as_app(when.method(DELETE).path("/account/48/award/1"));
        replay(then, wire("take award from 48"));
    });
    let app = app(&server);
    app.take_award(1, 48).unwrap();
    taken.assert_calls(1);
    taken.delete();
    server.mock(|when, then| {
        when.method(DELETE).path("/account/48/award/1");
        replay(then, wire("take award from 48 again (lacks award)"));
    });
    // 404 with an empty body and no content type.
    let err = app.take_award(AwardId(1), AccountId(48)).unwrap_err();
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
    assert!(err.is_not_found());
    assert_eq!(
        err.to_string(),
        "DELETE /account/48/award/1: request refused (HTTP 404 Not Found); the account does not \
         hold this award"
    );
}
