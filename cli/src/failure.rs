//! How the command ends: its exit codes, and failures as one clear line with a hint.

use std::fmt;
use std::io;
use std::process::ExitCode;

use polympics::{ClientKind, Error};

/// The exit codes, as documented in the help and the README.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// 0: done, and for `diff`, `plan` and `apply --dry-run`: nothing changed or to do.
    Success = 0,
    /// 1: the operation failed (the server refused it, could not be reached, an action of
    /// an apply failed, a desired roster has conflicts).
    Failure = 1,
    /// 2: the command line or the configuration is wrong (no server, no password, a
    /// write without credentials, input the server would refuse, a desired roster with
    /// mistakes), or a sync's plan was refused by its guard rails; nothing was changed.
    Usage = 2,
    /// 3: `diff` found changes, `plan` or `apply --dry-run` found something to do.
    Changes = 3,
    /// 4: another `roster apply` against the same server held the lock for longer than
    /// `--wait`; nothing was sent.
    Locked = 4,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> Self {
        ExitCode::from(exit as u8)
    }
}

/// A failure of the command: the line to print, a hint saying what to do, and the exit
/// code.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub hint: Option<String>,
    pub exit: Exit,
}

/// The result of a command: how it ends.
pub type Outcome = Result<Exit, Failure>;

impl Failure {
    /// A failure of the operation (exit 1).
    pub fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            hint: None,
            exit: Exit::Failure,
        }
    }

    /// A mistake in the command line or configuration (exit 2).
    pub fn usage(message: impl Into<String>) -> Self {
        Failure {
            exit: Exit::Usage,
            ..Failure::new(message)
        }
    }

    /// Adds what to do about it.
    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// A file that could not be read or written.
    pub fn file(action: &str, path: &std::path::Path, err: impl fmt::Display) -> Self {
        Failure::new(format!("could not {action} {}: {err}", path.display()))
    }

    /// The same failure, as a mistake in the command line or configuration (exit 2).
    pub fn usage_error(mut self) -> Self {
        self.exit = Exit::Usage;
        self
    }

    /// Whether it is stdout closed early (`polympics accounts list | head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        self.message == BROKEN_PIPE
    }
}

const BROKEN_PIPE: &str = "stdout was closed";

impl From<io::Error> for Failure {
    /// Writing the output failed.
    fn from(err: io::Error) -> Self {
        if err.kind() == io::ErrorKind::BrokenPipe {
            Failure::new(BROKEN_PIPE)
        } else {
            Failure::new(format!("could not write the output: {err}"))
        }
    }
}

impl From<Error> for Failure {
    /// The SDK's error, on one line, with a hint for the command line where one helps.
    fn from(err: Error) -> Self {
        let hint = hint(&err);
        // Refused before anything was sent: the command line or configuration is at fault.
        let exit = match err {
            Error::Config(_) | Error::WrongKind { .. } | Error::InvalidInput { .. } => Exit::Usage,
            _ => Exit::Failure,
        };
        Failure {
            message: err.to_string(),
            hint,
            exit,
        }
    }
}

fn hint(err: &Error) -> Option<String> {
    match err {
        Error::WrongKind { kind, needs, .. } => Some(match kind {
            ClientKind::Anonymous => format!(
                "this needs {needs}: set --user (or POLYMPICS_USER) and the password in \
                 POLYMPICS_PASSWORD or --password-file"
            ),
            _ => format!("this needs {needs}: use the credentials of one (--user, POLYMPICS_USER)"),
        }),
        Error::Client {
            status: 401 | 403, ..
        } => Some(
            "check the credentials (--user and the password) and their permissions with \
             `polympics whoami`"
                .to_owned(),
        ),
        Error::Config(_) => Some("check --url (or POLYMPICS_URL) and --user".to_owned()),
        _ => None,
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "polympics: error: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}
