//! `polympics`: export, diff and sync Polympics team rosters from cron, and every API
//! operation from the shell. See the crate's README for every subcommand.
//!
//! Files: `args/` (the command line), `commands/` (what each subcommand does), `connect`
//! (settings to a client), `failure` (exit codes and hints), `notice` (what `-q`
//! silences), `output/` (what goes to stdout), `show` (records and rows of the API's objects), `team_arg` (a team by name or
//! ID), `logging`.

#![forbid(unsafe_code)]

mod args;
mod commands;
mod connect;
mod failure;
mod logging;
mod notice;
mod output;
mod show;
mod team_arg;

use std::process::ExitCode;

use crate::failure::Exit;
use crate::output::Out;

fn main() -> ExitCode {
    let cli = match args::parse() {
        Ok(cli) => cli,
        // --help and --version are not errors; clap prints them.
        Err(err) if !err.use_stderr() => {
            let _ = err.print();
            return Exit::Success.into();
        }
        // A mistake of the command line, said as every error of the command is.
        Err(err) => {
            let text = err.render().to_string();
            let text = text.strip_prefix("error: ").unwrap_or(&text);
            eprint!("polympics: error: {text}");
            return Exit::Usage.into();
        }
    };
    logging::init(cli.global.verbose);
    notice::set_quiet(cli.global.quiet);
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
