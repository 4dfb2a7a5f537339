//! How the command ends: its exit codes, and failures as one clear line with a hint.

use std::fmt;
use std::io;
use std::process::ExitCode;

use polympics::{ClientKind, Error, Missing};

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
    /// `--wait`, or another `roster watch` keeps the same snapshot file; nothing was sent.
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
    /// The kind of the output error it came from, if it came from one.
    output_error: Option<io::ErrorKind>,
}

/// The result of a command: how it ends.
pub type CommandResult = Result<Exit, Failure>;

impl Failure {
    /// A failure of the operation (exit 1).
    pub fn new(message: impl Into<String>) -> Self {
        Failure {
            message: message.into(),
            hint: None,
            exit: Exit::Failure,
            output_error: None,
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
    pub fn usage_error(self) -> Self {
        self.exit(Exit::Usage)
    }

    /// The same failure, ending with `exit`.
    pub fn exit(mut self, exit: Exit) -> Self {
        self.exit = exit;
        self
    }

    /// Whether it is stdout closed early (`polympics accounts list | head`): not a failure.
    pub fn is_broken_pipe(&self) -> bool {
        self.output_error == Some(io::ErrorKind::BrokenPipe)
    }
}

impl From<io::Error> for Failure {
    /// Writing the output failed.
    fn from(err: io::Error) -> Self {
        Failure {
            output_error: Some(err.kind()),
            ..Failure::new(format!("could not write the output: {err}"))
        }
    }
}

impl From<Error> for Failure {
    /// The SDK's error in the words of the command line: "not found" for a missing
    /// account, team or award, and hints that name flags, variables and commands (never a
    /// Rust method).
    fn from(err: Error) -> Self {
        // Refused before anything was sent: the command line or configuration is at fault.
        let exit = match err {
            Error::Config(_) | Error::WrongKind { .. } | Error::InvalidInput { .. } => Exit::Usage,
            _ => Exit::Failure,
        };
        let (message, hint) = words(&err);
        Failure {
            hint,
            exit,
            ..Failure::new(message)
        }
    }
}

impl From<polympics_roster::Error> for Failure {
    /// A roster error: the SDK's in its words, a league that kept changing as it is.
    fn from(err: polympics_roster::Error) -> Self {
        match err {
            polympics_roster::Error::Api(err) => err.into(),
            err => Failure::new(err.to_string()),
        }
    }
}

impl From<polympics::webhooks::Error> for Failure {
    /// A listener that could not listen (exit 1), or was given no secret (exit 2).
    fn from(err: polympics::webhooks::Error) -> Self {
        use polympics::webhooks::Error as Webhook;
        let exit = match err {
            Webhook::EmptySecret => Exit::Usage,
            _ => Exit::Failure,
        };
        Failure::new(err.to_string()).exit(exit)
    }
}

/// The message and hint of an SDK error on the command line.
fn words(err: &Error) -> (String, Option<String>) {
    let at = |text: String| match err.request() {
        Some(request) => format!("{request}: {text}"),
        None => text,
    };
    if let Some(missing) = err.missing().filter(|m| *m != Missing::Other) {
        return (at(format!("not found: {missing}")), None);
    }
    match err {
        // The check of the credentials before the first request, or `whoami`'s own.
        Error::Client { status: 401, .. }
            if err
                .request()
                .is_some_and(|r| r.is_authenticated() && r.path() == "/auth/me") =>
        {
            let server = err.request().map_or("", |r| r.base_url());
            (
                format!(
                    "the server at {server} does not know the credentials (a wrong, rotated \
                     or expired token?), and the command stopped rather than go on without \
                     them"
                ),
                Some(
                    "check --user (or POLYMPICS_USER) and the token in POLYMPICS_PASSWORD_FILE \
                     (or POLYMPICS_PASSWORD); `polympics whoami` shows whom the server takes \
                     them for"
                        .to_owned(),
                ),
            )
        }
        Error::Client {
            status: status @ (401 | 403 | 407),
            detail,
            ..
        } => {
            let detail = detail
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default();
            let authenticated = err.request().is_some_and(|r| r.is_authenticated());
            let hint = match status {
                407 => "the proxy asks for a login, not the API: put it in the proxy variable, \
                        as in HTTPS_PROXY=http://user:password@proxy.example:3128"
                    .to_owned(),
                401 if authenticated => "check the credentials with `polympics whoami`; a \
                                         rotated token goes in POLYMPICS_PASSWORD_FILE"
                    .to_owned(),
                _ if authenticated => "check the credentials and their permissions with \
                                       `polympics whoami`"
                    .to_owned(),
                _ => NEEDS_CREDENTIALS.to_owned(),
            };
            (
                at(format!("request refused (HTTP {status}){detail}")),
                Some(hint),
            )
        }
        Error::WrongKind { kind, needs, .. } => (
            format!("this command needs {needs}, and the client is {kind}; nothing was sent"),
            Some(match kind {
                ClientKind::Anonymous => NEEDS_CREDENTIALS.to_owned(),
                _ => format!("use the credentials of {needs} (--user, POLYMPICS_USER)"),
            }),
        ),
        Error::ResponseTooLarge { status, limit, .. } => (
            at(format!(
                "the answer (HTTP {status}) is larger than {} MiB and was not read",
                limit / 1024 / 1024
            )),
            Some("is --url the API's base URL?".to_owned()),
        ),
        Error::Config(_) => (
            err.to_string(),
            Some(
                "check --url (or POLYMPICS_URL), --user (or POLYMPICS_USER), --password-file \
                 (or POLYMPICS_PASSWORD_FILE, or POLYMPICS_PASSWORD) and the settings file's \
                 profile (--profile, POLYMPICS_PROFILE)"
                    .to_owned(),
            ),
        ),
        _ => (err.to_string(), None),
    }
}

/// What to do when an operation needs credentials and none are set.
const NEEDS_CREDENTIALS: &str = "set --user (or POLYMPICS_USER) and the token in \
     POLYMPICS_PASSWORD_FILE (or POLYMPICS_PASSWORD)";

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "polympics: error: {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}
