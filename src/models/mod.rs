//! The API's objects, decoded from and encoded to the server's exact JSON shapes.
//!
//! Every model is `Serialize` as well as `Deserialize`, in the same shape the server sends,
//! so a roster can be cached to disk and read back. Models are `#[non_exhaustive]`: fields
//! the server starts sending can be added without a breaking release.
//!
//! Files: `account`, `team`, `award`, `award_details`, `callback`, `event`, `identity` (apps,
//! sessions, identities), and `permissions` (the bit flags) with `permissions_text` (their
//! names).

pub(crate) mod account;
pub(crate) mod award;
pub(crate) mod award_details;
pub(crate) mod callback;
pub(crate) mod event;
pub(crate) mod identity;
pub(crate) mod permissions;
mod permissions_text;
pub(crate) mod team;

pub use account::Account;
pub use award::Award;
pub use award_details::AwardDetails;
pub use callback::{Callback, EventType, ParseEventTypeError};
pub use event::AccountTeamUpdateEvent;
pub use identity::{App, AppCredentials, Identity, Session};
pub use permissions::Permissions;
pub use permissions_text::ParsePermissionsError;
pub use team::Team;
