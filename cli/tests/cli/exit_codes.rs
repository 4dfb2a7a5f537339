//! Every exit code the command's README documents, each from a case that must give it.

use crate::common;

use std::fs::File;

use common::{file, Cli, League};

const README: &str = include_str!("../../README.md");

/// The codes of the README's exit-code table.
fn documented_codes() -> Vec<i32> {
    let table = README
        .split("## Exit codes")
        .nth(1)
        .expect("the README has an exit-code section");
    table
        .lines()
        .skip_while(|line| !line.starts_with("| code"))
        .skip(2)
        .take_while(|line| line.starts_with('|'))
        .map(|line| line.split('|').nth(1).unwrap().trim().parse().unwrap())
        .collect()
}

#[test]
fn every_documented_exit_code_is_given_where_the_readme_says() {
    assert_eq!(documented_codes(), [0, 1, 2, 3, 4]);
    let league = League::start();
    let export = league.run(&["roster", "export"]).ok();
    let same = file("same.csv", &export);
    let changed = file(
        "changed.csv",
        &export
            .replacen(",Athens Owls,", ",Sparta Shields,", 1)
            .replacen(",1,Sparta", ",,Sparta", 1),
    );

    // 0: done, and nothing to do.
    league.run(&["roster", "plan", same.arg()]).code(0);
    league.run(&["teams", "list"]).code(0);
    // 1: the operation failed.
    league.run(&["teams", "get", "Ithaca"]).code(1);
    league.run(&["accounts", "get", "1"]).code(1);
    // 2: the command line or the configuration is wrong; nothing was changed.
    Cli::new(&["teams", "list"]).run().code(2);
    league
        .run(&["roster", "plan", "/nonexistent/desired.csv"])
        .code(2);
    league.run(&["accounts", "update", "1"]).code(2);
    league.run(&["roster", "apply", changed.arg()]).code(2); // no terminal and no --yes
                                                             // 3: changes found.
    league.run(&["roster", "plan", changed.arg()]).code(3);
    league
        .run(&["roster", "apply", changed.arg(), "--dry-run"])
        .code(3);
    // 4: another apply holds the lock.
    let lock = file("apply.lock", "");
    let held = File::options().write(true).open(&lock.path).unwrap();
    held.try_lock().unwrap();
    let apply = [
        "roster",
        "apply",
        changed.arg(),
        "--yes",
        "--lock-file",
        lock.arg(),
    ];
    league.run(&[&apply[..], &["--wait", "0"]].concat()).code(4);
    drop(held);
    league.run(&apply).code(0);
    league.run(&["roster", "plan", changed.arg()]).code(0);
}
