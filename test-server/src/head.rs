//! Reading an HTTP/1.1 request head with `httparse`: the reader of this crate's server, and
//! of the small purpose-built servers of tests and benchmarks.

use std::io::{self, BufRead, Read};

/// The most header lines a head may have.
const MAX_HEADERS: usize = 64;

/// A request's line and headers, as read by [`RequestHead::read`].
///
/// For servers on loopback that tests write themselves (one that answers slowly, or lies),
/// so that each need not parse HTTP by hand:
///
/// ```
/// use std::io::BufReader;
/// use polympics_test_server::RequestHead;
///
/// let mut wire = BufReader::new(&b"GET /team/1 HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\n{}"[..]);
/// let head = RequestHead::read(&mut wire, 8192)?.expect("a request");
/// assert_eq!((head.method.as_str(), head.target.as_str()), ("GET", "/team/1"));
/// assert_eq!(head.header("content-length"), Some("2"));
/// assert_eq!(head.content_length()?, 2);
/// assert!(head.keep_alive());
/// # Ok::<(), std::io::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestHead {
    /// The method, such as `GET`.
    pub method: String,
    /// The request target: the path with its query string.
    pub target: String,
    /// The minor HTTP version: `0` for HTTP/1.0, `1` for HTTP/1.1.
    pub minor_version: u8,
    /// The headers in the order sent, names as sent; values not UTF-8 are read lossily.
    pub headers: Vec<(String, String)>,
}

impl RequestHead {
    /// Reads the next head from `reader`, at most `limit` bytes; empty lines before it are
    /// skipped (RFC 9112 asks servers to tolerate them). `Ok(None)` when the connection
    /// ended between requests.
    ///
    /// # Errors
    ///
    /// The reader's own errors; [`io::ErrorKind::FileTooLarge`] for a head over `limit` or
    /// with more than 64 headers (answer 431); [`io::ErrorKind::UnexpectedEof`] when the
    /// connection ends within a head; [`io::ErrorKind::InvalidData`] for bytes that are not
    /// a request head.
    pub fn read(reader: &mut impl BufRead, limit: u64) -> io::Result<Option<RequestHead>> {
        let mut bytes = Vec::new();
        let mut budget = reader.by_ref().take(limit);
        loop {
            let start = bytes.len();
            if budget.read_until(b'\n', &mut bytes)? == 0 {
                return match (bytes.is_empty(), budget.limit()) {
                    (true, _) => Ok(None),
                    (false, 0) => Err(too_large("the request head")),
                    (false, _) => Err(io::ErrorKind::UnexpectedEof.into()),
                };
            }
            if matches!(&bytes[start..], b"\r\n" | b"\n") {
                if start == 0 {
                    bytes.clear();
                    continue;
                }
                break;
            }
        }
        let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
        let mut request = httparse::Request::new(&mut headers);
        match request.parse(&bytes) {
            Ok(httparse::Status::Complete(_)) => {}
            Ok(httparse::Status::Partial) => return Err(invalid("an incomplete request head")),
            Err(httparse::Error::TooManyHeaders) => return Err(too_large("the headers")),
            Err(err) => return Err(invalid(&err.to_string())),
        }
        Ok(Some(RequestHead {
            method: request.method.unwrap_or_default().to_owned(),
            target: request.path.unwrap_or_default().to_owned(),
            minor_version: request.version.unwrap_or(1),
            headers: request
                .headers
                .iter()
                .map(|h| {
                    let value = String::from_utf8_lossy(h.value);
                    (h.name.to_owned(), value.trim().to_owned())
                })
                .collect(),
        }))
    }

    /// The first header of this name (ignoring case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The `Content-Length`, 0 without one.
    ///
    /// # Errors
    ///
    /// [`io::ErrorKind::InvalidData`] when it is not a number.
    pub fn content_length(&self) -> io::Result<usize> {
        match self.header("content-length") {
            Some(value) => value
                .parse()
                .map_err(|_| invalid("a Content-Length that is not a number")),
            None => Ok(0),
        }
    }

    /// Whether the client keeps the connection open after the answer: HTTP/1.1 unless it
    /// says `Connection: close`, HTTP/1.0 only if it says `keep-alive`.
    pub fn keep_alive(&self) -> bool {
        let connection = self.header("connection").unwrap_or("").to_ascii_lowercase();
        if self.minor_version == 0 {
            connection.contains("keep-alive")
        } else {
            !connection.contains("close")
        }
    }
}

fn invalid(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, what.to_owned())
}

fn too_large(what: &str) -> io::Error {
    io::Error::new(io::ErrorKind::FileTooLarge, format!("{what} is too large"))
}

#[cfg(test)]
mod tests {
    use std::io::BufReader;

    use super::*;

    fn read(bytes: &[u8], limit: u64) -> io::Result<Option<RequestHead>> {
        RequestHead::read(&mut BufReader::new(bytes), limit)
    }

    #[test]
    fn reads_heads_in_turn_and_skips_blank_lines() {
        let mut wire = BufReader::new(
            &b"\r\nPOST /a?b=1 HTTP/1.0\r\nConnection: keep-alive\r\nX: \xff\r\n\r\nGET / HTTP/1.1\r\n\r\n"[..],
        );
        let first = RequestHead::read(&mut wire, 1024).unwrap().unwrap();
        assert_eq!(first.method, "POST");
        assert_eq!(first.target, "/a?b=1");
        assert_eq!(first.minor_version, 0);
        assert!(first.keep_alive());
        assert_eq!(first.header("x"), Some("\u{fffd}"));
        let second = RequestHead::read(&mut wire, 1024).unwrap().unwrap();
        assert_eq!(
            (second.method.as_str(), second.target.as_str()),
            ("GET", "/")
        );
        assert!(RequestHead::read(&mut wire, 1024).unwrap().is_none());
    }

    #[test]
    fn refuses_what_is_not_a_head() {
        let kind = |bytes: &[u8], limit| read(bytes, limit).unwrap_err().kind();
        let cases: [(&[u8], u64, io::ErrorKind); 4] = [
            (
                b"GET / HTTP/1.1\r\nHost: a\r\n",
                1024,
                io::ErrorKind::UnexpectedEof,
            ),
            (
                b"GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                10,
                io::ErrorKind::FileTooLarge,
            ),
            (
                b"\x16\x03\x01 hello\r\n\r\n",
                1024,
                io::ErrorKind::InvalidData,
            ),
            (
                b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
                1024,
                io::ErrorKind::InvalidData,
            ),
        ];
        for (bytes, limit, expected) in cases {
            assert_eq!(kind(bytes, limit), expected, "{bytes:?}");
        }
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "A: b\r\n".repeat(65));
        assert_eq!(kind(many.as_bytes(), 4096), io::ErrorKind::FileTooLarge);
        let head = read(b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n", 1024)
            .unwrap()
            .unwrap();
        assert_eq!(
            head.content_length().unwrap_err().kind(),
            io::ErrorKind::InvalidData
        );
        assert!(!read(b"GET / HTTP/1.1\r\nConnection: close\r\n\r\n", 1024)
            .unwrap()
            .unwrap()
            .keep_alive());
    }
}
