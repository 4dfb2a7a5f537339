//! What a receiver checks of a request: its `Authorization` header, and that its body is
//! the event.

use super::error::Error;
use crate::error::mask::Mask;
use crate::error::text::excerpt;
use crate::models::AccountTeamUpdateEvent;
use subtle::ConstantTimeEq;

/// Parses the body of an `account_team_update` event.
pub fn account_team_update(body: impl AsRef<[u8]>) -> Result<AccountTeamUpdateEvent, Error> {
    let body = body.as_ref();
    serde_json::from_slice(body).map_err(|err| Error::InvalidEvent {
        reason: err.to_string(),
        excerpt: excerpt(body, &Mask::default()),
    })
}

/// Whether an `Authorization` header value is `Bearer <secret>`, compared in constant time
/// (the time taken does not depend on where the first difference is).
pub fn verify_authorization(header: Option<&str>, secret: &str) -> bool {
    let Some(header) = header else {
        return false;
    };
    let mut expected = Vec::with_capacity(secret.len() + 7);
    expected.extend_from_slice(b"Bearer ");
    expected.extend_from_slice(secret.as_bytes());
    // The length is not secret (it is the secret's length plus seven); `subtle` answers
    // false at once for slices of different lengths.
    bool::from(header.as_bytes().ct_eq(&expected))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn authorization() {
        assert!(verify_authorization(Some("Bearer abc"), "abc"));
        assert!(!verify_authorization(Some("Bearer abd"), "abc"));
        assert!(!verify_authorization(Some("Bearer abcd"), "abc"));
        assert!(!verify_authorization(Some("Basic abc"), "abc"));
        assert!(!verify_authorization(None, "abc"));
    }

    #[test]
    fn bad_payloads_are_errors() {
        for body in [
            &b""[..],
            b"{",
            b"<html>",
            b"{\"account\":1,\"team\":null}",
            b"null",
        ] {
            let err = account_team_update(body).unwrap_err();
            assert!(matches!(err, Error::InvalidEvent { .. }), "{err}");
        }
    }
}
