//! What the examples share: where the API is, and with which credentials.
//!
//! With `POLYMPICS_URL` set, the examples talk to that server, with the credentials the
//! environment gives (`POLYMPICS_USER`, and `POLYMPICS_PASSWORD` or
//! `POLYMPICS_PASSWORD_FILE`, read by the crate's `Settings`). Without it, they start the
//! workspace's in-memory test server seeded with a demo league, so they run on a fresh
//! machine with no server of your own.
#![allow(dead_code)]

use polympics::Credentials;

use polympics::settings::Settings;
use polympics_test_server::TestServer;

/// A server to run against, and credentials for it if any.
pub struct Backend {
    /// The base URL.
    pub url: String,
    /// App or session credentials, if any were given (or seeded).
    pub credentials: Option<Credentials>,
    /// Keeps the embedded server running while the example runs.
    pub server: Option<TestServer>,
}

impl Backend {
    /// `POLYMPICS_URL` and its credentials, or an embedded demo server.
    pub fn from_env() -> Result<Backend, String> {
        let settings = Settings::from_env().map_err(|err| err.to_string())?;
        if let Some(url) = &settings.url {
            return Ok(Backend {
                url: url.clone(),
                credentials: settings.credentials().map_err(|err| err.to_string())?,
                server: None,
            });
        }
        let server = TestServer::try_start().map_err(|err| err.to_string())?;
        let league = server.seed_demo_league();
        eprintln!(
            "POLYMPICS_URL is not set: using an embedded test server at {} with a demo league",
            server.url()
        );
        Ok(Backend {
            url: server.url().to_owned(),
            credentials: Some(league.app),
            server: Some(server),
        })
    }

    /// The embedded server, when there is one.
    pub fn test_server(&self) -> Option<&TestServer> {
        self.server.as_ref()
    }
}
