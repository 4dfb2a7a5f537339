//! Account IDs as the API writes them: JSON strings of digits (`"1234567890123456789"`), so
//! that no JSON parser rounds them through a float. Read from a string or an integer,
//! written as a string, never through `f64`.
//!
//! ```
//! use polympics::AccountId;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Member {
//!     #[serde(with = "polympics::formats::account_id")]
//!     id: AccountId,
//! }
//!
//! let member: Member = serde_json::from_str(r#"{"id":"18446744073709551615"}"#)?;
//! assert_eq!(member.id, u64::MAX);
//! assert_eq!(serde_json::to_string(&member)?, r#"{"id":"18446744073709551615"}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};

use crate::ids::AccountId;

/// Writes the ID as a string of digits.
pub fn serialize<S: Serializer>(id: &AccountId, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(id)
}

/// Reads the ID from a string of digits or an unsigned integer.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<AccountId, D::Error> {
    deserializer.deserialize_any(IdVisitor).map(AccountId)
}

struct IdVisitor;

impl Visitor<'_> for IdVisitor {
    type Value = u64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an account ID as a string of digits or an unsigned integer")
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u64, E> {
        Ok(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u64, E> {
        u64::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<u64, E> {
        if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
            return Err(E::invalid_value(de::Unexpected::Str(v), &self));
        }
        v.parse()
            .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}
