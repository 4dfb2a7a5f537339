//! The test server on the wire: HTTP/1.1 on a plain `TcpListener`, one thread per
//! connection, connections handled the way the real server's uvicorn handles them.
//!
//! - Keep-alive: a connection serves requests until the client closes it, asks to close,
//!   or stays idle for 5 seconds.
//! - After a 500 the connection is closed without a `Connection: close` header, as uvicorn
//!   does after an unhandled error (clients must not reuse it).
//! - Stopping closes every socket at once, so no client is left waiting on a dead server.
//!
//! Files: this one (the listener and its connections) and `read` (a request off the wire).

use std::collections::HashMap;
use std::io::{self, BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

mod read;

use read::{read_request, Refusal};

use crate::http::{Reply, Request};

/// How long an idle keep-alive connection stays open: uvicorn's default.
const IDLE_TIMEOUT: Duration = Duration::from_secs(5);
/// Connections served at once; more are closed at once.
const MAX_CONNECTIONS: usize = 256;

/// What to do with a request, decided by the server above the wire.
pub(crate) enum Action {
    /// Answer it; after a 500 the connection is closed.
    Reply(Reply),
    /// Send the head and half the body of this reply, then nothing, until the client gives
    /// up or the server stops.
    Stall(Reply),
    /// Close the connection without an answer.
    Drop,
}

/// An [`Action`], and work to do once it is on the wire (callback deliveries).
pub(crate) struct Handled {
    pub(crate) action: Action,
    pub(crate) after: Option<Box<dyn FnOnce() + Send>>,
}

impl From<Action> for Handled {
    fn from(action: Action) -> Self {
        Handled {
            action,
            after: None,
        }
    }
}

type Handler = dyn Fn(Request) -> Handled + Send + Sync;

/// A running listener. Dropping it stops it.
pub(crate) struct Wire {
    port: u16,
    shared: Arc<WireShared>,
    acceptor: Option<JoinHandle<()>>,
}

struct WireShared {
    stopping: AtomicBool,
    open: Mutex<HashMap<usize, TcpStream>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    next_id: AtomicUsize,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Wire {
    /// Listens on a free port of `127.0.0.1` (or `port`), handling requests with `handler`.
    pub(crate) fn start(
        port: u16,
        handler: impl Fn(Request) -> Handled + Send + Sync + 'static,
    ) -> io::Result<Wire> {
        let listener = TcpListener::bind(("127.0.0.1", port))?;
        let port = listener.local_addr()?.port();
        let shared = Arc::new(WireShared {
            stopping: AtomicBool::new(false),
            open: Mutex::new(HashMap::new()),
            threads: Mutex::new(Vec::new()),
            next_id: AtomicUsize::new(0),
        });
        let handler: Arc<Handler> = Arc::new(handler);
        let acceptor = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("polympics-test-accept".into())
                .spawn(move || accept(&listener, &shared, &handler))?
        };
        Ok(Wire {
            port,
            shared,
            acceptor: Some(acceptor),
        })
    }

    pub(crate) fn port(&self) -> u16 {
        self.port
    }
}

impl Drop for Wire {
    fn drop(&mut self) {
        self.shared.stopping.store(true, Ordering::SeqCst);
        // Wake the acceptor, then close every connection: blocked reads and writes end.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
        for (_, stream) in lock(&self.shared.open).drain() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        let threads = std::mem::take(&mut *lock(&self.shared.threads));
        for thread in threads {
            let _ = thread.join();
        }
    }
}

fn accept(listener: &TcpListener, shared: &Arc<WireShared>, handler: &Arc<Handler>) {
    for stream in listener.incoming() {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let _ = stream.set_nodelay(true);
        let Ok(handle) = stream.try_clone() else {
            continue;
        };
        let id = shared.next_id.fetch_add(1, Ordering::SeqCst);
        {
            let mut open = lock(&shared.open);
            if open.len() >= MAX_CONNECTIONS {
                let _ = stream.shutdown(Shutdown::Both);
                continue;
            }
            open.insert(id, handle);
        }
        let (shared_for_thread, handler) = (shared.clone(), handler.clone());
        let spawned = std::thread::Builder::new()
            .name(format!("polympics-test-conn-{id}"))
            .spawn(move || {
                serve(stream, &handler, &shared_for_thread);
                lock(&shared_for_thread.open).remove(&id);
            });
        let mut threads = lock(&shared.threads);
        threads.retain(|thread| !thread.is_finished());
        if let Ok(thread) = spawned {
            threads.push(thread);
        }
    }
}

/// Serves one connection until it closes.
fn serve(stream: TcpStream, handler: &Arc<Handler>, shared: &WireShared) {
    let Ok(read_half) = stream.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(read_half);
    let mut writer = stream;
    loop {
        if shared.stopping.load(Ordering::SeqCst) {
            return;
        }
        let _ = writer.set_read_timeout(Some(IDLE_TIMEOUT));
        let request = match read_request(&mut reader, &mut writer) {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(Refusal::TooLarge(status)) => {
                let _ = write_reply(
                    &mut writer,
                    &Reply::detail(status, "Request too large"),
                    true,
                );
                let _ = writer.shutdown(Shutdown::Both);
                return;
            }
            Err(Refusal::Broken) => return,
        };
        let keep_alive = request.keep_alive;
        let head_only = request.method == "HEAD";
        let Handled { action, after } = handler(request);
        let open = match action {
            Action::Reply(reply) => {
                // After a 500, uvicorn closes the connection without saying so.
                let close = reply.status == 500 || !keep_alive;
                let written = write_reply_for(&mut writer, &reply, !keep_alive, head_only);
                written.is_ok() && !close
            }
            Action::Stall(reply) => {
                let _ = write_stalled(&mut writer, &reply);
                if let Some(after) = after {
                    after();
                }
                let _ = writer.set_read_timeout(None);
                wait_for_close(&mut reader);
                return;
            }
            Action::Drop => false,
        };
        if let Some(after) = after {
            after();
        }
        if !open {
            let _ = writer.shutdown(Shutdown::Both);
            return;
        }
    }
}

fn reason(status: u16) -> &'static str {
    ureq::http::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .unwrap_or("Unknown")
}

/// How a reply's body is framed, as uvicorn frames it.
enum Framing {
    /// No body at all: 1xx, 204, 304.
    None,
    /// `content-length`: every reply with a body or a content type.
    Length(usize),
    /// `transfer-encoding: chunked` with no chunk: an empty reply of another status (an
    /// empty 201, 208, 307 or 404).
    EmptyChunked,
}

impl Framing {
    fn of(reply: &Reply) -> Framing {
        if matches!(reply.status, 100..=199 | 204 | 304) {
            Framing::None
        } else if reply.body.is_empty() && reply.content_type.is_none() {
            Framing::EmptyChunked
        } else {
            Framing::Length(reply.body.len())
        }
    }
}

/// The reply's head, as uvicorn writes it.
fn head(reply: &Reply, framing: &Framing, close: bool) -> Vec<u8> {
    let mut out = Vec::with_capacity(160 + reply.body.len());
    let _ = write!(
        out,
        "HTTP/1.1 {} {}\r\n",
        reply.status,
        reason(reply.status)
    );
    let _ = write!(out, "server: uvicorn\r\n");
    match framing {
        Framing::Length(length) => {
            let _ = write!(out, "content-length: {length}\r\n");
        }
        Framing::EmptyChunked => out.extend_from_slice(b"transfer-encoding: chunked\r\n"),
        Framing::None => {}
    }
    if let Some(content_type) = &reply.content_type {
        let _ = write!(out, "content-type: {content_type}\r\n");
    }
    for (name, value) in &reply.headers {
        let _ = write!(out, "{name}: {value}\r\n");
    }
    if close {
        out.extend_from_slice(b"connection: close\r\n");
    }
    out.extend_from_slice(b"\r\n");
    out
}

fn write_reply(writer: &mut TcpStream, reply: &Reply, close: bool) -> io::Result<()> {
    write_reply_for(writer, reply, close, false)
}

fn write_reply_for(
    writer: &mut TcpStream,
    reply: &Reply,
    close: bool,
    head_only: bool,
) -> io::Result<()> {
    let framing = Framing::of(reply);
    let mut out = head(reply, &framing, close);
    match framing {
        Framing::Length(_) if !head_only => out.extend_from_slice(&reply.body),
        Framing::EmptyChunked if !head_only => out.extend_from_slice(b"0\r\n\r\n"),
        _ => {}
    }
    writer.write_all(&out)?;
    writer.flush()
}

/// The head with the full length, and only the first half of the body.
fn write_stalled(writer: &mut TcpStream, reply: &Reply) -> io::Result<()> {
    let mut out = head(reply, &Framing::Length(reply.body.len().max(2)), false);
    out.extend_from_slice(&reply.body[..reply.body.len() / 2]);
    writer.write_all(&out)?;
    writer.flush()
}

/// Blocks until the client closes the connection or the server stops (which shuts the
/// socket down).
fn wait_for_close(reader: &mut BufReader<TcpStream>) {
    let mut sink = [0u8; 4096];
    while matches!(reader.get_mut().read(&mut sink), Ok(n) if n > 0) {}
}
