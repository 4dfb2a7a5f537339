//! The client type, generic over who it is authenticated as.
//!
//! Files: `builder` (`ClientBuilder`), `constructors` (each kind's `new` and `builder`),
//! `any` (`AnyClient` and `WriterClient`, the kind
//! decided at run time), `proxy` (proxies from settings or the environment); base URLs are
//! checked by the crate's `url`.

use std::fmt;
use std::marker::PhantomData;

pub(crate) mod any;
pub(crate) mod builder;
mod constructors;
pub(crate) mod proxy;

use crate::secret::ClientKind;
use crate::transport::{Transport, TransportConfig};

use crate::auth::{Anonymous, AppAuth, AuthKind, UserAuth};

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
/// let app = AppClient::new("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))?;
/// let team = app.get_team(31)?;
/// println!("{} has {} members", team.name, team.member_count);
/// # Ok::<(), polympics::Error>(())
/// ```
///
/// Operations a kind cannot do do not compile. An unauthenticated client cannot write:
///
/// ```compile_fail
/// let anon = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
/// anon.create_team("Gods of Olympus");
/// ```
///
/// A user session cannot manage callbacks or create sessions:
///
/// ```compile_fail
/// # use polympics::{Credentials, EventType, UserClient};
/// let user = UserClient::new("https://api.polytopia.fun", Credentials::new("S3", "TOKEN"))?;
/// user.get_callbacks();
/// ```
///
/// ```compile_fail
/// # use polympics::{Credentials, UserClient};
/// let user = UserClient::new("https://api.polytopia.fun", Credentials::new("S3", "TOKEN"))?;
/// user.create_session(42);
/// ```
///
/// ```compile_fail
/// let anon = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
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

    /// The base URL requests go to, without a trailing slash: an `http` or `https` URL with
    /// a host and perhaps a path prefix (`https://example.com/api`), as the client was made
    /// with; user information, a query and a fragment are refused when it is made.
    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }

    /// The clock the client's waits take their time from
    /// ([`ClientBuilder::clock`](crate::ClientBuilder::clock)).
    pub fn clock(&self) -> &dyn crate::clock::Clock {
        &**self.transport.clock()
    }

    /// Who the client is, by its credentials: an app (`A<n>`), a user session (`S<n>`), or
    /// anonymous (no credentials, or a username the server does not take as either).
    pub fn kind(&self) -> ClientKind {
        self.transport
            .credential_kind()
            .unwrap_or(ClientKind::Anonymous)
    }

    /// A client of another kind on the same connections and credentials.
    pub(crate) fn retyped<B: AuthKind>(&self) -> Client<B> {
        Client {
            transport: self.transport.clone(),
            kind: PhantomData,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::secret::Credentials;

    #[test]
    fn clients_are_send_sync_and_debug_hides_credentials() {
        fn assert_send_sync<T: Send + Sync + Clone>() {}
        assert_send_sync::<AppClient>();
        assert_send_sync::<UserClient>();
        assert_send_sync::<UnauthenticatedClient>();
        let app = AppClient::new("http://127.0.0.1:1", Credentials::new("A1", "sekrit")).unwrap();
        let shown = format!("{app:?}");
        assert!(shown.contains("AppAuth"), "{shown}");
        assert!(!shown.contains("sekrit"), "{shown}");
    }
}
