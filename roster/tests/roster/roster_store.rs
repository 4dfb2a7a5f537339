//! The compact roster: what it keeps is exactly what the API said, its JSON is the API's
//! own models, and text with escapes, saved files of every shape and large leagues read
//! back right.

use polympics::{Account, AccountUpdate, NewAccount, Team};
use polympics_roster::Roster;
use polympics_test_server::TestServer;
use serde_json::{json, Value};

fn league() -> (TestServer, polympics::AppClient) {
    let server = TestServer::start();
    let app = server.app_client(server.seed_demo_league().app);
    (server, app)
}

#[test]
fn the_json_of_a_snapshot_is_the_apis_models_by_id() {
    let (_server, app) = league();
    // A name and an avatar with every kind of escape the server writes.
    app.create_account(
        NewAccount::new(1234u64, "Zoë \"the\" \\ great\t✓", "0001")
            .avatar_url("https://example.com/a.png?x=\"y\""),
    )
    .unwrap();
    app.update_account(1234u64, AccountUpdate::new().team(3u64))
        .unwrap();
    // Discord's avatar URLs, kept short by the roster, and near misses kept as text.
    let hash = "0123456789abcdef0123456789abcdef";
    let cdn = "https://cdn.discordapp.com";
    for (id, avatar) in [
        (2001u64, format!("{cdn}/avatars/2001/{hash}.png")),
        (2002, format!("{cdn}/avatars/2002/a_{hash}.gif")),
        (2003, format!("{cdn}/embed/avatars/3.png")),
        (2004, format!("{cdn}/avatars/2001/{hash}.png")),
        (
            2005,
            format!("{cdn}/avatars/2005/{}.png", hash.to_uppercase()),
        ),
    ] {
        app.create_account(NewAccount::new(id, "Cdn", "0002").avatar_url(avatar))
            .unwrap();
    }
    let roster = Roster::fetch(&app).unwrap();
    let mut teams: Vec<Team> = app
        .list_teams()
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut accounts: Vec<Account> = app
        .list_accounts()
        .into_iter()
        .collect::<Result<_, _>>()
        .unwrap();
    teams.sort_by_key(|t| t.id);
    accounts.sort_by_key(|a| a.id);
    let mut got: Value = serde_json::to_value(&roster).unwrap();
    let expected = json!({
        "taken_at": got["taken_at"].clone(),
        "source": app.base_url(),
        "teams": teams,
        "accounts": accounts,
    });
    assert_eq!(got, expected);
    // Every account reads back as the API's model.
    for account in &accounts {
        assert_eq!(&roster.account(account.id).unwrap().to_account(), account);
    }
    let zoe = roster.account(1234u64).unwrap();
    assert_eq!(zoe.name(), "Zoë \"the\" \\ great\t✓");
    assert_eq!(
        zoe.avatar_url().as_deref(),
        Some("https://example.com/a.png?x=\"y\"")
    );
    // The fast writer writes what serde_json writes.
    let mut written = Vec::new();
    roster.write_json(&mut written).unwrap();
    assert_eq!(written, serde_json::to_vec(&roster).unwrap());
    // Saved and read back: equal, and written the same.
    let saved = serde_json::to_string_pretty(&roster).unwrap();
    let loaded: Roster = serde_json::from_str(&saved).unwrap();
    assert_eq!(loaded, roster);
    assert_eq!(serde_json::to_string_pretty(&loaded).unwrap(), saved);
    got["teams"] = json!([]);
    assert_ne!(got, expected);
}

#[test]
fn a_saved_snapshot_naming_a_team_it_does_not_list_keeps_that_team() {
    let text = r#"{
        "taken_at": 1795778980.5,
        "accounts": [{"id": "42", "name": "Ajax", "discriminator": "0001", "avatar_url": null,
            "team": {"id": 9, "name": "Gone Team", "created_at": 1795778000.25,
                     "member_count": 1, "awards": []},
            "permissions": 0, "created_at": 1795778001.5,
            "awards": [{"id": 3, "title": "Gold", "image_url": "https://e.x/g.png"}]},
            {"id": "42", "name": "Ajax, again", "discriminator": "0001", "avatar_url": null,
             "team": null, "permissions": 0, "created_at": 1795778001.5, "awards": []}],
        "teams": [],
        "future_field": {"ignored": true}
    }"#;
    let roster: Roster = serde_json::from_str(text).unwrap();
    assert_eq!(roster.accounts().len(), 1, "a row read twice is kept once");
    let ajax = roster.account(42u64).unwrap();
    assert_eq!(ajax.name(), "Ajax, again", "its last copy");
    let first: Roster = serde_json::from_str(&text.replace(
        r#"{"id": "42", "name": "Ajax, again""#,
        r#"{"id": "43", "name": "Ajax, again""#,
    ))
    .unwrap();
    let ajax = first.account(42u64).unwrap();
    assert_eq!(ajax.team().map(|t| t.name()), Some("Gone Team"));
    assert_eq!(
        ajax.awards().map(|a| a.title()).collect::<Vec<_>>(),
        ["Gold"]
    );
    // Copies with no text at all, many, in an order the sort must undo (a small slice is
    // sorted by insertion, which would keep their order anyway), keep their last too.
    let copies: Vec<String> = (0..300u64)
        .map(|i| {
            format!(
                r#"{{"id": "{}", "name": "", "discriminator": "", "avatar_url": null,
                    "team": null, "permissions": 0, "created_at": {i}, "awards": []}}"#,
                (i * 7919) % 13
            )
        })
        .collect();
    let text = format!(
        r#"{{"taken_at": 1.0, "teams": [], "accounts": [{}]}}"#,
        copies.join(",")
    );
    let roster: Roster = serde_json::from_str(&text).unwrap();
    let kept: Vec<(u64, i64)> = roster
        .accounts()
        .map(|a| (a.id().0, a.created_at().unix_timestamp()))
        .collect();
    let last: Vec<(u64, i64)> = (0..13u64)
        .map(|id| {
            let i = (0..300u64).rev().find(|i| (i * 7919) % 13 == id).unwrap();
            (id, i as i64)
        })
        .collect();
    assert_eq!(kept, last);
    for broken in [
        r#"{"teams": [], "accounts": []}"#,
        r#"{"taken_at": 1.0, "teams": []}"#,
    ] {
        assert!(serde_json::from_str::<Roster>(broken).is_err(), "{broken}");
    }
}

#[test]
fn a_league_of_several_pages_is_read_whole_and_in_id_order() {
    let (_server, app) = league();
    for i in 0..250u64 {
        app.create_account(NewAccount::new(
            9_000_000 - i * 7,
            format!("bulk {i:03}"),
            "0001",
        ))
        .unwrap();
    }
    let roster = Roster::fetch_with(&app, 40, |_| {}).unwrap();
    assert_eq!(roster.accounts().len(), 36 + 250);
    let ids: Vec<u64> = roster.accounts().map(|a| a.id().0).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "sorted by ID");
    assert_eq!(roster.accounts_named("bulk 042").count(), 1);
}
