//! [`AnyClient`]: a client whose kind is decided at run time, by its credentials, and the
//! typed clients it hands out once that is decided.

use super::{AppClient, Client, UserClient};
use crate::auth::{AnyAuth, AuthKind, WriterAuth};
use crate::client::builder::ClientBuilder;
use crate::error::{Error, Result};
use crate::secret::{ClientKind, Credentials};
use crate::settings::Settings;

/// A client whose kind is decided at run time: anonymous, an app or a user session, by the
/// credentials it is given (from a configuration file, the environment, a command line).
///
/// It reads. What else its kind allows, it hands out once, as a typed client that has
/// exactly those operations, checked by the compiler like any other: [`as_writer`]
/// (an app or a user session: writes), [`as_app`] (callbacks, sessions, the app's token),
/// [`as_user`] (the session's own account). Each is [`Error::WrongKind`] for a client of
/// another kind, before anything is sent. No operation checks the kind when it is called.
///
/// [`as_writer`]: Self::as_writer
/// [`as_app`]: Self::as_app
/// [`as_user`]: Self::as_user
///
/// ```
/// use polympics::{AnyClient, ClientKind, Credentials};
///
/// let client = AnyClient::new("https://api.polytopia.fun", Some(Credentials::new("A3", "TOKEN")))?;
/// assert_eq!(client.kind(), ClientKind::App);
/// let writer = client.as_writer()?; // a WriterClient: it can create_team, update_account...
/// let anonymous = AnyClient::new("https://api.polytopia.fun", None)?;
/// assert!(anonymous.as_writer().is_err()); // refused, nothing sent
/// # let _ = writer;
/// # Ok::<(), polympics::Error>(())
/// ```
///
/// Writing without asking for a writer does not compile:
///
/// ```compile_fail
/// # let client = polympics::AnyClient::new("https://api.polytopia.fun", None).unwrap();
/// client.create_team("Gods of Olympus");
/// ```
pub type AnyClient = Client<AnyAuth>;

/// A client of an app or a user session, decided at run time: from
/// [`AnyClient::as_writer`]. It reads and writes; the operations only one of the two kinds
/// has do not compile on it:
///
/// ```compile_fail
/// # let client = polympics::AnyClient::new("https://api.polytopia.fun", None).unwrap();
/// let writer = client.as_writer().unwrap();
/// writer.create_session(42);
/// ```
pub type WriterClient = Client<WriterAuth>;

impl AnyClient {
    /// A client for `base_url`: an app for `A<n>` credentials, a user session for `S<n>`,
    /// anonymous for none. Other usernames are [`Error::Config`].
    pub fn new(base_url: impl Into<String>, credentials: Option<Credentials>) -> Result<Self> {
        AnyClient::builder(base_url, credentials)?.build()
    }

    /// A client for `settings`, of the kind their credentials say.
    ///
    /// ```
    /// use polympics::settings::Settings;
    /// use polympics::AnyClient;
    ///
    /// let mut settings = Settings::default();
    /// settings.url = Some("https://api.polytopia.fun".into());
    /// let client = AnyClient::from_settings(&settings)?;
    /// assert_eq!(client.kind(), polympics::ClientKind::Anonymous);
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn from_settings(settings: &Settings) -> Result<Self> {
        AnyClient::new(settings.base_url()?, settings.credentials()?)
    }

    /// A client configured by the environment: [`Settings::from_env`], then
    /// [`from_settings`](Self::from_settings).
    pub fn from_env() -> Result<Self> {
        AnyClient::from_settings(&Settings::from_env()?)
    }

    /// A builder for a client of the kind `credentials` say, for the other settings.
    pub fn builder(
        base_url: impl Into<String>,
        credentials: Option<Credentials>,
    ) -> Result<ClientBuilder<AnyAuth>> {
        if let Some(credentials) = &credentials {
            if credentials.kind().is_none() {
                return Err(Error::Config(format!(
                    "the username {:?} is neither an app's (A<n>) nor a session's (S<n>)",
                    credentials.username()
                )));
            }
        }
        Ok(ClientBuilder::with(base_url.into(), credentials))
    }

    /// The same client as a [`WriterClient`], for writes, or [`Error::WrongKind`] when it
    /// has no credentials.
    pub fn as_writer(&self) -> Result<WriterClient> {
        self.decided(
            "writing",
            &[ClientKind::App, ClientKind::User],
            "credentials (an app or a user session)",
        )
    }

    /// The same client as an [`AppClient`], for the operations only apps have (callbacks,
    /// sessions, the app's own token), or [`Error::WrongKind`] for another kind.
    pub fn as_app(&self) -> Result<AppClient> {
        self.decided("an app-only operation", &[ClientKind::App], "an app")
    }

    /// The same client as a [`UserClient`], for the operations only user sessions have, or
    /// [`Error::WrongKind`] for another kind.
    pub fn as_user(&self) -> Result<UserClient> {
        self.decided(
            "a user-session-only operation",
            &[ClientKind::User],
            "a user session",
        )
    }

    /// The client as kind `B`, when its kind is one of `allowed`.
    fn decided<B: AuthKind>(
        &self,
        operation: &'static str,
        allowed: &[ClientKind],
        needs: &'static str,
    ) -> Result<Client<B>> {
        let kind = self.kind();
        if allowed.contains(&kind) {
            Ok(self.retyped())
        } else {
            Err(Error::WrongKind {
                operation,
                kind,
                needs,
            })
        }
    }
}

impl From<AppClient> for AnyClient {
    fn from(client: AppClient) -> Self {
        client.retyped()
    }
}

impl From<UserClient> for AnyClient {
    fn from(client: UserClient) -> Self {
        client.retyped()
    }
}

impl From<super::UnauthenticatedClient> for AnyClient {
    fn from(client: super::UnauthenticatedClient) -> Self {
        client.retyped()
    }
}

impl From<AppClient> for WriterClient {
    fn from(client: AppClient) -> Self {
        client.retyped()
    }
}

impl From<UserClient> for WriterClient {
    fn from(client: UserClient) -> Self {
        client.retyped()
    }
}

impl From<WriterClient> for AnyClient {
    fn from(client: WriterClient) -> Self {
        client.retyped()
    }
}
