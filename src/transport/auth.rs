//! Credentials and the HTTP Basic `Authorization` header built from them.

use std::fmt;

use ureq::http::HeaderValue;

/// A username and token pair: an app (`A<n>`) or a user session (`S<n>`).
///
/// The token never appears in `Debug` output.
///
/// ```
/// use polympics::Credentials;
///
/// let credentials = Credentials::new("A3", "TOKEN");
/// assert_eq!(credentials.username(), "A3");
/// assert_eq!(format!("{credentials:?}"), r#"Credentials { username: "A3", password: "[REDACTED]" }"#);
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    username: String,
    password: String,
}

impl Credentials {
    /// Credentials from a username (`A<n>` for an app, `S<n>` for a user session) and its token.
    pub fn new(username: impl Into<String>, password: impl Into<String>) -> Self {
        Credentials {
            username: username.into(),
            password: password.into(),
        }
    }

    /// The username: `A<n>` for an app, `S<n>` for a user session.
    pub fn username(&self) -> &str {
        &self.username
    }

    /// The secret token. Handle with care: never log it.
    pub fn password(&self) -> &str {
        &self.password
    }

    /// The `Authorization` header value, marked sensitive so `http` never prints it.
    pub(crate) fn header_value(&self) -> HeaderValue {
        let mut raw = Vec::with_capacity(self.username.len() + self.password.len() + 1);
        raw.extend_from_slice(self.username.as_bytes());
        raw.push(b':');
        raw.extend_from_slice(self.password.as_bytes());
        let mut header = String::with_capacity(6 + raw.len().div_ceil(3) * 4);
        header.push_str("Basic ");
        base64_encode(&raw, &mut header);
        // Base64 output and "Basic " are visible ASCII, always a valid header value.
        let mut value = HeaderValue::from_str(&header).unwrap_or(HeaderValue::from_static(""));
        value.set_sensitive(true);
        value
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("username", &self.username)
            .field("password", &"[REDACTED]")
            .finish()
    }
}

/// Standard base64 (RFC 4648 section 4) with padding, appended to `out`.
pub(crate) fn base64_encode(input: &[u8], out: &mut String) {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode_string(input, out);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encode(input: &str) -> String {
        let mut out = String::new();
        base64_encode(input.as_bytes(), &mut out);
        out
    }

    #[test]
    fn rfc4648_test_vectors() {
        assert_eq!(encode(""), "");
        assert_eq!(encode("f"), "Zg==");
        assert_eq!(encode("fo"), "Zm8=");
        assert_eq!(encode("foo"), "Zm9v");
        assert_eq!(encode("foob"), "Zm9vYg==");
        assert_eq!(encode("fooba"), "Zm9vYmE=");
        assert_eq!(encode("foobar"), "Zm9vYmFy");
    }

    #[test]
    fn all_byte_values_use_the_full_alphabet() {
        let bytes: Vec<u8> = (0..=255).collect();
        let mut out = String::new();
        base64_encode(&bytes, &mut out);
        assert!(out.starts_with("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8g"));
        assert!(out.ends_with("+/w=="));
        assert_eq!(out.len(), 344);
    }

    #[test]
    fn header_matches_the_recorded_transcript() {
        // WIRE.md: `Basic WDE6cHc=` is X1:pw and `Basic QWFiYzpwdw==` is Aabc:pw.
        let value = Credentials::new("X1", "pw").header_value();
        assert_eq!(value.to_str().unwrap(), "Basic WDE6cHc=");
        assert!(value.is_sensitive());
        let value = Credentials::new("Aabc", "pw").header_value();
        assert_eq!(value.to_str().unwrap(), "Basic QWFiYzpwdw==");
    }

    #[test]
    fn debug_redacts_the_password() {
        let shown = format!("{:?}", Credentials::new("A1", "hunter2"));
        assert!(!shown.contains("hunter2"));
        assert!(shown.contains("A1"));
    }
}
