//! The crate's one error type, [`Error`], and what it says about the request it came from.
//!
//! This module depends on nothing else in the crate but the typed IDs: how a failure becomes
//! an `Error` is decided by the transport, which builds them, by the rule of `transient`.
//!
//! Files: `display` (the messages), `debug` (`Debug`: the message, or field by field),
//! `issue` (validation issues), `mask` (credentials hidden in server text), `missing`
//! (what a "not found" is of), `request` (the request an error came from), `transient`
//! (the retry rule: whether a failure may pass, now or later), `text` (excerpts of
//! bodies); the tests in `tests`.

mod debug;
mod display;
mod issue;
pub(crate) mod mask;
pub(crate) mod missing;
mod request;
pub(crate) mod text;
pub(crate) mod transient;

use std::time::Duration;

pub use issue::{LocSegment, ValidationIssue};
pub use request::{RequestInfo, TransportErrorKind};

use crate::ids::AccountId;
use crate::secret::ClientKind;

/// The result of every fallible operation in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when talking to the Polympics API.
///
/// Errors of a request say which request it was ([`request`](Error::request): method,
/// path, attempts), and their message starts with it:
/// `PATCH /account/42: invalid request data (HTTP 422): path.account: Account not found.`
/// Text from the server is shown with control characters escaped, and credentials never
/// appear in an error.
///
/// ```
/// # fn demo(client: &polympics::UnauthenticatedClient) {
/// match client.get_team(999) {
///     Ok(team) => println!("{}", team.name),
///     Err(err) if err.is_not_found() => println!("no such team"),
///     Err(err) => eprintln!("failed (HTTP {:?}): {err}", err.code()),
/// }
/// # }
/// ```
///
/// Variants and their fields can grow: match them with `..`.
#[derive(thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server failed (HTTP 5xx): its fault, or a gateway's, not the request's.
    #[non_exhaustive]
    Server {
        /// The request.
        request: Box<RequestInfo>,
        /// The HTTP status code, 500 to 599.
        status: u16,
        /// The server's `detail`, or a short excerpt of a non-JSON body (`Internal Server Error`).
        detail: Option<String>,
        /// How long the server asked to wait before trying again (`Retry-After`).
        retry_after: Option<Duration>,
        /// What is known about the cause (a team that still has awards, a body cut off).
        hint: Option<String>,
    },

    /// The server rejected the request's data (HTTP 422), which includes "not found" for an
    /// account, team or award ID.
    #[non_exhaustive]
    Data {
        /// The request.
        request: Box<RequestInfo>,
        /// The HTTP status code (422).
        status: u16,
        /// The validation issues the server listed; empty when it sent a plain message.
        issues: Vec<ValidationIssue>,
        /// The server's message when `detail` was a string (`Bad Discord user token.`).
        detail: Option<String>,
    },

    /// The server refused the request (HTTP 4xx other than 422): not authenticated,
    /// permission denied, conflict, nothing registered, too many requests.
    #[non_exhaustive]
    Client {
        /// The request.
        request: Box<RequestInfo>,
        /// The HTTP status code, 400 to 499.
        status: u16,
        /// The server's `detail`; `None` when the body was empty or not JSON.
        detail: Option<String>,
        /// How long the server asked to wait before trying again (`Retry-After`, with 429).
        retry_after: Option<Duration>,
        /// What the answer probably means: for an authenticated client's 401 or 403, that
        /// the credentials may be wrong or expired; for `take_award`'s 404, that the
        /// account does not hold the award.
        hint: Option<String>,
    },

    /// The server has no such endpoint (HTTP 404 `Not Found` from the framework, a 404
    /// without the API's error body, or 405): the base URL is probably wrong (a missing or
    /// extra path prefix, another service, a proxy's page).
    /// Not a "not found" of an account, team or award.
    #[non_exhaustive]
    UnknownEndpoint {
        /// The request.
        request: Box<RequestInfo>,
        /// The HTTP status code (404 or 405).
        status: u16,
        /// The server's `detail`, or an excerpt of its page.
        detail: Option<String>,
    },

    /// The server answered with a redirect (HTTP 3xx). The client never follows one: a
    /// redirected write would be lost or turned into a read, and credentials must not go
    /// to another address. The base URL is probably wrong (`http` for `https`, a missing
    /// path).
    #[non_exhaustive]
    Redirect {
        /// The request.
        request: Box<RequestInfo>,
        /// The HTTP status code, 300 to 399.
        status: u16,
        /// Where the server pointed (`Location`), if it said.
        location: Option<String>,
    },

    /// The server could not be reached, or the exchange broke off (DNS, connect, TLS,
    /// timeout, a lost connection).
    #[non_exhaustive]
    Transport {
        /// The request.
        request: Box<RequestInfo>,
        /// What kind of failure it was.
        kind: TransportErrorKind,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },

    /// The answer was not what the API sends for this request: a success status other than
    /// the one the server gives it (a `200` where a delete gets `204`), a body where it sends
    /// none, undecodable JSON or wrong types (an HTML page from a captive portal, a proxy or
    /// another web site at the base URL), an unexpected status code, a page other than the
    /// one asked for. The operation is not reported done: whether it reached the Polympics
    /// server at all is unknown.
    #[non_exhaustive]
    InvalidResponse {
        /// The request.
        request: Box<RequestInfo>,
        /// The HTTP status code of the answer.
        status: u16,
        /// The answer's `Content-Type`, if it had one.
        content_type: Option<String>,
        /// What was wrong with it.
        reason: String,
        /// The start of the body (at most 200 characters), for diagnosis.
        excerpt: String,
    },

    /// The answer's body was larger than the client accepts
    /// ([`max_response_size`](crate::ClientBuilder::max_response_size)); it was not read.
    #[non_exhaustive]
    ResponseTooLarge {
        /// The request.
        request: Box<RequestInfo>,
        /// The HTTP status code of the answer.
        status: u16,
        /// The limit, in bytes.
        limit: u64,
    },

    /// Input refused before sending, because the server would fail on it (it answers these
    /// with a 500) or silently ignore it.
    #[non_exhaustive]
    InvalidInput {
        /// The argument or field at fault.
        field: &'static str,
        /// Why it was refused.
        reason: String,
    },

    /// The client could not be built: an invalid base URL, proxy or user agent. The
    /// message never repeats a password or a query string.
    Config(String),

    /// A user session reset its token: the server rotated it (the old token no longer works)
    /// but did not say what the new one is, so a new session is needed
    /// ([`AppClient::create_session`](crate::AppClient::create_session) or
    /// [`discord_authenticate`](crate::Client::discord_authenticate)).
    #[non_exhaustive]
    SessionReset {
        /// The request.
        request: Box<RequestInfo>,
        /// The account whose session it was.
        account: AccountId,
    },

    /// The operation needs another kind of client than this one, whose kind was decided at
    /// run time ([`AnyClient`](crate::AnyClient)): refused before sending.
    #[non_exhaustive]
    WrongKind {
        /// The operation, such as `create_team`.
        operation: &'static str,
        /// What the client is.
        kind: ClientKind,
        /// What the operation needs, such as `an app`.
        needs: &'static str,
    },
}

impl Error {
    /// The HTTP status code of the answer behind this error, where there was one.
    pub fn code(&self) -> Option<u16> {
        match self {
            Error::Server { status, .. }
            | Error::Data { status, .. }
            | Error::Client { status, .. }
            | Error::UnknownEndpoint { status, .. }
            | Error::Redirect { status, .. }
            | Error::InvalidResponse { status, .. }
            | Error::ResponseTooLarge { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's human-readable `detail` message, where it sent one.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Error::Server { detail, .. }
            | Error::Data { detail, .. }
            | Error::Client { detail, .. }
            | Error::UnknownEndpoint { detail, .. } => detail.as_deref(),
            _ => None,
        }
    }

    /// The validation issues of an [`Error::Data`]; empty for every other error.
    pub fn issues(&self) -> &[ValidationIssue] {
        match self {
            Error::Data { issues, .. } => issues,
            _ => &[],
        }
    }

    /// The request this error came from: its method, path and how many attempts were
    /// made. `None` for errors raised before anything was sent.
    pub fn request(&self) -> Option<&RequestInfo> {
        match self {
            Error::Server { request, .. }
            | Error::Data { request, .. }
            | Error::Client { request, .. }
            | Error::UnknownEndpoint { request, .. }
            | Error::Redirect { request, .. }
            | Error::Transport { request, .. }
            | Error::InvalidResponse { request, .. }
            | Error::ResponseTooLarge { request, .. }
            | Error::SessionReset { request, .. } => Some(request),
            _ => None,
        }
    }

    /// How many times the request was sent (0 when it never was).
    pub fn attempts(&self) -> u32 {
        self.request().map_or(0, RequestInfo::attempts)
    }

    /// How long the server asked to wait before trying again (a `Retry-After` header).
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Server { retry_after, .. } | Error::Client { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// Whether the server may have carried out the request although it failed: a write
    /// (`POST`, `PUT`, `PATCH`, `DELETE`) whose answer was lost (a timeout or a connection
    /// cut after sending), a server error, or a success the client could not read as the
    /// API's. Before repeating such a write, check whether it happened: a repeated create
    /// makes a twin, and a repeated [`reset_token`](crate::AppClient::reset_token) loses
    /// the token. Reads, and failures before anything was sent, never count.
    ///
    /// ```
    /// # fn demo(app: &polympics::AppClient) -> polympics::Result<()> {
    /// match app.create_team("Gods of Olympus") {
    ///     Ok(team) => println!("created {}", team.id),
    ///     Err(err) if err.may_have_been_applied() => {
    ///         // Look before creating again.
    ///         if app.teams_named("Gods of Olympus")?.is_empty() {
    ///             app.create_team("Gods of Olympus")?;
    ///         }
    ///     }
    ///     Err(err) => return Err(err),
    /// }
    /// # Ok(())
    /// # }
    /// ```
    pub fn may_have_been_applied(&self) -> bool {
        let Some(request) = self.request() else {
            return false;
        };
        if request.method() == "GET" {
            return false;
        }
        match self {
            Error::Transport { kind, .. } => matches!(
                kind,
                TransportErrorKind::Timeout | TransportErrorKind::Io | TransportErrorKind::Other
            ),
            Error::Server { .. }
            | Error::InvalidResponse { .. }
            | Error::ResponseTooLarge { .. }
            | Error::SessionReset { .. } => true,
            _ => false,
        }
    }

    /// The same error with what is known of its cause, for server and client errors.
    pub(crate) fn with_hint(mut self, text: impl Into<String>) -> Self {
        if let Error::Server { hint, .. } | Error::Client { hint, .. } = &mut self {
            *hint = Some(text.into());
        }
        self
    }

    /// An [`Error::InvalidInput`]: `field`'s value is refused before anything is sent, for
    /// `reason` (for input checked in the crate's own words: a roster file, a form).
    ///
    /// ```
    /// let err = polympics::Error::invalid_input("team", "it is blank");
    /// assert_eq!(err.to_string(), "invalid team: it is blank (not sent)");
    /// ```
    pub fn invalid_input(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }
}

#[cfg(test)]
mod tests;
