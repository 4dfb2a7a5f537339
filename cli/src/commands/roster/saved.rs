//! Saved plans on disk: `roster plan --out PLAN` writes one, and `roster plan PLAN` /
//! `roster apply PLAN` read one back (a file that starts with `{`), to be applied exactly
//! or refused as stale.

use std::io::Write;
use std::path::Path;

use polympics_roster::{Plan, Roster, SavedPlan, SAVED_PLAN_FORMAT};

use crate::args::SyncArgs;
use crate::failure::Failure;

/// Whether `bytes` are a saved plan rather than a desired roster: JSON, which a CSV file
/// never starts with.
pub fn is_saved_plan(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    bytes.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{')
}

/// Reads a saved plan from `bytes` (the file at `path`). The options a desired roster is
/// planned with cannot be given with one: it keeps those it was made with.
pub fn read(path: &Path, bytes: &[u8], args: &SyncArgs) -> Result<SavedPlan, Failure> {
    let given: Vec<&str> = [
        (args.prune, "--prune"),
        (args.max_removals.is_some(), "--max-removals"),
        (!args.columns.is_empty(), "--column"),
        (!args.new_teams.is_empty(), "--new-team"),
        (args.sheet.is_some(), "--sheet"),
    ]
    .into_iter()
    .filter_map(|(given, flag)| given.then_some(flag))
    .collect();
    if !given.is_empty() {
        return Err(Failure::usage(format!(
            "{} cannot be given with a saved plan: it is applied with the options it was made \
             with",
            given.join(", ")
        )));
    }
    let saved: SavedPlan = serde_json::from_slice(bytes).map_err(|err| {
        Failure::usage(format!("{} is not a saved plan ({err})", path.display()))
            .hint("a saved plan is what `polympics roster plan DESIRED --out PLAN` writes")
    })?;
    if saved.format != SAVED_PLAN_FORMAT {
        return Err(Failure::usage(format!(
            "{} is a saved plan of another format ({:?}); this command reads {:?}",
            path.display(),
            saved.format,
            SAVED_PLAN_FORMAT
        )));
    }
    Ok(saved)
}

/// The saved plan's actions, when it still fits `current`; a usage error (exit 2) that
/// says what changed when it does not.
pub fn still_fits(saved: &SavedPlan, current: &Roster) -> Result<Plan, Failure> {
    saved.check(current).map_err(|stale| {
        Failure::usage(format!("refused: {stale}\nnothing was applied")).hint(
            "make the plan again from the desired roster (`polympics roster plan DESIRED \
             --out PLAN`), review it, and apply that",
        )
    })?;
    Ok(saved.plan.clone())
}

/// Writes `plan`, made from `current`, to `path` as a saved plan: beside it first, then
/// renamed over it, so that a failure leaves no half a plan.
pub fn write(path: &Path, plan: &Plan, current: &Roster) -> Result<(), Failure> {
    let saved = SavedPlan::new(plan.clone(), current);
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = std::path::PathBuf::from(temporary);
    let written = (|| -> std::io::Result<()> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(&temporary)?);
        serde_json::to_writer_pretty(&mut file, &saved)?;
        file.write_all(b"\n")?;
        file.into_inner()
            .map_err(std::io::IntoInnerError::into_error)?
            .sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    written.map_err(|err| {
        let _ = std::fs::remove_file(&temporary);
        Failure::file("write", path, err)
    })
}
