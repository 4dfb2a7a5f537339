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

#[test]
fn the_one_page_manual_holds_every_command_and_the_sections_of_gh_and_cargo() {
    let page = Cli::new(&["man"]).run().ok();
    for section in [
        ".SH SYNOPSIS",
        ".SH COMMANDS",
        ".SH EXAMPLES",
        ".SH \"EXIT STATUS\"",
        ".SH ENVIRONMENT",
        ".SH FILES",
    ] {
        assert!(page.contains(section), "{section} missing");
    }
    // Self-contained: every command under its full name, with its options and examples, and
    // no reference to a page that only --dir writes.
    for command in [
        "polympics roster apply",
        "polympics roster watch",
        "polympics teams merge",
        "polympics awards take",
        "polympics callbacks listen",
    ] {
        assert!(
            page.contains(&format!(".SS \"{command}\"")),
            "{command} missing"
        );
    }
    assert!(
        page.contains("\\-\\-max\\-removals"),
        "roster apply's options"
    );
    assert!(page.contains("polympics teams merge 14 12"), "examples");
    assert!(
        !page.contains("polympics\\-roster(1)"),
        "a page --dir writes"
    );
    for variable in [
        "POLYMPICS_PROFILE",
        "POLYMPICS_PASSWORD_FILE",
        "HTTPS_PROXY",
    ] {
        assert!(page.contains(variable), "{variable}");
    }
    assert!(page.contains("config.toml"));
    // Where man is installed, it renders without a warning.
    let saved = file("polympics.1", &page);
    if let Ok(output) = Command::new("man")
        .args(["-l", "--warnings", saved.arg()])
        .env("MANPAGER", "cat")
        .env("PAGER", "cat")
        .env("MANWIDTH", "80")
        .output()
    {
        if output.status.success() {
            let text = String::from_utf8_lossy(&output.stdout);
            assert!(text.contains("EXIT STATUS") && text.contains("polympics roster apply"));
            let warnings = String::from_utf8_lossy(&output.stderr);
            assert!(warnings.trim().is_empty(), "{warnings}");
        }
    }
}
