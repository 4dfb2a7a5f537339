//! What several commands take the same way: durations (a bare number of seconds, or `10m`,
//! `1h30m`), and a listener for the server's callback events (`--listen`, `--public-url`,
//! `--secret-file`).

use std::path::PathBuf;
use std::time::Duration;

use clap::Args;

/// A duration as every flag takes it: a bare number of seconds (`180`), or a number with
/// its unit (`3m`, `90s`, `1h30m`); zero is allowed (`--wait 0`: not at all).
pub fn duration(text: &str) -> Result<Duration, String> {
    let text = text.trim();
    if !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()) {
        return text
            .parse()
            .map(Duration::from_secs)
            .map_err(|_| format!("{text} seconds is more than a duration can be"));
    }
    humantime::parse_duration(text).map_err(|err| {
        format!("{err}: give seconds (180) or a number with its unit (3m, 90s, 1h30m)")
    })
}

/// A [`duration`] that must be more than zero (a period, a timeout).
pub fn positive_duration(text: &str) -> Result<Duration, String> {
    match duration(text)? {
        zero if zero.is_zero() => Err("it must be more than zero".to_owned()),
        wait => Ok(wait),
    }
}

/// A listener for the server's callback events, as `callbacks listen` and `roster watch`
/// take it (the address is each command's own: `callbacks listen` always listens).
#[derive(Debug, Args)]
pub struct CallbackArgs {
    /// Register URL (where the server reaches this listener) as this app's callback at
    /// start, and remove it when the command stops (needs an app's credentials)
    #[arg(long, value_name = "URL")]
    pub public_url: Option<String>,
    /// A file holding the callback's secret (default: POLYMPICS_CALLBACK_SECRET; with
    /// --public-url and neither, a fresh random one)
    #[arg(long, value_name = "FILE")]
    pub secret_file: Option<PathBuf>,
}

/// Where `callbacks listen` listens unless told: every interface (the server must reach
/// it), on the port the real server's examples use.
pub const DEFAULT_LISTEN: &str = "0.0.0.0:8012";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_seconds_or_have_a_unit() {
        assert_eq!(duration("180"), Ok(Duration::from_secs(180)));
        assert_eq!(duration("3m"), Ok(Duration::from_secs(180)));
        assert_eq!(duration("1h30m"), Ok(Duration::from_secs(5400)));
        assert_eq!(duration("0"), Ok(Duration::ZERO));
        assert!(positive_duration("0").is_err());
        assert!(positive_duration("0s").is_err());
        assert!(duration("-5").is_err());
        assert!(duration("soon").unwrap_err().contains("give seconds"));
    }
}
