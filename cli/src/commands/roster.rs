//! `polympics roster export` and `polympics roster diff`; the sync is in `sync`.

use std::io::IsTerminal;
use std::path::Path;

use polympics::roster::{Roster, RosterDiff};

use crate::args::{Format, Global, RosterCommand};
use crate::commands::sync;
use crate::connect::connect;
use crate::failure::{CommandResult, Exit, Failure};
use crate::output::Out;
use crate::roster_csv::write_export;
use crate::snapshot::fetch;

pub fn run(global: &Global, command: RosterCommand, out: &mut Out) -> CommandResult {
    match command {
        RosterCommand::Export { format } => {
            let connection = connect(global)?;
            let roster = fetch(&connection.client)?;
            match format {
                Format::Csv if !out.is_json() => write_export(&roster, out.writer())?,
                _ => out.json(&roster)?,
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
        RosterCommand::Plan(args) => sync::plan(global, args, out),
        RosterCommand::Apply(args) => sync::apply(global, args, out),
    }
}

/// A snapshot saved by `roster export --format json`.
fn load(path: &Path) -> Result<Roster, Failure> {
    let file = std::fs::File::open(path).map_err(|err| Failure::file("read", path, err))?;
    serde_json::from_reader(std::io::BufReader::new(file)).map_err(|err| {
        Failure::usage(format!(
            "{} is not a roster snapshot: {err}",
            path.display()
        ))
        .hint("make one with `polympics roster export --format json > FILE.json`")
    })
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
            eprintln!("No changes.");
        }
    }
    Ok(if diff.is_empty() {
        Exit::Success
    } else {
        Exit::Changes
    })
}
