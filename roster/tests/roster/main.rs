//! The roster crate's integration tests, one binary: each module a subject (its own doc says
//! what it proves). The helpers are the client's (`tests/polympics/common`), shared by path.

#[path = "../../../tests/polympics/common/mod.rs"]
mod common;

mod desired_read;
mod live_roster;
#[cfg(feature = "listener")]
mod live_watch;
mod near_miss;
mod roster;
mod roster_races;
mod roster_store;
#[cfg(feature = "listener")]
mod watch;
