//! Short references to a team, an account or an award: its ID and what people call it.

use std::fmt;

use serde::{Deserialize, Serialize};

use polympics::formats::account_id;

use polympics::{Account, Award, Team};
use polympics::{AccountId, AwardId, TeamId};

/// A team by ID and name. Shows as `team 3 "Sparta Shields"`.
///
/// ```
/// use polympics_roster::TeamRef;
///
/// let team: TeamRef = serde_json::from_str(r#"{"id": 3, "name": "Sparta Shields"}"#)?;
/// assert_eq!(team.to_string(), "team 3 \"Sparta Shields\"");
/// assert_eq!(polympics::TeamId::from(&team), 3);
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct TeamRef {
    /// The team's ID.
    pub id: TeamId,
    /// Its name.
    pub name: String,
}

/// An account by ID and name. Shows as `account 1234 "Artemis"`.
///
/// ```
/// use polympics_roster::AccountRef;
///
/// // Discord IDs are strings in JSON, as in the API, so they stay exact.
/// let account: AccountRef = serde_json::from_str(r#"{"id": "18446744073709551615", "name": "Artemis"}"#)?;
/// assert_eq!(account.id, u64::MAX);
/// assert_eq!(account.to_string(), "account 18446744073709551615 \"Artemis\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountRef {
    /// The account's ID.
    #[serde(with = "account_id")]
    pub id: AccountId,
    /// Its name.
    pub name: String,
}

/// An award by ID and title. Shows as `award 4 "Gold"`.
///
/// ```
/// use polympics_roster::AwardRef;
///
/// let award: AwardRef = serde_json::from_str(r#"{"id": 4, "title": "Gold"}"#)?;
/// assert_eq!(award.to_string(), "award 4 \"Gold\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AwardRef {
    /// The award's ID.
    pub id: AwardId,
    /// Its title.
    pub title: String,
}

impl From<&Team> for TeamRef {
    fn from(team: &Team) -> Self {
        TeamRef {
            id: team.id,
            name: team.name.clone(),
        }
    }
}

impl From<&TeamRef> for TeamId {
    fn from(team: &TeamRef) -> Self {
        team.id
    }
}

impl From<&Account> for AccountRef {
    fn from(account: &Account) -> Self {
        AccountRef {
            id: account.id,
            name: account.name.clone(),
        }
    }
}

impl From<&AccountRef> for AccountId {
    fn from(account: &AccountRef) -> Self {
        account.id
    }
}

impl From<&Award> for AwardRef {
    fn from(award: &Award) -> Self {
        AwardRef {
            id: award.id,
            title: award.title.clone(),
        }
    }
}

impl fmt::Display for TeamRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "team {} {:?}", self.id, self.name)
    }
}

impl fmt::Display for AccountRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "account {} {:?}", self.id, self.name)
    }
}

impl fmt::Display for AwardRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "award {} {:?}", self.id, self.title)
    }
}
