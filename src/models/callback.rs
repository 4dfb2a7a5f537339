use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::{Account, Team};

/// A kind of event an app can register a callback for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventType {
    /// An account joined or left a team (`account_team_update`).
    AccountTeamUpdate,
}

impl EventType {
    /// The name the API uses, such as `account_team_update`.
    pub const fn as_str(self) -> &'static str {
        match self {
            EventType::AccountTeamUpdate => "account_team_update",
        }
    }
}

impl fmt::Display for EventType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for EventType {
    type Err = crate::Error;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "account_team_update" => Ok(EventType::AccountTeamUpdate),
            _ => Err(crate::Error::invalid_input(
                "event type",
                format!("{s:?} is not an event type (known: account_team_update)"),
            )),
        }
    }
}

/// A callback an app registered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Callback {
    /// The callback's ID (it changes each time the callback is registered again).
    pub id: u64,
    /// The event it is for.
    pub event: EventType,
    /// The URL the server POSTs events to.
    pub url: String,
}

/// The payload of an `account_team_update` event: the account after its team changed.
///
/// Parse it with [`webhooks::account_team_update`](crate::webhooks::account_team_update).
/// Note that the server computes `account.team.member_count` before saving, so it can be
/// one off; `team` is the team the account is now in, or `None` if it left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountTeamUpdateEvent {
    /// The account whose team changed.
    pub account: Account,
    /// The account's team now, or `None`.
    pub team: Option<Team>,
}
