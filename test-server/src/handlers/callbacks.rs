//! `/callback/{event}` and `/callbacks` (apps only).

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv6Addr};

use polympics::limits;
use serde_json::json;

use crate::context::Ctx;
use crate::database::CallbackRow;
use crate::forms::{self, Issues, LocPart};
use crate::http::{db_check, Handling, Reply};
use crate::rules::Scope;
use polympics::EventType;

use crate::json;

/// The event named in the path, or the framework's enumeration issue.
fn path_event(segment: &str, issues: &mut Issues) -> Option<EventType> {
    match segment.parse::<EventType>() {
        Ok(event) => Some(event),
        Err(_) => {
            issues.push(
                &[LocPart::Name("path"), LocPart::Name("event")],
                "value is not a valid enumeration member; permitted: 'account_team_update'",
                "type_error.enum",
                Some(json!({"enum_values": ["account_team_update"]})),
            );
            None
        }
    }
}

/// The app behind the request, or the 401 callbacks answer everybody else with.
fn app_id(scope: Scope) -> Result<u64, Reply> {
    match scope {
        Scope::App { id, .. } => Ok(id),
        _ => Err(Reply::detail(401, "Only apps may use this endpoint.")),
    }
}

fn callback_of(ctx: &Ctx<'_>, app: u64, event: EventType) -> Option<u64> {
    ctx.db
        .callbacks
        .iter()
        .find(|(_, cb)| cb.app == app && cb.event == event)
        .map(|(id, _)| *id)
}

fn model(id: u64, row: &CallbackRow) -> json::Callback {
    json::Callback {
        id,
        event: row.event.as_str(),
        url: row.url.clone(),
    }
}

pub(crate) fn create(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let event = path_event(params[0], &mut issues);
    let form = forms::body_object(ctx.req.body(), &mut issues);
    let (url, secret) = match &form {
        Some(form) => {
            let url = forms::required_string(form, "url", &mut issues);
            let url = url.filter(|url| check_url(url, &mut issues));
            (url, forms::required_string(form, "secret", &mut issues))
        }
        None => (None, None),
    };
    let (Some(event), Some(url), Some(secret), true) = (event, url, secret, issues.is_empty())
    else {
        return Err(Reply::issues(issues));
    };
    let app = app_id(scope)?;
    db_check(
        limits::fits(&url, limits::MAX_CALLBACK_CHARS)
            && limits::fits(&secret, limits::MAX_CALLBACK_CHARS),
    )?;
    if let Some(old) = callback_of(ctx, app, event) {
        ctx.db.callbacks.remove(&old);
    }
    let id = ctx.db.ids.callback();
    let row = CallbackRow {
        app,
        event,
        url,
        secret,
    };
    let callback = model(id, &row);
    ctx.db.callbacks.insert(id, row);
    Ok(Reply::json(200, &callback))
}

pub(crate) fn get(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let (app, event) = app_and_event(ctx, params)?;
    let id = callback_of(ctx, app, event).ok_or_else(no_callback)?;
    Ok(Reply::json(200, &model(id, &ctx.db.callbacks[&id])))
}

pub(crate) fn delete(ctx: &mut Ctx<'_>, params: &[&str]) -> Handling {
    let (app, event) = app_and_event(ctx, params)?;
    let id = callback_of(ctx, app, event).ok_or_else(no_callback)?;
    ctx.db.callbacks.remove(&id);
    Ok(Reply::empty(204))
}

pub(crate) fn list(ctx: &mut Ctx<'_>, _: &[&str]) -> Handling {
    let app = app_id(ctx.authenticate()?)?;
    let callbacks: BTreeMap<&str, &str> = ctx
        .db
        .callbacks
        .values()
        .filter(|cb| cb.app == app)
        .map(|cb| (cb.event.as_str(), cb.url.as_str()))
        .collect();
    Ok(Reply::json(200, &json!({ "callbacks": callbacks })))
}

fn app_and_event(ctx: &mut Ctx<'_>, params: &[&str]) -> Result<(u64, EventType), Reply> {
    let scope = ctx.authenticate()?;
    let mut issues = Issues::default();
    let event = path_event(params[0], &mut issues).ok_or_else(|| Reply::issues(issues))?;
    Ok((app_id(scope)?, event))
}

fn no_callback() -> Reply {
    Reply::detail(404, "No callback registered for this event.")
}

/// pydantic 1.8's `HttpUrl`: an http(s) scheme and a host that is an IP address or has a
/// top-level domain. Pushes the matching issue and returns `false` when it is not.
fn check_url(url: &str, issues: &mut Issues) -> bool {
    let loc = [LocPart::Name("body"), LocPart::Name("url")];
    let Some((scheme, rest)) = url.split_once("://") else {
        issues.push(
            &loc,
            "invalid or missing URL scheme",
            "value_error.url.scheme",
            None,
        );
        return false;
    };
    if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
        issues.push(
            &loc,
            "URL scheme not permitted",
            "value_error.url.scheme",
            Some(json!({"allowed_schemes": ["http", "https"]})),
        );
        return false;
    }
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host_port = authority
        .rsplit_once('@')
        .map_or(authority, |(_, host)| host);
    let host = match host_port.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host_port.split(':').next().unwrap_or(""),
    };
    if host.is_empty() {
        issues.push(&loc, "URL host invalid", "value_error.url.host", None);
        return false;
    }
    let is_ip = host.parse::<IpAddr>().is_ok() || host.parse::<Ipv6Addr>().is_ok();
    let has_tld = host
        .rsplit_once('.')
        .is_some_and(|(name, tld)| !name.is_empty() && tld.len() >= 2);
    if !is_ip && !has_tld {
        issues.push(
            &loc,
            "URL host invalid, top level domain required",
            "value_error.url.host",
            None,
        );
        return false;
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(url: &str) -> Option<String> {
        let mut issues = Issues::default();
        check_url(url, &mut issues);
        issues.0.first().map(|issue| issue.kind.clone())
    }

    #[test]
    fn callback_urls() {
        assert_eq!(kind("http://127.0.0.1:8012/hook/team"), None);
        assert_eq!(kind("http://[::1]:8012/hook"), None);
        assert_eq!(kind("https://example.com/hook"), None);
        assert_eq!(
            kind("http://localhost:8012/hook").as_deref(),
            Some("value_error.url.host")
        );
        assert_eq!(
            kind("ftp://example.com/x").as_deref(),
            Some("value_error.url.scheme")
        );
        assert_eq!(
            kind("example.com/x").as_deref(),
            Some("value_error.url.scheme")
        );
    }
}
