//! Progress on stderr, only when stderr is a terminal: in cron, or with stderr redirected,
//! nothing is drawn. Each phase (the teams, the accounts, the actions) has a bar of its
//! own; until its total is known it is a spinner, never a full bar of 0/0.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// The bars of one command's phases, drawn only for a person watching.
pub struct Progress {
    enabled: bool,
    /// The phase being drawn: its name, and its bar.
    phase: Option<(String, ProgressBar)>,
}

impl Progress {
    /// Progress drawn if stderr is a terminal, `-q` is not given and `-v` logging is off
    /// (log lines and a bar would fight over the terminal).
    pub fn new() -> Self {
        Progress {
            enabled: !crate::logging::is_verbose()
                && !crate::notice::is_quiet()
                && std::io::stderr().is_terminal(),
            phase: None,
        }
    }

    /// `done` of `total` in phase `name`: a new bar when the phase is new (the last one is
    /// cleared), a bar with its length from the first total on.
    pub fn update(&mut self, name: &str, done: u64, total: u64) {
        if !self.enabled {
            return;
        }
        if self.phase.as_ref().is_none_or(|(phase, _)| phase != name) {
            self.finish();
            self.phase = Some((name.to_owned(), spinner(name)));
        }
        if let Some((_, bar)) = &self.phase {
            bar.set_position(done);
            if bar.length() != Some(total) {
                bar.set_style(bar_style());
                bar.set_length(total);
            }
        }
    }

    /// Shows phase `name` as a spinner until its first total.
    pub fn start(&mut self, name: &str) {
        if self.enabled && self.phase.as_ref().is_none_or(|(phase, _)| phase != name) {
            self.finish();
            self.phase = Some((name.to_owned(), spinner(name)));
        }
    }

    /// Clears the bar of the phase being drawn.
    pub fn finish(&mut self) {
        if let Some((_, bar)) = self.phase.take() {
            bar.finish_and_clear();
        }
    }

    /// Runs `f` with the bar hidden, for output on the same terminal.
    pub fn suspend<R>(&self, f: impl FnOnce() -> R) -> R {
        match &self.phase {
            Some((_, bar)) => bar.suspend(f),
            None => f(),
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}

/// A spinner with the phase's name and the count so far.
fn spinner(name: &str) -> ProgressBar {
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    bar.set_style(
        ProgressStyle::with_template("{prefix:>10} {spinner} {pos}")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_prefix(name.to_owned());
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn bar_style() -> ProgressStyle {
    ProgressStyle::with_template("{prefix:>10} [{bar:30}] {pos}/{len}")
        .unwrap_or_else(|_| ProgressStyle::default_bar())
        .progress_chars("=> ")
}
