//! Apps, user sessions, and who a client is.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::account::Account;
use super::permissions::Permissions;
use crate::formats::timestamp;
use crate::secret::Credentials;

/// A user session: credentials for a [`UserClient`](crate::UserClient) that expire.
///
/// Pass it to [`UserClient::new`](crate::UserClient::new), or hand its credentials to a
/// front end. The token never appears in `Debug` output.
///
/// ```
/// let session: polympics::Session = serde_json::from_str(
///     r#"{"username":"S1","password":"TOKEN","expires_at":1798370985.90275}"#,
/// ).unwrap();
/// assert_eq!(session.credentials.username(), "S1");
/// assert!(!format!("{session:?}").contains("TOKEN"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Session {
    /// The session's username (`S<n>`) and token.
    #[serde(flatten)]
    pub credentials: Credentials,
    /// When the session stops working (30 days after it was created).
    #[serde(with = "timestamp")]
    pub expires_at: OffsetDateTime,
}

impl From<Session> for Credentials {
    fn from(session: Session) -> Self {
        session.credentials
    }
}

impl From<&Session> for Credentials {
    fn from(session: &Session) -> Self {
        session.credentials.clone()
    }
}

/// An app, as [`AppClient::get_self`](crate::AppClient::get_self) describes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct App {
    /// The app's name.
    pub name: String,
    /// What the app may do.
    pub permissions: Permissions,
    /// The app's username, `A<n>`.
    pub username: String,
}

/// An app with its new token, as [`AppClient::reset_token`](crate::AppClient::reset_token)
/// returns it. The token never appears in `Debug` output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AppCredentials {
    /// The app's name.
    pub name: String,
    /// What the app may do.
    pub permissions: Permissions,
    /// The app's username (`A<n>`) and new token.
    #[serde(flatten)]
    pub credentials: Credentials,
}

impl From<AppCredentials> for Credentials {
    fn from(app: AppCredentials) -> Self {
        app.credentials
    }
}

impl From<&AppCredentials> for Credentials {
    fn from(app: &AppCredentials) -> Self {
        app.credentials.clone()
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
