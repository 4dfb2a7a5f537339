//! A blocking client for the [Polympics](https://api.polytopia.fun) API: accounts, teams,
//! awards, event callbacks and auth sessions, as plain method calls. No async runtime.
//!
//! ```no_run
//! use polympics::{AccountUpdate, AppClient, Credentials, NewAward, NO_TEAM};
//!
//! let app = AppClient::new("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))?;
//! let team = app.create_team("Gods of Olympus")?;
//! for account in app.list_accounts().search("bob") {
//!     let account = account?;
//!     app.update_account(&account, AccountUpdate::new().team(&team))?;
//! }
//! let award = app.create_award(NewAward::new("Perfect 10 Gold", "https://link.to/icon.png", &team))?;
//! # Ok::<(), polympics::Error>(())
//! ```
//!
//! - Three kinds of client, [`UnauthenticatedClient`], [`AppClient`] and [`UserClient`]:
//!   the compiler rejects an operation the kind cannot do.
//! - Listings ([`Client::list_accounts`], [`Client::list_teams`]) are lazy iterators that
//!   fetch a page only when it is needed.
//! - Every failure is one [`Error`], with the HTTP status, the server's detail and its
//!   validation issues.
//! - Account IDs are `u64` end to end, timestamps are [`time::OffsetDateTime`](https://docs.rs/time/0.3/time/struct.OffsetDateTime.html), and
//!   permissions are the [`Permissions`] bit flags.
//! - Tokens never appear in `Debug` output or error messages. (ureq, the HTTP library, logs
//!   raw traffic at `trace` level through `log`: keep that level off in production.)
//!
//! The source has one place a concern: `client` (the client and its builder), `api` (the
//! operations), `requests` and `models` (what goes and comes back), `ids`, `formats` (the
//! API's wire formats), `pagination` (listings), `transport` (sending, reading, failures)
//! with `retry` (how long to wait before sending again), `error` (with the rule of what is
//! sent again, `error::transient`), `limits` (the server's), `settings` (the `POLYMPICS_*`
//! variables), `url` (base URLs, checked and shown without a login), `auth` (the client
//! kinds), `secret` (credentials), `escaped` (server text shown safely), `cancel` and
//! `clock` (what stops and what times the crate's waits), and `webhooks` (callback events).
//!
//! Features: `listener` adds [`webhooks::Listener`](crate::webhooks), which receives the
//! server's callback events itself; `platform-verifier` trusts the operating system's
//! certificate store. Roster sync (whole-league snapshots, diffs, plans, live watches) is
//! the crate `polympics-roster`, built on this one.

#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod api;
pub mod auth;
pub mod cancel;
mod client;
pub mod clock;
mod error;
mod escaped;
pub mod formats;
mod ids;
pub mod limits;
mod models;
mod pagination;
mod requests;
mod retry;
mod secret;
pub mod settings;
mod transport;
mod url;
pub mod webhooks;

pub use api::awards::AwardGiven;
pub use client::any::{AnyClient, WriterClient};
pub use client::builder::ClientBuilder;
pub use client::{AppClient, Client, UnauthenticatedClient, UserClient};
pub use error::missing::Missing;
pub use error::{Error, LocSegment, RequestInfo, Result, TransportErrorKind, ValidationIssue};
pub use escaped::Escaped;
pub use ids::{AccountId, AwardId, CallbackId, NoTeam, TeamAssignment, TeamId, NO_TEAM};
pub use models::*;
pub use pagination::{
    AccountQuery, ListQuery, Listing, Page, PageCounts, Pages, RawPages, TeamQuery,
    DEFAULT_PER_PAGE,
};
pub use requests::{AccountUpdate, AwardUpdate, NewAccount, NewAward};
pub use retry::RetryPolicy;
pub use secret::{ClientKind, Credentials, Secret};
pub use transport::{DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT};

/// The README's examples, compiled as doc tests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
