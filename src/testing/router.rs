//! Routing a request to its handler, and authenticating it, as the real server does.

use super::delivery::Pending;
use super::forms::{self, Issues, LocPart};
use super::handlers::{accounts, auth, awards, callbacks, teams};
use super::http::{Outcome, Reply, Request};
use super::rules::Scope;
use super::state::State;

/// What a handler works with.
pub(crate) struct Ctx<'a> {
    pub(crate) state: &'a mut State,
    pub(crate) req: &'a Request,
    /// Callback deliveries to make once the reply is sent.
    pub(crate) deliveries: &'a mut Vec<Pending>,
}

type Handler = fn(&mut Ctx<'_>, &[&str]) -> Outcome;

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

impl Ctx<'_> {
    /// HTTP Basic authentication, as the real server checks it: no header or another scheme
    /// is a 401, a malformed one too, and wrong credentials are anonymous.
    pub(crate) fn authenticate(&mut self) -> Result<Scope, Reply> {
        let not_authenticated = |detail: &str| {
            Reply::detail(401, detail).with_header("www-authenticate", "Basic".to_owned())
        };
        let header = self.req.authorization.as_deref().unwrap_or("");
        let (scheme, param) = header.split_once(' ').unwrap_or((header, ""));
        if header.is_empty() || !scheme.eq_ignore_ascii_case("basic") {
            return Err(not_authenticated("Not authenticated"));
        }
        let invalid = || not_authenticated("Invalid authentication credentials");
        let decoded = base64_decode(param.trim()).ok_or_else(invalid)?;
        let decoded = String::from_utf8(decoded).map_err(|_| invalid())?;
        let (username, password) = decoded.split_once(':').ok_or_else(invalid)?;
        Ok(self.scope_for(username, password))
    }

    fn scope_for(&mut self, username: &str, password: &str) -> Scope {
        let mut chars = username.chars();
        let kind = chars.next().map(|c| c.to_ascii_uppercase());
        let Some(id) = forms::parse_int(chars.as_str()).and_then(|id| u64::try_from(id).ok())
        else {
            return Scope::Anonymous;
        };
        let state = &mut *self.state;
        match kind {
            Some('A') => match state.apps.get(&id) {
                Some(app) if app.token == password => Scope::App {
                    id,
                    permissions: app.permissions,
                },
                _ => Scope::Anonymous,
            },
            Some('S') => {
                let Some(session) = state.sessions.get(&id).filter(|s| s.token == password) else {
                    return Scope::Anonymous;
                };
                if session.expires_at < state.now() {
                    state.sessions.remove(&id);
                    return Scope::Anonymous;
                }
                match state.accounts.get(&session.account) {
                    Some(account) => Scope::User {
                        session: id,
                        account: account.id,
                        permissions: account.permissions,
                        team: account.team,
                    },
                    None => Scope::Anonymous,
                }
            }
            _ => Scope::Anonymous,
        }
    }

    /// A path segment naming an account, team or award: the row's ID if it exists, or an
    /// issue (`Invalid <Model> ID: must be int.` or `<Model> not found.`).
    pub(crate) fn path_id(
        &self,
        segment: &str,
        field: &str,
        model: &str,
        exists: impl Fn(&State, u64) -> bool,
        issues: &mut Issues,
    ) -> Option<u64> {
        let value = serde_json::Value::String(segment.to_owned());
        lookup(
            self.state,
            &value,
            &[LocPart::Name("path"), LocPart::Name(field)],
            model,
            exists,
            issues,
        )
    }
}

/// Validates a reference to a row (`Team`, `Account`, `Award`) given as an ID.
pub(crate) fn lookup(
    state: &State,
    value: &serde_json::Value,
    loc: forms::Loc<'_>,
    model: &str,
    exists: impl Fn(&State, u64) -> bool,
    issues: &mut Issues,
) -> Option<u64> {
    match forms::model_id(value) {
        Ok(id) => match u64::try_from(id).ok().filter(|id| exists(state, *id)) {
            Some(id) => Some(id),
            None => {
                issues.value_error(loc, &format!("{model} not found."));
                None
            }
        },
        Err(()) => {
            issues.value_error(loc, &format!("Invalid {model} ID: must be int."));
            None
        }
    }
}

pub(crate) fn account_exists(state: &State, id: u64) -> bool {
    state.accounts.contains_key(&id)
}

pub(crate) fn team_exists(state: &State, id: u64) -> bool {
    state.teams.contains_key(&id)
}

pub(crate) fn award_exists(state: &State, id: u64) -> bool {
    state.awards.contains_key(&id)
}

/// Standard base64 with padding; `None` for anything else.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(4) {
        return None;
    }
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() / 4 * 3);
    let chunks: Vec<&[u8]> = text.as_bytes().chunks(4).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        let padding = chunk.iter().rev().take_while(|&&c| c == b'=').count();
        if padding > 2 || (padding > 0 && i + 1 != chunks.len()) {
            return None;
        }
        let mut n = 0u32;
        for &c in &chunk[..4 - padding] {
            n = (n << 6) | u32::from(value(c)?);
        }
        n <<= 6 * padding as u32;
        let bytes = n.to_be_bytes();
        out.extend_from_slice(&bytes[1..4 - padding]);
    }
    Some(out)
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

    #[test]
    fn base64_decoding() {
        assert_eq!(base64_decode("QTE6cHc=").as_deref(), Some(&b"A1:pw"[..]));
        assert_eq!(base64_decode("Zm9vYmFy").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(base64_decode("").as_deref(), Some(&b""[..]));
        assert_eq!(base64_decode("!!!notbase64"), None);
        assert_eq!(base64_decode("QTE"), None);
    }
}
