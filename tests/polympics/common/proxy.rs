//! A forwarding proxy on loopback in front of a test server, that lets a test act between
//! a client's requests: do what a concurrent run would do just before a request goes on,
//! or change the JSON of an answer (a search that does not yet see another run's write).
//! Interleavings that threads would only hit by chance are then reproduced every time.

use std::io::{Read, Write};
use std::net::TcpStream;

use super::hostile::{Conn, Hostile, RawRequest};

/// What to do to an answer's JSON before it goes back to the client.
pub type Rewrite = Box<dyn FnOnce(&mut serde_json::Value) + Send>;

/// Starts a proxy for `upstream` (a test server's URL). `hook` sees each request before it
/// is forwarded, may act on the server itself meanwhile, and may return a rewrite of the
/// answer's JSON.
pub fn start(
    upstream: &str,
    hook: impl Fn(&RawRequest) -> Option<Rewrite> + Send + Sync + 'static,
) -> Hostile {
    let address = upstream
        .strip_prefix("http://")
        .expect("an http:// upstream")
        .to_owned();
    Hostile::start(move |conn: &mut Conn| {
        while let Some(request) = conn.read_request() {
            let rewrite = hook(&request);
            let answer = forward(&address, &request);
            if !conn.write(&rewritten(&answer, rewrite)) {
                return;
            }
        }
    })
}

/// Sends `request` to `address` on a new connection that the server closes after its
/// answer, and reads the whole answer.
fn forward(address: &str, request: &RawRequest) -> Vec<u8> {
    let mut upstream = TcpStream::connect(address).expect("the test server is up");
    let mut bytes = format!("{} {} HTTP/1.1\r\n", request.method, request.target).into_bytes();
    for (name, value) in &request.headers {
        if !name.eq_ignore_ascii_case("connection") {
            bytes.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
    }
    bytes.extend_from_slice(b"connection: close\r\n\r\n");
    bytes.extend_from_slice(&request.body);
    upstream.write_all(&bytes).unwrap();
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer).unwrap();
    answer
}

/// The answer, to go back on a connection kept alive: its JSON body rewritten if asked,
/// its `content-length` set to match, without the upstream's `connection: close`.
fn rewritten(answer: &[u8], rewrite: Option<Rewrite>) -> Vec<u8> {
    let split = answer
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("an answer with a head");
    let head = String::from_utf8_lossy(&answer[..split]);
    let body = &answer[split + 4..];
    let body = match rewrite {
        Some(rewrite) => {
            let mut json: serde_json::Value = serde_json::from_slice(body).unwrap();
            rewrite(&mut json);
            serde_json::to_vec(&json).unwrap()
        }
        None => body.to_vec(),
    };
    let mut out = String::new();
    for line in head.split("\r\n") {
        let lower = line.to_ascii_lowercase();
        if !lower.starts_with("content-length:")
            && !lower.starts_with("connection:")
            && !lower.starts_with("transfer-encoding:")
        {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    let mut bytes = out.into_bytes();
    bytes.extend_from_slice(&body);
    bytes
}
