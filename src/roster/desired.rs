//! [`DesiredRoster`]: which accounts should be in which team, as kept somewhere else.

use serde::{Deserialize, Serialize};

use crate::ids::{account_id_string, AccountId};

/// The roster a league should have: for each account listed, by Discord ID, the team it
/// belongs in (by exact name) or none. Accounts that do not exist yet can carry the name and
/// discriminator to create them with.
///
/// Accounts not listed are left alone, unless a [plan](super::plan) is made with
/// [`prune`](super::PlanOptions::prune).
///
/// ```
/// use polympics::roster::{DesiredAccount, DesiredRoster};
///
/// let desired: DesiredRoster = [
///     DesiredAccount::new(800000000000000000, Some("Athens Owls")),
///     DesiredAccount::new(1234567, Some("New Team")).create_as("Artemis", "8472"),
///     DesiredAccount::new(800039595000000005, None), // in no team
/// ]
/// .into_iter()
/// .collect();
/// assert_eq!(desired.entries().len(), 3);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DesiredRoster {
    entries: Vec<DesiredAccount>,
}

/// One account of a [`DesiredRoster`].
///
/// ```
/// use polympics::roster::DesiredAccount;
///
/// let existing = DesiredAccount::new(800000000000000000, Some("Athens Owls"));
/// assert_eq!(existing.name, None);
/// let new = DesiredAccount::new(1234567, Some("Sparta Shields")).create_as("Artemis", "8472");
/// assert_eq!(new.name.as_deref(), Some("Artemis"));
/// let teamless = DesiredAccount::new(1234568, None);
/// assert_eq!(teamless.team, None);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct DesiredAccount {
    /// The account's Discord ID.
    #[serde(with = "account_id_string")]
    pub account: AccountId,
    /// The exact name of its team, or `None` for no team.
    #[serde(default)]
    pub team: Option<String>,
    /// The name to create the account with, if it does not exist yet.
    #[serde(default)]
    pub name: Option<String>,
    /// The discriminator to create the account with, if it does not exist yet.
    #[serde(default)]
    pub discriminator: Option<String>,
}

impl DesiredAccount {
    /// `account` belongs in the team named `team`, or in no team.
    pub fn new(account: impl Into<AccountId>, team: Option<&str>) -> Self {
        DesiredAccount {
            account: account.into(),
            team: team.map(str::to_owned),
            name: None,
            discriminator: None,
        }
    }

    /// The name and discriminator to create the account with, if it does not exist. They
    /// are not used to rename accounts that exist.
    pub fn create_as(mut self, name: impl Into<String>, discriminator: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self.discriminator = Some(discriminator.into());
        self
    }
}

impl DesiredRoster {
    /// An empty desired roster.
    pub fn new() -> Self {
        DesiredRoster::default()
    }

    /// Adds an account.
    pub fn push(&mut self, account: DesiredAccount) {
        self.entries.push(account);
    }

    /// The accounts listed, in the order they were given.
    pub fn entries(&self) -> &[DesiredAccount] {
        &self.entries
    }
}

impl FromIterator<DesiredAccount> for DesiredRoster {
    fn from_iter<I: IntoIterator<Item = DesiredAccount>>(iter: I) -> Self {
        DesiredRoster {
            entries: iter.into_iter().collect(),
        }
    }
}

impl Extend<DesiredAccount> for DesiredRoster {
    fn extend<I: IntoIterator<Item = DesiredAccount>>(&mut self, iter: I) {
        self.entries.extend(iter);
    }
}
