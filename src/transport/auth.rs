//! The HTTP Basic `Authorization` header built from credentials.

use base64::Engine as _;
use ureq::http::HeaderValue;

use crate::secret::Credentials;

/// The `Authorization` header value, marked sensitive so `http` never prints it.
pub(crate) fn basic_header(credentials: &Credentials) -> HeaderValue {
    let raw = format!("{}:{}", credentials.username(), credentials.password());
    let mut header = String::with_capacity(6 + raw.len().div_ceil(3) * 4);
    header.push_str("Basic ");
    base64::engine::general_purpose::STANDARD.encode_string(raw, &mut header);
    // Base64 output and "Basic " are visible ASCII, always a valid header value.
    let mut value = HeaderValue::from_str(&header).unwrap_or(HeaderValue::from_static(""));
    value.set_sensitive(true);
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_matches_the_recorded_transcript() {
        // tests/fixtures/WIRE.md: `Basic WDE6cHc=` is X1:pw and `Basic QWFiYzpwdw==` is Aabc:pw.
        let value = basic_header(&Credentials::new("X1", "pw"));
        assert_eq!(value.to_str().unwrap(), "Basic WDE6cHc=");
        assert!(value.is_sensitive());
        let value = basic_header(&Credentials::new("Aabc", "pw"));
        assert_eq!(value.to_str().unwrap(), "Basic QWFiYzpwdw==");
    }
}
