//! The real server the live tests run against, from the environment.
//!
//! Live tests are `#[ignore]`d: `cargo test` reports them as ignored, never as passed.
//! Run them with `cargo test --all-features -- --ignored` and these variables set (an app
//! with every app permission); without them, they fail and say what to set.

use polympics::Credentials;

const VARS: [&str; 3] = [
    "POLYMPICS_LIVE_URL",
    "POLYMPICS_LIVE_APP_USER",
    "POLYMPICS_LIVE_APP_PASSWORD",
];

/// Why live tests are ignored by default.
pub const WHY: &str = "needs a live server: set POLYMPICS_LIVE_URL, POLYMPICS_LIVE_APP_USER \
                       and POLYMPICS_LIVE_APP_PASSWORD, then run with --ignored";

/// The live server's URL and an app's credentials.
pub struct Live {
    pub url: String,
    pub app: Credentials,
}

pub fn live() -> Live {
    let values: Vec<Option<String>> = VARS.iter().map(|v| std::env::var(v).ok()).collect();
    match &values[..] {
        [Some(url), Some(user), Some(password)] => Live {
            url: url.clone(),
            app: Credentials::new(user.as_str(), password.as_str()),
        },
        _ => panic!("this live test {WHY}"),
    }
}

/// A prefix no other run uses, for names on a server that keeps what earlier runs made.
pub fn run_prefix() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("run{}", nanos % 1_000_000_000_000)
}

/// An app client of the live server, with a long timeout and the default retries.
pub fn app() -> polympics::AppClient {
    let live = live();
    super::configure(&live.url, |url| {
        polympics::AppClient::builder(url, live.app)
    })
    .timeout(std::time::Duration::from_secs(30))
    .retry(polympics::RetryPolicy::new())
    .build()
    .unwrap()
}
