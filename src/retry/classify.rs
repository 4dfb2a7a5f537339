//! Which failures are worth another attempt: the one place of the rule, asked by the retry
//! loop and by [`Error::is_retryable`]. How long to wait before it is the policy's
//! ([`RetryPolicy::next_wait`](super::RetryPolicy)).

use crate::error::{Error, TransportErrorKind};

/// Whether the same request may succeed if sent again, and sending it again can do no
/// harm:
///
/// - for every request: no connection could be made (DNS, refused, TLS handshake, connect
///   timeout), so nothing reached the server; and HTTP 429, which the server sends before
///   doing anything;
/// - for requests that are safe to repeat (reads, deletes, giving an award, registering a
///   callback): also a timeout or a connection lost before the answer, and HTTP 502, 503
///   and 504.
///
/// Creating, updating and session requests are not repeated once they may have reached
/// the server; a URL of the wrong scheme (`Protocol`) or a failure of unknown kind never.
pub(crate) fn is_retryable(err: &Error) -> bool {
    match err {
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
