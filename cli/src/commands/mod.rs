//! One module a group of subcommands; `run` sends a parsed command line to its module.

mod accounts;
mod auth;
mod awards;
mod callbacks;
mod roster;
mod serve;
mod sync;
mod sync_report;
mod teams;

use crate::args::{Cli, Command};
use crate::connect::connect;
use crate::failure::CommandResult;
use crate::output::Out;

/// Runs the command, writing its result to `out`.
pub fn run(cli: Cli, out: &mut Out) -> CommandResult {
    let global = &cli.global;
    match cli.command {
        Command::Roster(command) => roster::run(global, command, out),
        Command::Serve(args) => serve::run(args, global.demo, out),
        command => {
            let connection = connect(global)?;
            let client = &connection.client;
            match command {
                Command::Accounts(command) => accounts::run(client, command, out),
                Command::Teams(command) => teams::run(client, command, out),
                Command::Awards(command) => awards::run(client, command, out),
                Command::Callbacks(command) => callbacks::run(client, command, out),
                Command::Signups => auth::signups(client, out),
                Command::Whoami => auth::whoami(client, out),
                Command::Sessions(command) => auth::sessions(client, command, out),
                Command::Roster(_) | Command::Serve(_) => unreachable!("handled above"),
            }
        }
    }
}
