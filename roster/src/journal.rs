//! [`Journal`]: a watch's state in a file, so that a restart resumes where the last run
//! stopped.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::snapshot::Roster;
use polympics::AccountTeamUpdateEvent;

/// The league as a [`Watch`](super::Watch)'s batches left it, kept in files, so that the
/// next run resumes from it and yields only what changed since.
///
/// - `PATH` holds the league as a snapshot, the JSON of `roster export --format json` (so
///   `roster diff PATH` and [`Roster`]'s `Deserialize` read it). It is replaced at once
///   (written beside it, flushed to the disk, then renamed over it) after each read that
///   changed something: a kill leaves the old file or the new one.
/// - `PATH.events` holds the events handled since, one JSON line each, appended and
///   flushed to the disk as each is handled, and replayed when the journal is opened. Its
///   first line names the snapshot it follows; a log left behind by an older snapshot is
///   ignored and removed. A watch that stops (not killed) folds them into `PATH`, so that
///   `PATH` alone is the league again.
///
/// A batch is handled when the watch is asked for the next one (or
/// [`commit`](super::Watch::commit) is called): a run killed between yielding a batch and
/// that moment yields the same changes again when it resumes (its first read finds them),
/// and never loses one. A write that fails (a full disk, no file descriptor left) is
/// reported, and the next batch writes the whole league; meanwhile a kill loses nothing
/// either, the first read of the next run finding what the files lack.
///
/// The files are created readable by their owner only (mode 0600 on Unix): a league's
/// roster is personal data. Two runs must not keep one journal at once (the `polympics`
/// command locks `PATH.lock`).
///
/// ```
/// use polympics_roster::{Journal, Watch};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let dir = std::env::temp_dir().join(format!("polympics-journal-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let path = dir.join("league.json");
///
/// let mut watch = Watch::new(&app).journal(Journal::open(&path)?);
/// let first = watch.next().unwrap()?; // the first read: the state to start from
/// assert!(first.changes.is_empty());
/// watch.commit()?;
/// assert_eq!(Journal::open(&path)?.roster().unwrap().accounts().len(), 36);
/// # std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
pub struct Journal {
    path: PathBuf,
    events: PathBuf,
    roster: Option<Roster>,
    /// When the snapshot in `path` was taken (microseconds), once there is one.
    saved: Option<i64>,
    /// The events file, open for appending, once an event was recorded after the snapshot.
    log: Option<File>,
    /// Whether events were recorded (or replayed) since the snapshot was written.
    logged: bool,
    /// Whether the last write failed, so that what the files hold lags the league.
    behind: bool,
}

/// The first line of `PATH.events`: the snapshot its events follow.
#[derive(Serialize, Deserialize, PartialEq, Eq)]
struct Header {
    /// The snapshot's `taken_at`, in microseconds since the UNIX epoch.
    follows: i64,
}

/// A journal that could not be read or written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// A file of the journal could not be read, written or removed.
    #[error("could not {action} {}: {source}", path.display())]
    #[non_exhaustive]
    Io {
        /// What was being done (`write`, `read`...).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// Why.
        #[source]
        source: io::Error,
    },
    /// A file of the journal holds something else than a snapshot or its events.
    #[error("{} is not a roster snapshot or its journal: {reason}", path.display())]
    #[non_exhaustive]
    Invalid {
        /// The file.
        path: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

impl JournalError {
    fn io<'p>(action: &'static str, path: &'p Path) -> impl FnOnce(io::Error) -> JournalError + 'p {
        move |source| JournalError::Io {
            action,
            path: path.to_owned(),
            source,
        }
    }
}

impl Journal {
    /// The journal kept at `path`: its snapshot read and its events replayed, if there are
    /// any (none yet is a journal to start).
    ///
    /// # Errors
    ///
    /// [`JournalError::Invalid`] when a file is not a snapshot or its events;
    /// [`JournalError::Io`] when one cannot be read.
    pub fn open(path: impl AsRef<Path>) -> Result<Journal, JournalError> {
        let path = path.as_ref().to_owned();
        let events = beside(&path, ".events");
        let mut journal = Journal {
            roster: None,
            saved: None,
            log: None,
            logged: false,
            behind: false,
            path,
            events,
        };
        // What an older version of the command kept beside the snapshot: its first read
        // yields those changes again.
        for old in [".next", ".printed"] {
            remove_if_there(&beside(&journal.path, old))?;
        }
        let file = match File::open(&journal.path) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(journal),
            Err(err) => return Err(JournalError::io("read", &journal.path)(err)),
        };
        let mut roster: Roster =
            serde_json::from_reader(BufReader::new(file)).map_err(|err| JournalError::Invalid {
                path: journal.path.clone(),
                reason: err.to_string(),
            })?;
        journal.saved = Some(micros_of(&roster));
        journal.replay(&mut roster)?;
        journal.roster = Some(roster);
        Ok(journal)
    }

    /// Applies the events logged after the snapshot `roster` (a log of an older snapshot
    /// is removed).
    fn replay(&mut self, roster: &mut Roster) -> Result<(), JournalError> {
        let file = match File::open(&self.events) {
            Ok(file) => file,
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(err) => return Err(JournalError::io("read", &self.events)(err)),
        };
        let mut lines = BufReader::new(file).lines();
        let follows = |line: &str| serde_json::from_str::<Header>(line).ok();
        let header = lines.next().transpose().ok().flatten();
        if header.as_deref().and_then(follows).map(|h| h.follows) != self.saved {
            return remove_if_there(&self.events);
        }
        let mut lines = lines.peekable();
        while let Some(line) = lines.next() {
            let line = line.map_err(JournalError::io("read", &self.events))?;
            match serde_json::from_str::<AccountTeamUpdateEvent>(&line) {
                Ok(event) => {
                    roster.apply_event(&event);
                    self.logged = true;
                }
                // The last line, cut short by a kill while it was written: that event was
                // not handled, and the first read finds what it changed.
                Err(_) if lines.peek().is_none() => break,
                Err(err) => {
                    return Err(JournalError::Invalid {
                        path: self.events.clone(),
                        reason: err.to_string(),
                    })
                }
            }
        }
        Ok(())
    }

    /// Where the snapshot is kept.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The league as the journal holds it, if it holds one.
    pub fn roster(&self) -> Option<&Roster> {
        self.roster.as_ref()
    }

    /// The league it holds, for the watch that keeps it from now on.
    pub(super) fn take_roster(&mut self) -> Option<Roster> {
        self.roster.take()
    }

    /// Records a handled event, on the disk before it returns; `state` is the league with
    /// it, saved whole instead while there is no snapshot yet, or while the journal is
    /// behind (a write failed).
    pub(super) fn record_event(
        &mut self,
        event: &AccountTeamUpdateEvent,
        state: &Roster,
    ) -> Result<(), JournalError> {
        let follows = match self.saved {
            Some(follows) if !self.behind => follows,
            _ => return self.save(state),
        };
        let appended = self.append(event, follows);
        self.behind = appended.is_err();
        appended
    }

    /// Appends `event` to the log of the snapshot taken at `follows`; a write that fails
    /// leaves no half line behind (the log is cut back, or removed).
    fn append(&mut self, event: &AccountTeamUpdateEvent, follows: i64) -> Result<(), JournalError> {
        let failed = |err: io::Error| JournalError::io("write", &self.events)(err);
        let log = match &mut self.log {
            Some(log) => log,
            None => {
                let mut log = private(OpenOptions::new().append(true).create(true))
                    .open(&self.events)
                    .map_err(failed)?;
                if log.metadata().map_err(failed)?.len() == 0 {
                    let header =
                        serde_json::to_string(&Header { follows }).map_err(io::Error::from);
                    header
                        .and_then(|header| writeln!(log, "{header}"))
                        .map_err(failed)?;
                }
                self.log.insert(log)
            }
        };
        let before = log.metadata().map_err(failed)?.len();
        let mut line = serde_json::to_vec(event).map_err(|err| failed(err.into()))?;
        line.push(b'\n');
        if let Err(err) = log.write_all(&line).and_then(|()| log.sync_data()) {
            if log.set_len(before).is_err() {
                // The snapshot alone, then: what the log held is found again by a read.
                self.log = None;
                let _ = fs::remove_file(&self.events);
            }
            return Err(failed(err));
        }
        self.logged = true;
        Ok(())
    }

    /// Whether the last write failed: the next record writes the whole league.
    pub(super) fn is_behind(&self) -> bool {
        self.behind
    }

    /// Whether events were recorded since the snapshot was written (the league it holds
    /// is the snapshot with them).
    pub fn has_events(&self) -> bool {
        self.logged
    }

    /// Replaces the snapshot with `roster` and starts a new log of events after it.
    pub(super) fn save(&mut self, roster: &Roster) -> Result<(), JournalError> {
        let written = write_atomically(&self.path, |file| {
            serde_json::to_writer(&mut *file, roster)?;
            file.write_all(b"\n")
        });
        self.behind = written.is_err();
        written?;
        self.saved = Some(micros_of(roster));
        self.log = None;
        self.logged = false;
        remove_if_there(&self.events)
    }
}

/// When `roster` was taken, in microseconds since the UNIX epoch.
fn micros_of(roster: &Roster) -> i64 {
    i64::try_from(roster.taken_at().unix_timestamp_nanos() / 1000).unwrap_or(0)
}

fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

fn remove_if_there(path: &Path) -> Result<(), JournalError> {
    match fs::remove_file(path) {
        Err(err) if err.kind() != io::ErrorKind::NotFound => {
            Err(JournalError::io("remove", path)(err))
        }
        _ => Ok(()),
    }
}

/// Options that create a file readable by its owner only (0600 on Unix).
fn private(options: &mut OpenOptions) -> &mut OpenOptions {
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(options, 0o600);
    options
}

/// Replaces `path` with what `write` writes: written beside it (`PATH.tmp`, created 0600),
/// flushed to the disk, then renamed over it, so that a kill leaves the old file or the
/// new one, never half of one; nothing is left beside it when writing fails.
pub(crate) fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> io::Result<()>,
) -> Result<(), JournalError> {
    let temporary = beside(path, ".tmp");
    // One left by an older version may be readable by others: made anew.
    remove_if_there(&temporary)?;
    let replace = || -> io::Result<()> {
        let file =
            private(OpenOptions::new().write(true).create(true).truncate(true)).open(&temporary)?;
        let mut file = BufWriter::new(file);
        write(&mut file)?;
        file.into_inner()
            .map_err(io::IntoInnerError::into_error)?
            .sync_all()?;
        fs::rename(&temporary, path)
    };
    replace().map_err(|err| {
        let _ = fs::remove_file(&temporary);
        JournalError::io("write", path)(err)
    })
}
