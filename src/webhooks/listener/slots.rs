//! The connections a listener serves: at most `max` at once, and what each is doing, so
//! that a new peer can take the place of one that has waited longest without showing the
//! secret, and a stop can close them all.

use std::collections::HashMap;
use std::net::{Shutdown, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// What a connection is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Phase {
    /// Waiting for a request (a new connection, or keep-alive between requests).
    Idle,
    /// Reading a request's head: the peer has not shown the secret yet.
    Head,
    /// Serving a request that showed the secret: reading its body, handing its event over,
    /// answering. Never closed to make room.
    Verified,
}

struct Slot {
    stream: Arc<TcpStream>,
    phase: Phase,
    since: Instant,
    /// Closed to make room, and not counted any more.
    evicted: bool,
}

#[derive(Default)]
struct Open {
    slots: HashMap<u64, Slot>,
    next: u64,
    evicted: usize,
    closed: bool,
}

/// The open connections.
pub(super) struct Slots {
    max: usize,
    open: Mutex<Open>,
    freed: Condvar,
}

impl Slots {
    pub(super) fn new(max: usize) -> Self {
        Slots {
            max,
            open: Mutex::new(Open::default()),
            freed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, Open> {
        self.open.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// A slot for `stream`: a free one, or the place of the connection that has waited
    /// longest without showing the secret, which is closed. When every connection is
    /// serving a verified request, it waits for one to end; `None` once closed.
    pub(super) fn admit(&self, stream: &Arc<TcpStream>) -> Option<u64> {
        let mut open = self.lock();
        loop {
            if open.closed {
                return None;
            }
            if open.slots.len() - open.evicted < self.max || evict_oldest(&mut open) {
                let id = open.next;
                open.next += 1;
                open.slots.insert(
                    id,
                    Slot {
                        stream: stream.clone(),
                        phase: Phase::Idle,
                        since: Instant::now(),
                        evicted: false,
                    },
                );
                return Some(id);
            }
            open = self
                .freed
                .wait(open)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Closes the connection that has waited longest without showing the secret, and waits
    /// (at most `wait`) until its socket is released: what frees a file descriptor when
    /// the process has run out. Whether one was closed.
    pub(super) fn make_room(&self, wait: Duration) -> bool {
        let mut open = self.lock();
        if !evict_oldest(&mut open) {
            return false;
        }
        let target = open.evicted.saturating_sub(1);
        let _ = self
            .freed
            .wait_timeout_while(open, wait, |open| open.evicted > target && !open.closed)
            .unwrap_or_else(PoisonError::into_inner);
        true
    }

    /// The connection is now doing `phase`. A connection closed to make room is told so
    /// (`false`): its peer will read nothing more.
    pub(super) fn enter(&self, id: u64, phase: Phase) -> bool {
        let mut open = self.lock();
        match open.slots.get_mut(&id) {
            Some(slot) if !slot.evicted => {
                slot.phase = phase;
                slot.since = Instant::now();
                true
            }
            _ => false,
        }
    }

    /// The connection has ended; its socket is closed once the caller drops its own.
    pub(super) fn release(&self, id: u64) {
        let mut open = self.lock();
        if let Some(slot) = open.slots.remove(&id) {
            if slot.evicted {
                open.evicted -= 1;
            }
        }
        drop(open);
        self.freed.notify_all();
    }

    /// Closes every connection, and admits none from now on.
    pub(super) fn close_all(&self) {
        let mut open = self.lock();
        open.closed = true;
        for slot in open.slots.values() {
            let _ = slot.stream.shutdown(Shutdown::Both);
        }
        drop(open);
        self.freed.notify_all();
    }

    /// How many connections are open (those closed to make room included, until their
    /// threads end).
    #[cfg(test)]
    pub(super) fn len(&self) -> usize {
        self.lock().slots.len()
    }
}

/// Closes the connection that has waited longest without showing the secret; whether
/// there was one.
fn evict_oldest(open: &mut Open) -> bool {
    let oldest = open
        .slots
        .iter_mut()
        .filter(|(_, slot)| !slot.evicted && slot.phase != Phase::Verified)
        .min_by_key(|(id, slot)| (slot.since, **id))
        .map(|(_, slot)| slot);
    let Some(slot) = oldest else {
        return false;
    };
    slot.evicted = true;
    let _ = slot.stream.shutdown(Shutdown::Both);
    open.evicted += 1;
    true
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::TcpListener;

    fn pair(server: &TcpListener) -> (TcpStream, Arc<TcpStream>) {
        let client = TcpStream::connect(server.local_addr().unwrap()).unwrap();
        let (accepted, _) = server.accept().unwrap();
        (client, Arc::new(accepted))
    }

    #[test]
    fn a_full_house_closes_the_longest_waiting_unverified_connection() {
        let server = TcpListener::bind("127.0.0.1:0").unwrap();
        let slots = Slots::new(2);
        let (_c1, s1) = pair(&server);
        let (_c2, s2) = pair(&server);
        let (_c3, s3) = pair(&server);
        let first = slots.admit(&s1).unwrap();
        let second = slots.admit(&s2).unwrap();
        // The first is verified now: the second is the one closed.
        assert!(slots.enter(first, Phase::Verified));
        let third = slots.admit(&s3).unwrap();
        assert!(!slots.enter(second, Phase::Head), "closed to make room");
        assert!(slots.enter(first, Phase::Verified));
        assert!(slots.enter(third, Phase::Head));
        slots.release(second);
        assert_eq!(slots.len(), 2);
        slots.close_all();
        assert!(slots.admit(&s1).is_none());
    }
}
