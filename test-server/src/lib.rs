//! A faithful, in-memory Polympics API server on loopback, for tests and examples.
//!
//! [`TestServer`] answers every endpoint the way the real server does, status codes, JSON
//! shapes and quirks included (see the crate's README), so code written against the
//! [`polympics`] client, or any other, can be tested without a deployment, the way
//! `stripe-mock` serves Stripe's SDKs. It runs
//! on its own threads with no async runtime, keeps everything in memory, and stops when
//! dropped. It handles connections as the real server's uvicorn does (keep-alive, and a
//! connection closed without notice after a 500), closes every socket the moment it is
//! dropped, and can inject failures ([`TestServer::inject`]) for testing how your code
//! handles them.
//!
//! ```
//! use polympics::{NewAccount, Permissions};
//! use polympics_test_server::TestServer;
//!
//! let server = TestServer::start();
//! let creds = server.create_app("cron", Permissions::all());
//! let app = server.app_client(creds);
//! let team = app.create_team("Gods of Olympus")?;
//! app.create_account(NewAccount::new(1234567, "Artemis", "8472").team(&team))?;
//! assert_eq!(app.get_team(team.id)?.member_count, 1);
//! # Ok::<(), polympics::Error>(())
//! ```
//!
//! What the real server creates from its command line, tests create through the control
//! surface: apps ([`TestServer::create_app`]), Discord users for the OAuth2 flows
//! ([`TestServer::add_discord_user`]), whether signups are open, and the clock. Callback
//! deliveries are recorded ([`TestServer::deliveries`]) and sent only to addresses on this
//! machine. A [`Gate`] holds requests until a test lets them through (a slow listing), and
//! an [`Attack`] sends a callback receiver what a stranger on the network could.
//!
//! Files: `server` (`TestServer`), `wire/` (HTTP/1.1 on the wire), `http` and `head`
//! (requests and replies), `router` and `handlers/` (the API's routes), `database` and
//! `rules` (the league, and the server's rules), `forms` and `json` (bodies), `context`,
//! `delivery` (callbacks), `demo` (the demo league), `faults`, `lies` and `gate` (failures to
//! inject), `attack` (hostile peers for callback receivers).

#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]

mod attack;
mod context;
mod database;
mod delivery;
mod demo;
mod faults;
mod forms;
mod gate;
mod handlers;
mod head;
mod http;
mod json;
mod lies;
mod router;
mod rules;
mod server;
mod wire;

pub use attack::{peak_memory_kb, Attack};
pub use delivery::{Delivery, DeliveryOutcome};
pub use demo::DemoLeague;
pub use faults::Fault;
pub use gate::Gate;
pub use head::RequestHead;
pub use lies::Lie;
pub use server::{RecordedRequest, TestServer};

/// The README's examples, compiled as doc tests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
