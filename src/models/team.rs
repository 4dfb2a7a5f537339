//! Teams.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::award::Award;
use crate::formats::timestamp;
use crate::ids::TeamId;

/// A team.
///
/// ```
/// let team: polympics::Team = serde_json::from_str(
///     r#"{"id":1,"name":"Red Team","created_at":1795778980.497615,"member_count":2,"awards":[]}"#,
/// ).unwrap();
/// assert_eq!(team.id, 1);
/// assert_eq!(u64::from(team.id), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Team {
    /// The team's ID.
    pub id: TeamId,
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
        team.id
    }
}
