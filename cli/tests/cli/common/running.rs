//! A `polympics` that runs until stopped (`roster watch`, `callbacks listen`): its output
//! read line by line as it comes, signals, and what it costs.

use std::io::{BufRead, BufReader};
use std::process::Child;
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

use super::Cli;

/// How long a test waits for a line that must come (generous: a loaded machine is slow).
pub const WAIT: Duration = Duration::from_secs(30);

/// A running `polympics`, its stdout and stderr read line by line.
pub struct Running {
    pub child: Child,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Running {
    pub fn start(cli: Cli) -> Running {
        let mut child = cli.spawn();
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        Running {
            child,
            stdout,
            stderr,
        }
    }

    /// Waits for a stderr line containing `text`.
    pub fn wait_stderr(&self, text: &str) {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stderr.recv_timeout(left) {
                Ok(line) if line.contains(text) => return,
                Ok(_) => {}
                Err(_) => panic!("no stderr line with {text:?}"),
            }
        }
    }

    pub fn next_line(&mut self, within: Duration) -> String {
        match self.stdout.recv_timeout(within) {
            Ok(line) => line,
            Err(err) => {
                let status = self.child.try_wait();
                let stderr: Vec<String> = self.stderr.try_iter().collect();
                panic!("no line within {within:?} ({err}); {status:?}; stderr so far: {stderr:#?}")
            }
        }
    }

    /// Whether it is still running.
    pub fn is_alive(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// The most resident memory it had, in KiB.
    pub fn peak_memory_kb(&self) -> u64 {
        polympics_test_server::peak_memory_kb(self.child.id()).expect("its memory, from /proc")
    }

    /// SIGTERM, then the exit code and what else it printed.
    pub fn terminate(self) -> (i32, Vec<String>) {
        self.signal("-TERM")
    }

    /// SIGTERM, then the exit code and every line it wrote to stderr, from the start.
    pub fn terminate_with_stderr(self) -> (i32, Vec<String>) {
        let stderr = self.stderr;
        let running = Running {
            child: self.child,
            stdout: self.stdout,
            stderr: mpsc::channel().1,
        };
        let (code, _) = running.terminate();
        // The process is gone: the reader ends at the pipe's end.
        (code, stderr.iter().collect())
    }

    /// Sends a signal (`-TERM`, `-INT`), then the exit code and what else it printed.
    pub fn signal(mut self, signal: &str) -> (i32, Vec<String>) {
        let pid = self.child.id().to_string();
        let killed = std::process::Command::new("kill")
            .args([signal, &pid])
            .status()
            .unwrap();
        assert!(killed.success());
        let status = self.child.wait().unwrap();
        let rest = self.stdout.try_iter().collect();
        (status.code().expect("it exited"), rest)
    }
}

pub fn lines(pipe: impl std::io::Read + Send + 'static) -> Receiver<String> {
    let (send, receive) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(pipe).lines() {
            let line = match line {
                Ok(line) => line,
                Err(err) => format!("(unreadable: {err})"),
            };
            if send.send(line).is_err() {
                break;
            }
        }
    });
    receive
}

/// A loopback address with a port that was free a moment ago.
pub fn free_addr() -> String {
    let socket = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap().to_string()
}

/// `roster watch` keeping a snapshot file (not made yet), listening on a free loopback
/// port and registering it, with reads an hour apart.
pub struct Listening {
    pub snapshot: super::TempFile,
    pub addr: String,
    pub url: String,
}

impl Listening {
    pub fn new() -> Listening {
        let snapshot = super::file("league.json", "");
        std::fs::remove_file(&snapshot.path).unwrap();
        let addr = free_addr();
        let url = format!("http://{addr}/polympics");
        Listening {
            snapshot,
            addr,
            url,
        }
    }

    pub fn args(&self) -> [&str; 10] {
        [
            "roster",
            "watch",
            "--every",
            "1h",
            "--snapshot",
            self.snapshot.arg(),
            "--listen",
            &self.addr,
            "--public-url",
            &self.url,
        ]
    }
}
