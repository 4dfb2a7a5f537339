//! `-v` logging on stderr, through `env_logger`; the raw wire is never logged.

use log::{LevelFilter, Log, Metadata, Record};

/// Starts logging: warnings by default, the SDK's requests with `-v`, its retries and
/// pages and the HTTP library's requests with `-vv`. `RUST_LOG` overrides these, but ureq's
/// trace records (the raw wire, with credentials) are dropped whatever it says.
pub fn init(verbose: u8) {
    // The command's own records share the target `polympics` with the SDK's (the binary is
    // named `polympics` too).
    let default = match verbose {
        0 => "warn",
        1 => "warn,polympics=debug",
        _ => "info,polympics=trace,ureq=debug",
    };
    let logger =
        env_logger::Builder::from_env(env_logger::Env::default().default_filter_or(default))
            .format_timestamp_millis()
            .build();
    let max = logger.filter();
    if log::set_boxed_logger(Box::new(NoWire(logger))).is_ok() {
        log::set_max_level(max);
    }
}

/// Drops the trace records of the HTTP library, which hold the raw wire (headers with the
/// `Authorization` of every request).
struct NoWire(env_logger::Logger);

fn is_wire(metadata: &Metadata<'_>) -> bool {
    metadata.level() == log::Level::Trace && metadata.target().starts_with("ureq")
}

impl Log for NoWire {
    fn enabled(&self, metadata: &Metadata<'_>) -> bool {
        !is_wire(metadata) && self.0.enabled(metadata)
    }

    fn log(&self, record: &Record<'_>) {
        if !is_wire(record.metadata()) {
            self.0.log(record);
        }
    }

    fn flush(&self) {
        self.0.flush();
    }
}

/// Whether logging below warnings is on (`-v` or `RUST_LOG`): a progress bar would garble
/// its lines.
pub fn is_verbose() -> bool {
    log::max_level() > LevelFilter::Warn
}
