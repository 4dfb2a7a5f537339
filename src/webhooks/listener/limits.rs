//! What one peer may cost a listener, and how long the server's connections live: the
//! limits a [`ListenerBuilder`](super::ListenerBuilder) sets.

use std::time::Duration;

/// What one peer may cost a listener, and how long the server's connections live.
#[derive(Debug, Clone)]
pub(crate) struct Limits {
    pub(crate) max_head: usize,
    pub(crate) max_body: usize,
    pub(crate) max_connections: usize,
    pub(crate) request_timeout: Duration,
    pub(crate) idle_timeout: Duration,
    pub(crate) write_timeout: Duration,
    pub(crate) max_requests_per_connection: u32,
}

/// The largest request head accepted by default: a callback's head is well under 4 KiB,
/// with a secret and a URL of the longest the server stores (2,047 characters each).
pub const DEFAULT_MAX_HEAD: usize = 16 * 1024;

/// The largest event body accepted by default: an event is an account and its team, a few
/// kilobytes even with many awards.
pub const DEFAULT_MAX_BODY: usize = 1024 * 1024;

/// How many connections are served at once by default.
pub const DEFAULT_MAX_CONNECTIONS: usize = 256;

/// How long a peer has, by default, to send a whole request (head and body) from its
/// first byte, or on a new connection from when it was accepted.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// How long an idle keep-alive connection is kept by default: longer than the 15 s the
/// server's HTTP client (aiohttp) keeps its own, so that it closes first.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(20);

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_head: DEFAULT_MAX_HEAD,
            max_body: DEFAULT_MAX_BODY,
            max_connections: DEFAULT_MAX_CONNECTIONS,
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            write_timeout: DEFAULT_REQUEST_TIMEOUT,
            max_requests_per_connection: 1000,
        }
    }
}
