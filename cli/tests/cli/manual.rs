//! `polympics completions` and `polympics man`: generated from the parser, for every shell,
//! and the manual as one page or one page a subcommand.

use crate::common;

use std::process::Command;

use common::{file, Cli};

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let script = Cli::new(&["completions", shell]).run().ok();
        assert!(script.contains("polympics"), "{shell}");
        for subcommand in ["roster", "accounts", "completions", "man"] {
            assert!(script.contains(subcommand), "{shell}: {subcommand}");
        }
    }
    // The bash script is valid bash, where bash is installed.
    let script = file(
        "polympics.bash",
        &Cli::new(&["completions", "bash"]).run().ok(),
    );
    if let Ok(status) = Command::new("bash").args(["-n", script.arg()]).status() {
        assert!(status.success(), "bash -n rejects the completion script");
    }
    Cli::new(&["completions", "tcsh"]).run().code(2);
}

#[test]
fn the_manual_page_and_one_page_a_subcommand() {
    let page = Cli::new(&["man"]).run().ok();
    assert!(page.contains(".TH polympics 1"), "{page}");
    assert!(page.contains("roster"), "{page}");
    let dir = file("placeholder", "");
    let pages = dir.path.with_file_name("man1");
    let run = Cli::new(&["man", "--dir", pages.to_str().unwrap()])
        .run()
        .ok();
    assert_eq!(run.trim(), pages.to_str().unwrap());
    for name in [
        "polympics.1",
        "polympics-roster-apply.1",
        "polympics-teams-merge.1",
    ] {
        let text =
            std::fs::read_to_string(pages.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(text.contains(".TH"), "{name}");
    }
    // Where man finds it, it renders.
    if let Ok(output) = Command::new("man")
        .args([
            "-l",
            pages.join("polympics-roster-apply.1").to_str().unwrap(),
        ])
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .output()
    {
        if output.status.success() {
            assert!(String::from_utf8_lossy(&output.stdout).contains("--max-removals"));
        }
    }
}
