//! [`DesiredRoster`] and its [`DesiredAccount`]s, each checked against what the server can
//! store.

use serde::{Deserialize, Serialize};

use polympics::formats::account_id;
use polympics::limits::{self, MAX_BIGINT, MAX_NAME_CHARS};
use polympics::{AccountId, TeamId};
use polympics::{Error, Result};

/// The roster a league should have: for each account listed, by Discord ID, the team it
/// belongs in (by exact name) or none. Accounts that do not exist yet can carry the name and
/// discriminator to create them with.
///
/// Accounts not listed are left alone, unless a [plan](crate::plan) is made with
/// [`prune`](crate::PlanOptions::prune).
///
/// ```
/// use polympics_roster::{DesiredAccount, DesiredRoster};
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
/// use polympics_roster::DesiredAccount;
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
    #[serde(with = "account_id")]
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
    /// The ID the team named by [`team`](Self::team) must have (the `team_id` column of an
    /// export), or with no team name, the team that must be given one. When the league
    /// disagrees, the entry is a [`Conflict::TeamIdMismatch`](crate::Conflict::TeamIdMismatch)
    /// and left alone: an edited ID is never silently ignored.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub team_id: Option<TeamId>,
    /// Where the entry came from (a line of a file), to say so in conflicts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
}

impl DesiredAccount {
    /// `account` belongs in the team named `team`, or in no team.
    pub fn new(account: impl Into<AccountId>, team: Option<&str>) -> Self {
        DesiredAccount {
            account: account.into(),
            team: team.map(str::to_owned),
            name: None,
            discriminator: None,
            team_id: None,
            line: None,
        }
    }

    /// The name and discriminator to create the account with, if it does not exist. They
    /// are not used to rename accounts that exist.
    pub fn create_as(mut self, name: impl Into<String>, discriminator: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self.discriminator = Some(discriminator.into());
        self
    }

    /// The ID its team must have (see [`team_id`](Self::team_id)).
    pub fn team_id(mut self, team: impl Into<TeamId>) -> Self {
        self.team_id = Some(team.into());
        self
    }

    /// The line of the file the entry came from, shown in its conflicts.
    pub fn at_line(mut self, line: u64) -> Self {
        self.line = Some(line);
        self
    }

    /// Checks the entry against what the server can store and what a roster can mean,
    /// before anything is planned or sent: an ID the server can hold (below 2^63), a team
    /// name that is not blank, has no control characters (line breaks, NUL, tabs), no
    /// spaces around it and at most 255 characters, and the same for the name and
    /// discriminator to create the account with. [`plan`](crate::plan) leaves an entry
    /// that fails as a [`Conflict::Invalid`](crate::Conflict::Invalid).
    ///
    /// ```
    /// use polympics_roster::DesiredAccount;
    ///
    /// assert!(DesiredAccount::new(42, Some("Athens Owls")).check().is_ok());
    /// for bad in ["   ", " Athens Owls", "Athens\nOwls", "nul\0"] {
    ///     assert!(DesiredAccount::new(42, Some(bad)).check().is_err(), "{bad:?}");
    /// }
    /// let err = DesiredAccount::new(u64::MAX, None).check().unwrap_err();
    /// assert!(err.to_string().contains("above 9223372036854775807"), "{err}");
    /// ```
    pub fn check(&self) -> Result<()> {
        if self.account.0 > MAX_BIGINT {
            return Err(Error::invalid_input(
                "account_id",
                format!(
                    "{} is above {MAX_BIGINT}, the largest ID the server can store",
                    self.account
                ),
            ));
        }
        if let Some(team) = &self.team {
            if team.trim().is_empty() {
                return Err(Error::invalid_input(
                    "team",
                    "it is blank: leave it empty for no team",
                ));
            }
            check_text("team", team)?;
            if team.trim() != team {
                return Err(Error::invalid_input(
                    "team",
                    format!("{} starts or ends with spaces", shown(team)),
                ));
            }
        }
        for (field, value) in [("name", &self.name), ("discriminator", &self.discriminator)] {
            if let Some(value) = value {
                if value.trim().is_empty() {
                    return Err(Error::invalid_input(field, "it is blank"));
                }
                check_text(field, value)?;
            }
        }
        Ok(())
    }
}

/// No control characters, and what the server stores.
fn check_text(field: &'static str, value: &str) -> Result<()> {
    if let Some(c) = value.chars().find(|c| c.is_control()) {
        return Err(Error::invalid_input(
            field,
            format!(
                "{} holds a control character ({})",
                shown(value),
                c.escape_default()
            ),
        ));
    }
    limits::check_text(field, value, MAX_NAME_CHARS).map_err(|err| match err {
        Error::InvalidInput { field, reason, .. } => {
            Error::invalid_input(field, format!("{}: {reason}", shown(value)))
        }
        other => other,
    })
}

/// A value as a message shows it: quoted, escaped, and cut to about 80 characters.
pub(crate) fn shown(value: &str) -> String {
    const MAX: usize = 80;
    match value.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{:?}…", &value[..cut]),
        None => format!("{value:?}"),
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

    /// Whether no account is listed.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_shown_short() {
        assert_eq!(shown("ab"), "\"ab\"");
        let long = "x".repeat(10_000_000);
        let text = shown(&long);
        assert!(text.len() < 90, "{}", text.len());
        assert!(text.ends_with('…'));
    }

    #[test]
    fn every_invalid_entry_is_refused_with_its_reason() {
        let cases = [
            (DesiredAccount::new(1u64 << 63, None), "account_id"),
            (DesiredAccount::new(1, Some("")), "blank"),
            (DesiredAccount::new(1, Some(" \t ")), "blank"),
            (
                DesiredAccount::new(1, Some("A\nB")),
                "control character (\\n)",
            ),
            (
                DesiredAccount::new(1, Some("A\0B")),
                "control character (\\u{0})",
            ),
            (DesiredAccount::new(1, Some("Owls ")), "spaces"),
            (
                DesiredAccount::new(1, Some(&"t".repeat(256))),
                "256 characters",
            ),
            (
                DesiredAccount::new(1, Some("T")).create_as("a\rb", "0001"),
                "name",
            ),
            (
                DesiredAccount::new(1, Some("T")).create_as("Ajax", " "),
                "discriminator",
            ),
        ];
        for (entry, expected) in cases {
            let err = entry.check().unwrap_err().to_string();
            assert!(err.contains(expected), "{entry:?}: {err}");
            assert!(err.len() < 200, "{err}");
        }
        assert!(DesiredAccount::new(MAX_BIGINT, Some(&"é".repeat(255)))
            .check()
            .is_ok());
    }
}
