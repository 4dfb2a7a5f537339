//! What goes to stdout: tables and records for people, JSON for scripts, and nothing else
//! (progress, logs and errors go to stderr, so that cron mail holds only the result).
//!
//! Files: this one (`Out`) and `table`.

mod table;

use std::fmt::Display;
use std::io::{self, BufWriter, StdoutLock, Write};

use serde::Serialize;

use crate::failure::Failure;
pub use table::{Record, Table};

/// Standard output, buffered, in the chosen format.
pub struct Out {
    writer: BufWriter<StdoutLock<'static>>,
    json: bool,
}

impl Out {
    /// Stdout, writing JSON if `json`.
    pub fn new(json: bool) -> Self {
        Out {
            // 64 KiB at a time: an export writes tens of megabytes, and each write to stdout
            // is a system call (8 KiB, the default, made a JSON export's writes 8 times as
            // many).
            writer: BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
            json,
        }
    }

    /// Whether the output is JSON.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// One value as indented JSON.
    pub fn json<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut self.writer, value)?;
        self.writer.write_all(b"\n")
    }

    /// One value as JSON on one line (a stream of them is JSON Lines).
    pub fn json_line<T: Serialize + ?Sized>(&mut self, value: &T) -> io::Result<()> {
        serde_json::to_writer(&mut self.writer, value)?;
        self.writer.write_all(b"\n")
    }

    /// One item: as JSON, or as the record `record` makes of it for people.
    pub fn item<T: Serialize>(
        &mut self,
        value: &T,
        record: impl FnOnce(&T) -> Record,
    ) -> io::Result<()> {
        if self.json {
            self.json(value)
        } else {
            record(value).write(&mut self.writer)
        }
    }

    /// A listing, streamed: a JSON array, or a table with `columns` and a row `row` makes
    /// of each item. An error of the listing ends it (after what was written).
    pub fn listing<T: Serialize>(
        &mut self,
        items: impl IntoIterator<Item = polympics::Result<T>>,
        columns: &[&'static str],
        row: impl Fn(&T) -> Vec<String>,
    ) -> Result<(), Failure> {
        if self.json {
            let mut array = JsonArray::start(self)?;
            for item in items {
                array.item(self, &item?)?;
            }
            array.finish(self)?;
        } else {
            let mut table = Table::new(columns);
            for item in items {
                table.row(&mut self.writer, row(&item?))?;
            }
            table.finish(&mut self.writer)?;
        }
        Ok(())
    }

    /// One line of text.
    pub fn line(&mut self, text: impl Display) -> io::Result<()> {
        writeln!(self.writer, "{text}")
    }

    /// The writer, for CSV and streamed output.
    pub fn writer(&mut self) -> &mut impl Write {
        &mut self.writer
    }

    /// Writes out what is buffered.
    pub fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}

/// A JSON array written an item at a time, so that a listing of any length is never held
/// in memory.
struct JsonArray {
    items: u64,
}

impl JsonArray {
    /// Starts the array.
    pub fn start(out: &mut Out) -> io::Result<Self> {
        out.writer.write_all(b"[")?;
        Ok(JsonArray { items: 0 })
    }

    /// Adds an item.
    pub fn item<T: Serialize>(&mut self, out: &mut Out, item: &T) -> io::Result<()> {
        out.writer
            .write_all(if self.items == 0 { b"\n  " } else { b",\n  " })?;
        serde_json::to_writer(&mut out.writer, item)?;
        self.items += 1;
        Ok(())
    }

    /// Ends the array.
    pub fn finish(self, out: &mut Out) -> io::Result<()> {
        out.writer
            .write_all(if self.items == 0 { b"]\n" } else { b"\n]\n" })
    }
}
