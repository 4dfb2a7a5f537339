//! Progress on a terminal: one bar a phase with its real length, a spinner before the
//! length is known, never a full `0/0`; and nothing at all without a terminal. The
//! terminal is `script`'s pseudo-terminal, where `script` is installed.
#![cfg(feature = "demo")]

use crate::common;

use std::process::Command;

use common::{file, Cli};

#[test]
fn one_bar_a_phase_on_a_terminal_and_nothing_without_one() {
    let log = file("terminal.log", "");
    let command = format!(
        "{} --demo roster export --format json > /dev/null",
        env!("CARGO_BIN_EXE_polympics")
    );
    let ran = Command::new("script")
        .args(["-qfec", &command, log.arg()])
        .output();
    let Ok(output) = ran else {
        eprintln!("no `script` here: the terminal case is skipped");
        return;
    };
    assert!(output.status.success(), "{output:?}");
    let drawn = std::fs::read_to_string(&log.path).unwrap();
    assert!(drawn.contains("teams ["), "{drawn:?}");
    assert!(drawn.contains("] 5/5"), "{drawn:?}");
    assert!(drawn.contains("accounts ["), "{drawn:?}");
    assert!(drawn.contains("] 36/36"), "{drawn:?}");
    assert!(!drawn.contains("0/0"), "{drawn:?}");
    assert!(!drawn.contains("5/36"), "{drawn:?}");

    // Without a terminal (as in cron), stderr stays empty.
    let run = Cli::new(&["--demo", "roster", "export"]).run();
    assert_eq!(run.stderr, "");
    assert_eq!(run.ok().lines().count(), 1 + 36);
}
