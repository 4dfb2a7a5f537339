//! One module a group of subcommands; `run` sends a parsed command line to its module.
//!
//! Files: `accounts`, `teams`, `awards`, `auth` (signups, whoami, sessions), `callbacks/`
//! (with `listen`), `roster/` (everything of the roster), `manual` (completions and the man
//! page), `serve`.

mod accounts;
mod auth;
mod awards;
mod callbacks;
mod manual;
pub mod roster;
#[cfg(feature = "demo")]
mod serve;
mod teams;

use polympics::AnyClient;

use crate::args::{ApiCommand, Cli, Command};
use crate::connect::connect;
use crate::failure::CommandResult;
use crate::output::Out;

/// Runs the command, writing its result to `out`.
pub fn run(cli: Cli, out: &mut Out) -> CommandResult {
    let global = &cli.global;
    match cli.command {
        Command::Roster(command) => roster::run(global, command, out),
        Command::Api(ApiCommand::Callbacks(command)) => callbacks::run(global, command, out),
        Command::Api(command) => {
            let connection = connect(global)?;
            api(&connection.client, command, out)
        }
        #[cfg(feature = "demo")]
        Command::Serve(args) => serve::run(args, global.demo, out),
        Command::Completions { shell } => manual::completions(shell, out),
        Command::Man { dir } => manual::man(dir.as_deref(), out),
    }
}

/// Runs one of the API's operations through `client`.
fn api(client: &AnyClient, command: ApiCommand, out: &mut Out) -> CommandResult {
    match command {
        ApiCommand::Accounts(command) => accounts::run(client, command, out),
        ApiCommand::Teams(command) => teams::run(client, command, out),
        ApiCommand::Awards(command) => awards::run(client, command, out),
        ApiCommand::Callbacks(_) => unreachable!("routed by run"),
        ApiCommand::Signups => auth::signups(client, out),
        ApiCommand::Whoami => auth::whoami(client, out),
        ApiCommand::Sessions(command) => auth::sessions(client, command, out),
    }
}
