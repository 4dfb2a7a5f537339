//! `polympics roster export` of 10,000 accounts: how much of its time is spent outside the
//! network and the server (decoding, building the roster, writing CSV, starting the
//! process).
//!
//! Each round runs the export (the release binary, CSV to /dev/null) and, just before or
//! after it, a bare `ureq` loop that makes the same requests and only reads the bytes: the
//! time of the network and the server. The share outside them is
//! `(export - bare) / export`, the median over the rounds. On Linux it also gives the export
//! processes' own CPU time (user and system) as a share of their wall time: the work done
//! on the client's side, without the noise of the server's timing.
//!
//! ```text
//! cargo bench -p polympics-cli --bench export                  # against the test server
//! EXPORT_BENCH_URL=http://127.0.0.1:8000 EXPORT_BENCH_USER=A1 EXPORT_BENCH_PASSWORD=... \
//!     cargo bench -p polympics-cli --bench export              # against a real server
//! ```
//!
//! Against a real server, accounts are created up to 10,000 first (the app needs
//! MANAGE_ACCOUNT_DETAILS), and 5 rounds are run (EXPORT_BENCH_ROUNDS to change it).
//!
//! Measured on a 2-core machine (2026-11-27):
//!
//! - Against the test server (about 55 ms a page of 1,000 accounts): the export took
//!   609 ms, the bare requests 570 ms; outside the network and the server 6.7% (median of
//!   31 paired rounds; runs of 15 rounds gave 6.8 to 10.2%). Its own CPU time was 43 ms a
//!   run, 7.1% of its wall time.
//! - Against the real server (FastAPI and PostgreSQL on loopback, about 3.6 s a page): the
//!   export took 39.6 s, the bare requests 41.6 s (3 rounds): the 43 ms of the client's own
//!   work, 0.1%, is lost in the server's noise.

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use polympics::roster::SNAPSHOT_PER_PAGE;
use polympics::{AppClient, Credentials, NewAccount, Permissions};
use polympics_test_server::TestServer;

const ACCOUNTS: u64 = 10_000;

fn main() {
    let (url, app, server) = match std::env::var("EXPORT_BENCH_URL") {
        Ok(url) => {
            let var =
                |name: &str| std::env::var(name).unwrap_or_else(|_| panic!("{name} is not set"));
            let app = AppClient::builder(Credentials::new(
                var("EXPORT_BENCH_USER"),
                var("EXPORT_BENCH_PASSWORD"),
            ))
            .base_url(&url)
            .build()
            .expect("a valid URL");
            (url, app, None)
        }
        Err(_) => {
            let server = TestServer::start();
            let app = server.app_client(server.create_app("bench", Permissions::all()));
            (server.url().to_owned(), app, Some(server))
        }
    };
    fill(&app);
    // A real server takes seconds a page of 1,000: fewer rounds (EXPORT_BENCH_ROUNDS).
    let rounds: usize = std::env::var("EXPORT_BENCH_ROUNDS")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(if server.is_some() { 15 } else { 5 });

    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .into();
    let binary = env!("CARGO_BIN_EXE_polympics");
    // Warm up both: connections, caches, the server's own.
    bare(&agent, &url);
    export(binary, &url);

    let mut shares = Vec::new();
    let (mut exports, mut bares) = (Vec::new(), Vec::new());
    let ticks = clock_ticks();
    let cpu_before = children_cpu(ticks);
    for round in 0..rounds {
        let (e, b) = if round % 2 == 0 {
            let e = export(binary, &url);
            (e, bare(&agent, &url))
        } else {
            let b = bare(&agent, &url);
            (export(binary, &url), b)
        };
        shares.push((e.as_secs_f64() - b.as_secs_f64()) / e.as_secs_f64());
        exports.push(e.as_secs_f64());
        bares.push(b.as_secs_f64());
    }
    // The export processes' own CPU time (user and system), all rounds together.
    let cpu = children_cpu(ticks)
        .zip(cpu_before)
        .map(|(after, before)| after - before);
    let requests = 1 + ACCOUNTS.div_ceil(SNAPSHOT_PER_PAGE);
    println!("roster export of {ACCOUNTS} accounts from {url} ({requests} requests)");
    println!(
        "  polympics roster export (process, CSV to /dev/null): {:>7.1} ms (median)",
        median(&mut exports) * 1e3
    );
    println!(
        "  bare ureq, the same requests, bytes only:          {:>7.1} ms (median)",
        median(&mut bares) * 1e3
    );
    let total: f64 = exports.iter().sum();
    println!(
        "  outside the network and the server:                {:>7.1}% (median of {rounds} paired rounds)",
        median(&mut shares) * 100.0
    );
    match cpu {
        Some(cpu) => println!(
            "  the export's own CPU time:                         {:>7.1}% ({:.1} ms a run)",
            cpu / total * 100.0,
            cpu / rounds as f64 * 1e3
        ),
        None => println!("  the export's own CPU time: not measured (needs Linux's /proc)"),
    }
}

/// The CPU time (user and system) of this process's finished children, in seconds, from
/// Linux's `/proc/self/stat` (fields `cutime` and `cstime`, in clock ticks).
fn children_cpu(ticks_per_second: f64) -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks: f64 = fields.get(13)?.parse::<f64>().ok()? + fields.get(14)?.parse::<f64>().ok()?;
    Some(ticks / ticks_per_second)
}

/// The clock ticks a second of `/proc`'s CPU times (`getconf CLK_TCK`, usually 100).
fn clock_ticks() -> f64 {
    Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| {
            String::from_utf8(out.stdout)
                .ok()?
                .trim()
                .parse::<f64>()
                .ok()
        })
        .unwrap_or(100.0)
}

/// Creates accounts until the server has at least [`ACCOUNTS`], nine in ten in a team.
fn fill(app: &AppClient) {
    let have = app
        .list_accounts()
        .get_page(0)
        .expect("the server answers")
        .results;
    if have >= ACCOUNTS {
        return;
    }
    let teams: Vec<_> = (0..20)
        .map(|i| {
            app.create_team(format!("Bench team {i}"))
                .expect("a team is created")
        })
        .collect();
    let started = Instant::now();
    for i in have..ACCOUNTS {
        let mut account = NewAccount::new(
            900_000_000_000_000_000 + i,
            format!("bench{i:05}"),
            format!("{:04}", i % 10_000),
        );
        if i % 10 != 0 {
            account = account.team(&teams[i as usize % teams.len()]);
        }
        app.create_account(account).expect("an account is created");
    }
    eprintln!(
        "created {} accounts in {:?}",
        ACCOUNTS - have,
        started.elapsed()
    );
}

/// The export's requests, reading the bytes only.
fn bare(agent: &ureq::Agent, url: &str) -> Duration {
    let started = Instant::now();
    let get = |path: String| {
        let mut response = agent
            .get(format!("{url}{path}"))
            .call()
            .expect("the server answers");
        assert_eq!(response.status(), 200);
        response
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_vec()
            .expect("the body is read")
    };
    get(format!("/teams/search?page=0&per_page={SNAPSHOT_PER_PAGE}"));
    let first = get(format!(
        "/accounts/search?page=0&per_page={SNAPSHOT_PER_PAGE}"
    ));
    // The page count, without decoding the page.
    let text = String::from_utf8_lossy(&first[..first.len().min(200)]).into_owned();
    let pages: u64 = text
        .split("\"pages\":")
        .nth(1)
        .and_then(|rest| rest.split([',', '}']).next())
        .and_then(|n| n.trim().parse().ok())
        .expect("the page count is near the start");
    for page in 1..pages {
        get(format!(
            "/accounts/search?page={page}&per_page={SNAPSHOT_PER_PAGE}"
        ));
    }
    started.elapsed()
}

/// `polympics roster export`, anonymous as the bare loop, its CSV thrown away.
fn export(binary: &str, url: &str) -> Duration {
    let started = Instant::now();
    let status = Command::new(binary)
        .args(["roster", "export"])
        .env_clear()
        .env("POLYMPICS_URL", url)
        .stdout(Stdio::null())
        .status()
        .expect("the binary runs");
    assert!(status.success(), "the export failed");
    started.elapsed()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}
