//! Every request of the real server's transcript, replayed in order against a fresh
//! `TestServer` set up like the recorded one, gets the same status, content type, body
//! (timestamps and tokens aside) and framing (a `content-length`, chunks, or neither). Only
//! `/openapi.json` is left out: the test server does not serve it.

use crate::common;

use std::collections::HashMap;

use common::{transcript, Exchange};
use polympics::{Credentials, Permissions};
use polympics_test_server::TestServer;
use serde_json::Value;

const CLOSED_SECTION: &str = "Signups closed (server restarted with SIGNUPS_OPEN=false)";
const RESET_SECTION: &str =
    "reset_token for an app (a dedicated app with manage_teams and manage_awards)";

fn basic(username: &str, password: &str) -> String {
    use base64::Engine as _;
    let credentials = format!("{username}:{password}");
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(credentials)
    )
}

/// Replaces what differs from run to run: timestamps and tokens.
fn normalize(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, value) in map.iter_mut() {
                match key.as_str() {
                    "created_at" | "expires_at" => {
                        assert!(value.is_f64() || value.is_u64(), "{key}: {value}");
                        *value = Value::String("<time>".into());
                    }
                    "password" => *value = Value::String("<token>".into()),
                    _ => normalize(value),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(normalize),
        _ => {}
    }
}

struct Replayer {
    server: TestServer,
    agent: ureq::Agent,
    tokens: HashMap<&'static str, Credentials>,
    sessions: HashMap<String, String>,
    reset_app_old: Option<Credentials>,
}

impl Replayer {
    fn authorization(&self, exchange: &Exchange, auth: &Value) -> Option<String> {
        let kind = auth["kind"].as_str().unwrap();
        let creds = |kind: &str| self.tokens.get(kind).cloned().unwrap();
        let session = |name: &str| {
            let password = &self.sessions[name];
            Some(basic(name, password))
        };
        match kind {
            "none" => None,
            "app" | "limited" => {
                let c = creds(kind);
                Some(basic(c.username(), c.password()))
            }
            "wrongpw" => Some(basic("A1", "wrong-password")),
            "resetapp" => {
                let c = if exchange.label == "auth/me with old password" {
                    self.reset_app_old.clone().unwrap()
                } else {
                    creds("resetapp")
                };
                Some(basic(c.username(), c.password()))
            }
            "user" => session("S1"),
            "user42" => session("S5"),
            "carol" => session("S6"),
            "raw" => {
                let header = auth["header"].as_str().unwrap();
                if exchange.label == "auth/me lower-case username a1" {
                    Some(basic("a1", creds("app").password()))
                } else {
                    Some(header.to_owned())
                }
            }
            other => panic!("unknown auth kind {other}"),
        }
    }

    fn send(
        &self,
        exchange: &Exchange,
        auth: Option<String>,
    ) -> (u16, Option<String>, HashMap<String, String>, String) {
        let url = format!("{}{}", self.server.url(), exchange.path);
        let mut request = ureq::http::Request::builder()
            .method(exchange.method.as_str())
            .uri(url);
        if let Some(auth) = auth {
            request = request.header("Authorization", auth);
        }
        let body = exchange.request_body.clone().unwrap_or_default();
        if !body.is_empty() {
            request = request.header("Content-Type", "application/json");
        }
        let mut response = self
            .agent
            .run(request.body(body.into_bytes()).unwrap())
            .unwrap();
        let headers = response
            .headers()
            .iter()
            .map(|(k, v)| (k.as_str().to_owned(), v.to_str().unwrap_or("").to_owned()))
            .collect();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().unwrap().to_owned());
        let text = response.body_mut().read_to_string().unwrap();
        (response.status().as_u16(), content_type, headers, text)
    }
}

#[test]
fn the_transcript_replays_against_the_test_server() {
    let server = TestServer::start();
    let all = server.create_app("harness-all", Permissions::from_bits(95).unwrap());
    let none = server.create_app("harness-none", Permissions::empty());
    for id in [555000000000000001u64, 42, 777, 61, 48] {
        server.add_discord_user(
            &format!("good-token-{id}"),
            id,
            &format!("user{id}"),
            &format!("{:04}", id % 10000),
        );
    }
    // The fake Discord of the recording answers this token with an HTML page.
    server.add_discord_html_answer("html-token");
    server.add_discord_user_with_avatar(
        "avatar-token-42",
        42,
        "user42",
        "0042",
        "0123456789abcdef0123456789abcdef",
    );
    let mut replayer = Replayer {
        // A bare agent, without the SDK's care after a 500: the test server closes that
        // connection as uvicorn does, so this agent keeps no connection for reuse.
        agent: ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .max_idle_connections(0)
            .proxy(None)
            .build()
            .into(),
        tokens: HashMap::from([("app", all), ("limited", none)]),
        sessions: HashMap::new(),
        reset_app_old: None,
        server,
    };
    let raw: Value =
        serde_json::from_str(include_str!("../fixtures/wire-transcript.json")).unwrap();
    let raw_exchanges = raw["exchanges"].as_array().unwrap();
    let mut compared = 0;
    let mut failures = Vec::new();
    for (exchange, raw_exchange) in transcript().iter().zip(raw_exchanges) {
        if exchange.path == "/openapi.json" {
            continue;
        }
        if exchange.section == CLOSED_SECTION {
            replayer.server.set_signups_open(false);
        }
        if exchange.section == RESET_SECTION && !replayer.tokens.contains_key("resetapp") {
            let app = replayer
                .server
                .create_app("probe-reset", Permissions::from_bits(72).unwrap());
            replayer.tokens.insert("resetapp", app);
        }
        let auth = replayer.authorization(exchange, &raw_exchange["auth"]);
        let (status, content_type, headers, body) = replayer.send(exchange, auth);
        compared += 1;
        let mut problems = Vec::new();
        if status != exchange.status {
            problems.push(format!("status {status}, expected {}", exchange.status));
        }
        if content_type != exchange.content_type {
            problems.push(format!(
                "content type {content_type:?}, expected {:?}",
                exchange.content_type
            ));
        }
        let expected_json = serde_json::from_str::<Value>(&exchange.response_body).ok();
        match expected_json {
            Some(mut expected) => match serde_json::from_str::<Value>(&body) {
                Ok(mut got) => {
                    normalize(&mut expected);
                    normalize(&mut got);
                    if got != expected {
                        problems.push(format!("body {got}\n      expected {expected}"));
                    }
                }
                Err(_) => problems.push(format!("body {body:?} is not JSON")),
            },
            None => {
                let expected = if exchange.response_body == "<empty body>" {
                    ""
                } else {
                    exchange.response_body.as_str()
                };
                if body != expected {
                    problems.push(format!("body {body:?}, expected {expected:?}"));
                }
            }
        }
        // Framing: the real server's content-length when it sent one; for an empty answer of
        // another status than 204, chunks; for a 204, neither.
        let length = headers.get("content-length");
        let chunked = headers
            .get("transfer-encoding")
            .is_some_and(|v| v.contains("chunked"));
        match exchange.content_length {
            Some(_) if length.is_none() || chunked => {
                problems.push(format!("no content-length (chunked: {chunked})"))
            }
            None if length.is_some() => {
                problems.push(format!("content-length {length:?}, expected none"))
            }
            None if exchange.status != 204 && !chunked => {
                problems.push("not chunked, as the real server's empty answers are".to_owned())
            }
            None if exchange.status == 204 && chunked => {
                problems.push("chunked, where the real server sends nothing".to_owned())
            }
            _ => {}
        }
        for (name, value) in raw_exchange["headers"].as_object().unwrap() {
            let value = value
                .as_str()
                .unwrap()
                .replace("http://127.0.0.1:8000", replayer.server.url());
            if headers.get(name) != Some(&value) {
                problems.push(format!(
                    "header {name}: {:?}, expected {value:?}",
                    headers.get(name)
                ));
            }
        }
        if !problems.is_empty() {
            failures.push(format!(
                "{} / {}:\n    {}",
                exchange.section,
                exchange.label,
                problems.join("\n    ")
            ));
        }
        // Keep the tokens later requests authenticate with.
        if status < 300 {
            if let Ok(Value::Object(map)) = serde_json::from_str::<Value>(&body) {
                if let (Some(Value::String(user)), Some(Value::String(password))) =
                    (map.get("username"), map.get("password"))
                {
                    if user.starts_with('S') {
                        replayer.sessions.insert(user.clone(), password.clone());
                    } else if exchange.label == "reset_token app" {
                        replayer.reset_app_old = replayer.tokens.get("resetapp").cloned();
                        replayer.tokens.insert(
                            "resetapp",
                            Credentials::new(user.as_str(), password.as_str()),
                        );
                    }
                }
            }
        }
    }
    assert_eq!(
        compared,
        transcript().len() - 1,
        "every exchange but /openapi.json"
    );
    assert!(
        failures.is_empty(),
        "{} of {compared} exchanges differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
