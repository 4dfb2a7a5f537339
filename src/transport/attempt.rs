//! Sending a request: the retry loop of [`Transport::call`], and one attempt of it (send,
//! read the whole answer, say what came of it).

use std::io::Read;
use std::time::{Duration, Instant, SystemTime};

use ureq::http::{self, header, Request};
use ureq::Body;

use super::failure::{Answered, Failure};
use super::response::{Answer, Response};
use super::{Method, Path, Transport, MAX_ERROR_BODY_BYTES};
use crate::error::Result;
use crate::retry::parse_retry_after;

/// What the call's budget leaves an attempt that starts now.
enum Budget {
    /// Its phase timeouts already end within the budget.
    Within,
    /// It needs a timeout of its own: what is left.
    Limit(Duration),
    /// Nothing: no attempt starts.
    Spent,
}

impl Transport {
    /// Sends one request, retrying it as the policy allows, and reads the whole answer. A
    /// non-success status becomes the matching [`Error`]; which success status and body the
    /// operation needs, the caller checks on the [`Response`]. `body` is JSON; `POST`, `PUT` and
    /// `PATCH` without one send an empty body, and `GET` and `DELETE` never send one.
    pub(crate) fn call(
        &self,
        method: Method,
        path: Path,
        body: Option<&[u8]>,
    ) -> Result<Response<'_>> {
        let path = path.into_string();
        let clock = &*self.inner.clock;
        let started = clock.now();
        let policy = &self.inner.retry;
        let mut attempt = 1;
        loop {
            let attempt_started = Instant::now();
            let outcome = match self.time_left(started) {
                Budget::Within => self.attempt(&method, &path, body, None),
                Budget::Limit(left) => self.attempt(&method, &path, body, Some(left)),
                Budget::Spent => Err(Failure::BudgetSpent(policy.call_budget())),
            };
            let failure = match outcome {
                Ok(answer) => {
                    log::debug!(
                        "{} {} -> {} in {:.1?} (attempt {attempt})",
                        method,
                        path,
                        answer.status,
                        attempt_started.elapsed()
                    );
                    return Ok(Response::new(self, method, path, attempt, answer));
                }
                Err(failure) => failure,
            };
            let failure = if attempt == 1 && self.is_plain_port(&failure) {
                Failure::PlainPort
            } else {
                failure
            };
            // Judged before any error is built: one is made only to be returned.
            let verdict = failure.verdict(method.is_idempotent());
            let wait = if verdict.retry {
                policy.next_wait(
                    attempt,
                    clock.now().saturating_duration_since(started),
                    verdict.wait,
                    crate::retry::jitter(),
                )
            } else {
                None
            };
            let Some(wait) = wait else {
                log::debug!(
                    "{} {} -> {} in {:.1?} (attempt {attempt}); giving up",
                    method,
                    path,
                    failure.summary(),
                    attempt_started.elapsed()
                );
                return Err(self.with_mask(|mask| {
                    failure.into_error(self.request_info(&method, path, attempt), mask)
                }));
            };
            log::debug!(
                "{} {} -> {} in {:.1?} (attempt {attempt} of {}); retrying in {:.1?}",
                method,
                path,
                failure.summary(),
                attempt_started.elapsed(),
                policy.attempts(),
                wait
            );
            clock.sleep(wait);
            attempt += 1;
        }
    }

    /// Whether a failed `https://` attempt met a port that speaks plain HTTP (asked once, of
    /// a first attempt, when going direct).
    fn is_plain_port(&self, failure: &Failure) -> bool {
        failure.may_be_plain_port()
            && self.inner.proxy.is_none()
            && self.inner.base_url.starts_with("https://")
            && super::probe::speaks_plain_http(&self.inner.base_url)
    }

    /// How an attempt starting now is limited by the call's budget.
    fn time_left(&self, started: Instant) -> Budget {
        let left = self
            .inner
            .retry
            .call_budget()
            .saturating_sub(self.inner.clock.now().saturating_duration_since(started));
        if left.is_zero() {
            Budget::Spent
        } else if left < self.inner.worst_attempt {
            Budget::Limit(left)
        } else {
            Budget::Within
        }
    }

    /// Sends the request once. `Ok` is a success status with its whole body; anything
    /// else is a [`Failure`] for the retry loop to judge. `limit` is a timeout for the
    /// whole attempt, when the call's budget needs one.
    pub(super) fn attempt(
        &self,
        method: &Method,
        path: &str,
        body: Option<&[u8]>,
        limit: Option<Duration>,
    ) -> std::result::Result<Answer, Failure> {
        let inner = &*self.inner;
        let mut url = String::with_capacity(inner.base_url.len() + path.len());
        url.push_str(&inner.base_url);
        url.push_str(path);
        let mut builder = Request::builder().method(method.clone()).uri(url);
        if let Some(auth) = self.auth() {
            builder = builder.header(header::AUTHORIZATION, auth.header.clone());
        }
        let result = if super::has_body(method) {
            let body = body.unwrap_or_default();
            if !body.is_empty() {
                builder = builder.header(header::CONTENT_TYPE, "application/json");
            }
            let request = builder.body(body).map_err(Failure::Request)?;
            self.run(request, limit)
        } else {
            let request = builder.body(()).map_err(Failure::Request)?;
            self.run(request, limit)
        };
        let mut response = result.map_err(Failure::Transport)?;
        let status = response.status().as_u16();
        if (200..300).contains(&status) {
            let content_type = response.headers().get(header::CONTENT_TYPE).cloned();
            return self.read_success(&mut response, status).map(|body| Answer {
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
        let retry_after = header(header::RETRY_AFTER)
            .and_then(|value| parse_retry_after(value, SystemTime::now()));
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
        &self,
        request: Request<B>,
        limit: Option<Duration>,
    ) -> std::result::Result<http::Response<Body>, ureq::Error> {
        let agent = &self.inner.agent;
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
        &self,
        response: &mut http::Response<Body>,
        status: u16,
    ) -> std::result::Result<Vec<u8>, Failure> {
        let limit = self.inner.max_response_bytes;
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
