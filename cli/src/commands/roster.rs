//! `polympics roster export` and `polympics roster diff`; the sync is in `sync`.

use std::io::IsTerminal;

use polympics_roster::RosterDiff;

use crate::args::{Format, Global, RosterCommand};
use crate::commands::{sync, watch};
use crate::connect::connect;
use crate::failure::{CommandResult, Exit};
use crate::output::Out;
use crate::roster_csv::write_export;
use crate::snapshot::{fetch, load};

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
            eprintln!("No changes.");
        }
    }
    Ok(if diff.is_empty() {
        Exit::Success
    } else {
        Exit::Changes
    })
}
