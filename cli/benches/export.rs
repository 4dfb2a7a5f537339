//! `polympics roster export` against a server that costs nothing: how much of its time is
//! the client's own, next to a bare `ureq` + `serde_json` loop that fetches and decodes the
//! same pages into equivalent owned structs, and how much memory it takes.
//!
//! The league (16 teams, 12 awards, accounts shaped as the real server sends them) is made
//! in memory and served from memory by a keep-alive server on loopback, so the server's
//! own cost is close to nothing. Each round runs, one after the other in alternating order,
//! the export (the release binary, CSV to /dev/null) and the bare loop (this benchmark
//! run again as a child process, so that both pay for starting a process), and the figures
//! are medians of the rounds. Peak RSS comes from `/usr/bin/time -f %M` where it exists.
//!
//! The ratios are those of the export, CSV and JSON, to the bare loop that decodes each
//! page and keeps nothing (the issue's yardstick); a loop that keeps every row, and one
//! that only reads the bytes, are printed beside them. Pin the whole run to one CPU
//! (`taskset -c 1 cargo bench ...`), and the server to another, for figures that hold.
//!
//! ```text
//! cargo bench -p polympics-cli --bench export
//! EXPORT_BENCH_URL=http://127.0.0.1:8310 EXPORT_BENCH_ACCOUNTS=100000 \
//!     cargo bench -p polympics-cli --bench export    # another server (nginx, the real one)
//! ```
//!
//! The figures, measured on a 2-core machine, are in the README's Performance section.

use std::collections::HashMap;
use std::io::{BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Instant;

use polympics_test_server::RequestHead;
use serde::Deserialize;

/// The page size of a snapshot: what the export asks for.
const PER_PAGE: u64 = 1000;
const TEAMS: u64 = 16;
const AWARDS: u64 = 12;

fn main() {
    if let Ok(spec) = std::env::var("EXPORT_BENCH_BARE") {
        // The child: the bare loop, and nothing else.
        let mut parts = spec.split(' ');
        let (url, accounts, what) = (
            parts.next().expect("a URL"),
            parts.next().and_then(|n| n.parse().ok()).expect("a count"),
            match parts.next() {
                Some("bytes") => Bare::Bytes,
                Some("keep") => Bare::Keep,
                _ => Bare::Decode,
            },
        );
        bare(url, accounts, what);
        return;
    }
    let binary = env!("CARGO_BIN_EXE_polympics");
    match std::env::var("EXPORT_BENCH_URL") {
        Ok(url) => {
            let accounts = std::env::var("EXPORT_BENCH_ACCOUNTS")
                .ok()
                .and_then(|n| n.parse().ok())
                .expect("EXPORT_BENCH_ACCOUNTS: how many accounts the server has");
            measure(binary, &url, accounts, 7);
        }
        Err(_) => {
            for (accounts, rounds) in [(10_000, 21), (100_000, 7)] {
                let url = serve(League::new(accounts));
                measure(binary, &url, accounts, rounds);
            }
        }
    }
}

/// Runs the rounds against `url` and prints the figures.
fn measure(binary: &str, url: &str, accounts: u64, rounds: usize) {
    let bench = std::env::current_exe().expect("the benchmark's own path");
    let export = |format: &str| {
        timed(Command::new(binary).args(["roster", "export", "--format", format, "--url", url]))
    };
    let bare_as = |what: &str| {
        timed(Command::new(&bench).env("EXPORT_BENCH_BARE", format!("{url} {accounts} {what}")))
    };
    let bare = || bare_as("decode");
    // Warm up: the page cache, the binary, the server's threads.
    export("csv");
    bare();
    let (mut csv, mut json, mut bares) = (Vec::new(), Vec::new(), Vec::new());
    let (mut csv_ratios, mut json_ratios) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        // Each export is paired with a bare loop run next to it, in alternating order, so
        // that a slow moment of the machine weighs on both sides of a ratio.
        let pair = |format: &str| {
            if round % 2 == 0 {
                let e = export(format);
                (e, bare())
            } else {
                let b = bare();
                (export(format), b)
            }
        };
        let (c, b1) = pair("csv");
        let (j, b2) = pair("json");
        csv_ratios.push(c / b1);
        json_ratios.push(j / b2);
        csv.push(c);
        json.push(j);
        bares.extend([b1, b2]);
    }
    let mut bytes: Vec<f64> = (0..rounds).map(|_| bare_as("bytes")).collect();
    let mut keep: Vec<f64> = (0..rounds).map(|_| bare_as("keep")).collect();
    let (csv, json, bare, bytes, keep) = (
        median(&mut csv),
        median(&mut json),
        median(&mut bares),
        median(&mut bytes),
        median(&mut keep),
    );
    let (csv_ratio, json_ratio) = (median(&mut csv_ratios), median(&mut json_ratios));
    println!("roster export of {accounts} accounts from {url} ({rounds} paired rounds, medians)");
    let line = |what: &str, seconds: f64| println!("  {what:<40}{:>8.1} ms", seconds * 1e3);
    line("polympics roster export, CSV:", csv);
    line("polympics roster export, JSON:", json);
    line("bare ureq + serde_json, decode and drop:", bare);
    line("bare, decode and keep every row:", keep);
    line("bare ureq, bytes only:", bytes);
    println!(
        "  {:<40}{csv_ratio:>8.2}x",
        "CSV export / bare (decode and drop):"
    );
    println!(
        "  {:<40}{json_ratio:>8.2}x",
        "JSON export / bare (decode and drop):"
    );
    for format in ["csv", "json"] {
        match peak_rss(binary, url, format) {
            Some(kb) => println!(
                "  peak RSS, {format:<4}                      {:>8.1} MB",
                kb as f64 / 1024.0
            ),
            None => println!("  peak RSS: not measured (needs /usr/bin/time)"),
        }
    }
}

/// The wall time of a command, its output thrown away; it must succeed.
fn timed(command: &mut Command) -> f64 {
    let start = Instant::now();
    let status = command
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .status()
        .expect("the command starts");
    assert!(status.success(), "{command:?}: {status}");
    start.elapsed().as_secs_f64()
}

/// The export's peak resident set, in KB, as GNU time reports it.
fn peak_rss(binary: &str, url: &str, format: &str) -> Option<u64> {
    let output = Command::new("/usr/bin/time")
        .args([
            "-f", "%M", binary, "roster", "export", "--format", format, "--url", url,
        ])
        .stdout(Stdio::null())
        .output()
        .ok()?;
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .last()?
        .trim()
        .parse()
        .ok()
}

fn median(values: &mut [f64]) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

// ---- The bare loop: what any client must do, with serde's derive and owned strings ----

#[derive(Deserialize)]
#[allow(dead_code)]
struct BarePage<T> {
    page: u64,
    per_page: u64,
    pages: u64,
    results: u64,
    data: Vec<T>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct BareAward {
    id: u64,
    title: String,
    image_url: String,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct BareTeam {
    id: u64,
    name: String,
    created_at: f64,
    member_count: u64,
    awards: Vec<BareAward>,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct BareAccount {
    id: String,
    name: String,
    discriminator: String,
    avatar_url: Option<String>,
    team: Option<BareTeam>,
    permissions: u64,
    created_at: f64,
    awards: Vec<BareAward>,
}

/// What the bare loop does with each page.
#[derive(Clone, Copy, PartialEq)]
enum Bare {
    /// Reads the bytes only: the network's and the server's own time.
    Bytes,
    /// Decodes each page into owned structs and drops it: what any client must do, and
    /// the yardstick of the export.
    Decode,
    /// Decodes and keeps every row, as a snapshot must (for comparison: a `Vec` of a whole
    /// league costs time of its own).
    Keep,
}

/// Fetches the whole league, page by page, doing `what` with each.
fn bare(url: &str, accounts: u64, what: Bare) {
    let agent: ureq::Agent = ureq::Agent::config_builder().proxy(None).build().into();
    let get = |path: String| -> Vec<u8> {
        agent
            .get(format!("{url}{path}"))
            .call()
            .expect("the page")
            .body_mut()
            .with_config()
            .limit(1 << 30)
            .read_to_vec()
            .expect("the body")
    };
    let teams = get(format!("/teams/search?page=0&per_page={PER_PAGE}"));
    let teams: BarePage<BareTeam> = serde_json::from_slice(&teams).expect("teams");
    let (mut kept, mut read) = (Vec::new(), 0);
    for page in 0..accounts.div_ceil(PER_PAGE) {
        let body = get(format!("/accounts/search?page={page}&per_page={PER_PAGE}"));
        if what == Bare::Bytes {
            read += PER_PAGE.min(accounts - page * PER_PAGE);
            continue;
        }
        let page: BarePage<BareAccount> = serde_json::from_slice(&body).expect("accounts");
        read += page.data.len() as u64;
        if what == Bare::Keep {
            kept.extend(page.data);
        }
    }
    assert_eq!((teams.data.len() as u64, read), (TEAMS, accounts));
}

// ---- The league and the server that costs nothing ----

/// Every page of a league, as the real server writes them.
struct League {
    pages: HashMap<String, Arc<Vec<u8>>>,
}

impl League {
    fn new(accounts: u64) -> League {
        let mut random = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = move || {
            random ^= random << 13;
            random ^= random >> 7;
            random ^= random << 17;
            random
        };
        let award = |i: u64| {
            format!(
                r#"{{"id":{},"title":"Award {}","image_url":"https://example.com/awards/{}.png"}}"#,
                i + 1,
                i + 1,
                i + 1
            )
        };
        let mut members = vec![0u64; TEAMS as usize];
        let team_of: Vec<Option<usize>> = (0..accounts)
            .map(|_| match next() % (TEAMS + 2) {
                t if t < TEAMS => Some(t as usize),
                _ => None,
            })
            .collect();
        for team in team_of.iter().flatten() {
            members[*team] += 1;
        }
        let team = |t: usize| {
            let awards: Vec<String> = (0..AWARDS)
                .filter(|a| a % TEAMS == t as u64)
                .map(award)
                .collect();
            format!(
                r#"{{"id":{},"name":"Team {}","created_at":1795778000.{:06},"member_count":{},"awards":[{}]}}"#,
                t + 1,
                t + 1,
                t * 7919 % 1_000_000,
                members[t],
                awards.join(",")
            )
        };
        let mut pages = HashMap::new();
        let teams: Vec<String> = (0..TEAMS as usize).map(team).collect();
        pages.insert(
            format!("/teams/search?page=0&per_page={PER_PAGE}"),
            Arc::new(
                format!(
                    r#"{{"page":0,"per_page":{PER_PAGE},"pages":1,"results":{TEAMS},"data":[{}]}}"#,
                    teams.join(",")
                )
                .into_bytes(),
            ),
        );
        // Accounts in the server's order (by name, then ID): names numbered in order.
        let rows: Vec<String> = (0..accounts)
            .map(|i| {
                let id = 700_000_000_000_000_000 + next() % 100_000_000_000_000_000;
                let avatar = if next() % 3 == 0 {
                    "null".to_owned()
                } else {
                    format!(r#""https://cdn.discordapp.com/avatars/{id}/{:032x}.png""#, next())
                };
                let team = team_of[i as usize].map_or("null".to_owned(), team);
                let awards = if next() % 20 == 0 { award(next() % AWARDS) } else { String::new() };
                format!(
                    r#"{{"id":"{id}","name":"player{i:07}","discriminator":"{:04}","avatar_url":{avatar},"team":{team},"permissions":{},"created_at":1795779000.{:06},"awards":[{awards}]}}"#,
                    next() % 10_000,
                    next() % 128,
                    next() % 1_000_000
                )
            })
            .collect();
        let pages_count = accounts.div_ceil(PER_PAGE);
        for page in 0..=pages_count {
            let start = (page * PER_PAGE).min(accounts) as usize;
            let end = ((page + 1) * PER_PAGE).min(accounts) as usize;
            pages.insert(
                format!("/accounts/search?page={page}&per_page={PER_PAGE}"),
                Arc::new(
                    format!(
                        r#"{{"page":{page},"per_page":{PER_PAGE},"pages":{pages_count},"results":{accounts},"data":[{}]}}"#,
                        rows[start..end].join(",")
                    )
                    .into_bytes(),
                ),
            );
        }
        League { pages }
    }
}

/// Serves the league on loopback until the benchmark ends; its URL.
fn serve(league: League) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let url = format!("http://{}", listener.local_addr().expect("its address"));
    let league = Arc::new(league);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let league = league.clone();
            std::thread::spawn(move || answer(stream, &league));
        }
    });
    url
}

/// Answers the requests of one keep-alive connection.
fn answer(stream: TcpStream, league: &League) {
    let _ = stream.set_nodelay(true);
    let mut writer = match stream.try_clone() {
        Ok(writer) => writer,
        Err(_) => return,
    };
    let mut reader = BufReader::new(stream);
    // The requests have no body.
    while let Ok(Some(head)) = RequestHead::read(&mut reader, 64 * 1024) {
        let path = head.target;
        let written = match league.pages.get(&path) {
            Some(page) => writer
                .write_all(
                    format!(
                        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                        page.len()
                    )
                    .as_bytes(),
                )
                .and_then(|()| writer.write_all(page)),
            None => writer.write_all(
                b"HTTP/1.1 404 Not Found\r\ncontent-type: application/json\r\ncontent-length: 22\r\n\r\n{\"detail\":\"Not Found\"}",
            ),
        };
        if written.is_err() {
            return;
        }
    }
}
