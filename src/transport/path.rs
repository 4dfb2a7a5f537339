//! Request paths: the one way the crate writes a path and its query string.

use std::fmt::{self, Write};

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters is percent-encoded, so a search for
/// `a&b` or `100%` reaches the server intact.
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A request path relative to the base URL, built one part at a time:
/// `Path::new("/account").id(42).join("award").id(7)` is `/account/42/award/7`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Path {
    buf: String,
    has_query: bool,
}

impl Path {
    /// A fixed path, such as `/accounts/new`.
    pub(crate) fn new(path: &'static str) -> Path {
        let mut buf = String::with_capacity(path.len() + 24);
        buf.push_str(path);
        Path {
            buf,
            has_query: false,
        }
    }

    /// Appends `/<id>`.
    pub(crate) fn id(mut self, id: impl fmt::Display) -> Path {
        debug_assert!(!self.has_query);
        // Writing to a String cannot fail.
        let _ = write!(self.buf, "/{id}");
        self
    }

    /// Appends `/<literal>`: a fixed segment.
    pub(crate) fn join(mut self, literal: &'static str) -> Path {
        debug_assert!(!self.has_query);
        self.buf.push('/');
        self.buf.push_str(literal);
        self
    }

    /// Appends `/<text>`, percent-encoded.
    pub(crate) fn segment(mut self, text: &str) -> Path {
        debug_assert!(!self.has_query);
        self.buf.push('/');
        self.buf.extend(utf8_percent_encode(text, RESERVED));
        self
    }

    /// Appends `key=value` to the query string, the value percent-encoded.
    pub(crate) fn query(mut self, key: &'static str, value: impl fmt::Display) -> Path {
        self.buf.push(if self.has_query { '&' } else { '?' });
        self.has_query = true;
        self.buf.push_str(key);
        self.buf.push('=');
        let _ = write!(Encoder(&mut self.buf), "{value}");
        self
    }

    pub(crate) fn into_string(self) -> String {
        self.buf
    }
}

/// Percent-encodes what is written through it.
struct Encoder<'a>(&'a mut String);

impl Write for Encoder<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.extend(utf8_percent_encode(s, RESERVED));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_reserved_characters_and_utf8() {
        let path = Path::new("/teams/search")
            .query("q", "a&b 100%+=?#/é")
            .query("page", 3);
        assert_eq!(
            path.into_string(),
            "/teams/search?q=a%26b%20100%25%2B%3D%3F%23%2F%C3%A9&page=3"
        );
    }

    #[test]
    fn keeps_unreserved_characters() {
        let path = Path::new("/x").query("q", "green_team-1.0~");
        assert_eq!(path.into_string(), "/x?q=green_team-1.0~");
    }

    #[test]
    fn segments_and_ids() {
        assert_eq!(Path::new("/teams/search").into_string(), "/teams/search");
        assert_eq!(
            Path::new("/account")
                .id(42u64)
                .join("award")
                .id(7u64)
                .into_string(),
            "/account/42/award/7"
        );
        assert_eq!(
            Path::new("/callback").segment("a b/c").into_string(),
            "/callback/a%20b%2Fc"
        );
    }
}
