//! `roster watch --snapshot FILE`: the league as the printed changes leave it, kept so that
//! a restart prints no change twice.
//!
//! FILE is replaced (atomically) after each change that ends a step of the watch (an event,
//! or the last change a read found). A read that finds several changes is journaled while
//! they are printed: the state they lead to in `FILE.next` (written once, before the first
//! is printed) and how many are printed in `FILE.printed` (after each). A run killed in the
//! middle leaves both, and the next run prints the rest of those changes (the same ones, in
//! the same order: `FILE.diff(FILE.next)`) before anything else. So a kill prints at most
//! the one change it interrupted again. `FILE.lock` keeps the file to one run at a time.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

use polympics::roster::{Change, Roster, Watch};
use polympics::AnyAuth;

use crate::failure::Failure;
use crate::lock::{self, RunLock};
use crate::snapshot::load;

/// The snapshot file and its journal, and the lock that keeps them to one run.
pub struct State {
    _lock: RunLock,
    path: PathBuf,
    next: PathBuf,
    printed: PathBuf,
    /// How many changes of the journaled step are printed, while one is.
    in_step: Option<usize>,
}

impl State {
    /// The state kept in `path`, locked (`path.lock`) for this run: a second watch of the
    /// same file would print the same changes again and mix up the journal, so it ends at
    /// once (exit 4).
    pub fn open(path: &Path) -> Result<State, Failure> {
        let beside = |suffix: &str| {
            let mut name = path.as_os_str().to_owned();
            name.push(suffix);
            PathBuf::from(name)
        };
        Ok(State {
            _lock: RunLock::acquire(&beside(".lock"), Duration::ZERO, &lock::WATCH)?,
            path: path.to_owned(),
            next: beside(".next"),
            printed: beside(".printed"),
            in_step: None,
        })
    }

    /// The league saved, if there is a file: with the changes a killed run had not
    /// printed yet of its last step given to `print` first.
    pub fn resume(
        &mut self,
        mut print: impl FnMut(&Change) -> Result<(), Failure>,
    ) -> Result<Option<Roster>, Failure> {
        if !self.path.exists() {
            return Ok(None);
        }
        let saved = load(&self.path)?;
        if !self.next.exists() {
            return Ok(Some(saved));
        }
        let next = load(&self.next)?;
        let printed = std::fs::read_to_string(&self.printed)
            .ok()
            .and_then(|text| text.trim().parse().ok())
            .unwrap_or(0);
        self.in_step = Some(printed);
        for change in saved.diff(&next).changes.iter().skip(printed) {
            print(change)?;
            self.count()?;
        }
        self.save(&next)?;
        Ok(Some(next))
    }

    /// Before a change is printed: the step it belongs to is journaled, if it has more.
    pub fn before(&mut self, watch: &Watch<'_, AnyAuth>) -> Result<(), Failure> {
        if let (None, Some(next)) = (self.in_step, watch.next_snapshot()) {
            write_roster(&self.next, next)?;
            self.in_step = Some(0);
            self.write_count()?;
        }
        Ok(())
    }

    /// After a change is printed: counted, or the file replaced once its step is done.
    pub fn after(&mut self, watch: &Watch<'_, AnyAuth>) -> Result<(), Failure> {
        match (watch.pending(), watch.snapshot()) {
            (0, Some(roster)) => self.save(roster),
            _ => self.count(),
        }
    }

    /// Replaces the file with `roster` and ends the journal.
    pub fn save(&mut self, roster: &Roster) -> Result<(), Failure> {
        write_roster(&self.path, roster)?;
        for journal in [&self.printed, &self.next] {
            match std::fs::remove_file(journal) {
                Err(err) if err.kind() != std::io::ErrorKind::NotFound => {
                    return Err(Failure::file("remove", journal, err))
                }
                _ => {}
            }
        }
        self.in_step = None;
        Ok(())
    }

    fn count(&mut self) -> Result<(), Failure> {
        if let Some(printed) = &mut self.in_step {
            *printed += 1;
            self.write_count()?;
        }
        Ok(())
    }

    fn write_count(&self) -> Result<(), Failure> {
        let printed = self.in_step.unwrap_or(0);
        write_atomically(&self.printed, |file| writeln!(file, "{printed}"))
    }
}

/// Replaces `path` with `roster`'s JSON.
fn write_roster(path: &Path, roster: &Roster) -> Result<(), Failure> {
    write_atomically(path, |file| {
        serde_json::to_writer(&mut *file, roster)?;
        file.write_all(b"\n")
    })
}

/// Replaces `path` with what `write` writes: written beside it, flushed to the disk, then
/// renamed over it, so that a kill leaves the old file or the new one, never half of one.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut std::io::BufWriter<std::fs::File>) -> std::io::Result<()>,
) -> Result<(), Failure> {
    let mut temporary = path.as_os_str().to_owned();
    temporary.push(".tmp");
    let temporary = Path::new(&temporary);
    let replace = || -> std::io::Result<()> {
        let mut file = std::io::BufWriter::new(std::fs::File::create(temporary)?);
        write(&mut file)?;
        file.into_inner()
            .map_err(|err| err.into_error())?
            .sync_all()?;
        std::fs::rename(temporary, path)
    };
    replace().map_err(|err| Failure::file("write", path, err))
}
