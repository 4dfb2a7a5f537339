//! [`Event`]: a verified event, as a listener yields it.

use crate::models::AccountTeamUpdateEvent;

/// A verified event from the server.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Event {
    /// An account joined, left or changed teams (`account_team_update`).
    AccountTeamUpdate(AccountTeamUpdateEvent),
}
