//! `/accounts/*` and `/account/{id}`.

use serde_json::Value;

use polympics::limits;

use super::shared::{by_name_then_id, optional_team, search_page, search_text, team_lookup};
use crate::context::{account_exists, Ctx};
use crate::database::AccountRow;
use crate::delivery::Pending;
use crate::forms::{self, Issues, LocPart};
use crate::http::{db_check, permit, Handling, Reply};
use crate::rules::ilike_contains;
use polympics::{EventType, Permissions};

use crate::json;

pub(crate) fn signups(ctx: &mut Ctx<'_>, _: &[&str]) -> Handling {
    #[derive(serde::Serialize)]
    struct Signups {
        signups_open: bool,
    }
    Ok(Reply::json(
        200,
        &Signups {
            signups_open: ctx.db.signups_open,
        },
    ))
}

pub(crate) fn create(ctx: &mut Ctx<'_>, _: &[&str]) -> Handling {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let Some(form) = forms::body_object(ctx.req.body(), &mut issues) else {
        return Err(Reply::issues(issues));
    };
    let id = forms::required_integer(&form, "id", &mut issues);
    let name = forms::required_string(&form, "name", &mut issues);
    let discriminator = forms::required_string(&form, "discriminator", &mut issues);
    let avatar_url = forms::optional_string(&form, "avatar_url", &mut issues);
    let team = optional_team(ctx.db, &form, &mut issues);
    let permissions = forms::optional_integer(&form, "permissions", &mut issues).unwrap_or(0);
    let (Some(id), Some(name), Some(discriminator)) = (id, name, discriminator) else {
        return Err(Reply::issues(issues));
    };
    if !issues.is_empty() {
        return Err(Reply::issues(issues));
    }
    if !ctx.db.signups_open {
        return Err(Reply::detail(403, "Signups are closed."));
    }
    permit(scope.has(Permissions::MANAGE_ACCOUNT_DETAILS))?;
    if permissions != 0 {
        permit(scope.can_alter_permissions(team, clamp(permissions)))?;
    }
    let id = u64::try_from(id)
        .ok()
        .filter(|id| *id <= limits::MAX_BIGINT);
    db_check(
        limits::fits(&name, limits::MAX_NAME_CHARS)
            && limits::fits(&discriminator, limits::MAX_NAME_CHARS),
    )?;
    db_check(
        avatar_url
            .as_deref()
            .is_none_or(|url| limits::fits(url, limits::MAX_URL_CHARS)),
    )?;
    let id = id.ok_or_else(Reply::internal_error)?;
    if ctx.db.accounts.contains_key(&id) {
        return Err(Reply::detail(409, "That Discord ID is already registered."));
    }
    let created_at = ctx.db.now();
    ctx.db.accounts.insert(
        id,
        AccountRow {
            id,
            name,
            discriminator,
            avatar_url,
            team,
            permissions: Permissions::from_bits_truncate(permissions as u8),
            created_at,
        },
    );
    Ok(Reply::json(201, &ctx.db.account(id)))
}

/// Permission integers beyond any flag stay beyond (the rules refuse them).
fn clamp(bits: i128) -> i64 {
    bits.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

pub(crate) fn search(ctx: &mut Ctx<'_>, _: &[&str]) -> Handling {
    let mut issues = Issues::default();
    let team = ctx.req.query("team").and_then(|team| {
        team_lookup(
            ctx.db,
            &Value::String(team),
            &[LocPart::Name("query"), LocPart::Name("team")],
            &mut issues,
        )
    });
    let q = search_text(ctx.req);
    let ids = by_name_then_id(
        ctx.db
            .accounts
            .values()
            .filter(|a| q.as_deref().is_none_or(|q| ilike_contains(&a.name, q)))
            .filter(|a| team.is_none() || a.team == team)
            .map(|a| (a.name.as_str(), a.id)),
    );
    let state = &*ctx.db;
    search_page(ctx.req, ids, issues, |id| state.account(id))
}

fn path_account(ctx: &Ctx<'_>, segment: &str, issues: &mut Issues) -> Option<u64> {
    ctx.path_id(segment, "account", "Account", account_exists, issues)
}

pub(crate) fn get(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let mut issues = Issues::default();
    let id = path_account(ctx, params[0], &mut issues).ok_or_else(|| Reply::issues(issues))?;
    Ok(Reply::json(200, &ctx.db.account(id)))
}

/// The `team` of an account update: a team to join, `0` to leave, or nothing.
enum TeamChange {
    Keep,
    Set(Option<u64>),
}

fn team_change(ctx: &Ctx<'_>, value: Option<&Value>, issues: &mut Issues) -> TeamChange {
    let loc = [LocPart::Name("body"), LocPart::Name("team")];
    match value {
        None | Some(Value::Null) => TeamChange::Keep,
        Some(value) => {
            if forms::model_id(value) == Ok(0) {
                return TeamChange::Set(None);
            }
            match team_lookup(ctx.db, value, &loc, issues) {
                Some(team) => TeamChange::Set(Some(team)),
                None => {
                    // The "no team" alternative of the field's union fails too.
                    issues.value_error(&loc, "Should fall through to next type.");
                    TeamChange::Keep
                }
            }
        }
    }
}

pub(crate) fn update(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let id = path_account(ctx, params[0], &mut issues);
    let form = forms::body_object(ctx.req.body(), &mut issues).unwrap_or_default();
    let name = forms::optional_string(&form, "name", &mut issues);
    let discriminator = forms::optional_string(&form, "discriminator", &mut issues);
    let avatar_url = forms::optional_string(&form, "avatar_url", &mut issues);
    let team = team_change(ctx, form.get("team"), &mut issues);
    let grant = forms::optional_integer(&form, "grant_permissions", &mut issues);
    let revoke = forms::optional_integer(&form, "revoke_permissions", &mut issues);
    let discord_token = forms::optional_string(&form, "discord_token", &mut issues);
    let Some(id) = id.filter(|_| issues.is_empty()) else {
        return Err(Reply::issues(issues));
    };
    let mut row = ctx
        .db
        .accounts
        .get(&id)
        .cloned()
        .ok_or_else(Reply::internal_error)?;
    let truthy = |value: &Option<String>| value.as_deref().is_some_and(|v| !v.is_empty());
    if truthy(&name) || truthy(&discriminator) || truthy(&avatar_url) {
        permit(scope.has(Permissions::MANAGE_ACCOUNT_DETAILS))?;
    }
    if let Some(name) = name.filter(|v| !v.is_empty()) {
        row.name = name;
    }
    if let Some(discriminator) = discriminator.filter(|v| !v.is_empty()) {
        row.discriminator = discriminator;
    }
    if let Some(url) = avatar_url.filter(|v| !v.is_empty()) {
        row.avatar_url = Some(url);
    }
    let mut team_event = None;
    if let TeamChange::Set(new_team) = team {
        let kicking = new_team.is_none() && row.team.is_some_and(|team| scope.owns_team(team));
        let joining = scope.owns_account(id);
        permit(scope.has(Permissions::MANAGE_ACCOUNT_TEAMS) || kicking || joining)?;
        // The real server reads the team's member count before saving: callbacks show it.
        team_event = Some((new_team, new_team.map(|t| ctx.db.member_count(t))));
        row.team = new_team;
    }
    for (bits, grant) in [(grant, true), (revoke, false)] {
        let Some(bits) = bits.filter(|bits| *bits != 0) else {
            continue;
        };
        permit(scope.can_alter_permissions(row.team, clamp(bits)))?;
        let bits = Permissions::from_bits_truncate(bits as u8);
        if grant {
            row.permissions |= bits;
        } else {
            row.permissions -= bits;
        }
    }
    if let Some(token) = discord_token.filter(|v| !v.is_empty()) {
        let user = ctx
            .db
            .discord_user(&token)?
            .ok_or_else(|| Reply::detail(422, "Bad Discord user token."))?;
        if user.id != id {
            return Err(Reply::detail(
                403,
                "Discord token is for a different account.",
            ));
        }
        row.avatar_url = Some(user.avatar_url());
        row.name = user.name;
        row.discriminator = user.discriminator;
    }
    db_check(
        limits::fits(&row.name, limits::MAX_NAME_CHARS)
            && limits::fits(&row.discriminator, limits::MAX_NAME_CHARS),
    )?;
    db_check(
        row.avatar_url
            .as_deref()
            .is_none_or(|url| limits::fits(url, limits::MAX_URL_CHARS)),
    )?;
    ctx.db.accounts.insert(id, row);
    if let Some((team, stale_count)) = team_event {
        queue_team_update(ctx, id, team, stale_count);
    }
    Ok(Reply::json(200, &ctx.db.account(id)))
}

/// Queues an `account_team_update` event for every app's callback.
fn queue_team_update(ctx: &mut Ctx<'_>, account: u64, team: Option<u64>, stale_count: Option<u64>) {
    let db = &*ctx.db;
    let stale_team = team.and_then(|t| db.team_with_count(t, stale_count.unwrap_or(0)));
    let Some(mut account) = db.account(account) else {
        return;
    };
    account.team = stale_team.clone();
    let event = json::TeamUpdateEvent {
        account,
        team: stale_team,
    };
    let Ok(body) = serde_json::to_string(&event) else {
        return;
    };
    for callback in db.callbacks.values() {
        if callback.event == EventType::AccountTeamUpdate {
            ctx.deliveries.push(Pending {
                url: callback.url.clone(),
                secret: callback.secret.clone(),
                body: body.clone(),
            });
        }
    }
}

pub(crate) fn delete(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let id = path_account(ctx, params[0], &mut issues).ok_or_else(|| Reply::issues(issues))?;
    permit(scope.has(Permissions::MANAGE_ACCOUNT_DETAILS) || scope.owns_account(id))?;
    ctx.db.delete_account(id);
    Ok(Reply::empty(204))
}
