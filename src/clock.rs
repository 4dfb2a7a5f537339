//! Waits the crate adds to `Instant`s: bounded, so that no duration a caller gives
//! (`Duration::MAX` for "for ever") can overflow a deadline.
#![cfg_attr(not(any(feature = "listener", feature = "roster")), allow(dead_code))]

use std::time::Duration;

/// The longest wait the crate counts to: a century, for "for ever".
const LONGEST: Duration = Duration::from_secs(100 * 365 * 24 * 3600);

/// `wait`, at most a century.
pub(crate) fn bounded(wait: Duration) -> Duration {
    wait.min(LONGEST)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_wait_is_a_deadline() {
        let _ = std::time::Instant::now() + bounded(Duration::MAX);
    }
}
