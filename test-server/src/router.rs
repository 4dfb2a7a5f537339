//! Routing a request to its handler, as the real server does.

use crate::context::Ctx;
use crate::handlers::{accounts, auth, awards, callbacks, teams};
use crate::http::{Handling, Reply};

type Handler = fn(&mut Ctx<'_>, &[&str]) -> Handling;

/// The routes: a path pattern (`{}` matches one segment) and a handler per method.
const ROUTES: &[(&str, &[(&str, Handler)])] = &[
    ("/accounts/signups", &[("GET", accounts::signups)]),
    ("/accounts/new", &[("POST", accounts::create)]),
    ("/accounts/search", &[("GET", accounts::search)]),
    (
        "/account/{}",
        &[
            ("GET", accounts::get),
            ("PATCH", accounts::update),
            ("DELETE", accounts::delete),
        ],
    ),
    (
        "/account/{}/award/{}",
        &[("PUT", awards::give), ("DELETE", awards::take)],
    ),
    ("/teams/new", &[("POST", teams::create)]),
    ("/teams/search", &[("GET", teams::search)]),
    (
        "/team/{}",
        &[
            ("GET", teams::get),
            ("PATCH", teams::update),
            ("DELETE", teams::delete),
        ],
    ),
    ("/awards/new", &[("POST", awards::create)]),
    (
        "/award/{}",
        &[
            ("GET", awards::get),
            ("PATCH", awards::update),
            ("DELETE", awards::delete),
        ],
    ),
    (
        "/callback/{}",
        &[
            ("PUT", callbacks::create),
            ("GET", callbacks::get),
            ("DELETE", callbacks::delete),
        ],
    ),
    ("/callbacks", &[("GET", callbacks::list)]),
    ("/auth/discord", &[("POST", auth::discord)]),
    ("/auth/create_session", &[("POST", auth::create_session)]),
    ("/auth/reset_token", &[("POST", auth::reset_token)]),
    ("/auth/me", &[("GET", auth::me)]),
];

/// Matches `path` against a pattern, returning the `{}` segments.
fn match_route<'p>(pattern: &str, path: &'p str) -> Option<Vec<&'p str>> {
    let mut params = Vec::new();
    let mut segments = path.strip_prefix('/')?.split('/');
    for expected in pattern[1..].split('/') {
        let segment = segments.next()?;
        if expected == "{}" {
            if segment.is_empty() {
                return None;
            }
            params.push(segment);
        } else if expected != segment {
            return None;
        }
    }
    segments.next().is_none().then_some(params)
}

/// Answers one request.
pub(crate) fn route(ctx: &mut Ctx<'_>) -> Reply {
    let path = ctx.req.path.clone();
    for (pattern, methods) in ROUTES {
        if let Some(params) = match_route(pattern, &path) {
            let handler = methods
                .iter()
                .find(|(method, _)| *method == ctx.req.method)
                .map(|(_, handler)| *handler);
            return match handler {
                Some(handler) => handler(ctx, &params).unwrap_or_else(|reply| reply),
                None => Reply::detail(405, "Method Not Allowed"),
            };
        }
    }
    // A trailing slash is redirected to the path without it, like the real server does.
    let trimmed = path.trim_end_matches('/');
    if trimmed.len() < path.len()
        && ROUTES
            .iter()
            .any(|(p, _)| match_route(p, trimmed).is_some())
    {
        let host = ctx.req.host.as_deref().unwrap_or("127.0.0.1");
        let query = if ctx.req.raw_query.is_empty() {
            String::new()
        } else {
            format!("?{}", ctx.req.raw_query)
        };
        return Reply::empty(307).with_header("location", format!("http://{host}{trimmed}{query}"));
    }
    Reply::detail(404, "Not Found")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_match_segments() {
        assert_eq!(match_route("/account/{}", "/account/42"), Some(vec!["42"]));
        assert_eq!(
            match_route("/account/{}/award/{}", "/account/4/award/2"),
            Some(vec!["4", "2"])
        );
        assert_eq!(match_route("/account/{}", "/account/"), None);
        assert_eq!(match_route("/account/{}", "/account/4/x"), None);
        assert_eq!(match_route("/teams/search", "/teams/search/"), None);
    }
}
