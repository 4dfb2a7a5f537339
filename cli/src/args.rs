//! The command line: every subcommand and option, with their help.

use std::path::PathBuf;

use clap::{
    ArgAction, ArgGroup, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum,
};
use polympics::roster::MaxRemovals;
use polympics::Permissions;

/// Export, diff and sync Polympics rosters, and call every API operation, from the shell.
///
/// The server and credentials come from --url, --user and --password-file, or from
/// POLYMPICS_URL, POLYMPICS_USER and POLYMPICS_PASSWORD (or POLYMPICS_PASSWORD_FILE). A
/// username A<n> is an app, S<n> a user session; without one, the client is anonymous and
/// can only read. --demo runs any command against an embedded demo league instead.
///
/// Exit codes: 0 success (and no changes), 1 failure, 2 usage or configuration error (or a
/// sync refused by its guard rails), 3 changes found (roster diff, roster plan, roster
/// apply --dry-run), 4 another roster apply still running.
#[derive(Debug, Parser)]
#[command(name = "polympics", version, max_term_width = 100)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,
    #[command(subcommand)]
    pub command: Command,
}

/// The command line as parsed, with help, completions and the manual made from it: the
/// derived definition, with the global options a subcommand does not use hidden from its
/// help and refused (`serve` runs its own server: no URL, credentials or timeout).
pub fn command() -> clap::Command {
    let command = Cli::command();
    #[cfg(feature = "demo")]
    let command = command.mut_subcommand("serve", |serve| {
        // Arguments of serve's own with the global options' names: the global ones are not
        // given to it, and these are hidden and refuse any value.
        [
            ("url", "url", "URL"),
            ("user", "user", "USER"),
            ("password_file", "password-file", "FILE"),
            ("timeout", "timeout", "SECONDS"),
        ]
        .into_iter()
        .fold(serve, |serve, (id, long, value_name)| {
            serve.arg(
                clap::Arg::new(id)
                    .long(long)
                    .value_name(value_name)
                    .hide(true)
                    .value_parser(move |_: &str| {
                        Err::<String, _>(format!(
                            "`serve` runs its own server, and --{long} is not for it"
                        ))
                    }),
            )
        })
    });
    command
}

/// Parses the process's arguments with [`command`].
pub fn parse() -> Result<Cli, clap::Error> {
    let mut matches = command().try_get_matches()?;
    Cli::from_arg_matches_mut(&mut matches)
}

/// The heading of the options every subcommand takes, shown after its own.
const GLOBAL: &str = "Global options";

/// Options every subcommand takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The API's base URL, such as https://api.polytopia.fun [env: POLYMPICS_URL]
    #[arg(long, global = true, value_name = "URL", help_heading = GLOBAL)]
    pub url: Option<String>,

    /// The username: A<n> for an app, S<n> for a user session; none for anonymous
    /// [env: POLYMPICS_USER]
    #[arg(long, global = true, value_name = "USER", help_heading = GLOBAL)]
    pub user: Option<String>,

    /// A file whose first line is the token; the token is never taken on the command line
    /// [env: POLYMPICS_PASSWORD_FILE, or the token itself in POLYMPICS_PASSWORD]
    #[arg(long, global = true, value_name = "FILE", help_heading = GLOBAL)]
    pub password_file: Option<PathBuf>,

    /// Run against an embedded test server seeded with a demo league
    #[cfg(feature = "demo")]
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub demo: bool,

    /// Print JSON for scripts instead of tables for people
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,

    /// Log to stderr: -v the requests, -vv more (RUST_LOG overrides)
    #[arg(short, long, action = ArgAction::Count, global = true, help_heading = GLOBAL)]
    pub verbose: u8,

    /// Seconds to wait for each phase of a request
    #[arg(long, global = true, value_name = "SECONDS", help_heading = GLOBAL)]
    pub timeout: Option<u64>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Snapshots, diffs and declarative syncs of the whole league
    #[command(subcommand)]
    Roster(RosterCommand),
    #[command(flatten)]
    Api(ApiCommand),
    /// Run the test server until interrupted, for tests in any language
    #[cfg(feature = "demo")]
    Serve(ServeArgs),
    /// Shell completions on stdout (see the README for where to put them)
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// The manual page (roff) on stdout, or every page into a folder
    Man {
        /// Write a page for every subcommand (polympics-roster-apply.1, ...) into DIR
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
    },
}

/// The API's operations: each connects to the server the settings name.
#[derive(Debug, Subcommand)]
pub enum ApiCommand {
    /// Accounts: get, list, create, update, delete
    #[command(subcommand)]
    Accounts(AccountsCommand),
    /// Teams: get, list, create, rename, delete
    #[command(subcommand)]
    Teams(TeamsCommand),
    /// Awards: get, create, update, delete, give, take
    #[command(subcommand)]
    Awards(AwardsCommand),
    /// This app's callbacks: list, create, delete
    #[command(subcommand)]
    Callbacks(CallbacksCommand),
    /// Whether new users may sign up
    Signups,
    /// Whom the credentials belong to (or that the server does not know them)
    Whoami,
    /// User sessions (apps with AUTHENTICATE_USERS)
    #[command(subcommand)]
    Sessions(SessionsCommand),
}

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

#[derive(Debug, Subcommand)]
pub enum AccountsCommand {
    /// One account
    Get {
        /// The account's ID (its Discord ID)
        id: u64,
    },
    /// Accounts, by name
    List(ListArgs),
    /// Register an account (MANAGE_ACCOUNT_DETAILS)
    Create {
        /// Its Discord ID
        #[arg(long)]
        id: u64,
        /// Its Discord user name
        #[arg(long)]
        name: String,
        /// Its Discord discriminator (0 for the new user names)
        #[arg(long)]
        discriminator: String,
        /// The URL of its avatar
        #[arg(long, value_name = "URL")]
        avatar_url: Option<String>,
        /// Its team: an ID, or the exact name of one team
        #[arg(long)]
        team: Option<String>,
        /// Permissions: names (manage_teams,manage_awards) or bits (72)
        #[arg(long, value_name = "PERMISSIONS")]
        permissions: Option<Permissions>,
    },
    /// Change an account (give at least one change)
    #[command(group(ArgGroup::new("change").required(true).multiple(true)))]
    Update {
        /// The account's ID
        id: u64,
        /// A new name
        #[arg(long, group = "change")]
        name: Option<String>,
        /// A new discriminator
        #[arg(long, group = "change")]
        discriminator: Option<String>,
        /// A new avatar URL
        #[arg(long, group = "change", value_name = "URL")]
        avatar_url: Option<String>,
        /// Move it into this team: an ID, or the exact name of one team
        #[arg(long, group = "change", conflicts_with = "no_team")]
        team: Option<String>,
        /// Take it out of its team
        #[arg(long, group = "change")]
        no_team: bool,
        /// Permissions to add: names or bits
        #[arg(long, group = "change", value_name = "PERMISSIONS")]
        grant: Option<Permissions>,
        /// Permissions to take away: names or bits
        #[arg(long, group = "change", value_name = "PERMISSIONS")]
        revoke: Option<Permissions>,
    },
    /// Delete an account
    Delete {
        /// The account's ID
        id: u64,
    },
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only names matching this SQL LIKE pattern (% any run, _ any character)
    #[arg(long)]
    pub search: Option<String>,
    /// Take --search literally: %, _ and \ are plain characters
    #[arg(long, requires = "search")]
    pub literal: bool,
    /// Only members of this team: an ID, or the exact name of one team
    #[arg(long)]
    pub team: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TeamsCommand {
    /// One team
    Get {
        /// An ID, or the exact name of one team
        team: String,
    },
    /// Teams, by name
    List {
        /// Only names matching this SQL LIKE pattern (% any run, _ any character)
        #[arg(long)]
        search: Option<String>,
        /// Take --search literally: %, _ and \ are plain characters
        #[arg(long, requires = "search")]
        literal: bool,
    },
    /// Create a team (MANAGE_TEAMS)
    Create {
        /// Its name
        name: String,
    },
    /// Rename a team
    Rename {
        /// An ID, or the exact name of one team
        team: String,
        /// The new name
        name: String,
    },
    /// Delete a team (its members are left in no team)
    Delete {
        /// An ID, or the exact name of one team
        team: String,
    },
    /// Move every member and award of FROM into INTO, then delete FROM: mends two teams of
    /// one name
    Merge {
        /// The team to empty and delete: an ID, or an exact name that one team has
        from: String,
        /// The team that stays: an ID, or an exact name that one team has
        into: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AwardsCommand {
    /// One award, with its holders and its team
    Get {
        /// The award's ID
        id: u64,
    },
    /// Create an award (MANAGE_AWARDS)
    Create {
        /// Its title (at most 32 characters)
        #[arg(long)]
        title: String,
        /// The URL of its image
        #[arg(long, value_name = "URL")]
        image_url: String,
        /// The team it belongs to: an ID, or the exact name of one team
        #[arg(long)]
        team: String,
        /// An account that holds it from the start (repeat for more)
        #[arg(long = "account", value_name = "ID")]
        accounts: Vec<u64>,
    },
    /// Change an award (give at least one change)
    #[command(group(ArgGroup::new("change").required(true).multiple(true)))]
    Update {
        /// The award's ID
        id: u64,
        /// A new title
        #[arg(long, group = "change")]
        title: Option<String>,
        /// A new image URL
        #[arg(long, group = "change", value_name = "URL")]
        image_url: Option<String>,
        /// Another team: an ID, or the exact name of one team
        #[arg(long, group = "change")]
        team: Option<String>,
    },
    /// Delete an award
    Delete {
        /// The award's ID
        id: u64,
    },
    /// Give an award to an account
    Give {
        /// The award's ID
        award: u64,
        /// The account's ID
        account: u64,
    },
    /// Take an award from an account
    Take {
        /// The award's ID
        award: u64,
        /// The account's ID
        account: u64,
    },
}

#[derive(Debug, Subcommand)]
pub enum CallbacksCommand {
    /// This app's callbacks
    List,
    /// Register URL for EVENT; the secret comes from --secret-file or POLYMPICS_CALLBACK_SECRET
    Create {
        /// The event: account_team_update
        event: String,
        /// Where the server sends the events (http or https, a host with a dot or an IP)
        #[arg(value_name = "URL")]
        callback_url: String,
        /// A file holding the secret the server sends as `Authorization: Bearer <secret>`
        #[arg(long, value_name = "FILE")]
        secret_file: Option<PathBuf>,
    },
    /// Remove this app's callback for EVENT
    Delete {
        /// The event: account_team_update
        event: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// Create a session for an account: prints its username, token and expiry
    Create {
        /// The account's ID
        account: u64,
    },
}

#[cfg(feature = "demo")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port on 127.0.0.1 (default: a free one)
    #[arg(long, default_value_t = 0)]
    pub port: u16,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_command_line_is_consistent() {
        Cli::command().debug_assert();
        command().debug_assert();
    }

    /// The help walk: every subcommand, argument and flag a user can see says what it is.
    #[test]
    fn every_subcommand_and_argument_is_described() {
        fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            for arg in command.get_arguments() {
                let builtin = matches!(arg.get_id().as_str(), "help" | "version");
                if !arg.is_hide_set() && !builtin && arg.get_help().is_none() {
                    missing.push(format!("{path} {}", arg.get_id()));
                }
            }
            for sub in command.get_subcommands() {
                let path = format!("{path} {}", sub.get_name());
                if sub.get_about().is_none() {
                    missing.push(format!("{path} (the subcommand)"));
                }
                walk(sub, &path, missing);
            }
        }
        let mut command = command();
        command.build();
        let mut missing = Vec::new();
        walk(&command, "polympics", &mut missing);
        assert!(missing.is_empty(), "undescribed: {missing:#?}");
        let count = command.get_subcommands().count();
        assert!(count >= 11, "{count} subcommands");
    }

    #[test]
    fn global_options_have_their_own_heading() {
        let mut command = command();
        command.build();
        let help = command
            .find_subcommand_mut("teams")
            .and_then(|teams| teams.find_subcommand_mut("get"))
            .expect("teams get")
            .render_help()
            .to_string();
        let (own, global) = help.split_once("Global options:").expect("the heading");
        assert!(own.contains("<TEAM>") && !own.contains("--url"), "{help}");
        assert!(global.contains("--url <URL>"), "{help}");
    }

    #[test]
    fn a_positional_url_does_not_replace_the_global_url() {
        let cli = Cli::try_parse_from([
            "polympics",
            "--url",
            "http://127.0.0.1:8000",
            "callbacks",
            "create",
            "account_team_update",
            "https://example.com/hook",
        ])
        .unwrap();
        assert_eq!(cli.global.url.as_deref(), Some("http://127.0.0.1:8000"));
        match cli.command {
            Command::Api(ApiCommand::Callbacks(CallbacksCommand::Create {
                callback_url, ..
            })) => {
                assert_eq!(callback_url, "https://example.com/hook")
            }
            other => panic!("{other:?}"),
        }
    }
}
