//! Whether an error may pass: [`Error::is_retryable`] (now, by sending the same request
//! again) and [`Error::is_transient`] (later, with nothing changed), both answered by the
//! retry rule's `Class`, the one place of the rule.

use super::Error;
use crate::retry::verdict::Class;

impl Error {
    /// What failed, as the retry rule sees it.
    fn class(&self) -> Class {
        match self {
            Error::Transport { kind, .. } => Class::Transport(*kind),
            Error::Server { status, .. }
            | Error::Data { status, .. }
            | Error::Client { status, .. }
            | Error::UnknownEndpoint { status, .. }
            | Error::Redirect { status, .. } => Class::Status(*status),
            Error::InvalidResponse { .. } => Class::Unreadable,
            _ => Class::Other,
        }
    }

    /// Whether the client's [`RetryPolicy`](crate::RetryPolicy) retries this error (given
    /// attempts and time left): the failures after which the same request may succeed and
    /// sending it again can do no harm.
    ///
    /// - For every request: no connection could be made (DNS, refused, TLS handshake),
    ///   so nothing reached the server; and HTTP 429, which the server sends before doing
    ///   anything.
    /// - For requests that are safe to repeat (reads, deletes, giving an award,
    ///   registering a callback): also a timeout or a connection lost before the answer,
    ///   and HTTP 502, 503 and 504.
    ///
    /// Creating, updating and session requests are not repeated once they may have
    /// reached the server; a URL of the wrong scheme (`Protocol`) or a failure of unknown
    /// kind never.
    pub fn is_retryable(&self) -> bool {
        let idempotent = self.request().is_some_and(|r| r.is_idempotent());
        self.class().retryable(idempotent)
    }

    /// Whether the same request may succeed later with nothing changed on this side: the
    /// server or the network down, slow or failing (a transport failure other than a URL
    /// of the wrong scheme, HTTP 5xx, 408 or 429), or an answer that is not the API's (a
    /// proxy's maintenance page). What a program that tries again later (a cron job's
    /// next run, a watch's next read) can wait out; not refused credentials, a wrong URL
    /// or invalid data, which need someone to change something.
    ///
    /// ```
    /// use polympics_test_server::{Fault, TestServer};
    ///
    /// let server = TestServer::start();
    /// server.inject(Fault::status(500));
    /// let err = server.client().check_signups().unwrap_err();
    /// assert!(err.is_transient() && !err.is_retryable());
    /// ```
    pub fn is_transient(&self) -> bool {
        self.class().transient()
    }
}
