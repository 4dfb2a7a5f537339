//! How a sync tells what it did: the plan, the summary of an apply (text or JSON, the same
//! shape whether there was anything to do or not), the failure on stderr, and the log of
//! `--log FILE`.

use std::fs::File;
use std::io::Write;
use std::path::Path;

use polympics_roster::{Action, Counts, Outcome, Plan, Report};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

use crate::failure::{Exit, Failure};
use crate::output::Out;

/// The plan, as text or JSON.
pub fn print_plan(plan: &Plan, out: &mut Out) -> std::io::Result<()> {
    if out.is_json() {
        out.json(plan)
    } else {
        out.line(plan)
    }
}

/// One action and its outcome, as JSON.
pub fn result_json(action: &Action, outcome: &Outcome) -> Value {
    json!({ "action": action, "outcome": outcome_json(outcome) })
}

fn outcome_json(outcome: &Outcome) -> Value {
    match outcome {
        Outcome::Done => json!({ "status": "done" }),
        Outcome::AlreadyDone => json!({ "status": "already_done" }),
        Outcome::Skipped { reason } => json!({ "status": "skipped", "reason": reason }),
        Outcome::Failed(err) => json!({
            "status": "failed",
            "error": err.to_string(),
            "http_status": err.code(),
        }),
        _ => json!({ "status": outcome.to_string() }),
    }
}

/// After the action lines: the conflicts and a summary line, or the whole report as JSON
/// (`results`, `conflicts`, `kept_teams`, `done`, `failed`, `skipped`).
pub fn print_summary(
    report: &Report,
    plan: &Plan,
    results: Vec<Value>,
    out: &mut Out,
) -> std::io::Result<()> {
    let Counts {
        done,
        failed,
        skipped,
        ..
    } = report.counts();
    if out.is_json() {
        return out.json(&json!({
            "results": results,
            "conflicts": plan.conflicts,
            "kept_teams": plan.kept_teams,
            "done": done,
            "failed": failed,
            "skipped": skipped,
        }));
    }
    for conflict in &plan.conflicts {
        out.line(conflict)?;
    }
    let conflicts = match plan.conflicts.len() {
        0 => String::new(),
        1 => "; 1 conflict".to_owned(),
        n => format!("; {n} conflicts"),
    };
    if report.results.is_empty() {
        out.line(format_args!("Applied: nothing to do{conflicts}."))
    } else {
        out.line(format_args!(
            "Applied: {done} done, {failed} failed, {skipped} skipped{conflicts}."
        ))
    }
}

/// How an apply ends: 0 when every action was done and nothing was left alone; else 1,
/// with the first failure said on stderr (the action lines are on stdout).
pub fn failure(report: &Report, plan: &Plan) -> Result<Exit, Failure> {
    let Counts {
        failed, skipped, ..
    } = report.counts();
    if let Some((action, err)) = report.failures().next() {
        let failure = Failure::new(format!(
            "{failed} of {} actions failed; the first: {action}: {err}",
            report.results.len()
        ))
        .hint("the next run finishes what this one did not, once the cause is mended");
        return Err(failure);
    }
    if skipped > 0 {
        eprintln!(
            "polympics: {skipped} {} skipped (see the lines saying why)",
            if skipped == 1 {
                "action was"
            } else {
                "actions were"
            }
        );
        return Ok(Exit::Failure);
    }
    Ok(if plan.conflicts.is_empty() {
        Exit::Success
    } else {
        Exit::Failure
    })
}

/// `--log FILE`: one JSON line an action, appended, so that an operator can tell what a
/// sync did on any day.
#[derive(Debug)]
pub struct ActionLog {
    file: File,
    server: String,
}

impl ActionLog {
    /// Opens `path` to append to it, creating it.
    pub fn open(path: &Path, server: &str) -> Result<ActionLog, Failure> {
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        // Created readable by its owner only: it names accounts, which are personal data.
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options
            .open(path)
            .map_err(|err| Failure::file("open the log", path, err).usage_error())?;
        Ok(ActionLog {
            file,
            server: server.to_owned(),
        })
    }

    /// Appends one line: `{"time", "server", "action", "outcome"}`.
    pub fn write(&mut self, action: &Action, outcome: &Outcome) -> Result<(), Failure> {
        let time = OffsetDateTime::now_utc()
            .format(&Rfc3339)
            .unwrap_or_default();
        let mut line = serde_json::to_vec(&json!({
            "time": time,
            "server": self.server,
            "action": action,
            "outcome": outcome_json(outcome),
        }))
        .map_err(|err| Failure::new(format!("could not write the log: {err}")))?;
        line.push(b'\n');
        // One write a line: with O_APPEND, lines of runs that share the file never mix.
        self.file
            .write_all(&line)
            .map_err(|err| Failure::new(format!("could not write the log: {err}")))
    }
}
