//! Authentication: `/auth/*`.

use serde::Deserialize;

use crate::auth::{AuthKind, Authenticated};
use crate::client::any::AnyClient;
use crate::client::{AppClient, Client, UserClient};
use crate::error::{Error, Result};
use crate::ids::AccountId;
use crate::models::{Account, App, AppCredentials, Identity, Session};
use crate::requests::forms::{DiscordToken, SessionFor};
use crate::secret::ClientKind;
use crate::transport::{Method, Path, Transport};

impl<A: AuthKind> Client<A> {
    /// Exchanges a Discord OAuth2 user token (`identify` scope) for a user session, creating
    /// the account if it is new and signups are open. Works on every client; credentials
    /// are not needed.
    ///
    /// ```no_run
    /// use polympics::{UnauthenticatedClient, UserClient};
    ///
    /// # let token = String::new();
    /// let anon = UnauthenticatedClient::new("https://api.polytopia.fun")?;
    /// let session = anon.discord_authenticate(&token)?;
    /// let user = UserClient::new("https://api.polytopia.fun", session)?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn discord_authenticate(&self, token: impl AsRef<str>) -> Result<Session> {
        self.transport.send(
            Method::POST,
            Path::new("/auth/discord"),
            &DiscordToken {
                token: token.as_ref(),
            },
            200,
        )
    }
}

impl AppClient {
    /// Creates a session for an account, to use with a [`UserClient`] or to hand to a front
    /// end. Needs `AUTHENTICATE_USERS`.
    ///
    /// ```no_run
    /// use polympics::UserClient;
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    /// let account = app.get_account(1318219824080)?;
    /// let session = app.create_session(&account)?;
    /// println!("valid until {}", session.expires_at);
    /// let user = UserClient::new("https://api.polytopia.fun", session)?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn create_session(&self, account: impl Into<AccountId>) -> Result<Session> {
        let form = SessionFor {
            account: account.into(),
        };
        self.transport
            .send(Method::POST, Path::new("/auth/create_session"), &form, 201)
    }

    /// Replaces the app's token. The old one stops working at once; this client, and its
    /// clones, switch to the new one (safe while other threads use the client, though a
    /// request already on its way with the old token fails). Keep the returned credentials:
    /// they are the only copy of the new token.
    ///
    /// ```no_run
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    /// let creds = app.reset_token()?;
    /// // Store creds.password somewhere safe.
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn reset_token(&self) -> Result<AppCredentials> {
        let creds: AppCredentials = self
            .transport
            .call(Method::POST, Path::new("/auth/reset_token"), None)?
            .json(200)?;
        self.transport.set_credentials(creds.credentials.clone());
        Ok(creds)
    }

    /// The app this client is authenticated as (without its token).
    ///
    /// ```no_run
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    /// let me = app.get_self()?;
    /// println!("{} {:?}", me.name, me.permissions);
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn get_self(&self) -> Result<App> {
        self.transport.get(Path::new("/auth/me"))
    }
}

impl UserClient {
    /// Resets the session's token.
    ///
    /// The real server rotates the token but answers with the session's account instead of
    /// the new token, so the session is dead afterwards: this returns
    /// [`Error::SessionReset`] (holding that account), and a new session is needed. Should
    /// a server answer with the new session, the client switches to it and returns it.
    ///
    /// ```no_run
    /// # let user = polympics::UserClient::new("https://api.polytopia.fun", polympics::Credentials::new("S3", "TOKEN"))?;
    /// match user.reset_token() {
    ///     Ok(session) => println!("new session until {}", session.expires_at),
    ///     Err(polympics::Error::SessionReset { account, .. }) => {
    ///         println!("session of account {account} ended; log in again")
    ///     }
    ///     Err(err) => return Err(err),
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn reset_token(&self) -> Result<Session> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Reset {
            Session(Session),
            Account(Box<Account>),
        }
        let response = self
            .transport
            .call(Method::POST, Path::new("/auth/reset_token"), None)?;
        match response.json(200)? {
            Reset::Session(session) => {
                self.transport.set_credentials(session.credentials.clone());
                Ok(session)
            }
            Reset::Account(account) => Err(Error::SessionReset {
                request: response.request(),
                account: AccountId::from(&*account),
            }),
        }
    }

    /// The account this session belongs to.
    ///
    /// ```no_run
    /// # let user = polympics::UserClient::new("https://api.polytopia.fun", polympics::Credentials::new("S3", "TOKEN"))?;
    /// let me = user.get_self()?;
    /// println!("{}", me.name);
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn get_self(&self) -> Result<Account> {
        self.transport.get(Path::new("/auth/me"))
    }
}

impl<A: Authenticated> Client<A> {
    /// Checks the client's credentials: `Some` with who they belong to when the server
    /// accepts them, `None` when it does not know them (a wrong token, an expired session,
    /// a reset app token).
    ///
    /// The server treats credentials it does not know as none at all, so a wrong token
    /// otherwise shows up as a permission error (403) on a write. Call this at start-up, or
    /// after a 401 or 403, to tell the two apart.
    ///
    /// ```no_run
    /// use polympics::{AppClient, Credentials, Identity};
    ///
    /// let app = AppClient::new("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))?;
    /// match app.check_credentials()? {
    ///     Some(Identity::App(me)) => println!("app {} with {:?}", me.name, me.permissions),
    ///     Some(Identity::User(me)) => println!("user {}", me.name),
    ///     Some(_) => println!("someone new"),
    ///     None => eprintln!("the server does not know these credentials"),
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn check_credentials(&self) -> Result<Option<Identity>> {
        identity(&self.transport)
    }
}

impl AnyClient {
    /// Checks the client's credentials, as [`Client::check_credentials`] does: `Some` with
    /// who they belong to when the server accepts them, `None` when it does not know them,
    /// and `None` at once, with no request, for an anonymous client (it has none to check).
    ///
    /// ```no_run
    /// let client = polympics::AnyClient::from_env()?;
    /// if client.kind() != polympics::ClientKind::Anonymous && client.check_credentials()?.is_none() {
    ///     eprintln!("the server does not know these credentials");
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn check_credentials(&self) -> Result<Option<Identity>> {
        if self.kind() == ClientKind::Anonymous {
            return Ok(None);
        }
        identity(&self.transport)
    }
}

/// Who the transport's credentials belong to, or `None` when the server does not know them.
fn identity(transport: &Transport) -> Result<Option<Identity>> {
    match transport.get(Path::new("/auth/me")) {
        Ok(identity) => Ok(Some(identity)),
        // The server's answer to credentials it treats as none.
        Err(Error::Client { status: 401, .. }) => Ok(None),
        Err(err) => Err(err),
    }
}
