//! The JSON the server writes, shape for shape as the real server writes it. These are the
//! test server's own: a fake that wrote its answers with the client's models could not
//! catch a mistake in them.

use serde::{Serialize, Serializer};
use time::OffsetDateTime;

/// A timestamp as the real server sends it: float seconds since the epoch, to the
/// microsecond (`1795778980.497615`).
fn seconds<S: Serializer>(at: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    let micros = at.unix_timestamp_nanos() / 1000;
    serializer.serialize_f64(micros as f64 / 1e6)
}

/// An account ID: a string, so that no JSON parser rounds it.
fn id_string<S: Serializer>(id: &u64, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(id)
}

#[derive(Clone, Serialize)]
pub(crate) struct Award {
    pub(crate) id: u64,
    pub(crate) title: String,
    pub(crate) image_url: String,
}

#[derive(Clone, Serialize)]
pub(crate) struct Team {
    pub(crate) id: u64,
    pub(crate) name: String,
    #[serde(serialize_with = "seconds")]
    pub(crate) created_at: OffsetDateTime,
    pub(crate) member_count: u64,
    pub(crate) awards: Vec<Award>,
}

#[derive(Clone, Serialize)]
pub(crate) struct Account {
    #[serde(serialize_with = "id_string")]
    pub(crate) id: u64,
    pub(crate) name: String,
    pub(crate) discriminator: String,
    pub(crate) avatar_url: Option<String>,
    pub(crate) team: Option<Team>,
    pub(crate) permissions: u8,
    #[serde(serialize_with = "seconds")]
    pub(crate) created_at: OffsetDateTime,
    pub(crate) awards: Vec<Award>,
}

/// `GET /award/{id}`.
#[derive(Serialize)]
pub(crate) struct AwardDetails {
    pub(crate) award: Award,
    pub(crate) awardees: Vec<Account>,
    pub(crate) team: Option<Team>,
}

/// `GET /auth/me` for an app.
#[derive(Serialize)]
pub(crate) struct App {
    pub(crate) name: String,
    pub(crate) permissions: u8,
    pub(crate) username: String,
}

/// `POST /auth/reset_token` for an app: the app with its new token.
#[derive(Serialize)]
pub(crate) struct AppWithToken {
    pub(crate) name: String,
    pub(crate) permissions: u8,
    pub(crate) username: String,
    pub(crate) password: String,
}

#[derive(Serialize)]
pub(crate) struct Session {
    pub(crate) username: String,
    pub(crate) password: String,
    #[serde(serialize_with = "seconds")]
    pub(crate) expires_at: OffsetDateTime,
}

#[derive(Serialize)]
pub(crate) struct Callback {
    pub(crate) id: u64,
    pub(crate) event: &'static str,
    pub(crate) url: String,
}

#[derive(Serialize)]
pub(crate) struct Page<T> {
    pub(crate) page: u64,
    pub(crate) per_page: u64,
    pub(crate) pages: u64,
    pub(crate) results: u64,
    pub(crate) data: Vec<T>,
}

/// The body of an `account_team_update` delivery.
#[derive(Serialize)]
pub(crate) struct TeamUpdateEvent {
    pub(crate) account: Account,
    pub(crate) team: Option<Team>,
}
