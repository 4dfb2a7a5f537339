//! The events the server POSTs to registered callbacks.
//!
//! With the `listener` feature, `Listener` receives them itself: it binds an address,
//! checks each request's secret and yields the verified events as a blocking iterator.
//! Without it (or with a server of your own), receive the POST, check that its
//! `Authorization` header equals `Bearer <secret>` (the secret given to
//! [`create_callback`](crate::AppClient::create_callback)) with [`verify_authorization`],
//! then parse the body with the function for the event type:
//!
//! ```
//! use polympics::webhooks;
//!
//! let header = "Bearer s3cret";
//! let body = br#"{"account":{"id":"42","name":"bob","discriminator":"4242",
//!     "avatar_url":null,"team":null,"permissions":0,"created_at":1795778981.727288,
//!     "awards":[]},"team":null}"#;
//! assert!(webhooks::verify_authorization(Some(header), "s3cret"));
//! let event = webhooks::account_team_update(body)?;
//! assert_eq!(event.account.id, 42);
//! assert!(event.team.is_none());
//! # Ok::<(), polympics::webhooks::Error>(())
//! ```
//!
//! Files: `check` (the secret and the payload), `error`, and with the `listener` feature
//! `event` and `listener/` (the listener's own server).

mod check;
mod error;
#[cfg(feature = "listener")]
mod event;
#[cfg(feature = "listener")]
mod listener;

pub use check::{account_team_update, verify_authorization};
pub use error::Error;

#[cfg(feature = "listener")]
pub use event::Event;
#[cfg(feature = "listener")]
pub use listener::{
    Incoming, Listener, ListenerBuilder, DEFAULT_IDLE_TIMEOUT, DEFAULT_MAX_BODY,
    DEFAULT_MAX_CONNECTIONS, DEFAULT_MAX_HEAD, DEFAULT_REQUEST_TIMEOUT,
};
