//! Requests and replies as the test server's handlers see them.

use serde::Serialize;
use std::borrow::Cow;

use polympics::ValidationIssue;

use crate::forms::Issues;

/// A request, read whole.
pub(crate) struct Request {
    pub(crate) method: String,
    /// The target as sent: path and query string.
    pub(crate) url: String,
    pub(crate) path: String,
    pub(crate) raw_query: String,
    pub(crate) authorization: Option<String>,
    pub(crate) host: Option<String>,
    /// `None` when the request had no body at all (or an empty one).
    pub(crate) body: Option<Vec<u8>>,
    /// Whether the client keeps the connection open after the answer.
    pub(crate) keep_alive: bool,
}

impl Request {
    pub(crate) fn new(
        method: String,
        target: &str,
        authorization: Option<String>,
        host: Option<String>,
        body: Vec<u8>,
        keep_alive: bool,
    ) -> Request {
        let (path, raw_query) = target.split_once('?').unwrap_or((target, ""));
        Request {
            method: method.to_ascii_uppercase(),
            url: target.to_owned(),
            path: percent_decode(path),
            raw_query: raw_query.to_owned(),
            authorization,
            host,
            body: (!body.is_empty()).then_some(body),
            keep_alive,
        }
    }

    /// The last value of a query parameter, decoded (as the real server's framework does).
    pub(crate) fn query(&self, name: &str) -> Option<String> {
        self.raw_query
            .rsplit('&')
            .filter(|pair| !pair.is_empty())
            .find_map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (form_decode(key) == name).then(|| form_decode(value))
            })
    }

    pub(crate) fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }
}

/// `application/x-www-form-urlencoded` decoding: `+` is a space, `%XX` a byte; a `%` not
/// followed by two hex digits stays as it is.
fn form_decode(text: &str) -> String {
    percent_decode(&text.replace('+', " "))
}

/// `%XX` decoded to bytes, then read as UTF-8 (lossily); a `%` not followed by two hex
/// digits stays as it is.
fn percent_decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// A reply, before it is written.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) content_type: Option<Cow<'static, str>>,
    pub(crate) headers: Vec<(&'static str, String)>,
    pub(crate) body: Vec<u8>,
}

/// What a handler returns: the reply, or the error reply that cut it short.
pub(crate) type Handling = Result<Reply, Reply>;

impl Reply {
    pub(crate) fn json<T: Serialize + ?Sized>(status: u16, value: &T) -> Reply {
        match serde_json::to_vec(value) {
            Ok(body) => Reply {
                status,
                content_type: Some("application/json".into()),
                headers: Vec::new(),
                body,
            },
            Err(_) => Reply::internal_error(),
        }
    }

    /// `{"detail": "<message>"}`.
    pub(crate) fn detail(status: u16, message: &str) -> Reply {
        #[derive(Serialize)]
        struct Detail<'a> {
            detail: &'a str,
        }
        Reply::json(status, &Detail { detail: message })
    }

    /// A 422 listing validation issues.
    pub(crate) fn issues(issues: Issues) -> Reply {
        #[derive(Serialize)]
        struct Detail {
            detail: Vec<ValidationIssue>,
        }
        Reply::json(422, &Detail { detail: issues.0 })
    }

    /// A reply with no body and no content type.
    pub(crate) fn empty(status: u16) -> Reply {
        Reply {
            status,
            content_type: None,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// The real server's answer to everything it fails on.
    pub(crate) fn internal_error() -> Reply {
        Reply {
            status: 500,
            content_type: Some("text/plain; charset=utf-8".into()),
            headers: Vec::new(),
            body: b"Internal Server Error".to_vec(),
        }
    }

    /// 403 for a missing permission.
    pub(crate) fn forbidden() -> Reply {
        Reply::detail(403, "Request outside of authorisation scope.")
    }

    pub(crate) fn with_header(mut self, name: &'static str, value: String) -> Reply {
        self.headers.push((name, value));
        self
    }
}

/// Fails the request with a 500 unless `ok`: for what makes the real server's database
/// fail (over-long strings, out-of-range integers).
pub(crate) fn db_check(ok: bool) -> Result<(), Reply> {
    if ok {
        Ok(())
    } else {
        Err(Reply::internal_error())
    }
}

/// Fails with 403 unless `allowed`.
pub(crate) fn permit(allowed: bool) -> Result<(), Reply> {
    if allowed {
        Ok(())
    } else {
        Err(Reply::forbidden())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decoding() {
        assert_eq!(form_decode("100%25"), "100%");
        assert_eq!(form_decode("100%"), "100%");
        assert_eq!(form_decode("a+b%26c"), "a b&c");
        assert_eq!(form_decode("%C3%A9"), "é");
    }

    #[test]
    fn last_query_value_wins() {
        let request = Request::new(
            "GET".into(),
            "/teams/search?q=a&q=b&b&page=",
            None,
            None,
            Vec::new(),
            true,
        );
        assert_eq!(request.query("q").as_deref(), Some("b"));
        assert_eq!(request.query("b").as_deref(), Some(""));
        assert_eq!(request.query("page").as_deref(), Some(""));
        assert_eq!(request.query("per_page"), None);
    }
}
