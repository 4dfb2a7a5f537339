//! Secrets: the one type that keeps a token out of `Debug` output, and the credentials
//! built on it.

use std::fmt;

use serde::{Deserialize, Serialize};

/// A token or password. It is never shown: `Debug` prints `[REDACTED]`, there is no
/// `Display`, and the text is read on purpose with [`expose`](Self::expose).
///
/// ```
/// use polympics::Secret;
///
/// let token = Secret::new("hunter2");
/// assert_eq!(format!("{token:?}"), "[REDACTED]");
/// assert_eq!(token.expose(), "hunter2");
/// ```
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Secret(String);

impl Secret {
    /// Wraps a token.
    pub fn new(secret: impl Into<String>) -> Self {
        Secret(secret.into())
    }

    /// The secret text. Handle with care: never log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[REDACTED]")
    }
}

impl From<String> for Secret {
    fn from(secret: String) -> Self {
        Secret(secret)
    }
}

impl From<&str> for Secret {
    fn from(secret: &str) -> Self {
        Secret(secret.to_owned())
    }
}

/// A username and token: an app (`A<n>`) or a user session (`S<n>`). Every secret the API
/// hands out is one of these ([`Session`](crate::Session),
/// [`AppCredentials`](crate::AppCredentials)), and every client is built from one.
///
/// The token never appears in `Debug` output.
///
/// ```
/// use polympics::Credentials;
///
/// let credentials = Credentials::new("A3", "TOKEN");
/// assert_eq!(credentials.username(), "A3");
/// assert_eq!(format!("{credentials:?}"), r#"Credentials { username: "A3", password: [REDACTED] }"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Credentials {
    username: String,
    password: Secret,
}

impl Credentials {
    /// Credentials from a username (`A<n>` for an app, `S<n>` for a user session) and its token.
    pub fn new(username: impl Into<String>, password: impl Into<Secret>) -> Self {
        Credentials {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The username: `A<n>` for an app, `S<n>` for a user session.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The token. Handle with care: never log it.
    pub fn password(&self) -> &str {
        self.password.expose()
    }

    /// Whom the username says the credentials are: [`ClientKind::App`] for `A<n>`,
    /// [`ClientKind::User`] for `S<n>` (a user session); `None` for any other username,
    /// which the server treats as no credentials at all.
    ///
    /// ```
    /// use polympics::{ClientKind, Credentials};
    ///
    /// assert_eq!(Credentials::new("A3", "t").kind(), Some(ClientKind::App));
    /// assert_eq!(Credentials::new("S9", "t").kind(), Some(ClientKind::User));
    /// assert_eq!(Credentials::new("X1", "t").kind(), None);
    /// ```
    pub fn kind(&self) -> Option<ClientKind> {
        match self.username.as_bytes().first() {
            Some(b'A' | b'a') => Some(ClientKind::App),
            Some(b'S' | b's') => Some(ClientKind::User),
            _ => None,
        }
    }
}

/// Who a client is, or whom credentials are for: what [`Client::kind`](crate::Client::kind)
/// and [`Credentials::kind`] say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ClientKind {
    /// No credentials: read-only operations.
    Anonymous,
    /// An app (`A<n>`).
    App,
    /// A user session (`S<n>`).
    User,
}

impl fmt::Display for ClientKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ClientKind::Anonymous => "anonymous",
            ClientKind::App => "an app",
            ClientKind::User => "a user session",
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_redacts_the_password() {
        let shown = format!("{:?}", Credentials::new("A1", "hunter2"));
        assert!(!shown.contains("hunter2"));
        assert!(shown.contains("A1"));
        assert_eq!(
            serde_json::to_string(&Credentials::new("S1", "pw")).unwrap(),
            r#"{"username":"S1","password":"pw"}"#
        );
    }

    #[test]
    fn kinds_follow_the_username() {
        assert_eq!(Credentials::new("A3", "t").kind(), Some(ClientKind::App));
        assert_eq!(Credentials::new("s9", "t").kind(), Some(ClientKind::User));
        assert_eq!(Credentials::new("X1", "t").kind(), None);
        assert_eq!(Credentials::new("", "t").kind(), None);
    }
}
