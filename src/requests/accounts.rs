//! The bodies of account requests: [`NewAccount`] and [`AccountUpdate`].

use serde::Serialize;

use crate::error::Result;
use crate::ids::{AccountId, TeamAssignment, TeamId};
use crate::limits::{self, Checked, MAX_NAME_CHARS, MAX_URL_CHARS};
use crate::models::Permissions;
use crate::secret::Secret;

/// A new account, for [`Client::create_account`](crate::Client::create_account).
///
/// ```
/// use polympics::{NewAccount, Permissions, TeamId};
///
/// let account = NewAccount::new(1234567, "Artemis", "8472")
///     .avatar_url("https://picsum.photos/200")
///     .team(TeamId(5))
///     .permissions(Permissions::MANAGE_TEAMS);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[must_use = "pass it to create_account"]
pub struct NewAccount {
    id: AccountId,
    name: String,
    discriminator: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    avatar_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<TeamId>,
    #[serde(skip_serializing_if = "Option::is_none")]
    permissions: Option<Permissions>,
}

impl NewAccount {
    /// An account with its Discord ID, name and discriminator (four digits).
    pub fn new(
        id: impl Into<AccountId>,
        name: impl Into<String>,
        discriminator: impl Into<String>,
    ) -> Self {
        NewAccount {
            id: id.into(),
            name: name.into(),
            discriminator: discriminator.into(),
            avatar_url: None,
            team: None,
            permissions: None,
        }
    }

    /// The avatar's URL (at most 512 characters).
    pub fn avatar_url(mut self, url: impl Into<String>) -> Self {
        self.avatar_url = Some(url.into());
        self
    }

    /// The team to put the account in.
    pub fn team(mut self, team: impl Into<TeamId>) -> Self {
        self.team = Some(team.into());
        self
    }

    /// The permissions to grant (subject to the granting rules; default none).
    pub fn permissions(mut self, permissions: Permissions) -> Self {
        self.permissions = Some(permissions);
        self
    }
}

impl Checked for NewAccount {
    fn check(&self) -> Result<()> {
        limits::bigint("account id", self.id.0)?;
        limits::check_text("name", &self.name, MAX_NAME_CHARS)?;
        limits::check_text("discriminator", &self.discriminator, MAX_NAME_CHARS)?;
        if let Some(url) = &self.avatar_url {
            limits::check_text("avatar_url", url, MAX_URL_CHARS)?;
        }
        Ok(())
    }
}

/// The changes to make to an account, for [`Client::update_account`](crate::Client::update_account). Fields not set are
/// left as they are.
///
/// ```
/// use polympics::{AccountUpdate, Permissions, TeamId, NO_TEAM};
///
/// let rename = AccountUpdate::new().name("Artemis").discriminator("1231");
/// let join = AccountUpdate::new().team(TeamId(5));
/// let leave = AccountUpdate::new().team(NO_TEAM);
/// let promote = AccountUpdate::new().grant_permissions(Permissions::MANAGE_OWN_TEAM);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[must_use = "pass it to update_account"]
pub struct AccountUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discriminator: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    avatar_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<TeamAssignment>,
    #[serde(skip_serializing_if = "is_none_or_empty")]
    grant_permissions: Option<Permissions>,
    #[serde(skip_serializing_if = "is_none_or_empty")]
    revoke_permissions: Option<Permissions>,
    #[serde(skip_serializing_if = "Option::is_none")]
    discord_token: Option<Secret>,
}

fn is_none_or_empty(permissions: &Option<Permissions>) -> bool {
    permissions.is_none_or(|p| p.is_empty())
}

impl AccountUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new name (needs `MANAGE_ACCOUNT_DETAILS`; at most 255 characters, not empty).
    pub fn name(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// A new discriminator (needs `MANAGE_ACCOUNT_DETAILS`; not empty, at most 255 characters).
    pub fn discriminator(mut self, discriminator: impl Into<String>) -> Self {
        self.discriminator = Some(discriminator.into());
        self
    }

    /// A new avatar URL (needs `MANAGE_ACCOUNT_DETAILS`; at most 512 characters, not empty:
    /// the server cannot clear an avatar).
    pub fn avatar_url(mut self, url: impl Into<String>) -> Self {
        self.avatar_url = Some(url.into());
        self
    }

    /// Moves the account into a team (an `&Team`, a [`TeamId`]) or out of its team
    /// ([`NO_TEAM`](crate::NO_TEAM)). Needs `MANAGE_ACCOUNT_TEAMS`, or a session of the
    /// account itself, or (to remove a member) `MANAGE_OWN_TEAM` in the same team.
    pub fn team(mut self, team: impl Into<TeamAssignment>) -> Self {
        self.team = Some(team.into());
        self
    }

    /// Permissions to add, subject to the granting rules.
    pub fn grant_permissions(mut self, permissions: Permissions) -> Self {
        self.grant_permissions = Some(permissions);
        self
    }

    /// Permissions to take away, subject to the granting rules.
    pub fn revoke_permissions(mut self, permissions: Permissions) -> Self {
        self.revoke_permissions = Some(permissions);
        self
    }

    /// A Discord OAuth2 user token (`identify` scope) of this account: the server copies
    /// the name, discriminator and avatar from Discord. Needs no permission. The token never
    /// appears in `Debug` output.
    pub fn discord_token(mut self, token: impl Into<String>) -> Self {
        self.discord_token = Some(Secret::new(token));
        self
    }
}

impl Checked for AccountUpdate {
    fn check(&self) -> Result<()> {
        limits::update_field("name", self.name.as_deref(), MAX_NAME_CHARS)?;
        limits::update_field(
            "discriminator",
            self.discriminator.as_deref(),
            MAX_NAME_CHARS,
        )?;
        limits::update_field("avatar_url", self.avatar_url.as_deref(), MAX_URL_CHARS)?;
        let token = self.discord_token.as_ref().map(Secret::expose);
        limits::update_field("discord_token", token, usize::MAX)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ids::NO_TEAM;

    #[test]
    fn update_bodies() {
        let body = |update: AccountUpdate| serde_json::to_string(&update).unwrap();
        assert_eq!(body(AccountUpdate::new()), "{}");
        assert_eq!(body(AccountUpdate::new().team(NO_TEAM)), r#"{"team":0}"#);
        assert_eq!(body(AccountUpdate::new().team(TeamId(7))), r#"{"team":7}"#);
        assert_eq!(
            body(AccountUpdate::new().grant_permissions(Permissions::empty())),
            "{}"
        );
        assert_eq!(
            body(
                AccountUpdate::new()
                    .grant_permissions(Permissions::MANAGE_OWN_TEAM)
                    .revoke_permissions(Permissions::MANAGE_TEAMS)
            ),
            r#"{"grant_permissions":32,"revoke_permissions":8}"#
        );
    }

    #[test]
    fn new_account_body_keeps_big_ids_exact() {
        let body = serde_json::to_string(&NewAccount::new(u64::MAX, "a", "0001")).unwrap();
        assert_eq!(
            body,
            r#"{"id":18446744073709551615,"name":"a","discriminator":"0001"}"#
        );
    }

    #[test]
    fn debug_hides_the_discord_token() {
        let shown = format!("{:?}", AccountUpdate::new().discord_token("tok-secret"));
        assert!(!shown.contains("tok-secret"), "{shown}");
    }
}
