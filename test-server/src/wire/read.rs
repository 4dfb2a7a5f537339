//! Reading requests off a connection: the head (with `httparse`), then a body by its length
//! or in chunks, within limits.

use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;

use crate::head::RequestHead;
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
    let head = match RequestHead::read(reader, MAX_HEAD) {
        Ok(Some(head)) => head,
        Ok(None) => return Ok(None),
        Err(err) if err.kind() == io::ErrorKind::FileTooLarge => {
            return Err(Refusal::TooLarge(431))
        }
        Err(_) => return Err(Refusal::Broken),
    };
    if head
        .header("expect")
        .is_some_and(|v| v.eq_ignore_ascii_case("100-continue"))
    {
        writer.write_all(b"HTTP/1.1 100 Continue\r\n\r\n")?;
    }
    let chunked = head
        .header("transfer-encoding")
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        read_chunked(reader)?
    } else {
        let length = head.content_length()?;
        if length > MAX_BODY {
            return Err(Refusal::TooLarge(413));
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    };
    let keep_alive = head.keep_alive();
    let header = |name: &str| head.header(name).map(str::to_owned);
    Ok(Some(Request::new(
        head.method.clone(),
        &head.target,
        header("authorization"),
        header("host"),
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
