//! Reading and writing a connection against deadlines: each read and write waits only for
//! what is left of the time the whole request (or answer) has, so a peer that sends a
//! byte a second runs out as surely as one that sends nothing.

use std::io::{self, Read, Write};
use std::net::TcpStream;
use std::time::Instant;

/// Why no more could be read.
#[derive(Debug)]
pub(super) enum Stop {
    /// The deadline passed.
    TimedOut,
    /// The peer closed its side (or the connection was closed from here).
    Closed,
    /// The socket failed.
    Failed(io::Error),
}

impl std::fmt::Display for Stop {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Stop::TimedOut => f.write_str("it timed out"),
            Stop::Closed => f.write_str("the connection was closed"),
            Stop::Failed(err) => err.fmt(f),
        }
    }
}

/// The bytes read from a connection and not used yet, at most `cap` of them at a time.
pub(super) struct Reader<'s> {
    stream: &'s TcpStream,
    buf: Vec<u8>,
    /// Where the unused bytes start.
    pos: usize,
}

/// How much is read from the socket at once.
const CHUNK: usize = 4096;

impl<'s> Reader<'s> {
    pub(super) fn new(stream: &'s TcpStream) -> Self {
        Reader {
            stream,
            buf: Vec::new(),
            pos: 0,
        }
    }

    /// The bytes read and not used yet.
    pub(super) fn unread(&self) -> &[u8] {
        &self.buf[self.pos..]
    }

    /// Marks `n` bytes of [`unread`](Self::unread) used.
    pub(super) fn consume(&mut self, n: usize) {
        self.pos = (self.pos + n).min(self.buf.len());
        if self.pos == self.buf.len() {
            self.buf.clear();
            self.pos = 0;
        }
    }

    /// Reads more, before `deadline`, so that at most `cap` bytes are unread; how many
    /// were added (at least one). Reading stops at `cap`: the caller decides what a full
    /// buffer means.
    pub(super) fn fill(&mut self, deadline: Instant, cap: usize) -> Result<usize, Stop> {
        if self.pos > 0 {
            self.buf.drain(..self.pos);
            self.pos = 0;
        }
        let room = cap.saturating_sub(self.buf.len()).min(CHUNK);
        if room == 0 {
            return Ok(0);
        }
        let mut chunk = [0u8; CHUNK];
        let n = read_by(self.stream, &mut chunk[..room], deadline)?;
        self.buf.extend_from_slice(&chunk[..n]);
        Ok(n)
    }

    /// Reads exactly `out.len()` bytes into `out`, the unread ones first, before
    /// `deadline`.
    pub(super) fn read_exact(&mut self, out: &mut [u8], deadline: Instant) -> Result<(), Stop> {
        let have = self.unread().len().min(out.len());
        out[..have].copy_from_slice(&self.unread()[..have]);
        self.consume(have);
        let mut done = have;
        while done < out.len() {
            done += read_by(self.stream, &mut out[done..], deadline)?;
        }
        Ok(())
    }
}

/// One read, waiting at most until `deadline`; at least one byte.
fn read_by(mut stream: &TcpStream, out: &mut [u8], deadline: Instant) -> Result<usize, Stop> {
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Stop::TimedOut);
        }
        stream.set_read_timeout(Some(left)).map_err(Stop::Failed)?;
        match stream.read(out) {
            Ok(0) => return Err(Stop::Closed),
            Ok(n) => return Ok(n),
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) if is_timeout(&err) => return Err(Stop::TimedOut),
            Err(err) if is_closed(&err) => return Err(Stop::Closed),
            Err(err) => return Err(Stop::Failed(err)),
        }
    }
}

/// Writes all of `bytes` before `deadline`, however slowly the peer reads.
pub(super) fn write_by(
    mut stream: &TcpStream,
    bytes: &[u8],
    deadline: Instant,
) -> Result<(), Stop> {
    let mut done = 0;
    while done < bytes.len() {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(Stop::TimedOut);
        }
        stream.set_write_timeout(Some(left)).map_err(Stop::Failed)?;
        match stream.write(&bytes[done..]) {
            Ok(0) => return Err(Stop::Closed),
            Ok(n) => done += n,
            Err(err) if err.kind() == io::ErrorKind::Interrupted => {}
            Err(err) if is_timeout(&err) => return Err(Stop::TimedOut),
            Err(err) if is_closed(&err) => return Err(Stop::Closed),
            Err(err) => return Err(Stop::Failed(err)),
        }
    }
    Ok(())
}

/// A socket timeout: `WouldBlock` on Unix, `TimedOut` on Windows.
fn is_timeout(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

fn is_closed(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionReset
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::BrokenPipe
            | io::ErrorKind::NotConnected
            | io::ErrorKind::UnexpectedEof
    )
}
