//! [`Watch`]: a league kept current, yielding each change once, from events as they come
//! and from a full read every period.

use std::collections::VecDeque;
use std::fmt;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use super::diff::Change;
use super::snapshot::Roster;
use crate::{AuthKind, Client, Result};

#[cfg(feature = "listener")]
use crate::webhooks::{Event, Listener, Shutdown};

/// How often a watch reads the whole league by default.
pub const DEFAULT_WATCH_EVERY: Duration = Duration::from_secs(600);

/// How soon a watch reads again after a read that failed (or its period, if shorter).
const AFTER_A_FAILURE: Duration = Duration::from_secs(30);

/// A league kept current: an iterator of its [`Change`]s, each yielded once, as they
/// happen.
///
/// It reads the whole league every [`every`](Self::every) period (10 minutes by default)
/// and yields what changed since the last state it reported. With a
/// [`Listener`](crate::webhooks::Listener) ([`listen`](Self::listen), the `listener`
/// feature), it also applies each `account_team_update` event the moment it arrives
/// ([`Roster::with_event`]), so a move is yielded within the time the server takes to send
/// it; the periodic read still catches what events do not carry (new accounts, renames,
/// awards, deleted teams) and any event that was missed (the server sends each once).
///
/// - **Each change once.** Every change is computed against the state last reported, so
///   the same change is not yielded twice, whether it came by an event, a read, or both.
///   [`snapshot`](Self::snapshot) is that state: save it after a change and start the next
///   run [`resume`](Self::resume) from it, and the first read yields only what changed meanwhile.
///   (While a read's changes are yielded one by one, [`pending`](Self::pending) counts
///   those left and [`next_snapshot`](Self::next_snapshot) is where they lead, for a
///   program that must not handle any of them twice across a crash.)
/// - **Never ends on a failure.** A read that fails (after the client's own retries) is
///   yielded as an `Err`, and the next `next()` goes on: it reads again after 30 s (or the
///   period, if shorter). It ends (`None`) only when stopped with a [`WatchStop`].
/// - **Flat memory.** It holds one roster (two while a read is compared) and the changes
///   not yet yielded.
///
/// Events are applied in the order they arrive; one that arrives after a read that
/// already showed a later change of the same account would be undone by the next read,
/// which yields the account's real state again.
///
/// ```
/// use polympics::roster::{Change, Roster, Watch};
/// use polympics::{AccountUpdate, TeamId};
/// use polympics_test_server::TestServer;
/// use std::time::Duration;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let mut watch = Watch::resume(&app, Roster::fetch(&app)?).every(Duration::from_millis(10));
///
/// app.update_account(800000000000000000, AccountUpdate::new().team(TeamId(5)))?;
/// let change = watch.next().unwrap()?;
/// assert!(matches!(change, Change::AccountMoved { ref to, .. } if to.id == TeamId(5)));
/// let snapshot = watch.snapshot().expect("read once");
/// assert_eq!(snapshot.account(800000000000000000).unwrap().team_id(), Some(TeamId(5)));
/// # Ok::<(), polympics::Error>(())
/// ```
pub struct Watch<'c, A: AuthKind> {
    client: &'c Client<A>,
    /// The state every change yielded so far leads to (`None` before the first read).
    reported: Option<Roster>,
    /// The last read's (or event's) changes not yet yielded, while there are any.
    step: Option<Step>,
    every: Duration,
    next_read: Instant,
    stop: WatchStop,
    #[cfg(feature = "listener")]
    listener: Option<Listener>,
}

/// Changes being yielded, and the state they lead to.
struct Step {
    changes: VecDeque<Change>,
    leads_to: Roster,
}

/// Stops a [`Watch`] from another thread or a signal handler: a `next()` that waits
/// returns `None` at once (one that is reading the league returns once the read is done),
/// and so does every later one.
#[derive(Clone, Default)]
pub struct WatchStop {
    stopped: Arc<(Mutex<bool>, Condvar)>,
    #[cfg(feature = "listener")]
    listener: Option<Shutdown>,
}

impl WatchStop {
    /// Stops the watch.
    pub fn stop(&self) {
        let (stopped, changed) = &*self.stopped;
        *stopped.lock().unwrap_or_else(PoisonError::into_inner) = true;
        changed.notify_all();
        #[cfg(feature = "listener")]
        if let Some(listener) = &self.listener {
            listener.shutdown();
        }
    }

    /// Whether [`stop`](Self::stop) was called.
    pub fn is_stopped(&self) -> bool {
        *self
            .stopped
            .0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until `deadline` or a stop; whether it was stopped.
    fn wait_until(&self, deadline: Instant) -> bool {
        let (stopped, changed) = &*self.stopped;
        let mut guard = stopped.lock().unwrap_or_else(PoisonError::into_inner);
        while !*guard {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            guard = changed
                .wait_timeout(guard, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        *guard
    }
}

impl fmt::Debug for WatchStop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WatchStop")
            .field("stopped", &self.is_stopped())
            .finish_non_exhaustive()
    }
}

impl<'c, A: AuthKind> Watch<'c, A> {
    /// A watch of the league `client` reads. Its first read only sets the state (there is
    /// nothing to compare it with); changes are yielded from then on.
    pub fn new(client: &'c Client<A>) -> Self {
        Watch {
            client,
            reported: None,
            step: None,
            every: DEFAULT_WATCH_EVERY,
            next_read: Instant::now(),
            stop: WatchStop::default(),
            #[cfg(feature = "listener")]
            listener: None,
        }
    }

    /// A watch that resumes from `snapshot` (the [`snapshot`](Self::snapshot) a previous
    /// run saved, or a `roster export`): its first read, at once, yields what changed
    /// since.
    pub fn resume(client: &'c Client<A>, snapshot: Roster) -> Self {
        Watch {
            reported: Some(snapshot),
            ..Watch::new(client)
        }
    }

    /// How often the whole league is read (10 minutes by default). Each read costs
    /// `ceil(teams / 1000) + ceil(accounts / 1000)` requests.
    pub fn every(mut self, period: Duration) -> Self {
        self.every = period;
        self
    }

    /// When the first read happens: at once by default (a watch resumed from a snapshot
    /// catches up first), or after `wait`, for a snapshot that was just fetched.
    pub fn first_read_in(mut self, wait: Duration) -> Self {
        self.next_read = Instant::now() + wait;
        self
    }

    /// Applies the events `listener` receives as they arrive (register its public URL
    /// with [`create_callback`](crate::AppClient::create_callback)). A listener whose
    /// socket fails is yielded as an `Err` and dropped: the watch goes on with its reads.
    #[cfg(feature = "listener")]
    pub fn listen(mut self, listener: Listener) -> Self {
        self.stop.listener = Some(listener.shutdown_handle());
        self.listener = Some(listener);
        self
    }

    /// A handle that stops the watch from another thread.
    pub fn stop_handle(&self) -> WatchStop {
        self.stop.clone()
    }

    /// The league as every change yielded so far leaves it (`None` before the first read).
    /// While a read's changes are being yielded, it is the state before that read; it
    /// moves on with the last of them.
    pub fn snapshot(&self) -> Option<&Roster> {
        self.reported.as_ref()
    }

    /// How many changes of the last read (or event) are still to be yielded: when it is 0,
    /// [`snapshot`](Self::snapshot) holds every change yielded, and is the state to save.
    pub fn pending(&self) -> usize {
        self.step.as_ref().map_or(0, |step| step.changes.len())
    }

    /// While changes of a read (or event) are still to be yielded: the state they lead to,
    /// which [`snapshot`](Self::snapshot) becomes with the last of them. A program that
    /// saves its state after each change saves this once, and how many of the changes it
    /// has handled; resumed, `snapshot().diff(next_snapshot)` gives the same changes again,
    /// in the same order, to skip those handled.
    pub fn next_snapshot(&self) -> Option<&Roster> {
        self.step.as_ref().map(|step| &step.leads_to)
    }

    /// Compares `target` with the state reported, queueing the changes.
    fn compare(&mut self, target: Roster) {
        let Some(reported) = &self.reported else {
            self.reported = Some(target);
            return;
        };
        let diff = reported.diff(&target);
        if diff.is_empty() {
            self.reported = Some(target);
        } else {
            self.step = Some(Step {
                changes: diff.changes.into(),
                leads_to: target,
            });
        }
    }

    /// Reads the league now.
    fn read(&mut self) -> Result<()> {
        let read = Roster::fetch(self.client);
        let now = Instant::now();
        match read {
            Ok(target) => {
                self.next_read = now + self.every;
                self.compare(target);
                Ok(())
            }
            Err(err) => {
                self.next_read = now + self.every.min(AFTER_A_FAILURE);
                Err(err)
            }
        }
    }

    /// Waits for an event until the next read is due; `Err` if the listener failed.
    #[cfg(feature = "listener")]
    fn wait(&mut self) -> Result<()> {
        let Some(listener) = &self.listener else {
            self.stop.wait_until(self.next_read);
            return Ok(());
        };
        let left = self.next_read.saturating_duration_since(Instant::now());
        match listener.next_timeout(left) {
            Some(Ok(Event::AccountTeamUpdate(event))) => {
                if let Some(reported) = &self.reported {
                    let target = reported.with_event(&event);
                    self.compare(target);
                }
                Ok(())
            }
            Some(Err(err)) => {
                self.listener = None;
                Err(err)
            }
            None => Ok(()),
        }
    }

    #[cfg(not(feature = "listener"))]
    fn wait(&mut self) -> Result<()> {
        self.stop.wait_until(self.next_read);
        Ok(())
    }
}

impl<A: AuthKind> Iterator for Watch<'_, A> {
    type Item = Result<Change>;

    /// The next change, waiting for it as long as it takes; `Err` for a read (or a
    /// listener) that failed, after which the watch goes on; `None` once stopped.
    fn next(&mut self) -> Option<Result<Change>> {
        loop {
            if let Some(mut step) = self.step.take() {
                let change = step.changes.pop_front();
                if step.changes.is_empty() {
                    self.reported = Some(step.leads_to);
                } else {
                    self.step = Some(step);
                }
                if let Some(change) = change {
                    return Some(Ok(change));
                }
            }
            if self.stop.is_stopped() {
                return None;
            }
            let step = if Instant::now() >= self.next_read {
                self.read()
            } else {
                self.wait()
            };
            if let Err(err) = step {
                return Some(Err(err));
            }
        }
    }
}

impl<A: AuthKind> fmt::Debug for Watch<'_, A> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut debug = f.debug_struct("Watch");
        debug
            .field("base_url", &self.client.base_url())
            .field("snapshot", &self.reported)
            .field("pending", &self.pending())
            .field("every", &self.every);
        #[cfg(feature = "listener")]
        debug.field("listener", &self.listener);
        debug.finish_non_exhaustive()
    }
}
