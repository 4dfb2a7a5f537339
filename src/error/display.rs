//! How an [`Error`] reads: the request first, then what happened, then what to do about it,
//! on one line, with the server's text escaped.

use std::fmt;
use std::time::Duration;

use super::text::Escaped;
use super::{Error, RequestInfo, TransportErrorKind, ValidationIssue};

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(request) = self.request() {
            write!(f, "{request}: ")?;
        }
        match self {
            Error::Server {
                status,
                detail,
                retry_after,
                hint,
                ..
            } => {
                write!(f, "server error (HTTP {}{})", status, Reason(*status))?;
                write_detail(f, detail.as_deref())?;
                write_hint(f, hint.as_deref())?;
                write_retry_after(f, *retry_after)?;
            }
            Error::Data { detail, issues, .. } => {
                f.write_str("invalid request data (HTTP 422): ")?;
                match detail {
                    Some(detail) => write!(f, "{}", Escaped(detail))?,
                    None => write_issues(f, issues)?,
                }
            }
            Error::Client {
                status,
                detail,
                retry_after,
                hint,
                ..
            } => {
                write!(f, "request refused (HTTP {}{})", status, Reason(*status))?;
                write_detail(f, detail.as_deref())?;
                write_hint(f, hint.as_deref())?;
                write_retry_after(f, *retry_after)?;
            }
            Error::UnknownEndpoint {
                request,
                status: 404,
                detail: None,
            } => {
                write!(
                    f,
                    "no Polympics API answered at {} (HTTP 404 without the API's error body): \
                     check the base URL (a missing or extra path prefix, or another service?)",
                    Escaped(request.base_url())
                )?;
            }
            Error::UnknownEndpoint {
                request,
                status,
                detail,
            } => {
                write!(
                    f,
                    "the server has no such endpoint (HTTP {}{})",
                    status,
                    Reason(*status)
                )?;
                if let Some(detail) = detail.as_deref().filter(|d| *d != "Not Found") {
                    write!(f, ": {}", Escaped(detail))?;
                }
                write!(
                    f,
                    "; check the base URL {} (a missing or extra path prefix, or another service?)",
                    Escaped(request.base_url())
                )?;
            }
            Error::Redirect {
                request,
                status,
                location,
            } => {
                write!(
                    f,
                    "the server redirected the request (HTTP {}{})",
                    status,
                    Reason(*status)
                )?;
                if let Some(location) = location {
                    write!(f, " to {}", Escaped(location))?;
                }
                write!(
                    f,
                    "; redirects are not followed: the base URL {} is probably wrong \
                     (http instead of https, or a missing path?)",
                    Escaped(request.base_url())
                )?;
                if let Some(base) = location.as_deref().and_then(|l| suggested_base(request, l)) {
                    write!(f, "; try {}", Escaped(base))?;
                }
            }
            Error::Transport {
                request,
                kind,
                source,
            } => write_transport(f, request, *kind, &source.to_string())?,
            Error::InvalidResponse {
                status,
                content_type,
                reason,
                excerpt,
                ..
            } => {
                write!(f, "unexpected response (HTTP {status}")?;
                if let Some(content_type) = content_type {
                    write!(f, ", {}", Escaped(content_type))?;
                }
                write!(f, "): {}", Escaped(reason))?;
                if excerpt.is_empty() {
                    f.write_str("; the body was empty")?;
                } else {
                    write!(f, "; the body starts with \"{}\"", Escaped(excerpt))?;
                }
                if content_type.as_deref().is_some_and(|t| t.contains("html")) {
                    f.write_str(
                        "; a web page answered, not the API: a captive portal, a proxy's login \
                         page, or a base URL that is not the API's?",
                    )?;
                }
            }
            Error::ResponseTooLarge { status, limit, .. } => write!(
                f,
                "the answer (HTTP {status}) is larger than the limit of {limit} bytes and was not \
                 read; raise max_response_size, or ask for smaller pages"
            )?,
            Error::InvalidInput { field, reason } => {
                write!(f, "invalid {field}: {} (not sent)", Escaped(reason))?
            }
            Error::Config(message) => {
                write!(f, "invalid client configuration: {}", Escaped(message))?
            }
            Error::SessionReset { account, .. } => write!(
                f,
                "the session token of account {account} was reset and is no longer valid; the \
                 server does not return the new token, so create a new session"
            )?,
            Error::WrongKind {
                operation,
                kind,
                needs,
            } => write!(
                f,
                "{operation} needs {needs}, and this client is {kind} (not sent); set \
                 credentials of the right kind"
            )?,
        }
        match self.attempts() {
            0 | 1 => {}
            n => write!(f, " (after {n} attempts)")?,
        }
        // The advice only where repeating is not harmless: creates, updates, sessions.
        let repeat_harms = self.request().is_some_and(|r| !r.is_idempotent());
        if self.may_have_been_applied()
            && repeat_harms
            && !matches!(self, Error::SessionReset { .. })
        {
            f.write_str(
                "; the server may have carried out this request: check before repeating it",
            )?;
            if self
                .request()
                .is_some_and(|r| r.path().starts_with("/auth/reset_token"))
            {
                f.write_str(
                    " (the token may already have been reset: the old one may no longer work, \
                     and the new one was not received)",
                )?;
            }
        }
        Ok(())
    }
}

/// A transport failure: what failed, where (the proxy, when the request went through one),
/// and what to check.
fn write_transport(
    f: &mut fmt::Formatter<'_>,
    request: &RequestInfo,
    kind: TransportErrorKind,
    source: &str,
) -> fmt::Result {
    let base = Escaped(request.base_url());
    match (kind, request.proxy()) {
        (TransportErrorKind::Dns, Some(proxy)) => write!(
            f,
            "could not resolve the host of the proxy {} (for {base})",
            Escaped(proxy)
        )?,
        (TransportErrorKind::Connect, Some(proxy)) => write!(
            f,
            "could not connect to the proxy {} (for {base})",
            Escaped(proxy)
        )?,
        (TransportErrorKind::Dns, None) => write!(f, "could not resolve the host of {base}")?,
        (TransportErrorKind::Connect, None) => write!(f, "could not connect to {base}")?,
        (TransportErrorKind::Tls, _) => write!(f, "TLS with {base} failed")?,
        (TransportErrorKind::Timeout, _) => f.write_str("the server did not answer in time")?,
        (TransportErrorKind::Io, _) => f.write_str("the connection broke off")?,
        (TransportErrorKind::Protocol, _) if request.base_url().starts_with("https://") => write!(
            f,
            "{base} does not speak TLS: is the URL's scheme right (http:// instead of https://?)"
        )?,
        (TransportErrorKind::Protocol, _) => write!(
            f,
            "the answer of {base} is not HTTP: is the URL's scheme right (https:// instead of \
             http://?)"
        )?,
        _ => f.write_str("the request failed")?,
    }
    write!(f, " ({})", Escaped(source))?;
    match (kind, request.proxy()) {
        (TransportErrorKind::Dns | TransportErrorKind::Connect, Some(_)) => {
            f.write_str("; is the proxy running, and is its URL right (HTTPS_PROXY, HTTP_PROXY)?")
        }
        (TransportErrorKind::Dns | TransportErrorKind::Connect, None) => {
            f.write_str("; is the server running, and is the base URL right?")
        }
        _ => Ok(()),
    }
}

fn write_detail(f: &mut fmt::Formatter<'_>, detail: Option<&str>) -> fmt::Result {
    match detail {
        Some(detail) => write!(f, ": {}", Escaped(detail)),
        None => Ok(()),
    }
}

fn write_hint(f: &mut fmt::Formatter<'_>, hint: Option<&str>) -> fmt::Result {
    match hint {
        Some(hint) => write!(f, "; {}", Escaped(hint)),
        None => Ok(()),
    }
}

fn write_retry_after(f: &mut fmt::Formatter<'_>, retry_after: Option<Duration>) -> fmt::Result {
    match retry_after {
        Some(wait) => write!(f, "; the server asks to wait {}", Seconds(wait)),
        None => Ok(()),
    }
}

fn write_issues(f: &mut fmt::Formatter<'_>, issues: &[ValidationIssue]) -> fmt::Result {
    if issues.is_empty() {
        return f.write_str("no details given");
    }
    for (i, issue) in issues.iter().enumerate() {
        if i > 0 {
            f.write_str("; ")?;
        }
        write!(f, "{issue}")?;
    }
    Ok(())
}

/// The base URL a redirect points to, when its location is the request's URL on another
/// base: `https://api.example.com` for a request to `http://api.example.com/team/1`
/// redirected to `https://api.example.com/team/1`.
fn suggested_base<'a>(request: &RequestInfo, location: &'a str) -> Option<&'a str> {
    let base = location.strip_suffix(request.path())?;
    (base.starts_with("http://") || base.starts_with("https://"))
        .then_some(base)
        .filter(|base| *base != request.base_url())
}

/// ` Not Found` for 404: the status's reason phrase, when it has one.
struct Reason(u16);

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match ureq::http::StatusCode::from_u16(self.0)
            .ok()
            .and_then(|code| code.canonical_reason())
        {
            Some(reason) => write!(f, " {reason}"),
            None => Ok(()),
        }
    }
}

/// A wait as people write it: `1.5 s`, `120 s`.
struct Seconds(Duration);

impl fmt::Display for Seconds {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let secs = self.0.as_secs_f64();
        if secs.fract() == 0.0 {
            write!(f, "{secs} s")
        } else {
            write!(f, "{secs:.1} s")
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::ids::AccountId;

    fn request(method: &'static str, path: &str, attempts: u32) -> Box<RequestInfo> {
        Box::new(RequestInfo {
            method: ureq::http::Method::from_bytes(method.as_bytes()).expect("a method"),
            path: path.to_owned(),
            base_url: Arc::from("http://api.example.com"),
            attempts,
            idempotent: true,
            authenticated: true,
            proxy: None,
        })
    }

    #[test]
    fn messages_start_with_the_request() {
        let err = Error::Data {
            request: request("PATCH", "/account/42", 1),
            status: 422,
            issues: vec![ValidationIssue::new(
                vec![
                    super::super::LocSegment::Name("path".into()),
                    super::super::LocSegment::Name("account".into()),
                ],
                "Account not found.",
                "value_error",
            )],
            detail: None,
        };
        assert_eq!(
            err.to_string(),
            "PATCH /account/42: invalid request data (HTTP 422): path.account: Account not found."
        );
    }

    #[test]
    fn redirects_suggest_a_base_url() {
        let err = Error::Redirect {
            request: request("DELETE", "/team/3", 1),
            status: 301,
            location: Some("https://api.example.com/team/3".into()),
        };
        assert_eq!(
            err.to_string(),
            "DELETE /team/3: the server redirected the request (HTTP 301 Moved Permanently) to \
             https://api.example.com/team/3; redirects are not followed: the base URL \
             http://api.example.com is probably wrong (http instead of https, or a missing \
             path?); try https://api.example.com"
        );
    }

    #[test]
    fn attempts_waits_and_escapes() {
        let err = Error::Server {
            request: request("GET", "/team/1", 3),
            status: 503,
            detail: Some("down\r\nX-Injected: yes".into()),
            retry_after: Some(Duration::from_millis(1500)),
            hint: None,
        };
        assert_eq!(
            err.to_string(),
            "GET /team/1: server error (HTTP 503 Service Unavailable): down\\r\\nX-Injected: yes; \
             the server asks to wait 1.5 s (after 3 attempts)"
        );
        let err = Error::SessionReset {
            request: request("POST", "/auth/reset_token", 1),
            account: AccountId(42),
        };
        assert!(err.to_string().contains("account 42 was reset"), "{err}");
    }
}
