//! One attempt of a call: the request sent once, and the whole answer read (a success's
//! body up to the client's limit, an error's up to 64 KiB), or the [`Failure`] it met.

use std::io::Read;
use std::time::{Duration, SystemTime};

use ureq::http::{self, header, Request};
use ureq::Body;

use super::failure::{Answered, Failure};
use super::response::Answer;
use super::state::{Auth, State};
use crate::retry::parse_retry_after;
use ureq::http::Method;

/// Error bodies are small: `{"detail": ...}` or a gateway's HTML page.
const MAX_ERROR_BODY_BYTES: u64 = 64 * 1024;

/// Whether a request of this method carries a body (possibly empty, then
/// `Content-Length: 0`): `POST`, `PUT` and `PATCH` do, `GET` and `DELETE` never.
fn has_body(method: &Method) -> bool {
    matches!(*method, Method::POST | Method::PUT | Method::PATCH)
}

/// Sends the request once. `Ok` is a success status with its whole body; anything
/// else is a [`Failure`] for the retry loop to judge. `limit` is a timeout for the
/// whole attempt, when the call's budget needs one.
pub(super) fn attempt(
    inner: &State,
    auth: Option<&Auth>,
    method: &Method,
    path: &str,
    body: Option<&[u8]>,
    limit: Option<Duration>,
) -> std::result::Result<Answer, Failure> {
    let mut url = String::with_capacity(inner.base_url.len() + path.len());
    url.push_str(&inner.base_url);
    url.push_str(path);
    let mut builder = Request::builder().method(method.clone()).uri(url);
    if let Some(auth) = auth {
        builder = builder.header(header::AUTHORIZATION, auth.header.clone());
    }
    let result = if has_body(method) {
        let body = body.unwrap_or_default();
        if !body.is_empty() {
            builder = builder.header(header::CONTENT_TYPE, "application/json");
        }
        let request = builder.body(body).map_err(Failure::Request)?;
        run(&inner.agent, request, limit)
    } else {
        let request = builder.body(()).map_err(Failure::Request)?;
        run(&inner.agent, request, limit)
    };
    let mut response = result.map_err(Failure::Transport)?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
        return read_success(&mut response, status, inner.max_response_bytes).map(|body| Answer {
            status,
            content_type,
            body,
        });
    }
    let header = |name| {
        response
            .headers()
            .get(name)
            .and_then(|value: &ureq::http::HeaderValue| value.to_str().ok())
    };
    let retry_after =
        header(header::RETRY_AFTER).and_then(|value| parse_retry_after(value, SystemTime::now()));
    let location = header(header::LOCATION).map(str::to_owned);
    let content_type = header(header::CONTENT_TYPE).map(str::to_owned);
    // After a server error, the connection is not kept: uvicorn closes it without
    // saying so, and the next request on it would fail.
    let keep_connection = status < 500;
    let (body, broken) = read_error_body(&mut response, keep_connection);
    Err(Failure::Status(Answered {
        status,
        body,
        broken,
        retry_after,
        location,
        content_type,
    }))
}

fn run<B: ureq::AsSendBody>(
    agent: &ureq::Agent,
    request: Request<B>,
    limit: Option<Duration>,
) -> std::result::Result<http::Response<Body>, ureq::Error> {
    match limit {
        None => agent.run(request),
        Some(limit) => {
            let request = agent
                .configure_request(request)
                .timeout_per_call(Some(limit))
                .build();
            agent.run(request)
        }
    }
}

/// Reads a success body whole, at most `max_response_bytes`. A body announced larger
/// is refused without reading it.
fn read_success(
    response: &mut http::Response<Body>,
    status: u16,
    limit: u64,
) -> std::result::Result<Vec<u8>, Failure> {
    let length = content_length(response);
    if length.is_some_and(|length| length > limit) {
        return Err(Failure::TooLarge { status, limit });
    }
    let capacity = usize::try_from(length.unwrap_or(0)).unwrap_or(0);
    let mut body = Vec::with_capacity(capacity);
    let read = response
        .body_mut()
        .with_config()
        .limit(limit)
        .reader()
        .read_to_end(&mut body);
    match read {
        Ok(_) => Ok(body),
        Err(err) => match unwrap_ureq(err) {
            ureq::Error::BodyExceedsLimit(_) => Err(Failure::TooLarge { status, limit }),
            err => Err(Failure::Body(err)),
        },
    }
}

/// The `Content-Length` of an answer, when it has a valid one.
fn content_length(response: &http::Response<Body>) -> Option<u64> {
    response
        .headers()
        .get(header::CONTENT_LENGTH)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()
}

/// Reads an error body, at most 64 KiB, and says whether it broke off (a read failed or
/// stalled). What was read before that is kept.
///
/// ureq returns a connection to its pool on the read that finds the body's end. With
/// `keep_connection` false that read is never made: the body is read up to its
/// `Content-Length`, and the connection is closed when the answer is dropped.
fn read_error_body(response: &mut http::Response<Body>, keep_connection: bool) -> (Vec<u8>, bool) {
    let length = content_length(response);
    let wanted = length.map_or(MAX_ERROR_BODY_BYTES, |l| l.min(MAX_ERROR_BODY_BYTES));
    let mut reader = response
        .body_mut()
        .with_config()
        .limit(MAX_ERROR_BODY_BYTES)
        .reader();
    let mut body = Vec::with_capacity(usize::try_from(wanted.min(4096)).unwrap_or(0));
    let mut chunk = [0u8; 4096];
    while (body.len() as u64) < wanted {
        let room = usize::try_from(wanted - body.len() as u64)
            .map_or(chunk.len(), |room| room.min(chunk.len()));
        match reader.read(&mut chunk[..room]) {
            Ok(0) => return (body, false),
            Ok(n) => body.extend_from_slice(&chunk[..n]),
            Err(_) => return (body, true),
        }
    }
    if keep_connection && length == Some(body.len() as u64) {
        // The read that finds the end, and puts the connection back in the pool.
        let _ = reader.read(&mut chunk[..1]);
    }
    (body, false)
}

/// The ureq error inside an I/O error from a body reader.
fn unwrap_ureq(err: std::io::Error) -> ureq::Error {
    if err.get_ref().is_some_and(|inner| inner.is::<ureq::Error>()) {
        match err
            .into_inner()
            .map(|inner| inner.downcast::<ureq::Error>())
        {
            Some(Ok(inner)) => *inner,
            Some(Err(other)) => ureq::Error::Io(std::io::Error::other(other)),
            None => ureq::Error::Io(std::io::Error::other("body read failed")),
        }
    } else {
        ureq::Error::Io(err)
    }
}
