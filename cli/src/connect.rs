//! From the settings (flags and environment) to a client: a real server's, or the embedded
//! demo league's.

use std::time::Duration;

use polympics::{AnyClient, Credentials, Settings};
use polympics_test_server::TestServer;

use crate::args::Global;
use crate::failure::Failure;

/// The user agent the command sends: `polympics-cli/<version>`.
const USER_AGENT: &str = concat!("polympics-cli/", env!("CARGO_PKG_VERSION"));

/// A client, and the demo server behind it when there is one (it stops when this is
/// dropped).
#[derive(Debug)]
pub struct Connection {
    pub client: AnyClient,
    /// The embedded demo server of `--demo`.
    _demo: Option<TestServer>,
}

/// Connects as the settings say: `--demo`, or the server and credentials of the
/// environment (read by the crate's [`Settings`]) with the flags over them.
pub fn connect(global: &Global) -> Result<Connection, Failure> {
    let (demo, builder) = if global.demo {
        let (server, app) = demo()?;
        let builder = AnyClient::builder(server.url(), Some(app))?.no_proxy();
        (Some(server), builder)
    } else {
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
        let url = settings.url.as_deref().ok_or_else(|| {
            Failure::usage("no server given").hint(
                "set --url or POLYMPICS_URL to the API's base URL (and POLYMPICS_USER with \
                 POLYMPICS_PASSWORD_FILE or POLYMPICS_PASSWORD to write), or add --demo to try \
                 the command on an embedded demo league",
            )
        })?;
        (None, AnyClient::builder(url, settings.credentials()?)?)
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

/// The settings of the environment, with `--url`, `--user` and `--password-file` over
/// them.
fn settings(global: &Global) -> Result<Settings, Failure> {
    let mut settings = Settings::from_env()?;
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
