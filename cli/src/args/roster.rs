//! `polympics roster ...`: its subcommands and their options.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Subcommand, ValueEnum};
use polympics_roster::{Field, MaxRemovals};

#[derive(Debug, Subcommand)]
pub enum RosterCommand {
    /// The whole league: CSV (one row per account with its team), JSON (reloadable) or an
    /// .xlsx sheet
    Export {
        /// CSV for spreadsheets, JSON for `roster diff`, XLSX for a sheet [default: csv, or
        /// json with --json]
        #[arg(long, value_enum)]
        format: Option<Format>,
    },
    /// What changed between two snapshots, or between one and the live league (exit 3 if
    /// anything did)
    Diff {
        /// An earlier snapshot (`roster export --format json`)
        old: PathBuf,
        /// A later snapshot; the live league when left out
        new: Option<PathBuf>,
    },
    /// Keep a snapshot of the league current and print each change once, as `roster diff`
    /// prints them, as it happens (from the server's events with --listen, and from a
    /// full read every --every), until Ctrl-C or SIGTERM
    Watch(WatchArgs),
    /// What `roster apply` would do to match DESIRED (exit 3 if anything); --out saves it
    /// to be applied exactly by `roster apply PLAN`
    Plan(PlanArgs),
    /// Make the league match DESIRED: asks first on a terminal; needs --yes without one.
    /// One run at a time against a server (a lock; exit 4 if another run held it longer
    /// than --wait)
    Apply(ApplyArgs),
}

#[derive(Debug, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub sync: SyncArgs,
    /// Also save the plan to FILE, with what its actions assume of the league: `roster
    /// apply FILE` then does exactly these actions, or refuses (exit 2) if the league
    /// changed where they touch it
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    pub sync: SyncArgs,
    /// Only show the plan (exit 3 if there is anything to do); takes no lock. Added to a
    /// full command line, it previews it: the options of applying then do nothing
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
    /// How long to wait for another run to finish before giving up (exit 4): seconds (180)
    /// or with a unit (3m); 0 does not wait
    // Three minutes: long enough for a slow run to finish, short enough that cron runs do
    // not pile up.
    #[arg(long, value_name = "DURATION", default_value = "180", value_parser = super::shared::duration)]
    pub wait: Duration,
    /// Append one JSON line per action (time, server, action, outcome) to FILE
    #[arg(long, value_name = "FILE")]
    pub log: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct WatchArgs {
    /// How often to read the whole league: it catches what events do not carry (new
    /// accounts, renames, awards) and any event that was missed; seconds (600) or with a
    /// unit (10m)
    #[arg(long, value_name = "DURATION", default_value = "10m", value_parser = super::shared::positive_duration)]
    pub every: Duration,
    /// Resume from FILE (a `roster export --format json`), and replace it after each change
    #[arg(long, value_name = "FILE")]
    pub snapshot: Option<PathBuf>,
    /// Also receive the server's events on ADDR (such as 0.0.0.0:8012): a move is printed
    /// the moment the server sends it
    #[arg(long, value_name = "ADDR")]
    pub listen: Option<SocketAddr>,
    #[command(flatten)]
    pub callback: super::shared::CallbackArgs,
}

#[derive(Debug, Args)]
pub struct SyncArgs {
    /// A CSV file (or - for stdin; comma, semicolon or tab) with the account's Discord ID
    /// (account_id, "Discord ID"...) and its team (an exact team name, empty for no team),
    /// and optionally name and discriminator (to create missing accounts) and team_id; a
    /// `roster export` is one; or a spreadsheet (.xlsx, .xls, .ods); or an https:// URL
    /// where one is published. Or a plan saved by `roster plan --out`, done exactly
    #[arg(value_name = "DESIRED|PLAN")]
    pub desired: PathBuf,
    /// The column of DESIRED headed HEADER is FIELD (account_id, team, name, discriminator
    /// or team_id), such as --column account_id="Discord ID"; repeatable
    #[arg(long = "column", value_name = "FIELD=HEADER", value_parser = column)]
    pub columns: Vec<(Field, String)>,
    /// NAME is meant to be a new team: without it, a team name of DESIRED that no team has
    /// but that is near one (other case, spacing, punctuation, invisible characters or a
    /// letter or two) is a conflict, never a new team; repeatable
    #[arg(long = "new-team", value_name = "NAME")]
    pub new_teams: Vec<String>,
    /// The sheet of a spreadsheet file (.xlsx, .xls, .ods) to read; the first by default
    #[arg(long, value_name = "NAME")]
    pub sheet: Option<String>,
    /// Also take unlisted accounts out of their teams, and delete the teams DESIRED does
    /// not name that are left empty, or were already (unless they have awards)
    #[arg(long)]
    pub prune: bool,
    /// Refuse a plan that makes more than N removals: accounts taken out of their team and
    /// teams deleted (default: 10% of the accounts in teams and the teams, at least 3);
    /// `all` for no limit
    #[arg(long, value_name = "N|all")]
    pub max_removals: Option<MaxRemovals>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// One row per account with its team, for spreadsheets
    Csv,
    /// The whole league, for `roster diff` and for keeping
    Json,
    /// One row per account with its team, as an .xlsx spreadsheet (IDs as text) that
    /// `roster apply` reads back
    Xlsx,
}

/// `FIELD=HEADER`, as `--column` takes it.
fn column(text: &str) -> Result<(Field, String), String> {
    let (field, header) = text.split_once('=').ok_or_else(|| {
        format!("{text:?} is not FIELD=HEADER (such as account_id=\"Discord ID\")")
    })?;
    let field = field.parse::<Field>().map_err(|err| err.to_string())?;
    if header.trim().is_empty() {
        return Err(format!("no header is given for {field}"));
    }
    Ok((field, header.to_owned()))
}

impl Format {
    /// Its name, as `--format` takes it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Xlsx => "xlsx",
        }
    }
}
