//! Where a failed request went, and what kind of transport failure it met.

use std::fmt;
use std::sync::Arc;

use super::text;

/// The request an [`Error`](super::Error) came from.
///
/// ```no_run
/// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun").unwrap();
/// if let Err(err) = client.get_team(1) {
///     if let Some(request) = err.request() {
///         eprintln!("{} {} failed after {} attempts", request.method(), request.path(), request.attempts());
///     }
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestInfo {
    pub(crate) method: ureq::http::Method,
    pub(crate) path: String,
    pub(crate) base_url: Arc<str>,
    pub(crate) attempts: u32,
    pub(crate) idempotent: bool,
    pub(crate) authenticated: bool,
    pub(crate) proxy: Option<Arc<str>>,
}

impl RequestInfo {
    /// The HTTP method, such as `PATCH`.
    pub fn method(&self) -> &str {
        self.method.as_str()
    }

    /// The path with its query string, relative to the base URL (`/account/42`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The base URL the request went to.
    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    /// How many times the request was sent (1 without retries).
    pub fn attempts(&self) -> u32 {
        self.attempts
    }

    /// Whether repeating the request is harmless (reads, deletes, giving an award,
    /// registering a callback), so that it may be retried after a timeout or a lost
    /// connection.
    pub fn is_idempotent(&self) -> bool {
        self.idempotent
    }

    /// Whether the request carried credentials.
    pub fn is_authenticated(&self) -> bool {
        self.authenticated
    }

    /// The proxy the request went through (`http://proxy.example:3128`, never its login),
    /// if it went through one.
    pub fn proxy(&self) -> Option<&str> {
        self.proxy.as_deref()
    }
}

impl fmt::Display for RequestInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, text::Escaped(&self.path))
    }
}

/// What kind of transport failure an [`Error::Transport`](super::Error::Transport) is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The host name did not resolve.
    Dns,
    /// No connection: refused, unreachable, a proxy that failed, or no connection within
    /// the connect timeout.
    Connect,
    /// TLS could not be established (handshake, certificate).
    Tls,
    /// Connected, but the server did not take the request or answer in time.
    Timeout,
    /// The connection broke off during the exchange.
    Io,
    /// The server does not speak the protocol of the URL's scheme: plain HTTP on the port
    /// of an `https://` URL, TLS (or not HTTP at all) on that of an `http://` URL. Not
    /// retried: the URL is wrong.
    Protocol,
    /// Anything else.
    Other,
}

impl TransportErrorKind {
    /// Whether the failure happened before any of the request could reach the server
    /// (DNS, connect, TLS), so that sending it again cannot repeat it.
    pub fn is_before_sending(self) -> bool {
        matches!(
            self,
            TransportErrorKind::Dns | TransportErrorKind::Connect | TransportErrorKind::Tls
        )
    }
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportErrorKind::Dns => "DNS",
            TransportErrorKind::Connect => "connect",
            TransportErrorKind::Timeout => "timeout",
            TransportErrorKind::Tls => "TLS",
            TransportErrorKind::Io => "I/O",
            TransportErrorKind::Protocol => "protocol",
            TransportErrorKind::Other => "other",
        })
    }
}
