//! Reading requests off a connection: the head, then a body by its length or in chunks,
//! within limits.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;

use crate::http::Request;

/// A request's line and headers are at most this long.
const MAX_HEAD: u64 = 64 * 1024;
/// Request bodies are at most this long (the API's bodies are small).
const MAX_BODY: usize = 1024 * 1024;

/// Why a request could not be read.
pub(super) enum Refusal {
    /// The head or body is over the limit: answer this status, and close.
    TooLarge(u16),
    /// The connection broke, timed out or sent something that is not HTTP.
    Broken,
}

impl From<io::Error> for Refusal {
    fn from(_: io::Error) -> Self {
        Refusal::Broken
    }
}

/// Reads one request; `None` when the client closed the connection between requests.
pub(super) fn read_request(
    reader: &mut BufReader<TcpStream>,
    writer: &mut TcpStream,
) -> Result<Option<Request>, Refusal> {
    let mut budget = reader.by_ref().take(MAX_HEAD);
    let mut line = String::new();
    // Tolerate empty lines between requests, as RFC 9112 asks.
    while line.trim().is_empty() {
        line.clear();
        if budget.read_line(&mut line)? == 0 {
            return Ok(None);
        }
    }
    let mut parts = line.split_ascii_whitespace();
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(Refusal::Broken);
    };
    let (method, target, version) = (method.to_owned(), target.to_owned(), version.to_owned());
    let mut headers = Vec::new();
    loop {
        line.clear();
        if budget.read_line(&mut line)? == 0 {
            return Err(if budget.limit() == 0 {
                Refusal::TooLarge(431)
            } else {
                Refusal::Broken
            });
        }
        let header = line.trim_end_matches(['\r', '\n']);
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':').ok_or(Refusal::Broken)?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let header = |name: &str| {
        headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    };
    let connection = header("connection").unwrap_or("").to_ascii_lowercase();
    let keep_alive = if version == "HTTP/1.0" {
        connection.contains("keep-alive")
    } else {
        !connection.contains("close")
    };
    if header("expect").is_some_and(|v| v.eq_ignore_ascii_case("100-continue")) {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let chunked =
        header("transfer-encoding").is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        read_chunked(reader)?
    } else {
        let length = match header("content-length") {
            Some(value) => value.parse::<usize>().map_err(|_| Refusal::Broken)?,
            None => 0,
        };
        if length > MAX_BODY {
            return Err(Refusal::TooLarge(413));
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    };
    Ok(Some(Request::new(
        method,
        &target,
        header("authorization").map(str::to_owned),
        header("host").map(str::to_owned),
        body,
        keep_alive,
    )))
}

/// A chunked body, at most [`MAX_BODY`] bytes.
fn read_chunked(reader: &mut BufReader<TcpStream>) -> Result<Vec<u8>, Refusal> {
    let mut body = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        reader.by_ref().take(1024).read_line(&mut line)?;
        let size = line.trim().split(';').next().unwrap_or("");
        let size = usize::from_str_radix(size, 16).map_err(|_| Refusal::Broken)?;
        if size == 0 {
            // Trailers, then the empty line.
            loop {
                line.clear();
                if reader.by_ref().take(8 * 1024).read_line(&mut line)? == 0
                    || line.trim().is_empty()
                {
                    return Ok(body);
                }
            }
        }
        if body.len() + size > MAX_BODY {
            return Err(Refusal::TooLarge(413));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        let mut crlf = [0u8; 2];
        reader.read_exact(&mut crlf)?;
    }
}
