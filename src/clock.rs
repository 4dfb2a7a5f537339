//! [`Clock`]: where the crate's waits take their time from (retries and their budget, a
//! snapshot's pauses between reads, a watch's period), so that a test can let those waits
//! pass at once and still know exactly how long they were.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// What the crate reads the time from and waits with. A client has one
/// ([`ClientBuilder::clock`](crate::ClientBuilder::clock), [`SystemClock`] by default), and
/// what works through the client (its retries, roster snapshots, a roster watch) uses it.
///
/// The time spent on the network is always real (a socket waits as long as it waits); a
/// clock decides only the waits the crate makes on purpose: [`pass`](Self::pass) is asked to
/// let one go by, and answers how long to really wait for it.
pub trait Clock: Send + Sync + fmt::Debug {
    /// The time now.
    fn now(&self) -> Instant;

    /// Lets `wait` go by, and says how much of it to really spend waiting (asleep, or on a
    /// channel that may end the wait early): all of it for the system's clock; nothing for
    /// a [`TestClock`], which moves on by `wait` at once.
    fn pass(&self, wait: Duration) -> Duration;

    /// Waits `wait`, asleep (as long as [`pass`](Self::pass) says).
    fn sleep(&self, wait: Duration) {
        let real = self.pass(wait);
        if !real.is_zero() {
            std::thread::sleep(real);
        }
    }
}

/// The system's clock: the time is `Instant::now()`, and waits are really waited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Instant {
        Instant::now()
    }

    fn pass(&self, wait: Duration) -> Duration {
        wait
    }
}

/// A clock for tests: real time, plus every wait the crate makes on purpose, which passes
/// at once and is written down. A test proves "waits 30 s" by [`waits`](Self::waits) without
/// waiting, and "never longer than the ceiling" by the waits computed, whatever the load of
/// the machine. Clones share the time and the record.
///
/// ```
/// use polympics::clock::TestClock;
/// use polympics::UnauthenticatedClient;
/// use polympics_test_server::{Fault, TestServer};
/// use std::time::Duration;
///
/// let server = TestServer::start();
/// server.inject(Fault::status(503).retry_after(Duration::from_secs(20)));
/// let clock = TestClock::new();
/// let client = UnauthenticatedClient::builder(server.url())
///     .clock(clock.clone())
///     .build()?;
/// assert!(client.check_signups()?); // the second attempt, with no real wait
/// assert_eq!(clock.waits(), [Duration::from_secs(20)]);
/// # Ok::<(), polympics::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct TestClock(Arc<Mutex<Skipped>>);

#[derive(Debug, Default)]
struct Skipped {
    /// The waits let pass so far, in order.
    waits: Vec<Duration>,
    /// Their sum: how far this clock is ahead of the system's.
    ahead: Duration,
}

impl TestClock {
    /// A clock at the system's time, with no wait yet.
    pub fn new() -> TestClock {
        TestClock::default()
    }

    /// Every wait let pass so far, in order.
    pub fn waits(&self) -> Vec<Duration> {
        self.lock().waits.clone()
    }

    /// How far it is ahead of the system's clock: the waits let pass, in all.
    pub fn skipped(&self) -> Duration {
        self.lock().ahead
    }

    fn lock(&self) -> MutexGuard<'_, Skipped> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Clock for TestClock {
    fn now(&self) -> Instant {
        Instant::now() + self.lock().ahead
    }

    fn pass(&self, wait: Duration) -> Duration {
        let wait = bounded(wait);
        if !wait.is_zero() {
            let mut skipped = self.lock();
            skipped.waits.push(wait);
            skipped.ahead = bounded(skipped.ahead + wait);
        }
        Duration::ZERO
    }
}

/// The longest wait the crate counts to: a century, for "for ever".
const LONGEST: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// `wait`, at most a century: no duration a caller gives (`Duration::MAX` for "for ever")
/// overflows a deadline.
pub(crate) fn bounded(wait: Duration) -> Duration {
    wait.min(LONGEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_wait_is_a_deadline() {
        let _ = Instant::now() + bounded(Duration::MAX);
        let clock = TestClock::new();
        clock.pass(Duration::MAX);
        clock.pass(Duration::MAX);
        let _ = clock.now();
    }
}
