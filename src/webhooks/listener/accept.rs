//! The accept loop: each connection admitted to a slot and served on a thread of its own;
//! an accept that fails (the process out of file descriptors, a connection reset before
//! it was taken) is logged and survived, never the end.

use std::io;
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use super::connection::{serve, Shared};

/// A connection thread's stack: a request is parsed into fixed buffers and the event
/// decoded by `serde_json`, which needs little.
const STACK: usize = 256 * 1024;

/// How long the loop pauses after an accept that failed and freed nothing.
const BACK_OFF: Duration = Duration::from_millis(100);

/// Accepts connections until the listener stops.
pub(super) fn run(socket: &TcpListener, shared: &Arc<Shared>) {
    loop {
        let accepted = socket.accept();
        if shared.stop.is_cancelled() {
            return;
        }
        match accepted {
            Ok((stream, peer)) => start(stream, peer, shared),
            Err(err) => survive(&err, shared),
        }
    }
}

/// Admits and serves one connection.
fn start(stream: TcpStream, peer: SocketAddr, shared: &Arc<Shared>) {
    let accepted = Instant::now();
    let _ = stream.set_nodelay(true);
    let stream = Arc::new(stream);
    let Some(id) = shared.slots.admit(&stream) else {
        return;
    };
    let serving = {
        let shared = shared.clone();
        move || {
            serve(&shared, id, &stream, peer, accepted);
            // The slot's copy is the last: the socket closes as the slot is released.
            drop(stream);
            shared.slots.release(id);
        }
    };
    let spawned = thread::Builder::new()
        .name("polympics-listener".into())
        .stack_size(STACK)
        .spawn(serving);
    if let Err(err) = spawned {
        shared.log.warn(&format!(
            "a callback connection from {peer} was closed: no thread could serve it ({err})"
        ));
        shared.slots.release(id);
    }
}

/// After an accept that failed: logged (rarely), and when the process has run out of
/// file descriptors or memory, the connection that has waited longest without showing the
/// secret is closed to make room; otherwise a short pause.
fn survive(err: &io::Error, shared: &Shared) {
    if matches!(
        err.kind(),
        io::ErrorKind::Interrupted
            | io::ErrorKind::WouldBlock
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    ) {
        return;
    }
    let exhausted = out_of_resources(err);
    shared.log.warn(&format!(
        "accepting a callback connection failed: {err}{}",
        if exhausted {
            "; closing the longest-waiting connection that has not shown the secret"
        } else {
            ""
        }
    ));
    if exhausted && shared.slots.make_room(Duration::from_secs(1)) {
        return;
    }
    shared.stop.wait_timeout(BACK_OFF);
}

/// Whether an accept failed for want of file descriptors, buffers or memory (EMFILE,
/// ENFILE, ENOBUFS, ENOMEM, and Windows' WSAEMFILE and WSAENOBUFS).
fn out_of_resources(err: &io::Error) -> bool {
    err.kind() == io::ErrorKind::OutOfMemory
        || matches!(
            err.raw_os_error(),
            Some(12 | 23 | 24 | 55 | 105 | 10024 | 10055)
        )
}

/// The address that reaches `addr` from this machine: loopback for an unspecified one.
pub(super) fn wake_address(addr: SocketAddr) -> SocketAddr {
    let mut wake = addr;
    if addr.ip().is_unspecified() {
        wake.set_ip(match addr {
            SocketAddr::V4(_) => std::net::Ipv4Addr::LOCALHOST.into(),
            SocketAddr::V6(_) => std::net::Ipv6Addr::LOCALHOST.into(),
        });
    }
    wake
}
