//! The transport: one pooled HTTP agent per client, authentication, reading answers and
//! turning failures into [`Error`]s. Every request of the crate goes through
//! [`Transport::request`].

pub(crate) mod auth;
pub(crate) mod error;
pub(crate) mod query;

use std::sync::{Arc, PoisonError, RwLock};
use std::time::Duration;

use serde::de::DeserializeOwned;
use serde::Serialize;
use ureq::http::{header, HeaderValue, Method, Request};

use auth::Credentials;
use error::{Error, Result};

/// The default base URL: the local development server.
pub const DEFAULT_BASE_URL: &str = "http://127.0.0.1:8000";
/// The default limit on each phase of a request: sending it, waiting for the answer, and
/// reading the answer's body.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit on establishing a connection.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// The default cap on the size of a successful response body (64 MiB).
pub const DEFAULT_MAX_RESPONSE_BYTES: u64 = 64 * 1024 * 1024;
/// Error bodies are small: `{"detail": ...}` or a gateway's HTML page.
const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

/// The crate's own part of the `User-Agent` header.
pub(crate) const USER_AGENT: &str = concat!("polympics-rust/", env!("CARGO_PKG_VERSION"));

/// Settings for a [`Transport`], validated by the client builder.
pub(crate) struct TransportConfig {
    pub(crate) base_url: String,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) timeout: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) user_agent: String,
    pub(crate) max_response_bytes: u64,
    pub(crate) proxy: Option<ureq::Proxy>,
}

impl TransportConfig {
    pub(crate) fn new(credentials: Option<Credentials>) -> Self {
        TransportConfig {
            base_url: DEFAULT_BASE_URL.to_owned(),
            credentials,
            timeout: DEFAULT_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            user_agent: USER_AGENT.to_owned(),
            max_response_bytes: DEFAULT_MAX_RESPONSE_BYTES,
            proxy: ureq::Proxy::try_from_env(),
        }
    }
}

/// A successful answer: its status and whole body.
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

impl Answer {
    /// Decodes the body straight into the typed model.
    pub(crate) fn json<T: DeserializeOwned>(&self) -> Result<T> {
        serde_json::from_slice(&self.body)
            .map_err(|err| Error::invalid_response(self.status, err, &self.body))
    }
}

/// The HTTP side of a client. Cheap to clone: clones share the connection pool and the
/// credentials (so a token reset is seen by all of them).
#[derive(Clone)]
pub(crate) struct Transport {
    agent: ureq::Agent,
    base_url: Arc<str>,
    auth: Arc<RwLock<Option<HeaderValue>>>,
    max_response_bytes: u64,
}

impl Transport {
    pub(crate) fn new(config: TransportConfig) -> Self {
        // Per-phase timeouts rather than `timeout_global`: with a global (or per-call)
        // timeout, ureq resolves the host name on a new thread for every request, pooled
        // connection or not, which costs about a third of the throughput on loopback.
        let timeout = Some(config.timeout);
        let agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_connect(Some(config.connect_timeout))
            .timeout_send_request(timeout)
            .timeout_send_body(timeout)
            .timeout_recv_response(timeout)
            .timeout_recv_body(timeout)
            .user_agent(config.user_agent.as_str())
            .accept("application/json")
            .proxy(config.proxy)
            .build()
            .new_agent();
        Transport {
            agent,
            base_url: config.base_url.trim_end_matches('/').into(),
            auth: Arc::new(RwLock::new(
                config.credentials.as_ref().map(Credentials::header_value),
            )),
            max_response_bytes: config.max_response_bytes,
        }
    }

    pub(crate) fn base_url(&self) -> &str {
        &self.base_url
    }

    /// Switches every clone of this transport to new credentials.
    pub(crate) fn set_credentials(&self, credentials: &Credentials) {
        let value = credentials.header_value();
        *self.auth.write().unwrap_or_else(PoisonError::into_inner) = Some(value);
    }

    fn auth_header(&self) -> Option<HeaderValue> {
        self.auth
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// `GET path`, decoded as `T`.
    pub(crate) fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T> {
        self.request(Method::GET, path, None)?.json()
    }

    /// `method path` with a JSON body, decoded as `T`.
    pub(crate) fn send_json<B: Serialize + ?Sized, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: &B,
    ) -> Result<T> {
        let bytes = serde_json::to_vec(body)
            .map_err(|err| Error::invalid_input("request body", err.to_string()))?;
        self.request(method, path, Some(bytes))?.json()
    }

    /// `DELETE path`, expecting an empty success.
    pub(crate) fn delete(&self, path: &str) -> Result<()> {
        self.request(Method::DELETE, path, None).map(drop)
    }

    /// Sends one request and reads the whole answer (so the connection returns to the
    /// pool). A non-success status becomes the matching [`Error`]. `body` is JSON; an empty
    /// one is sent without a content type (`PUT`/`POST` with nothing to say).
    pub(crate) fn request(
        &self,
        method: Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<Answer> {
        let mut url = String::with_capacity(self.base_url.len() + path.len());
        url.push_str(&self.base_url);
        url.push_str(path);
        let mut builder = Request::builder().method(method).uri(url);
        if let Some(auth) = self.auth_header() {
            builder = builder.header(header::AUTHORIZATION, auth);
        }
        let result = match body {
            Some(bytes) => {
                if !bytes.is_empty() {
                    builder = builder.header(header::CONTENT_TYPE, "application/json");
                }
                let request = builder
                    .body(bytes)
                    .map_err(|err| Error::invalid_input("request", err.to_string()))?;
                self.agent.run(request)
            }
            None => {
                let request = builder
                    .body(())
                    .map_err(|err| Error::invalid_input("request", err.to_string()))?;
                self.agent.run(request)
            }
        };
        let mut response = result?;
        let status = response.status().as_u16();
        let success = (200..300).contains(&status);
        let limit = if success {
            self.max_response_bytes
        } else {
            MAX_ERROR_BODY_BYTES
        };
        let body = response.body_mut().with_config().limit(limit).read_to_vec();
        match body {
            Ok(body) if success => Ok(Answer { status, body }),
            Ok(body) => Err(Error::from_status(status, &body)),
            Err(ureq::Error::BodyExceedsLimit(limit)) if success => Err(Error::invalid_response(
                status,
                format!("the body exceeds the limit of {limit} bytes"),
                b"",
            )),
            // An error body too large or cut off still leaves the status to report.
            Err(ureq::Error::BodyExceedsLimit(_)) => Err(Error::from_status(status, b"")),
            Err(err) => Err(err.into()),
        }
    }
}
