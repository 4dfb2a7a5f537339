//! Verified events on their way from the connections to the caller: a connection offers
//! its event and answers the server only once the caller has taken it.

use std::collections::VecDeque;
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Instant;

use crate::webhooks::event::Event;

struct Offer {
    event: Event,
    taken: SyncSender<()>,
}

#[derive(Default)]
struct Queue {
    offers: VecDeque<Offer>,
    closed: bool,
}

/// The events offered and not taken yet (at most one a connection).
#[derive(Default)]
pub(super) struct Handoff {
    queue: Mutex<Queue>,
    arrived: Condvar,
}

impl Handoff {
    fn lock(&self) -> MutexGuard<'_, Queue> {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Offers `event`; the receiver hears once it is taken, and is dropped without a word
    /// if the listener stops first. `None` when it has stopped.
    pub(super) fn offer(&self, event: Event) -> Option<Receiver<()>> {
        let (taken, heard) = mpsc::sync_channel(1);
        let mut queue = self.lock();
        if queue.closed {
            return None;
        }
        queue.offers.push_back(Offer { event, taken });
        drop(queue);
        self.arrived.notify_one();
        Some(heard)
    }

    /// The oldest event offered, waiting for one until `deadline` (or for ever); `None`
    /// when the deadline passed or the listener stopped.
    pub(super) fn take(&self, deadline: Option<Instant>) -> Option<Event> {
        let mut queue = self.lock();
        loop {
            if queue.closed {
                return None;
            }
            if let Some(offer) = queue.offers.pop_front() {
                // Taken: its connection answers the server now.
                let _ = offer.taken.send(());
                return Some(offer.event);
            }
            queue = match deadline {
                None => self
                    .arrived
                    .wait(queue)
                    .unwrap_or_else(PoisonError::into_inner),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return None;
                    }
                    self.arrived
                        .wait_timeout(queue, left)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
            };
        }
    }

    /// Stops: events not taken are dropped (their connections close without an answer,
    /// so the server does not count them delivered), and none is taken from now on.
    pub(super) fn close(&self) {
        let mut queue = self.lock();
        queue.closed = true;
        queue.offers.clear();
        drop(queue);
        self.arrived.notify_all();
    }
}
