//! The client type, generic over who it is authenticated as.

use std::fmt;
use std::marker::PhantomData;

pub(crate) mod any;
pub(crate) mod builder;
pub(crate) mod proxy;
mod url;

use crate::error::{Error, Result};
use crate::secret::{ClientKind, CredentialKind, Credentials};
use crate::transport::{Transport, TransportConfig};

pub(crate) mod sealed {
    pub trait Sealed {
        /// Whether the kind is known only at run time ([`AnyAuth`](super::any::AnyAuth)), so
        /// that operations check it before sending.
        const AT_RUN_TIME: bool = false;
    }
}

/// Who a [`Client`] is authenticated as: [`Anonymous`], [`AppAuth`], [`UserAuth`], or
/// [`AnyAuth`](crate::AnyAuth) when that is decided at run time.
///
/// The kind decides, at compile time, which operations a client has.
pub trait AuthKind: sealed::Sealed + 'static {}

/// An [`AuthKind`] with credentials: apps and user sessions may write.
pub trait Authenticated: AuthKind {}

/// No credentials: read-only operations.
#[derive(Debug, Clone, Copy)]
pub enum Anonymous {}

/// App credentials (`A<n>`): every operation, including callbacks and sessions.
#[derive(Debug, Clone, Copy)]
pub enum AppAuth {}

/// User-session credentials (`S<n>`): reads and writes on behalf of one account.
#[derive(Debug, Clone, Copy)]
pub enum UserAuth {}

impl sealed::Sealed for Anonymous {}
impl sealed::Sealed for AppAuth {}
impl sealed::Sealed for UserAuth {}
impl AuthKind for Anonymous {}
impl AuthKind for AppAuth {}
impl AuthKind for UserAuth {}
impl Authenticated for AppAuth {}
impl Authenticated for UserAuth {}

/// A client without credentials: only read-only operations.
pub type UnauthenticatedClient = Client<Anonymous>;
/// A client authenticated as an app: every operation.
pub type AppClient = Client<AppAuth>;
/// A client authenticated with a user session.
pub type UserClient = Client<UserAuth>;

/// A blocking Polympics API client.
///
/// Use it through its aliases [`UnauthenticatedClient`], [`AppClient`] and [`UserClient`].
/// The operations a client offers depend on its kind, checked by the compiler: every client
/// reads, apps and users write, and only apps manage callbacks and create sessions.
///
/// A client holds one connection pool, reused by every call and every page of a listing.
/// It is cheap to clone (clones share the pool and the credentials), `Send` and `Sync`:
/// share one between threads by reference, in an `Arc`, or by cloning it.
///
/// ```no_run
/// use polympics::{AppClient, Credentials};
///
/// let app = AppClient::new(Credentials::new("A3", "TOKEN"));
/// let team = app.get_team(31)?;
/// println!("{} has {} members", team.name, team.member_count);
/// # Ok::<(), polympics::Error>(())
/// ```
///
/// Operations a kind cannot do do not compile. An unauthenticated client cannot write:
///
/// ```compile_fail
/// let anon = polympics::UnauthenticatedClient::new();
/// anon.create_team("Gods of Olympus");
/// ```
///
/// A user session cannot manage callbacks or create sessions:
///
/// ```compile_fail
/// # use polympics::{Credentials, EventType, UserClient};
/// let user = UserClient::new(Credentials::new("S3", "TOKEN"));
/// user.get_callbacks();
/// ```
///
/// ```compile_fail
/// # use polympics::{Credentials, UserClient};
/// let user = UserClient::new(Credentials::new("S3", "TOKEN"));
/// user.create_session(42);
/// ```
///
/// ```compile_fail
/// let anon = polympics::UnauthenticatedClient::new();
/// anon.get_self();
/// ```
pub struct Client<A: AuthKind> {
    pub(crate) transport: Transport,
    kind: PhantomData<fn() -> A>,
}

impl<A: AuthKind> Clone for Client<A> {
    fn clone(&self) -> Self {
        Client {
            transport: self.transport.clone(),
            kind: PhantomData,
        }
    }
}

impl<A: AuthKind> fmt::Debug for Client<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("kind", &std::any::type_name::<A>().rsplit("::").next())
            .field("base_url", &self.transport.base_url())
            .finish_non_exhaustive()
    }
}

impl<A: AuthKind> Client<A> {
    pub(super) fn from_config(config: TransportConfig) -> Self {
        Client {
            transport: Transport::new(config),
            kind: PhantomData,
        }
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }

    /// Who the client is, by its credentials: anonymous, an app or a user session.
    pub fn kind(&self) -> ClientKind {
        match self.transport.credential_kind() {
            None => ClientKind::Anonymous,
            Some(CredentialKind::Session) => ClientKind::User,
            Some(_) => ClientKind::App,
        }
    }

    /// A client of another kind on the same connections and credentials.
    pub(crate) fn retyped<B: AuthKind>(&self) -> Client<B> {
        Client {
            transport: self.transport.clone(),
            kind: PhantomData,
        }
    }

    /// Refuses `operation` when the client's kind is decided at run time and is not one of
    /// `allowed`. A no-op for the kinds known at compile time.
    pub(crate) fn require(
        &self,
        operation: &'static str,
        allowed: &[ClientKind],
        needs: &'static str,
    ) -> Result<()> {
        let kind = self.kind();
        if !A::AT_RUN_TIME || allowed.contains(&kind) {
            return Ok(());
        }
        Err(Error::WrongKind {
            operation,
            kind,
            needs,
        })
    }

    /// Refuses a write when the client has no credentials (run-time kinds only).
    pub(crate) fn require_credentials(&self, operation: &'static str) -> Result<()> {
        self.require(
            operation,
            &[ClientKind::App, ClientKind::User],
            "credentials (an app or a user session)",
        )
    }
}

impl UnauthenticatedClient {
    /// A client without credentials for the default base URL, `http://127.0.0.1:8000`.
    ///
    /// ```no_run
    /// let anon = polympics::UnauthenticatedClient::new();
    /// let open: bool = anon.check_signups()?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn new() -> Self {
        Self::from_config(TransportConfig::new(None))
    }
}

impl Default for UnauthenticatedClient {
    fn default() -> Self {
        Self::new()
    }
}

impl AppClient {
    /// A client authenticated as an app, for the default base URL `http://127.0.0.1:8000`.
    ///
    /// ```
    /// use polympics::{AppClient, Credentials};
    ///
    /// let app = AppClient::new(Credentials::new("A3", "TOKEN"));
    /// ```
    pub fn new(credentials: impl Into<Credentials>) -> Self {
        Self::from_config(TransportConfig::new(Some(credentials.into())))
    }
}

impl UserClient {
    /// A client authenticated with a user session (a [`Session`](crate::Session) or its
    /// [`Credentials`]), for the default base URL.
    ///
    /// ```
    /// use polympics::{Credentials, UserClient};
    ///
    /// let user = UserClient::new(Credentials::new("S3", "TOKEN"));
    /// ```
    pub fn new(session: impl Into<Credentials>) -> Self {
        Self::from_config(TransportConfig::new(Some(session.into())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_send_sync_and_debug_hides_credentials() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<AppClient>();
        assert_send_sync::<UserClient>();
        assert_send_sync::<UnauthenticatedClient>();
        let app = AppClient::new(Credentials::new("A1", "sekrit"));
        let shown = format!("{app:?}");
        assert!(shown.contains("AppAuth"), "{shown}");
        assert!(!shown.contains("sekrit"), "{shown}");
    }
}
