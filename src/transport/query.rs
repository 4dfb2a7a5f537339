//! Building request paths with percent-encoded query strings.

use std::fmt::Write;

/// A request path with a query string, built up one parameter at a time.
///
/// Values are percent-encoded (RFC 3986: everything but unreserved characters), so a
/// search for `a&b` or `100%` reaches the server intact.
pub(crate) struct PathBuilder {
    buf: String,
    has_query: bool,
}

impl PathBuilder {
    pub(crate) fn new(path: &str) -> Self {
        let mut buf = String::with_capacity(path.len() + 48);
        buf.push_str(path);
        PathBuilder {
            buf,
            has_query: false,
        }
    }

    /// Appends `key=value`, percent-encoding the value.
    pub(crate) fn param(&mut self, key: &str, value: &str) -> &mut Self {
        self.start_param(key);
        encode_into(value, &mut self.buf);
        self
    }

    /// Appends `key=number`.
    pub(crate) fn param_u64(&mut self, key: &str, value: u64) -> &mut Self {
        self.start_param(key);
        // Writing to a String cannot fail.
        let _ = write!(self.buf, "{value}");
        self
    }

    fn start_param(&mut self, key: &str) {
        self.buf.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.buf.push_str(key);
        self.buf.push('=');
    }

    pub(crate) fn finish(self) -> String {
        self.buf
    }
}

fn encode_into(value: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in value.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(byte as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(byte >> 4)] as char);
            out.push(HEX[usize::from(byte & 0xf)] as char);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_characters_and_utf8() {
        let mut path = PathBuilder::new("/teams/search");
        path.param("q", "a&b 100%+=?#/é").param_u64("page", 3);
        assert_eq!(
            path.finish(),
            "/teams/search?q=a%26b%20100%25%2B%3D%3F%23%2F%C3%A9&page=3"
        );
    }

    #[test]
    fn keeps_unreserved_characters() {
        let mut path = PathBuilder::new("/x");
        path.param("q", "green_team-1.0~");
        assert_eq!(path.finish(), "/x?q=green_team-1.0~");
    }

    #[test]
    fn no_parameters_means_no_question_mark() {
        assert_eq!(PathBuilder::new("/teams/search").finish(), "/teams/search");
    }
}
