//! One handler file per API area, each function answering one route.

pub(crate) mod accounts;
pub(crate) mod auth;
pub(crate) mod awards;
pub(crate) mod callbacks;
mod shared;
pub(crate) mod teams;
