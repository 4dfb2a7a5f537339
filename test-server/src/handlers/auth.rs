//! `/auth/*`.

use crate::context::{account_exists, lookup, Ctx};
use crate::database::SESSION_AGE;
use crate::forms::{self, Issues, LocPart};
use crate::http::{permit, Handling, Reply};
use crate::rules::Scope;
use polympics::Permissions;

pub(crate) fn discord(ctx: &mut Ctx<'_>, _: &[&str]) -> Handling {
    let mut issues = Issues::default();
    let token = forms::body_object(ctx.req.body(), &mut issues)
        .and_then(|form| forms::required_string(&form, "token", &mut issues))
        .ok_or_else(|| Reply::issues(issues))?;
    let user = ctx
        .db
        .discord_user(&token)?
        .ok_or_else(|| Reply::detail(401, "Bad Discord user token."))?;
    if !ctx.db.accounts.contains_key(&user.id) {
        if !ctx.db.signups_open {
            return Err(Reply::detail(403, "Signups are closed."));
        }
        ctx.db.create_account_from_discord(&user);
    }
    Ok(Reply::json(200, &ctx.db.create_session(user.id)))
}

pub(crate) fn create_session(ctx: &mut Ctx<'_>, _: &[&str]) -> Handling {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let account = forms::body_object(ctx.req.body(), &mut issues).and_then(|form| {
        let loc = [LocPart::Name("body"), LocPart::Name("account")];
        match form.get("account") {
            None => {
                issues.missing(&loc);
                None
            }
            Some(value) => lookup(ctx.db, value, &loc, "Account", account_exists, &mut issues),
        }
    });
    let account = account.ok_or_else(|| Reply::issues(issues))?;
    permit(scope.has(Permissions::AUTHENTICATE_USERS))?;
    Ok(Reply::json(201, &ctx.db.create_session(account)))
}

fn no_token() -> Reply {
    Reply::detail(401, "A token was not used to authenticate.")
}

pub(crate) fn reset_token(ctx: &mut Ctx<'_>, _: &[&str]) -> Handling {
    match ctx.authenticate()? {
        Scope::App { id, .. } => {
            let token = ctx.db.token();
            if let Some(app) = ctx.db.apps.get_mut(&id) {
                app.token = token;
            }
            Ok(Reply::json(200, &ctx.db.app_with_token(id)))
        }
        Scope::User {
            session, account, ..
        } => {
            // The real server rotates the token and answers with the account, so the new
            // token is never revealed.
            let token = ctx.db.token();
            let expires_at = ctx.db.now() + SESSION_AGE;
            if let Some(session) = ctx.db.sessions.get_mut(&session) {
                session.token = token;
                session.expires_at = expires_at;
            }
            Ok(Reply::json(200, &ctx.db.account(account)))
        }
        Scope::Anonymous => Err(no_token()),
    }
}

pub(crate) fn me(ctx: &mut Ctx<'_>, _: &[&str]) -> Handling {
    match ctx.authenticate()? {
        Scope::App { id, .. } => Ok(Reply::json(200, &ctx.db.app(id))),
        Scope::User { account, .. } => Ok(Reply::json(200, &ctx.db.account(account))),
        Scope::Anonymous => Err(no_token()),
    }
}
