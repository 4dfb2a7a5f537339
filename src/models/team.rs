use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::{timestamp, Award};
use crate::ids::TeamId;

/// A team.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Team {
    /// The team's ID.
    pub id: u64,
    /// The team's name.
    pub name: String,
    /// When the team was created.
    #[serde(with = "timestamp")]
    pub created_at: OffsetDateTime,
    /// How many accounts are in the team.
    pub member_count: u64,
    /// The awards that belong to the team.
    #[serde(default)]
    pub awards: Vec<Award>,
}

impl From<&Team> for TeamId {
    fn from(team: &Team) -> Self {
        TeamId(team.id)
    }
}
