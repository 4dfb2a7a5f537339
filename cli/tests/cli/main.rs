//! The `polympics` command's tests, one binary: each module runs the built command as a
//! process (as cron, a shell or a test of another language would), against a test server
//! in this process; shared helpers in `common`.

mod common;

mod attacks;
mod config;
mod cron;
mod exit_codes;
mod live;
mod lying;
mod manual;
mod operations;
mod progress;
mod roster;
mod saved_plan;
#[cfg(feature = "demo")]
mod serve;
mod sheets;
mod sync_safety;
mod watch;
