//! The whole guide as one scenario through the SDK: against the crate's `TestServer`, and
//! against a real deployment when `POLYMPICS_LIVE_URL`, `POLYMPICS_LIVE_APP_USER` and
//! `POLYMPICS_LIVE_APP_PASSWORD` name one (an app with every app permission).
//!
//! The portable part assumes only what a real server offers; the parts that need the test
//! server's control surface (apps, Discord users, signups, the clock, deliveries, request
//! counts) are kept apart.

use crate::common;

use common::hostile::Hostile;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use polympics::{
    webhooks, AccountUpdate, AwardGiven, AwardUpdate, Credentials, Error, EventType, NewAccount,
    NewAward, Permissions, NO_TEAM,
};
use polympics_test_server::{DeliveryOutcome, TestServer};

/// Account IDs no other run uses: a real server keeps what earlier runs left behind.
fn fresh_ids(count: u64) -> Vec<u64> {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_nanos() as u64;
    let base = 4_000_000_000_000_000_000 + (nanos % 1_000_000_000_000_000) * 1000;
    (0..count).map(|i| base + i).collect()
}

/// The guide, every operation once, with what a real server offers and nothing more.
fn portable_scenario(target: &str, creds: Credentials) {
    let anon = common::anon(target);
    let app = common::app_as(target, creds.clone());
    let signups_open = anon.check_signups().unwrap();
    assert!(signups_open, "the scenario needs open signups");
    let me = app.get_self().unwrap();
    assert!(me
        .permissions
        .contains(Permissions::MANAGE_TEAMS | Permissions::AUTHENTICATE_USERS));

    // Teams.
    let red = app.create_team("e2e Red").unwrap();
    let blue = app.create_team("e2e Blue").unwrap();
    let blue = app.update_team(&blue, "e2e Blue Renamed").unwrap();
    assert_eq!(anon.get_team(blue.id).unwrap().name, "e2e Blue Renamed");

    // Accounts, with every field.
    let ids = fresh_ids(3);
    let artemis = app
        .create_account(
            NewAccount::new(ids[0], "Artemis", "8472")
                .avatar_url("https://picsum.photos/200")
                .team(&red)
                .permissions(Permissions::MANAGE_TEAMS | Permissions::MANAGE_ACCOUNT_DETAILS),
        )
        .unwrap();
    assert_eq!(artemis.id, ids[0]);
    assert_eq!(artemis.team.as_ref().map(|t| t.id), Some(red.id));
    let captain = app
        .create_account(
            NewAccount::new(ids[1], "Captain", "0001")
                .team(&red)
                .permissions(Permissions::MANAGE_OWN_TEAM),
        )
        .unwrap();
    let plain = app
        .create_account(NewAccount::new(ids[2], "Plain", "0002"))
        .unwrap();
    let err = app
        .create_account(NewAccount::new(ids[2], "Again", "0002"))
        .unwrap_err();
    assert_eq!(err.code(), Some(409));
    assert_eq!(
        anon.get_account(ids[0]).unwrap(),
        app.get_account(&artemis).unwrap()
    );

    // Updates: details, teams, NO_TEAM, grants and revokes.
    let artemis = app
        .update_account(
            &artemis,
            AccountUpdate::new()
                .name("Artemis II")
                .discriminator("1231"),
        )
        .unwrap();
    assert_eq!(
        (artemis.name.as_str(), artemis.discriminator.as_str()),
        ("Artemis II", "1231")
    );
    let artemis = app
        .update_account(&artemis, AccountUpdate::new().team(NO_TEAM))
        .unwrap();
    assert!(artemis.team.is_none());
    let artemis = app
        .update_account(&artemis, AccountUpdate::new().team(&red))
        .unwrap();
    assert_eq!(artemis.team.as_ref().map(|t| t.member_count), Some(2));
    let artemis = app
        .update_account(
            &artemis,
            AccountUpdate::new()
                .grant_permissions(Permissions::MANAGE_OWN_TEAM)
                .revoke_permissions(Permissions::MANAGE_TEAMS),
        )
        .unwrap();
    assert_eq!(
        artemis.permissions,
        Permissions::MANAGE_ACCOUNT_DETAILS | Permissions::MANAGE_OWN_TEAM
    );
    let err = app
        .update_account(
            &plain,
            AccountUpdate::new().grant_permissions(Permissions::AUTHENTICATE_USERS),
        )
        .unwrap_err();
    assert_eq!(err.code(), Some(403));

    // Listings.
    let members: Vec<u64> = anon
        .list_accounts()
        .team(&red)
        .per_page(1)
        .into_iter()
        .map(|a| u64::from(a.unwrap().id))
        .collect();
    assert_eq!(members.len(), 2);
    assert!(members.contains(&artemis.id.into()) && members.contains(&captain.id.into()));
    let found = anon
        .list_accounts()
        .search("artemis ii")
        .team(&red)
        .into_iter()
        .count();
    assert_eq!(found, 1);
    let page = anon
        .list_teams()
        .search("e2e Blue Ren")
        .get_page(0)
        .unwrap();
    assert!(page.data.iter().any(|t| t.id == blue.id));

    // Sessions, and what a user may and may not do.
    let session = app.create_session(&captain).unwrap();
    let captain_client = common::user_as(target, session);
    assert_eq!(captain_client.get_self().unwrap().id, captain.id);
    let err = captain_client.create_team("not allowed").unwrap_err();
    assert_eq!(err.code(), Some(403));
    let err = captain_client
        .update_account(&plain, AccountUpdate::new().team(&red))
        .unwrap_err();
    assert_eq!(err.code(), Some(403));
    // A captain renames their own team and removes a member from it.
    let red = captain_client
        .update_team(&red, "e2e Red (captain)")
        .unwrap();
    let artemis = captain_client
        .update_account(&artemis, AccountUpdate::new().team(NO_TEAM))
        .unwrap();
    assert!(artemis.team.is_none());
    // A user moves itself.
    let plain_client = common::user_as(target, app.create_session(&plain).unwrap());
    let plain = plain_client
        .update_account(&plain, AccountUpdate::new().team(&blue))
        .unwrap();
    assert_eq!(plain.team.as_ref().map(|t| t.id), Some(blue.id));
    let err = plain_client
        .create_award(NewAward::new("x", "https://e.com/x.png", &blue))
        .unwrap_err();
    assert_eq!(err.code(), Some(403));

    // Awards: given and taken twice.
    let award = app
        .create_award(
            NewAward::new("e2e Gold", "https://link.to/icon.png", &red).accounts([&captain]),
        )
        .unwrap();
    let award = app
        .update_award(&award, AwardUpdate::new().title("e2e Gold II"))
        .unwrap();
    assert_eq!(app.give_award(&award, &plain).unwrap(), AwardGiven::Given);
    assert_eq!(
        app.give_award(&award, &plain).unwrap(),
        AwardGiven::AlreadyHeld
    );
    let details = anon.get_award(&award).unwrap();
    assert_eq!(details.title, "e2e Gold II");
    // In no particular order: the real server's query has no ORDER BY.
    let mut awardees: Vec<polympics::AccountId> = details.awardees.iter().map(|a| a.id).collect();
    awardees.sort();
    let mut expected = [captain.id, plain.id];
    expected.sort();
    assert_eq!(awardees, expected);
    assert_eq!(details.team.as_ref().map(|t| t.id), Some(red.id));
    app.take_award(&award, &plain).unwrap();
    assert!(app.take_award(&award, &plain).unwrap_err().is_not_found());
    // A team that an award belongs to cannot be deleted (the server answers 500).
    assert!(matches!(
        app.delete_team(&red),
        Err(Error::Server { status: 500, .. })
    ));

    // Callbacks (registered with a URL no test server sends to).
    let callback = app
        .create_callback(
            EventType::AccountTeamUpdate,
            "https://example.com/e2e-hook",
            "e2e-secret",
        )
        .unwrap();
    assert_eq!(
        app.get_callback(EventType::AccountTeamUpdate).unwrap(),
        callback
    );
    assert_eq!(
        app.get_callbacks()
            .unwrap()
            .get(&EventType::AccountTeamUpdate)
            .map(String::as_str),
        Some("https://example.com/e2e-hook")
    );
    app.delete_callback(EventType::AccountTeamUpdate).unwrap();
    assert!(app
        .get_callback(EventType::AccountTeamUpdate)
        .unwrap_err()
        .is_not_found());

    // Wrong credentials are anonymous, as on the real server.
    let wrong = common::app_as(
        target,
        Credentials::new(creds.username(), "not-the-password"),
    );
    assert_eq!(wrong.create_team("nope").unwrap_err().code(), Some(403));
    assert_eq!(wrong.get_self().unwrap_err().code(), Some(401));

    // A user's token reset kills the session.
    assert!(matches!(
        plain_client.reset_token(),
        Err(Error::SessionReset { .. })
    ));
    assert_eq!(plain_client.get_self().unwrap_err().code(), Some(401));

    // Deleting what was created. A session may delete its own account.
    let doomed = common::user_as(target, app.create_session(&plain).unwrap());
    doomed.delete_account(&plain).unwrap();
    assert!(anon.get_account(&plain).unwrap_err().is_not_found());
    app.delete_award(&award).unwrap();
    for account in [&artemis, &captain] {
        app.delete_account(account).unwrap();
    }
    app.delete_team(&red).unwrap();
    app.delete_team(&blue).unwrap();
    assert!(anon.get_team(&red).unwrap_err().is_not_found());
}

#[test]
fn the_guide_against_the_test_server() {
    let server = TestServer::start();
    let creds = server.create_app("e2e", Permissions::all());
    portable_scenario(server.url(), creds);
}

#[test]
#[ignore = "needs a live server: see tests/polympics/common/live.rs"]
fn the_guide_against_a_live_server() {
    let live = common::live::live();
    portable_scenario(&live.url, live.app);
}

/// A receiver on loopback that answers 204 and hands over each request's authorization
/// header and body.
/// A callback receiver: records each delivery, answers 204.
fn start_receiver() -> Hostile {
    Hostile::answering(|_, conn| {
        conn.write(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n");
        false
    })
}

#[test]
fn callbacks_are_delivered_and_verified() {
    let server = TestServer::start();
    let app = server.app_client(server.create_app("hooks", Permissions::all()));
    let receiver = start_receiver();
    let url = format!("{}/hook", receiver.url());
    app.create_callback(EventType::AccountTeamUpdate, &url, "hook-secret")
        .unwrap();
    let team = app.create_team("Hooked").unwrap();
    let account = app
        .create_account(NewAccount::new(77, "joiner", "0077"))
        .unwrap();

    app.update_account(&account, AccountUpdate::new().team(&team))
        .unwrap();
    let received = receiver.wait_for_requests(1, Duration::from_secs(10));
    let (authorization, body) = (received[0].header("authorization"), &received[0].body);
    assert!(webhooks::verify_authorization(authorization, "hook-secret"));
    assert!(!webhooks::verify_authorization(
        authorization,
        "other-secret"
    ));
    let event = webhooks::account_team_update(body).unwrap();
    assert_eq!(event.account.id, 77);
    assert_eq!(event.team.as_ref().map(|t| t.id), Some(team.id));
    // As on the real server, the payload's member count is read before the save.
    assert_eq!(event.team.as_ref().map(|t| t.member_count), Some(0));

    // Leaving fires too; so does a `team` that does not change anything.
    app.update_account(&account, AccountUpdate::new().team(NO_TEAM))
        .unwrap();
    app.update_account(&account, AccountUpdate::new().team(NO_TEAM))
        .unwrap();
    for request in &receiver.wait_for_requests(3, Duration::from_secs(10))[1..] {
        assert!(webhooks::account_team_update(&request.body)
            .unwrap()
            .team
            .is_none());
    }
    // Other changes do not fire.
    app.update_account(&account, AccountUpdate::new().name("renamed"))
        .unwrap();
    let deliveries = server.wait_for_deliveries(3, Duration::from_secs(10));
    assert_eq!(deliveries.len(), 3);
    assert!(deliveries
        .iter()
        .all(|d| d.outcome == DeliveryOutcome::Delivered { status: 204 } && d.url == url));
    assert!(!format!("{deliveries:?}").contains("hook-secret"));

    // URLs off this machine are recorded, never sent.
    app.create_callback(
        EventType::AccountTeamUpdate,
        "https://example.com/hook",
        "x",
    )
    .unwrap();
    app.update_account(&account, AccountUpdate::new().team(&team))
        .unwrap();
    let deliveries = server.wait_for_deliveries(4, Duration::from_secs(10));
    assert_eq!(deliveries[3].outcome, DeliveryOutcome::NotSent);
    // ...unless they are redirected to a receiver.
    server.redirect_callbacks(Some(&url));
    app.update_account(&account, AccountUpdate::new().team(NO_TEAM))
        .unwrap();
    let received = receiver.wait_for_requests(4, Duration::from_secs(10));
    assert_eq!(received[3].header("authorization"), Some("Bearer x"));
}

#[test]
fn signups_closed() {
    let server = TestServer::start();
    let app = server.app_client(server.create_app("admin", Permissions::all()));
    let anon = server.client();
    server.add_discord_user("token-known", 48, "dave", "0048");
    server.add_discord_user("token-new", 61, "newbie", "0061");
    anon.discord_authenticate("token-known").unwrap();
    server.set_signups_open(false);
    assert!(!anon.check_signups().unwrap());
    let err = app
        .create_account(NewAccount::new(60, "eve", "0060"))
        .unwrap_err();
    assert_eq!(
        (err.code(), err.detail()),
        (Some(403), Some("Signups are closed."))
    );
    let err = anon.discord_authenticate("token-new").unwrap_err();
    assert_eq!(err.detail(), Some("Signups are closed."));
    // Existing users still log in.
    let session = anon.discord_authenticate("token-known").unwrap();
    assert_eq!(server.user_client(session).get_self().unwrap().name, "dave");
}

#[test]
fn discord_login_and_refresh() {
    let server = TestServer::start();
    let app = server.app_client(server.create_app("admin", Permissions::all()));
    server.add_discord_user("good", 555000000000000001, "user555", "0001");
    let session = server.client().discord_authenticate("good").unwrap();
    let user = server.user_client(session);
    let me = user.get_self().unwrap();
    assert_eq!(me.id, 555000000000000001);
    assert_eq!(
        me.avatar_url.as_deref(),
        Some("https://cdn.discordapp.com/embed/avatars/1.png")
    );
    let err = server.client().discord_authenticate("bad").unwrap_err();
    assert_eq!(
        (err.code(), err.detail()),
        (Some(401), Some("Bad Discord user token."))
    );

    server.add_discord_user_with_avatar("fresh", 555000000000000001, "renamed", "0002", "abc123");
    let me = app
        .update_account(&me, AccountUpdate::new().name("local name"))
        .unwrap();
    let me = app
        .update_account(&me, AccountUpdate::new().discord_token("fresh"))
        .unwrap();
    assert_eq!(
        (me.name.as_str(), me.discriminator.as_str()),
        ("renamed", "0002")
    );
    assert_eq!(
        me.avatar_url.as_deref(),
        Some("https://cdn.discordapp.com/avatars/555000000000000001/abc123.png")
    );
    let err = app
        .update_account(&me, AccountUpdate::new().discord_token("nope"))
        .unwrap_err();
    assert!(matches!(&err, Error::Data { detail: Some(d), .. } if d == "Bad Discord user token."));
    server.add_discord_user("someone-else", 9, "other", "0009");
    let err = app
        .update_account(&me, AccountUpdate::new().discord_token("someone-else"))
        .unwrap_err();
    assert_eq!(
        err.detail(),
        Some("Discord token is for a different account.")
    );
}

#[test]
fn app_token_reset_and_session_expiry() {
    let server = TestServer::start();
    let creds = server.create_app("resetter", Permissions::all());
    let app = server.app_client(creds.clone());
    let stale = server.app_client(creds);
    let new = app.reset_token().unwrap();
    assert_eq!(app.get_self().unwrap().name, "resetter");
    assert_eq!(stale.get_self().unwrap_err().code(), Some(401));
    assert_eq!(server.app_client(new).get_self().unwrap().username, "A1");

    let account = app
        .create_account(NewAccount::new(5, "mortal", "0005"))
        .unwrap();
    let user = server.user_client(app.create_session(&account).unwrap());
    user.get_self().unwrap();
    server.advance_clock(Duration::from_secs(29 * 24 * 3600));
    user.get_self().unwrap();
    server.advance_clock(Duration::from_secs(2 * 24 * 3600));
    let err = user.get_self().unwrap_err();
    assert_eq!(
        (err.code(), err.detail()),
        (Some(401), Some("A token was not used to authenticate."))
    );
}

#[test]
fn limited_apps_are_denied() {
    let server = TestServer::start();
    let admin = server.app_client(server.create_app("admin", Permissions::all()));
    let limited = server.app_client(server.create_app("none", Permissions::empty()));
    let team = admin.create_team("t").unwrap();
    let account = admin
        .create_account(NewAccount::new(1, "a", "0001"))
        .unwrap();
    let denied = [
        limited.create_team("x").map(drop),
        limited.update_team(&team, "x").map(drop),
        limited.delete_team(&team),
        limited
            .create_account(NewAccount::new(2, "b", "0002"))
            .map(drop),
        limited
            .update_account(&account, AccountUpdate::new().name("x"))
            .map(drop),
        limited
            .update_account(&account, AccountUpdate::new().team(&team))
            .map(drop),
        limited.delete_account(&account),
        limited.create_session(&account).map(drop),
        limited
            .create_award(NewAward::new("x", "y", &team))
            .map(drop),
    ];
    for result in denied {
        assert_eq!(
            result.unwrap_err().detail(),
            Some("Request outside of authorisation scope.")
        );
    }
    // Callbacks need no permission, only an app.
    limited
        .create_callback(EventType::AccountTeamUpdate, "https://example.com/x", "s")
        .unwrap();
}

#[test]
fn pagination_over_hundreds_of_accounts_counts_requests() {
    let server = TestServer::start();
    let league = server.seed_demo_league();
    let app = server.app_client(league.app);
    for i in 0..264u64 {
        app.create_account(NewAccount::new(10_000 + i, format!("bulk {i:03}"), "0001"))
            .unwrap();
    }
    let total = 264 + league.accounts.len() as u64;
    for per_page in [1, 7, 20, 50, 100, 300, 1000] {
        server.clear_requests();
        let names: Vec<String> = app
            .list_accounts()
            .per_page(per_page)
            .into_iter()
            .map(|a| a.unwrap().name)
            .collect();
        assert_eq!(names.len() as u64, total, "per_page {per_page}");
        let mut sorted = names.clone();
        sorted.sort_by(|a, b| a.as_bytes().cmp(b.as_bytes()));
        assert_eq!(names, sorted, "ordered by name");
        assert_eq!(
            server.request_count() as u64,
            total.div_ceil(per_page),
            "per_page {per_page}"
        );
    }
    server.clear_requests();
    let bulk = app
        .list_accounts()
        .search("bulk 1")
        .per_page(25)
        .into_iter()
        .count();
    assert_eq!(bulk, 100);
    assert_eq!(server.request_count(), 4);
    let requests = server.requests();
    assert_eq!(
        requests[0].url,
        "/accounts/search?q=bulk%201&page=0&per_page=25"
    );
}
