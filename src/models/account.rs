//! Accounts.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::award::Award;
use super::permissions::Permissions;
use super::team::Team;
use crate::formats::account_id;
use crate::formats::timestamp;
use crate::ids::AccountId;

/// A user's account, keyed by their Discord ID.
///
/// ```
/// let account: polympics::Account = serde_json::from_str(r#"{
///     "id": "1234567890123456789", "name": "Alice", "discriminator": "0001",
///     "avatar_url": null, "team": null, "permissions": 0,
///     "created_at": 1795778981.697964, "awards": []
/// }"#).unwrap();
/// assert_eq!(account.id, 1_234_567_890_123_456_789);
/// assert_eq!(account.created_at.microsecond(), 697_964);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Account {
    /// The Discord user ID (sent by the server as a string, never rounded).
    #[serde(with = "account_id")]
    pub id: AccountId,
    /// The Discord username.
    pub name: String,
    /// The Discord discriminator: four digits, as a string (`"0001"`).
    pub discriminator: String,
    /// The avatar's URL, if any.
    pub avatar_url: Option<String>,
    /// The team the account belongs to, if any.
    pub team: Option<Team>,
    /// What the account may do.
    pub permissions: Permissions,
    /// When the account was created.
    #[serde(with = "timestamp")]
    pub created_at: OffsetDateTime,
    /// The awards the account holds.
    #[serde(default)]
    pub awards: Vec<Award>,
}

impl From<&Account> for AccountId {
    fn from(account: &Account) -> Self {
        account.id
    }
}
