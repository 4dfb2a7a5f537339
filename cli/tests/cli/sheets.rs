//! Rosters kept as spreadsheets: an `.xlsx` export that `roster apply` reads back as a
//! no-op, IDs exact.

use crate::common;

use std::process::{Command, Stdio};

use common::{file, League};

#[test]
fn an_xlsx_export_applied_back_changes_nothing() {
    let league = League::start();
    let dir = file("placeholder", "");
    let sheet = dir.dir().join("league.xlsx");
    let status = Command::new(env!("CARGO_BIN_EXE_polympics"))
        .args(["roster", "export", "--format", "xlsx"])
        .env("POLYMPICS_URL", league.server.url())
        .env_remove("POLYMPICS_USER")
        .env_remove("POLYMPICS_PASSWORD")
        .stdout(std::fs::File::create(&sheet).unwrap())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    let bytes = std::fs::read(&sheet).unwrap();
    assert!(
        bytes.starts_with(b"PK\x03\x04"),
        "an .xlsx file is a ZIP archive"
    );
    let sheet_arg = sheet.to_str().unwrap();
    // The sheet's rows are the CSV export's, in its order.
    let options = polympics_roster::ReadOptions::new();
    let rows = |desired: polympics_roster::DesiredRoster| -> Vec<(u64, Option<String>, u64)> {
        desired
            .entries()
            .iter()
            .map(|e| (e.account.0, e.team.clone(), e.line.unwrap()))
            .collect()
    };
    let csv = league.run(&["roster", "export"]).ok();
    assert_eq!(
        rows(polympics_roster::DesiredRoster::read(&bytes, &options).unwrap()),
        rows(polympics_roster::DesiredRoster::read(csv.as_bytes(), &options).unwrap())
    );
    league.take_requests();
    // Read back: nothing to do, and nothing sent but the snapshot.
    let run = league.run(&["roster", "plan", sheet_arg]).code(0);
    assert_eq!(run.stdout, "");
    let run = league.run(&["roster", "apply", sheet_arg, "--yes"]).ok();
    assert_eq!(run, "");
    assert!(league.take_requests().iter().all(|r| r.starts_with("GET ")));
    // Its one sheet is "Roster": named, it reads the same; another is refused.
    league
        .run(&["roster", "plan", sheet_arg, "--sheet", "Roster"])
        .code(0);
    league
        .run(&["roster", "plan", sheet_arg, "--sheet", "Teams"])
        .code(2)
        .assert_stderr("no sheet named \"Teams\"; its sheets are \"Roster\"");
}

/// Serves `body` as the answer to one request on loopback; the URL to ask.
fn serve_once(body: &'static str) -> String {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/roster.csv", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        let (stream, _) = listener.accept().unwrap();
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        // The request's head, up to the empty line (bounded: a test's own request).
        for _ in 0..100 {
            line.clear();
            if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                break;
            }
        }
        let mut stream = reader.into_inner();
        write!(
            stream,
            "HTTP/1.1 200 OK\r\nContent-Type: text/csv\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
    });
    url
}

#[test]
fn a_desired_roster_at_a_url_gives_the_plan_of_its_file() {
    const DESIRED: &str = "Discord ID;Team\n800000000000000000;Sparta Shields\n";
    let league = League::start();
    let from_file = league
        .run(&["roster", "plan", file("desired.csv", DESIRED).arg()])
        .code(3)
        .stdout;
    let url = serve_once(DESIRED);
    let run = league.run(&["roster", "plan", &url]).code(3);
    assert_eq!(run.stdout, from_file);
}
