//! Rows as they come: the shapes of teams and accounts decoded straight from a page's
//! bytes, borrowing their text where it has no escapes (what reads them is in `read`).

use std::borrow::Cow;
use std::fmt;

use serde::de::{self, Visitor};
use serde::Deserialize;
use time::OffsetDateTime;

use polympics::formats::account_id;

use polympics::formats::timestamp;
use polympics::{Account, Award, Permissions, Team};
use polympics::{AccountId, AwardId, TeamId};

/// Text borrowed from the page when it has no escapes, owned when it has (serde's own
/// `Cow` always owns, and its `borrow` attribute does not reach into an `Option`).
pub(super) struct Text<'a>(pub(super) Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor<'a>(std::marker::PhantomData<&'a ()>);

        impl<'de: 'a, 'a> Visitor<'de> for TextVisitor<'a> {
            type Value = Text<'a>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }

            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'a>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }

        deserializer.deserialize_str(TextVisitor(std::marker::PhantomData))
    }
}

impl std::ops::Deref for Text<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

/// An award, as a team or an account carries it.
#[derive(Deserialize)]
pub(super) struct WireAward<'a> {
    pub(super) id: AwardId,
    #[serde(borrow)]
    pub(super) title: Text<'a>,
    #[serde(borrow)]
    pub(super) image_url: Text<'a>,
}

/// A team of the teams listing.
#[derive(Deserialize)]
pub(super) struct WireTeam<'a> {
    pub(super) id: TeamId,
    #[serde(borrow)]
    pub(super) name: Text<'a>,
    #[serde(with = "timestamp")]
    pub(super) created_at: OffsetDateTime,
    pub(super) member_count: u64,
    #[serde(default, borrow)]
    pub(super) awards: Vec<WireAward<'a>>,
}

/// The team an account carries: what the roster checks it against (its awards are the
/// team's own, listed with the teams).
#[derive(Deserialize)]
pub(super) struct WireTeamRef<'a> {
    pub(super) id: TeamId,
    #[serde(borrow)]
    pub(super) name: Text<'a>,
    #[serde(with = "timestamp")]
    pub(super) created_at: OffsetDateTime,
    pub(super) member_count: u64,
}

/// An account of the accounts listing.
#[derive(Deserialize)]
pub(super) struct WireAccount<'a> {
    #[serde(with = "account_id")]
    pub(super) id: AccountId,
    #[serde(borrow)]
    pub(super) name: Text<'a>,
    #[serde(borrow)]
    pub(super) discriminator: Text<'a>,
    #[serde(borrow)]
    pub(super) avatar_url: Option<Text<'a>>,
    #[serde(borrow)]
    pub(super) team: Option<WireTeamRef<'a>>,
    pub(super) permissions: Permissions,
    #[serde(with = "timestamp")]
    pub(super) created_at: OffsetDateTime,
    #[serde(default, borrow)]
    pub(super) awards: Vec<WireAward<'a>>,
}

impl<'a> From<&'a Award> for WireAward<'a> {
    fn from(award: &'a Award) -> Self {
        WireAward {
            id: award.id,
            title: Text(Cow::Borrowed(&award.title)),
            image_url: Text(Cow::Borrowed(&award.image_url)),
        }
    }
}

impl<'a> From<&'a Team> for WireTeam<'a> {
    fn from(team: &'a Team) -> Self {
        WireTeam {
            id: team.id,
            name: Text(Cow::Borrowed(&team.name)),
            created_at: team.created_at,
            member_count: team.member_count,
            awards: team.awards.iter().map(WireAward::from).collect(),
        }
    }
}

impl<'a> From<&'a Account> for WireAccount<'a> {
    fn from(account: &'a Account) -> Self {
        WireAccount {
            id: account.id,
            name: Text(Cow::Borrowed(&account.name)),
            discriminator: Text(Cow::Borrowed(&account.discriminator)),
            avatar_url: account
                .avatar_url
                .as_deref()
                .map(|url| Text(Cow::Borrowed(url))),
            team: account.team.as_ref().map(|team| WireTeamRef {
                id: team.id,
                name: Text(Cow::Borrowed(&team.name)),
                created_at: team.created_at,
                member_count: team.member_count,
            }),
            permissions: account.permissions,
            created_at: account.created_at,
            awards: account.awards.iter().map(WireAward::from).collect(),
        }
    }
}
