//! [`Listener`], bound and running: the port, the accept loop's thread, what stops them,
//! and the verified events as an iterator ([`Incoming`]).

use std::fmt;
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::accept;
use super::connection::{Quiet, Shared};
use super::handoff::Handoff;
use super::limits::Limits;
use super::slots::Slots;
use crate::cancel::{CancelToken, OnCancel};
use crate::clock::bounded;
use crate::secret::Secret;
use crate::webhooks::error::Error;
use crate::webhooks::event::Event;

/// Receives the events the server POSTs to a registered callback, and yields those that
/// carry the right secret, as a lazy, blocking iterator.
///
/// Each request's head is checked before its body is read: its `Authorization` must be
/// `Bearer <secret>` (compared in constant time; a wrong or missing one is answered 401,
/// logged without the secret, closed, and its body never read), it must be a `POST` (405),
/// its body at most [`max_body`](super::ListenerBuilder::max_body) bytes (413, decided from
/// `Content-Length` before anything is allocated) and an event the crate can read (400).
/// The server is answered `204 No Content` as the event is handed to the caller, not
/// before: an event the server was told arrived is one the caller has. (The server sends
/// each event once and never again: what arrives while nothing listens is lost, so a
/// listener that must miss nothing also re-reads the league now and then, as
/// `roster::Watch` does.)
///
/// # On the open network
///
/// The listener serves each connection on a thread of its own and bounds what a peer that
/// does not know the secret can cost (the limits of [`ListenerBuilder`](super::ListenerBuilder)):
///
/// - a head of at most 16 KiB (431), a body of at most 1 MiB (413), never allocated from
///   what `Content-Length` announces;
/// - a deadline for each whole request (10 s from its first byte) and each whole answer,
///   not for each read, so a peer that sends one byte a second is closed as surely as a
///   silent one;
/// - at most 256 connections; a new one takes the place of the one that has waited
///   longest without showing the secret, so a crowd of slow or idle peers delays an event
///   by no more than it takes to read it;
/// - one request at a time on a connection (a pipelined one waits unread in the socket
///   until the answer before it is written), 1,000 at most, idle for 20 s at most;
/// - a refused request is answered and its connection closed, never drained;
/// - an accept that fails (no file descriptor left) is logged and survived: the
///   longest-waiting unverified connection is closed to make room.
///
/// It speaks plain HTTP/1.1. Where the server reaches it over the internet, put it behind
/// a reverse proxy that terminates TLS (nginx, Caddy): the secret travels in a header, and
/// only TLS keeps it from the networks in between. The proxy's own limits come on top.
///
/// # Stopping
///
/// Dropping the listener, or cancelling its [`cancel_token`](Self::cancel_token) (or the
/// one given to [`ListenerBuilder::cancel_token`](super::ListenerBuilder::cancel_token)), closes its port and every connection
/// at once: a blocked `next()` returns `None`, and an event not taken yet is not answered
/// (the server counts it failed). Remove the callback before you stop listening for good.
///
/// ```
/// use polympics::webhooks::{Event, Listener};
/// use polympics::{AccountUpdate, EventType, TeamId};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let listener = Listener::bind("127.0.0.1:0", "s3cret-of-this-app")?;
/// let url = format!("http://{}/polympics", listener.local_addr());
/// app.create_callback(EventType::AccountTeamUpdate, &url, "s3cret-of-this-app")?;
///
/// app.update_account(800000000000000000, AccountUpdate::new().team(TeamId(5)))?;
/// let Some(Event::AccountTeamUpdate(event)) = listener.incoming().next() else {
///     panic!("an event");
/// };
/// assert_eq!(event.account.name, "Achilles");
/// assert_eq!(event.team.map(|team| team.id), Some(TeamId(5)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub struct Listener {
    shared: Arc<Shared>,
    addr: SocketAddr,
    accept: Option<JoinHandle<()>>,
    /// Whether a stop woke the accept loop (which then ends at once).
    woken: Arc<AtomicBool>,
    _wake: OnCancel,
}

/// How often, and how patiently, a stop tries to wake the accept loop.
const WAKE_TRIES: u32 = 20;
const WAKE_PATIENCE: Duration = Duration::from_millis(100);

impl fmt::Debug for Listener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Listener")
            .field("addr", &self.addr)
            .field("secret", &self.shared.secret)
            .field("limits", &self.shared.limits)
            .field("cancelled", &self.is_cancelled())
            .finish()
    }
}

impl Listener {
    /// Binds `addr` and starts the accept loop (what [`ListenerBuilder::bind`] does).
    pub(super) fn start(
        secret: Secret,
        limits: Limits,
        cancel: Option<CancelToken>,
        addr: impl ToSocketAddrs,
    ) -> Result<Listener, Error> {
        if secret.expose().is_empty() {
            return Err(Error::EmptySecret);
        }
        let listen_error = |addr: String| move |source| Error::Listen { addr, source };
        let addrs: Vec<SocketAddr> = addr
            .to_socket_addrs()
            .map_err(listen_error("the address given".to_owned()))?
            .collect();
        let shown = addrs
            .first()
            .map_or_else(|| "the address given".to_owned(), SocketAddr::to_string);
        let socket = TcpListener::bind(&addrs[..]).map_err(listen_error(shown.clone()))?;
        let addr = socket.local_addr().map_err(listen_error(shown))?;
        let stop = match cancel {
            Some(parent) => parent.child(),
            None => CancelToken::new(),
        };
        let shared = Arc::new(Shared {
            secret,
            slots: Slots::new(limits.max_connections),
            limits,
            handoff: Handoff::default(),
            stop: stop.clone(),
            log: Quiet::default(),
        });
        let accept = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("polympics-listener-accept".into())
                .spawn(move || accept::run(&socket, &shared))
                .map_err(listen_error(addr.to_string()))?
        };
        // A stop closes every connection, drops the events not taken, and wakes the accept
        // loop with a connection of its own.
        // A stop closes every connection, drops the events not taken, and wakes the accept
        // loop with a connection of its own (tried again while the process is out of file
        // descriptors: the connections just closed give some back).
        let woken = Arc::new(AtomicBool::new(false));
        let wake = {
            let (shared, woken) = (Arc::downgrade(&shared), woken.clone());
            let to = accept::wake_address(addr);
            stop.on_cancel(move || {
                if let Some(shared) = shared.upgrade() {
                    shared.handoff.close();
                    shared.slots.close_all();
                }
                for _ in 0..WAKE_TRIES {
                    if TcpStream::connect_timeout(&to, WAKE_PATIENCE).is_ok() {
                        woken.store(true, Ordering::SeqCst);
                        return;
                    }
                    std::thread::sleep(WAKE_PATIENCE / 10);
                }
            })
        };
        log::debug!(target: "polympics::webhooks", "listening for callback events on {addr}");
        Ok(Listener {
            shared,
            addr,
            accept: Some(accept),
            woken,
            _wake: wake,
        })
    }

    /// The address it listens on (with the port chosen, for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The token that stops it: cancel it from another thread (a quit button, a signal
    /// handler) and a blocked `next()` returns `None`, as does every later one. It is the
    /// listener's own (cancelling it does not cancel the token given to
    /// [`ListenerBuilder::cancel_token`](super::ListenerBuilder::cancel_token), which does cancel it).
    pub fn cancel_token(&self) -> CancelToken {
        self.shared.stop.clone()
    }

    /// Whether it was stopped.
    pub fn is_cancelled(&self) -> bool {
        self.shared.stop.is_cancelled()
    }

    /// The verified events, as they arrive: each `next()` blocks until one does, and
    /// `None` once the listener is stopped. Nothing a peer sends ends it.
    pub fn incoming(&self) -> Incoming<'_> {
        Incoming { listener: self }
    }

    /// The next verified event, waiting at most `timeout`: `None` when none came in time,
    /// or the listener was stopped ([`is_cancelled`](Self::is_cancelled) tells which).
    pub fn next_timeout(&self, timeout: Duration) -> Option<Event> {
        self.shared
            .handoff
            .take(Some(Instant::now() + bounded(timeout)))
    }
}

impl Drop for Listener {
    /// Stops it: the port and every connection are closed before `drop` returns.
    fn drop(&mut self) {
        self.shared.stop.cancel();
        // Joined when woken; otherwise (no connection could be made to wake it) it ends with
        // the next connection that arrives, and the port closes then.
        if let Some(accept) = self
            .accept
            .take()
            .filter(|_| self.woken.load(Ordering::SeqCst))
        {
            let _ = accept.join();
        }
    }
}

impl<'a> IntoIterator for &'a Listener {
    type Item = Event;
    type IntoIter = Incoming<'a>;

    fn into_iter(self) -> Incoming<'a> {
        self.incoming()
    }
}

/// The verified events of a [`Listener`], as they arrive (from
/// [`Listener::incoming`]).
#[derive(Debug)]
#[must_use = "an iterator receives nothing until it is iterated"]
pub struct Incoming<'a> {
    listener: &'a Listener,
}

impl Iterator for Incoming<'_> {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        self.listener.shared.handoff.take(None)
    }
}

impl std::iter::FusedIterator for Incoming<'_> {}
