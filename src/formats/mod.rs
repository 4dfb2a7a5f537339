//! The API's wire formats as `serde` helpers, for your own types that store what the API
//! sends (`#[serde(with = "polympics::formats::timestamp")]`): the crate's models and
//! roster snapshots read and write them the same way.
//!
//! Files: `account_id` and `timestamp`.

pub mod account_id;
pub mod timestamp;
