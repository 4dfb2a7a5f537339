//! The crate's integration tests, one binary: each module a subject (its own doc says what
//! it proves), shared helpers in `common`. Tests that change what a process has once (its
//! environment, its logger, its file descriptors) run in a process of their own
//! (`common::own_process`).

mod common;

mod accounts;
mod any_client;
mod auth;
mod awards;
mod callbacks;
mod end_to_end;
mod errors;
mod hostile;
#[cfg(feature = "listener")]
mod listener;
mod live;
mod logging;
mod lying;
mod models;
mod pagination;
mod proxy_env;
mod replay;
mod retries;
mod schemes;
mod secrets;
mod teams;
mod test_server;
mod tls;
