//! A scripted HTTP/1.1 server on loopback that misbehaves on purpose: each connection runs
//! a script that reads requests and writes whatever bytes it likes, stalls, or resets.
//!
//! Stalls wait for the client to give up (a blocking read that ends when the client closes
//! its side), never for a fixed time, and the server stops when dropped.

use std::io::{BufReader, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use polympics_test_server::RequestHead;

/// A request as the server read it.
#[derive(Debug, Clone)]
pub struct RawRequest {
    pub method: String,
    pub target: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Which connection it came on (from 0), and its position on that connection.
    pub connection: usize,
    pub on_connection: usize,
    /// When its head was read.
    pub at: Instant,
}

impl RawRequest {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The request's line and headers as they were sent, for servers that echo them.
    pub fn head(&self) -> String {
        let mut head = format!("{} {} HTTP/1.1\r\n", self.method, self.target);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head
    }
}

/// One accepted connection, as a script sees it.
pub struct Conn {
    reader: BufReader<TcpStream>,
    stream: TcpStream,
    index: usize,
    served: usize,
    log: Arc<Log>,
    open: Open,
}

/// The requests received, and a signal for each new one.
#[derive(Default)]
struct Log {
    requests: Mutex<Vec<RawRequest>>,
    added: Condvar,
}

/// The server's own handle on each connection, to close them all when it stops.
type Open = Arc<Mutex<Vec<Option<TcpStream>>>>;

impl Conn {
    /// The next request on this connection, or `None` when the client closed it.
    pub fn read_request(&mut self) -> Option<RawRequest> {
        let head = RequestHead::read(&mut self.reader, 1 << 20).ok()??;
        let at = Instant::now();
        let mut body = vec![0; head.content_length().ok()?];
        self.reader.read_exact(&mut body).ok()?;
        let RequestHead {
            method,
            target,
            headers,
            ..
        } = head;
        let request = RawRequest {
            method,
            target,
            headers,
            body,
            connection: self.index,
            on_connection: self.served,
            at,
        };
        self.served += 1;
        self.log.requests.lock().unwrap().push(request.clone());
        self.log.added.notify_all();
        Some(request)
    }

    /// Reads whatever the client sent next, raw (a TLS hello to a plain port, say): how
    /// many bytes, 0 when it closed.
    pub fn read_some(&mut self, buf: &mut [u8]) -> usize {
        self.reader.read(buf).unwrap_or(0)
    }

    /// Writes raw bytes; `false` once the client is gone.
    pub fn write(&mut self, bytes: &[u8]) -> bool {
        self.stream
            .write_all(bytes)
            .and_then(|()| self.stream.flush())
            .is_ok()
    }

    /// Writes a whole answer with a `Content-Length`, and keeps the connection open.
    pub fn respond(&mut self, status: u16, headers: &[(&str, &str)], body: &str) -> bool {
        let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
        for (name, value) in headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
        head.push_str(body);
        self.write(head.as_bytes())
    }

    /// A JSON answer.
    pub fn json(&mut self, status: u16, body: &str) -> bool {
        self.respond(status, &[("content-type", "application/json")], body)
    }

    /// Waits until the client closes the connection (or sends more), reading nothing of
    /// what it sends: how a server that stalls looks from the client.
    pub fn stall(&mut self) {
        let mut sink = [0u8; 1024];
        while matches!(self.reader.get_mut().read(&mut sink), Ok(n) if n > 0) {}
    }

    /// Waits for the client's next request without answering it, then closes.
    pub fn close_when_reused(&mut self) {
        let mut byte = [0u8; 1];
        let _ = self.reader.read(&mut byte);
        self.close();
    }

    /// Makes the connection end with a TCP reset instead of an orderly close, when the
    /// script returns and the connection is dropped.
    pub fn reset_on_return(&mut self) {
        let socket = socket2::SockRef::from(&self.stream);
        let _ = socket.set_linger(Some(Duration::ZERO));
        // The server's handle would keep the socket open: drop it now.
        self.open.lock().unwrap()[self.index] = None;
    }

    /// Closes the connection in both directions.
    pub fn close(&mut self) {
        let _ = self.stream.shutdown(Shutdown::Both);
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "Created",
        204 => "No Content",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "Other",
    }
}

type Script = dyn Fn(&mut Conn) + Send + Sync;

/// The server: accepts connections and runs the script on each, on a thread of its own.
pub struct Hostile {
    url: String,
    port: u16,
    log: Arc<Log>,
    connections: Arc<AtomicUsize>,
    open: Open,
    stopping: Arc<AtomicBool>,
    acceptor: Option<JoinHandle<()>>,
}

impl Hostile {
    pub fn start(script: impl Fn(&mut Conn) + Send + Sync + 'static) -> Hostile {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Log::default());
        let connections = Arc::new(AtomicUsize::new(0));
        let open: Open = Arc::new(Mutex::new(Vec::new()));
        let stopping = Arc::new(AtomicBool::new(false));
        let script: Arc<Script> = Arc::new(script);
        let acceptor = {
            let (log, connections, open, stopping) = (
                log.clone(),
                connections.clone(),
                open.clone(),
                stopping.clone(),
            );
            std::thread::spawn(move || {
                for stream in listener.incoming() {
                    if stopping.load(Ordering::SeqCst) {
                        return;
                    }
                    let Ok(stream) = stream else { continue };
                    let _ = stream.set_nodelay(true);
                    let index = connections.fetch_add(1, Ordering::SeqCst);
                    open.lock().unwrap().push(Some(stream.try_clone().unwrap()));
                    let mut conn = Conn {
                        reader: BufReader::new(stream.try_clone().unwrap()),
                        stream,
                        index,
                        served: 0,
                        log: log.clone(),
                        open: open.clone(),
                    };
                    let script = script.clone();
                    std::thread::spawn(move || script(&mut conn));
                }
            })
        };
        Hostile {
            url: format!("http://127.0.0.1:{port}"),
            port,
            log,
            connections,
            open,
            stopping,
            acceptor: Some(acceptor),
        }
    }

    /// A server that answers every request on a connection with `answer`, keeping it alive.
    pub fn answering(
        answer: impl Fn(&RawRequest, &mut Conn) -> bool + Send + Sync + 'static,
    ) -> Hostile {
        Hostile::start(move |conn| {
            while let Some(request) = conn.read_request() {
                if !answer(&request, conn) {
                    return;
                }
            }
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<RawRequest> {
        self.log.requests.lock().unwrap().clone()
    }

    /// Waits until at least `count` requests arrived (or `timeout` passed), and returns them.
    pub fn wait_for_requests(&self, count: usize, timeout: Duration) -> Vec<RawRequest> {
        let requests = self.log.requests.lock().unwrap();
        let (requests, _) = self
            .log
            .added
            .wait_timeout_while(requests, timeout, |requests| requests.len() < count)
            .unwrap();
        requests.clone()
    }

    /// How many connections were accepted.
    pub fn connections(&self) -> usize {
        self.connections.load(Ordering::SeqCst)
    }
}

impl Drop for Hostile {
    fn drop(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        for stream in self.open.lock().unwrap().drain(..).flatten() {
            let _ = stream.shutdown(Shutdown::Both);
        }
        // Wake the acceptor so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}
