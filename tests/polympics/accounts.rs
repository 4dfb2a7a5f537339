//! Account operations: what is sent, and how recorded answers are read.

use crate::common;

use common::*;
use polympics::{AccountId, AccountUpdate, Error, NewAccount, Permissions, TeamId, NO_TEAM};
use serde_json::json;

#[test]
fn get_account_with_an_id_above_2_pow_53() {
    let server = MockServer::start();
    let exchange = wire("get account big id");
    let mock = server.mock(|when, then| {
        anonymous(when.method(GET).path("/account/1234567890123456789"));
        replay(then, exchange);
    });
    let account = anon(&server).get_account(1234567890123456789).unwrap();
    mock.assert_calls(1);
    assert_eq!(account.id, 1_234_567_890_123_456_789);
    assert_eq!(account.name, "Alice");
    assert_eq!(account.discriminator, "0001");
    assert_eq!(account.avatar_url, None);
    assert_eq!(account.permissions, Permissions::empty());
    assert_eq!(account.created_at.unix_timestamp(), 1795778981);
    assert_eq!(account.created_at.microsecond(), 697964);
    let team = account.team.unwrap();
    assert_eq!(
        (u64::from(team.id), team.name.as_str(), team.member_count),
        (1, "Red Team Renamed", 2)
    );
}

#[test]
fn get_account_sends_credentials_when_it_has_them() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_app(when.method(GET).path("/account/42"));
        replay(then, wire("get account 42"));
    });
    let account = app(&server).get_account(AccountId(42)).unwrap();
    mock.assert_calls(1);
    assert_eq!(
        account.avatar_url.as_deref(),
        Some("https://example.com/a.png")
    );
    assert!(account.team.is_none());
}

#[test]
fn get_account_not_found_is_a_data_error() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(GET).path("/account/999");
        replay(then, wire("get account 999 (not found)"));
    });
    let err = anon(&server).get_account(999).unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.code(), Some(422));
    assert_eq!(err.issues().len(), 1);
    assert_eq!(err.issues()[0].msg, "Account not found.");
    assert_eq!(
        err.to_string(),
        "GET /account/999: invalid request data (HTTP 422): path.account: Account not found."
    );
}

#[test]
fn check_signups_open_and_closed() {
    let server = MockServer::start();
    let mut open = server.mock(|when, then| {
        anonymous(when.method(GET).path("/accounts/signups"));
        replay(then, wire_in("Misc / framework", "signups status"));
    });
    assert!(anon(&server).check_signups().unwrap());
    open.assert_calls(1);
    open.delete();
    server.mock(|when, then| {
        when.method(GET).path("/accounts/signups");
        replay(
            then,
            wire_in(
                "Signups closed (server restarted with SIGNUPS_OPEN=false)",
                "signups status",
            ),
        );
    });
    assert!(!user(&server).check_signups().unwrap());
}

#[test]
fn create_account_sends_every_field() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_app(when.method(POST).path("/accounts/new"))
            .header("content-type", "application/json")
            .json_body(json!({
                "id": 1234567890123456789u64,
                "name": "Alice",
                "discriminator": "0001",
                "avatar_url": "https://picsum.photos/200",
                "team": 1,
                "permissions": 12,
            }));
        replay(then, wire("create account big id as JSON number"));
    });
    let account = app(&server)
        .create_account(
            NewAccount::new(1234567890123456789, "Alice", "0001")
                .avatar_url("https://picsum.photos/200")
                .team(TeamId(1))
                .permissions(Permissions::MANAGE_TEAMS | Permissions::MANAGE_ACCOUNT_DETAILS),
        )
        .unwrap();
    mock.assert_calls(1);
    assert_eq!(account.id, 1234567890123456789);
    assert_eq!(account.team.map(|t| u64::from(t.id)), Some(1));
}

#[test]
fn create_account_minimal_body_and_user_client() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        as_user(when.method(POST).path("/accounts/new"))
            .json_body(json!({"id": 42, "name": "bob", "discriminator": "4242"}));
        replay(then, wire("create account id as string"));
    });
    let account = user(&server)
        .create_account(NewAccount::new(42, "bob", "4242"))
        .unwrap();
    mock.assert_calls(1);
    assert_eq!(account.id, 42);
}

#[test]
fn create_account_conflict_and_closed_signups() {
    let server = MockServer::start();
    let mut conflict = server.mock(|when, then| {
        when.method(POST).path("/accounts/new");
        replay(then, wire("create account duplicate id"));
    });
    let err = app(&server)
        .create_account(NewAccount::new(42, "bob2", "4242"))
        .unwrap_err();
    assert!(matches!(err, Error::Client { status: 409, .. }), "{err:?}");
    assert_eq!(err.detail(), Some("That Discord ID is already registered."));
    assert_eq!(
        err.to_string(),
        "POST /accounts/new: request refused (HTTP 409 Conflict): That Discord ID is already registered."
    );
    conflict.delete();
    server.mock(|when, then| {
        when.method(POST).path("/accounts/new");
        replay(then, wire("create account (app, all perms)"));
    });
    let err = app(&server)
        .create_account(NewAccount::new(60, "eve", "0060"))
        .unwrap_err();
    assert_eq!(err.code(), Some(403));
    assert_eq!(err.detail(), Some("Signups are closed."));
}

#[test]
fn create_account_refuses_what_the_server_would_fail_on() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.any_request();
        then.status(500);
    });
    let app = app(&server);
    let cases = [
        NewAccount::new(1u64 << 63, "d", "0044"),
        NewAccount::new(u64::MAX, "d", "0044"),
        NewAccount::new(47, "x".repeat(256), "0047"),
        NewAccount::new(47, "x", "0047").avatar_url(format!("https://e.com/{}", "a".repeat(500))),
    ];
    for case in cases {
        let err = app.create_account(case).unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
        assert_eq!(err.code(), None);
    }
    mock.assert_calls(0);
    // The largest storable ID is sent.
    assert!(app
        .create_account(NewAccount::new(i64::MAX as u64, "d", "0044"))
        .is_err_and(|err| err.code() == Some(500)));
    mock.assert_calls(1);
}

#[test]
fn update_account_join_and_leave_a_team() {
    let server = MockServer::start();
    let join = server.mock(|when, then| {
        as_app(when.method(PATCH).path("/account/42"))
            .header("content-type", "application/json")
            .json_body(json!({"team": 2}));
        replay(then, wire("patch account team=2 (app)"));
    });
    let leave = server.mock(|when, then| {
        as_app(when.method(PATCH).path("/account/42")).json_body(json!({"team": 0}));
        replay(then, wire("patch account team=0 (NO_TEAM)"));
    });
    let app = app(&server);
    let team = anon_team(2);
    let account = app
        .update_account(AccountId(42), AccountUpdate::new().team(&team))
        .unwrap();
    assert_eq!(
        account.team.as_ref().map(|t| t.name.as_str()),
        Some("Blue 100% & more")
    );
    let account = app
        .update_account(&account, AccountUpdate::new().team(NO_TEAM))
        .unwrap();
    assert!(account.team.is_none());
    join.assert_calls(1);
    leave.assert_calls(1);
}

fn anon_team(id: u64) -> polympics::Team {
    serde_json::from_value(json!({
        "id": id, "name": "t", "created_at": 1795778980.5, "member_count": 0, "awards": []
    }))
    .unwrap()
}

#[test]
fn update_account_details_and_permissions() {
    let server = MockServer::start();
    let details = server.mock(|when, then| {
        as_app(when.method(PATCH).path("/account/42")).json_body(json!({
            "name": "Bobby", "discriminator": "0042", "avatar_url": "https://example.com/b.png"
        }));
        replay(then, wire("patch account name/discriminator/avatar"));
    });
    let perms = server.mock(|when, then| {
        as_app(when.method(PATCH).path("/account/42"))
            .json_body(json!({"grant_permissions": 64, "revoke_permissions": 32}));
        replay(then, wire("patch account grant 64 (manage_awards)"));
    });
    let app = app(&server);
    let account = app
        .update_account(
            42,
            AccountUpdate::new()
                .name("Bobby")
                .discriminator("0042")
                .avatar_url("https://example.com/b.png"),
        )
        .unwrap();
    assert_eq!(account.name, "Bobby");
    let account = app
        .update_account(
            &account,
            AccountUpdate::new()
                .grant_permissions(Permissions::MANAGE_AWARDS)
                .revoke_permissions(Permissions::MANAGE_OWN_TEAM),
        )
        .unwrap();
    assert_eq!(account.permissions, Permissions::MANAGE_AWARDS);
    details.assert_calls(1);
    perms.assert_calls(1);
}

#[test]
fn update_account_with_discord_token() {
    let server = MockServer::start();
    let good = server.mock(|when, then| {
        as_user(when.method(PATCH).path("/account/42"))
            .json_body(json!({"discord_token": "avatar-token-42"}));
        replay(then, wire("patch account discord_token good, same id"));
    });
    let bad = server.mock(|when, then| {
        when.method(PATCH)
            .path("/account/42")
            .json_body(json!({"discord_token": "bad"}));
        replay(
            then,
            wire("patch account discord_token bad (JSON 401 from Discord)"),
        );
    });
    let other = server.mock(|when, then| {
        when.method(PATCH)
            .path("/account/42")
            .json_body(json!({"discord_token": "good-token-777"}));
        replay(then, wire("patch account discord_token for other id"));
    });
    let user = user(&server);
    let account = user
        .update_account(42, AccountUpdate::new().discord_token("avatar-token-42"))
        .unwrap();
    assert_eq!(account.name, "user42");
    let err = user
        .update_account(42, AccountUpdate::new().discord_token("bad"))
        .unwrap_err();
    // A 422 whose detail is a string, not a list.
    assert!(matches!(&err, Error::Data { status: 422, issues, .. } if issues.is_empty()));
    assert_eq!(err.detail(), Some("Bad Discord user token."));
    assert!(!err.is_not_found());
    assert_eq!(
        err.to_string(),
        "PATCH /account/42: invalid request data (HTTP 422): Bad Discord user token."
    );
    let err = user
        .update_account(42, AccountUpdate::new().discord_token("good-token-777"))
        .unwrap_err();
    assert_eq!(err.code(), Some(403));
    assert_eq!(
        err.detail(),
        Some("Discord token is for a different account.")
    );
    good.assert_calls(1);
    bad.assert_calls(1);
    other.assert_calls(1);
}

#[test]
fn update_account_team_not_found_lists_both_issues() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(PATCH).path("/account/42");
        replay(then, wire("patch account team=999"));
    });
    let err = app(&server)
        .update_account(42, AccountUpdate::new().team(TeamId(999)))
        .unwrap_err();
    assert!(err.is_not_found());
    assert_eq!(err.issues().len(), 2);
    assert_eq!(
        err.to_string(),
        "PATCH /account/42: invalid request data (HTTP 422): body.team: Team not found.; \
         body.team: Should fall through to next type."
    );
}

#[test]
fn update_account_refuses_values_the_server_would_ignore_or_fail_on() {
    let server = MockServer::start();
    let mock = server.mock(|when, then| {
        when.any_request();
        then.status(200);
    });
    let app = app(&server);
    for update in [
        AccountUpdate::new().name(""),
        AccountUpdate::new().discriminator(""),
        AccountUpdate::new().avatar_url(""),
        AccountUpdate::new().name("n".repeat(256)),
        AccountUpdate::new().avatar_url("u".repeat(513)),
    ] {
        let err = app.update_account(42, update).unwrap_err();
        assert!(matches!(err, Error::InvalidInput { .. }), "{err:?}");
    }
    mock.assert_calls(0);
}

#[test]
fn delete_account_by_object_or_id() {
    let server = MockServer::start();
    let by_id = server.mock(|when, then| {
        as_app(when.method(DELETE).path("/account/555000000000000001"));
        replay(then, wire("delete account app"));
    });
    let own = server.mock(|when, then| {
        as_user(when.method(DELETE).path("/account/42"));
        replay(then, wire("user 42 deletes own account"));
    });
    app(&server)
        .delete_account(AccountId(555000000000000001))
        .unwrap();
    user(&server).delete_account(42).unwrap();
    by_id.assert_calls(1);
    own.assert_calls(1);
}

#[test]
fn delete_account_twice_is_not_found() {
    let server = MockServer::start();
    server.mock(|when, then| {
        when.method(DELETE).path("/account/555000000000000001");
        replay(then, wire("delete account again"));
    });
    let err = app(&server).delete_account(555000000000000001).unwrap_err();
    assert!(err.is_not_found());
}
