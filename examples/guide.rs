//! Walks the whole guide of the Python wrapper, every operation once, and prints what each
//! step did.
//!
//! ```text
//! cargo run --example guide
//! ```
//!
//! Without `POLYMPICS_URL` it runs against an embedded test server with a demo league. With
//! `POLYMPICS_URL`, `POLYMPICS_USER` and `POLYMPICS_PASSWORD` (an app with every app
//! permission) it runs against that server, creating and then deleting its own team, account
//! and award; it skips the steps that would rotate your app's token or need a Discord token
//! (set `POLYMPICS_DISCORD_TOKEN` to include Discord login).

use polympics::{
    webhooks, AccountUpdate, AppClient, AwardGiven, AwardUpdate, Error, EventType, NewAccount,
    NewAward, Permissions, UnauthenticatedClient, UserClient, NO_TEAM,
};

mod common;

/// A Discord token the embedded test server accepts, if there is one.
fn demo_discord_token(backend: &common::Backend) -> Option<String> {
    let server = backend.test_server()?;
    server.add_discord_user(
        "demo-discord-token",
        555_000_000_000_000_001,
        "discord-user",
        "0001",
    );
    Some("demo-discord-token".to_owned())
}

/// Prints one step of the walk.
fn step(name: &str, what: impl std::fmt::Display) {
    println!("{name:<22} {what}");
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let backend = common::Backend::from_env()?;
    let creds = backend
        .credentials
        .clone()
        .ok_or("set POLYMPICS_USER and POLYMPICS_PASSWORD to an app's credentials")?;
    let anon = UnauthenticatedClient::builder(&backend.url).build()?;
    let app = AppClient::builder(&backend.url, creds).build()?;

    // Clients and reads.
    step(
        "check_signups",
        format!("signups open: {}", anon.check_signups()?),
    );
    let me = app.get_self()?;
    step(
        "get_self (app)",
        format!("{} ({}), {:?}", me.name, me.username, me.permissions),
    );

    // Teams.
    let team = app.create_team("Gods of Olympus")?;
    step("create_team", format!("team {} {:?}", team.id, team.name));
    let team = app.update_team(&team, "Cool Kidz")?;
    step("update_team", format!("renamed to {:?}", team.name));
    let team = app.get_team(team.id)?;
    step(
        "get_team",
        format!("{:?} has {} members", team.name, team.member_count),
    );

    // Accounts.
    let id = 1_234_567_000_000_000_001;
    let account = app.create_account(
        NewAccount::new(id, "Artemis", "8472")
            .avatar_url("https://picsum.photos/200")
            .team(&team)
            .permissions(Permissions::MANAGE_TEAMS | Permissions::MANAGE_ACCOUNT_DETAILS),
    )?;
    step(
        "create_account",
        format!(
            "{} {}#{} in {:?}",
            account.id,
            account.name,
            account.discriminator,
            account.team.as_ref().map(|t| &t.name)
        ),
    );
    let account = app.get_account(account.id)?;
    step(
        "get_account",
        format!("{:?}, created {}", account.permissions, account.created_at),
    );
    let account = app.update_account(
        &account,
        AccountUpdate::new().name("Artemis").discriminator("1231"),
    )?;
    step(
        "update_account",
        format!("now {}#{}", account.name, account.discriminator),
    );
    let account = app.update_account(&account, AccountUpdate::new().team(NO_TEAM))?;
    step(
        "update_account",
        format!("left the team: team = {:?}", account.team),
    );
    let account = app.update_account(&account, AccountUpdate::new().team(&team))?;
    step(
        "update_account",
        format!("joined {:?} again", account.team.as_ref().map(|t| &t.name)),
    );
    let account = app.update_account(
        &account,
        AccountUpdate::new()
            .grant_permissions(Permissions::MANAGE_OWN_TEAM)
            .revoke_permissions(Permissions::MANAGE_TEAMS),
    )?;
    step(
        "update_account",
        format!("permissions now {:?}", account.permissions),
    );

    // Listings.
    let found: Vec<String> = app
        .list_accounts()
        .search("artem")
        .team(&team)
        .per_page(100)
        .into_iter()
        .map(|a| a.map(|a| a.name))
        .collect::<Result<_, _>>()?;
    step(
        "list_accounts",
        format!("search 'artem' in the team: {found:?}"),
    );
    let page = app.list_teams().search("kidz").get_page(0)?;
    step(
        "list_teams",
        format!(
            "page {} of {}, {} result(s)",
            page.page, page.pages, page.results
        ),
    );
    let total = app.list_accounts().per_page(50).into_iter().count();
    step("list_accounts", format!("{total} accounts in all"));

    // Awards.
    let award = app.create_award(
        NewAward::new("Perfect 10 Gold", "https://link.to/icon.png", &team).accounts([&account]),
    )?;
    step(
        "create_award",
        format!("award {} {:?}", award.id, award.title),
    );
    let award = app.update_award(&award, AwardUpdate::new().title("Gold - Perfect 10"))?;
    step("update_award", format!("renamed to {:?}", award.title));
    let given = app.give_award(&award, &account)?;
    step("give_award", format!("{given:?} (created with it)"));
    app.take_award(&award, &account)?;
    step("take_award", "taken");
    let given = app.give_award(&award, &account)?;
    assert_eq!(given, AwardGiven::Given);
    let details = app.get_award(&award)?;
    step(
        "get_award",
        format!(
            "{:?} held by {:?}",
            details.title,
            details.awardees.iter().map(|a| &a.name).collect::<Vec<_>>()
        ),
    );

    // Callbacks.
    let callback = app.create_callback(
        EventType::AccountTeamUpdate,
        "https://example.com/fake_callback",
        "obviously-dont-use-this",
    )?;
    step(
        "create_callback",
        format!("callback {} for {}", callback.id, callback.event),
    );
    for (event, url) in app.get_callbacks()? {
        step("get_callbacks", format!("{url} registered for {event}"));
    }
    let callback = app.get_callback(EventType::AccountTeamUpdate)?;
    step(
        "get_callback",
        format!("{} {} {}", callback.id, callback.event, callback.url),
    );
    app.delete_callback(EventType::AccountTeamUpdate)?;
    step("delete_callback", "deleted");
    let sample = format!(
        r#"{{"account":{},"team":null}}"#,
        serde_json::to_string(&account)?
    );
    let event = webhooks::account_team_update(sample.as_bytes())?;
    step(
        "webhooks",
        format!("parsed an event for {}", event.account.name),
    );

    // Sessions.
    let session = app.create_session(&account)?;
    step(
        "create_session",
        format!(
            "{} until {}",
            session.credentials.username(),
            session.expires_at
        ),
    );
    let user = UserClient::builder(&backend.url, session).build()?;
    let me = user.get_self()?;
    step("get_self (user)", &me.name);
    match user.reset_token() {
        Err(Error::SessionReset { account, .. }) => step(
            "reset_token (user)",
            format!("the session of account {account} is now dead, as on the real server"),
        ),
        other => step("reset_token (user)", format!("{other:?}")),
    }

    // Discord login: the embedded server knows a demo token; a real one needs yours.
    let discord_token = std::env::var("POLYMPICS_DISCORD_TOKEN")
        .ok()
        .or_else(|| demo_discord_token(&backend));
    match discord_token {
        Some(token) => {
            let session = anon.discord_authenticate(&token)?;
            let user = UserClient::builder(&backend.url, session).build()?;
            step(
                "discord_authenticate",
                format!("logged in as {}", user.get_self()?.name),
            );
        }
        None => step(
            "discord_authenticate",
            "skipped: set POLYMPICS_DISCORD_TOKEN".to_owned(),
        ),
    }

    // Clean up what this walk created.
    app.delete_award(&award)?;
    step("delete_award", "deleted");
    app.delete_account(&account)?;
    step("delete_account", "deleted");
    app.delete_team(&team)?;
    step("delete_team", "deleted");

    // Resetting the app's token would lock a real app out of its stored token.
    if std::env::var("POLYMPICS_URL").is_err() {
        let creds = app.reset_token()?;
        step(
            "reset_token (app)",
            format!(
                "{} has a new token; the client uses it: {}",
                creds.credentials.username(),
                app.get_self()?.name
            ),
        );
    } else {
        step(
            "reset_token (app)",
            "skipped against a real server".to_owned(),
        );
    }
    drop(app);
    step("close", "done");
    Ok(())
}
