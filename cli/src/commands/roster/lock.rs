//! One run at a time: an exclusive lock on a file, held for the whole run (one `roster
//! apply` against a server, one `roster watch` keeping a snapshot file).
//!
//! The lock is the operating system's (`flock` on Unix, `LockFileEx` on Windows, through
//! `std::fs::File::try_lock`): it belongs to the open file, so it is released the moment
//! the process ends, however it ends. A run killed with `kill -9` leaves no stale lock
//! behind; the file stays, empty and unlocked, for the next run.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};
use std::time::Duration;

use polympics::clock::Clock;

use crate::failure::{Exit, Failure};

/// How often a waiting run tries the lock again.
const POLL: Duration = Duration::from_millis(100);

/// The lock, held until dropped.
#[derive(Debug)]
pub struct RunLock {
    _file: File,
}

/// The runs a lock keeps apart, in the words of its failures.
#[derive(Debug)]
pub struct Runs {
    /// Which runs: "`polympics roster apply` against the same server".
    what: &'static str,
    /// How to give this run a lock of its own.
    elsewhere: &'static str,
    /// How to wait longer, for a run that waits.
    longer: &'static str,
}

/// `roster apply` runs against one server.
pub const APPLY: Runs = Runs {
    what: "`polympics roster apply` against the same server",
    elsewhere: "choose another place for the lock with --lock-file PATH",
    longer: "; wait longer with --wait SECONDS",
};

/// `roster watch` runs that keep one snapshot file.
pub const WATCH: Runs = Runs {
    what: "`polympics roster watch` keeping the same snapshot",
    elsewhere: "give this run a snapshot of its own with --snapshot FILE",
    longer: "",
};

impl RunLock {
    /// Takes the lock at `path`, waiting at most `wait` for another of the `runs` to let it
    /// go (by `clock`: the client's). A run that could not take it ends with
    /// [`Exit::Locked`], having sent nothing.
    pub fn acquire(
        path: &Path,
        wait: Duration,
        runs: &Runs,
        clock: &dyn Clock,
    ) -> Result<RunLock, Failure> {
        let file = open(path).map_err(|err| {
            Failure::file("open the lock file", path, err)
                .usage_error()
                .hint(runs.elsewhere)
        })?;
        let started = clock.now();
        let mut said = false;
        loop {
            match file.try_lock() {
                Ok(()) => {
                    log::debug!("holding the lock {}", path.display());
                    return Ok(RunLock { _file: file });
                }
                Err(TryLockError::WouldBlock) => {}
                Err(TryLockError::Error(err)) => {
                    return Err(Failure::file("lock", path, err)
                        .usage_error()
                        .hint(runs.elsewhere))
                }
            }
            let waited = clock.now().saturating_duration_since(started);
            if waited >= wait {
                let gave_up = match wait.as_secs() {
                    0 => "gave up at once".to_owned(),
                    secs => format!("gave up after waiting {secs} s,"),
                };
                return Err(Failure::new(format!(
                    "another {} is still running (it holds {}); {gave_up} and sent nothing",
                    runs.what,
                    path.display(),
                ))
                .hint(format!(
                    "the lock is let go when that run ends{}",
                    runs.longer
                ))
                .exit(Exit::Locked));
            }
            if !said {
                log::info!(
                    "another run holds {}; waiting up to {} s",
                    path.display(),
                    wait.as_secs()
                );
                said = true;
            }
            clock.sleep(POLL.min(wait - waited));
        }
    }
}

/// Opens (creating) the lock file without changing what is in it: a file at that place that
/// is not ours is never truncated or written.
fn open(path: &Path) -> std::io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path)
}

/// The default lock for a server: a file named after its base URL, in `$XDG_RUNTIME_DIR`
/// when it is set, else the system's temporary directory (`/tmp`), which needs no `HOME`
/// and works under cron.
pub fn default_path(base_url: &str) -> PathBuf {
    let dir = std::env::var_os("XDG_RUNTIME_DIR")
        .map(PathBuf::from)
        .filter(|dir| dir.is_absolute() && dir.is_dir())
        .unwrap_or_else(std::env::temp_dir);
    dir.join(file_name(base_url))
}

/// `polympics-apply-<the URL with every character but letters, digits, `.` and `-` as
/// `_`>.lock`, at most about 200 bytes.
fn file_name(base_url: &str) -> String {
    let url = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    let key: String = url
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                c
            } else {
                '_'
            }
        })
        .take(180)
        .collect();
    format!("polympics-apply-{key}.lock")
}

#[cfg(test)]
mod tests {
    use super::*;
    use polympics::clock::TestClock;

    #[test]
    fn lock_files_are_named_after_the_server() {
        assert_eq!(
            file_name("https://api.polytopia.fun"),
            "polympics-apply-api.polytopia.fun.lock"
        );
        assert_eq!(
            file_name("http://127.0.0.1:8000/api"),
            "polympics-apply-127.0.0.1_8000_api.lock"
        );
        assert!(file_name(&format!("http://{}", "x".repeat(5000))).len() < 210);
    }

    #[test]
    fn a_second_lock_waits_and_gives_up_then_a_dropped_lock_is_free() {
        let dir = std::env::temp_dir().join(format!("polympics-lock-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("x.lock");
        let clock = TestClock::new();
        let first = RunLock::acquire(&path, Duration::ZERO, &APPLY, &clock).unwrap();
        // Three minutes of waiting, tried every 100 ms, with no real wait.
        let wait = Duration::from_secs(180);
        let asked = clock.now();
        let err = RunLock::acquire(&path, wait, &APPLY, &clock).unwrap_err();
        assert_eq!(err.exit, Exit::Locked);
        assert!(err.message.contains("still running"), "{}", err.message);
        assert!(
            err.message.contains("after waiting 180 s"),
            "{}",
            err.message
        );
        // It gave up once the three minutes had passed, trying again every 100 ms at most.
        assert!(clock.now() - asked >= wait);
        let waits = clock.waits();
        assert!(waits.iter().all(|w| *w <= POLL), "{waits:?}");
        assert!(waits.iter().sum::<Duration>() <= wait);
        drop(first);
        drop(RunLock::acquire(&path, Duration::ZERO, &APPLY, &clock).unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
