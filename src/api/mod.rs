//! The operations, one file per API area, as methods on [`Client`](crate::Client).
//!
//! Files: `accounts`, `auth`, `awards`, `callbacks` and `teams`.

pub(crate) mod accounts;
pub(crate) mod auth;
pub(crate) mod awards;
pub(crate) mod callbacks;
pub(crate) mod teams;
