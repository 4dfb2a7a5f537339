//! `polympics roster ...`: its subcommands and their options.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use polympics::roster::MaxRemovals;

#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// The whole league: CSV (one row per account with its team) or JSON (reloadable)
    Export {
        /// CSV for spreadsheets, JSON for `roster diff`
        #[arg(long, value_enum, default_value_t = Format::Csv)]
        format: Format,
    },
    /// What changed between two snapshots, or between one and the live league (exit 3 if
    /// anything did)
    Diff {
        /// An earlier snapshot (`roster export --format json`)
        old: PathBuf,
        /// A later snapshot; the live league when left out
        new: Option<PathBuf>,
    },
    /// What `roster apply` would do to match DESIRED (exit 3 if anything)
    Plan(SyncArgs),
    /// Make the league match DESIRED: asks first on a terminal; needs --yes without one.
    /// One run at a time against a server (a lock; exit 4 if another run held it longer
    /// than --wait)
    Apply(ApplyArgs),
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub sync: SyncArgs,
    /// Only show the plan (exit 3 if there is anything to do); takes no lock
    #[arg(long)]
    pub dry_run: bool,
    /// Apply without asking (required when there is no terminal, as in cron)
    #[arg(long, short)]
    pub yes: bool,
    /// Go on after a failed action with the ones that do not depend on it
    #[arg(long)]
    pub keep_going: bool,
    /// The lock file that keeps runs against one server from overlapping (default: one
    /// named after the server, in $XDG_RUNTIME_DIR or the temporary directory)
    #[arg(long, value_name = "PATH")]
    pub lock_file: Option<PathBuf>,
    /// How long to wait for another run to finish before giving up (exit 4)
    #[arg(long, value_name = "SECONDS", default_value_t = crate::lock::DEFAULT_WAIT.as_secs())]
    pub wait: u64,
    /// Append one JSON line per action (time, server, action, outcome) to FILE
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// A CSV file (or - for stdin) with the columns account_id and team (an exact team
    /// name, empty for no team), and optionally name and discriminator (to create missing
    /// accounts) and team_id; a `roster export` is one
    pub desired: PathBuf,
    /// Also take unlisted accounts out of their teams, and delete the teams DESIRED does
    /// not name that are left empty, or were already (unless they have awards)
    #[arg(long)]
    pub prune: bool,
    /// Refuse a plan that takes more than N accounts out of their team (default: 10% of
    /// the accounts in teams, at least 3); `all` for no limit
    #[arg(long, value_name = "N|all")]
    pub max_removals: Option<MaxRemovals>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One row per account with its team, for spreadsheets
    Csv,
    /// The whole league, for `roster diff` and for keeping
    Json,
}
