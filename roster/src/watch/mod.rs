//! [`Watch`]: a league kept current, yielding each change once, from events as they come
//! and from a full read every period. The reads and the listener run on threads of their
//! own (`inputs`), what it yields is in `batch`, and its state can be kept in a
//! [`Journal`](super::Journal).

mod batch;
mod inputs;

use std::fmt;
use std::time::{Duration, Instant};

pub use batch::{Batch, Origin, WatchError};

use super::journal::Journal;
use super::snapshot::Roster;
use batch::may_pass;
use inputs::{Input, Inputs};
use polympics::auth::AuthKind;
use polympics::cancel::{CancelToken, OnCancel};
use polympics::{AccountTeamUpdateEvent, Client};

#[cfg(feature = "listener")]
use polympics::webhooks::Listener;

/// How often a watch reads the whole league by default.
pub const DEFAULT_WATCH_EVERY: Duration = Duration::from_secs(600);

/// `wait`, at most a century: no duration a caller gives (`Duration::MAX` for "for ever")
/// overflows a deadline.
fn bounded(wait: Duration) -> Duration {
    wait.min(Duration::from_secs(100 * 365 * 24 * 3600))
}

/// How often, and how far apart, a stopping watch tries to write its journal.
const FOLD_TRIES: u32 = 30;
const FOLD_PAUSE: Duration = Duration::from_millis(100);

/// How soon a watch reads again after a read that failed (or its period, if shorter).
pub const WATCH_RETRY_AFTER: Duration = Duration::from_secs(30);

/// A league kept current: an iterator of [`Batch`]es of changes, each change yielded once,
/// as it happens.
///
/// It reads the whole league every [`every`](Self::every) period (10 minutes by default)
/// and yields what changed. With a callback [`Listener`](polympics::webhooks)
/// (`listen`, the `listener` feature), it also applies each
/// `account_team_update` event the moment it arrives, so a move is yielded within the time
/// the server takes to send it; the periodic read still catches what events do not carry
/// (new accounts, renames, awards, deleted teams) and any event that was missed (the
/// server sends each once).
///
/// - **Events never wait for a read.** Reads run on a thread of their own: an event that
///   arrives while the league is read is yielded at once, and the read is reconciled with
///   it when it ends (the events that came meanwhile are applied to what it read), so a
///   change is yielded once, by whichever says it first. Applying an event costs the same
///   in any size of league ([`Roster::apply_event`]).
/// - **The state each batch leads to.** Once a batch is yielded,
///   [`snapshot`](Self::snapshot) is the league as it leaves it. A batch counts as handled
///   when the next one is asked for (or [`commit`](Self::commit) is called); with a
///   [`Journal`](Self::journal), that is when it is written down, so a run killed before it
///   yields the same changes again when it resumes, and never loses one.
/// - **The first read is an item too**: a batch of [`Origin::FirstRead`], empty for a new
///   watch (the state to start from), or what changed meanwhile for a resumed one. It
///   fails and is read again as every read does.
/// - **Failures.** A read that fails (after the client's own retries) is yielded as a
///   [`WatchError::Read`]; when reading again may mend it (the server down or failing,
///   the league changing as it is read) the watch reads again after 30 s (or its period,
///   if shorter) and goes on; when it cannot (credentials refused, no API at the URL), the
///   watch ends after it. A journal that cannot be written is yielded as a
///   [`WatchError::Journal`]; the watch goes on and writes the whole league with the next
///   batch.
/// - **Stopping.** [`cancel_token`](Self::cancel_token) (or the one given to
///   [`cancel_on`](Self::cancel_on)) ends it at once, even in the middle of a read: the
///   next `next()` returns `None`. Dropping the watch stops its listener.
/// - **Flat memory.** It holds one roster (two while a read is reconciled), the events
///   that came during a read, and at most 256 inputs waiting to be handled.
///
/// ```
/// use polympics_roster::{Change, Origin, Roster, Watch};
/// use polympics::{AccountUpdate, TeamId};
/// use polympics_test_server::TestServer;
/// use std::time::Duration;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let mut watch = Watch::resume(&app, Roster::fetch(&app)?).every(Duration::from_millis(10));
///
/// app.update_account(800000000000000000, AccountUpdate::new().team(TeamId(5)))?;
/// let batch = watch.next().unwrap()?;
/// assert_eq!(batch.origin, Origin::FirstRead);
/// assert!(matches!(batch.changes[..], [Change::AccountMoved { ref to, .. }] if to.id == TeamId(5)));
/// let snapshot = watch.snapshot().expect("read once");
/// assert_eq!(snapshot.account(800000000000000000).unwrap().team_id(), Some(TeamId(5)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Watch<A: AuthKind> {
    client: Client<A>,
    /// The league as the batches yielded so far leave it (`None` before the first read).
    state: Option<Roster>,
    journal: Option<Journal>,
    /// What the journal must record of the batch yielded last, once it is handled.
    unrecorded: Option<Unrecorded>,
    every: Duration,
    next_read: Instant,
    /// While a read runs: the events that came since it started.
    reading: Option<Vec<AccountTeamUpdateEvent>>,
    first_read: bool,
    inputs: Inputs,
    stop: CancelToken,
    _wake: OnCancel,
    ended: bool,
    listening: bool,
}

/// What a handled batch leaves for the journal.
enum Unrecorded {
    Event(Box<AccountTeamUpdateEvent>),
    Snapshot,
}

impl<A: AuthKind> Watch<A> {
    /// A watch of the league `client` reads (a clone of it, which shares its connection
    /// pool). Its first read yields the state to start from.
    pub fn new(client: &Client<A>) -> Self {
        let inputs = Inputs::new();
        let stop = CancelToken::new();
        let wake = stop.on_cancel(inputs.waker());
        Watch {
            client: client.clone(),
            state: None,
            journal: None,
            unrecorded: None,
            every: DEFAULT_WATCH_EVERY,
            next_read: client.clock().now(),
            reading: None,
            first_read: true,
            inputs,
            stop,
            _wake: wake,
            ended: false,
            listening: false,
        }
    }

    /// A watch that resumes from `snapshot` (a watch's [`snapshot`](Self::snapshot) saved
    /// earlier, or a `roster export`): its first read, at once, yields what changed since.
    pub fn resume(client: &Client<A>, snapshot: Roster) -> Self {
        let mut watch = Watch::new(client);
        watch.state = Some(snapshot);
        watch
    }

    /// Keeps the watch's state in `journal`: it resumes from the league the journal holds,
    /// if it holds one, and records each batch as it is handled.
    pub fn journal(mut self, mut journal: Journal) -> Self {
        if let Some(roster) = journal.take_roster() {
            self.state = Some(roster);
        }
        self.journal = Some(journal);
        self
    }

    /// How often the whole league is read (10 minutes by default). Each read costs
    /// `ceil(teams / 1000) + ceil(accounts / 1000)` requests.
    pub fn every(mut self, period: Duration) -> Self {
        self.every = bounded(period.max(Duration::from_millis(1)));
        self
    }

    /// When the first read happens: at once by default, or after `wait` (for a snapshot
    /// that was just fetched).
    pub fn first_read_in(mut self, wait: Duration) -> Self {
        self.next_read = self.client.clock().now() + bounded(wait);
        self
    }

    /// Stops the watch when `token` is cancelled (with whatever else it stops: a listener,
    /// a program's signals).
    pub fn cancel_on(self, token: &CancelToken) -> Self {
        self.stop.cancel_with(token);
        self
    }

    /// Applies the events `listener` receives as they arrive (register its public URL
    /// with [`create_callback`](polympics::AppClient::create_callback)). The listener runs on
    /// a thread of its own, and stops with the watch.
    ///
    /// # Errors
    ///
    /// When no thread can be started for it.
    #[cfg(feature = "listener")]
    pub fn listen(mut self, listener: Listener) -> std::io::Result<Self> {
        listener.cancel_token().cancel_with(&self.stop);
        self.inputs.listen(listener)?;
        self.listening = true;
        Ok(self)
    }

    /// The token that stops the watch from another thread: a blocked `next()` returns
    /// `None` at once, as does every later one.
    pub fn cancel_token(&self) -> CancelToken {
        self.stop.clone()
    }

    /// The league as every batch yielded so far leaves it (`None` before the first read).
    pub fn snapshot(&self) -> Option<&Roster> {
        self.state.as_ref()
    }

    /// Records the batch yielded last as handled, in the journal (if there is one) now
    /// rather than when the next batch is asked for. Nothing to record is not an error.
    ///
    /// # Errors
    ///
    /// [`WatchError::Journal`] when the journal cannot be written; the watch goes on, and
    /// writes the whole league with the next batch.
    pub fn commit(&mut self) -> Result<(), WatchError> {
        let Some(unrecorded) = self.unrecorded.take() else {
            return Ok(());
        };
        let (Some(journal), Some(state)) = (&mut self.journal, &self.state) else {
            return Ok(());
        };
        let recorded = match &unrecorded {
            Unrecorded::Event(event) => journal.record_event(event, state),
            Unrecorded::Snapshot => journal.save(state),
        };
        recorded.map_err(WatchError::from)
    }

    /// Writes the journal's snapshot anew if events were recorded since it was written (or
    /// a write failed): tried for a few seconds, as a stop may come while the process has
    /// run out of file descriptors, which the connections closing with it give back.
    fn fold_journal(&mut self) -> Result<(), WatchError> {
        let (Some(journal), Some(state)) = (&mut self.journal, &self.state) else {
            return Ok(());
        };
        if !journal.has_events() && !journal.is_behind() {
            return Ok(());
        }
        let mut tries = 0;
        loop {
            match journal.save(state) {
                Ok(()) => return Ok(()),
                Err(_) if tries < FOLD_TRIES => {
                    tries += 1;
                    self.client.clock().sleep(FOLD_PAUSE);
                }
                Err(err) => return Err(err.into()),
            }
        }
    }

    /// What comes next: the next batch, a failed read, or `None` when stopped or ended.
    fn step(&mut self) -> Option<Result<Batch, WatchError>> {
        loop {
            if self.ended || self.stop.is_cancelled() {
                // Ended by a failure: its listener stops too.
                self.ended = true;
                self.stop.cancel();
                return None;
            }
            if self.reading.is_none() && self.client.clock().now() >= self.next_read {
                self.reading = Some(Vec::new());
                self.inputs.read(&self.client);
            }
            // While a read runs, only an input ends the wait; otherwise the next read does.
            let deadline = self.reading.is_none().then_some(self.next_read);
            let Some(input) = self.inputs.next(deadline, self.client.clock()) else {
                continue;
            };
            let next = match input {
                Input::Event(event) => self.on_event(event),
                Input::Read(Ok(read)) => self.on_read(read),
                Input::Read(Err(err)) => Some(Err(self.on_failed_read(err))),
                Input::Wake => None,
            };
            if next.is_some() {
                return next;
            }
        }
    }

    /// An event, applied the moment it arrives (and kept for the read that runs, if one
    /// does); a batch if it changed something.
    fn on_event(&mut self, event: AccountTeamUpdateEvent) -> Option<Result<Batch, WatchError>> {
        if let Some(during) = &mut self.reading {
            during.push(event.clone());
        }
        // Before the first read there is nothing to apply it to: that read will.
        let state = self.state.as_mut()?;
        let changes = state.apply_event(&event).changes;
        self.unrecorded = Some(Unrecorded::Event(Box::new(event)));
        if changes.is_empty() {
            // Nothing to yield (what changed is not in a diff, or nothing did): recorded now.
            return self.commit().err().map(Err);
        }
        Some(Ok(Batch {
            changes,
            origin: Origin::Event,
        }))
    }

    /// A read, with the events that came while it ran applied to it: what it found that
    /// they had not said, as a batch (the first read always is one).
    fn on_read(&mut self, mut read: Roster) -> Option<Result<Batch, WatchError>> {
        for event in self.reading.take().unwrap_or_default() {
            read.apply_event(&event);
        }
        self.next_read = self.client.clock().now() + self.every;
        let origin = if std::mem::take(&mut self.first_read) {
            Origin::FirstRead
        } else {
            Origin::Read
        };
        let changes = match &self.state {
            Some(state) => state.diff(&read).changes,
            None => Vec::new(),
        };
        self.state = Some(read);
        self.unrecorded = Some(Unrecorded::Snapshot);
        if changes.is_empty() && origin == Origin::Read {
            // Nothing to yield; the journal's events are folded into a new snapshot.
            return self.commit().err().map(Err);
        }
        Some(Ok(Batch { changes, origin }))
    }

    fn on_failed_read(&mut self, source: crate::error::Error) -> WatchError {
        self.reading = None;
        let retry_in = may_pass(&source).then(|| self.every.min(WATCH_RETRY_AFTER));
        match retry_in {
            Some(wait) => self.next_read = self.client.clock().now() + wait,
            None => self.ended = true,
        }
        WatchError::Read { source, retry_in }
    }
}

impl<A: AuthKind> Iterator for Watch<A> {
    type Item = Result<Batch, WatchError>;

    /// The next batch, waiting for it as long as it takes (the batch yielded before is
    /// handled now); `Err` for a read that failed; `None` once stopped or ended.
    fn next(&mut self) -> Option<Result<Batch, WatchError>> {
        if self.ended {
            return None;
        }
        if let Err(err) = self.commit() {
            return Some(Err(err));
        }
        let next = self.step();
        if next.is_none() {
            // Stopped: the batch yielded last is handled too, and the journal's events are
            // folded into its snapshot.
            if let Err(err) = self.commit().and_then(|()| self.fold_journal()) {
                return Some(Err(err));
            }
        }
        next
    }
}

impl<A: AuthKind> Drop for Watch<A> {
    /// Stops its listener and leaves a read that runs to end unheard.
    fn drop(&mut self) {
        self.stop.cancel();
    }
}

impl<A: AuthKind> fmt::Debug for Watch<A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Watch")
            .field("base_url", &self.client.base_url())
            .field("snapshot", &self.state)
            .field("journal", &self.journal.as_ref().map(Journal::path))
            .field("every", &self.every)
            .field("reading", &self.reading.is_some())
            .field("listening", &self.listening)
            .field("ended", &self.ended)
            .finish_non_exhaustive()
    }
}
