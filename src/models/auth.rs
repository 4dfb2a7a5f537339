use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{timestamp, Account, Permissions};
use crate::transport::auth::Credentials;

/// A user session: credentials for a [`UserClient`](crate::UserClient) that expire.
///
/// Pass it to [`UserClient::new`](crate::UserClient::new), or hand `username` and
/// `password` to a front end. The password never appears in `Debug` output.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    /// The session's username, `S<n>`.
    pub username: String,
    /// The session's token.
    pub password: String,
    /// When the session stops working (30 days after it was created).
    #[serde(with = "timestamp")]
    pub expires_at: OffsetDateTime,
}

impl Session {
    /// The credentials to authenticate with.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(self.username.as_str(), self.password.as_str())
    }
}

impl fmt::Debug for Session {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Session")
            .field("username", &self.username)
            .field("password", &"[REDACTED]")
            .field("expires_at", &self.expires_at)
            .finish()
    }
}

impl From<Session> for Credentials {
    fn from(session: Session) -> Self {
        Credentials::new(session.username, session.password)
    }
}

impl From<&Session> for Credentials {
    fn from(session: &Session) -> Self {
        session.credentials()
    }
}

/// An app, as [`AppClient::get_self`](crate::AppClient::get_self) describes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct App {
    /// The app's name.
    pub name: String,
    /// What the app may do.
    pub permissions: Permissions,
    /// The app's username, `A<n>`.
    pub username: String,
}

/// An app with its new token, as [`AppClient::reset_token`](crate::AppClient::reset_token)
/// returns it. The password never appears in `Debug` output.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppCredentials {
    /// The app's name.
    pub name: String,
    /// What the app may do.
    pub permissions: Permissions,
    /// The app's username, `A<n>`.
    pub username: String,
    /// The app's new token.
    pub password: String,
}

impl AppCredentials {
    /// The credentials to authenticate with.
    pub fn credentials(&self) -> Credentials {
        Credentials::new(self.username.as_str(), self.password.as_str())
    }
}

impl fmt::Debug for AppCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AppCredentials")
            .field("name", &self.name)
            .field("permissions", &self.permissions)
            .field("username", &self.username)
            .field("password", &"[REDACTED]")
            .finish()
    }
}

impl From<AppCredentials> for Credentials {
    fn from(app: AppCredentials) -> Self {
        Credentials::new(app.username, app.password)
    }
}

impl From<&AppCredentials> for Credentials {
    fn from(app: &AppCredentials) -> Self {
        app.credentials()
    }
}

/// Who a client's credentials belong to, from
/// [`check_credentials`](crate::Client::check_credentials).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Identity {
    /// A user session's account.
    User(Box<Account>),
    /// An app.
    App(App),
}
