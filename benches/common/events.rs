//! Events and senders for the benchmarks of the listener (`benches/listener.rs`) and of a
//! roster watch (`roster/benches/watch.rs`, which includes this file by its path): the
//! `account_team_update` bodies the real server sends, posted by keep-alive senders.

use std::sync::Arc;
use std::thread;

pub const SECRET: &str = "bench-secret";
pub const SENDERS: usize = 4;
pub const TEAMS: u64 = 10;

pub fn team(id: u64) -> serde_json::Value {
    serde_json::json!({
        "id": id, "name": format!("Team {id}"), "created_at": 1795778980.497615,
        "member_count": 100, "awards": [],
    })
}

pub fn account(id: u64, team_id: u64) -> serde_json::Value {
    serde_json::json!({
        "id": (1_000_000_000_000_000 + id).to_string(), "name": format!("user{id:05}"),
        "discriminator": "0001", "avatar_url": "https://cdn.example.com/avatars/1.png",
        "team": team(team_id), "permissions": 0, "created_at": 1795778981.697964, "awards": [],
    })
}

/// The body of the `account_team_update` event for `id` joining `team_id`.
pub fn event(id: u64, team_id: u64) -> Vec<u8> {
    serde_json::json!({ "account": account(id, team_id), "team": team(team_id) })
        .to_string()
        .into_bytes()
}

/// Sends `bodies` from `SENDERS` threads with keep-alive agents, in turn.
pub fn send_all(url: &str, bodies: Arc<Vec<Vec<u8>>>) -> Vec<thread::JoinHandle<()>> {
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
