//! Callbacks: what apps register to be told of events.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::ids::CallbackId;

/// A kind of event an app can register a callback for.
///
/// ```
/// use polympics::EventType;
///
/// let event: EventType = "account_team_update".parse()?;
/// assert_eq!(event, EventType::AccountTeamUpdate);
/// assert!("team_renamed".parse::<EventType>().is_err());
/// # Ok::<(), polympics::ParseEventTypeError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum EventType {
    /// An account joined or left a team (`account_team_update`).
    AccountTeamUpdate,
}

impl EventType {
    /// Every event type.
    pub const ALL: [EventType; 1] = [EventType::AccountTeamUpdate];

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
    type Err = ParseEventTypeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        EventType::ALL
            .into_iter()
            .find(|event| event.as_str() == s)
            .ok_or_else(|| ParseEventTypeError(s.to_owned()))
    }
}

/// A name that is not an [`EventType`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0:?} is not an event type (known: account_team_update)")]
pub struct ParseEventTypeError(String);

/// A callback an app registered.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Callback {
    /// The callback's ID (it changes each time the callback is registered again).
    pub id: CallbackId,
    /// The event it is for.
    pub event: EventType,
    /// The URL the server POSTs events to.
    pub url: String,
}
