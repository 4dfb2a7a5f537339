//! One handler file per API area, each function answering one route.
//!
//! Files: `accounts`, `auth`, `awards`, `callbacks` and `teams`; what they share in
//! `shared`.

pub(crate) mod accounts;
pub(crate) mod auth;
pub(crate) mod awards;
pub(crate) mod callbacks;
mod shared;
pub(crate) mod teams;
