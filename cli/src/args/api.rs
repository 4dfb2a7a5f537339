//! The API's everyday subcommands: accounts, teams, awards, callbacks, sessions.

use std::path::PathBuf;

use clap::{ArgGroup, Args, Subcommand};
use polympics::{EventType, Permissions};

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
        event: EventType,
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
        event: EventType,
    },
    /// Receive the server's events: one JSON line per verified event on stdout, until
    /// Ctrl-C or SIGTERM (events with a wrong secret are refused and never printed)
    Listen(ListenArgs),
}

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Where to listen: every interface by default, as the server must reach it
    #[arg(long, value_name = "ADDR", default_value = super::shared::DEFAULT_LISTEN)]
    pub listen: std::net::SocketAddr,
    #[command(flatten)]
    pub callback: super::shared::CallbackArgs,
}

#[derive(Debug, Subcommand)]
pub enum SessionsCommand {
    /// Create a session for an account: prints its username, token and expiry
    Create {
        /// The account's ID
        account: u64,
    },
}
