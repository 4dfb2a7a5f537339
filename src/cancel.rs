//! [`CancelToken`]: one way to stop what blocks: a listener, a watch, a program's wait on
//! a signal.

use std::fmt;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError, Weak};
use std::time::Duration;

/// A stop shared by everything that should end together: clones are the same token, and
/// [`cancel`](Self::cancel) on any of them ends every wait on all of them.
///
/// A callback `Listener` (the `listener` feature) and a `roster::Watch` (the `roster`
/// feature) take one (they make their own otherwise); a program cancels it from a signal handler, a quit button or
/// another thread, and a blocked `next()` returns `None` at once. Cancelling cannot be
/// undone.
///
/// ```
/// use polympics::cancel::CancelToken;
/// use std::time::Duration;
///
/// let token = CancelToken::new();
/// let waiting = std::thread::spawn({
///     let token = token.clone();
///     move || token.wait_timeout(Duration::from_secs(3600))
/// });
/// token.cancel();
/// assert!(waiting.join().unwrap(), "woken by the cancel, not the hour");
/// assert!(token.is_cancelled());
/// ```
#[derive(Clone, Default)]
pub struct CancelToken(Arc<Shared>);

#[derive(Default)]
struct Shared {
    state: Mutex<State>,
    changed: Condvar,
}

type Wake = Arc<dyn Fn() + Send + Sync>;

#[derive(Default)]
struct State {
    cancelled: bool,
    /// What to wake when cancelled, by registration number.
    wakers: Vec<(u64, Wake)>,
    next: u64,
    /// The tokens of [`CancelToken::child`], while they live.
    children: Vec<Weak<Shared>>,
}

impl CancelToken {
    /// A token not cancelled yet.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }

    /// A token cancelled with this one (and its clones), which can also be cancelled on
    /// its own: what a part takes when it must stop with the program but also alone (a
    /// listener dropped while the program goes on).
    pub fn child(&self) -> CancelToken {
        let child = CancelToken::new();
        child.cancel_with(self);
        child
    }

    /// Makes this token cancelled with `parent` too (at once, if it already is): what
    /// [`child`](Self::child) does for a new token, for one that exists already.
    pub fn cancel_with(&self, parent: &CancelToken) {
        let mut state = parent.lock();
        if state.cancelled {
            drop(state);
            self.cancel();
        } else {
            state.children.retain(|child| child.strong_count() > 0);
            state.children.push(Arc::downgrade(&self.0));
        }
    }

    /// Cancels: every wait on this token (and its clones and children) ends, now and from
    /// now on.
    pub fn cancel(&self) {
        let (wakers, children) = {
            let mut state = self.lock();
            if state.cancelled {
                return;
            }
            state.cancelled = true;
            (
                std::mem::take(&mut state.wakers),
                std::mem::take(&mut state.children),
            )
        };
        self.0.changed.notify_all();
        // Outside the lock: a waker may take locks of its own.
        for (_, wake) in wakers {
            wake();
        }
        for child in children.iter().filter_map(Weak::upgrade) {
            CancelToken(child).cancel();
        }
    }

    /// Whether it was cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.lock().cancelled
    }

    /// Waits `timeout`, or less if cancelled meanwhile; whether it is cancelled.
    pub fn wait_timeout(&self, timeout: Duration) -> bool {
        let state = self.lock();
        let (state, _) = self
            .0
            .changed
            .wait_timeout_while(state, timeout, |state| !state.cancelled)
            .unwrap_or_else(PoisonError::into_inner);
        state.cancelled
    }

    /// Waits until cancelled.
    pub fn wait(&self) {
        let state = self.lock();
        drop(
            self.0
                .changed
                .wait_while(state, |state| !state.cancelled)
                .unwrap_or_else(PoisonError::into_inner),
        );
    }

    /// Calls `wake` once when cancelled (at once, if it already is), until the returned
    /// guard is dropped: how a blocking part (a socket's accept, a channel) is woken.
    ///
    /// ```
    /// use polympics::cancel::CancelToken;
    /// use std::sync::mpsc;
    ///
    /// let token = CancelToken::new();
    /// let (wake, woken) = mpsc::channel();
    /// let _guard = token.on_cancel(move || {
    ///     let _ = wake.send(());
    /// });
    /// token.cancel();
    /// assert!(woken.try_recv().is_ok());
    /// ```
    pub fn on_cancel(&self, wake: impl Fn() + Send + Sync + 'static) -> OnCancel {
        let mut state = self.lock();
        if state.cancelled {
            drop(state);
            wake();
            return OnCancel {
                token: self.clone(),
                id: None,
            };
        }
        let id = state.next;
        state.next += 1;
        state.wakers.push((id, Arc::new(wake)));
        OnCancel {
            token: self.clone(),
            id: Some(id),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.0.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for CancelToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CancelToken")
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

/// A registration of [`CancelToken::on_cancel`], removed when dropped.
#[must_use = "the registration is removed when this guard is dropped"]
pub struct OnCancel {
    token: CancelToken,
    id: Option<u64>,
}

impl Drop for OnCancel {
    fn drop(&mut self) {
        if let Some(id) = self.id {
            self.token.lock().wakers.retain(|(other, _)| *other != id);
        }
    }
}

impl fmt::Debug for OnCancel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OnCancel").field("id", &self.id).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn wakers_are_called_once_and_not_after_their_guard_is_dropped() {
        let token = CancelToken::new();
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = |calls: &Arc<AtomicUsize>| {
            let calls = calls.clone();
            move || {
                calls.fetch_add(1, Ordering::SeqCst);
            }
        };
        let kept = token.on_cancel(counted(&calls));
        drop(token.on_cancel(counted(&calls)));
        token.clone().cancel();
        token.cancel();
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        // Registered after the cancel: called at once.
        let _late = token.on_cancel(counted(&calls));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
        drop(kept);
        assert!(token.wait_timeout(Duration::from_secs(3600)));
    }

    #[test]
    fn a_child_is_cancelled_with_its_parent_and_alone() {
        let parent = CancelToken::new();
        let (alone, with) = (parent.child(), parent.child());
        alone.cancel();
        assert!(!parent.is_cancelled() && !with.is_cancelled());
        parent.cancel();
        assert!(with.is_cancelled());
        assert!(parent.child().is_cancelled());
    }
}
