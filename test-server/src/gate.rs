//! [`Gate`]: requests held until a test lets them through, to see what a client does while
//! one of its requests waits (a slow listing), without measuring any time.

use std::fmt;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::Duration;

/// Holds the requests of a [`Fault::hold`](crate::Fault::hold) until [`open`](Self::open)ed
/// (or the server stops); clones are the same gate.
///
/// ```
/// use polympics_test_server::{Fault, Gate, TestServer};
/// use std::time::Duration;
///
/// let server = TestServer::start();
/// let gate = Gate::new();
/// server.inject(Fault::hold(&gate).on_path("/accounts/signups"));
/// let client = server.client();
/// let asked = std::thread::spawn(move || client.check_signups());
/// assert!(gate.wait_for_held(1, Duration::from_secs(10)), "the request is held");
/// gate.open();
/// assert!(asked.join().unwrap()?);
/// # Ok::<(), polympics::Error>(())
/// ```
#[derive(Clone, Default)]
pub struct Gate(Arc<Shared>);

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

#[derive(Default)]
struct State {
    open: bool,
    /// Requests waiting at the gate now.
    held: usize,
}

impl Gate {
    /// A closed gate.
    pub fn new() -> Gate {
        Gate::default()
    }

    /// Lets every held request through, and every later one.
    pub fn open(&self) {
        self.lock().open = true;
        self.0.changed.notify_all();
    }

    /// Whether it is open.
    pub fn is_open(&self) -> bool {
        self.lock().open
    }

    /// How many requests it holds now.
    pub fn held(&self) -> usize {
        self.lock().held
    }

    /// Waits until it holds at least `count` requests (or `timeout` passed); whether it
    /// does.
    pub fn wait_for_held(&self, count: usize, timeout: Duration) -> bool {
        let state = self.lock();
        let (state, _) = self
            .0
            .changed
            .wait_timeout_while(state, timeout, |state| state.held < count && !state.open)
            .unwrap_or_else(PoisonError::into_inner);
        state.held >= count
    }

    /// Holds the calling request until the gate opens.
    pub(crate) fn pass(&self) {
        let mut state = self.lock();
        state.held += 1;
        self.0.changed.notify_all();
        while !state.open {
            state = self
                .0
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        state.held -= 1;
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.0.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl PartialEq for Gate {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl Eq for Gate {}

impl fmt::Debug for Gate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.lock();
        f.debug_struct("Gate")
            .field("open", &state.open)
            .field("held", &state.held)
            .finish()
    }
}
