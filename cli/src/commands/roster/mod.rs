//! `polympics roster ...`: `export` and `diff` here (the CSV in `csv`, the spreadsheet in
//! `xlsx`); `plan` and `apply`
//! in `sync` (reading the desired roster in `desired`, saved plans in `saved`, the report
//! in `report`, one run at a time by `lock`); `watch` (its snapshot file in `journal`);
//! `snapshot` (the league fetched with `progress`, or loaded).

mod csv;
mod desired;
mod journal;
pub mod lock;
mod progress;
mod report;
mod saved;
mod snapshot;
mod sync;
mod watch;
mod xlsx;

use crate::notice::notice;
use std::io::{IsTerminal, Write};

use polympics_roster::RosterDiff;

use crate::args::{Format, Global, RosterCommand};
use crate::connect::connect;
use crate::failure::{CommandResult, Exit, Failure};
use crate::output::Out;
use csv::write_export;
use snapshot::{fetch, load};

pub fn run(global: &Global, command: RosterCommand, out: &mut Out) -> CommandResult {
    match command {
        RosterCommand::Export { format } => {
            let format = match (format, out.is_json()) {
                (None, false) => Format::Csv,
                (None, true) | (Some(Format::Json), _) => Format::Json,
                (Some(other), true) => {
                    return Err(Failure::usage(format!(
                        "--format {} and --json contradict each other: give one",
                        other.name()
                    )))
                }
                (Some(format), false) => format,
            };
            if format == Format::Xlsx && std::io::stdout().is_terminal() {
                return Err(
                    Failure::usage("an .xlsx file is not text: write it to a file")
                        .hint("polympics roster export --format xlsx > league.xlsx"),
                );
            }
            let connection = connect(global)?;
            let roster = fetch(&connection.client)?;
            match format {
                Format::Csv => write_export(&roster, out.writer())?,
                Format::Xlsx => xlsx::write_xlsx(&roster, out.writer())?,
                Format::Json => {
                    // The snapshot as one compact JSON document (a file to keep, not a page
                    // to read: `jq .` indents it).
                    let writer = out.writer();
                    roster.write_json(&mut *writer)?;
                    writer.write_all(b"\n")?;
                }
            }
            Ok(Exit::Success)
        }
        RosterCommand::Diff { old, new } => {
            let old_roster = load(&old)?;
            let new_roster = match &new {
                Some(new) => load(new)?,
                None => fetch(&connect(global)?.client)?,
            };
            diff(&old_roster.diff(&new_roster), out)
        }
        RosterCommand::Watch(args) => watch::run(global, args, out),
        RosterCommand::Plan(args) => sync::plan(global, args, out),
        RosterCommand::Apply(args) => sync::apply(global, args, out),
    }
}

/// Prints the changes, one a line (nothing when there are none, so that cron sends no mail),
/// and ends with 3 if there are any.
fn diff(diff: &RosterDiff, out: &mut Out) -> CommandResult {
    if out.is_json() {
        out.json(diff)?;
    } else {
        for change in &diff.changes {
            out.line(change)?;
        }
        if diff.is_empty() && std::io::stderr().is_terminal() {
            notice!("No changes.");
        }
    }
    Ok(if diff.is_empty() {
        Exit::Success
    } else {
        Exit::Changes
    })
}
