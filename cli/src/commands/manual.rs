//! `polympics completions SHELL` and `polympics man`: generated from the same definition as
//! the parser, so they never disagree with it.

use std::io::Write;
use std::path::Path;

use crate::failure::{CommandResult, Exit, Failure};
use crate::output::Out;

/// The completion script for `shell`, on stdout.
pub fn completions(shell: clap_complete::Shell, out: &mut Out) -> CommandResult {
    let mut command = crate::args::command();
    // Into memory first: the generator panics on a failed write (a closed pipe).
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "polympics", &mut script);
    out.writer().write_all(&script)?;
    Ok(Exit::Success)
}

/// The manual page on stdout, or a page for the command and every subcommand in `dir`.
pub fn man(dir: Option<&Path>, out: &mut Out) -> CommandResult {
    let command = crate::args::command();
    match dir {
        None => clap_mangen::Man::new(command).render(out.writer())?,
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|err| Failure::file("create", dir, err))?;
            clap_mangen::generate_to(command, dir)
                .map_err(|err| Failure::file("write the pages into", dir, err))?;
            writeln!(out.writer(), "{}", dir.display())?;
        }
    }
    Ok(Exit::Success)
}
