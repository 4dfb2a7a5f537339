//! How changes, plans and conflicts name a team, an account or an award: [`Named`], its ID
//! and what people call it, owned so that it outlives the roster it was read from.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use polympics::formats::account_id;
use polympics::{Account, Award, Team};
use polympics::{AccountId, AwardId, TeamId};

/// A team, an account or an award as a change, a plan or a conflict names it: its ID and
/// its name (an award's title) at the time. The roster's one shape of each is its view
/// ([`RosterTeam`](crate::RosterTeam), [`RosterAccount`](crate::RosterAccount),
/// [`RosterAward`](crate::RosterAward)); this is how the things that outlive a roster
/// point at one. `Named<TeamId>` shows as `team 3 "Sparta Shields"`.
///
/// In JSON, `{"id", "name"}`, an account's ID as a string, as in the API, so that it stays
/// exact.
///
/// ```
/// use polympics::{AccountId, AwardId, TeamId};
/// use polympics_roster::Named;
///
/// let team: Named<TeamId> = serde_json::from_str(r#"{"id": 3, "name": "Sparta Shields"}"#)?;
/// assert_eq!(team.to_string(), "team 3 \"Sparta Shields\"");
/// assert_eq!(TeamId::from(&team), 3);
///
/// let account: Named<AccountId> =
///     serde_json::from_str(r#"{"id": "18446744073709551615", "name": "Artemis"}"#)?;
/// assert_eq!(account.id, u64::MAX);
/// assert_eq!(account.to_string(), "account 18446744073709551615 \"Artemis\"");
///
/// let award: Named<AwardId> = serde_json::from_str(r#"{"id": 4, "name": "Gold"}"#)?;
/// assert_eq!(award.to_string(), "award 4 \"Gold\"");
/// assert_eq!(serde_json::to_string(&award)?, r#"{"id":4,"name":"Gold"}"#);
/// // As the `roster` feature's `AwardRef` wrote it.
/// assert_eq!(serde_json::from_str::<Named<AwardId>>(r#"{"id": 4, "title": "Gold"}"#)?, award);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct Named<I> {
    /// Its ID.
    pub id: I,
    /// Its name (an award's title).
    pub name: String,
}

impl<I> Named<I> {
    /// The ID `id`, called `name`.
    pub fn new(id: impl Into<I>, name: impl Into<String>) -> Self {
        Named {
            id: id.into(),
            name: name.into(),
        }
    }
}

/// The JSON of a team's or an award's name (an award's `title`, as the `roster` feature's
/// `AwardRef` wrote it, is still read).
#[derive(Serialize, Deserialize)]
struct NumberId<'a, I> {
    id: I,
    #[serde(borrow, alias = "title")]
    name: std::borrow::Cow<'a, str>,
}

/// The JSON of an account's name: the ID as a string.
#[derive(Serialize, Deserialize)]
struct StringId<'a> {
    #[serde(with = "account_id")]
    id: AccountId,
    #[serde(borrow)]
    name: std::borrow::Cow<'a, str>,
}

macro_rules! named {
    ($id:ty, $what:literal, $model:ty, $name:ident) => {
        impl fmt::Display for Named<$id> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, concat!($what, " {} {:?}"), self.id, self.name)
            }
        }

        impl From<&$model> for Named<$id> {
            fn from(model: &$model) -> Self {
                Named::new(model.id, model.$name.clone())
            }
        }

        impl From<&Named<$id>> for $id {
            fn from(named: &Named<$id>) -> Self {
                named.id
            }
        }
    };
}

named!(TeamId, "team", Team, name);
named!(AccountId, "account", Account, name);
named!(AwardId, "award", Award, title);

macro_rules! number_id_serde {
    ($id:ty) => {
        impl Serialize for Named<$id> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                NumberId {
                    id: self.id,
                    name: self.name.as_str().into(),
                }
                .serialize(serializer)
            }
        }

        impl<'de> Deserialize<'de> for Named<$id> {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let named = NumberId::<$id>::deserialize(deserializer)?;
                Ok(Named::new(named.id, named.name))
            }
        }
    };
}

number_id_serde!(TeamId);
number_id_serde!(AwardId);

impl Serialize for Named<AccountId> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        StringId {
            id: self.id,
            name: self.name.as_str().into(),
        }
        .serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Named<AccountId> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let named = StringId::deserialize(deserializer)?;
        Ok(Named::new(named.id, named.name))
    }
}
