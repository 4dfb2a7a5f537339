//! Awards.

use serde::{Deserialize, Serialize};

use crate::ids::AwardId;

/// An award, as listed on accounts and teams and returned by create and update.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Award {
    /// The award's ID.
    pub id: AwardId,
    /// The title (at most 32 characters).
    pub title: String,
    /// The URL of the award's image (at most 512 characters).
    pub image_url: String,
}

impl From<&Award> for AwardId {
    fn from(award: &Award) -> Self {
        award.id
    }
}
