//! [`DesiredRoster`]: which accounts should be in which team, as kept somewhere else
//! (`entries`), and reading one (`options`: how; `read`: CSV, strictly; `row`: a row's cells into an
//! entry, whatever the format; `sheet`: `.xlsx`, `.xls` and `.ods` files, with the
//! `sheets` feature; `fetch`: one published at a URL; `columns`: which column is which, and the delimiter;
//! `mistake`: what a file that cannot be read says).

mod columns;
mod entries;
mod fetch;
mod mistake;
mod options;
mod read;
mod row;
#[cfg(feature = "sheets")]
mod sheet;

pub use columns::{Field, UnknownField};
pub(crate) use entries::shown;
pub use entries::{DesiredAccount, DesiredRoster};
pub use mistake::{Mistake, ReadError};
pub use options::ReadOptions;
pub use row::MAX_DESIRED_BYTES;
