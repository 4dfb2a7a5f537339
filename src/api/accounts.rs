//! Accounts: `/accounts/*` and `/account/{id}`.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::client::{AuthKind, Authenticated, Client};
use crate::error::Result;
use crate::ids::{AccountId, TeamAssignment, TeamId};
use crate::models::{Account, Permissions};
use crate::pagination::AccountQuery;
use crate::transport::{Method, Path};
use crate::validate::{self, MAX_NAME, MAX_URL};

impl<A: AuthKind> Client<A> {
    /// Gets an account by its Discord ID.
    ///
    /// ```no_run
    /// let client = polympics::UnauthenticatedClient::new();
    /// let account = client.get_account(12345678901234)?;
    /// println!("{} {:?}", account.name, account.permissions);
    /// if let Some(team) = &account.team {
    ///     println!("in {}", team.name);
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn get_account(&self, account: impl Into<AccountId>) -> Result<Account> {
        self.transport.get(Path::new("/account").id(account.into()))
    }

    /// Lists accounts, lazily, a page at a time; narrow it with
    /// [`search`](AccountQuery::search) and [`team`](AccountQuery::team).
    ///
    /// ```no_run
    /// # let client = polympics::UnauthenticatedClient::new();
    /// # let team = client.get_team(1)?;
    /// for account in client.list_accounts().search("bob").team(&team).per_page(100) {
    ///     println!("{}", account?.name);
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn list_accounts(&self) -> AccountQuery {
        AccountQuery::accounts(self.transport.clone())
    }

    /// Whether new users may sign up.
    ///
    /// ```no_run
    /// let client = polympics::UnauthenticatedClient::new();
    /// if client.check_signups()? {
    ///     println!("Signups are open.");
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn check_signups(&self) -> Result<bool> {
        #[derive(Deserialize)]
        struct Signups {
            signups_open: bool,
        }
        Ok(self
            .transport
            .get::<Signups>(Path::new("/accounts/signups"))?
            .signups_open)
    }
}

impl<A: Authenticated> Client<A> {
    /// Registers an account. Needs `MANAGE_ACCOUNT_DETAILS`, and open signups.
    ///
    /// ```no_run
    /// use polympics::{AppClient, Credentials, NewAccount, Permissions};
    ///
    /// let app = AppClient::new(Credentials::new("A3", "TOKEN"));
    /// let team = app.get_team(5)?;
    /// let account = app.create_account(
    ///     NewAccount::new(1234567, "Artemis", "8472")
    ///         .avatar_url("https://picsum.photos/200")
    ///         .team(&team)
    ///         .permissions(Permissions::MANAGE_TEAMS | Permissions::MANAGE_ACCOUNT_DETAILS),
    /// )?;
    /// assert_eq!(account.team.map(|t| t.id), Some(5));
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn create_account(&self, account: NewAccount) -> Result<Account> {
        account.validate()?;
        self.transport
            .send(Method::Post, Path::new("/accounts/new"), &account)
    }

    /// Changes an account: any of name, discriminator, avatar, team, permissions, or a
    /// refresh from Discord. Takes an `&Account` or a bare ID (nothing is fetched first).
    ///
    /// ```no_run
    /// use polympics::{AccountUpdate, AppClient, Credentials, Permissions, NO_TEAM};
    ///
    /// let app = AppClient::new(Credentials::new("A3", "TOKEN"));
    /// let account = app.get_account(41129492792313)?;
    /// let account = app.update_account(&account, AccountUpdate::new().name("Artemis").discriminator("1231"))?;
    /// let account = app.update_account(&account, AccountUpdate::new().team(NO_TEAM))?;
    /// let account = app.update_account(&account, AccountUpdate::new()
    ///     .grant_permissions(Permissions::MANAGE_OWN_TEAM)
    ///     .revoke_permissions(Permissions::MANAGE_TEAMS))?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn update_account(
        &self,
        account: impl Into<AccountId>,
        update: AccountUpdate,
    ) -> Result<Account> {
        update.validate()?;
        self.transport.send(
            Method::Patch,
            Path::new("/account").id(account.into()),
            &update,
        )
    }

    /// Deletes an account. Needs `MANAGE_ACCOUNT_DETAILS`, or a session of that account.
    ///
    /// ```no_run
    /// use polympics::{AccountId, AppClient, Credentials};
    ///
    /// let app = AppClient::new(Credentials::new("A3", "TOKEN"));
    /// app.delete_account(AccountId(124214913289))?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn delete_account(&self, account: impl Into<AccountId>) -> Result<()> {
        self.transport
            .call(
                Method::Delete,
                Path::new("/account").id(account.into()),
                None,
            )
            .map(drop)
    }
}

/// A new account, for [`Client::create_account`].
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

    fn validate(&self) -> Result<()> {
        validate::bigint("account id", self.id.0)?;
        validate::text("name", &self.name, MAX_NAME)?;
        validate::text("discriminator", &self.discriminator, MAX_NAME)?;
        if let Some(url) = &self.avatar_url {
            validate::text("avatar_url", url, MAX_URL)?;
        }
        Ok(())
    }
}

/// The changes to make to an account, for [`Client::update_account`]. Fields not set are
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
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
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
    discord_token: Option<String>,
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
        self.discord_token = Some(token.into());
        self
    }

    fn validate(&self) -> Result<()> {
        validate::update_field("name", self.name.as_deref(), MAX_NAME)?;
        validate::update_field("discriminator", self.discriminator.as_deref(), MAX_NAME)?;
        validate::update_field("avatar_url", self.avatar_url.as_deref(), MAX_URL)?;
        validate::update_field("discord_token", self.discord_token.as_deref(), usize::MAX)
    }
}

impl fmt::Debug for AccountUpdate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AccountUpdate")
            .field("name", &self.name)
            .field("discriminator", &self.discriminator)
            .field("avatar_url", &self.avatar_url)
            .field("team", &self.team)
            .field("grant_permissions", &self.grant_permissions)
            .field("revoke_permissions", &self.revoke_permissions)
            .field(
                "discord_token",
                &self.discord_token.as_ref().map(|_| "[REDACTED]"),
            )
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NO_TEAM;

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
