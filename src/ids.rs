//! Typed IDs: models carry them, and every operation takes one, or a fetched object, or a
//! plain `u64`.

use std::fmt;

use serde::{Deserialize, Serialize, Serializer};

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl From<u64> for $name {
            fn from(id: u64) -> Self {
                $name(id)
            }
        }

        impl From<$name> for u64 {
            fn from(id: $name) -> Self {
                id.0
            }
        }

        impl PartialEq<u64> for $name {
            fn eq(&self, other: &u64) -> bool {
                self.0 == *other
            }
        }

        impl PartialEq<$name> for u64 {
            fn eq(&self, other: &$name) -> bool {
                *self == other.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                fmt::Display::fmt(&self.0, f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;

            fn from_str(text: &str) -> Result<Self, Self::Err> {
                text.parse().map($name)
            }
        }
    };
}

id_type!(
    /// An account's ID: its Discord user ID (a snowflake, up to `u64::MAX`).
    ///
    /// Every operation that takes an account accepts an `&Account`, an `AccountId` or a
    /// plain `u64`, so nothing has to be fetched before an update or a delete.
    ///
    /// ```
    /// use polympics::AccountId;
    ///
    /// let id: AccountId = "1234567890123456789".parse()?;
    /// assert_eq!(id, 1234567890123456789);
    /// assert_eq!(u64::from(id), 1234567890123456789);
    /// assert_eq!(id.to_string(), "1234567890123456789");
    /// # Ok::<(), std::num::ParseIntError>(())
    /// ```
    AccountId
);
id_type!(
    /// A team's ID. Operations accept an `&Team`, a `TeamId` or a plain `u64`.
    TeamId
);
id_type!(
    /// An award's ID. Operations accept an `&Award`, an `&AwardDetails`, an `AwardId` or a
    /// plain `u64`.
    AwardId
);
id_type!(
    /// A registered callback's ID (it changes each time the callback is registered again).
    CallbackId
);

/// Leaves the team when given to [`AccountUpdate::team`](crate::AccountUpdate::team).
pub const NO_TEAM: NoTeam = NoTeam;

/// The type of [`NO_TEAM`]: "in no team".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct NoTeam;

/// The team an account should be in after an update: a team, or none.
///
/// Built from an `&Team`, a [`TeamId`], a `u64` or [`NO_TEAM`]. On the wire "no team" is
/// `team: 0`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TeamAssignment {
    /// Join this team.
    Join(TeamId),
    /// Leave the current team.
    Leave,
}

impl<T: Into<TeamId>> From<T> for TeamAssignment {
    fn from(team: T) -> Self {
        TeamAssignment::Join(team.into())
    }
}

impl From<NoTeam> for TeamAssignment {
    fn from(_: NoTeam) -> Self {
        TeamAssignment::Leave
    }
}

impl Serialize for TeamAssignment {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            TeamAssignment::Join(team) => serializer.serialize_u64(team.0),
            TeamAssignment::Leave => serializer.serialize_u64(0),
        }
    }
}
