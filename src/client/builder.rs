//! [`ClientBuilder`]: every setting of a client, with its default, in one place; checked
//! once by `build()`, which makes the one configuration the transport uses.

use std::fmt;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use ureq::http::HeaderValue;

use super::proxy;
use super::{AuthKind, Client};
use crate::clock::{Clock, SystemClock};
use crate::error::{Error, Result};
use crate::retry::RetryPolicy;
use crate::secret::{Credentials, Secret};
use crate::transport::{
    TransportConfig, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT,
    USER_AGENT,
};
use crate::url::{shown_url, validate_base_url};

/// Builds a [`Client`] for a base URL, with settings other than the defaults.
///
/// There is no default base URL: the API has several deployments (the production server,
/// a league's own, a local development server), and a client that quietly talked to the
/// wrong one would be worse than one that does not build. The defaults of the rest: a 30 s
/// timeout for each phase of a request, 10 s to connect, the default [`RetryPolicy`], the
/// proxy from `ALL_PROXY`/`HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY`, a 64 MiB cap on a response
/// body, Mozilla's root certificates (bundled), and the user agent
/// `polympics-rust/<version>`.
///
/// ```
/// use std::time::Duration;
/// use polympics::{AppClient, Credentials, RetryPolicy};
///
/// let app = AppClient::builder("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))
///     .timeout(Duration::from_secs(10))
///     .retry(RetryPolicy::new().max_attempts(3))
///     .user_agent("roster-sync/1.0")
///     .build()?;
/// # Ok::<(), polympics::Error>(())
/// ```
#[must_use = "call build() to get the client"]
pub struct ClientBuilder<A: AuthKind> {
    base_url: String,
    credentials: Option<Credentials>,
    timeout: Duration,
    connect_timeout: Duration,
    retry: RetryPolicy,
    max_response_bytes: u64,
    product: Option<String>,
    proxy: Proxy,
    proxy_login: Option<(String, Secret)>,
    platform_verifier: bool,
    verify_credentials: bool,
    clock: Arc<dyn Clock>,
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
            .field("credentials", &self.credentials)
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("retry", &self.retry)
            .field("proxy", &proxy)
            .field(
                "proxy_login",
                &self
                    .proxy_login
                    .as_ref()
                    .map(|(user, password)| (user, password)),
            )
            .field("user_agent", &self.product)
            .field("verify_credentials", &self.verify_credentials)
            .field("clock", &self.clock)
            .finish_non_exhaustive()
    }
}

impl<A: AuthKind> ClientBuilder<A> {
    /// A builder for `base_url` with `credentials` (checked by [`build`](Self::build)),
    /// every other setting at its default.
    pub(super) fn with(base_url: String, credentials: Option<Credentials>) -> Self {
        ClientBuilder {
            base_url,
            credentials,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            retry: RetryPolicy::new(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            product: None,
            proxy: Proxy::Environment,
            proxy_login: None,
            platform_verifier: false,
            verify_credentials: false,
            clock: Arc::new(SystemClock),
            kind: PhantomData,
        }
    }

    /// The limit on each phase of a request (default 30 s): sending it, waiting for the
    /// answer's head, and reading its body. Connecting has its own limit,
    /// [`connect_timeout`](Self::connect_timeout). A stalled server is given up on after this
    /// long; the [`RetryPolicy`]'s budget bounds the whole call.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The limit on establishing a connection (including TLS; default 10 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// How failed requests are retried (default [`RetryPolicy::new`]);
    /// [`RetryPolicy::none`] sends every request once.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Where the client's waits take their time from (default [`SystemClock`]): the waits
    /// between retries and the budget of a call, and those of what works through the client
    /// (a roster snapshot's pauses, a roster watch's period). A
    /// [`TestClock`](crate::clock::TestClock) lets them pass at once in tests, and says how
    /// long they were (its documentation has an example).
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self
    }

    /// Asks the server, before the client's first request, whether it knows the
    /// credentials (`GET /auth/me`, once per client and credentials), so that a wrong,
    /// rotated or expired token fails that request instead of reading as anonymous.
    ///
    /// The server treats credentials it does not know as none at all: without this check a
    /// wrong token reads public data as if no credentials were given, and shows only at the
    /// first write (a 403). With it, the first request fails with the check's answer,
    /// [`Error::Client`] with status 401 and a hint, and nothing else is sent; a check that
    /// passes is remembered, and a request that is itself `GET /auth/me`
    /// ([`check_credentials`](Client::check_credentials), `get_self`) is the check. A client
    /// without credentials sends no check. Off by default (it costs one request per client).
    ///
    /// ```no_run
    /// use polympics::{AppClient, Credentials};
    ///
    /// let app = AppClient::builder("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))
    ///     .verify_credentials()
    ///     .build()?;
    /// // Fails with HTTP 401 here if the server does not know the token.
    /// let team = app.get_team(31)?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn verify_credentials(mut self) -> Self {
        self.verify_credentials = true;
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
        self.max_response_bytes = bytes;
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
    /// let anon = polympics::UnauthenticatedClient::builder("https://api.polytopia.fun")
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
        self.platform_verifier = true;
        self
    }

    /// Builds the client, or fails with [`Error::Config`] for an invalid base URL (see
    /// [`Client::base_url`]), proxy (or proxy variable) or user agent. The error never
    /// repeats a password or a query string.
    pub fn build(self) -> Result<Client<A>> {
        let base_url = validate_base_url(&self.base_url)?;
        let proxy = match (&self.proxy, &self.proxy_login) {
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
        let user_agent = match &self.product {
            None => USER_AGENT.to_owned(),
            Some(product) => {
                let agent = format!("{product} {USER_AGENT}");
                HeaderValue::from_str(&agent).map_err(|_| {
                    Error::Config(format!(
                        "the user agent {product:?} is not a valid header value: it may not \
                         hold line breaks or other control characters"
                    ))
                })?;
                agent
            }
        };
        Ok(Client::from_config(TransportConfig {
            base_url,
            credentials: self.credentials,
            timeout: self.timeout,
            connect_timeout: self.connect_timeout,
            user_agent,
            max_response_bytes: self.max_response_bytes,
            proxy,
            retry: self.retry,
            platform_verifier: self.platform_verifier,
            verify_credentials: self.verify_credentials,
            clock: self.clock,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::auth::Anonymous;

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
        let err = ClientBuilder::<Anonymous>::with("http://x.example".to_owned(), None)
            .proxy("ftp://user:hunter2@proxy.example:8080")
            .build()
            .unwrap_err()
            .to_string();
        assert!(!err.contains("hunter2"), "{err}");
        assert!(err.contains("holds user information"), "{err}");
        let err = ClientBuilder::<Anonymous>::with("http://x.example".to_owned(), None)
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
            ClientBuilder::<Anonymous>::with("http://x.example".to_owned(), None)
                .proxy("http://u:hunter2@p.example:3128")
        );
        assert!(!shown.contains("hunter2"), "{shown}");
    }

    #[test]
    fn user_agents_must_be_header_values() {
        let err = ClientBuilder::<Anonymous>::with("http://x.example".to_owned(), None)
            .user_agent("x\r\nY: z")
            .build()
            .unwrap_err();
        assert!(matches!(err, Error::Config(_)), "{err:?}");
        assert!(err.to_string().contains("user agent"), "{err}");
        assert!(
            ClientBuilder::<Anonymous>::with("http://x.example".to_owned(), None)
                .user_agent("roster-sync/1.0 (cron; café)")
                .build()
                .is_ok()
        );
    }
}
