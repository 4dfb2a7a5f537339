//! Notices on stderr: what the command is doing or found (listening on an address, a
//! callback registered, nothing to do), which `-q` silences along with progress bars.
//! Errors and warnings (entries that cannot be applied, skipped actions) are not notices:
//! they are printed whatever `-q` says.

use std::sync::atomic::{AtomicBool, Ordering};

static QUIET: AtomicBool = AtomicBool::new(false);

/// Silences notices and progress for the rest of the run (`-q`).
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// Whether `-q` was given.
pub fn is_quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// `eprintln!`, unless `-q` was given.
macro_rules! notice {
    ($($arg:tt)*) => {
        if !$crate::notice::is_quiet() {
            eprintln!($($arg)*);
        }
    };
}

pub(crate) use notice;
