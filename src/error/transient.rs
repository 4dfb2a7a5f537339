//! Whether a failure may pass, the one place of the rule: a failed attempt is judged by its
//! [`Class`] into a [`Verdict`] (whether to send it again, and the wait the server asked
//! for) before any public [`Error`] is built, and an `Error` answers the same questions
//! ([`Error::is_retryable`]: now, by sending the same request again; [`Error::is_transient`]:
//! later, with nothing changed) by the same class. How long to wait before a retry is the
//! policy's ([`RetryPolicy::next_wait`](crate::RetryPolicy)).

use std::time::Duration;

use super::{Error, TransportErrorKind};

/// What failed, as the rule sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// No answer, or one that broke off: of this kind.
    Transport(TransportErrorKind),
    /// An answer with this status.
    Status(u16),
    /// An answer that is not the API's (a proxy's page, a body that does not decode).
    Unreadable,
    /// Anything else: refused before sending, a body over the limit, the call's budget.
    Other,
}

/// What a failed attempt calls for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Verdict {
    /// Sending the same request again may succeed and can do no harm.
    pub(crate) retry: bool,
    /// How long the server asked to wait first (`Retry-After`), if it did.
    pub(crate) wait: Option<Duration>,
}

impl Class {
    /// Whether sending the same request again at once may succeed and can do no harm:
    /// for every request, when no connection could be made (DNS, refused, TLS handshake)
    /// or the server answered 429 before doing anything; for a request that is safe to
    /// repeat (`idempotent`), also after a timeout or a connection lost before the answer,
    /// and HTTP 502, 503 and 504.
    pub(crate) fn retryable(self, idempotent: bool) -> bool {
        use TransportErrorKind::*;
        match self {
            Class::Transport(Dns | Connect | Tls) => true,
            Class::Transport(Timeout | Io) => idempotent,
            Class::Status(429) => true,
            Class::Status(502..=504) => idempotent,
            _ => false,
        }
    }

    /// Whether the same request may succeed later with nothing changed on this side: the
    /// server or the network down, slow or failing (a transport failure other than a URL
    /// of the wrong scheme, a 5xx, 408, 429), or an answer that is not the API's (a
    /// proxy's maintenance page). Not credentials refused, a wrong URL, invalid data.
    pub(crate) fn transient(self) -> bool {
        match self {
            Class::Transport(kind) => kind != TransportErrorKind::Protocol,
            Class::Status(status) => matches!(status, 408 | 429 | 500..=599),
            Class::Unreadable => true,
            Class::Other => false,
        }
    }

    pub(crate) fn verdict(self, idempotent: bool, wait: Option<Duration>) -> Verdict {
        Verdict {
            retry: self.retryable(idempotent),
            wait,
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use TransportErrorKind::*;

    #[test]
    fn what_may_pass_later_and_what_is_retried_now() {
        for (class, now_if_idempotent, now_otherwise, later) in [
            (Class::Transport(Connect), true, true, true),
            (Class::Transport(Timeout), true, false, true),
            (Class::Transport(Protocol), false, false, false),
            (Class::Status(429), true, true, true),
            (Class::Status(503), true, false, true),
            (Class::Status(500), false, false, true),
            (Class::Status(408), false, false, true),
            (Class::Status(401), false, false, false),
            (Class::Status(404), false, false, false),
            (Class::Unreadable, false, false, true),
            (Class::Other, false, false, false),
        ] {
            assert_eq!(class.retryable(true), now_if_idempotent, "{class:?}");
            assert_eq!(class.retryable(false), now_otherwise, "{class:?}");
            assert_eq!(class.transient(), later, "{class:?}");
        }
        let verdict = Class::Status(503).verdict(true, Some(Duration::from_secs(2)));
        assert_eq!(
            verdict,
            Verdict {
                retry: true,
                wait: Some(Duration::from_secs(2))
            }
        );
    }
}
