//! The operations, one file per API area, as methods on [`Client`](crate::Client).

pub(crate) mod accounts;
pub(crate) mod auth;
pub(crate) mod awards;
pub(crate) mod callbacks;
pub(crate) mod teams;

use std::fmt::Write;

/// `prefix` followed by an ID, as a request path (`/account/42`).
pub(crate) fn path(prefix: &str, id: u64) -> String {
    let mut path = String::with_capacity(prefix.len() + 20);
    path.push_str(prefix);
    // Writing to a String cannot fail.
    let _ = write!(path, "{id}");
    path
}
