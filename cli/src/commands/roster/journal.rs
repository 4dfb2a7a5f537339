//! `roster watch --snapshot FILE`: the crate's journal of the watch (FILE and
//! FILE.events, see `polympics_roster::Journal`), and the lock (FILE.lock) that keeps it
//! to one run at a time.

use std::path::{Path, PathBuf};
use std::time::Duration;

use polympics::clock::SystemClock;
use polympics_roster::{Journal, JournalError};

use super::lock::{self, RunLock};
use crate::failure::Failure;

/// The journal of a watch, and the lock that keeps it to this run.
pub struct State {
    pub lock: RunLock,
    pub journal: Journal,
}

impl State {
    /// The journal kept in `path`, locked (`path.lock`) for this run: a second watch of
    /// the same file would print the same changes again and mix up the journal, so it ends
    /// at once (exit 4).
    pub fn open(path: &Path) -> Result<State, Failure> {
        let mut lock_path = path.as_os_str().to_owned();
        lock_path.push(".lock");
        let lock = RunLock::acquire(
            &PathBuf::from(lock_path),
            Duration::ZERO,
            &lock::WATCH,
            &SystemClock,
        )?;
        Ok(State {
            lock,
            journal: Journal::open(path)?,
        })
    }
}

impl From<JournalError> for Failure {
    fn from(err: JournalError) -> Self {
        match err {
            err @ JournalError::Invalid { .. } => Failure::usage(err.to_string())
                .hint("give --snapshot a file of its own, or one made by `polympics roster export --format json`"),
            err => Failure::new(err.to_string()),
        }
    }
}
