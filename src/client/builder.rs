//! [`ClientBuilder`]: every setting of a client, checked once by `build()`.

use std::fmt;
use std::marker::PhantomData;
use std::time::Duration;

use ureq::http::HeaderValue;

use super::proxy;
use super::url::{shown_url, validate_base_url};
use super::{
    Anonymous, AppAuth, AppClient, AuthKind, Client, UnauthenticatedClient, UserAuth, UserClient,
};
use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use crate::secret::{Credentials, Secret};
use crate::transport::{TransportConfig, DEFAULT_BASE_URL, USER_AGENT};

/// Builds a [`Client`] with settings other than the defaults.
///
/// Defaults: base URL `http://127.0.0.1:8000`, a 30 s timeout for each phase of a request,
/// 10 s to connect, the default [`RetryPolicy`], the proxy from
/// `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`, a 64 MiB cap on a response body, Mozilla's root
/// certificates (bundled), and the user agent `polympics-rust/<version>`.
///
/// ```
/// use std::time::Duration;
/// use polympics::{AppClient, Credentials, RetryPolicy};
///
/// let app = AppClient::builder(Credentials::new("A3", "TOKEN"))
///     .base_url("https://api.polytopia.fun")
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::new().max_attempts(3))
///     .user_agent("roster-sync/1.0")
///     .build()?;
/// # Ok::<(), polympics::Error>(())
/// ```
#[must_use = "call build() to get the client"]
pub struct ClientBuilder<A: AuthKind> {
    config: TransportConfig,
    base_url: String,
    proxy: Proxy,
    proxy_login: Option<(String, Secret)>,
    product: Option<String>,
    kind: PhantomData<fn() -> A>,
}

/// Where the proxy setting comes from.
enum Proxy {
    Environment,
    Direct,
    Url(String),
}

impl<A: AuthKind> fmt::Debug for ClientBuilder<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let proxy = match &self.proxy {
            Proxy::Environment => "from the environment".to_owned(),
            Proxy::Direct => "none".to_owned(),
            Proxy::Url(url) => shown_url(url),
        };
        f.debug_struct("ClientBuilder")
            .field("base_url", &shown_url(&self.base_url))
            .field("timeout", &self.config.timeout)
            .field("connect_timeout", &self.config.connect_timeout)
            .field("retry", &self.config.retry)
            .field("proxy", &proxy)
            .field(
                "proxy_login",
                &self
                    .proxy_login
                    .as_ref()
                    .map(|(user, password)| (user, password)),
            )
            .field("user_agent", &self.product)
            .finish_non_exhaustive()
    }
}

impl<A: AuthKind> ClientBuilder<A> {
    pub(super) fn with(credentials: Option<Credentials>) -> Self {
        ClientBuilder {
            config: TransportConfig::new(credentials),
            base_url: DEFAULT_BASE_URL.to_owned(),
            proxy: Proxy::Environment,
            proxy_login: None,
            product: None,
            kind: PhantomData,
        }
    }

    /// Where the API is hosted, such as `https://api.polytopia.fun`. It must be an `http` or
    /// `https` URL with a host; a path prefix is kept; user information (`user:password@`),
    /// a query and a fragment are refused, and the refusal never shows them. Checked by
    /// [`build`](Self::build).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = url.into();
        self
    }

    /// The limit on each phase of a request (default 30 s): sending it, waiting for the
    /// answer's head, and reading its body. Connecting has its own limit,
    /// [`connect_timeout`](Self::connect_timeout). A stalled server is given up on after this
    /// long; the [`RetryPolicy`]'s budget bounds the whole call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.timeout = timeout;
        self
    }

    /// The limit on establishing a connection (including TLS; default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.config.connect_timeout = timeout;
        self
    }

    /// How failed requests are retried (default [`RetryPolicy::new`]);
    /// [`RetryPolicy::none`] sends every request once.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.config.retry = policy;
        self
    }

    /// Names your program in the `User-Agent` header, before the crate's own
    /// `polympics-rust/<version>`. It must be a valid header value (no line breaks or
    /// control characters): checked by [`build`](Self::build).
    pub fn user_agent(mut self, product: impl Into<String>) -> Self {
        self.product = Some(product.into());
        self
    }

    /// The largest successful response body accepted, in bytes (default 64 MiB). A larger
    /// one gives [`Error::ResponseTooLarge`] instead of exhausting memory.
    pub fn max_response_size(mut self, bytes: u64) -> Self {
        self.config.max_response_bytes = bytes;
        self
    }

    /// Sends every request through this proxy (`http://host:port`, `https://host:port`).
    /// A URL with user information (`user:password@`) is refused, so that the password
    /// never shows where URLs are shown: give them with [`proxy_login`](Self::proxy_login).
    /// Checked by [`build`](Self::build).
    ///
    /// Without this or [`no_proxy`](Self::no_proxy), the proxy comes from `ALL_PROXY`,
    /// `HTTPS_PROXY` or `HTTP_PROXY` (and their lower-case forms; `NO_PROXY` lists the hosts
    /// reached directly), where user information is allowed and never shown. A variable set
    /// to something that is not a proxy URL is a configuration error, not ignored.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.proxy = Proxy::Url(url.into());
        self
    }

    /// The user and password the proxy of [`proxy`](Self::proxy) needs (`Proxy-Authorization:
    /// Basic`). The password is a [`Secret`]: never shown.
    ///
    /// ```
    /// let anon = polympics::UnauthenticatedClient::builder()
    ///     .base_url("https://api.polytopia.fun")
    ///     .proxy("http://proxy.example:3128")
    ///     .proxy_login("cron", "proxy-password")
    ///     .build()?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn proxy_login(mut self, user: impl Into<String>, password: impl Into<Secret>) -> Self {
        self.proxy_login = Some((user.into(), password.into()));
        self
    }

    /// Ignores the proxy environment variables and connects directly.
    pub fn no_proxy(mut self) -> Self {
        self.proxy = Proxy::Direct;
        self
    }

    /// Verifies TLS certificates with the operating system's verifier and certificate store
    /// instead of the bundled Mozilla roots: for networks whose proxies or servers use a
    /// certificate authority of their own, installed on the machine. On Linux the store is
    /// read from the usual places, and from `SSL_CERT_FILE`/`SSL_CERT_DIR` when set.
    #[cfg(feature = "platform-verifier")]
    pub fn platform_verifier(mut self) -> Self {
        self.config.platform_verifier = true;
        self
    }

    /// Builds the client, or fails with [`Error::Config`] for an invalid base URL, proxy or
    /// user agent. The error never repeats a password or a query string.
    pub fn build(mut self) -> Result<Client<A>> {
        self.config.base_url = validate_base_url(&self.base_url)?;
        self.config.proxy = match (&self.proxy, &self.proxy_login) {
            (Proxy::Url(url), login) => Some(proxy::explicit(url, login.as_ref())?),
            (_, Some(_)) => {
                return Err(Error::Config(
                    "proxy_login is set without a proxy: set the proxy's URL with proxy()"
                        .to_owned(),
                ))
            }
            (Proxy::Environment, None) => proxy::from_env()?,
            (Proxy::Direct, None) => None,
        };
        if let Some(product) = &self.product {
            let agent = format!("{product} {USER_AGENT}");
            HeaderValue::from_str(&agent).map_err(|_| {
                Error::Config(format!(
                    "the user agent {product:?} is not a valid header value: it may not hold \
                     line breaks or other control characters"
                ))
            })?;
            self.config.user_agent = agent;
        }
        Ok(Client::from_config(self.config))
    }
}

impl UnauthenticatedClient {
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

impl AppClient {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::Anonymous;

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
            "http://x.y/api#frag",
            "http://x.y/a b",
            "http://x.y/\n",
        ] {
            assert!(
                matches!(validate_base_url(bad), Err(Error::Config(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn config_errors_never_show_secrets() {
        for url in [
            "http://user:hunter2@x.y",
            "http://x.y/?token=hunter2",
            "http://x.y/#hunter2",
        ] {
            let err = validate_base_url(url).unwrap_err().to_string();
            assert!(!err.contains("hunter2"), "{err}");
        }
        let err = ClientBuilder::<Anonymous>::with(None)
            .proxy("ftp://user:hunter2@proxy.example:8080")
            .build()
            .unwrap_err()
            .to_string();
        assert!(!err.contains("hunter2"), "{err}");
        assert!(err.contains("holds user information"), "{err}");
        let err = ClientBuilder::<Anonymous>::with(None)
            .proxy("ftp://proxy.example:8080")
            .build()
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("invalid proxy \"ftp://proxy.example:8080\": the scheme must be"),
            "{err}"
        );
        let shown = format!(
            "{:?}",
            ClientBuilder::<Anonymous>::with(None).proxy("http://u:hunter2@p.example:3128")
        );
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn user_agents_must_be_header_values() {
        let err = ClientBuilder::<Anonymous>::with(None)
            .user_agent("x\r\nY: z")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(err.to_string().contains("user agent"), "{err}");
        assert!(ClientBuilder::<Anonymous>::with(None)
            .user_agent("roster-sync/1.0 (cron; café)")
            .build()
            .is_ok());
    }
}
