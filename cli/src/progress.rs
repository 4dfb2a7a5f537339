//! Progress bars on stderr, only when stderr is a terminal: in cron, or with stderr
//! redirected, nothing is drawn.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress bar that is drawn only for a person watching.
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar for `what`, drawn if stderr is a terminal and `-v` logging is off (log lines
    /// and a bar would fight over the terminal).
    pub fn new(what: &str) -> Self {
        if crate::logging::is_verbose() || !std::io::stderr().is_terminal() {
            return Progress { bar: None };
        }
        let bar = ProgressBar::with_draw_target(Some(0), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
        bar.set_style(style);
        bar.set_prefix(what.to_owned());
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }

    /// Moves the bar to `done` of `total`, under `prefix`.
    pub fn update(&self, prefix: &str, done: u64, total: u64) {
        if let Some(bar) = &self.bar {
            bar.set_prefix(prefix.to_owned());
            bar.set_length(total);
            bar.set_position(done);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Progress {
    /// Runs `f` with the bar hidden, for output on the same terminal.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.bar {
            Some(bar) => bar.suspend(f),
            None => f(),
        }
    }
}
