//! The event listener on loopback: events per second `webhooks::Listener` verifies (secret,
//! method, size, JSON) and yields, sent by four keep-alive senders, next to a bare
//! `tiny_http` loop that only reads each body and answers 204 (what any receiver costs).
//! (A roster watch applying events is `cargo bench -p polympics-roster --bench watch`.)
//!
//! ```text
//! cargo bench --bench listener --features listener
//! ```

use std::sync::Arc;
use std::time::Instant;

use polympics::webhooks::Listener;

#[path = "common/events.rs"]
mod events;

use events::{event, send_all, SECRET, SENDERS, TEAMS};

const EVENTS: usize = 20_000;

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
