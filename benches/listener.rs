//! The event listener on loopback: events per second `webhooks::Listener` verifies (secret,
//! method, size, JSON) and yields, sent by four keep-alive senders, next to a bare
//! `tiny_http` loop that only reads each body and answers 204 (what any receiver costs).
//! (A roster watch applying events is `cargo bench -p polympics-roster --bench watch`.)
//!
//! ```text
//! cargo bench --bench listener --features listener
//! ```

use std::sync::Arc;
use std::thread;
use std::time::Instant;

use polympics::webhooks::Listener;

const SECRET: &str = "bench-secret";
const SENDERS: usize = 4;
const EVENTS: usize = 20_000;
const TEAMS: u64 = 10;

fn team(id: u64) -> serde_json::Value {
    serde_json::json!({
        "id": id, "name": format!("Team {id}"), "created_at": 1795778980.497615,
        "member_count": 100, "awards": [],
    })
}

fn account(id: u64, team_id: u64) -> serde_json::Value {
    serde_json::json!({
        "id": (1_000_000_000_000_000 + id).to_string(), "name": format!("user{id:05}"),
        "discriminator": "0001", "avatar_url": "https://cdn.example.com/avatars/1.png",
        "team": team(team_id), "permissions": 0, "created_at": 1795778981.697964, "awards": [],
    })
}

/// The body of the `account_team_update` event for `id` joining `team_id`.
fn event(id: u64, team_id: u64) -> Vec<u8> {
    serde_json::json!({ "account": account(id, team_id), "team": team(team_id) })
        .to_string()
        .into_bytes()
}

/// Sends `bodies` from `SENDERS` threads with keep-alive agents, in turn.
fn send_all(url: &str, bodies: Arc<Vec<Vec<u8>>>) -> Vec<thread::JoinHandle<()>> {
    (0..SENDERS)
        .map(|sender| {
            let (url, bodies) = (url.to_owned(), bodies.clone());
            thread::spawn(move || {
                let agent: ureq::Agent = ureq::Agent::config_builder()
                    .http_status_as_error(false)
                    .proxy(None)
                    .build()
                    .into();
                for body in bodies.iter().skip(sender).step_by(SENDERS) {
                    let answer = agent
                        .post(&url)
                        .header("Authorization", format!("Bearer {SECRET}"))
                        .header("Content-Type", "application/json")
                        .send(&body[..])
                        .expect("the listener answers");
                    assert_eq!(answer.status(), 204);
                }
            })
        })
        .collect()
}

fn listener_throughput(bodies: &Arc<Vec<Vec<u8>>>) -> f64 {
    let listener = Listener::bind("127.0.0.1:0", SECRET).unwrap();
    let url = format!("http://{}/polympics", listener.local_addr());
    let start = Instant::now();
    let senders = send_all(&url, bodies.clone());
    let yielded = listener.incoming().take(bodies.len()).count();
    let elapsed = start.elapsed();
    senders.into_iter().for_each(|s| s.join().unwrap());
    assert_eq!(yielded, bodies.len());
    yielded as f64 / elapsed.as_secs_f64()
}

fn bare_throughput(bodies: &Arc<Vec<Vec<u8>>>) -> f64 {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let url = format!("http://{}/polympics", server.server_addr().to_ip().unwrap());
    let start = Instant::now();
    let senders = send_all(&url, bodies.clone());
    let mut body = Vec::new();
    for _ in 0..bodies.len() {
        let mut request = server.recv().unwrap();
        body.clear();
        request.as_reader().read_to_end(&mut body).unwrap();
        request.respond(tiny_http::Response::empty(204)).unwrap();
    }
    let elapsed = start.elapsed();
    senders.into_iter().for_each(|s| s.join().unwrap());
    bodies.len() as f64 / elapsed.as_secs_f64()
}

fn main() {
    let bodies: Arc<Vec<Vec<u8>>> = Arc::new(
        (0..EVENTS as u64)
            .map(|n| event(n % 1000, 1 + n % TEAMS))
            .collect(),
    );
    // A warm-up of each, then the measured runs, alternated.
    let (mut listener, mut bare) = (Vec::new(), Vec::new());
    for run in 0..4 {
        let (l, b) = (listener_throughput(&bodies), bare_throughput(&bodies));
        if run > 0 {
            listener.push(l);
            bare.push(b);
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (l, b) = (median(&mut listener), median(&mut bare));
    println!(
        "listener: {l:.0} events/s verified and yielded ({SENDERS} keep-alive senders, \
         {EVENTS} events, median of 3); a bare tiny_http loop: {b:.0}/s ({:.0}%)",
        100.0 * l / b
    );
}
