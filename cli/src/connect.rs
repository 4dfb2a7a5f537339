//! From the settings (flags and environment) to a client: a real server's, or the embedded
//! demo league's.

use std::io::Read;
use std::path::Path;
use std::time::Duration;

use polympics::{AnyClient, Credentials};
use polympics_test_server::TestServer;

use crate::args::Global;
use crate::failure::Failure;

/// The user agent the command sends: `polympics-cli/<version>`.
const USER_AGENT: &str = concat!("polympics-cli/", env!("CARGO_PKG_VERSION"));

/// The environment variable a password can be in, instead of a file.
pub const PASSWORD_VAR: &str = "POLYMPICS_PASSWORD";

/// A client, and the demo server behind it when there is one (it stops when this is
/// dropped).
#[derive(Debug)]
pub struct Connection {
    pub client: AnyClient,
    /// The embedded demo server of `--demo`.
    _demo: Option<TestServer>,
}

/// Connects as the settings say: `--demo`, or `--url` with the credentials of `--user`.
pub fn connect(global: &Global) -> Result<Connection, Failure> {
    let (demo, builder) = if global.demo {
        let (server, app) = demo()?;
        let builder = AnyClient::builder(Some(app))?
            .base_url(server.url())
            .no_proxy();
        (Some(server), builder)
    } else {
        if global.url.as_deref().is_some_and(|url| url.contains('@')) {
            return Err(Failure::usage(
                "--url (or POLYMPICS_URL) holds user information (user:password@), which is \
                 refused so that the token never shows (the URL is not shown either)",
            )
            .hint(
                "give the user with --user (or POLYMPICS_USER) and the token in \
                 POLYMPICS_PASSWORD_FILE (or POLYMPICS_PASSWORD)",
            ));
        }
        let url = global.url.as_deref().ok_or_else(|| {
            Failure::usage("no server given").hint(
                "set --url or POLYMPICS_URL to the API's base URL (and POLYMPICS_USER with \
                 POLYMPICS_PASSWORD or --password-file to write), or add --demo to try the \
                 command on an embedded demo league",
            )
        })?;
        (
            None,
            AnyClient::builder(credentials(global)?)?.base_url(url),
        )
    };
    let mut builder = builder.user_agent(USER_AGENT);
    if let Some(seconds) = global.timeout {
        builder = builder.timeout(Duration::from_secs(seconds));
    }
    Ok(Connection {
        client: builder.build()?,
        _demo: demo,
    })
}

/// The embedded test server, seeded with the demo league, and its app's credentials.
fn demo() -> Result<(TestServer, Credentials), Failure> {
    let server = TestServer::try_start()
        .map_err(|err| Failure::new(format!("could not start the demo server: {err}")))?;
    let league = server.seed_demo_league();
    log::info!(
        "--demo: an embedded test server at {} with the demo league",
        server.url()
    );
    Ok((server, league.app))
}

/// The credentials of `--user`, with the password from `POLYMPICS_PASSWORD` or
/// `--password-file`; none without a user.
fn credentials(global: &Global) -> Result<Option<Credentials>, Failure> {
    let from_env = std::env::var(PASSWORD_VAR).ok().filter(|p| !p.is_empty());
    let password = match (&global.password_file, from_env) {
        (Some(_), Some(_)) => {
            return Err(
                Failure::usage(format!("both {PASSWORD_VAR} and a password file are set"))
                    .hint("keep one of them"),
            )
        }
        (Some(file), None) => Some(read_secret(file)?),
        (None, from_env) => from_env,
    };
    match (&global.user, password) {
        (Some(user), Some(password)) => Ok(Some(Credentials::new(user, password))),
        (None, None) => Ok(None),
        (Some(user), None) => Err(Failure::usage(format!("no password for the user {user:?}"))
            .hint(format!(
                "put it in {PASSWORD_VAR} or in a file given with --password-file \
                 (POLYMPICS_PASSWORD_FILE); it is never taken on the command line"
            ))),
        (None, Some(_)) => Err(Failure::usage("a password is set but no user")
            .hint("set --user or POLYMPICS_USER (A<n> for an app, S<n> for a session)")),
    }
}

/// A secret kept in a file: its first line, without the line break (of the file's first
/// 64 KiB: a secret is short).
pub fn read_secret(file: &Path) -> Result<String, Failure> {
    let mut text = String::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(64 * 1024).read_to_string(&mut text))
        .map_err(|err| Failure::file("read", file, err).usage_error())?;
    let secret = text.lines().next().unwrap_or_default().trim_end();
    if secret.is_empty() {
        return Err(Failure::usage(format!("{} is empty", file.display())));
    }
    Ok(secret.to_owned())
}
