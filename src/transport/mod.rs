//! The transport: one pooled HTTP agent per client, authentication, retries, reading
//! answers and turning failures into [`Error`]s. Every request of the crate goes through
//! [`Transport::call`].
//!
//! Files: this one (`Transport`: a client's handle on it, its settings, and the entry points
//! `call`, `get` and `send`), `state` (what every request shares: the pooled agent, the
//! current credentials and their mask), `call` (`Call`: the retry loop under the call's
//! budget), `attempt` (one attempt: the request sent once and its whole answer read),
//! `response` (`Response`: a success, checked for what the operation needs), `failure`
//! (what a failed attempt is: its verdict and its error), `kind` (what kind of transport
//! failure an error of ureq is), `auth` (the credentials' header), `path` (paths with
//! their segments escaped), `probe` (whether an `https://` port speaks plain HTTP).

mod attempt;
pub(crate) mod auth;
mod call;
mod failure;
mod kind;
pub(crate) mod path;
mod probe;
mod response;
mod state;

use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::clock::Clock;
use crate::error::{Error, Result};
use crate::limits::Checked;
use crate::retry::RetryPolicy;
use crate::secret::Credentials;
use call::Call;
pub(crate) use path::Path;
use response::Response;
use state::{Auth, State};

/// The default limit on each phase of a request: sending it, waiting for the answer, and
/// reading the answer's body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit on establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default cap on the size of a successful response body (64 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;
/// Idle connections are not reused after this long: shorter than the keep-alive timeout of
/// the server's uvicorn (5 s), so the client never sends on a connection the server is
/// closing.
const MAX_IDLE_AGE: Duration = Duration::from_secs(4);

/// The crate's own part of the `User-Agent` header.
pub(crate) const USER_AGENT: &str = concat!("polympics-rust/", env!("CARGO_PKG_VERSION"));

/// The HTTP method of a request (`http`'s, re-exported by ureq).
pub(crate) use ureq::http::Method;

/// Settings for a [`Transport`], made and checked by the client builder only.
pub(crate) struct TransportConfig {
    pub(crate) base_url: String,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    /// A valid header value (checked by the builder).
    pub(crate) user_agent: String,
    pub(crate) max_response_bytes: u64,
    pub(crate) proxy: Option<ureq::Proxy>,
    pub(crate) retry: RetryPolicy,
    pub(crate) platform_verifier: bool,
    /// Whether the credentials are checked before the first request.
    pub(crate) verify_credentials: bool,
    pub(crate) clock: Arc<dyn Clock>,
}

/// The HTTP side of a client. Cheap to clone: clones share the connection pool, the
/// credentials (so a token reset is seen by all of them) and the settings.
#[derive(Clone)]
pub(crate) struct Transport {
    inner: Arc<State>,
}

impl Transport {
    pub(crate) fn new(config: TransportConfig) -> Self {
        // Per-phase timeouts rather than `timeout_global`: with a global (or per-call)
        // timeout, ureq resolves the host name on a new thread for every request, pooled
        // connection or not, which costs about a third of the throughput on loopback. The
        // retry budget sets a per-call timeout only on the attempts that could outlast it.
        let timeout = Some(config.timeout);
        let proxy = config.proxy.as_ref().and_then(|proxy| {
            let base: ureq::http::Uri = config.base_url.parse().ok()?;
            (!proxy.is_no_proxy(&base)).then(|| shown_proxy(proxy).into())
        });
        let mut tls = ureq::tls::TlsConfig::builder();
        if config.platform_verifier {
            tls = tls.root_certs(ureq::tls::RootCerts::PlatformVerifier);
        }
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_idle_age(MAX_IDLE_AGE)
            .timeout_connect(Some(config.connect_timeout))
            .timeout_send_request(timeout)
            .timeout_send_body(timeout)
            .timeout_recv_response(timeout)
            .timeout_recv_body(timeout)
            .user_agent(config.user_agent.as_str())
            .accept("application/json")
            .proxy(config.proxy)
            .tls_config(tls.build())
            .build()
            .new_agent();
        Transport {
            inner: Arc::new(State {
                agent,
                base_url: config.base_url.into(),
                auth: RwLock::new(config.credentials.map(Auth::new)),
                max_response_bytes: config.max_response_bytes,
                retry: config.retry,
                clock: config.clock,
                worst_attempt: config.connect_timeout.saturating_add(config.timeout * 4),
                proxy,
                verify_credentials: config.verify_credentials,
            }),
        }
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    /// The clock the client's waits take their time from.
    pub(crate) fn clock(&self) -> &Arc<dyn Clock> {
        &self.inner.clock
    }

    /// Switches every clone of this transport to new credentials, which the server has just
    /// issued (a token reset): known to it, so `verify_credentials` does not check them.
    pub(crate) fn set_credentials(&self, credentials: Credentials) {
        let auth = Auth::new(credentials);
        auth.set_known();
        *self
            .inner
            .auth
            .write()
            .unwrap_or_else(PoisonError::into_inner) = Some(auth);
    }

    /// What kind of credentials the transport sends, if any.
    pub(crate) fn credential_kind(&self) -> Option<crate::secret::ClientKind> {
        self.inner.auth().and_then(|auth| auth.credentials.kind())
    }

    /// Sends one request, retrying it as the policy allows, and reads the whole answer (see
    /// [`Call::run`]). `body` is JSON; `POST`, `PUT` and `PATCH` without one send an empty
    /// body, and `GET` and `DELETE` never send one.
    pub(crate) fn call(&self, method: Method, path: Path, body: Option<&[u8]>) -> Result<Response> {
        let path = path.into_string();
        if self.inner.verify_credentials {
            self.verify_credentials(&method, &path)?;
        }
        Call {
            state: &self.inner,
            method,
            path,
            body,
        }
        .run()
    }

    /// Before a request other than the check itself, asks the server once whether it knows
    /// the credentials (`verify_credentials` of the builder): its 401 is the error of the
    /// request, and a success is remembered with the credentials.
    fn verify_credentials(&self, method: &Method, path: &str) -> Result<()> {
        let Some(auth) = self.inner.auth() else {
            return Ok(());
        };
        if auth.is_known() || (*method == Method::GET && path == state::WHO_AM_I) {
            return Ok(());
        }
        Call {
            state: &self.inner,
            method: Method::GET,
            path: state::WHO_AM_I.to_owned(),
            body: None,
        }
        .run()?
        .read(200, |_| Ok(()))
    }

    /// `GET path`, answered `200` with JSON decoded as `T`.
    pub(crate) fn get<T: DeserializeOwned>(&self, path: Path) -> Result<T> {
        self.call(Method::GET, path, None)?.json(200)
    }

    /// `method path` with a JSON body, answered `status` with JSON decoded as `T`. The body
    /// is checked against the server's limits first: this is where every request body is
    /// checked.
    pub(crate) fn send<B: Serialize + Checked, T: DeserializeOwned>(
        &self,
        method: Method,
        path: Path,
        body: &B,
        status: u16,
    ) -> Result<T> {
        body.check()?;
        let bytes = serde_json::to_vec(body)
            .map_err(|err| Error::invalid_input("request body", err.to_string()))?;
        self.call(method, path, Some(&bytes))?.json(status)
    }
}

/// How a proxy is shown: its scheme, host and port, never its login.
fn shown_proxy(proxy: &ureq::Proxy) -> String {
    let login = if proxy.username().is_some() {
        "***@"
    } else {
        ""
    };
    let scheme = proxy.protocol().to_string().to_ascii_lowercase();
    format!("{scheme}://{login}{}:{}", proxy.host(), proxy.port())
}

impl std::fmt::Debug for Transport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Transport")
            .field("base_url", &self.inner.base_url)
            .field("retry", &self.inner.retry)
            .finish_non_exhaustive()
    }
}
