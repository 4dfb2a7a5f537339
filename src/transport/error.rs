//! The crate's one error type, and how an HTTP answer becomes one.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::models::Account;

/// The result of every fallible operation in this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong when talking to the Polympics API.
///
/// The three kinds of the Python wrapper map to [`Error::Server`] (`ServerError`),
/// [`Error::Data`] (`DataError`, with its validation [`issues`](Error::issues)) and
/// [`Error::Client`] (`ClientError`, with its [`detail`](Error::detail)). On top of those:
/// failures to reach the server at all, answers that are not what the API sends, input that
/// was refused before sending, and the user-session token reset.
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
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The server failed (HTTP 5xx): its fault, or a gateway's, not the request's.
    #[error("server error (HTTP {status}){}", suffix(detail.as_deref()))]
    Server {
        /// The HTTP status code, 500 to 599.
        status: u16,
        /// The server's `detail`, or a short excerpt of a non-JSON body (`Internal Server Error`).
        detail: Option<String>,
    },

    /// The server rejected the request's data (HTTP 422), which includes "not found" for an
    /// account, team or award ID.
    #[error("invalid request data (HTTP {status}): {}", DataMessage(detail.as_deref(), issues))]
    Data {
        /// The HTTP status code (422).
        status: u16,
        /// The validation issues the server listed; empty when it sent a plain message.
        issues: Vec<ValidationIssue>,
        /// The server's message when `detail` was a string (`Bad Discord user token.`).
        detail: Option<String>,
    },

    /// The server refused the request (HTTP 4xx other than 422): not authenticated,
    /// permission denied, conflict, not found.
    #[error("request refused (HTTP {status}{}){}", reason(*status), suffix(detail.as_deref()))]
    Client {
        /// The HTTP status code, 400 to 499.
        status: u16,
        /// The server's `detail`; `None` when the body was empty or not JSON.
        detail: Option<String>,
    },

    /// The server could not be reached, or the exchange broke off (connect, DNS, TLS,
    /// timeout, I/O).
    #[error("could not talk to the server ({kind}): {source}")]
    Transport {
        /// What kind of failure it was.
        kind: TransportErrorKind,
        /// The underlying error.
        #[source]
        source: Box<dyn std::error::Error + Send + Sync + 'static>,
    },

    /// The answer was not what the API sends: undecodable JSON, wrong types, an HTML page
    /// with a success status, an unexpected status code, or a body over the size limit.
    #[error(
        "unexpected response (HTTP {status}): {reason}{}",
        excerpt_suffix(excerpt)
    )]
    InvalidResponse {
        /// The HTTP status code of the answer.
        status: u16,
        /// What was wrong with it.
        reason: String,
        /// The start of the body (at most 200 characters), for diagnosis.
        excerpt: String,
    },

    /// Input refused before sending, because the server would fail on it (it answers these
    /// with a 500) or silently ignore it.
    #[error("invalid {field}: {reason} (not sent)")]
    InvalidInput {
        /// The argument or field at fault.
        field: &'static str,
        /// Why it was refused.
        reason: String,
    },

    /// The client could not be built (an invalid base URL or proxy).
    #[error("invalid client configuration: {0}")]
    Config(String),

    /// A user session reset its token: the server rotated it (the old token no longer works)
    /// but did not say what the new one is, so a new session is needed
    /// ([`AppClient::create_session`](crate::AppClient::create_session) or
    /// [`discord_authenticate`](crate::Client::discord_authenticate)).
    #[error(
        "the session token of account {} was reset and is no longer valid; the server does not \
         return the new token, so create a new session",
        account.id
    )]
    SessionReset {
        /// The account whose session it was, as the server returned it.
        account: Box<Account>,
    },

    /// A callback payload given to a [`handlers`](crate::handlers) function did not decode.
    #[error("invalid callback event payload: {reason}{}", excerpt_suffix(excerpt))]
    InvalidEvent {
        /// What was wrong with it.
        reason: String,
        /// The start of the payload (at most 200 characters).
        excerpt: String,
    },
}

impl Error {
    /// The HTTP status code of the answer behind this error, where there was one.
    pub fn code(&self) -> Option<u16> {
        match self {
            Error::Server { status, .. }
            | Error::Data { status, .. }
            | Error::Client { status, .. }
            | Error::InvalidResponse { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The server's human-readable `detail` message, where it sent one.
    pub fn detail(&self) -> Option<&str> {
        match self {
            Error::Server { detail, .. }
            | Error::Data { detail, .. }
            | Error::Client { detail, .. } => detail.as_deref(),
            _ => None,
        }
    }

    /// The validation issues of a [`Error::Data`]; empty for every other error.
    pub fn issues(&self) -> &[ValidationIssue] {
        match self {
            Error::Data { issues, .. } => issues,
            _ => &[],
        }
    }

    /// Whether the error says an account, team, award, callback or held award does not exist.
    ///
    /// The API reports a missing ID as a 422 whose message ends in `not found.`, and a
    /// missing callback or held award as a 404.
    pub fn is_not_found(&self) -> bool {
        match self {
            Error::Client { status: 404, .. } => true,
            Error::Data { issues, .. } => {
                issues.iter().any(|issue| issue.msg.ends_with("not found."))
            }
            _ => false,
        }
    }

    /// Whether the same request may succeed if sent again later: a connect failure, a
    /// timeout, HTTP 429, or a gateway answer (502, 503, 504).
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Transport { kind, .. } => {
                matches!(
                    kind,
                    TransportErrorKind::Connect | TransportErrorKind::Timeout
                )
            }
            Error::Client { status: 429, .. } => true,
            Error::Server { status, .. } => matches!(status, 502..=504),
            _ => false,
        }
    }

    pub(crate) fn invalid_input(field: &'static str, reason: impl Into<String>) -> Self {
        Error::InvalidInput {
            field,
            reason: reason.into(),
        }
    }

    pub(crate) fn invalid_response(status: u16, reason: impl fmt::Display, body: &[u8]) -> Self {
        Error::InvalidResponse {
            status,
            reason: reason.to_string(),
            excerpt: excerpt(body),
        }
    }

    /// Builds the error for a non-success status from the body the server sent.
    pub(crate) fn from_status(status: u16, body: &[u8]) -> Self {
        let (detail, issues) = parse_detail(body);
        match status {
            422 => Error::Data {
                status,
                issues,
                detail,
            },
            400..=499 => Error::Client { status, detail },
            500..=599 => Error::Server {
                status,
                detail: detail.or_else(|| Some(excerpt(body)).filter(|text| !text.is_empty())),
            },
            _ => Error::invalid_response(status, "unexpected HTTP status", body),
        }
    }
}

/// What kind of transport failure an [`Error::Transport`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// The host name did not resolve, or the connection was refused or failed.
    Connect,
    /// A timeout ran out (connect or the whole request).
    Timeout,
    /// TLS could not be established.
    Tls,
    /// The connection broke off or the HTTP exchange was malformed.
    Io,
    /// Anything else (redirect loops, proxy settings).
    Other,
}

impl fmt::Display for TransportErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TransportErrorKind::Connect => "connect",
            TransportErrorKind::Timeout => "timeout",
            TransportErrorKind::Tls => "TLS",
            TransportErrorKind::Io => "I/O",
            TransportErrorKind::Other => "other",
        })
    }
}

impl From<ureq::Error> for Error {
    fn from(err: ureq::Error) -> Self {
        let kind = match &err {
            ureq::Error::Timeout(_) => TransportErrorKind::Timeout,
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => {
                TransportErrorKind::Connect
            }
            ureq::Error::Tls(_) | ureq::Error::Pem(_) | ureq::Error::Rustls(_) => {
                TransportErrorKind::Tls
            }
            ureq::Error::Io(io) => match io.kind() {
                std::io::ErrorKind::ConnectionRefused | std::io::ErrorKind::AddrNotAvailable => {
                    TransportErrorKind::Connect
                }
                std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => {
                    TransportErrorKind::Timeout
                }
                _ => TransportErrorKind::Io,
            },
            ureq::Error::Protocol(_) => TransportErrorKind::Io,
            _ => TransportErrorKind::Other,
        };
        Error::Transport {
            kind,
            source: Box::new(err),
        }
    }
}

/// One entry of a 422 answer's `detail` list: where the problem is, and what it is.
///
/// ```
/// use polympics::{LocSegment, ValidationIssue};
///
/// let issue: ValidationIssue = serde_json::from_str(
///     r#"{"loc":["body","accounts",1],"msg":"Account not found.","type":"value_error"}"#,
/// ).unwrap();
/// assert_eq!(issue.loc[2], LocSegment::Index(1));
/// assert_eq!(issue.to_string(), "body.accounts[1]: Account not found.");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidationIssue {
    /// Where: `["path", "account"]`, `["body", "accounts", 1]`, `["query", "per_page"]`.
    #[serde(default)]
    pub loc: Vec<LocSegment>,
    /// The message, such as `Account not found.` or `field required`.
    #[serde(default)]
    pub msg: String,
    /// The machine-readable kind, such as `value_error` or `type_error.integer`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// Extra context some issues carry, such as the allowed values of an enumeration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ctx: Option<serde_json::Value>,
}

impl fmt::Display for ValidationIssue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, segment) in self.loc.iter().enumerate() {
            match segment {
                LocSegment::Index(index) => write!(f, "[{index}]")?,
                LocSegment::Name(name) if i == 0 => f.write_str(name)?,
                LocSegment::Name(name) => write!(f, ".{name}")?,
            }
        }
        if !self.loc.is_empty() {
            f.write_str(": ")?;
        }
        f.write_str(&self.msg)
    }
}

/// One step of a [`ValidationIssue::loc`]: a field name or a list index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(untagged)]
pub enum LocSegment {
    /// A position in a list, or in the raw body for a JSON decode error.
    Index(u64),
    /// A field name, or where the field was (`path`, `query`, `body`).
    Name(String),
}

#[derive(Deserialize)]
struct ErrorBody {
    detail: Detail,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Detail {
    Message(String),
    Issues(Vec<ValidationIssue>),
    Other(serde::de::IgnoredAny),
}

/// Reads `{"detail": ...}` in both of its shapes; anything else gives nothing.
fn parse_detail(body: &[u8]) -> (Option<String>, Vec<ValidationIssue>) {
    match serde_json::from_slice::<ErrorBody>(body) {
        Ok(ErrorBody {
            detail: Detail::Message(message),
        }) => (Some(message), Vec::new()),
        Ok(ErrorBody {
            detail: Detail::Issues(issues),
        }) => (None, issues),
        Ok(ErrorBody {
            detail: Detail::Other(_),
        })
        | Err(_) => (None, Vec::new()),
    }
}

const EXCERPT_CHARS: usize = 200;

/// The start of a body as trimmed, lossy UTF-8, at most 200 characters.
pub(crate) fn excerpt(body: &[u8]) -> String {
    let head = &body[..body.len().min(EXCERPT_CHARS * 4)];
    let text = String::from_utf8_lossy(head);
    let text = text.trim();
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

fn suffix(detail: Option<&str>) -> String {
    detail.map(|d| format!(": {d}")).unwrap_or_default()
}

fn excerpt_suffix(excerpt: &str) -> String {
    if excerpt.is_empty() {
        "; the body was empty".to_owned()
    } else {
        format!("; the body starts with {excerpt:?}")
    }
}

fn reason(status: u16) -> String {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .map(|text| format!(" {text}"))
        .unwrap_or_default()
}

struct DataMessage<'a>(Option<&'a str>, &'a [ValidationIssue]);

impl fmt::Display for DataMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(detail) = self.0 {
            return f.write_str(detail);
        }
        if self.1.is_empty() {
            return f.write_str("no details given");
        }
        for (i, issue) in self.1.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{issue}")?;
        }
        Ok(())
    }
}
