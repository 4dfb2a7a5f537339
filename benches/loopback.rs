//! Throughput against a static keep-alive server on loopback: a `get_team` loop next to a bare
//! `ureq` + `serde_json` loop that decodes the same answer into an equivalent struct, and
//! listing 1,000 accounts.
//!
//! The figures are medians of 61 short blocks run side by side (each block of the client
//! right after one of the bare loop, so that both see the same drift), and the whole run is
//! pinned to one CPU (the benchmark runs itself again under `taskset -c 0` where `taskset`
//! exists): with two cores, the client and the server threads would otherwise land on one
//! core or two by chance, and the ratio would change from run to run with it.
//!
//! ```text
//! cargo bench --bench loopback
//! LOOPBACK_SERVE=1 cargo bench --bench loopback   # only serve, to time another client
//! LOOPBACK_UNPINNED=1 cargo bench --bench loopback   # without taskset
//! ```

use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use polympics::{AppClient, Credentials, UnauthenticatedClient};
use polympics_test_server::RequestHead;

const TEAM: &str = r#"{"id":1,"name":"Red Team","created_at":1795778980.497615,"member_count":2,"awards":[{"id":1,"title":"Gold!","image_url":"https://example.com/gold.png"}]}"#;
const ACCOUNTS: u64 = 1000;

fn account(i: u64) -> String {
    format!(
        r#"{{"id":"{}","name":"user{i:05}","discriminator":"{:04}","avatar_url":null,"team":{TEAM},"permissions":0,"created_at":1795778981.697964,"awards":[]}}"#,
        1_000_000_000_000_000 + i,
        i % 10000
    )
}

fn answer(target: &str) -> String {
    if let Some(query) = target.strip_prefix("/accounts/search?") {
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))
                .and_then(|v| v.parse::<u64>().ok())
        };
        let (page, per_page) = (param("page").unwrap_or(0), param("per_page").unwrap_or(20));
        let start = page * per_page;
        let data: Vec<String> = (start..ACCOUNTS.min(start + per_page))
            .map(account)
            .collect();
        format!(
            r#"{{"page":{page},"per_page":{per_page},"pages":{},"results":{ACCOUNTS},"data":[{}]}}"#,
            ACCOUNTS.div_ceil(per_page),
            data.join(",")
        )
    } else {
        TEAM.to_owned()
    }
}

fn serve(stream: TcpStream) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut writer = stream;
    // The requests have no body.
    while let Ok(Some(head)) = RequestHead::read(&mut reader, 64 * 1024) {
        let body = answer(&head.target);
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
            body.len()
        );
        if writer.write_all(head.as_bytes()).is_err() || writer.write_all(body.as_bytes()).is_err()
        {
            return;
        }
    }
}

fn start_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            stream.set_nodelay(true).ok();
            std::thread::spawn(move || serve(stream));
        }
    });
    url
}

/// Calls per second of `calls` calls.
fn rate(calls: u32, mut call: impl FnMut()) -> f64 {
    let start = Instant::now();
    for _ in 0..calls {
        call();
    }
    f64::from(calls) / start.elapsed().as_secs_f64()
}

/// How fast `contender` is next to `reference`: the median, over many short blocks run one
/// after the other, of the ratio of their rates. The server shares the machine's two cores,
/// so the rate drifts over seconds; blocks of a few milliseconds side by side see the same
/// drift, and the median discards the blocks a hiccup falls into. Also returns the
/// reference's median rate.
fn paired(mut reference: impl FnMut(), mut contender: impl FnMut()) -> (f64, f64) {
    const BLOCKS: usize = 61;
    const CALLS: u32 = 500;
    // Warm both up: connections pooled, caches filled.
    rate(CALLS, &mut reference);
    rate(CALLS, &mut contender);
    let (mut ratios, mut rates) = (Vec::new(), Vec::new());
    for _ in 0..BLOCKS {
        let base = rate(CALLS, &mut reference);
        ratios.push(rate(CALLS, &mut contender) / base);
        rates.push(base);
    }
    (median(&mut ratios), median(&mut rates))
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// A team as a bare client decodes it: serde's derive, owned strings.
#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct BareTeam {
    id: u64,
    name: String,
    created_at: f64,
    member_count: u64,
    awards: Vec<BareAward>,
}

#[derive(serde::Deserialize)]
#[allow(dead_code)]
struct BareAward {
    id: u64,
    title: String,
    image_url: String,
}

/// The bytes of the answer only.
fn bare_bytes(agent: &ureq::Agent, url: &str) {
    let mut response = agent.get(url).call().unwrap();
    let body = response.body_mut().read_to_vec().unwrap();
    assert_eq!(body.len(), TEAM.len());
}

/// The answer, decoded: what any client of the API does.
fn bare_get(agent: &ureq::Agent, url: &str) {
    let mut response = agent.get(url).call().unwrap();
    let body = response.body_mut().read_to_vec().unwrap();
    let team: BareTeam = serde_json::from_slice(&body).unwrap();
    assert_eq!(team.id, 1);
}

/// `Basic base64("A1:bench-token")`, as an app client sends it.
const AUTHORIZATION: &str = "Basic QTE6YmVuY2gtdG9rZW4=";

fn bare_get_authenticated(agent: &ureq::Agent, url: &str) {
    let mut response = agent
        .get(url)
        .header("authorization", AUTHORIZATION)
        .call()
        .unwrap();
    let body = response.body_mut().read_to_vec().unwrap();
    let team: BareTeam = serde_json::from_slice(&body).unwrap();
    assert_eq!(team.id, 1);
}

/// Runs the benchmark again pinned to CPU 0 with `taskset`, when it is not already and
/// `taskset` is there; whether this run is the pinned one.
fn pinned() -> bool {
    if std::env::var_os("LOOPBACK_PINNED").is_some() {
        return true;
    }
    if std::env::var_os("LOOPBACK_UNPINNED").is_some() {
        return false;
    }
    let Ok(me) = std::env::current_exe() else {
        return false;
    };
    let status = std::process::Command::new("taskset")
        .arg("-c")
        .arg("0")
        .arg(me)
        .args(std::env::args_os().skip(1))
        .env("LOOPBACK_PINNED", "1")
        .status();
    match status {
        Ok(status) if status.success() => std::process::exit(0),
        _ => false,
    }
}

fn main() {
    let url = start_server();
    if std::env::var_os("LOOPBACK_SERVE").is_some() {
        // Serve only, for timing other clients (the Python wrapper) on the same data.
        println!("{url}");
        loop {
            std::thread::park();
        }
    }
    let team_url = format!("{url}/team/1");
    if !pinned() {
        println!("not pinned to one CPU (no taskset): figures depend on where threads land");
    } else {
        println!("pinned to CPU 0 (taskset)");
    }

    let bare: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .build()
        .into();
    // What `timeout_global` costs: ureq then resolves the host on a new thread per request.
    let global: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .proxy(None)
        .timeout_global(Some(Duration::from_secs(30)))
        .build()
        .into();
    let client = UnauthenticatedClient::builder(&url)
        .no_proxy()
        .build()
        .unwrap();
    let app = AppClient::builder(&url, Credentials::new("A1", "bench-token"))
        .no_proxy()
        .build()
        .unwrap();

    let (sdk, bare_rate) = paired(
        || bare_get(&bare, &team_url),
        || assert_eq!(client.get_team(1).unwrap().id, 1),
    );
    let (authenticated, _) = paired(
        || bare_get_authenticated(&bare, &team_url),
        || assert_eq!(app.get_team(1).unwrap().id, 1),
    );
    let (global, _) = paired(
        || bare_bytes(&bare, &team_url),
        || bare_bytes(&global, &team_url),
    );
    let (decoding, _) = paired(
        || bare_bytes(&bare, &team_url),
        || bare_get(&bare, &team_url),
    );
    println!("bare ureq + serde GET /team/1:        {bare_rate:>7.0} calls/s (median)");
    println!(
        "polympics get_team(1):                {:>6.1}% of bare ureq + serde (median of 61 paired blocks)",
        100.0 * sdk
    );
    println!(
        "the same as an app (Basic auth):      {:>6.1}% of bare with the header",
        100.0 * authenticated
    );
    println!(
        "bare ureq + serde, next to bytes only: {:>5.1}% of the rate",
        100.0 * decoding
    );
    println!(
        "bare ureq with timeout_global:        {:>6.1}% of bare (bytes only)",
        100.0 * global
    );

    for per_page in [20, 100, 1000] {
        let mut best_time = Duration::MAX;
        for _ in 0..5 {
            let start = Instant::now();
            let mut count = 0;
            for account in client.list_accounts().per_page(per_page) {
                account.unwrap();
                count += 1;
            }
            assert_eq!(count, ACCOUNTS);
            best_time = best_time.min(start.elapsed());
        }
        println!(
            "list 1,000 accounts, per_page {per_page:>4}: {:>7.2} ms ({} requests)",
            best_time.as_secs_f64() * 1e3,
            ACCOUNTS.div_ceil(per_page)
        );
    }
}
