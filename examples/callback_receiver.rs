//! A receiver for Polympics callbacks: a few lines on [`polympics::webhooks::Listener`]
//! (the `listener` feature), which checks each event's secret and yields the verified ones.
//!
//! ```text
//! cargo run --example callback_receiver --features listener
//! ```
//!
//! Without `POLYMPICS_URL` it demonstrates itself: it starts an embedded test server,
//! registers itself as the callback, moves a few accounts between teams and prints the
//! events it receives (a forged one is refused with 401 and never printed). With
//! `POLYMPICS_URL` it listens on `RECEIVER_ADDR` (default `127.0.0.1:8012`) for events
//! signed with `CALLBACK_SECRET` until stopped; register its public URL with
//! `AppClient::create_callback` (or use `polympics callbacks listen --register URL`).

use polympics::webhooks::{Event, Listener};

mod common;

fn print_event(event: &Event) {
    let Event::AccountTeamUpdate(event) = event else {
        return println!("event: {event:?}");
    };
    match &event.team {
        Some(team) => println!(
            "event: {} joined {} (team {})",
            event.account.name, team.name, team.id
        ),
        None => println!("event: {} left their team", event.account.name),
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    if std::env::var("POLYMPICS_URL").is_err() {
        return demo();
    }
    let addr = std::env::var("RECEIVER_ADDR").unwrap_or_else(|_| "127.0.0.1:8012".into());
    let secret = std::env::var("CALLBACK_SECRET").map_err(|_| "set CALLBACK_SECRET")?;
    let listener = Listener::bind(addr, secret)?;
    eprintln!("receiver: listening on http://{}", listener.local_addr());
    for event in &listener {
        print_event(&event);
    }
    Ok(())
}

fn demo() -> Result<(), Box<dyn std::error::Error>> {
    use polympics::{AccountUpdate, EventType, NO_TEAM};

    let backend = common::Backend::from_env()?;
    let server = backend.test_server().ok_or("no embedded server")?;
    let app = server.app_client(backend.credentials.clone().ok_or("no credentials")?);
    let secret = "s3cret-for-the-demo";
    let listener = Listener::bind("127.0.0.1:0", secret)?;
    let url = format!("http://{}/polympics", listener.local_addr());
    app.create_callback(EventType::AccountTeamUpdate, &url, secret)?;
    eprintln!("receiver: listening on {url}, registered as the callback");

    let accounts: Vec<_> = app
        .list_accounts()
        .into_iter()
        .take(3)
        .collect::<Result<_, _>>()?;
    let teams: Vec<_> = app.list_teams().into_iter().collect::<Result<_, _>>()?;
    std::thread::scope(|scope| {
        // The receiver's loop, on a thread of its own as in an app.
        let receiver = scope.spawn(|| {
            for event in listener.incoming().take(3) {
                print_event(&event);
            }
        });
        // A forged event, with the wrong secret: answered 401, never yielded.
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .proxy(None)
            .build()
            .into();
        let forged = agent
            .post(&url)
            .header("Authorization", "Bearer guess")
            .send("{}")?;
        println!("forged event answered with HTTP {}", forged.status());

        app.update_account(&accounts[0], AccountUpdate::new().team(&teams[1]))?;
        app.update_account(&accounts[1], AccountUpdate::new().team(NO_TEAM))?;
        app.update_account(&accounts[2], AccountUpdate::new().team(&teams[2]))?;
        receiver.join().map_err(|_| "the receiver panicked")?;
        Ok(())
    })
}
