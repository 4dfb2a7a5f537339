//! The bodies of award requests: [`NewAward`] and [`AwardUpdate`].

use serde::Serialize;

use crate::error::Result;
use crate::ids::{AccountId, TeamId};
use crate::limits::{self, Checked, MAX_TITLE_CHARS, MAX_URL_CHARS};

/// A new award, for [`Client::create_award`](crate::Client::create_award).
///
/// ```
/// use polympics::{AccountId, NewAward, TeamId};
///
/// let award = NewAward::new("Perfect 10 Gold", "https://link.to/icon.png", TeamId(123))
///     .accounts([AccountId(508140149014901)]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[must_use = "pass it to create_award"]
pub struct NewAward {
    title: String,
    image_url: String,
    team: TeamId,
    accounts: Vec<AccountId>,
}

impl NewAward {
    /// An award with a title (at most 32 characters), an image URL (at most 512) and the
    /// team it belongs to, held by nobody yet.
    pub fn new(
        title: impl Into<String>,
        image_url: impl Into<String>,
        team: impl Into<TeamId>,
    ) -> Self {
        NewAward {
            title: title.into(),
            image_url: image_url.into(),
            team: team.into(),
            accounts: Vec::new(),
        }
    }

    /// The accounts that hold the award from the start (`&Account`s or IDs).
    pub fn accounts<I>(mut self, accounts: I) -> Self
    where
        I: IntoIterator,
        I::Item: Into<AccountId>,
    {
        self.accounts = accounts.into_iter().map(Into::into).collect();
        self
    }
}

impl Checked for NewAward {
    fn check(&self) -> Result<()> {
        limits::check_text("title", &self.title, MAX_TITLE_CHARS)?;
        limits::check_text("image_url", &self.image_url, MAX_URL_CHARS)?;
        for account in &self.accounts {
            limits::bigint("account id", account.0)?;
        }
        Ok(())
    }
}

/// The changes to make to an award, for [`Client::update_award`](crate::Client::update_award).
///
/// ```
/// use polympics::{AwardUpdate, TeamId};
///
/// let update = AwardUpdate::new().title("Gold - Perfect 10").team(TeamId(4));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[must_use = "pass it to update_award"]
pub struct AwardUpdate {
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    team: Option<TeamId>,
}

impl AwardUpdate {
    /// An update that changes nothing yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// A new title (at most 32 characters, not empty).
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// A new image URL (at most 512 characters, not empty).
    pub fn image_url(mut self, url: impl Into<String>) -> Self {
        self.image_url = Some(url.into());
        self
    }

    /// Moves the award to another team.
    pub fn team(mut self, team: impl Into<TeamId>) -> Self {
        self.team = Some(team.into());
        self
    }
}

impl Checked for AwardUpdate {
    fn check(&self) -> Result<()> {
        limits::update_field("title", self.title.as_deref(), MAX_TITLE_CHARS)?;
        limits::update_field("image_url", self.image_url.as_deref(), MAX_URL_CHARS)
    }
}
