//! Timestamps as the API writes them: JSON numbers of seconds since the UNIX epoch, with up
//! to six decimals (`1795778980.497615`). They are rounded to whole microseconds on the way
//! in, which recovers the server's value exactly (truncating would not).
//!
//! ```
//! use time::OffsetDateTime;
//!
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Seen {
//!     #[serde(with = "polympics::formats::timestamp")]
//!     at: OffsetDateTime,
//! }
//!
//! let seen: Seen = serde_json::from_str(r#"{"at":1795778980.497615}"#)?;
//! assert_eq!(seen.at.microsecond(), 497_615);
//! assert_eq!(serde_json::to_string(&seen)?, r#"{"at":1795778980.497615}"#);
//! # Ok::<(), serde_json::Error>(())
//! ```

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use time::OffsetDateTime;

/// Converts float seconds to a timestamp, rounding to the microsecond; `None` when they are
/// not finite or out of `OffsetDateTime`'s range.
pub fn from_seconds(seconds: f64) -> Option<OffsetDateTime> {
    if !seconds.is_finite() {
        return None;
    }
    // `as` saturates; the range check below rejects saturated values.
    let micros = (seconds * 1e6).round() as i128;
    let nanos = micros.checked_mul(1000)?;
    OffsetDateTime::from_unix_timestamp_nanos(nanos).ok()
}

/// The float seconds the server would send for a timestamp, to the microsecond.
pub fn to_seconds(at: OffsetDateTime) -> f64 {
    let nanos = at.unix_timestamp_nanos();
    let micros = nanos.div_euclid(1000) + i128::from(nanos.rem_euclid(1000) >= 500);
    micros as f64 / 1e6
}

/// Writes the timestamp as float seconds, to the microsecond.
pub fn serialize<S: Serializer>(at: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(to_seconds(*at))
}

/// Reads a timestamp from float or whole seconds.
pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<OffsetDateTime, D::Error> {
    deserializer.deserialize_any(SecondsVisitor)
}

struct SecondsVisitor;

impl SecondsVisitor {
    fn whole<E: de::Error>(seconds: i128) -> Result<OffsetDateTime, E> {
        seconds
            .checked_mul(1_000_000_000)
            .and_then(|nanos| OffsetDateTime::from_unix_timestamp_nanos(nanos).ok())
            .ok_or_else(|| E::custom(format_args!("timestamp {seconds} is out of range")))
    }
}

impl Visitor<'_> for SecondsVisitor {
    type Value = OffsetDateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a number of seconds since the UNIX epoch")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Self::whole(v.into())
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Self::whole(v.into())
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        from_seconds(v).ok_or_else(|| E::custom(format_args!("timestamp {v} is out of range")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, serde::Serialize)]
    struct Wrap(#[serde(with = "super")] OffsetDateTime);

    fn parse(text: &str) -> OffsetDateTime {
        serde_json::from_str::<Wrap>(text).unwrap().0
    }

    #[test]
    fn one_to_six_decimals_are_exact() {
        let cases = [
            ("1795778731.6", 600_000),
            ("1795778731.66", 660_000),
            ("1795778731.662", 662_000),
            ("1795778731.6626", 662_600),
            ("1795778730.27253", 272_530),
            ("1795778730.241445", 241_445),
            ("1795778730.0", 0),
            ("1795778730", 0),
        ];
        for (text, micros) in cases {
            let at = parse(text);
            assert_eq!(
                at.unix_timestamp(),
                text[..10].parse::<i64>().unwrap(),
                "{text}"
            );
            assert_eq!(at.microsecond(), micros, "{text}");
            assert_eq!(at.nanosecond() % 1000, 0, "{text}");
        }
    }

    #[test]
    fn round_trips_every_microsecond_in_a_sample() {
        // A deterministic spread of microsecond values around the server's era.
        let mut state: u64 = 0x2545_F491_4F6C_DD1D;
        for _ in 0..100_000 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let micros = 1_600_000_000_000_000 + (state % 400_000_000_000_000) as i128;
            let at = OffsetDateTime::from_unix_timestamp_nanos(micros * 1000).unwrap();
            let text = serde_json::to_string(&Wrap(at)).unwrap();
            assert_eq!(parse(&text), at, "{text}");
        }
    }

    #[test]
    fn rejects_what_is_not_a_timestamp() {
        for text in [
            "\"1795778730\"",
            "1e300",
            "-1e300",
            "null",
            "[]",
            "99999999999999999999",
        ] {
            assert!(serde_json::from_str::<Wrap>(text).is_err(), "{text}");
        }
    }
}
