//! Tables (one row an item) and records (one line a field), aligned for people.

use std::io::{self, Write};

use polympics::Escaped;

/// How many rows a table holds to size its columns; later rows use those widths.
const SIZING_ROWS: usize = 200;

/// A table written a row at a time: the first rows size the columns, then the table
/// streams, so that a listing of any length is never held in memory.
pub struct Table {
    headers: Vec<&'static str>,
    held: Vec<Vec<String>>,
    widths: Option<Vec<usize>>,
}

impl Table {
    /// A table with these column headers.
    pub fn new(headers: &[&'static str]) -> Self {
        Table {
            headers: headers.to_vec(),
            held: Vec::new(),
            widths: None,
        }
    }

    /// Adds a row (one cell a header), cleaned of control characters.
    pub fn row(&mut self, out: &mut impl Write, cells: Vec<String>) -> io::Result<()> {
        let cells: Vec<String> = cells
            .into_iter()
            .map(|cell| Escaped(&cell).to_string())
            .collect();
        match &self.widths {
            Some(widths) => write_row(out, widths, &cells),
            None => {
                self.held.push(cells);
                if self.held.len() >= SIZING_ROWS {
                    self.release(out)?;
                }
                Ok(())
            }
        }
    }

    /// Writes what is held; the table ends.
    pub fn finish(mut self, out: &mut impl Write) -> io::Result<()> {
        if self.widths.is_none() {
            self.release(out)?;
        }
        Ok(())
    }

    /// Sizes the columns by the rows held, and writes the header and those rows.
    fn release(&mut self, out: &mut impl Write) -> io::Result<()> {
        let mut widths: Vec<usize> = self.headers.iter().map(|h| width(h)).collect();
        for row in &self.held {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(width(cell));
            }
        }
        let headers: Vec<String> = self.headers.iter().map(|h| h.to_string()).collect();
        write_row(out, &widths, &headers)?;
        for row in self.held.drain(..) {
            write_row(out, &widths, &row)?;
        }
        self.widths = Some(widths);
        Ok(())
    }
}

fn width(text: &str) -> usize {
    text.chars().count()
}

fn write_row(out: &mut impl Write, widths: &[usize], cells: &[String]) -> io::Result<()> {
    let last = cells.len().saturating_sub(1);
    for (i, cell) in cells.iter().enumerate() {
        if i == last {
            writeln!(out, "{cell}")?;
        } else {
            let pad = widths
                .get(i)
                .copied()
                .unwrap_or(0)
                .saturating_sub(width(cell));
            write!(out, "{cell}{:pad$}  ", "")?;
        }
    }
    if cells.is_empty() {
        writeln!(out)?;
    }
    Ok(())
}

/// One item, one field a line: `name:  value`.
#[derive(Default)]
pub struct Record {
    fields: Vec<(&'static str, String)>,
}

impl Record {
    /// An empty record.
    pub fn new() -> Self {
        Record::default()
    }

    /// Adds a field.
    pub fn field(mut self, name: &'static str, value: impl ToString) -> Self {
        self.fields
            .push((name, Escaped(&value.to_string()).to_string()));
        self
    }

    /// Writes the record.
    pub fn write(&self, out: &mut impl Write) -> io::Result<()> {
        let pad = self.fields.iter().map(|(n, _)| n.len()).max().unwrap_or(0);
        for (name, value) in &self.fields {
            writeln!(out, "{:pad$}  {value}", format!("{name}:"), pad = pad + 1)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fit_the_widest_cell() {
        let mut out = Vec::new();
        let mut table = Table::new(&["ID", "NAME"]);
        table
            .row(&mut out, vec!["1".into(), "Athens".into()])
            .unwrap();
        table
            .row(&mut out, vec!["1234".into(), "Zoë".into()])
            .unwrap();
        table.finish(&mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "ID    NAME\n1     Athens\n1234  Zoë\n"
        );
    }

    #[test]
    fn long_tables_stream_after_the_sizing_rows() {
        let mut out = Vec::new();
        let mut table = Table::new(&["N"]);
        for n in 0..SIZING_ROWS {
            table.row(&mut out, vec![n.to_string()]).unwrap();
        }
        let written = out.len();
        assert!(written > 0, "the held rows were written");
        table.row(&mut out, vec!["x".into()]).unwrap();
        assert!(out.len() > written, "later rows are written at once");
        table.finish(&mut out).unwrap();
    }

    #[test]
    fn an_empty_table_has_its_header() {
        let mut out = Vec::new();
        Table::new(&["ID", "NAME"]).finish(&mut out).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "ID  NAME\n");
    }

    #[test]
    fn records_align_their_values_and_clean_them() {
        let mut out = Vec::new();
        Record::new()
            .field("id", 1)
            .field("name", "a\u{1b}b")
            .write(&mut out)
            .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "id:    1\nname:  a\\u{1b}b\n"
        );
    }
}
