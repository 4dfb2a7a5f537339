//! `polympics roster plan` and `polympics roster apply`: the declarative sync.

use std::io::{BufRead, IsTerminal, Read, Write};

use polympics::roster::{
    self, ApplyEvent, ApplyOptions, Outcome as ActionOutcome, Plan, PlanOptions,
};
use polympics::{AnyClient, ClientKind};
use serde_json::json;

use crate::args::{Global, SyncArgs};
use crate::connect::connect;
use crate::failure::{Exit, Failure, Outcome};
use crate::output::Out;
use crate::progress::Progress;
use crate::roster_csv::read_desired_file;
use crate::snapshot::fetch;

/// The flags of `roster apply` beside the desired roster.
pub struct ApplyFlags {
    pub dry_run: bool,
    pub yes: bool,
    pub keep_going: bool,
}

/// Prints the plan; ends with 1 if some entries cannot be applied, 3 if there is something
/// to do, 0 if the league matches.
pub fn plan(global: &Global, args: SyncArgs, out: &mut Out) -> Outcome {
    let (_, plan) = make_plan(global, &args, false)?;
    print_plan(&plan, out)?;
    Ok(plan_exit(&plan))
}

/// Makes the league match the desired roster, after asking on a terminal.
pub fn apply(global: &Global, args: SyncArgs, flags: ApplyFlags, out: &mut Out) -> Outcome {
    let (connection, plan) = make_plan(global, &args, !flags.dry_run)?;
    let client = &connection.client;
    if plan.is_empty() {
        // Nothing on stdout when all is well, so that a nightly sync sends no mail.
        if !plan.conflicts.is_empty() || out.is_json() {
            print_plan(&plan, out)?;
        } else if std::io::stderr().is_terminal() {
            eprintln!("Nothing to do: the league matches the desired roster.");
        }
        return Ok(plan_exit(&plan));
    }
    if flags.dry_run {
        print_plan(&plan, out)?;
        return Ok(plan_exit(&plan));
    }
    if !flags.yes {
        print_plan(&plan, out)?;
        out.flush()?;
        if !(std::io::stdin().is_terminal() && std::io::stderr().is_terminal()) {
            return Err(Failure::usage(format!(
                "refusing to apply {} without --yes: there is no terminal to ask on",
                actions(plan.actions.len())
            ))
            .hint(
                "review the plan with `polympics roster plan DESIRED`, then run \
                 `polympics roster apply DESIRED --yes` (as a cron job does)",
            ));
        }
        if !confirm(&plan, client.base_url())? {
            eprintln!("Nothing applied.");
            return Ok(Exit::Failure);
        }
    }
    run(client, &plan, flags.keep_going, out)
}

/// Reads the desired roster (before anything is sent), connects, takes a snapshot and
/// plans. A plan only reads; with `writes`, credentials are required before the snapshot.
fn make_plan(
    global: &Global,
    args: &SyncArgs,
    writes: bool,
) -> Result<(crate::connect::Connection, Plan), Failure> {
    let desired = read_desired_file(&args.desired)?;
    let connection = connect(global)?;
    if writes && connection.client.kind() == ClientKind::Anonymous {
        return Err(
            Failure::usage("an apply needs credentials: anonymous clients cannot write").hint(
                "set --user (or POLYMPICS_USER) to an app with MANAGE_TEAMS, \
                 MANAGE_ACCOUNT_TEAMS and MANAGE_ACCOUNT_DETAILS, and its password in \
                 POLYMPICS_PASSWORD or --password-file",
            ),
        );
    }
    let current = fetch(&connection.client)?;
    let plan = roster::plan(&current, &desired, PlanOptions::new().prune(args.prune));
    Ok((connection, plan))
}

fn print_plan(plan: &Plan, out: &mut Out) -> std::io::Result<()> {
    if out.is_json() {
        out.json(plan)
    } else {
        out.line(plan)
    }
}

/// The exit code for a plan shown but not applied; conflicts are also said on stderr, as
/// the failure they are.
fn plan_exit(plan: &Plan) -> Exit {
    if !plan.conflicts.is_empty() {
        note_conflicts(plan);
        Exit::Failure
    } else if plan.is_empty() {
        Exit::Success
    } else {
        Exit::Changes
    }
}

fn note_conflicts(plan: &Plan) {
    let n = plan.conflicts.len();
    eprintln!(
        "polympics: {n} {} of the desired roster cannot be applied (the lines starting with !)",
        if n == 1 { "entry" } else { "entries" }
    );
}

fn actions(n: usize) -> String {
    match n {
        1 => "1 action".to_owned(),
        n => format!("{n} actions"),
    }
}

/// Asks on the terminal; only `y` or `yes` goes ahead.
fn confirm(plan: &Plan, url: &str) -> Result<bool, Failure> {
    eprint!("Apply {} to {url}? [y/N] ", actions(plan.actions.len()));
    std::io::stderr().flush()?;
    let mut answer = String::new();
    std::io::stdin().lock().take(256).read_line(&mut answer)?;
    Ok(matches!(
        answer.trim().to_ascii_lowercase().as_str(),
        "y" | "yes"
    ))
}

/// Applies the plan: one line an action as it finishes (or a JSON report at the end), then
/// a summary; ends with 0 if every action was done and there was no conflict, 1 otherwise.
fn run(client: &AnyClient, plan: &Plan, keep_going: bool, out: &mut Out) -> Outcome {
    let progress = Progress::new("applying");
    let mut written = Ok(());
    let mut results = Vec::new();
    let report = roster::apply(
        client,
        plan,
        ApplyOptions::new().keep_going(keep_going),
        |event| {
            if let ApplyEvent::Finished {
                index,
                total,
                action,
                outcome,
            } = event
            {
                progress.update("applying", index as u64 + 1, total as u64);
                log::info!("[{}/{total}] {action}: {outcome}", index + 1);
                if out.is_json() {
                    results.push(json!({ "action": action, "outcome": outcome_json(outcome) }));
                } else if written.is_ok() {
                    written = progress.suspend(|| {
                        out.line(format_args!("{action}: {outcome}"))?;
                        out.flush()
                    });
                }
            }
        },
    );
    progress.finish();
    written?;
    let (done, skipped, failed) = report.counts();
    if out.is_json() {
        out.json(&json!({
            "results": results,
            "conflicts": plan.conflicts,
            "done": done,
            "skipped": skipped,
            "failed": failed,
        }))?;
    } else {
        for conflict in &plan.conflicts {
            out.line(conflict)?;
        }
        out.line(format_args!(
            "Applied: {done} done, {failed} failed, {skipped} skipped."
        ))?;
    }
    if !plan.conflicts.is_empty() {
        note_conflicts(plan);
    }
    Ok(if report.is_success() && plan.conflicts.is_empty() {
        Exit::Success
    } else {
        Exit::Failure
    })
}

fn outcome_json(outcome: &ActionOutcome) -> serde_json::Value {
    match outcome {
        ActionOutcome::Done => json!({ "status": "done" }),
        ActionOutcome::AlreadyDone => json!({ "status": "already_done" }),
        ActionOutcome::Skipped { reason } => json!({ "status": "skipped", "reason": reason }),
        ActionOutcome::Failed(err) => json!({
            "status": "failed",
            "error": err.to_string(),
            "http_status": err.code(),
        }),
        _ => json!({ "status": outcome.to_string() }),
    }
}
