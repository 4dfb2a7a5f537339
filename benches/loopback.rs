//! Throughput against a static keep-alive server on loopback: a `get_team` loop next to a bare
//! `ureq` loop on the same endpoint, and listing 1,000 accounts.
//!
//! ```text
//! cargo bench --bench loopback
//! LOOPBACK_SERVE=1 cargo bench --bench loopback   # only serve, to time another client
//! ```

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::time::{Duration, Instant};

use polympics::{AppClient, Credentials, UnauthenticatedClient};

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
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let target = line.split(' ').nth(1).unwrap_or("/").to_owned();
        loop {
            line.clear();
            if reader.read_line(&mut line).unwrap_or(0) == 0 {
                return;
            }
            if line == "\r\n" {
                break;
            }
        }
        let body = answer(&target);
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

fn bare_get(agent: &ureq::Agent, url: &str) {
    let mut response = agent.get(url).call().unwrap();
    let body = response.body_mut().read_to_vec().unwrap();
    assert_eq!(body.len(), TEAM.len());
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
    assert_eq!(body.len(), TEAM.len());
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
    let client = UnauthenticatedClient::builder()
        .base_url(&url)
        .no_proxy()
        .build()
        .unwrap();
    let app = AppClient::builder(Credentials::new("A1", "bench-token"))
        .base_url(&url)
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
        || bare_get(&bare, &team_url),
        || bare_get(&global, &team_url),
    );
    println!("bare ureq GET /team/1:                {bare_rate:>7.0} calls/s (median)");
    println!(
        "polympics get_team(1), decoded:       {:>6.1}% of bare (median of 61 paired blocks)",
        100.0 * sdk
    );
    println!(
        "the same as an app (Basic auth):      {:>6.1}% of bare with the header",
        100.0 * authenticated
    );
    println!(
        "bare ureq with timeout_global:        {:>6.1}% of bare",
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
