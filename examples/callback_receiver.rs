//! A minimal receiver for Polympics callbacks on std's TCP listener: it checks the
//! `Authorization: Bearer <secret>` header in constant time and parses each event with
//! `polympics::webhooks`.
//!
//! ```text
//! cargo run --example callback_receiver
//! ```
//!
//! Without `POLYMPICS_URL` it demonstrates itself: it starts an embedded test server,
//! registers itself as the callback, moves a few accounts between teams, prints the events
//! it receives, and rejects a forged one. With `POLYMPICS_URL` it listens on
//! `RECEIVER_ADDR` (default `127.0.0.1:8012`) for events signed with `CALLBACK_SECRET`
//! until stopped; register its public URL with `AppClient::create_callback`.

use std::io::{BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};

use polympics::webhooks;
// Any HTTP server does; this one reads the request head with the test server's reader
// (httparse) to stay on the standard library's listener.
use polympics_test_server::RequestHead;

mod common;

/// Handles one connection: reads one request, answers it, returns the parsed event if the
/// request was a valid, authenticated event.
fn handle(
    stream: TcpStream,
    secret: &str,
) -> std::io::Result<Option<polympics::AccountTeamUpdateEvent>> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let Some(head) = RequestHead::read(&mut reader, 64 * 1024)? else {
        return Ok(None);
    };
    let mut body = vec![0; head.content_length()?.min(1 << 20)];
    reader.read_exact(&mut body)?;
    let authorization = head.header("authorization");
    let mut stream = stream;
    if head.method != "POST" {
        stream.write_all(
            b"HTTP/1.1 405 Method Not Allowed\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        )?;
        return Ok(None);
    }
    if !webhooks::verify_authorization(authorization, secret) {
        stream.write_all(
            b"HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\nconnection: close\r\n\r\n",
        )?;
        eprintln!("receiver: rejected a request with a wrong or missing secret");
        return Ok(None);
    }
    match webhooks::account_team_update(&body) {
        Ok(event) => {
            stream.write_all(b"HTTP/1.1 204 No Content\r\nconnection: close\r\n\r\n")?;
            Ok(Some(event))
        }
        Err(err) => {
            stream.write_all(b"HTTP/1.1 422 Unprocessable Entity\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")?;
            eprintln!("receiver: {err}");
            Ok(None)
        }
    }
}

fn print_event(event: &polympics::AccountTeamUpdateEvent) {
    match &event.team {
        Some(team) => println!(
            "event: {} joined {} (team {})",
            event.account.name, team.name, team.id
        ),
        None => println!("event: {} left their team", event.account.name),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::var("POLYMPICS_URL").is_ok() {
        let addr = std::env::var("RECEIVER_ADDR").unwrap_or_else(|_| "127.0.0.1:8012".into());
        let secret = std::env::var("CALLBACK_SECRET").map_err(|_| "set CALLBACK_SECRET")?;
        let listener = TcpListener::bind(&addr)?;
        eprintln!("receiver: listening on http://{addr}");
        for stream in listener.incoming() {
            if let Some(event) = handle(stream?, &secret)? {
                print_event(&event);
            }
        }
        return Ok(());
    }
    demo()
}

fn demo() -> Result<(), Box<dyn std::error::Error>> {
    use polympics::{AccountUpdate, EventType, NO_TEAM};

    let backend = common::Backend::from_env()?;
    let server = backend.test_server().ok_or("no embedded server")?;
    let app = server.app_client(backend.credentials.clone().ok_or("no credentials")?);
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let url = format!("http://{}/polympics", listener.local_addr()?);
    let secret = "s3cret-for-the-demo";
    app.create_callback(EventType::AccountTeamUpdate, &url, secret)?;
    eprintln!("receiver: listening on {url}, registered as the callback");

    let accounts: Vec<_> = app
        .list_accounts()
        .per_page(3)
        .into_iter()
        .take(3)
        .collect::<Result<_, _>>()?;
    let teams: Vec<_> = app.list_teams().into_iter().collect::<Result<_, _>>()?;
    app.update_account(&accounts[0], AccountUpdate::new().team(&teams[1]))?;
    app.update_account(&accounts[1], AccountUpdate::new().team(NO_TEAM))?;
    app.update_account(&accounts[2], AccountUpdate::new().team(&teams[2]))?;

    // A forged event, with the wrong secret.
    let forger = std::thread::spawn({
        let url = url.clone();
        move || {
            let agent: ureq::Agent = ureq::Agent::config_builder()
                .http_status_as_error(false)
                .proxy(None)
                .build()
                .into();
            agent
                .post(&url)
                .header("Authorization", "Bearer guess")
                .send("{}")
                .map(|r| r.status().as_u16())
        }
    });
    let mut received = 0;
    let mut rejected = 0;
    for stream in listener.incoming() {
        match handle(stream?, secret)? {
            Some(event) => {
                print_event(&event);
                received += 1;
            }
            None => rejected += 1,
        }
        if received == 3 && rejected == 1 {
            break;
        }
    }
    let status = forger.join().map_err(|_| "the forger panicked")??;
    println!("forged event answered with HTTP {status}");
    let deliveries = server.wait_for_deliveries(3, std::time::Duration::from_secs(10));
    println!("the server recorded {} deliveries", deliveries.len());
    Ok(())
}
