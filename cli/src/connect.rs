//! From the settings (flags and environment) to a client: a real server's, or the embedded
//! demo league's.

use polympics::{AnyClient, ClientBuilder};

use polympics::auth::AnyAuth;

use polympics::settings::{Settings, PASSWORD_FILE_VAR, PASSWORD_VAR, USER_VAR};

use crate::args::Global;
use crate::failure::Failure;

/// The user agent the command sends: `polympics-cli/<version>`.
const USER_AGENT: &str = concat!("polympics-cli/", env!("CARGO_PKG_VERSION"));

/// What to do without a server.
const NO_SERVER_HINT: &str = if cfg!(feature = "demo") {
    "set --url or POLYMPICS_URL to the API's base URL (and POLYMPICS_USER with \
     POLYMPICS_PASSWORD_FILE or POLYMPICS_PASSWORD to write), or add --demo to try the \
     command on an embedded demo league"
} else {
    "set --url or POLYMPICS_URL to the API's base URL (and POLYMPICS_USER with \
     POLYMPICS_PASSWORD_FILE or POLYMPICS_PASSWORD to write)"
};

/// A client, and the demo server behind it when there is one (it stops when this is
/// dropped).
#[derive(Debug)]
pub struct Connection {
    pub client: AnyClient,
    /// The embedded demo server of `--demo`.
    #[cfg(feature = "demo")]
    _demo: Option<polympics_test_server::TestServer>,
}

/// Connects as the settings say: `--demo`, or the server and credentials of the
/// environment and the settings file's profile (read by the crate's [`Settings`]) with the
/// flags over them.
pub fn connect(global: &Global) -> Result<Connection, Failure> {
    #[cfg(feature = "demo")]
    if global.demo {
        return demo::connect(global);
    }
    let builder = {
        let settings = settings(global)?;
        if settings.url.as_deref().is_some_and(|url| url.contains('@')) {
            return Err(Failure::usage(
                "--url (or POLYMPICS_URL) holds user information (user:password@), which is \
                 refused so that the token never shows (the URL is not shown either)",
            )
            .hint(
                "give the user with --user (or POLYMPICS_USER) and the token in \
                 POLYMPICS_PASSWORD_FILE (or POLYMPICS_PASSWORD)",
            ));
        }
        let url = settings
            .url
            .as_deref()
            .ok_or_else(|| Failure::usage("no server given").hint(NO_SERVER_HINT))?;
        AnyClient::builder(url, settings.credentials()?)?
    };
    Ok(Connection {
        client: configure(builder, global).build()?,
        #[cfg(feature = "demo")]
        _demo: None,
    })
}

/// What the flags set on every client: the user agent and the timeout; and the check of
/// the credentials before the first request, so that a wrong token fails the run instead
/// of reading as anonymous (the server treats credentials it does not know as none).
fn configure(builder: ClientBuilder<AnyAuth>, global: &Global) -> ClientBuilder<AnyAuth> {
    let builder = builder.user_agent(USER_AGENT).verify_credentials();
    match global.timeout {
        Some(timeout) => builder.timeout(timeout),
        None => builder,
    }
}

/// The settings of the environment over the profile of `--profile` (or
/// `POLYMPICS_PROFILE`, or the settings file's default), with `--url`, `--user` and
/// `--password-file` over them.
fn settings(global: &Global) -> Result<Settings, Failure> {
    let mut settings = Settings::load(global.profile.as_deref())?;
    // A user and a token always come from one place: one of the two flags over a profile's
    // credentials replaces both (the other is then missing, and said so).
    let set = |name: &str| std::env::var_os(name).is_some_and(|value| !value.is_empty());
    let from_profile = settings.profile.is_some()
        && ![USER_VAR, PASSWORD_VAR, PASSWORD_FILE_VAR]
            .into_iter()
            .any(set);
    if from_profile && (global.user.is_some() != global.password_file.is_some()) {
        settings.user = None;
        settings.password = None;
    }
    if let Some(url) = &global.url {
        settings.url = Some(url.clone());
    }
    if let Some(user) = &global.user {
        settings.user = Some(user.clone());
    }
    if let Some(file) = &global.password_file {
        settings.password = Some(Settings::read_token_file(file)?);
    }
    Ok(settings)
}

/// `--demo`: the embedded test server, seeded with the demo league.
#[cfg(feature = "demo")]
mod demo {
    use polympics::AnyClient;
    use polympics_test_server::TestServer;

    use super::{configure, Connection};
    use crate::args::Global;
    use crate::failure::Failure;

    /// A client of a new demo league as its app (the server stops with the connection).
    pub(super) fn connect(global: &Global) -> Result<Connection, Failure> {
        let server = TestServer::try_start()
            .map_err(|err| Failure::new(format!("could not start the demo server: {err}")))?;
        let league = server.seed_demo_league();
        log::info!(
            "--demo: an embedded test server at {} with the demo league",
            server.url()
        );
        let builder = AnyClient::builder(server.url(), Some(league.app))?.no_proxy();
        Ok(Connection {
            client: configure(builder, global).build()?,
            _demo: Some(server),
        })
    }
}
