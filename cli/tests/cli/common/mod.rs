//! Running the `polympics` binary as a cron job would: no terminal, a clean environment,
//! output captured, against a test server in this process.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use polympics::{AppClient, Credentials};
use polympics_test_server::{DemoLeague, TestServer};

pub mod running;

/// How long a run may take before the test fails (and the process is killed).
const RUN_LIMIT: Duration = Duration::from_secs(60);

/// A test server with the demo league, and its app.
pub struct League {
    pub server: TestServer,
    pub league: DemoLeague,
    pub app: AppClient,
}

impl League {
    pub fn start() -> League {
        let server = TestServer::start();
        let league = server.seed_demo_league();
        let app = server.app_client(league.app.clone());
        League {
            server,
            league,
            app,
        }
    }

    /// `polympics ARGS` as the league's app.
    pub fn run(&self, args: &[&str]) -> Run {
        self.cli(args).run()
    }

    /// `polympics ARGS` as the league's app, to be configured further.
    pub fn cli(&self, args: &[&str]) -> Cli {
        self.configure(Cli::new(args))
    }

    /// `cli` (as made by `Cli::new` or `Cli::with_fd_limit`) as the league's app.
    pub fn configure(&self, cli: Cli) -> Cli {
        cli.server(&self.server).credentials(&self.league.app)
    }

    /// The methods and paths of the requests the server received since the last call.
    pub fn take_requests(&self) -> Vec<String> {
        let requests = self
            .server
            .requests()
            .into_iter()
            .map(|r| format!("{} {}", r.method, r.url))
            .collect();
        self.server.clear_requests();
        requests
    }
}

/// One run of the binary, being configured.
pub struct Cli {
    command: Command,
    stdin: Vec<u8>,
}

impl Cli {
    /// `polympics ARGS` with an empty environment (but for loopback without proxies) and
    /// no terminal.
    pub fn new(args: &[&str]) -> Cli {
        let mut command = Command::new(env!("CARGO_BIN_EXE_polympics"));
        command.args(args);
        Cli::of(command)
    }

    /// The same, with at most `files` file descriptors (`ulimit -n`).
    pub fn with_fd_limit(files: u32, args: &[&str]) -> Cli {
        let mut command = Command::new("/bin/sh");
        command
            .arg("-c")
            .arg(format!("ulimit -n {files} && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_polympics"))
            .args(args);
        Cli::of(command)
    }

    fn of(mut command: Command) -> Cli {
        // Lock files of `roster apply` go to the system's temporary directory: the build's
        // one here, not /tmp.
        command
            .env_clear()
            .env("TMPDIR", env!("CARGO_TARGET_TMPDIR"))
            .env("NO_PROXY", "127.0.0.1,localhost")
            .env("no_proxy", "127.0.0.1,localhost");
        Cli {
            command,
            stdin: Vec::new(),
        }
    }

    /// POLYMPICS_URL of `server`.
    pub fn server(mut self, server: &TestServer) -> Cli {
        self.command.env("POLYMPICS_URL", server.url());
        self
    }

    /// POLYMPICS_USER and POLYMPICS_PASSWORD.
    pub fn credentials(mut self, credentials: &Credentials) -> Cli {
        self.command
            .env("POLYMPICS_USER", credentials.username())
            .env("POLYMPICS_PASSWORD", credentials.password());
        self
    }

    pub fn env(mut self, name: &str, value: &str) -> Cli {
        self.command.env(name, value);
        self
    }

    pub fn env_remove(mut self, name: &str) -> Cli {
        self.command.env_remove(name);
        self
    }

    pub fn stdin(mut self, input: &str) -> Cli {
        self.stdin = input.as_bytes().to_vec();
        self
    }

    /// Starts the process, with stdout and stderr piped.
    pub fn spawn(mut self) -> Child {
        self.command
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = self.command.spawn().expect("the polympics binary starts");
        let mut stdin = child.stdin.take().expect("stdin is piped");
        stdin.write_all(&self.stdin).expect("stdin is written");
        child
    }

    /// Runs to the end (at most [`RUN_LIMIT`]).
    pub fn run(self) -> Run {
        let mut child = self.spawn();
        let stdout = reader(child.stdout.take().expect("stdout is piped"));
        let stderr = reader(child.stderr.take().expect("stderr is piped"));
        let (stdout, stderr) = match (
            stdout.recv_timeout(RUN_LIMIT),
            stderr.recv_timeout(RUN_LIMIT),
        ) {
            (Ok(out), Ok(err)) => (out, err),
            _ => {
                let _ = child.kill();
                panic!("polympics ran for more than {RUN_LIMIT:?}");
            }
        };
        let status = child.wait().expect("the process ends");
        Run {
            code: status.code().expect("the process exited"),
            stdout,
            stderr,
        }
    }
}

/// Reads a pipe to its end on a thread.
pub fn reader(mut pipe: impl Read + Send + 'static) -> mpsc::Receiver<String> {
    let (send, receive) = mpsc::channel();
    thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        let _ = send.send(String::from_utf8_lossy(&bytes).into_owned());
    });
    receive
}

/// How a run ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    /// Asserts the exit code, showing the output if it is another.
    #[track_caller]
    pub fn code(self, code: i32) -> Run {
        assert_eq!(
            self.code, code,
            "exit code of a run that printed:\n{self:#?}"
        );
        self
    }

    /// Asserts success (0) and an empty stderr, and returns stdout.
    #[track_caller]
    pub fn ok(self) -> String {
        let run = self.code(0);
        assert_eq!(run.stderr, "", "stderr of a successful run");
        run.stdout
    }

    /// stdout parsed as JSON.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|err| panic!("stdout is not JSON ({err}):\n{}", self.stdout))
    }

    /// Asserts that stdout contains `text`, showing it if not.
    #[track_caller]
    pub fn assert_stdout(&self, text: &str) {
        assert!(
            self.stdout.contains(text),
            "stdout lacks {text:?}:\n{}",
            self.stdout
        );
    }

    /// Asserts that stderr contains `text`, showing it if not.
    #[track_caller]
    pub fn assert_stderr(&self, text: &str) {
        assert!(
            self.stderr.contains(text),
            "stderr lacks {text:?}:\n{}",
            self.stderr
        );
    }

    /// The stdout lines.
    pub fn lines(&self) -> Vec<&str> {
        self.stdout.lines().collect()
    }
}

/// A file in a fresh temporary directory, with this content.
pub fn file(name: &str, content: &str) -> TempFile {
    let dir = std::env::temp_dir().join(format!(
        "polympics-cli-test-{}-{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir).expect("the temporary directory is created");
    let path = dir.join(name);
    std::fs::write(&path, content).expect("the file is written");
    TempFile { dir, path }
}

static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// A file removed (with its directory) when dropped.
pub struct TempFile {
    dir: std::path::PathBuf,
    pub path: std::path::PathBuf,
}

impl TempFile {
    pub fn arg(&self) -> &str {
        self.path.to_str().expect("temporary paths are UTF-8")
    }

    /// The directory it is in, removed with it.
    pub fn dir(&self) -> &std::path::Path {
        &self.dir
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
