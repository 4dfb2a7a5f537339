//! The constructors of each kind of client: `new` (every setting at its default) and
//! `builder` (for the others).

use super::builder::ClientBuilder;
use super::{Anonymous, AppAuth, AppClient, UnauthenticatedClient, UserAuth, UserClient};
use crate::error::Result;
use crate::secret::Credentials;

impl UnauthenticatedClient {
    /// A client without credentials for `base_url`, every other setting at its default.
    ///
    /// ```
    /// let anon = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn new(base_url: impl Into<String>) -> Result<Self> {
        Self::builder(base_url).build()
    }

    /// A builder for a client without credentials, for other settings.
    ///
    /// ```
    /// use std::time::Duration;
    ///
    /// let anon = polympics::UnauthenticatedClient::builder("https://api.polytopia.fun")
    ///     .timeout(Duration::from_secs(5))
    ///     .build()?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder<Anonymous> {
        ClientBuilder::with(base_url.into(), None)
    }
}

impl AppClient {
    /// A client authenticated as an app, for `base_url`, every other setting at its default.
    ///
    /// ```
    /// use polympics::{AppClient, Credentials};
    ///
    /// let app = AppClient::new("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn new(base_url: impl Into<String>, credentials: impl Into<Credentials>) -> Result<Self> {
        Self::builder(base_url, credentials).build()
    }

    /// A builder for an app client, for other settings.
    ///
    /// ```
    /// use std::time::Duration;
    /// use polympics::{AppClient, Credentials};
    ///
    /// let app = AppClient::builder("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))
    ///     .timeout(Duration::from_secs(10))
    ///     .user_agent("roster-sync/1.0")
    ///     .build()?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn builder(
        base_url: impl Into<String>,
        credentials: impl Into<Credentials>,
    ) -> ClientBuilder<AppAuth> {
        ClientBuilder::with(base_url.into(), Some(credentials.into()))
    }
}

impl UserClient {
    /// A client authenticated with a user session (a [`Session`](crate::Session) or its
    /// [`Credentials`]), for `base_url`, every other setting at its default.
    ///
    /// ```
    /// use polympics::{Credentials, UserClient};
    ///
    /// let user = UserClient::new("http://127.0.0.1:8000", Credentials::new("S3", "TOKEN"))?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn new(base_url: impl Into<String>, session: impl Into<Credentials>) -> Result<Self> {
        Self::builder(base_url, session).build()
    }

    /// A builder for a user client, for other settings.
    ///
    /// ```
    /// use polympics::{Credentials, UserClient};
    ///
    /// let user = UserClient::builder("http://127.0.0.1:8000", Credentials::new("S3", "TOKEN"))
    ///     .build()?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn builder(
        base_url: impl Into<String>,
        session: impl Into<Credentials>,
    ) -> ClientBuilder<UserAuth> {
        ClientBuilder::with(base_url.into(), Some(session.into()))
    }
}
