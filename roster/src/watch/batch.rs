//! What a [`Watch`](super::Watch) yields: a [`Batch`] of changes, or a [`WatchError`].

use std::fmt;
use std::time::Duration;

use crate::change::Change;
use crate::error::Error;
use crate::journal::JournalError;

/// Changes that happened together, in the order that leads to the league as the server
/// has it: one event's, or what a read found that no event had said. The state they lead
/// to is the watch's [`snapshot`](super::Watch::snapshot) once the batch is yielded.
///
/// Within a batch, changes come in the order of [`RosterDiff`](crate::RosterDiff):
/// teams, then accounts, then awards, each by ID.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Batch {
    /// The changes; empty only for the watch's [first read](Origin::FirstRead).
    pub changes: Vec<Change>,
    /// Where they come from.
    pub origin: Origin,
}

/// Where a [`Batch`] comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Origin {
    /// The watch's first read: for a new watch, no change and the state to start from;
    /// for one resumed from a snapshot, what changed since it was taken.
    FirstRead,
    /// A later read: what changed that no event had said (new accounts, renames, awards,
    /// deleted teams, an event that was lost).
    Read,
    /// An `account_team_update` event, the moment it arrived.
    Event,
}

impl Batch {
    /// Whether it has no change (the first read of a new watch).
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

impl IntoIterator for Batch {
    type Item = Change;
    type IntoIter = std::vec::IntoIter<Change>;

    fn into_iter(self) -> Self::IntoIter {
        self.changes.into_iter()
    }
}

impl<'a> IntoIterator for &'a Batch {
    type Item = &'a Change;
    type IntoIter = std::slice::Iter<'a, Change>;

    fn into_iter(self) -> Self::IntoIter {
        self.changes.iter()
    }
}

/// Why a [`Watch`](super::Watch) could not go on as it should.
#[derive(Debug)]
#[non_exhaustive]
pub enum WatchError {
    /// A read of the league failed, after the client's own retries.
    #[non_exhaustive]
    Read {
        /// Why.
        source: Error,
        /// When the watch reads again: `None` when the failure is one that reading again
        /// cannot mend (the credentials refused, no Polympics API at the URL), which ends
        /// the watch.
        retry_in: Option<Duration>,
    },
    /// The journal could not be written (a full disk, no file descriptor left): the watch
    /// goes on, and writes the whole league with the next batch; a restart meanwhile finds
    /// what the files lack with its first read.
    Journal(JournalError),
}

impl WatchError {
    /// Whether the watch goes on after it.
    pub fn is_transient(&self) -> bool {
        !matches!(self, WatchError::Read { retry_in: None, .. })
    }
}

impl fmt::Display for WatchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            WatchError::Read {
                source,
                retry_in: Some(wait),
            } => write!(
                f,
                "{source}; the watch goes on, and reads the league again in {} s",
                wait.as_secs_f64().ceil()
            ),
            WatchError::Read {
                source,
                retry_in: None,
            } => write!(
                f,
                "{source}; reading again cannot mend it, so the watch ends"
            ),
            WatchError::Journal(err) => write!(
                f,
                "{err}; the watch goes on, and writes the whole league with the next change"
            ),
        }
    }
}

impl std::error::Error for WatchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            WatchError::Read { source, .. } => Some(source),
            WatchError::Journal(err) => Some(err),
        }
    }
}

impl From<JournalError> for WatchError {
    fn from(err: JournalError) -> Self {
        WatchError::Journal(err)
    }
}

/// Whether reading the league again may succeed without anyone changing anything: the
/// server down, slow or failing (5xx), the connection lost, an answer that was not the
/// API's (a proxy's maintenance page), the league changing while it was read; not credentials that are refused, a URL where no API answers, or a
/// configuration the client refuses.
pub(super) fn may_pass(err: &Error) -> bool {
    match err {
        Error::Api(err) => err.is_transient(),
        Error::KeptChanging { .. } => true,
    }
}
