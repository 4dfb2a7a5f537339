//! `polympics serve`: the test server as its own process, for tests in any language.

use crate::notice::notice;
use std::io::Write;

use polympics::Permissions;
use polympics_test_server::TestServer;

use crate::args::ServeArgs;
use crate::failure::{CommandResult, Failure};
use crate::output::Out;

/// Starts the test server, prints its URL and an app's credentials (as `NAME=value` lines,
/// or one JSON object), and serves until the process is interrupted.
pub fn run(args: ServeArgs, demo: bool, out: &mut Out) -> CommandResult {
    let port = args.port.unwrap_or(0);
    let server = TestServer::try_start_on(port).map_err(|err| {
        Failure::new(format!("could not listen on 127.0.0.1:{port}: {err}"))
            .hint("choose another --port, or leave it out for a free one")
    })?;
    let app = if demo {
        server.seed_demo_league().app
    } else {
        server.create_app("serve", Permissions::all())
    };
    if out.is_json() {
        let ready = serde_json::json!({
            "url": server.url(),
            "user": app.username(),
            "password": app.password(),
        });
        serde_json::to_writer(out.writer(), &ready).map_err(std::io::Error::from)?;
        out.writer().write_all(b"\n")?;
    } else {
        out.line(format_args!("POLYMPICS_URL={}", server.url()))?;
        out.line(format_args!("POLYMPICS_USER={}", app.username()))?;
        out.line(format_args!("POLYMPICS_PASSWORD={}", app.password()))?;
    }
    out.flush()?;
    notice!(
        "polympics: serving the test server at {}{}; stop with Ctrl-C",
        server.url(),
        if demo { " with the demo league" } else { "" }
    );
    // Until interrupted: the server runs on its own threads.
    loop {
        std::thread::park();
    }
}
