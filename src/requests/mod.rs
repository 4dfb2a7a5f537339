//! Request bodies: the builders users fill in ([`NewAccount`], [`AccountUpdate`],
//! [`NewAward`], [`AwardUpdate`]) and the small forms of the other requests. Each is
//! checked against the [`limits`](crate::limits) by the transport before it is sent.

pub(crate) mod account;
pub(crate) mod award;
pub(crate) mod forms;

pub use account::{AccountUpdate, NewAccount};
pub use award::{AwardUpdate, NewAward};
