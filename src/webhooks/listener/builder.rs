//! How a [`Listener`] is made: [`Listener::bind`] with the default limits, or a
//! [`ListenerBuilder`] that sets them (and a cancel token) before it binds.

use std::net::ToSocketAddrs;
use std::time::Duration;

use super::incoming::Listener;
use super::limits::Limits;
use crate::cancel::CancelToken;
use crate::clock::bounded;
use crate::secret::Secret;
use crate::webhooks::error::Error;

/// Sets up a [`Listener`]: its limits and the token that stops it, then
/// [`bind`](Self::bind). [`Listener::bind`] is the same with every default.
///
/// The defaults suit a listener that the open network reaches; each bounds what one peer
/// can cost before it has shown the secret:
///
/// | limit | default | beyond it |
/// |---|---|---|
/// | [`max_head`](Self::max_head) | 16 KiB | 431, closed |
/// | [`max_body`](Self::max_body) | 1 MiB | 413, closed, nothing allocated for it |
/// | [`request_timeout`](Self::request_timeout) | 10 s for a whole request | 408, closed |
/// | [`idle_timeout`](Self::idle_timeout) | 20 s between requests | closed |
/// | [`write_timeout`](Self::write_timeout) | 10 s for a whole answer | closed |
/// | [`max_connections`](Self::max_connections) | 256 | the longest-waiting peer that has not shown the secret is closed |
///
/// ```
/// use polympics::cancel::CancelToken;
/// use polympics::webhooks::Listener;
/// use std::time::Duration;
///
/// let stop = CancelToken::new();
/// let listener = Listener::builder("s3cret")
///     .max_body(64 * 1024)
///     .request_timeout(Duration::from_secs(5))
///     .cancel_token(&stop)
///     .bind("127.0.0.1:0")?;
/// stop.cancel();
/// assert!(listener.incoming().next().is_none());
/// # Ok::<(), polympics::webhooks::Error>(())
/// ```
#[derive(Debug, Clone)]
#[must_use = "a builder does nothing until bind"]
pub struct ListenerBuilder {
    secret: Secret,
    limits: Limits,
    cancel: Option<CancelToken>,
}

impl ListenerBuilder {
    fn new(secret: Secret) -> Self {
        ListenerBuilder {
            secret,
            limits: Limits::default(),
            cancel: None,
        }
    }

    /// The largest request head (request line and headers) read; a longer one is answered
    /// 431 and closed.
    pub fn max_head(mut self, bytes: usize) -> Self {
        self.limits.max_head = bytes.max(256);
        self
    }

    /// The largest body accepted; a larger one is answered 413 and closed, without being
    /// read (or, chunked, no further than the limit).
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.limits.max_body = bytes;
        self
    }

    /// How many connections are served at once (at least 1). A new connection beyond it
    /// closes the one that has waited longest without showing the secret (an idle
    /// keep-alive connection, or one still sending its head); if every connection is busy
    /// with a verified event, it waits in the backlog until one ends.
    pub fn max_connections(mut self, connections: usize) -> Self {
        self.limits.max_connections = connections.max(1);
        self
    }

    /// How long a peer has to send a whole request, head and body, counted from its first
    /// byte (on a new connection, from when it was accepted). A peer that sends a byte a
    /// second is closed when it runs out, however steady it is.
    pub fn request_timeout(mut self, timeout: Duration) -> Self {
        self.limits.request_timeout = bounded(timeout.max(Duration::from_millis(1)));
        self
    }

    /// How long a keep-alive connection may wait for its next request.
    pub fn idle_timeout(mut self, timeout: Duration) -> Self {
        self.limits.idle_timeout = bounded(timeout.max(Duration::from_millis(1)));
        self
    }

    /// How long writing one answer may take in all (a peer that does not read its answers
    /// is closed when it runs out).
    pub fn write_timeout(mut self, timeout: Duration) -> Self {
        self.limits.write_timeout = bounded(timeout.max(Duration::from_millis(1)));
        self
    }

    /// How many requests one connection may send before it is closed (1,000 by default).
    pub fn max_requests_per_connection(mut self, requests: u32) -> Self {
        self.limits.max_requests_per_connection = requests.max(1);
        self
    }

    /// Stops the listener when `token` is cancelled (with whatever else it stops: a watch,
    /// a program's signals). Without one, it stops when dropped.
    pub fn cancel_token(mut self, token: &CancelToken) -> Self {
        self.cancel = Some(token.clone());
        self
    }

    /// Listens on `addr` (`"0.0.0.0:8012"`, or port 0 for a free one).
    ///
    /// # Errors
    ///
    /// [`Error::Listen`] when the address cannot be bound (in use, not this machine's, a
    /// privileged port) or its threads cannot start; [`Error::EmptySecret`] for an empty
    /// secret.
    pub fn bind(self, addr: impl ToSocketAddrs) -> Result<Listener, Error> {
        Listener::start(self.secret, self.limits, self.cancel, addr)
    }
}

impl Listener {
    /// Listens on `addr` (`"0.0.0.0:8012"`, or port 0 for a free one) for events signed
    /// with `secret`, the one given to
    /// [`create_callback`](crate::AppClient::create_callback), with the default limits
    /// ([`builder`](Self::builder) sets others).
    ///
    /// # Errors
    ///
    /// [`Error::Listen`] when the address cannot be bound (in use, not this machine's, a
    /// privileged port); [`Error::EmptySecret`] for an empty secret.
    pub fn bind(addr: impl ToSocketAddrs, secret: impl Into<Secret>) -> Result<Listener, Error> {
        Listener::builder(secret).bind(addr)
    }

    /// A listener for events signed with `secret`, with limits and a cancel token set
    /// before it binds.
    pub fn builder(secret: impl Into<Secret>) -> ListenerBuilder {
        ListenerBuilder::new(secret.into())
    }
}
