//! `polympics completions SHELL` and `polympics man`: generated from the same definition as
//! the parser, so they never disagree with it.
//!
//! Files: this one, and `page` (the manual as one self-contained page).

mod page;

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

/// The manual on stdout, one page that holds every subcommand; or in `dir`, that page as
/// `polympics.1` and a page for every subcommand beside it.
pub fn man(dir: Option<&Path>, out: &mut Out) -> CommandResult {
    let command = crate::args::command();
    match dir {
        None => page::write(command, out.writer())?,
        Some(dir) => {
            std::fs::create_dir_all(dir).map_err(|err| Failure::file("create", dir, err))?;
            clap_mangen::generate_to(command.clone(), dir)
                .map_err(|err| Failure::file("write the pages into", dir, err))?;
            let root = dir.join("polympics.1");
            let mut page_text = Vec::new();
            page::write(command, &mut page_text)?;
            std::fs::write(&root, page_text).map_err(|err| Failure::file("write", &root, err))?;
            writeln!(out.writer(), "{}", dir.display())?;
        }
    }
    Ok(Exit::Success)
}
