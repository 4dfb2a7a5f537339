//! [`ReadOptions`]: how a desired roster is read, when its columns, delimiter or sheet are
//! not found by themselves.

use super::columns::Field;

/// How a desired roster is read: which header is which column, and the delimiter of a CSV
/// file, when they are not found by themselves.
///
/// ```
/// use polympics_roster::{DesiredRoster, Field, ReadOptions};
///
/// let sheet = "Member;Squad;Notes\n800000000000000000;Athens Owls;\"two\nlines\"\n";
/// let options = ReadOptions::new()
///     .column(Field::AccountId, "Member")
///     .column(Field::Team, "Squad");
/// let desired = DesiredRoster::from_csv(sheet.as_bytes(), &options)?;
/// assert_eq!(desired.entries()[0].team.as_deref(), Some("Athens Owls"));
/// # Ok::<(), polympics_roster::ReadError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadOptions {
    /// Headers given for fields, in the order given (a later one for the same field wins).
    pub columns: Vec<(Field, String)>,
    /// The delimiter of a CSV file; found from its header when `None`.
    pub delimiter: Option<u8>,
    /// The sheet of a spreadsheet file to read; the first when `None`.
    pub sheet: Option<String>,
}

impl ReadOptions {
    /// Columns found by their names, the delimiter from the header.
    pub fn new() -> Self {
        ReadOptions::default()
    }

    /// The column headed `header` is `field` (compared as written, then ignoring case,
    /// spaces and `_`).
    pub fn column(mut self, field: Field, header: impl Into<String>) -> Self {
        self.columns.push((field, header.into()));
        self
    }

    /// The delimiter of a CSV file (`b','`, `b';'`, `b'\t'`...).
    pub fn delimiter(mut self, delimiter: u8) -> Self {
        self.delimiter = Some(delimiter);
        self
    }

    /// The sheet of a spreadsheet file to read.
    pub fn sheet(mut self, name: impl Into<String>) -> Self {
        self.sheet = Some(name.into());
        self
    }
}
