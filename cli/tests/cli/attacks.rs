//! `polympics roster watch --listen` under attack: after each attack of a stranger on the
//! network, and while it goes on, a move is still printed from its event, the process is
//! alive, its memory stayed under 64 MB, and SIGTERM still stops it and removes its
//! callback. (The listener's own tests, in the crate, hold each attack longer than any
//! timeout; here the command's whole path is under attack.)
#![cfg(target_os = "linux")]

use crate::common;

use std::net::SocketAddr;

use common::running::{Listening, Running, WAIT};
use common::{Cli, League};
use polympics::{AccountUpdate, TeamId};
use polympics_test_server::Attack;

const ACHILLES: u64 = 800000000000000000;

/// The most memory the command may have used, at its peak.
const MAX_MEMORY_KB: u64 = 64 * 1024;

/// Starts `roster watch`, listening and registered, with reads an hour apart, at most
/// `fd_limit` file descriptors if given; then attacks it and checks that it survives.
fn survives(
    fd_limit: Option<u32>,
    attack: impl FnOnce(SocketAddr) -> std::io::Result<Attack>,
) -> Attack {
    let league = League::start();
    let setup = Listening::new();
    let args = setup.args();
    let cli = match fd_limit {
        Some(files) => Cli::with_fd_limit(files, &args),
        None => Cli::new(&args),
    };
    let mut watch = Running::start(league.configure(cli));
    watch.wait_stderr("watching");

    let attack = attack(setup.addr.parse().unwrap()).unwrap();
    league
        .app
        .update_account(ACHILLES, AccountUpdate::new().team(TeamId(5)))
        .unwrap();
    let line = watch.next_line(WAIT);
    assert!(
        line.starts_with(&format!("> account {ACHILLES} ")),
        "{line}"
    );
    assert!(line.ends_with(r#"to team 5 "Sparta Shields""#), "{line}");
    assert!(watch.is_alive(), "{attack:?}");
    let peak = watch.peak_memory_kb();
    assert!(peak < MAX_MEMORY_KB, "{attack:?}: {peak} KiB");
    let (code, _) = watch.terminate();
    assert_eq!(code, 0, "{attack:?}");
    assert!(league.app.get_callbacks().unwrap().is_empty());
    attack
}

#[test]
fn a_content_length_of_a_terabyte_without_the_secret() {
    let attack = survives(None, |addr| Attack::content_length(addr, "1000000000000"));
    assert_eq!(attack.answer(), Some("HTTP/1.1 401 Unauthorized"));
}

#[test]
fn a_content_length_of_u64_max_without_the_secret() {
    let attack = survives(None, |addr| {
        Attack::content_length(addr, &u64::MAX.to_string())
    });
    assert_eq!(attack.answer(), Some("HTTP/1.1 401 Unauthorized"));
}

#[test]
fn a_held_connection_whose_body_never_comes() {
    survives(None, Attack::body_that_never_comes);
}

#[test]
fn a_chunked_body_that_never_ends() {
    survives(None, Attack::endless_chunks);
}

#[test]
fn two_hundred_thousand_pipelined_requests_never_read() {
    survives(None, |addr| Attack::pipelined(addr, 200_000));
}

#[test]
fn a_header_line_of_ten_mebibytes() {
    let attack = survives(None, |addr| Attack::huge_header(addr, 10 << 20));
    assert_eq!(
        attack.answer(),
        Some("HTTP/1.1 431 Request Header Fields Too Large")
    );
}

#[test]
fn more_idle_connections_than_file_descriptors() {
    survives(Some(256), |addr| Attack::idle(addr, 300));
}

#[test]
fn a_thousand_connections_sending_a_byte_a_second() {
    survives(None, |addr| Attack::slowloris(addr, 1000));
}
