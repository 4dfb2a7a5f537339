//! [`AnyClient`]: a client whose kind is decided at run time, by its credentials.

use super::{sealed, AppAuth, AppClient, AuthKind, Authenticated, Client, UserAuth, UserClient};
use crate::client::builder::ClientBuilder;
use crate::error::{Error, Result};
use crate::secret::{ClientKind, CredentialKind, Credentials};

/// The kind of an [`AnyClient`]: decided at run time by its credentials (`A<n>` an app,
/// `S<n>` a user session, none anonymous).
#[derive(Debug, Clone, Copy)]
pub enum AnyAuth {}

impl sealed::Sealed for AnyAuth {
    const AT_RUN_TIME: bool = true;
}
impl AuthKind for AnyAuth {}
impl Authenticated for AnyAuth {}

/// A client whose kind is decided at run time: anonymous, an app or a user session, by the
/// credentials it is given (from a configuration file, the environment, a command line).
///
/// It has every operation of [`AppClient`] and [`UserClient`] that both have. An operation
/// its kind cannot do is refused before anything is sent, with [`Error::WrongKind`]: a write
/// without credentials, or (through [`as_app`](Self::as_app)) an app-only operation. The
/// compile-time kinds stay the better choice when the kind is known in advance.
///
/// ```
/// use polympics::{AnyClient, ClientKind, Credentials};
///
/// let client = AnyClient::new("https://api.polytopia.fun", Some(Credentials::new("A3", "TOKEN")))?;
/// assert_eq!(client.kind(), ClientKind::App);
/// let anonymous = AnyClient::new("https://api.polytopia.fun", None)?;
/// assert!(anonymous.create_team("Gods of Olympus").is_err()); // refused, nothing sent
/// # Ok::<(), polympics::Error>(())
/// ```
pub type AnyClient = Client<AnyAuth>;

impl AnyClient {
    /// A client for `base_url`: an app for `A<n>` credentials, a user session for `S<n>`,
    /// anonymous for none. Other usernames are [`Error::Config`].
    pub fn new(base_url: impl Into<String>, credentials: Option<Credentials>) -> Result<Self> {
        AnyClient::builder(credentials)?.base_url(base_url).build()
    }

    /// A builder for a client of the kind `credentials` say, for the other settings.
    pub fn builder(credentials: Option<Credentials>) -> Result<ClientBuilder<AnyAuth>> {
        if let Some(credentials) = &credentials {
            if credentials.kind() == CredentialKind::Unknown {
                return Err(Error::Config(format!(
                    "the username {:?} is neither an app's (A<n>) nor a session's (S<n>)",
                    credentials.username()
                )));
            }
        }
        Ok(ClientBuilder::with(credentials))
    }

    /// A client configured by the environment: `POLYMPICS_URL` (required),
    /// `POLYMPICS_USER` and `POLYMPICS_PASSWORD` (optional; both or neither).
    pub fn from_env() -> Result<Self> {
        let url = std::env::var("POLYMPICS_URL").map_err(|_| {
            Error::Config("POLYMPICS_URL is not set: set it to the API's base URL".to_owned())
        })?;
        let user = std::env::var("POLYMPICS_USER").ok();
        let password = std::env::var("POLYMPICS_PASSWORD").ok();
        let credentials = match (user, password) {
            (Some(user), Some(password)) => Some(Credentials::new(user, password)),
            (None, None) => None,
            _ => {
                return Err(Error::Config(
                    "set both POLYMPICS_USER and POLYMPICS_PASSWORD, or neither".to_owned(),
                ))
            }
        };
        AnyClient::new(url, credentials)
    }

    /// The same client as an [`AppClient`], for the operations only apps have (callbacks,
    /// sessions, the app's own token), or [`Error::WrongKind`] for another kind.
    pub fn as_app(&self) -> Result<AppClient> {
        self.require("an app-only operation", &[ClientKind::App], "an app")?;
        Ok(self.retyped::<AppAuth>())
    }

    /// The same client as a [`UserClient`], for the operations only user sessions have, or
    /// [`Error::WrongKind`] for another kind.
    pub fn as_user(&self) -> Result<UserClient> {
        self.require(
            "a user-session-only operation",
            &[ClientKind::User],
            "a user session",
        )?;
        Ok(self.retyped::<UserAuth>())
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
