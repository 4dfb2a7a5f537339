//! The command line: every subcommand and option, with their help. The root and the
//! options every subcommand takes are here; the roster's subcommands are in `roster`, the
//! API's in `api`.
//!
//! Files: `api`, `roster`, `shared` (durations, and the listener's flags, that several
//! subcommands take), and `examples` (the EXAMPLES of the help pages).

mod api;
pub mod examples;
mod roster;
mod shared;

use std::path::PathBuf;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand};

pub use api::{
    AccountsCommand, AwardsCommand, CallbacksCommand, ListArgs, ListenArgs, SessionsCommand,
    TeamsCommand,
};
pub use roster::{ApplyArgs, Format, PlanArgs, RosterCommand, SyncArgs, WatchArgs};

/// Export, diff and sync Polympics rosters, and call every API operation, from the shell.
///
/// The server and credentials come from --url, --user and --password-file, or from
/// POLYMPICS_URL, POLYMPICS_USER and POLYMPICS_PASSWORD (or POLYMPICS_PASSWORD_FILE). A
/// username A<n> is an app, S<n> a user session; without one, the client is anonymous and
/// can only read. --demo runs any command against an embedded demo league instead.
///
/// Exit codes: 0 success (and no changes), 1 failure, 2 usage or configuration error (or a
/// sync refused by its guard rails), 3 changes found (roster diff, roster plan, roster
/// apply --dry-run), 4 another roster apply still running (or roster watch of the same
/// snapshot).
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
    let command = examples::attach(Cli::command()).mut_subcommand("roster", |roster| {
        roster.mut_subcommand("watch", |watch| {
            // Without --listen there is no listener: its URL and secret would be ignored.
            watch
                .mut_arg("public_url", |arg| arg.requires("listen"))
                .mut_arg("secret_file", |arg| arg.requires("listen"))
        })
    });
    #[cfg(feature = "demo")]
    let command = command.mut_subcommand("serve", |serve| {
        // Arguments of serve's own with the global options' names: the global ones are not
        // given to it, and these are hidden and refuse any value.
        [
            ("url", "url", "URL"),
            ("user", "user", "USER"),
            ("password_file", "password-file", "FILE"),
            ("timeout", "timeout", "DURATION"),
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
pub const GLOBAL: &str = "Global options";

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

    /// The profile of the settings file to take the server and credentials from
    /// ($XDG_CONFIG_HOME/polympics/config.toml; the environment and flags win over it)
    /// [env: POLYMPICS_PROFILE]
    #[arg(long, global = true, value_name = "NAME", help_heading = GLOBAL)]
    pub profile: Option<String>,

    /// Run against an embedded test server seeded with a demo league
    #[cfg(feature = "demo")]
    #[arg(
        long,
        global = true,
        help_heading = GLOBAL,
        conflicts_with_all = ["url", "user", "password_file", "profile"]
    )]
    pub demo: bool,

    /// Print JSON for scripts instead of tables for people
    #[arg(long, global = true, help_heading = GLOBAL)]
    pub json: bool,

    /// Log to stderr: -v the requests, -vv more (RUST_LOG overrides)
    #[arg(short, long, action = ArgAction::Count, global = true, help_heading = GLOBAL)]
    pub verbose: u8,

    /// Print no progress and no notices on stderr: only errors and warnings (for cron)
    #[arg(short, long, global = true, help_heading = GLOBAL, conflicts_with = "verbose")]
    pub quiet: bool,

    /// How long to wait for each phase of a request: seconds (30) or with a unit (1m)
    #[arg(long, global = true, value_name = "DURATION", help_heading = GLOBAL, value_parser = shared::positive_duration)]
    pub timeout: Option<std::time::Duration>,
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
    /// Teams: get, list, create, rename, delete, merge
    #[command(subcommand)]
    Teams(TeamsCommand),
    /// Awards: get, create, update, delete, give, take
    #[command(subcommand)]
    Awards(AwardsCommand),
    /// This app's callbacks: list, create, delete, listen
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

#[cfg(feature = "demo")]
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The port on 127.0.0.1 (default: a free one; 0 means the same)
    #[arg(long)]
    pub port: Option<u16>,
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

    /// The commands that only read or print: every other command (each that changes
    /// something, and each roster subcommand) has examples.
    const READ_ONLY: &[&str] = &[
        "accounts get",
        "accounts list",
        "teams get",
        "teams list",
        "awards get",
        "callbacks list",
        "signups",
        "whoami",
        "completions",
        "man",
        "serve",
    ];

    #[test]
    fn every_command_that_writes_and_every_roster_command_has_examples() {
        fn walk(command: &clap::Command, path: &mut Vec<String>, leaves: &mut Vec<String>) {
            if command.get_subcommands().next().is_none() {
                leaves.push(path.join(" "));
            }
            for sub in command.get_subcommands() {
                path.push(sub.get_name().to_owned());
                walk(sub, path, leaves);
                path.pop();
            }
        }
        let mut command = command();
        command.build();
        let mut leaves = Vec::new();
        walk(&command, &mut Vec::new(), &mut leaves);
        let mut without = Vec::new();
        for leaf in &leaves {
            // clap's own `help` subcommands.
            if READ_ONLY.contains(&leaf.as_str()) || leaf.split(' ').any(|name| name == "help") {
                continue;
            }
            let path: Vec<&str> = leaf.split(' ').collect();
            let sub = path.iter().fold(&mut command, |at, name| {
                at.find_subcommand_mut(name).unwrap()
            });
            let help = sub.render_help().to_string();
            match help.split_once(examples::HEADING) {
                // At least one command line, of this very command.
                Some((_, examples)) if examples.contains(&format!("polympics {leaf}")) => {}
                _ => without.push(leaf.clone()),
            }
        }
        assert!(without.is_empty(), "without examples: {without:#?}");
        assert!(leaves.contains(&"roster apply".to_owned()), "{leaves:?}");
        // Every command the table names exists (no examples of a renamed command).
        for path in examples::paths() {
            let found = path
                .iter()
                .try_fold(&command, |at, name| at.find_subcommand(name));
            assert!(
                found.is_some(),
                "examples of a command that is not: {path:?}"
            );
        }
        // The root's examples show in its help too.
        assert!(command
            .render_help()
            .to_string()
            .contains("polympics --demo teams list"));
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
