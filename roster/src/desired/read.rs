//! Reading a desired roster from CSV, strictly: every mistake with its line, and nothing of
//! a file with a mistake used.

use super::columns::{self, Columns};
use super::entries::{shown, DesiredAccount, DesiredRoster};
use super::mistake::{Mistake, ReadError};
use super::options::ReadOptions;
use super::row::{check_size, entry, Collected};

impl DesiredRoster {
    /// Reads a desired roster from a file's bytes, whatever its format: a spreadsheet file
    /// (`.xlsx`, `.xls`, `.ods`, with the `sheets` feature) by [`from_sheet`](Self::from_sheet),
    /// anything else as CSV by [`from_csv`](Self::from_csv).
    pub fn read(input: &[u8], options: &ReadOptions) -> Result<DesiredRoster, ReadError> {
        #[cfg(feature = "sheets")]
        if super::sheet::is_sheet(input) {
            return DesiredRoster::from_sheet(input, options);
        }
        DesiredRoster::from_csv(input, options)
    }

    /// Reads a desired roster from CSV (UTF-8, a byte order mark allowed), or says every
    /// mistake in it, each with its line.
    ///
    /// The delimiter is a comma, a semicolon or a tab, found from the header. The columns
    /// are found by their header: the account's Discord ID (`account_id`, or "Discord ID",
    /// "User ID", "ID"...) and its team (`team`, "Team name") are required; `name` and
    /// `discriminator` (to create a missing account) and `team_id` are optional;
    /// [`ReadOptions::column`] names any of them. Other columns may hold anything, line
    /// breaks included. Spaces around a value are ignored; an empty team is no team; a
    /// team of only spaces, a value read with a line break or another control character,
    /// a team name over the server's limit, an ID it cannot store or that a spreadsheet
    /// rounded (`8.00000000000001E+17`), and a quote that is never closed are mistakes.
    ///
    /// ```
    /// use polympics_roster::{DesiredRoster, ReadOptions};
    ///
    /// let csv = "Discord ID;Team;Notes\n800000000000000000;Athens Owls;captain\n42;;\n";
    /// let desired = DesiredRoster::from_csv(csv.as_bytes(), &ReadOptions::new())?;
    /// assert_eq!(desired.entries().len(), 2);
    /// assert_eq!(desired.entries()[1].team, None);
    /// assert_eq!(desired.entries()[1].line, Some(3));
    /// # Ok::<(), polympics_roster::ReadError>(())
    /// ```
    pub fn from_csv(input: &[u8], options: &ReadOptions) -> Result<DesiredRoster, ReadError> {
        check_size(input)?;
        let input = input.strip_prefix(b"\xef\xbb\xbf").unwrap_or(input);
        let delimiter = options
            .delimiter
            .unwrap_or_else(|| columns::sniff_delimiter(input, &options.columns));
        let mut csv = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(input);
        let headers = csv.headers().map_err(|err| {
            ReadError::one(Mistake::at(
                1,
                format!("the header could not be read: {err}"),
            ))
        })?;
        let names: Vec<&str> = headers.iter().collect();
        let columns = columns::find(&names, &options.columns).map_err(ReadError::one)?;
        let reader = Rows {
            input,
            delimiter,
            columns,
        };
        reader.read(csv.byte_records())
    }
}

/// The rows of a CSV file, read into entries.
struct Rows<'a> {
    input: &'a [u8],
    delimiter: u8,
    columns: Columns,
}

impl Rows<'_> {
    fn read(&self, records: csv::ByteRecordsIter<'_, &[u8]>) -> Result<DesiredRoster, ReadError> {
        let input = self.input;
        let mut read = Collected::default();
        // Lines are counted from byte offsets: the csv crate's own count skips blank lines.
        let (mut counted_to, mut line) = (0, 1);
        let mut records = records.peekable();
        while let Some(record) = records.next() {
            let record = match record {
                Ok(record) => record,
                Err(err) => {
                    read.mistake(Mistake::whole(err.to_string()));
                    break;
                }
            };
            let mut start = record
                .position()
                .map_or(counted_to, |p| {
                    usize::try_from(p.byte()).unwrap_or(usize::MAX)
                })
                .clamp(counted_to, input.len());
            // The position can be that of blank lines the reader skipped before the record.
            while matches!(input.get(start), Some(b'\n' | b'\r')) {
                start += 1;
            }
            line += input[counted_to..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count() as u64;
            counted_to = start;
            let last = records.peek().is_none();
            read.add(line, self.entry(&record, line, last));
        }
        read.finish()
    }

    /// One row as an entry; `None` for a blank row. `last` says whether it ends the file,
    /// where a value with a line break that holds a delimiter means a quote that was never
    /// closed (the rest of the file read as one value).
    fn entry(
        &self,
        record: &csv::ByteRecord,
        line: u64,
        last: bool,
    ) -> Result<Option<DesiredAccount>, String> {
        let columns = &self.columns;
        let mut cells = Vec::with_capacity(record.len());
        for (i, cell) in record.iter().enumerate() {
            let used = columns.used().any(|c| c == i);
            let cell = match std::str::from_utf8(cell) {
                Ok(cell) => cell,
                Err(_) if !used => "",
                Err(_) => {
                    return Err("it is not UTF-8 text (save the file as \"CSV UTF-8\")".to_owned())
                }
            };
            let swallowed = last
                && cell
                    .split(['\n', '\r'])
                    .skip(1)
                    .any(|rest| rest.as_bytes().contains(&self.delimiter));
            if swallowed {
                return Err(format!(
                    "a quote (\") opened on this line is never closed: the rest of the file \
                     would be one value, starting {}",
                    shown(cell)
                ));
            }
            if used && cell.contains(['\n', '\r']) {
                return Err(format!(
                    "the value {} spans several lines (a quote not closed where it should be?)",
                    shown(cell)
                ));
            }
            cells.push(cell);
        }
        entry(&cells, columns, line)
    }
}
