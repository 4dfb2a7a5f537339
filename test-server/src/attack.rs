//! [`Attack`]: what a stranger on the network can send a callback receiver without knowing
//! its secret, to test that a receiver survives it and still takes the server's events.

use std::fmt;
use std::io::{self, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::Duration;

/// How long a connect or a write of an attack may block.
const PATIENCE: Duration = Duration::from_secs(2);

/// An attack on a receiver at an address, going on until dropped: its connections stay
/// open (those the receiver has not closed) and its threads keep sending.
///
/// ```
/// use polympics_test_server::Attack;
///
/// let receiver = std::net::TcpListener::bind("127.0.0.1:0")?;
/// let attack = Attack::idle(receiver.local_addr()?, 3)?;
/// assert_eq!(attack.connections(), 3);
/// # Ok::<(), std::io::Error>(())
/// ```
pub struct Attack {
    what: String,
    held: Arc<Mutex<Vec<TcpStream>>>,
    answer: Option<String>,
    stop: Arc<AtomicBool>,
    threads: Vec<JoinHandle<()>>,
}

impl Attack {
    /// A `POST` without the secret that announces `length` bytes of body
    /// (`"1000000000000"`, `"18446744073709551615"`) and sends none; the connection is
    /// held open.
    pub fn content_length(addr: SocketAddr, length: &str) -> io::Result<Attack> {
        let head = format!(
            "POST /polympics HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
             Content-Length: {length}\r\n\r\n"
        );
        Attack::one(addr, format!("Content-Length: {length}"), head.as_bytes())
    }

    /// A `POST` without the secret announcing `Content-Length: 5000`, whose body never
    /// comes.
    pub fn body_that_never_comes(addr: SocketAddr) -> io::Result<Attack> {
        let head = format!(
            "POST /polympics HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 5000\r\n\r\n{{\"acc"
        );
        Attack::one(addr, "a body that never comes".into(), head.as_bytes())
    }

    /// A `POST` without the secret with a chunked body that never ends: a chunk every
    /// 100 ms, for as long as the connection is open.
    pub fn endless_chunks(addr: SocketAddr) -> io::Result<Attack> {
        let head = format!(
            "POST /polympics HTTP/1.1\r\nHost: {addr}\r\nTransfer-Encoding: chunked\r\n\r\n"
        );
        let mut attack = Attack::one(addr, "an endless chunked body".into(), head.as_bytes())?;
        let stream = attack.first()?;
        attack.spawn(move |stop| {
            while !stop.load(Ordering::SeqCst) {
                if (&stream).write_all(b"10\r\n0123456789abcdef\r\n").is_err() {
                    return;
                }
                thread::sleep(Duration::from_millis(100));
            }
        });
        Ok(attack)
    }

    /// `count` requests without the secret written back to back on one connection, whose
    /// answers are never read.
    pub fn pipelined(addr: SocketAddr, count: usize) -> io::Result<Attack> {
        let stream = connect(addr)?;
        let mut attack = Attack::new(format!("{count} pipelined requests"));
        attack.hold(stream.try_clone()?);
        let request =
            format!("POST /polympics HTTP/1.1\r\nHost: {addr}\r\nContent-Length: 2\r\n\r\n{{}}");
        attack.spawn(move |stop| {
            let batch = request.repeat(1000);
            for _ in 0..count.div_ceil(1000) {
                if stop.load(Ordering::SeqCst) || (&stream).write_all(batch.as_bytes()).is_err() {
                    return;
                }
            }
        });
        Ok(attack)
    }

    /// A request whose one header line is `bytes` long (sent in pieces, for as long as
    /// the receiver reads).
    pub fn huge_header(addr: SocketAddr, bytes: usize) -> io::Result<Attack> {
        let head = format!("POST /polympics HTTP/1.1\r\nHost: {addr}\r\nX-Padding: ");
        let mut stream = connect(addr)?;
        stream.write_all(head.as_bytes())?;
        let mut attack = Attack::new(format!("a header line of {bytes} bytes"));
        attack.hold(stream.try_clone()?);
        attack.spawn(move |stop| {
            let piece = vec![b'a'; 64 * 1024];
            let mut sent = 0;
            while sent < bytes && !stop.load(Ordering::SeqCst) {
                let n = piece.len().min(bytes - sent);
                if (&stream).write_all(&piece[..n]).is_err() {
                    return;
                }
                sent += n;
            }
        });
        attack.read_answer();
        Ok(attack)
    }

    /// `count` connections that send nothing (fewer if the receiver stops taking them:
    /// [`connections`](Self::connections) says how many are held).
    pub fn idle(addr: SocketAddr, count: usize) -> io::Result<Attack> {
        let mut attack = Attack::new(format!("{count} idle connections"));
        attack.open(addr, count)?;
        Ok(attack)
    }

    /// `count` connections, each sending one byte of a request head a second (slowloris);
    /// those the receiver closes are opened again.
    pub fn slowloris(addr: SocketAddr, count: usize) -> io::Result<Attack> {
        let mut attack = Attack::new(format!("{count} connections sending a byte a second"));
        attack.open(addr, count)?;
        let held = attack.held.clone();
        attack.spawn(move |stop| {
            let head = b"POST /polympics HTTP/1.1\r\nHost: slow\r\nX-Slow: ";
            let mut at = 0;
            while !stop.load(Ordering::SeqCst) {
                let byte = [head.get(at).copied().unwrap_or(b'a')];
                at += 1;
                let mut held = held.lock().unwrap_or_else(PoisonError::into_inner);
                for stream in held.iter_mut() {
                    if stream.write_all(&byte).is_err() {
                        if let Ok(new) = connect(addr) {
                            *stream = new;
                        }
                    }
                }
                drop(held);
                for _ in 0..10 {
                    if stop.load(Ordering::SeqCst) {
                        return;
                    }
                    thread::sleep(Duration::from_millis(100));
                }
            }
        });
        Ok(attack)
    }

    /// How many connections the attack holds (open, as far as it knows).
    pub fn connections(&self) -> usize {
        self.held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .len()
    }

    /// The status line the receiver answered the attack's first request with, if it
    /// answered within a few seconds (`HTTP/1.1 401 Unauthorized`).
    pub fn answer(&self) -> Option<&str> {
        self.answer.as_deref()
    }

    fn new(what: String) -> Attack {
        Attack {
            what,
            held: Arc::default(),
            answer: None,
            stop: Arc::default(),
            threads: Vec::new(),
        }
    }

    /// One connection sending `bytes`, held open, its answer read.
    fn one(addr: SocketAddr, what: String, bytes: &[u8]) -> io::Result<Attack> {
        let mut stream = connect(addr)?;
        stream.write_all(bytes)?;
        let mut attack = Attack::new(what);
        attack.hold(stream);
        attack.read_answer();
        Ok(attack)
    }

    /// Opens up to `count` connections: as many as the receiver takes before a connect
    /// fails (its backlog full), at least one.
    fn open(&mut self, addr: SocketAddr, count: usize) -> io::Result<()> {
        self.hold(connect(addr)?);
        for _ in 1..count {
            match connect(addr) {
                Ok(stream) => self.hold(stream),
                Err(_) => break,
            }
        }
        Ok(())
    }

    fn hold(&mut self, stream: TcpStream) {
        self.held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(stream);
    }

    fn first(&self) -> io::Result<TcpStream> {
        let held = self.held.lock().unwrap_or_else(PoisonError::into_inner);
        match held.first() {
            Some(stream) => stream.try_clone(),
            None => Err(io::Error::other("no connection")),
        }
    }

    /// Reads the first line the receiver sent on the first connection, if any comes soon.
    fn read_answer(&mut self) {
        let Ok(mut stream) = self.first() else {
            return;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
        let mut line = Vec::new();
        let mut byte = [0u8; 1];
        while line.len() < 200 {
            match stream.read(&mut byte) {
                Ok(1) if byte[0] == b'\n' => break,
                Ok(1) => line.push(byte[0]),
                _ => break,
            }
        }
        let line = String::from_utf8_lossy(&line).trim_end().to_owned();
        self.answer = (!line.is_empty()).then_some(line);
    }

    fn spawn(&mut self, work: impl FnOnce(Arc<AtomicBool>) + Send + 'static) {
        let stop = self.stop.clone();
        self.threads.push(thread::spawn(move || work(stop)));
    }
}

/// The most resident memory the process `pid` has had (`VmHWM`), in KiB: what an attack
/// cost a receiver in a process of its own. `None` where `/proc` does not say (not Linux,
/// or the process is gone).
pub fn peak_memory_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|kb| kb.trim().trim_end_matches("kB").trim().parse().ok())
}

fn connect(addr: SocketAddr) -> io::Result<TcpStream> {
    let stream = TcpStream::connect_timeout(&addr, PATIENCE)?;
    stream.set_write_timeout(Some(PATIENCE))?;
    Ok(stream)
}

impl Drop for Attack {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        for stream in self
            .held
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
        {
            let _ = stream.shutdown(Shutdown::Both);
        }
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl fmt::Debug for Attack {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attack")
            .field("what", &self.what)
            .field("connections", &self.connections())
            .field("answer", &self.answer)
            .finish_non_exhaustive()
    }
}
