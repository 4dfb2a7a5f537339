//! What a handler works with: the request, the database, and the real server's ways of
//! authenticating a request and looking up the rows it names.

use crate::database::Database;
use crate::delivery::Pending;
use crate::forms::{self, Issues, LocPart};
use crate::http::{Reply, Request};
use crate::rules::Scope;

/// What a handler works with.
pub(crate) struct Ctx<'a> {
    pub(crate) db: &'a mut Database,
    pub(crate) req: &'a Request,
    /// Callback deliveries to make once the reply is sent.
    pub(crate) deliveries: &'a mut Vec<Pending>,
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
        let state = &mut *self.db;
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
        exists: impl Fn(&Database, u64) -> bool,
        issues: &mut Issues,
    ) -> Option<u64> {
        let value = serde_json::Value::String(segment.to_owned());
        lookup(
            self.db,
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
    state: &Database,
    value: &serde_json::Value,
    loc: forms::Loc<'_>,
    model: &str,
    exists: impl Fn(&Database, u64) -> bool,
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

pub(crate) fn account_exists(state: &Database, id: u64) -> bool {
    state.accounts.contains_key(&id)
}

pub(crate) fn team_exists(state: &Database, id: u64) -> bool {
    state.teams.contains_key(&id)
}

pub(crate) fn award_exists(state: &Database, id: u64) -> bool {
    state.awards.contains_key(&id)
}

/// Standard base64 with padding, as the real server decodes it; `None` for anything else.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.decode(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_decoding() {
        assert_eq!(base64_decode("QTE6cHc=").as_deref(), Some(&b"A1:pw"[..]));
        assert_eq!(base64_decode("Zm9vYmFy").as_deref(), Some(&b"foobar"[..]));
        assert_eq!(base64_decode("").as_deref(), Some(&b""[..]));
        assert_eq!(base64_decode("!!!notbase64"), None);
        assert_eq!(base64_decode("QTE"), None);
    }
}
