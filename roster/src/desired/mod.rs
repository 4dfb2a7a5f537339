//! [`DesiredRoster`]: which accounts should be in which team, as kept somewhere else
//! (`entries`), and reading one (`read`: CSV, strictly; `columns`: which column is which,
//! and the delimiter; `mistake`: what a file that cannot be read says).

mod columns;
mod entries;
mod mistake;
mod read;

pub use columns::{Field, UnknownField};
pub(crate) use entries::shown;
pub use entries::{DesiredAccount, DesiredRoster};
pub use mistake::{Mistake, ReadError};
pub use read::{ReadOptions, MAX_DESIRED_BYTES};
