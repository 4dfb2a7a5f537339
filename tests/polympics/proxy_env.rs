//! The proxy variables: one that is not a proxy URL is a configuration error naming the
//! variable (never ignored), and a password in one never shows. One test, alone in its
//! process: it sets the process's environment.

use crate::common;

use polympics::{Error, UnauthenticatedClient};

const VARIABLES: [&str; 6] = [
    "ALL_PROXY",
    "all_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "HTTP_PROXY",
    "http_proxy",
];

fn build() -> Result<UnauthenticatedClient, Error> {
    UnauthenticatedClient::builder("https://api.example.com")
        .retry(polympics::RetryPolicy::none())
        .build()
}

#[test]
fn proxy_variables_are_checked_and_their_passwords_never_show() {
    common::own_process(
        "proxy_env::proxy_variables_are_checked_and_their_passwords_never_show_alone",
    );
}

/// The test above, in a process of its own (`common::own_process`).
#[test]
#[ignore = "run by proxy_variables_are_checked_and_their_passwords_never_show, in a process of its own"]
fn proxy_variables_are_checked_and_their_passwords_never_show_alone() {
    if !common::is_own_process(
        "proxy_env::proxy_variables_are_checked_and_their_passwords_never_show_alone",
    ) {
        return;
    }
    for variable in VARIABLES {
        std::env::remove_var(variable);
    }
    assert!(build().is_ok(), "no proxy: fine");

    std::env::set_var("HTTPS_PROXY", "http://[not-a-host");
    let err = build().unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(
        err.to_string()
            .contains("HTTPS_PROXY is set to \"http://[not-a-host\", which is not a proxy URL"),
        "{err}"
    );

    // A password with a `/` breaks the URL: refused, and not shown.
    std::env::set_var("HTTPS_PROXY", "http://cron:s3cr/et-pw@proxy.example:3128");
    let err = build().unwrap_err();
    let shown = format!("{err} {err:?}");
    assert!(
        shown.contains("HTTPS_PROXY is set to (not shown"),
        "{shown}"
    );
    assert!(
        !shown.contains("s3cr") && !shown.contains("et-pw"),
        "{shown}"
    );

    // A valid one with a login is used, and its login never shows.
    std::env::set_var("HTTPS_PROXY", "http://cron:s3cret-pw@127.0.0.1:9");
    let client = build().unwrap();
    let err = client.check_signups().unwrap_err();
    let shown = format!("{err} {err:?} {client:?}");
    assert!(
        shown.contains("the proxy http://***@127.0.0.1:9"),
        "{shown}"
    );
    assert!(!shown.contains("s3cret-pw"), "{shown}");

    // NO_PROXY still applies.
    std::env::set_var("NO_PROXY", "api.example.com");
    let client = build().unwrap();
    let err = client.check_signups().unwrap_err();
    assert!(err.request().unwrap().proxy().is_none(), "{err}");
    std::env::remove_var("HTTPS_PROXY");
    std::env::remove_var("NO_PROXY");
}
