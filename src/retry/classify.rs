//! Which failures are worth another attempt: the one place of the rule, asked by the retry
//! loop and by anyone holding an [`Error`]. How long to wait before it is the policy's
//! ([`RetryPolicy::next_wait`](super::RetryPolicy)). The rule is an inherent method of
//! `Error` defined here, so that the error module does not depend on the retry module.

use crate::error::{Error, TransportErrorKind};

impl Error {
    /// Whether the client's [`RetryPolicy`](crate::RetryPolicy) retries this error (given
    /// attempts and time left): the failures after which the same request may succeed and
    /// sending it again can do no harm.
    ///
    /// - For every request: no connection could be made (DNS, refused, TLS handshake,
    ///   connect timeout), so nothing reached the server; and HTTP 429, which the server
    ///   sends before doing anything.
    /// - For requests that are safe to repeat (reads, deletes, giving an award,
    ///   registering a callback): also a timeout or a connection lost before the answer,
    ///   and HTTP 502, 503 and 504.
    ///
    /// Creating, updating and session requests are not repeated once they may have
    /// reached the server; a URL of the wrong scheme (`Protocol`) or a failure of unknown
    /// kind never.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { request, kind, .. } => {
                use TransportErrorKind::*;
                match kind {
                    Dns | Connect | Tls => true,
                    Timeout | Io => request.is_idempotent(),
                    _ => false,
                }
            }
            Error::Client { status: 429, .. } => true,
            Error::Server {
                request, status, ..
            } => request.is_idempotent() && matches!(status, 502..=504),
            _ => false,
        }
    }
}
