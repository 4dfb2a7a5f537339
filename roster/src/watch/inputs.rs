//! What a watch waits for, each on a thread of its own so that none waits for another:
//! the reads of the whole league, and (with the `listener` feature) the listener's events.
//! Both come to the watch through one bounded channel, in the order they happen.

use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::thread;
use std::time::Instant;

use crate::error::Result;
use crate::snapshot::Roster;
use polympics::auth::AuthKind;
use polympics::clock::Clock;
use polympics::{AccountTeamUpdateEvent, Client};

#[cfg(feature = "listener")]
use polympics::webhooks::{Event, Listener};

/// Something for the watch.
pub(super) enum Input {
    /// An event, as it arrived (from a listener: the `listener` feature).
    #[cfg_attr(not(feature = "listener"), allow(dead_code))]
    Event(AccountTeamUpdateEvent),
    /// A read of the whole league, done.
    Read(Result<Roster>),
    /// Look at the stop.
    Wake,
}

/// How many inputs may wait for the watch: beyond, the listener's connections wait (and
/// the server's deliveries with them) rather than the memory grow.
const WAITING: usize = 256;

/// The channel the watch's threads send to.
pub(super) struct Inputs {
    tx: SyncSender<Input>,
    rx: Receiver<Input>,
}

impl Inputs {
    pub(super) fn new() -> Self {
        let (tx, rx) = mpsc::sync_channel(WAITING);
        Inputs { tx, rx }
    }

    /// Something that wakes a waiting watch from any thread (a stop).
    pub(super) fn waker(&self) -> impl Fn() + Send + Sync + 'static {
        let tx = self.tx.clone();
        move || match tx.try_send(Input::Wake) {
            // A full channel wakes the watch anyway.
            Ok(()) | Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => {}
        }
    }

    /// Reads the whole league on a thread of its own; the result comes as an input. A read
    /// still running when the watch is gone ends with the client's own timeouts, unheard.
    pub(super) fn read<A: AuthKind>(&self, client: &Client<A>) {
        let (tx, client) = (self.tx.clone(), client.clone());
        let spawned = thread::Builder::new()
            .name("polympics-watch-read".into())
            .spawn(move || {
                let _ = tx.send(Input::Read(Roster::fetch(&client)));
            });
        if let Err(err) = spawned {
            // No thread: the read fails, and the watch ends (nothing could read again).
            let failed =
                polympics::Error::Config(format!("no thread could read the league: {err}"));
            let _ = self.tx.try_send(Input::Read(Err(failed.into())));
        }
    }

    /// Hands every event of `listener` to the watch, on a thread of its own, until the
    /// listener stops or the watch is gone.
    #[cfg(feature = "listener")]
    pub(super) fn listen(&self, listener: Listener) -> std::io::Result<()> {
        let tx = self.tx.clone();
        thread::Builder::new()
            .name("polympics-watch-events".into())
            .spawn(move || {
                for event in &listener {
                    // An event of a kind this version does not know is not for the watch.
                    let Event::AccountTeamUpdate(event) = event else {
                        continue;
                    };
                    if tx.send(Input::Event(event)).is_err() {
                        break;
                    }
                }
            })
            .map(drop)
    }

    /// The next input, waiting until `deadline` by `clock` (`None`: for ever); `None` when
    /// the deadline passed. A clock that lets waits pass at once (a test's) lets the wait
    /// for the deadline pass only when no input is there.
    pub(super) fn next(&self, deadline: Option<Instant>, clock: &dyn Clock) -> Option<Input> {
        match deadline {
            None => self.rx.recv().ok(),
            Some(deadline) => {
                if let Ok(input) = self.rx.try_recv() {
                    return Some(input);
                }
                let left = deadline.saturating_duration_since(clock.now());
                self.rx.recv_timeout(clock.pass(left)).ok()
            }
        }
    }
}
