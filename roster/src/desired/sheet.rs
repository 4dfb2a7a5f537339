//! Reading a desired roster from a spreadsheet file (`.xlsx`, `.xls`, `.ods`), by
//! `calamine`: the first sheet or the one named, its first row the header, each cell as
//! the text a CSV export of it would hold.

use std::io::Cursor;

use calamine::{Data, Reader};

use super::columns;
use super::entries::DesiredRoster;
use super::mistake::{Mistake, ReadError};
use super::options::ReadOptions;
use super::row::{check_size, entry, Collected};

/// The largest whole number a sheet's number cell holds exactly (2^53): a Discord ID
/// above it was rounded when it was typed or pasted into a number cell.
const EXACT_UP_TO: f64 = 9_007_199_254_740_992.0;

/// Whether `bytes` are a spreadsheet file rather than text: a ZIP archive (`.xlsx`,
/// `.ods`) or an OLE compound file (`.xls`).
pub(super) fn is_sheet(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
}

impl DesiredRoster {
    /// Reads a desired roster from a spreadsheet file (`.xlsx`, `.xls` or `.ods`): the
    /// sheet [`ReadOptions::sheet`] names, or the first; its first row is the header, found
    /// as in [`from_csv`](Self::from_csv), and each row's line is its row number. A
    /// Discord ID in a number cell is read if it is exact, and is a mistake if the sheet
    /// rounded it (above 2^53): format the column as text.
    ///
    /// ```
    /// use polympics_roster::{DesiredRoster, ReadOptions};
    ///
    /// let err = DesiredRoster::from_sheet(b"not a sheet", &ReadOptions::new()).unwrap_err();
    /// assert!(err.to_string().contains("not a spreadsheet"), "{err}");
    /// ```
    pub fn from_sheet(input: &[u8], options: &ReadOptions) -> Result<DesiredRoster, ReadError> {
        check_size(input)?;
        let mut workbook =
            calamine::open_workbook_auto_from_rs(Cursor::new(input)).map_err(|err| {
                ReadError::one(Mistake::whole(format!(
                    "it is not a spreadsheet file this reads (.xlsx, .xls, .ods): {err}"
                )))
            })?;
        let names = workbook.sheet_names();
        let name = match &options.sheet {
            Some(wanted) => names
                .iter()
                .find(|n| *n == wanted)
                .cloned()
                .ok_or_else(|| {
                    ReadError::one(Mistake::whole(format!(
                        "it has no sheet named {wanted:?}; its sheets are {}",
                        names
                            .iter()
                            .map(|n| format!("{n:?}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )))
                })?,
            None => names
                .first()
                .cloned()
                .ok_or_else(|| ReadError::one(Mistake::whole("it has no sheet".to_owned())))?,
        };
        let range = workbook.worksheet_range(&name).map_err(|err| {
            ReadError::one(Mistake::whole(format!(
                "its sheet {name:?} cannot be read: {err}"
            )))
        })?;
        let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
        // Cells are placed by their column: a range that starts at column C has two empty
        // ones before it.
        let first_column = range.start().map_or(0, |(_, column)| column as usize);
        let mut rows = range.rows();
        let Some(header) = rows.next() else {
            return Err(ReadError::one(Mistake::at(
                first_row + 1,
                format!("the sheet {name:?} is empty: it needs a header row"),
            )));
        };
        let texts = |row: &[Data]| -> Vec<String> {
            std::iter::repeat_n(String::new(), first_column)
                .chain(row.iter().map(text))
                .collect()
        };
        let header = texts(header);
        let headers: Vec<&str> = header.iter().map(String::as_str).collect();
        let columns = columns::find(&headers, &options.columns).map_err(|mistake| {
            ReadError::one(Mistake {
                line: Some(first_row + 1),
                ..mistake
            })
        })?;
        let mut read = Collected::default();
        for (i, row) in rows.enumerate() {
            let line = first_row + 2 + i as u64;
            let cells = texts(row);
            let cells: Vec<&str> = cells.iter().map(String::as_str).collect();
            read.add(line, entry(&cells, &columns, line));
        }
        read.finish()
    }
}

/// A cell as the text a CSV export of the sheet holds: whole numbers without a decimal
/// point (a rounded one in scientific notation, which the ID check refuses).
fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::String(text) | Data::DateTimeIso(text) | Data::DurationIso(text) => text.clone(),
        Data::Int(n) => n.to_string(),
        Data::Float(x) if x.fract() == 0.0 && x.abs() < EXACT_UP_TO => format!("{x:.0}"),
        Data::Float(x) if x.fract() == 0.0 => format!("{x:E}"),
        Data::Float(x) => x.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_owned(),
        Data::DateTime(at) => at.to_string(),
        Data::Error(err) => format!("#{err:?}"),
    }
}
