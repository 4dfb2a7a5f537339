//! Request bodies: the builders users fill in ([`NewAccount`], [`AccountUpdate`],
//! [`NewAward`], [`AwardUpdate`]) and the small forms of the other requests. Each is
//! checked against the [`limits`](crate::limits) by the transport before it is sent.
//!
//! Files: `accounts`, `awards` and `forms`.

pub(crate) mod accounts;
pub(crate) mod awards;
pub(crate) mod forms;

pub use accounts::{AccountUpdate, NewAccount};
pub use awards::{AwardUpdate, NewAward};
