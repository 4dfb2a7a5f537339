//! Accounts: `/accounts/*` and `/account/{id}`.

use serde::Deserialize;

use crate::client::Client;

use crate::auth::{AuthKind, Authenticated};
use crate::error::Result;
use crate::ids::AccountId;
use crate::models::Account;
use crate::pagination::AccountQuery;
use crate::requests::{AccountUpdate, NewAccount};
use crate::transport::{Method, Path};

impl<A: AuthKind> Client<A> {
    /// Gets an account by its Discord ID.
    ///
    /// ```no_run
    /// let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
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
    /// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
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
    /// let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
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
    /// use polympics::{AppClient, Credentials, NewAccount, Permissions, TeamId};
    ///
    /// let app = AppClient::new("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))?;
    /// let team = app.get_team(5)?;
    /// let account = app.create_account(
    ///     NewAccount::new(1234567, "Artemis", "8472")
    ///         .avatar_url("https://picsum.photos/200")
    ///         .team(&team)
    ///         .permissions(Permissions::MANAGE_TEAMS | Permissions::MANAGE_ACCOUNT_DETAILS),
    /// )?;
    /// assert_eq!(account.team.map(|t| t.id), Some(TeamId(5)));
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn create_account(&self, account: NewAccount) -> Result<Account> {
        self.transport
            .send(Method::POST, Path::new("/accounts/new"), &account, 201)
    }

    /// Changes an account: any of name, discriminator, avatar, team, permissions, or a
    /// refresh from Discord. Takes an `&Account` or a bare ID (nothing is fetched first).
    ///
    /// ```no_run
    /// use polympics::{AccountUpdate, AppClient, Credentials, Permissions, NO_TEAM};
    ///
    /// let app = AppClient::new("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))?;
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
        self.transport.send(
            Method::PATCH,
            Path::new("/account").id(account.into()),
            &update,
            200,
        )
    }

    /// Deletes an account. Needs `MANAGE_ACCOUNT_DETAILS`, or a session of that account.
    ///
    /// ```no_run
    /// use polympics::{AccountId, AppClient, Credentials};
    ///
    /// let app = AppClient::new("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))?;
    /// app.delete_account(AccountId(124214913289))?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn delete_account(&self, account: impl Into<AccountId>) -> Result<()> {
        self.transport
            .call(
                Method::DELETE,
                Path::new("/account").id(account.into()),
                None,
            )?
            .empty(&[204])
            .map(drop)
    }
}
