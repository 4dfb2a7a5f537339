//! One call: a request sent under the retry policy and the call's budget, attempt after
//! attempt, until an answer, or a failure that is not worth another attempt.

use std::time::{Duration, Instant};

use super::attempt::attempt;
use super::failure::Failure;
use super::response::Response;
use super::state::{mask_of, State, WHO_AM_I};
use crate::error::Result;
use ureq::http::Method;

/// What the call's budget leaves an attempt that starts now.
enum Budget {
    /// Its phase timeouts already end within the budget.
    Within,
    /// It needs a timeout of its own: what is left.
    Limit(Duration),
    /// Nothing: no attempt starts.
    Spent,
}

/// A request on its way: what is sent, and when the call started.
pub(super) struct Call<'t> {
    pub(super) state: &'t State,
    pub(super) method: Method,
    pub(super) path: String,
    pub(super) body: Option<&'t [u8]>,
}

impl Call<'_> {
    /// Sends the request, retrying it as the policy allows, and reads the whole answer. A
    /// non-success status becomes the matching [`Error`](crate::Error); which success
    /// status and body the operation needs, the caller checks on the [`Response`].
    pub(super) fn run(self) -> Result<Response> {
        let inner = self.state;
        let clock = &*inner.clock;
        let started = clock.now();
        let policy = &inner.retry;
        let (method, path) = (&self.method, &self.path);
        let mut attempt_number = 1;
        loop {
            let attempt_started = Instant::now();
            // The credentials of this attempt: a token reset meanwhile is used by the next.
            let auth = inner.auth();
            let outcome = match self.time_left(started) {
                Budget::Within => attempt(inner, auth.as_deref(), method, path, self.body, None),
                Budget::Limit(left) => {
                    attempt(inner, auth.as_deref(), method, path, self.body, Some(left))
                }
                Budget::Spent => Err(Failure::BudgetSpent(policy.call_budget())),
            };
            let failure = match outcome {
                Ok(answer) => {
                    log::debug!(
                        "{} {} -> {} in {:.1?} (attempt {attempt_number})",
                        method,
                        path,
                        answer.status,
                        attempt_started.elapsed()
                    );
                    if let Some(auth) = &auth {
                        if answer.status == 200 && *method == Method::GET && path == WHO_AM_I {
                            auth.set_known();
                        }
                    }
                    let request =
                        inner.request_info(method, self.path, attempt_number, auth.is_some());
                    return Ok(Response::new(request, auth, answer));
                }
                Err(failure) => failure,
            };
            let failure = if attempt_number == 1 && self.is_plain_port(&failure) {
                Failure::PlainPort
            } else {
                failure
            };
            // Judged before any error is built: one is made only to be returned.
            let verdict = failure.verdict(method.is_idempotent());
            let wait = if verdict.retry {
                policy.next_wait(
                    attempt_number,
                    clock.now().saturating_duration_since(started),
                    verdict.wait,
                    crate::retry::jitter(),
                )
            } else {
                None
            };
            let Some(wait) = wait else {
                log::debug!(
                    "{} {} -> {} in {:.1?} (attempt {attempt_number}); giving up",
                    method,
                    path,
                    failure.summary(),
                    attempt_started.elapsed()
                );
                let request = inner.request_info(method, self.path, attempt_number, auth.is_some());
                return Err(failure.into_error(request, mask_of(&auth)));
            };
            // "of 4" while within the attempts; past them, the window keeps the call going.
            let of = if attempt_number < policy.attempts() {
                format!("of {}", policy.attempts())
            } else {
                "past the attempts, within the retry window".to_owned()
            };
            log::debug!(
                "{} {} -> {} in {:.1?} (attempt {attempt_number} {of}); retrying in {:.1?}",
                method,
                path,
                failure.summary(),
                attempt_started.elapsed(),
                wait
            );
            clock.sleep(wait);
            attempt_number += 1;
        }
    }

    /// Whether a failed `https://` attempt met a port that speaks plain HTTP (asked once, of
    /// a first attempt, when going direct).
    fn is_plain_port(&self, failure: &Failure) -> bool {
        let inner = self.state;
        failure.may_be_plain_port()
            && inner.proxy.is_none()
            && inner.base_url.starts_with("https://")
            && super::probe::speaks_plain_http(&inner.base_url)
    }

    /// How an attempt starting now is limited by the call's budget.
    fn time_left(&self, started: Instant) -> Budget {
        let inner = self.state;
        let left = inner
            .retry
            .call_budget()
            .saturating_sub(inner.clock.now().saturating_duration_since(started));
        if left.is_zero() {
            Budget::Spent
        } else if left < inner.worst_attempt {
            Budget::Limit(left)
        } else {
            Budget::Within
        }
    }
}
