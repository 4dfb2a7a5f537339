//! [`Listener`]: the server's callback events, received on an address of the caller's and
//! yielded as a blocking iterator once verified (the `listener` feature, on `tiny_http`).

use std::fmt;
use std::io::Read;
use std::net::{SocketAddr, TcpListener, ToSocketAddrs};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tiny_http::{Header, Method, Request, Response, Server};

use super::check::{account_team_update, verify_authorization};
use crate::error::{Error, Result};
use crate::models::AccountTeamUpdateEvent;
use crate::secret::Secret;

/// The largest event body accepted by default: an event is an account and its team, a few
/// kilobytes even with many awards.
const DEFAULT_MAX_BODY: usize = 1024 * 1024;

/// A verified event from the server.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// An account joined, left or changed teams (`account_team_update`).
    AccountTeamUpdate(AccountTeamUpdateEvent),
}

/// Receives the events the server POSTs to a registered callback, and yields those that
/// carry the right secret, as a lazy, blocking iterator.
///
/// Each request is checked before anything else is read: its `Authorization` must be
/// `Bearer <secret>` (compared in constant time; a wrong or missing one is answered 401,
/// logged without the secret, and never yielded), it must be a `POST` (405), its body at
/// most [`max_body`](Self::max_body) bytes (413) and an event the crate can read (400).
/// The server is answered `204 No Content` as the event is handed to the caller, not
/// before: an event the server was told arrived is one the caller has. (The server sends
/// each event once and never again: what arrives while nothing listens is lost, so a
/// listener that must miss nothing also re-reads the league now and then, as
/// `roster::Watch` does.)
///
/// [`shutdown_handle`](Self::shutdown_handle) stops the iteration from another thread.
/// Dropping the listener closes its port. A connection the server keeps alive to it stays
/// open until the server closes it (`tiny_http` cannot close it from this side), and an
/// event sent on it is not answered: the server's delivery times out and the event is
/// lost, as is any event sent while nothing listens. Remove the callback before you stop
/// listening for good.
///
/// It speaks plain HTTP/1.1. Where the server reaches it over the internet, put it behind
/// a reverse proxy that terminates TLS (nginx, Caddy): the proxy also bounds what a
/// stranger can send, which `tiny_http` does not do for a request's head (its body is
/// bounded here).
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
/// let Some(Ok(Event::AccountTeamUpdate(event))) = listener.incoming().next() else {
///     panic!("an event");
/// };
/// assert_eq!(event.account.name, "Achilles");
/// assert_eq!(event.team.map(|team| team.id), Some(TeamId(5)));
/// # Ok::<(), polympics::Error>(())
/// ```
pub struct Listener {
    server: Arc<Server>,
    addr: SocketAddr,
    secret: Secret,
    max_body: usize,
    stopped: Arc<AtomicBool>,
}

/// Stops a [`Listener`]'s iteration from another thread (a desktop app's quit button, a
/// signal handler): a blocked `next()` returns `None`, and so does every later one.
#[derive(Clone)]
pub struct Shutdown {
    server: Arc<Server>,
    stopped: Arc<AtomicBool>,
}

impl fmt::Debug for Listener {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Listener")
            .field("addr", &self.addr)
            .field("secret", &self.secret)
            .field("max_body", &self.max_body)
            .field("stopped", &self.is_shut_down())
            .finish()
    }
}

impl fmt::Debug for Shutdown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Shutdown")
            .field("stopped", &self.stopped.load(Ordering::SeqCst))
            .finish()
    }
}

impl Shutdown {
    /// Stops the listener's iteration; requests that arrive from now on are answered 503.
    pub fn shutdown(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        self.server.unblock();
    }
}

impl Listener {
    /// Listens on `addr` (`"0.0.0.0:8012"`, or port 0 for a free one) for events signed
    /// with `secret`, the one given to
    /// [`create_callback`](crate::AppClient::create_callback).
    ///
    /// # Errors
    ///
    /// [`Error::Listen`] when the address cannot be bound (in use, not this machine's, a
    /// privileged port); [`Error::Config`] for an empty secret.
    pub fn bind(addr: impl ToSocketAddrs, secret: impl Into<Secret>) -> Result<Listener> {
        let secret = secret.into();
        if secret.expose().is_empty() {
            return Err(Error::Config(
                "the callback secret is empty: give the one the callback was registered with"
                    .to_owned(),
            ));
        }
        let shown = |addrs: &[SocketAddr]| match addrs {
            [addr, ..] => addr.to_string(),
            [] => "the address given".to_owned(),
        };
        let addrs: Vec<SocketAddr> = addr
            .to_socket_addrs()
            .map_err(|err| Error::Listen {
                addr: "the address given".to_owned(),
                source: err,
            })?
            .collect();
        let socket = TcpListener::bind(&addrs[..]).map_err(|err| Error::Listen {
            addr: shown(&addrs),
            source: err,
        })?;
        let addr = socket.local_addr().map_err(|err| Error::Listen {
            addr: shown(&addrs),
            source: err,
        })?;
        let server = Server::from_listener(socket, None).map_err(|err| Error::Listen {
            addr: addr.to_string(),
            source: std::io::Error::other(err.to_string()),
        })?;
        log::debug!(target: "polympics::webhooks", "listening for callback events on {addr}");
        Ok(Listener {
            server: Arc::new(server),
            addr,
            secret,
            max_body: DEFAULT_MAX_BODY,
            stopped: Arc::new(AtomicBool::new(false)),
        })
    }

    /// The largest body accepted (1 MiB by default); a larger one is answered 413 without
    /// being read whole.
    pub fn max_body(mut self, bytes: usize) -> Self {
        self.max_body = bytes;
        self
    }

    /// The address it listens on (with the port chosen, for port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// A handle that stops the iteration from another thread.
    pub fn shutdown_handle(&self) -> Shutdown {
        Shutdown {
            server: self.server.clone(),
            stopped: self.stopped.clone(),
        }
    }

    /// Whether [`Shutdown::shutdown`] was called.
    pub fn is_shut_down(&self) -> bool {
        self.stopped.load(Ordering::SeqCst)
    }

    /// The verified events, as they arrive: each `next()` blocks until one does. It ends
    /// (`None`) once shut down, and after an `Err` (the listening socket failed).
    pub fn incoming(&self) -> Incoming<'_> {
        Incoming {
            listener: self,
            done: false,
        }
    }

    /// The next verified event, waiting at most `timeout`: `None` when none came in time,
    /// or the listener was shut down ([`is_shut_down`](Self::is_shut_down) tells which).
    pub fn next_timeout(&self, timeout: Duration) -> Option<Result<Event>> {
        self.wait(Some(Instant::now() + timeout))
    }

    /// Takes requests until one is a verified event, the deadline passes, or it is shut
    /// down.
    fn wait(&self, deadline: Option<Instant>) -> Option<Result<Event>> {
        loop {
            if self.is_shut_down() {
                return None;
            }
            let received = match deadline {
                None => self.server.recv().map(Some),
                Some(deadline) => {
                    let left = deadline.saturating_duration_since(Instant::now());
                    if left.is_zero() {
                        return None;
                    }
                    self.server.recv_timeout(left)
                }
            };
            let request = match received {
                Ok(Some(request)) => request,
                // The time ran out, or an unblock: the loop checks which.
                Ok(None) => continue,
                // `recv` fails on an unblock, which only a shutdown sends.
                Err(_) if self.is_shut_down() => return None,
                Err(err) => {
                    return Some(Err(Error::Listen {
                        addr: self.addr.to_string(),
                        source: err,
                    }))
                }
            };
            if self.is_shut_down() {
                let _ = request.respond(Response::empty(503));
                return None;
            }
            if let Some(event) = self.verify(request) {
                return Some(Ok(event));
            }
        }
    }

    /// The event a request carries, answered 204; or `None`, the request answered with
    /// why it was refused.
    fn verify(&self, mut request: Request) -> Option<Event> {
        let from = request
            .remote_addr()
            .map_or_else(|| "?".to_owned(), SocketAddr::to_string);
        let refuse = |request: Request, status: u16, why: &str| {
            log::warn!(target: "polympics::webhooks", "refused a callback request from {from}: {why}");
            let mut response = Response::empty(status);
            let extra = match status {
                401 => Header::from_bytes("WWW-Authenticate", "Bearer").ok(),
                405 => Header::from_bytes("Allow", "POST").ok(),
                _ => None,
            };
            if let Some(extra) = extra {
                response.add_header(extra);
            }
            let _ = request.respond(response);
            None
        };
        let authorization = request
            .headers()
            .iter()
            .find(|h| h.field.equiv("Authorization"))
            .map(|h| h.value.as_str());
        if !verify_authorization(authorization, self.secret.expose()) {
            return refuse(request, 401, "a wrong or missing secret");
        }
        if *request.method() != Method::Post {
            return refuse(request, 405, "not a POST");
        }
        if request.body_length().is_some_and(|len| len > self.max_body) {
            return refuse(request, 413, "a body over the limit");
        }
        let mut body = Vec::new();
        let limit = u64::try_from(self.max_body)
            .unwrap_or(u64::MAX)
            .saturating_add(1);
        if let Err(err) = request.as_reader().take(limit).read_to_end(&mut body) {
            return refuse(request, 400, &format!("its body could not be read: {err}"));
        }
        if body.len() > self.max_body {
            return refuse(request, 413, "a body over the limit");
        }
        match account_team_update(&body) {
            Ok(event) => {
                // Handed over now: the server hears of it as the caller gets it.
                if let Err(err) = request.respond(Response::empty(204)) {
                    log::debug!(target: "polympics::webhooks", "the answer to {from} was not delivered: {err}");
                }
                Some(Event::AccountTeamUpdate(event))
            }
            Err(err) => refuse(request, 400, &err.to_string()),
        }
    }
}

impl<'a> IntoIterator for &'a Listener {
    type Item = Result<Event>;
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
    done: bool,
}

impl Iterator for Incoming<'_> {
    type Item = Result<Event>;

    fn next(&mut self) -> Option<Result<Event>> {
        if self.done {
            return None;
        }
        let next = self.listener.wait(None);
        self.done = !matches!(next, Some(Ok(_)));
        next
    }
}

impl std::iter::FusedIterator for Incoming<'_> {}
