//! `/awards/new`, `/award/{id}` and `/account/{a}/award/{w}`.

use serde_json::Value;

use polympics::limits;

use super::shared::{optional_team, team_lookup};
use crate::context::{account_exists, award_exists, lookup, Ctx};
use crate::database::AwardRow;
use crate::forms::{self, Issues, LocPart};
use crate::http::{db_check, permit, Handling, Reply};
use polympics::Permissions;

fn path_award(ctx: &Ctx<'_>, segment: &str, issues: &mut Issues) -> Option<u64> {
    ctx.path_id(segment, "award", "Award", award_exists, issues)
}

pub(crate) fn create(ctx: &mut Ctx<'_>, _: &[&str]) -> Handling {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let Some(form) = forms::body_object(ctx.req.body(), &mut issues) else {
        return Err(Reply::issues(issues));
    };
    let title = forms::required_string(&form, "title", &mut issues);
    let image_url = forms::required_string(&form, "image_url", &mut issues);
    let team_loc = [LocPart::Name("body"), LocPart::Name("team")];
    let team = match form.get("team") {
        None => {
            issues.missing(&team_loc);
            None
        }
        Some(Value::Null) => {
            issues.none_not_allowed(&team_loc);
            None
        }
        Some(value) => team_lookup(ctx.db, value, &team_loc, &mut issues),
    };
    let accounts = award_accounts(ctx, form.get("accounts"), &mut issues);
    let (Some(title), Some(image_url), Some(team), Some(accounts), true) =
        (title, image_url, team, accounts, issues.is_empty())
    else {
        return Err(Reply::issues(issues));
    };
    permit(scope.has(Permissions::MANAGE_AWARDS))?;
    db_check(
        limits::fits(&title, limits::MAX_TITLE_CHARS)
            && limits::fits(&image_url, limits::MAX_URL_CHARS),
    )?;
    let id = ctx.db.ids.award();
    ctx.db.awards.insert(
        id,
        AwardRow {
            title,
            image_url,
            team,
        },
    );
    for account in accounts {
        ctx.db.holdings.insert((account, id));
    }
    Ok(Reply::json(201, &ctx.db.award(id)))
}

/// The `accounts` list of a new award: every item an existing account.
fn award_accounts(ctx: &Ctx<'_>, value: Option<&Value>, issues: &mut Issues) -> Option<Vec<u64>> {
    let loc = [LocPart::Name("body"), LocPart::Name("accounts")];
    match value {
        None => {
            issues.missing(&loc);
            None
        }
        Some(Value::Null) => {
            issues.none_not_allowed(&loc);
            None
        }
        Some(Value::Array(items)) => {
            let before = issues.0.len();
            let ids: Vec<u64> = items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    let loc = [
                        LocPart::Name("body"),
                        LocPart::Name("accounts"),
                        LocPart::Index(i),
                    ];
                    lookup(ctx.db, item, &loc, "Account", account_exists, issues)
                })
                .collect();
            (issues.0.len() == before).then_some(ids)
        }
        Some(_) => {
            issues.push(&loc, "value is not a valid list", "type_error.list", None);
            None
        }
    }
}

pub(crate) fn get(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let mut issues = Issues::default();
    let id = path_award(ctx, params[0], &mut issues).ok_or_else(|| Reply::issues(issues))?;
    Ok(Reply::json(200, &ctx.db.award_details(id)))
}

pub(crate) fn update(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let id = path_award(ctx, params[0], &mut issues);
    let form = forms::body_object(ctx.req.body(), &mut issues).unwrap_or_default();
    let title = forms::optional_string(&form, "title", &mut issues);
    let image_url = forms::optional_string(&form, "image_url", &mut issues);
    let team = optional_team(ctx.db, &form, &mut issues);
    let Some(id) = id.filter(|_| issues.is_empty()) else {
        return Err(Reply::issues(issues));
    };
    permit(scope.has(Permissions::MANAGE_AWARDS))?;
    let title = title.filter(|t| !t.is_empty());
    let image_url = image_url.filter(|u| !u.is_empty());
    db_check(
        title
            .as_deref()
            .is_none_or(|t| limits::fits(t, limits::MAX_TITLE_CHARS)),
    )?;
    db_check(
        image_url
            .as_deref()
            .is_none_or(|u| limits::fits(u, limits::MAX_URL_CHARS)),
    )?;
    if let Some(award) = ctx.db.awards.get_mut(&id) {
        if let Some(title) = title {
            award.title = title;
        }
        if let Some(image_url) = image_url {
            award.image_url = image_url;
        }
        if let Some(team) = team {
            award.team = team;
        }
    }
    Ok(Reply::json(200, &ctx.db.award(id)))
}

pub(crate) fn delete(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let id = path_award(ctx, params[0], &mut issues).ok_or_else(|| Reply::issues(issues))?;
    permit(scope.has(Permissions::MANAGE_AWARDS))?;
    ctx.db.awards.remove(&id);
    ctx.db.holdings.retain(|(_, award)| *award != id);
    Ok(Reply::empty(204))
}

/// Validates `/account/{a}/award/{w}` and the permission both holding routes need.
fn holding(ctx: &mut Ctx<'_>, params: &[&str]) -> Result<(u64, u64), Reply> {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let account = ctx.path_id(params[0], "account", "Account", account_exists, &mut issues);
    let award = path_award(ctx, params[1], &mut issues);
    let (Some(account), Some(award)) = (account, award) else {
        return Err(Reply::issues(issues));
    };
    permit(scope.has(Permissions::MANAGE_AWARDS))?;
    Ok((account, award))
}

pub(crate) fn give(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let key = holding(ctx, params)?;
    Ok(Reply::empty(if ctx.db.holdings.insert(key) {
        201
    } else {
        208
    }))
}

pub(crate) fn take(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let key = holding(ctx, params)?;
    Ok(Reply::empty(if ctx.db.holdings.remove(&key) {
        204
    } else {
        404
    }))
}
