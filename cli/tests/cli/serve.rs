//! `polympics serve`: the test server as its own process, for tests in any language.

use crate::common;

use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::Child;
use std::sync::mpsc;
use std::time::Duration;

use common::Cli;
use polympics::{AppClient, Credentials};

/// The first `count` lines the process prints, or a failure after 30 s.
fn first_lines(child: &mut Child, count: usize) -> Vec<String> {
    let stdout = child.stdout.take().unwrap();
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().take(count) {
            if send.send(line.unwrap_or_default()).is_err() {
                break;
            }
        }
    });
    (0..count)
        .map(|_| {
            receive
                .recv_timeout(Duration::from_secs(30))
                .unwrap_or_else(|_| {
                    let _ = child.kill();
                    panic!("polympics serve did not print its settings")
                })
        })
        .collect()
}

/// Kills the server process when the test ends, however it ends.
struct Serving(Child);

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn serve_prints_the_url_and_an_app_then_serves_until_killed() {
    let mut serving = Serving(Cli::new(&["serve"]).spawn());
    let lines = first_lines(&mut serving.0, 3);
    let value = |name: &str| {
        lines
            .iter()
            .find_map(|line| line.strip_prefix(&format!("{name}=")))
            .unwrap_or_else(|| panic!("{name} in {lines:?}"))
            .to_owned()
    };
    let url = value("POLYMPICS_URL");
    assert!(url.starts_with("http://127.0.0.1:"), "{url}");
    let app = AppClient::builder(
        &url,
        Credentials::new(value("POLYMPICS_USER"), value("POLYMPICS_PASSWORD")),
    )
    .no_proxy()
    .build()
    .unwrap();
    // An empty server, with an app that can do everything.
    assert_eq!(app.list_teams().get_page(0).unwrap().results, 0);
    let team = app.create_team("Thebes Sphinxes").unwrap();
    assert_eq!(app.get_team(team.id).unwrap().name, "Thebes Sphinxes");
    // Another process (the command itself) sees the same server.
    let run = Cli::new(&["teams", "list"])
        .env("POLYMPICS_URL", &url)
        .run();
    assert!(run.ok().contains("Thebes Sphinxes"));
}

#[test]
fn serve_demo_json_on_a_chosen_port() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut serving =
        Serving(Cli::new(&["serve", "--demo", "--json", "--port", &port.to_string()]).spawn());
    let line = first_lines(&mut serving.0, 1).remove(0);
    let ready: serde_json::Value = serde_json::from_str(&line).unwrap();
    assert_eq!(ready["url"], format!("http://127.0.0.1:{port}"));
    let run = Cli::new(&["roster", "export"])
        .env("POLYMPICS_URL", ready["url"].as_str().unwrap())
        .env("POLYMPICS_USER", ready["user"].as_str().unwrap())
        .env("POLYMPICS_PASSWORD", ready["password"].as_str().unwrap())
        .run();
    assert_eq!(run.ok().lines().count(), 1 + 36, "the demo league");
}

#[test]
fn serve_on_a_taken_port_fails_with_a_hint() {
    let taken = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let run = Cli::new(&["serve", "--port", &port]).run().code(1);
    assert!(
        run.stderr
            .contains(&format!("could not listen on 127.0.0.1:{port}")),
        "{}",
        run.stderr
    );
    run.assert_stderr("hint: choose another --port");
}
