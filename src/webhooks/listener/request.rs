//! One request off the wire: its head (parsed by `httparse`, checked against the secret
//! before anything else is read) and its body (by `Content-Length` or chunked), each
//! within the limits and the request's deadline.

use std::time::Instant;

use super::wire::{Reader, Stop};
use crate::webhooks::check::verify_authorization;

/// The most headers a request may have (a callback has about eight).
const MAX_HEADERS: usize = 64;

/// What the head says, as far as the listener cares.
#[derive(Debug)]
pub(super) struct Head {
    pub(super) is_post: bool,
    /// Exactly one `Authorization` header, and it is `Bearer <secret>`.
    pub(super) authorized: bool,
    pub(super) length: Length,
    pub(super) keep_alive: bool,
    pub(super) expect: Expect,
}

/// How the body's end is known.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Length {
    /// No body.
    None,
    /// `Content-Length`.
    Fixed(u64),
    /// More than a `u64` holds.
    Huge,
    /// `Transfer-Encoding: chunked`.
    Chunked,
    /// Contradictory or malformed framing, said why: refused, never guessed.
    Invalid(&'static str),
    /// A transfer coding other than chunked.
    Unsupported,
}

/// The `Expect` header.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Expect {
    Nothing,
    Continue,
    Other,
}

/// Why a request was not read whole.
#[derive(Debug)]
pub(super) enum Failure {
    /// Answer with this status, say why in the log, and close.
    Refuse(u16, &'static str),
    /// The peer went away, or never started a request: close without an answer.
    Gone,
}

impl From<Stop> for Failure {
    fn from(stop: Stop) -> Self {
        match stop {
            Stop::TimedOut => Failure::Refuse(408, "the request was not sent in time"),
            Stop::Closed | Stop::Failed(_) => Failure::Gone,
        }
    }
}

/// Reads a request's head before `deadline`, at most `max_head` bytes, and checks it
/// against `secret`. A connection that sends nothing until the deadline, or closes before
/// a byte, is [`Failure::Gone`].
pub(super) fn read_head(
    reader: &mut Reader<'_>,
    deadline: Instant,
    max_head: usize,
    secret: &str,
) -> Result<Head, Failure> {
    let mut scanned = 0;
    loop {
        let unread = reader.unread();
        if ends_head(unread, scanned) {
            let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
            let mut request = httparse::Request::new(&mut headers);
            match request.parse(unread) {
                Ok(httparse::Status::Complete(len)) => {
                    let head = interpret(&request, secret);
                    reader.consume(len);
                    return Ok(head);
                }
                Ok(httparse::Status::Partial) => {}
                Err(httparse::Error::TooManyHeaders) => {
                    return Err(Failure::Refuse(431, "too many headers"))
                }
                Err(_) => return Err(Failure::Refuse(400, "not an HTTP/1.1 request head")),
            }
        }
        if unread.len() >= max_head {
            return Err(Failure::Refuse(431, "a head over the limit"));
        }
        scanned = unread.len();
        let started = scanned > 0;
        match reader.fill(deadline, max_head) {
            Ok(_) => {}
            Err(Stop::TimedOut) if !started => return Err(Failure::Gone),
            Err(stop) => return Err(stop.into()),
        }
    }
}

/// Whether the bytes from about `from` on hold the blank line that ends a head.
fn ends_head(bytes: &[u8], from: usize) -> bool {
    let start = from.saturating_sub(3);
    bytes[start..]
        .iter()
        .enumerate()
        .filter(|(_, b)| **b == b'\n')
        .any(|(i, _)| {
            let rest = &bytes[start + i + 1..];
            rest.starts_with(b"\n") || rest.starts_with(b"\r\n")
        })
}

fn interpret(request: &httparse::Request<'_, '_>, secret: &str) -> Head {
    let http11 = request.version == Some(1);
    let mut authorizations = 0;
    let mut authorized = false;
    let mut length = Length::None;
    let mut chunked = false;
    let mut close = !http11;
    let mut expect = Expect::Nothing;
    for header in request.headers.iter() {
        let name = header.name;
        let value = header.value;
        if name.eq_ignore_ascii_case("authorization") {
            authorizations += 1;
            authorized = std::str::from_utf8(value)
                .is_ok_and(|value| verify_authorization(Some(value), secret));
        } else if name.eq_ignore_ascii_case("content-length") {
            length = match (length, content_length(value)) {
                (_, Length::Invalid(why)) => Length::Invalid(why),
                (Length::None, new) => new,
                (old, new) if old == new => old,
                _ => Length::Invalid("two different Content-Length headers"),
            };
        } else if name.eq_ignore_ascii_case("transfer-encoding") {
            if value.trim_ascii().eq_ignore_ascii_case(b"chunked") && !chunked && http11 {
                chunked = true;
            } else {
                length = Length::Unsupported;
            }
        } else if name.eq_ignore_ascii_case("connection") {
            for token in value.split(|b| *b == b',').map(<[u8]>::trim_ascii) {
                if token.eq_ignore_ascii_case(b"close") {
                    close = true;
                } else if token.eq_ignore_ascii_case(b"keep-alive") && !http11 {
                    close = false;
                }
            }
        } else if name.eq_ignore_ascii_case("expect") {
            expect = if value.trim_ascii().eq_ignore_ascii_case(b"100-continue") {
                Expect::Continue
            } else {
                Expect::Other
            };
        }
    }
    let length = match (chunked, length) {
        (_, Length::Unsupported) => Length::Unsupported,
        (_, Length::Invalid(why)) => Length::Invalid(why),
        (true, Length::None) => Length::Chunked,
        (true, _) => Length::Invalid("both Content-Length and Transfer-Encoding"),
        (false, length) => length,
    };
    Head {
        is_post: request.method == Some("POST"),
        authorized: authorized && authorizations == 1,
        length,
        keep_alive: !close,
        expect,
    }
}

/// A `Content-Length` value: digits only, as RFC 9112 says.
fn content_length(value: &[u8]) -> Length {
    let value = value.trim_ascii();
    if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
        return Length::Invalid("a Content-Length that is not a number");
    }
    let mut n: u64 = 0;
    for digit in value {
        let Some(next) = n
            .checked_mul(10)
            .and_then(|n| n.checked_add(u64::from(digit - b'0')))
        else {
            return Length::Huge;
        };
        n = next;
    }
    Length::Fixed(n)
}

/// Reads the body `length` announces before `deadline`: at most `max_body` bytes, or
/// refused with 413 before any more is read (nothing is allocated from what a header
/// announces beyond the limit).
pub(super) fn read_body(
    reader: &mut Reader<'_>,
    length: &Length,
    max_body: usize,
    max_head: usize,
    deadline: Instant,
) -> Result<Vec<u8>, Failure> {
    const TOO_LARGE: Failure = Failure::Refuse(413, "a body over the limit");
    match length {
        Length::None => Ok(Vec::new()),
        Length::Huge => Err(TOO_LARGE),
        Length::Fixed(n) => {
            let n = usize::try_from(*n)
                .ok()
                .filter(|n| *n <= max_body)
                .ok_or(TOO_LARGE)?;
            let mut body = vec![0; n];
            reader.read_exact(&mut body, deadline)?;
            Ok(body)
        }
        Length::Chunked => read_chunked(reader, max_body, max_head, deadline),
        Length::Invalid(why) => Err(Failure::Refuse(400, why)),
        Length::Unsupported => Err(Failure::Refuse(501, "a transfer coding other than chunked")),
    }
}

fn read_chunked(
    reader: &mut Reader<'_>,
    max_body: usize,
    max_line: usize,
    deadline: Instant,
) -> Result<Vec<u8>, Failure> {
    let mut body = Vec::new();
    loop {
        let size = loop {
            match httparse::parse_chunk_size(reader.unread()) {
                Ok(httparse::Status::Complete((used, size))) => {
                    reader.consume(used);
                    break size;
                }
                Ok(httparse::Status::Partial) if reader.unread().len() < max_line => {
                    reader.fill(deadline, max_line)?;
                }
                _ => return Err(Failure::Refuse(400, "a malformed chunk")),
            }
        };
        if size == 0 {
            skip_trailers(reader, max_line, deadline)?;
            return Ok(body);
        }
        let start = body.len();
        let size = usize::try_from(size)
            .ok()
            .filter(|size| *size <= max_body - start)
            .ok_or(Failure::Refuse(413, "a body over the limit"))?;
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..], deadline)?;
        let mut end = [0u8; 2];
        reader.read_exact(&mut end, deadline)?;
        if &end != b"\r\n" {
            return Err(Failure::Refuse(400, "a malformed chunk"));
        }
    }
}

/// The trailer lines after the last chunk, up to the blank line: read and dropped, at
/// most `max` bytes of them.
fn skip_trailers(reader: &mut Reader<'_>, max: usize, deadline: Instant) -> Result<(), Failure> {
    let mut total = 0;
    loop {
        match reader.unread().iter().position(|b| *b == b'\n') {
            Some(end) => {
                let blank = reader.unread()[..end].trim_ascii().is_empty();
                reader.consume(end + 1);
                total += end + 1;
                if blank {
                    return Ok(());
                }
            }
            None => {
                reader.fill(deadline, max)?;
            }
        }
        if total + reader.unread().len() > max {
            return Err(Failure::Refuse(431, "trailers over the limit"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_lengths() {
        assert_eq!(content_length(b"0"), Length::Fixed(0));
        assert_eq!(content_length(b" 42 "), Length::Fixed(42));
        assert_eq!(
            content_length(b"18446744073709551615"),
            Length::Fixed(u64::MAX)
        );
        assert_eq!(content_length(b"18446744073709551616"), Length::Huge);
        assert_eq!(content_length(b"99999999999999999999999"), Length::Huge);
        for bad in [&b""[..], b"-1", b"+1", b"1e3", b"0x10", b"1 2"] {
            assert!(matches!(content_length(bad), Length::Invalid(_)), "{bad:?}");
        }
    }

    #[test]
    fn the_end_of_a_head_is_found_across_reads() {
        assert!(ends_head(b"POST / HTTP/1.1\r\n\r\n", 0));
        assert!(ends_head(b"POST / HTTP/1.1\r\n\r\n", 17));
        assert!(ends_head(b"POST / HTTP/1.1\n\n", 16));
        assert!(!ends_head(b"POST / HTTP/1.1\r\nA: b\r\n", 0));
    }
}
