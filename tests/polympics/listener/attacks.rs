//! The listener under attack, in a process of its own (so that its memory and file
//! descriptors are its own): after each attack, and while it goes on, a signed event is
//! still yielded, the process is alive, and its memory stayed under 64 MB.
//!
//! The listener's timeouts are an hour here: nothing an attack holds is freed by a
//! deadline during the test, so each event gets through because the listener never
//! waits for an attacker (its own thread for each connection, the longest-waiting
//! unverified connection closed to make room), not because an attacker timed out.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

use polympics_test_server::{peak_memory_kb, Attack};

use super::{event_body, SECRET};

/// The environment variable that makes `listener_process` run: the secret.
pub const CHILD_VAR: &str = "POLYMPICS_TEST_LISTENER_SECRET";

/// How long a test waits for what must come (generous: a loaded machine is slow).
const WAIT: Duration = Duration::from_secs(60);

/// The most memory the listener may have used, at its peak.
const MAX_MEMORY_KB: u64 = 64 * 1024;

/// The listener in a process of its own: this test binary, running `listener_process`.
struct Process {
    child: Child,
    addr: SocketAddr,
    lines: Receiver<String>,
}

impl Process {
    /// Starts it, with at most `fd_limit` file descriptors if given (`ulimit -n`).
    fn start(fd_limit: Option<u32>) -> Process {
        let exe = std::env::current_exe().unwrap();
        let limit = fd_limit.map_or_else(String::new, |n| format!("ulimit -n {n} && "));
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!("{limit}exec \"$0\" \"$@\""))
            .arg(exe)
            .args([
                "--exact",
                "listener::listener_process",
                "--ignored",
                "--nocapture",
            ])
            .args(["--test-threads", "1"])
            .env(CHILD_VAR, SECRET)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let addr = loop {
            let line = lines.recv_timeout(WAIT).expect("the listener's address");
            // After libtest's own "test listener_process ... ", on the same line.
            if let Some((_, addr)) = line.split_once("listening on ") {
                break addr.parse().unwrap();
            }
        };
        Process { child, addr, lines }
    }

    /// Waits for the event of `account` to be yielded.
    fn expect_event(&self, account: &str) {
        loop {
            let line = self
                .lines
                .recv_timeout(WAIT)
                .expect("the signed event is yielded during the attack");
            if line == format!("event {account}") {
                return;
            }
        }
    }

    fn is_alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// The most resident memory it had, in KiB.
    fn peak_memory_kb(&self) -> u64 {
        peak_memory_kb(self.child.id()).expect("the listener's memory, from /proc")
    }
}

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// POSTs a signed event to `addr` from another thread; its status comes back.
fn send_event(addr: SocketAddr, body: String) -> Receiver<u16> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(WAIT))
            .build()
            .into();
        let status = agent
            .post(&format!("http://{addr}/polympics"))
            .header("Authorization", format!("Bearer {SECRET}"))
            .content_type("application/json")
            .send(body)
            .map_or(0, |answer| answer.status().as_u16());
        let _ = tx.send(status);
    });
    rx
}

/// Starts the listener, attacks it, and checks that an event sent during the attack is
/// yielded and answered 204, and that the listener is alive and stayed small; the attack
/// is returned (still going) for more checks.
fn survives(
    fd_limit: Option<u32>,
    attack: impl FnOnce(SocketAddr) -> std::io::Result<Attack>,
) -> Attack {
    let body = event_body();
    let account = serde_json::from_str::<serde_json::Value>(&body).unwrap()["account"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut listener = Process::start(fd_limit);
    let attack = attack(listener.addr).unwrap();
    let status = send_event(listener.addr, body);
    listener.expect_event(&account);
    assert_eq!(status.recv_timeout(WAIT).unwrap(), 204, "{attack:?}");
    assert!(listener.is_alive(), "{attack:?}");
    let peak = listener.peak_memory_kb();
    assert!(peak < MAX_MEMORY_KB, "{attack:?}: {peak} KiB");
    attack
}

#[test]
fn a_content_length_of_a_terabyte_without_the_secret_is_refused_without_a_byte_allocated() {
    let attack = survives(None, |addr| Attack::content_length(addr, "1000000000000"));
    assert_eq!(attack.answer(), Some("HTTP/1.1 401 Unauthorized"));
}

#[test]
fn a_content_length_of_u64_max_without_the_secret_is_refused() {
    let attack = survives(None, |addr| {
        Attack::content_length(addr, &u64::MAX.to_string())
    });
    assert_eq!(attack.answer(), Some("HTTP/1.1 401 Unauthorized"));
}

#[test]
fn a_held_connection_whose_body_never_comes_holds_nothing_up() {
    let attack = survives(None, Attack::body_that_never_comes);
    assert_eq!(attack.answer(), Some("HTTP/1.1 401 Unauthorized"));
}

#[test]
fn a_chunked_body_that_never_ends_holds_nothing_up() {
    let attack = survives(None, Attack::endless_chunks);
    assert_eq!(attack.answer(), Some("HTTP/1.1 401 Unauthorized"));
}

#[test]
fn two_hundred_thousand_pipelined_requests_whose_answers_are_never_read_queue_nothing() {
    survives(None, |addr| Attack::pipelined(addr, 200_000));
}

#[test]
fn a_header_line_of_ten_mebibytes_is_refused_at_the_head_limit() {
    let attack = survives(None, |addr| Attack::huge_header(addr, 10 << 20));
    assert_eq!(
        attack.answer(),
        Some("HTTP/1.1 431 Request Header Fields Too Large")
    );
}

#[test]
fn more_idle_connections_than_file_descriptors_do_not_stop_it() {
    let attack = survives(Some(256), |addr| Attack::idle(addr, 300));
    // The attacker keeps them open; the listener closed some of them to make room.
    assert_eq!(attack.connections(), 300);
}

#[test]
fn a_thousand_connections_sending_a_byte_a_second_do_not_hold_up_an_event() {
    survives(None, |addr| Attack::slowloris(addr, 1000));
}
