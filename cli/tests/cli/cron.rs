//! The README's cron recipe, run as cron runs it: its settings file, its script (made
//! executable as the README says) and its crontab lines, taken from the README itself, each
//! line by `/bin/sh -c` in an environment of only `PATH=/usr/bin:/bin` (no `HOME`, no
//! terminal), with the README's paths moved into a temporary directory and the server a
//! test server.

use crate::common;

use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::League;

const README: &str = include_str!("../../../README.md");
/// Where the README installs the command.
const INSTALLED: &str = "/usr/local/bin/polympics";

/// The README's code block whose text starts with `first_line`.
fn block(first_line: &str) -> String {
    let mut blocks = README.split("```").skip(1).step_by(2);
    let block = blocks
        .find_map(|block| {
            let body = block.split_once('\n')?.1;
            body.starts_with(first_line).then(|| body.to_owned())
        })
        .unwrap_or_else(|| panic!("the README has a block starting with {first_line:?}"));
    block
}

/// A temporary root holding the README's `/etc/polympics` and `/srv/polympics`.
struct Root {
    dir: PathBuf,
}

impl Root {
    fn new() -> Root {
        let dir = std::env::temp_dir().join(format!("polympics-cron-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["etc/polympics", "srv/polympics"] {
            std::fs::create_dir_all(dir.join(sub)).unwrap();
        }
        Root { dir }
    }

    /// `text` with the README's paths moved under this root, and the installed command
    /// replaced by the one under test.
    fn moved(&self, text: &str) -> String {
        let root = self.dir.to_str().unwrap();
        text.replace(INSTALLED, env!("CARGO_BIN_EXE_polympics"))
            .replace("/etc/polympics", &format!("{root}/etc/polympics"))
            .replace("/srv/polympics", &format!("{root}/srv/polympics"))
    }

    fn srv(&self, name: &str) -> PathBuf {
        self.dir.join("srv/polympics").join(name)
    }
}

impl Drop for Root {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// What a cron job's run gave.
#[derive(Debug)]
struct Job {
    code: Option<i32>,
    output: String,
}

/// `command` as cron runs it: `/bin/sh -c`, only `PATH=/usr/bin:/bin`, no terminal, in
/// the cron user's home (here: the root).
fn cron(command: &str, home: &Path) -> Job {
    let output = Command::new("/usr/bin/env")
        .args(["-i", "PATH=/usr/bin:/bin", "/bin/sh", "-c", command])
        .current_dir(home)
        .stdin(Stdio::null())
        .output()
        .expect("env runs");
    Job {
        code: output.status.code(),
        // Cron mails stdout and stderr alike.
        output: String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
    }
}

#[test]
fn the_readme_recipe_runs_under_cron() {
    assert!(
        block("cargo install --locked --path cli\nsudo install").contains(INSTALLED),
        "the README installs the command where its recipe calls it"
    );
    let league = League::start();
    let root = Root::new();

    // The settings file, with this server and app, and the token in its own file.
    let env = block("# /etc/polympics/env")
        .replace("https://api.polytopia.fun", league.server.url())
        .replace(
            "POLYMPICS_USER=A3",
            &format!("POLYMPICS_USER={}", league.league.app.username()),
        );
    std::fs::write(root.dir.join("etc/polympics/env"), root.moved(&env)).unwrap();
    let token = root.dir.join("etc/polympics/token");
    std::fs::write(&token, format!("{}\n", league.league.app.password())).unwrap();
    for file in ["env", "token"] {
        let path = root.dir.join("etc/polympics").join(file);
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600)).unwrap();
    }

    // The script, made executable as the README says.
    let script = root.srv("nightly.sh");
    std::fs::write(
        &script,
        root.moved(&block("#!/bin/sh\n# /srv/polympics/nightly.sh")),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();

    // The crontab's commands: what follows the five time fields of each line.
    let crontab = block("# crontab -e");
    let commands: Vec<String> = crontab
        .lines()
        .filter(|line| !line.trim_start().starts_with('#') && !line.trim().is_empty())
        .map(|line| {
            let command = line
                .split_whitespace()
                .skip(5)
                .collect::<Vec<_>>()
                .join(" ");
            root.moved(&command)
        })
        .collect();
    let [nightly, apply] = &commands[..] else {
        panic!("two crontab lines: {commands:?}");
    };

    // The first night: a snapshot and a CSV, nothing to mail.
    let job = cron(nightly, &root.dir);
    assert_eq!((job.code, job.output.as_str()), (Some(0), ""), "{job:?}");
    assert!(root.srv("last-night.json").is_file());
    let csv = std::fs::read_dir(root.dir.join("srv/polympics"))
        .unwrap()
        .filter_map(Result::ok)
        .find(|entry| entry.file_name().to_string_lossy().starts_with("roster-"))
        .expect("the day's CSV");
    let exported = std::fs::read_to_string(csv.path()).unwrap();
    assert_eq!(exported.lines().count(), 1 + 36);

    // A desired roster: the export edited as a person would, Achilles moved to another team
    // by its name (and its team_id cleared).
    let header: Vec<&str> = exported.lines().next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|c| *c == name).unwrap();
    let desired: String = exported
        .lines()
        .map(|line| {
            let mut fields: Vec<&str> = line.split(',').collect();
            if fields[column("name")] == "Achilles" {
                assert_ne!(fields[column("team")], "Sparta Shields");
                fields[column("team_id")] = "";
                fields[column("team")] = "Sparta Shields";
            }
            fields.join(",") + "\n"
        })
        .collect();
    assert_ne!(desired, exported);
    std::fs::write(root.srv("desired.csv"), &desired).unwrap();

    // The sync: a line for the one action and the count, a log line, then nothing on the
    // next run.
    let job = cron(apply, &root.dir);
    assert_eq!(job.code, Some(0), "{job:?}");
    let lines: Vec<&str> = job.output.lines().collect();
    assert_eq!(lines.len(), 2, "{job:?}");
    assert!(
        lines[0].starts_with("~ move account 800000000000000000 \"Achilles\""),
        "{job:?}"
    );
    assert_eq!(lines[1], "Applied: 1 done, 0 failed, 0 skipped.");
    let log = std::fs::read_to_string(root.srv("sync.log")).unwrap();
    assert_eq!(log.lines().count(), 1, "{log}");
    let job = cron(apply, &root.dir);
    assert_eq!((job.code, job.output.as_str()), (Some(0), ""), "{job:?}");

    // The next night mails the change.
    let job = cron(nightly, &root.dir);
    assert_eq!(job.code, Some(0), "{job:?}");
    assert!(job.output.contains("Achilles"), "{job:?}");
    let job = cron(nightly, &root.dir);
    assert_eq!((job.code, job.output.as_str()), (Some(0), ""), "{job:?}");
}
