//! How long the client waits before it sends a failed request again, and how many times
//! it does ([`RetryPolicy`]); which failures are worth another attempt is the rule of
//! `error::transient`.

use std::time::{Duration, SystemTime};

/// How a client retries failed requests: how often, how long it waits between attempts,
/// and how long one call may take in all.
///
/// A request is retried only when [`Error::is_retryable`](crate::Error::is_retryable)
/// says so: after a failure to connect (nothing reached the server) or an HTTP 429, for
/// every request; and for requests that are safe to repeat (reads, deletes, giving an
/// award, registering a callback) also after a timeout, a connection lost before the
/// answer, or an HTTP 502, 503 or 504. Creating and updating are never repeated once the
/// request may have reached the server, so a retry never duplicates a write.
///
/// Between attempts the client waits a random time between zero and an exponentially
/// growing ceiling ("full jitter"), or exactly as long as the server's `Retry-After`
/// header asks. A `Retry-After` longer than [`max_retry_after`](Self::max_retry_after)
/// ends the retries (the error says how long the server asked to wait). No attempt
/// starts, and no wait ends, after the [`budget`](Self::budget): it bounds the whole call,
/// and an attempt that could outlast it gets a timeout that ends with it.
///
/// A retried call reports the answer to its last attempt, as if it had been the only one:
/// a `delete_*` that is retried and then finds nothing gives the same "not found" error as
/// a first attempt would (an earlier attempt may have done the deleting, so treat "not
/// found" as "gone"), and a `give_award` retried after its first answer was lost can
/// report [`AwardGiven::AlreadyHeld`](crate::AwardGiven::AlreadyHeld). Errors tell how many
/// attempts were made ([`Error::attempts`](crate::Error::attempts)).
///
/// A request that keeps failing in a way worth retrying is sent at least
/// [`max_attempts`](Self::max_attempts) times, and again until the call is
/// [`window`](Self::window) old: long enough to outlast a server's restart (refused
/// connections, then 502 or 503 from its proxy for a few seconds). Past the attempts, each
/// wait is at least the first backoff, so that a refused port is not hammered.
///
/// The defaults suit a cron job: at least 4 attempts and retries for 15 s, waits growing
/// from up to 0.5 s to at most 8 s, `Retry-After` honoured up to 60 s, and 3 minutes for
/// the whole call.
///
/// ```
/// use std::time::Duration;
/// use polympics::{RetryPolicy, UnauthenticatedClient};
///
/// let url = "https://api.polytopia.fun";
/// let patient = UnauthenticatedClient::builder(url)
///     .retry(RetryPolicy::new().max_attempts(6).budget(Duration::from_secs(600)))
///     .build()?;
/// let impatient = UnauthenticatedClient::builder(url).retry(RetryPolicy::none()).build()?;
/// # Ok::<(), polympics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    window: Duration,
    budget: Duration,
}

/// The least wait between attempts past `max_attempts`, when the first backoff is shorter.
const LEAST_WINDOW_WAIT: Duration = Duration::from_millis(100);

impl RetryPolicy {
    /// The default policy: at least 4 attempts and retries for 15 s, backoff from 0.5 s up
    /// to 8 s with full jitter, `Retry-After` up to 60 s, a budget of 3 minutes a call.
    pub const fn new() -> Self {
        RetryPolicy {
            max_attempts: 4,
            initial_backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(60),
            window: Duration::from_secs(15),
            budget: Duration::from_secs(180),
        }
    }

    /// No retries: every request is sent once (no attempts past the first, no window). The
    /// budget still bounds each call.
    pub const fn none() -> Self {
        RetryPolicy::new().max_attempts(1).window(Duration::ZERO)
    }

    /// How many times a request is sent at least, the first time included (at least 1),
    /// when it keeps failing in a way worth retrying; more attempts follow while the call
    /// is younger than the [`window`](Self::window).
    pub const fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = if attempts == 0 { 1 } else { attempts };
        self
    }

    /// The ceiling of the first wait, doubled after each attempt up to `max`. Each wait is
    /// drawn at random below the ceiling.
    pub const fn backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max;
        self
    }

    /// The longest `Retry-After` honoured; a server that asks for more ends the retries.
    pub const fn max_retry_after(mut self, max: Duration) -> Self {
        self.max_retry_after = max;
        self
    }

    /// How long a call keeps retrying after its [`max_attempts`](Self::max_attempts) are
    /// spent: a wait starts only while the call is younger than this (15 s by default, about
    /// a server's restart). `Duration::ZERO` stops at `max_attempts`. The budget still ends
    /// the call.
    pub const fn window(mut self, window: Duration) -> Self {
        self.window = window;
        self
    }

    /// The longest one call may take, all attempts and waits included.
    pub const fn budget(mut self, budget: Duration) -> Self {
        self.budget = budget;
        self
    }

    /// How many times a request is sent at least, when it keeps failing.
    pub(crate) const fn attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The longest one call may take.
    pub(crate) const fn call_budget(&self) -> Duration {
        self.budget
    }

    /// How long to wait before attempt `attempt + 1`, after attempt `attempt` (from 1)
    /// failed in a way that may be retried, `elapsed` into the call; `None` to give up.
    /// `random` is a uniform number in `[0, 1)`.
    pub(crate) fn next_wait(
        &self,
        attempt: u32,
        elapsed: Duration,
        retry_after: Option<Duration>,
        random: f64,
    ) -> Option<Duration> {
        let in_window = elapsed < self.window;
        if attempt >= self.max_attempts && !in_window {
            return None;
        }
        let wait = match retry_after {
            Some(asked) if asked > self.max_retry_after => return None,
            Some(asked) => asked,
            None => {
                let drawn = self
                    .backoff_ceiling(attempt)
                    .mul_f64(random.clamp(0.0, 1.0));
                if attempt >= self.max_attempts {
                    // Past the attempts, in the window: not faster than the first backoff.
                    drawn.max(self.initial_backoff.max(LEAST_WINDOW_WAIT))
                } else {
                    drawn
                }
            }
        };
        (elapsed.saturating_add(wait) < self.budget).then_some(wait)
    }

    /// The ceiling of the wait after attempt `attempt`: `initial * 2^(attempt - 1)`, at most
    /// `max_backoff`.
    fn backoff_ceiling(&self, attempt: u32) -> Duration {
        let doublings = attempt.saturating_sub(1).min(31);
        self.initial_backoff
            .saturating_mul(1 << doublings)
            .min(self.max_backoff)
    }
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy::new()
    }
}

/// How long a `Retry-After` header asks to wait: whole seconds, or an HTTP date (all three
/// forms of RFC 9110) measured from `now`.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// A random fraction in `[0, 1)`, for the full-jitter waits.
pub(crate) fn jitter() -> f64 {
    fastrand::f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MS: fn(u64) -> Duration = Duration::from_millis;

    #[test]
    fn full_jitter_backoff_doubles_up_to_its_ceiling() {
        let policy = RetryPolicy::new().max_attempts(10);
        let ceilings: Vec<Duration> = (1..=7).map(|n| policy.backoff_ceiling(n)).collect();
        assert_eq!(
            ceilings,
            [
                MS(500),
                MS(1000),
                MS(2000),
                MS(4000),
                MS(8000),
                MS(8000),
                MS(8000)
            ]
        );
        // The wait is the ceiling scaled by the random draw.
        assert_eq!(policy.next_wait(1, Duration::ZERO, None, 0.0), Some(MS(0)));
        assert_eq!(
            policy.next_wait(1, Duration::ZERO, None, 0.5),
            Some(MS(250))
        );
        assert_eq!(
            policy.next_wait(3, Duration::ZERO, None, 0.25),
            Some(MS(500))
        );
        assert_eq!(
            policy.next_wait(u32::MAX - 1, Duration::from_secs(15), None, 0.5),
            None,
            "past max_attempts"
        );
        assert_eq!(
            RetryPolicy::new().max_attempts(100).backoff_ceiling(99),
            Duration::from_secs(8)
        );
    }

    #[test]
    fn attempts_are_bounded() {
        let policy = RetryPolicy::new().window(Duration::ZERO);
        assert!(policy.next_wait(3, Duration::ZERO, None, 0.5).is_some());
        assert_eq!(policy.next_wait(4, Duration::ZERO, None, 0.5), None);
        assert_eq!(
            RetryPolicy::none().next_wait(1, Duration::ZERO, None, 0.5),
            None
        );
        assert_eq!(RetryPolicy::new().max_attempts(0).attempts(), 1);
    }

    #[test]
    fn the_window_keeps_retrying_past_the_attempts() {
        let policy = RetryPolicy::new();
        let second = Duration::from_secs(1);
        // Past the 4 attempts, still retried while the call is younger than 15 s.
        assert_eq!(policy.next_wait(4, 4 * second, None, 0.5), Some(2 * second));
        assert_eq!(
            policy.next_wait(9, 14 * second, None, 0.5),
            Some(4 * second)
        );
        // Never faster than the first backoff there, whatever the draw.
        assert_eq!(policy.next_wait(4, 4 * second, None, 0.0), Some(MS(500)));
        assert_eq!(
            RetryPolicy::new()
                .backoff(Duration::ZERO, Duration::ZERO)
                .next_wait(5, second, None, 0.0),
            Some(MS(100))
        );
        // Out of attempts and out of the window: the end.
        assert_eq!(policy.next_wait(4, 15 * second, None, 0.5), None);
        assert_eq!(policy.next_wait(40, 15 * second, None, 0.5), None);
        // Within the attempts, the window does not cut them short.
        assert!(policy.next_wait(3, 20 * second, None, 0.5).is_some());
        // No retries at all.
        assert_eq!(
            RetryPolicy::none().next_wait(1, Duration::ZERO, None, 0.5),
            None
        );
        // A restart of 4 s (and one of 10 s) is outlasted whatever the draws: the waits go
        // on while the call is younger than the window.
        for random in [0.0, 0.5, 0.999] {
            let (mut elapsed, mut attempt) = (Duration::ZERO, 1);
            while let Some(wait) = policy.next_wait(attempt, elapsed, None, random) {
                elapsed += wait;
                attempt += 1;
                assert!(attempt < 100, "bounded");
            }
            assert!(elapsed >= 15 * second, "{random}: gave up at {elapsed:?}");
            assert!(elapsed < 15 * second + 8 * second, "{random}: {elapsed:?}");
        }
    }

    #[test]
    fn retry_after_is_honoured_up_to_its_cap() {
        let policy = RetryPolicy::new();
        let asked = Some(Duration::from_secs(7));
        assert_eq!(
            policy.next_wait(1, Duration::ZERO, asked, 0.9),
            Some(Duration::from_secs(7))
        );
        assert_eq!(
            policy.next_wait(1, Duration::ZERO, Some(Duration::from_secs(61)), 0.0),
            None
        );
        assert_eq!(
            policy.next_wait(1, Duration::ZERO, Some(Duration::ZERO), 0.9),
            Some(Duration::ZERO)
        );
    }

    #[test]
    fn the_budget_bounds_the_waits() {
        let policy = RetryPolicy::new().budget(Duration::from_secs(10));
        let asked = Some(Duration::from_secs(5));
        assert!(policy
            .next_wait(1, Duration::from_secs(4), asked, 0.0)
            .is_some());
        assert_eq!(
            policy.next_wait(1, Duration::from_secs(5), asked, 0.0),
            None
        );
        assert_eq!(
            policy.next_wait(1, Duration::from_secs(11), None, 0.0),
            None,
            "already past the budget"
        );
    }

    #[test]
    fn retry_after_in_both_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_770); // 06 Nov 1994 08:49:30
        assert_eq!(
            parse_retry_after("120", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        for date in [
            "Sun, 06 Nov 1994 08:49:37 GMT",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
        ] {
            assert_eq!(
                parse_retry_after(date, now),
                Some(Duration::from_secs(7)),
                "{date}"
            );
        }
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:00 GMT", now),
            Some(Duration::ZERO),
            "a date in the past"
        );
        for bad in [
            "",
            "-1",
            "1.5",
            "soon",
            "Sun, 06 Nov 1994 25:49:37 GMT",
            "Sun, 32 Nov 1994 08:49:37 GMT",
        ] {
            assert_eq!(parse_retry_after(bad, now), None, "{bad:?}");
        }
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
    }
}
