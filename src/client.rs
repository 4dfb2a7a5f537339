//! The client type, generic over who it is authenticated as.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use crate::transport::{Transport, TransportConfig};
use crate::{Credentials, Error, Result};

mod sealed {
    pub trait Sealed {}
}

/// Who a [`Client`] is authenticated as: [`Anonymous`], [`AppAuth`] or [`UserAuth`].
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
    fn from_config(config: TransportConfig) -> Self {
        Client {
            transport: Transport::new(config),
            kind: PhantomData,
        }
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        self.transport.base_url()
    }

    /// Closes the client. Idle connections are closed once the last clone is gone; dropping
    /// the client does the same, so calling this is optional.
    ///
    /// ```
    /// let client = polympics::UnauthenticatedClient::new();
    /// client.close();
    /// ```
    pub fn close(self) {}
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

    /// A builder for a client without credentials, to set the base URL and more.
    ///
    /// ```
    /// let anon = polympics::UnauthenticatedClient::builder()
    ///     .base_url("https://api.polytopia.fun")
    ///     .build()?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn builder() -> ClientBuilder<Anonymous> {
        ClientBuilder::with(None)
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

    /// A builder for an app client, to set the base URL, timeout and user agent.
    ///
    /// ```
    /// use std::time::Duration;
    /// use polympics::{AppClient, Credentials};
    ///
    /// let app = AppClient::builder(Credentials::new("A3", "TOKEN"))
    ///     .base_url("https://api.polytopia.fun")
    ///     .timeout(Duration::from_secs(10))
    ///     .user_agent("roster-sync/1.0")
    ///     .build()?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn builder(credentials: impl Into<Credentials>) -> ClientBuilder<AppAuth> {
        ClientBuilder::with(Some(credentials.into()))
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

    /// A builder for a user client, to set the base URL, timeout and user agent.
    ///
    /// ```
    /// use polympics::{Credentials, UserClient};
    ///
    /// let user = UserClient::builder(Credentials::new("S3", "TOKEN"))
    ///     .base_url("http://127.0.0.1:8000")
    ///     .build()?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn builder(session: impl Into<Credentials>) -> ClientBuilder<UserAuth> {
        ClientBuilder::with(Some(session.into()))
    }
}

/// Builds a [`Client`] with settings other than the defaults.
///
/// Defaults: base URL `http://127.0.0.1:8000`, a 30 s timeout for each phase of a request,
/// 10 s to connect, the proxy from `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`, a 64 MiB cap on a response
/// body, and the user agent `polympics-rust/<version>`.
#[must_use = "call build() to get the client"]
pub struct ClientBuilder<A: AuthKind> {
    config: TransportConfig,
    base_url: String,
    proxy: Option<String>,
    kind: PhantomData<fn() -> A>,
}

impl<A: AuthKind> fmt::Debug for ClientBuilder<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("timeout", &self.config.timeout)
            .field("connect_timeout", &self.config.connect_timeout)
            .field("user_agent", &self.config.user_agent)
            .finish_non_exhaustive()
    }
}

impl<A: AuthKind> ClientBuilder<A> {
    fn with(credentials: Option<Credentials>) -> Self {
        ClientBuilder {
            config: TransportConfig::new(credentials),
            base_url: crate::DEFAULT_BASE_URL.to_owned(),
            proxy: None,
            kind: PhantomData,
        }
    }

    /// Where the API is hosted, such as `https://api.polytopia.fun`. It must be an `http` or
    /// `https` URL; a path prefix is kept. Checked by [`build`](Self::build).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The limit on each phase of a request (default 30 s): sending it, waiting for the
    /// answer's head, and reading its body. Connecting has its own limit,
    /// [`connect_timeout`](Self::connect_timeout). A stalled server is given up on after this
    /// long; a slow but steady one can take up to three times as long in all.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// The limit on establishing a connection (including TLS).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// Names your program in the `User-Agent` header, before the crate's own
    /// `polympics-rust/<version>`.
    pub fn user_agent(mut self, product: impl AsRef<str>) -> Self {
        self.config.user_agent = format!("{} {}", product.as_ref(), crate::transport::USER_AGENT);
        self
    }

    /// The largest successful response body accepted, in bytes (default 64 MiB). A larger one
    /// gives [`Error::InvalidResponse`] instead of exhausting memory.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.config.max_response_bytes = bytes;
        self
    }

    /// Sends every request through this proxy (`http://host:port`, `socks5://host:port`, ...).
    /// Checked by [`build`](Self::build).
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Some(url.into());
        self
    }

    /// Ignores the proxy environment variables and connects directly.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = None;
        self.config.proxy = None;
        self
    }

    /// Builds the client, or fails with [`Error::Config`] for an invalid base URL or proxy.
    pub fn build(mut self) -> Result<Client<A>> {
        self.config.base_url = validate_base_url(&self.base_url)?;
        if let Some(proxy) = &self.proxy {
            let proxy = ureq::Proxy::new(proxy)
                .map_err(|err| Error::Config(format!("invalid proxy {proxy:?}: {err}")))?;
            self.config.proxy = Some(proxy);
        }
        Ok(Client::from_config(self.config))
    }
}

/// Checks that `url` is an absolute `http(s)` URL with a host and no query, and returns it
/// without a trailing slash.
fn validate_base_url(url: &str) -> Result<String> {
    let invalid = |reason: &str| Error::Config(format!("invalid base URL {url:?}: {reason}"));
    let uri: ureq::http::Uri = url.parse().map_err(|_| invalid("not a URL"))?;
    match uri.scheme_str() {
        Some("http") | Some("https") => {}
        Some(_) => return Err(invalid("the scheme must be http or https")),
        None => return Err(invalid("it must start with http:// or https://")),
    }
    match uri.authority() {
        Some(authority) if !authority.host().is_empty() => {
            if authority.as_str().contains('@') {
                return Err(invalid("credentials belong in Credentials, not in the URL"));
            }
        }
        _ => return Err(invalid("it has no host")),
    }
    if uri.query().is_some() {
        return Err(invalid("it must not have a query string"));
    }
    Ok(url.trim_end_matches('/').to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls() {
        assert_eq!(
            validate_base_url("https://api.polytopia.fun/").unwrap(),
            "https://api.polytopia.fun"
        );
        assert_eq!(
            validate_base_url("http://127.0.0.1:8000").unwrap(),
            "http://127.0.0.1:8000"
        );
        assert_eq!(
            validate_base_url("http://[::1]:8000/api/").unwrap(),
            "http://[::1]:8000/api"
        );
        for bad in [
            "",
            "api.polytopia.fun",
            "ftp://x.y",
            "http://",
            "not a url",
            "http://u:p@x.y",
            "http://x.y/?a=1",
        ] {
            assert!(
                matches!(validate_base_url(bad), Err(Error::Config(_))),
                "{bad}"
            );
        }
    }

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
