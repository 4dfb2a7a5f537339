//! `polympics roster plan` and `polympics roster apply`: the declarative sync. How its
//! results are written is in `sync_report`.

use crate::notice::notice;
use std::io::{BufRead, IsTerminal, Read, Write};

use polympics::{AnyClient, WriterClient};
use polympics_roster::{
    self as roster, ApplyEvent, ApplyOptions, Conflict, Plan, PlanOptions, ReadOptions, Refusal,
    Roster, SavedPlan,
};

use super::desired;
use super::lock::{self, RunLock};
use super::progress::Progress;
use super::report::{self, ActionLog};
use super::saved;
use super::snapshot::fetch;
use crate::args::{ApplyArgs, Global, PlanArgs, SyncArgs};
use crate::connect::{connect, Connection};
use crate::failure::{CommandResult, Exit, Failure};
use crate::output::Out;

/// Prints the plan; ends with 2 if it is refused, 1 if some entries cannot be applied, 3 if
/// there is something to do, 0 if the league matches (and then prints nothing on stdout).
/// With `--out`, the plan is also saved, to be applied exactly by `roster apply PLAN`.
pub fn plan(global: &Global, args: PlanArgs, out: &mut Out) -> CommandResult {
    let (connection, input) = prepare(global, &args.sync)?;
    let (plan, current) = make_plan(&connection.client, &input, &args.sync)?;
    if let Some(path) = &args.out {
        saved::write(path, &plan, &current)?;
    }
    show_plan(&plan, out)
}

/// Makes the league match the desired roster, after asking on a terminal; one run at a
/// time against a server.
pub fn apply(global: &Global, args: ApplyArgs, out: &mut Out) -> CommandResult {
    let (connection, input) = prepare(global, &args.sync)?;
    let client = &connection.client;
    if args.dry_run {
        let (plan, _) = make_plan(client, &input, &args.sync)?;
        return show_plan(&plan, out);
    }
    // Opened before anything is sent, so that a log that cannot be written stops the run.
    let mut log = match &args.log {
        Some(path) => Some(ActionLog::open(path, client.base_url())?),
        None => None,
    };
    let Ok(writer) = client.as_writer() else {
        return Err(
            Failure::usage("an apply needs credentials: anonymous clients cannot write").hint(
                "set --user (or POLYMPICS_USER) to an app with MANAGE_TEAMS, \
                 MANAGE_ACCOUNT_TEAMS and MANAGE_ACCOUNT_DETAILS, and its password in \
                 POLYMPICS_PASSWORD or POLYMPICS_PASSWORD_FILE",
            ),
        );
    };
    let lock_path = args
        .lock_file
        .clone()
        .unwrap_or_else(|| lock::default_path(client.base_url()));
    let _lock = RunLock::acquire(&lock_path, args.wait, &lock::APPLY, client.clock())?;
    check_credentials(&writer)?;
    let (plan, _) = make_plan(client, &input, &args.sync)?;
    if plan.is_refused() {
        return show_plan(&plan, out);
    }
    if plan.is_empty() {
        // Nothing on stdout when all is well, so that a nightly sync sends no mail.
        if plan.conflicts.is_empty() && !out.is_json() {
            if std::io::stderr().is_terminal() {
                notice!("Nothing to do: the league matches the desired roster.");
            }
            return Ok(Exit::Success);
        }
        return run(&writer, &plan, args.keep_going, log.as_mut(), out);
    }
    if !args.yes {
        report::print_plan(&plan, out)?;
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
            notice!("Nothing applied.");
            return Ok(Exit::Failure);
        }
    }
    run(&writer, &plan, args.keep_going, log.as_mut(), out)
}

/// What a sync is given: a desired roster, or a plan saved by `roster plan --out`.
enum Input {
    Desired(roster::DesiredRoster),
    Saved(Box<SavedPlan>),
}

/// Reads the desired roster or the saved plan (before anything is sent) and connects.
/// With `--prune`, a desired roster that lists nobody is refused here.
fn prepare(global: &Global, args: &SyncArgs) -> Result<(Connection, Input), Failure> {
    let mut options = ReadOptions::new();
    options.columns.clone_from(&args.columns);
    options.sheet.clone_from(&args.sheet);
    if let Some(url) = desired::url(&args.desired) {
        let desired = checked(args, desired::fetch(url, &options)?)?;
        return Ok((connect(global)?, Input::Desired(desired)));
    }
    let (name, bytes) = desired::read_file(&args.desired)?;
    if saved::is_saved_plan(&bytes) {
        let plan = saved::read(&args.desired, &bytes, args)?;
        return Ok((connect(global)?, Input::Saved(Box::new(plan))));
    }
    let desired = checked(args, desired::parse(&name, &bytes, &options)?)?;
    Ok((connect(global)?, Input::Desired(desired)))
}

/// With `--prune`, a desired roster that lists nobody is refused.
fn checked(
    args: &SyncArgs,
    desired: roster::DesiredRoster,
) -> Result<roster::DesiredRoster, Failure> {
    if args.prune && desired.is_empty() {
        return Err(refused(&Refusal::EmptyDesired).hint(
            "the file has no rows: check that it was written whole; to empty the league on \
             purpose, list its accounts with an empty team",
        ));
    }
    Ok(desired)
}

/// Takes a snapshot, and plans from it; a saved plan is held against it instead, and
/// refused if the league moved away from it.
fn make_plan(
    client: &AnyClient,
    input: &Input,
    args: &SyncArgs,
) -> Result<(Plan, Roster), Failure> {
    let current = fetch(client)?;
    let plan = match input {
        Input::Saved(saved) => saved::still_fits(saved, &current)?,
        Input::Desired(desired) => {
            let options = args.new_teams.iter().fold(
                PlanOptions::new()
                    .prune(args.prune)
                    .max_removals(args.max_removals.unwrap_or_default()),
                |options, name| options.new_team(name.trim()),
            );
            roster::plan(&current, desired, options)
        }
    };
    Ok((plan, current))
}

/// Whether the server knows the credentials, before anything is planned: a rotated token
/// fails every run, not only those with something to do.
fn check_credentials(client: &WriterClient) -> Result<(), Failure> {
    match client.check_credentials()? {
        Some(_) => Ok(()),
        None => Err(Failure::new(
            "the server does not accept the credentials (a wrong or rotated token?); nothing \
             was changed",
        )
        .hint(
            "check them with `polympics whoami`, and set the new token in \
             POLYMPICS_PASSWORD_FILE (or POLYMPICS_PASSWORD)",
        )),
    }
}

/// Shows a plan that is not applied, and ends as its exit code says.
fn show_plan(plan: &Plan, out: &mut Out) -> CommandResult {
    let quiet = plan.is_empty() && plan.conflicts.is_empty() && !plan.is_refused();
    if quiet && !out.is_json() {
        if std::io::stderr().is_terminal() {
            notice!("Nothing to do: the league matches the desired roster.");
        }
        return Ok(Exit::Success);
    }
    report::print_plan(plan, out)?;
    if let Some(refusal) = &plan.refusal {
        return Err(refused(refusal));
    }
    note_conflicts(&plan.conflicts);
    Ok(if !plan.conflicts.is_empty() {
        Exit::Failure
    } else if plan.is_empty() {
        Exit::Success
    } else {
        Exit::Changes
    })
}

/// The failure of a refused plan (exit 2), with the flag that overrides it.
fn refused(refusal: &Refusal) -> Failure {
    let failure = Failure::usage(refusal.to_string());
    match refusal {
        Refusal::TooManyRemovals {
            removals,
            deleted_teams,
            ..
        } => failure.hint(format!(
            "if the removals are meant, allow them with --max-removals {} (or \
             --max-removals all)",
            removals + deleted_teams
        )),
        _ => failure,
    }
}

/// Says on stderr that some entries cannot be applied, with the command that mends twin
/// teams.
pub fn note_conflicts(conflicts: &[Conflict]) {
    let n = conflicts.len();
    if n == 0 {
        return;
    }
    eprintln!(
        "polympics: {n} {} of the desired roster cannot be applied (the lines starting with !)",
        if n == 1 { "entry" } else { "entries" }
    );
    for conflict in conflicts {
        if let Conflict::AmbiguousTeam { name, teams, .. } = conflict {
            if let Some((keep, others)) = teams.split_first() {
                for other in others {
                    eprintln!(
                        "  hint: merge the teams named {name:?} into one with \
                         `polympics teams merge {} {}`",
                        other.id, keep.id
                    );
                }
            }
        }
    }
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
/// a summary; ends with 0 if every action was done and there was no conflict, 1 otherwise
/// (and then says why on stderr).
fn run(
    client: &WriterClient,
    plan: &Plan,
    keep_going: bool,
    mut log: Option<&mut ActionLog>,
    out: &mut Out,
) -> CommandResult {
    let mut progress = Progress::new();
    progress.start("applying");
    let mut written = Ok(());
    let mut logged = Ok(());
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
                if let (Some(log), Ok(())) = (log.as_deref_mut(), &logged) {
                    logged = log.write(action, outcome);
                }
                if out.is_json() {
                    results.push(report::result_json(action, outcome));
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
    report::print_summary(&report, plan, results, out)?;
    out.flush()?;
    note_conflicts(&plan.conflicts);
    logged?;
    report::failure(&report, plan)
}
