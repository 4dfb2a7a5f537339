//! Whether a port speaks plain HTTP: what tells a TLS handshake that failed on a plain HTTP
//! port (`https://` for an `http://` server) from any other failure, so that the error can
//! say the URL's scheme is wrong instead of retrying a connection that can never work.

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use ureq::http::Uri;

/// How long the probe may take to connect, and again to read an answer.
pub(super) const PROBE_LIMIT: Duration = Duration::from_secs(2);

/// Whether the host and port of `base_url` answer a plain `HEAD / HTTP/1.0` with HTTP. A
/// TLS port (which answers with a TLS alert, closes, or says "plain HTTP request was sent
/// to HTTPS port") does not count. One connection, at most [`PROBE_LIMIT`] twice.
pub(super) fn speaks_plain_http(base_url: &str) -> bool {
    let Ok(uri) = base_url.parse::<Uri>() else {
        return false;
    };
    let Some(authority) = uri.authority() else {
        return false;
    };
    let host = authority
        .host()
        .trim_start_matches('[')
        .trim_end_matches(']');
    let port = authority.port_u16().unwrap_or(443);
    let Some(address) = (host, port)
        .to_socket_addrs()
        .ok()
        .and_then(|mut found| found.next())
    else {
        return false;
    };
    let Ok(mut stream) = TcpStream::connect_timeout(&address, PROBE_LIMIT) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(PROBE_LIMIT));
    let _ = stream.set_write_timeout(Some(PROBE_LIMIT));
    let request = format!("HEAD / HTTP/1.0\r\nHost: {}\r\n\r\n", authority.as_str());
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut answer = [0u8; 512];
    let mut read = 0;
    while read < answer.len() {
        match stream.read(&mut answer[read..]) {
            Ok(0) | Err(_) => break,
            Ok(n) => read += n,
        }
    }
    let answer = &answer[..read];
    answer.starts_with(b"HTTP/")
        && !answer
            .windows(b"HTTPS port".len())
            .any(|w| w.eq_ignore_ascii_case(b"HTTPS port"))
}
