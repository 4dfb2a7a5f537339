//! `/teams/*` and `/team/{id}`.

use polympics::limits;

use super::shared::{by_name_then_id, search_page, search_text};
use crate::context::{team_exists, Ctx};
use crate::database::TeamRow;
use crate::forms::{self, Issues};
use crate::http::{db_check, permit, Handling, Reply};
use crate::rules::ilike_contains;
use polympics::Permissions;

/// Reads the `{"name": ...}` body of create and update.
fn team_name(ctx: &Ctx<'_>, issues: &mut Issues) -> Option<String> {
    let form = forms::body_object(ctx.req.body(), issues)?;
    forms::required_string(&form, "name", issues)
}

pub(crate) fn create(ctx: &mut Ctx<'_>, _: &[&str]) -> Handling {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let name = team_name(ctx, &mut issues).ok_or_else(|| Reply::issues(issues))?;
    permit(scope.has(Permissions::MANAGE_TEAMS))?;
    db_check(limits::fits(&name, limits::MAX_NAME_CHARS))?;
    let id = ctx.db.ids.team();
    let created_at = ctx.db.now();
    ctx.db.teams.insert(id, TeamRow { name, created_at });
    Ok(Reply::json(201, &ctx.db.team(id)))
}

pub(crate) fn search(ctx: &mut Ctx<'_>, _: &[&str]) -> Handling {
    let q = search_text(ctx.req);
    let ids = by_name_then_id(
        ctx.db
            .teams
            .iter()
            .filter(|(_, team)| q.as_deref().is_none_or(|q| ilike_contains(&team.name, q)))
            .map(|(id, team)| (team.name.as_str(), *id)),
    );
    let state = &*ctx.db;
    search_page(ctx.req, ids, Issues::default(), |id| state.team(id))
}

fn path_team(ctx: &Ctx<'_>, segment: &str, issues: &mut Issues) -> Option<u64> {
    ctx.path_id(segment, "team", "Team", team_exists, issues)
}

pub(crate) fn get(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let mut issues = Issues::default();
    let id = path_team(ctx, params[0], &mut issues).ok_or_else(|| Reply::issues(issues))?;
    Ok(Reply::json(200, &ctx.db.team(id)))
}

pub(crate) fn update(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let id = path_team(ctx, params[0], &mut issues);
    let name = team_name(ctx, &mut issues);
    let (Some(id), Some(name), true) = (id, name, issues.is_empty()) else {
        return Err(Reply::issues(issues));
    };
    permit(scope.has(Permissions::MANAGE_TEAMS) || scope.owns_team(id))?;
    db_check(limits::fits(&name, limits::MAX_NAME_CHARS))?;
    if let Some(team) = ctx.db.teams.get_mut(&id) {
        team.name = name;
    }
    Ok(Reply::json(200, &ctx.db.team(id)))
}

pub(crate) fn delete(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let id = path_team(ctx, params[0], &mut issues).ok_or_else(|| Reply::issues(issues))?;
    permit(scope.has(Permissions::MANAGE_TEAMS) || scope.owns_team(id))?;
    // An award's foreign key keeps the team: the real server fails with a 500.
    db_check(!ctx.db.awards.values().any(|award| award.team == id))?;
    ctx.db.teams.remove(&id);
    for account in ctx.db.accounts.values_mut() {
        if account.team == Some(id) {
            account.team = None;
        }
    }
    Ok(Reply::empty(204))
}
