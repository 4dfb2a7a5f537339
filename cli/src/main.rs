//! `polympics`: export, diff and sync Polympics team rosters from cron, and every API
//! operation from the shell. See the crate's README for every subcommand.

#![forbid(unsafe_code)]

mod args;
mod commands;
mod connect;
mod desired;
mod failure;
mod live;
mod lock;
mod logging;
mod output;
mod progress;
mod roster_csv;
mod show;
mod snapshot;
mod team_arg;
mod watch_state;

use std::process::ExitCode;

use crate::failure::Exit;
use crate::output::Out;

fn main() -> ExitCode {
    let cli = match args::parse() {
        Ok(cli) => cli,
        Err(err) => {
            // --help and --version are not errors; clap prints them.
            let _ = err.print();
            return if err.use_stderr() {
                Exit::Usage.into()
            } else {
                Exit::Success.into()
            };
        }
    };
    logging::init(cli.global.verbose);
    let mut out = Out::new(cli.global.json);
    let result = commands::run(cli, &mut out).and_then(|exit| {
        out.flush()?;
        Ok(exit)
    });
    match result {
        Ok(exit) => exit.into(),
        Err(failure) if failure.is_broken_pipe() => Exit::Success.into(),
        Err(failure) => {
            // What was written before the failure still goes out, then the error.
            let _ = out.flush();
            eprintln!("{failure}");
            failure.exit.into()
        }
    }
}
