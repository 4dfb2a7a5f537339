//! Rows as they come: the shapes of teams and accounts decoded straight from a page's
//! bytes, borrowing their text where it has no escapes (what reads them is in `read`).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Visitor};
use serde::Deserialize;
use time::OffsetDateTime;

use polympics::formats::account_id;

use polympics::formats::timestamp;
use polympics::{Account, Award, Permissions, Team};
use polympics::{AccountId, AwardId, TeamId};

/// Text borrowed from the page when it has no escapes, owned when it has (serde's own
/// `Cow` always owns, and its `borrow` attribute does not reach into an `Option`).
pub(super) struct Text<'a>(pub(super) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor<'a>(std::marker::PhantomData<&'a ()>);

        impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
            type Value = Text<'a>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(TextVisitor(std::marker::PhantomData))
    }
}

/// A timestamp as the rows keep it: whole microseconds since the UNIX epoch, read from the
/// API's float (or whole) seconds as [`timestamp`] reads them, rounded to the microsecond
/// and within `OffsetDateTime`'s range, without making an `OffsetDateTime` on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Micros(pub(super) i64);

impl Micros {
    /// The first and last microseconds `OffsetDateTime` holds (years -9999 and 9999).
    pub(super) const MIN: i64 = -377_705_116_800_000_000;
    pub(super) const MAX: i64 = 253_402_300_799_999_999;

    fn from_seconds(seconds: f64) -> Option<Micros> {
        // `as` saturates, and NaN becomes 0: both are caught by the checks.
        let micros = (seconds * 1e6).round();
        (seconds.is_finite() && (Self::MIN as f64..=Self::MAX as f64).contains(&micros))
            .then_some(Micros(micros as i64))
    }

    fn from_whole(seconds: i128) -> Option<Micros> {
        let micros = seconds.checked_mul(1_000_000)?;
        i64::try_from(micros)
            .ok()
            .filter(|micros| (Self::MIN..=Self::MAX).contains(micros))
            .map(Micros)
    }

    /// The same instant as an `OffsetDateTime`.
    pub(super) fn to_datetime(self) -> OffsetDateTime {
        OffsetDateTime::from_unix_timestamp_nanos(i128::from(self.0) * 1000)
            .unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }
}

impl From<OffsetDateTime> for Micros {
    fn from(at: OffsetDateTime) -> Self {
        Micros(i64::try_from(at.unix_timestamp_nanos().div_euclid(1000)).unwrap_or(0))
    }
}

impl<'de> Deserialize<'de> for Micros {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SecondsVisitor;

        impl Visitor<'_> for SecondsVisitor {
            type Value = Micros;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a number of seconds since the UNIX epoch")
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Micros, E> {
                Micros::from_whole(v.into()).ok_or_else(|| out_of_range(v))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Micros, E> {
                Micros::from_whole(v.into()).ok_or_else(|| out_of_range(v))
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Micros, E> {
                Micros::from_seconds(v).ok_or_else(|| out_of_range(v))
            }
        }

        fn out_of_range<E: de::Error>(v: impl fmt::Display) -> E {
            E::custom(format_args!("timestamp {v} is out of range"))
        }

        deserializer.deserialize_any(SecondsVisitor)
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// An award, as a team or an account carries it.
#[derive(Deserialize)]
pub(super) struct WireAward<'a> {
    pub(super) id: AwardId,
    #[serde(borrow)]
    pub(super) title: Text<'a>,
    #[serde(borrow)]
    pub(super) image_url: Text<'a>,
}

/// A team of the teams listing.
#[derive(Deserialize)]
pub(super) struct WireTeam<'a> {
    pub(super) id: TeamId,
    #[serde(borrow)]
    pub(super) name: Text<'a>,
    #[serde(with = "timestamp")]
    pub(super) created_at: OffsetDateTime,
    pub(super) member_count: u64,
    #[serde(default, borrow)]
    pub(super) awards: Vec<WireAward<'a>>,
}

/// The team an account carries: what the roster checks it against (its awards are the
/// team's own, listed with the teams).
#[derive(Deserialize)]
pub(super) struct WireTeamRef<'a> {
    pub(super) id: TeamId,
    #[serde(borrow)]
    pub(super) name: Text<'a>,
    pub(super) created_at: Micros,
    pub(super) member_count: u64,
}

/// An account of the accounts listing.
#[derive(Deserialize)]
pub(super) struct WireAccount<'a> {
    #[serde(with = "account_id")]
    pub(super) id: AccountId,
    #[serde(borrow)]
    pub(super) name: Text<'a>,
    #[serde(borrow)]
    pub(super) discriminator: Text<'a>,
    #[serde(borrow)]
    pub(super) avatar_url: Option<Text<'a>>,
    #[serde(borrow)]
    pub(super) team: Option<WireTeamRef<'a>>,
    pub(super) permissions: Permissions,
    pub(super) created_at: Micros,
    #[serde(default, borrow)]
    pub(super) awards: Vec<WireAward<'a>>,
}

impl<'a> From<&'a Award> for WireAward<'a> {
    fn from(award: &'a Award) -> Self {
        WireAward {
            id: award.id,
            title: Text(Cow::Borrowed(&award.title)),
            image_url: Text(Cow::Borrowed(&award.image_url)),
        }
    }
}

impl<'a> From<&'a Team> for WireTeam<'a> {
    fn from(team: &'a Team) -> Self {
        WireTeam {
            id: team.id,
            name: Text(Cow::Borrowed(&team.name)),
            created_at: team.created_at,
            member_count: team.member_count,
            awards: team.awards.iter().map(WireAward::from).collect(),
        }
    }
}

impl<'a> From<&'a Account> for WireAccount<'a> {
    fn from(account: &'a Account) -> Self {
        WireAccount {
            id: account.id,
            name: Text(Cow::Borrowed(&account.name)),
            discriminator: Text(Cow::Borrowed(&account.discriminator)),
            avatar_url: account
                .avatar_url
                .as_deref()
                .map(|url| Text(Cow::Borrowed(url))),
            team: account.team.as_ref().map(|team| WireTeamRef {
                id: team.id,
                name: Text(Cow::Borrowed(&team.name)),
                created_at: team.created_at.into(),
                member_count: team.member_count,
            }),
            permissions: account.permissions,
            created_at: account.created_at.into(),
            awards: account.awards.iter().map(WireAward::from).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn micros(json: &str) -> Option<i64> {
        serde_json::from_str::<Micros>(json).ok().map(|m| m.0)
    }

    #[test]
    fn the_bounds_are_offset_date_times() {
        let (min, max) = (
            time::Date::MIN.midnight().assume_utc(),
            time::Date::MAX
                .with_hms_micro(23, 59, 59, 999_999)
                .unwrap()
                .assume_utc(),
        );
        assert_eq!(Micros::from(min).0, Micros::MIN);
        assert_eq!(Micros::from(max).0, Micros::MAX);
        assert_eq!(Micros(Micros::MAX).to_datetime(), max);
    }

    #[test]
    fn micros_read_as_the_api_timestamps_read() {
        for text in [
            "1795778731.6",
            "1795778730.241445",
            "1795778730",
            "0",
            "-1.5",
            "1622505600.000001",
            "253402300799",
            "-377705116800",
        ] {
            let seconds: f64 = text.parse().unwrap();
            let expected = polympics::formats::timestamp::from_seconds(seconds)
                .map(|at| i64::try_from(at.unix_timestamp_nanos() / 1000).unwrap());
            assert_eq!(micros(text), expected, "{text}");
        }
        for out in [
            "1e300",
            "253402300800",
            "-377705116801",
            "18446744073709551615",
        ] {
            assert_eq!(micros(out), None, "{out}");
        }
    }
}
