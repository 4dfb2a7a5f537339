//! The API's objects, decoded from and encoded to the server's exact JSON shapes.
//!
//! Every model is `Serialize` as well as `Deserialize`, in the same shape the server sends,
//! so a roster can be cached to disk and read back.

mod account;
mod auth;
mod award;
mod callback;
mod permissions;
mod team;
pub(crate) mod timestamp;

pub use account::Account;
pub use auth::{App, AppCredentials, Identity, Session};
pub use award::{Award, AwardDetails};
pub use callback::{AccountTeamUpdateEvent, Callback, EventType};
pub use permissions::Permissions;
pub use team::Team;
