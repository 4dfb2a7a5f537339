//! The payloads the server POSTs to callbacks.

use serde::{Deserialize, Serialize};

use super::account::Account;
use super::team::Team;

/// The payload of an `account_team_update` event: the account after its team changed.
///
/// Parse it with [`webhooks::account_team_update`](crate::webhooks::account_team_update).
/// Note that the server computes `account.team.member_count` before saving, so it can be
/// one off; `team` is the team the account is now in, or `None` if it left.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct AccountTeamUpdateEvent {
    /// The account whose team changed.
    pub account: Account,
    /// The account's team now, or `None`.
    pub team: Option<Team>,
}
