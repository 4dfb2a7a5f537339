//! Awards: `/awards/new`, `/award/{id}` and `/account/{a}/award/{w}`.

use crate::client::Client;

use crate::auth::{AuthKind, Authenticated};
use crate::error::{Error, Result};
use crate::ids::{AccountId, AwardId};
use crate::models::{Award, AwardDetails};
use crate::requests::{AwardUpdate, NewAward};
use crate::transport::{Method, Path};

impl<A: AuthKind> Client<A> {
    /// Gets an award with the accounts that hold it and its team.
    ///
    /// ```no_run
    /// let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
    /// let award = client.get_award(42)?;
    /// println!("{} {}", award.title, award.image_url);
    /// for awardee in &award.awardees {
    ///     println!("{}", awardee.name);
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn get_award(&self, award: impl Into<AwardId>) -> Result<AwardDetails> {
        self.transport.get(Path::new("/award").id(award.into()))
    }
}

impl<A: Authenticated> Client<A> {
    /// Creates an award for a team, held by the given accounts. Needs `MANAGE_AWARDS`.
    ///
    /// ```no_run
    /// use polympics::{AppClient, Credentials, NewAward};
    ///
    /// let app = AppClient::new("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))?;
    /// let account = app.get_account(508140149014901)?;
    /// let team = app.get_team(123)?;
    /// let award = app.create_award(
    ///     NewAward::new("Perfect 10 Gold", "https://link.to/icon.png", &team).accounts([&account]),
    /// )?;
    /// println!("{} {}", award.id, award.title);
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn create_award(&self, award: NewAward) -> Result<Award> {
        self.transport
            .send(Method::POST, Path::new("/awards/new"), &award, 201)
    }

    /// Changes an award's title, image or team. Needs `MANAGE_AWARDS`.
    ///
    /// ```no_run
    /// use polympics::{AppClient, AwardUpdate, Credentials};
    ///
    /// let app = AppClient::new("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))?;
    /// let award = app.get_award(12)?;
    /// let award = app.update_award(&award, AwardUpdate::new().title("Gold - Perfect 10"))?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn update_award(&self, award: impl Into<AwardId>, update: AwardUpdate) -> Result<Award> {
        self.transport.send(
            Method::PATCH,
            Path::new("/award").id(award.into()),
            &update,
            200,
        )
    }

    /// Deletes an award. Needs `MANAGE_AWARDS`.
    ///
    /// ```no_run
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    /// app.delete_award(polympics::AwardId(52))?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn delete_award(&self, award: impl Into<AwardId>) -> Result<()> {
        self.transport
            .call(Method::DELETE, Path::new("/award").id(award.into()), None)?
            .empty(&[204])
            .map(drop)
    }

    /// Gives an award to an account, and says whether the account already held it.
    /// Needs `MANAGE_AWARDS`. Either way, the account holds the award afterwards.
    ///
    /// Giving is safe to repeat, so it is retried after a lost connection: a retry whose
    /// first attempt gave the award reports [`AwardGiven::AlreadyHeld`], the answer to the
    /// last attempt (see [`RetryPolicy`](crate::RetryPolicy)).
    ///
    /// ```no_run
    /// use polympics::{AccountId, AwardId, AwardGiven};
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    ///
    /// match app.give_award(AwardId(19), AccountId(130914109419411))? {
    ///     AwardGiven::Given => println!("awarded"),
    ///     AwardGiven::AlreadyHeld => println!("already had it"),
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn give_award(
        &self,
        award: impl Into<AwardId>,
        account: impl Into<AccountId>,
    ) -> Result<AwardGiven> {
        let response = self.transport.call(
            Method::PUT,
            holding_path(award.into(), account.into()),
            None,
        )?;
        match response.empty(&[201, 208])? {
            208 => Ok(AwardGiven::AlreadyHeld),
            _ => Ok(AwardGiven::Given),
        }
    }

    /// Takes an award away from an account. Needs `MANAGE_AWARDS`. If the account does not
    /// hold the award the server answers 404 ([`Error::is_not_found`]); a retried call
    /// whose first attempt took it gets that 404 too (see [`RetryPolicy`](crate::RetryPolicy)).
    ///
    /// ```no_run
    /// use polympics::{AccountId, AwardId};
    /// # let app = polympics::AppClient::new("https://api.polytopia.fun", polympics::Credentials::new("A3", "TOKEN"))?;
    /// app.take_award(AwardId(13), AccountId(8713710931790741))?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn take_award(
        &self,
        award: impl Into<AwardId>,
        account: impl Into<AccountId>,
    ) -> Result<()> {
        match self.transport.call(
            Method::DELETE,
            holding_path(award.into(), account.into()),
            None,
        ) {
            Ok(response) => response.empty(&[204]).map(drop),
            // The server's 404 for an award not held has no body at all: here, and only
            // here, that is the API's answer rather than no API at that URL.
            Err(Error::UnknownEndpoint {
                request,
                status: 404,
                detail: None,
            }) => Err(Error::Client {
                request,
                status: 404,
                detail: None,
                retry_after: None,
                hint: Some("the account does not hold this award".to_owned()),
            }),
            Err(err) => Err(err),
        }
    }
}

/// `/account/{account}/award/{award}`.
fn holding_path(award: AwardId, account: AccountId) -> Path {
    Path::new("/account").id(account).join("award").id(award)
}

/// Whether [`give_award`](Client::give_award) gave the award or found it already held: the
/// answer to the last attempt. Both mean the account holds the award now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[must_use]
pub enum AwardGiven {
    /// The account did not hold the award and now does (HTTP 201).
    Given,
    /// The account already held the award when the request arrived (HTTP 208).
    AlreadyHeld,
}
