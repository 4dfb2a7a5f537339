//! An award with its holders and its team, as `get_award` returns it.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::account::Account;
use super::award::Award;
use super::team::Team;
use crate::ids::AwardId;

/// An award with the accounts that hold it and the team it belongs to, as returned by
/// [`get_award`](crate::Client::get_award).
///
/// On the wire this is `{"award": {...}, "awardees": [...], "team": ...}`; the award's own
/// fields are flattened here, and serializing writes the wire shape back.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct AwardDetails {
    /// The award's ID.
    pub id: AwardId,
    /// The title (at most 32 characters).
    pub title: String,
    /// The URL of the award's image.
    pub image_url: String,
    /// The accounts that hold the award.
    pub awardees: Vec<Account>,
    /// The team the award belongs to, if it still exists.
    pub team: Option<Team>,
}

impl AwardDetails {
    /// The award alone, without awardees and team.
    pub fn award(&self) -> Award {
        Award {
            id: self.id,
            title: self.title.clone(),
            image_url: self.image_url.clone(),
        }
    }
}

#[derive(Deserialize)]
struct WireIn {
    award: Award,
    awardees: Vec<Account>,
    team: Option<Team>,
}

#[derive(Serialize)]
struct WireOut<'a> {
    award: AwardRef<'a>,
    awardees: &'a [Account],
    team: &'a Option<Team>,
}

#[derive(Serialize)]
struct AwardRef<'a> {
    id: AwardId,
    title: &'a str,
    image_url: &'a str,
}

impl<'de> Deserialize<'de> for AwardDetails {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let WireIn {
            award,
            awardees,
            team,
        } = WireIn::deserialize(deserializer)?;
        Ok(AwardDetails {
            id: award.id,
            title: award.title,
            image_url: award.image_url,
            awardees,
            team,
        })
    }
}

impl Serialize for AwardDetails {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        WireOut {
            award: AwardRef {
                id: self.id,
                title: &self.title,
                image_url: &self.image_url,
            },
            awardees: &self.awardees,
            team: &self.team,
        }
        .serialize(serializer)
    }
}

impl From<&AwardDetails> for AwardId {
    fn from(award: &AwardDetails) -> Self {
        award.id
    }
}
