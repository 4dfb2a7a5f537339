//! Parsing the events the server POSTs to registered callbacks.
//!
//! This crate does not run an HTTP server: receive the POST with whatever server you use,
//! check that its `Authorization` header equals `Bearer <secret>` (the secret given to
//! [`create_callback`](crate::AppClient::create_callback)) with
//! [`verify_authorization`], then parse the body with the function for the event type.
//!
//! ```
//! use polympics::webhooks;
//!
//! let header = "Bearer s3cret";
//! let body = br#"{"account":{"id":"42","name":"bob","discriminator":"4242",
//!     "avatar_url":null,"team":null,"permissions":0,"created_at":1795778981.727288,
//!     "awards":[]},"team":null}"#;
//! assert!(webhooks::verify_authorization(Some(header), "s3cret"));
//! let event = webhooks::account_team_update(body)?;
//! assert_eq!(event.account.id, 42);
//! assert!(event.team.is_none());
//! # Ok::<(), polympics::Error>(())
//! ```

use crate::error::mask::Mask;
use crate::error::text::excerpt;
use crate::error::{Error, Result};
use crate::models::AccountTeamUpdateEvent;
use subtle::ConstantTimeEq;

/// Parses the body of an `account_team_update` event.
pub fn account_team_update(body: impl AsRef<[u8]>) -> Result<AccountTeamUpdateEvent> {
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
