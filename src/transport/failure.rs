//! What came of a failed attempt: its verdict (in the retry rule's terms), and the
//! [`Error`] it becomes, with statuses, bodies and ureq's errors read.

use std::time::Duration;

use serde::Deserialize;

use super::kind::kind_of;
use crate::error::mask::Mask;
use crate::error::text::excerpt;
use crate::error::transient::{Class, Verdict};
use crate::error::{Error, RequestInfo, TransportErrorKind, ValidationIssue};

/// A non-success answer, as read.
pub(crate) struct Answered {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
    /// The body broke off or stalled before its end.
    pub(crate) broken: bool,
    pub(crate) retry_after: Option<Duration>,
    pub(crate) location: Option<String>,
    pub(crate) content_type: Option<String>,
}

/// A failed attempt, before it is judged by the retry policy.
pub(crate) enum Failure {
    /// The request could not be built (an invalid URL).
    Request(ureq::http::Error),
    /// No answer: DNS, connect, TLS, timeout, a broken connection.
    Transport(ureq::Error),
    /// A success status whose body broke off or stalled.
    Body(ureq::Error),
    /// A body larger than the client accepts.
    TooLarge { status: u16, limit: u64 },
    /// A status other than 2xx, with what could be read of its body.
    Status(Answered),
    /// The call's time budget ran out before this attempt could start.
    BudgetSpent(Duration),
    /// TLS failed, and the port answers plain HTTP: the URL should be `http://`.
    PlainPort,
}

impl Failure {
    /// A short description for the log: the status, or the kind of transport failure.
    pub(crate) fn summary(&self) -> String {
        match self {
            Failure::Request(_) => "invalid request".to_owned(),
            Failure::Transport(err) | Failure::Body(err) => format!("{} error", kind_of(err)),
            Failure::TooLarge { status, .. } => format!("{status} (body too large)"),
            Failure::Status(answer) => answer.status.to_string(),
            Failure::BudgetSpent(_) => "budget spent".to_owned(),
            Failure::PlainPort => "plain HTTP port".to_owned(),
        }
    }

    /// What the failure calls for, for a request that is safe to repeat or not
    /// (`idempotent`): judged before any public error is built.
    pub(crate) fn verdict(&self, idempotent: bool) -> Verdict {
        let (class, wait) = match self {
            Failure::Transport(err) | Failure::Body(err) => (Class::Transport(kind_of(err)), None),
            Failure::PlainPort => (Class::Transport(TransportErrorKind::Protocol), None),
            Failure::Status(answer) => (Class::Status(answer.status), answer.retry_after),
            Failure::Request(_) | Failure::TooLarge { .. } | Failure::BudgetSpent(_) => {
                (Class::Other, None)
            }
        };
        class.verdict(idempotent, wait)
    }

    /// Whether the failure is how a TLS handshake with a plain HTTP port can end when the
    /// server says nothing TLS can read: it closes, resets, or waits until the connect
    /// timeout.
    pub(crate) fn may_be_plain_port(&self) -> bool {
        use std::io::ErrorKind;
        match self {
            Failure::Transport(ureq::Error::Timeout(ureq::Timeout::Connect)) => true,
            Failure::Transport(ureq::Error::Io(io)) => matches!(
                io.kind(),
                ErrorKind::UnexpectedEof
                    | ErrorKind::ConnectionReset
                    | ErrorKind::ConnectionAborted
            ),
            _ => false,
        }
    }

    /// The error this failure is, for `request`. Text from the server is kept with any
    /// credential in it masked by `mask` (the client's own in every form, and any `Basic` or
    /// `Bearer` value).
    pub(crate) fn into_error(self, request: Box<RequestInfo>, mask: &Mask) -> Error {
        match self {
            Failure::Request(err) => Error::invalid_input("request", err.to_string()),
            Failure::Transport(err) | Failure::Body(err) => Error::Transport {
                request,
                kind: kind_of(&err),
                source: Box::new(err),
            },
            Failure::TooLarge { status, limit } => Error::ResponseTooLarge {
                request,
                status,
                limit,
            },
            Failure::PlainPort => Error::Transport {
                request,
                kind: TransportErrorKind::Protocol,
                source: "the server answers plain HTTP on this port, not TLS".into(),
            },
            Failure::BudgetSpent(budget) => Error::Transport {
                request,
                kind: TransportErrorKind::Timeout,
                source: format!("the call's time budget of {budget:?} was spent").into(),
            },
            Failure::Status(answer) => from_status(request, answer, mask),
        }
    }
}

/// What the server's own 401s and 403s say when credentials are not the reason.
const NOT_ABOUT_CREDENTIALS: [&str; 3] = [
    "Signups are closed.",
    "Discord token is for a different account.",
    "Bad Discord user token.",
];

const PROXY_LOGIN_HINT: &str = "the proxy asks for a login, not the API: give it with \
     proxy_login(user, password), or as user:password@ in HTTPS_PROXY";
const CREDENTIALS_HINT_401: &str = "the server did not accept the credentials: they may be \
     wrong, expired or of the wrong kind (it treats credentials it does not know as none); \
     check them with check_credentials()";
const CREDENTIALS_HINT_403: &str = "if the credentials are right, they lack the permission; \
     the server answers the same to wrong or expired credentials (it treats credentials it \
     does not know as none): check them with check_credentials()";

/// The error of a non-success answer, with the server's text masked.
fn from_status(request: Box<RequestInfo>, answer: Answered, mask: &Mask) -> Error {
    let clean = |text: String| mask.apply(&text);
    let Answered {
        status,
        body,
        broken,
        retry_after,
        location,
        content_type,
    } = answer;
    let (detail, mut issues) = parse_detail(&body);
    let detail = detail.map(clean);
    for issue in &mut issues {
        issue.msg = clean(std::mem::take(&mut issue.msg));
    }
    let location = location.map(clean);
    let body = &body[..];
    // The server's own text, or a short excerpt of a page that is not the API's JSON.
    let text = || detail.clone().or_else(|| non_empty(excerpt(body, mask)));
    match status {
        // 304 answers a conditional request, which the client never sends.
        300..=303 | 305..=399 => Error::Redirect {
            request,
            status,
            location,
        },
        422 => Error::Data {
            request,
            status,
            issues,
            detail,
        },
        405 => Error::UnknownEndpoint {
            request,
            status,
            detail: text(),
        },
        // FastAPI's answer for a path it has no route for, a page from something else, or
        // no body at all (nginx, a load balancer, a path prefix left out). The one
        // operation the API answers with a bodyless 404, `take_award`, says so itself.
        404 if detail.as_deref() == Some("Not Found") || detail.is_none() => {
            Error::UnknownEndpoint {
                request,
                status,
                detail: text(),
            }
        }
        400..=499 => {
            let about_credentials = request.authenticated
                && matches!(status, 401 | 403)
                && !detail
                    .as_deref()
                    .is_some_and(|d| NOT_ABOUT_CREDENTIALS.contains(&d));
            let hint = if status == 407 {
                Some(PROXY_LOGIN_HINT.to_owned())
            } else {
                about_credentials.then(|| {
                    if status == 401 {
                        CREDENTIALS_HINT_401
                    } else {
                        CREDENTIALS_HINT_403
                    }
                    .to_owned()
                })
            };
            Error::Client {
                request,
                status,
                detail,
                retry_after,
                hint,
            }
        }
        500..=599 => Error::Server {
            request,
            status,
            detail: text(),
            retry_after,
            hint: broken.then(|| "the body of the answer broke off before its end".to_owned()),
        },
        _ => Error::InvalidResponse {
            request,
            status,
            content_type,
            reason: "unexpected HTTP status".to_owned(),
            excerpt: excerpt(body, mask),
        },
    }
}

fn non_empty(text: String) -> Option<String> {
    (!text.is_empty()).then_some(text)
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

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;

    fn request(authenticated: bool) -> Box<RequestInfo> {
        Box::new(RequestInfo {
            method: ureq::http::Method::GET,
            path: "/team/1".into(),
            base_url: Arc::from("http://127.0.0.1:8000"),
            attempts: 1,
            idempotent: true,
            authenticated,
            proxy: None,
        })
    }

    fn error(status: u16, body: &str, authenticated: bool) -> Error {
        Failure::Status(Answered {
            status,
            body: body.as_bytes().to_vec(),
            broken: false,
            retry_after: None,
            location: None,
            content_type: None,
        })
        .into_error(
            request(authenticated),
            &Mask::of(&crate::secret::Credentials::new("A1", "s3cret-token")),
        )
    }

    #[test]
    fn four_oh_fours() {
        let route = error(404, r#"{"detail":"Not Found"}"#, false);
        assert!(matches!(route, Error::UnknownEndpoint { .. }), "{route:?}");
        assert!(!route.is_not_found());
        let proxy = error(404, "<html>nginx</html>", false);
        assert!(matches!(proxy, Error::UnknownEndpoint { .. }), "{proxy:?}");
        // Without a body: no API answered (take_award makes it its own answer).
        let bodyless = error(404, "", false);
        assert!(
            matches!(bodyless, Error::UnknownEndpoint { .. }),
            "{bodyless:?}"
        );
        assert!(!bodyless.is_not_found());
        let no_callback = error(
            404,
            r#"{"detail":"No callback registered for this event."}"#,
            false,
        );
        assert!(no_callback.is_not_found());
        assert!(matches!(
            error(405, r#"{"detail":"Method Not Allowed"}"#, false),
            Error::UnknownEndpoint { status: 405, .. }
        ));
    }

    #[test]
    fn credential_hints_only_for_authenticated_clients() {
        let scope = r#"{"detail":"Request outside of authorisation scope."}"#;
        assert!(error(403, scope, true)
            .to_string()
            .contains("check_credentials()"));
        assert!(!error(403, scope, false)
            .to_string()
            .contains("check_credentials()"));
        let closed = error(403, r#"{"detail":"Signups are closed."}"#, true);
        assert!(!closed.to_string().contains("credentials"), "{closed}");
        let me = error(
            401,
            r#"{"detail":"A token was not used to authenticate."}"#,
            true,
        );
        assert!(
            me.to_string().contains("did not accept the credentials"),
            "{me}"
        );
    }

    #[test]
    fn the_token_and_echoed_headers_are_masked() {
        let err = error(
            500,
            "echo: authorization: Basic QTE6czNjcmV0LXRva2Vu, token s3cret-token",
            true,
        );
        let shown = format!("{err} {err:?}");
        assert!(!shown.contains("s3cret-token"), "{shown}");
        assert!(!shown.contains("QTE6czNjcmV0LXRva2Vu"), "{shown}");
        let err = error(400, r#"{"detail":"you sent s3cret-token"}"#, true);
        assert_eq!(err.detail(), Some("you sent [REDACTED]"));
    }

    #[test]
    fn a_broken_server_error_keeps_its_status() {
        let err = Failure::Status(Answered {
            status: 503,
            body: b"Service Unav".to_vec(),
            broken: true,
            retry_after: Some(Duration::from_secs(2)),
            location: None,
            content_type: None,
        })
        .into_error(request(false), &Mask::default());
        assert_eq!(err.code(), Some(503));
        assert_eq!(err.retry_after(), Some(Duration::from_secs(2)));
        assert!(err.to_string().contains("broke off"), "{err}");
        assert!(err.is_retryable());
    }
}
