//! TLS roots: the bundled Mozilla roots refuse a certificate from a private authority, and
//! `platform_verifier()` accepts it once the authority is in the system's store (here
//! `SSL_CERT_FILE`, as on a machine with a company CA installed).
#![cfg(feature = "platform-verifier")]

use crate::common;

use common::tls::{https_server, FIXTURES};
use common::transport_kind;
use polympics::{TransportErrorKind, UnauthenticatedClient};

#[test]
fn platform_roots_trust_what_the_system_trusts() {
    common::own_process("tls::platform_roots_trust_what_the_system_trusts_alone");
}

/// The test above, in a process of its own (`common::own_process`).
#[test]
#[ignore = "run by platform_roots_trust_what_the_system_trusts, in a process of its own"]
fn platform_roots_trust_what_the_system_trusts_alone() {
    if !common::is_own_process("tls::platform_roots_trust_what_the_system_trusts_alone") {
        return;
    }
    // The system's store, as rustls-native-certs reads it on Linux.
    std::env::set_var("SSL_CERT_FILE", format!("{FIXTURES}/ca.pem"));
    let url = https_server();

    let bundled = common::anon(&url);
    let err = bundled.check_signups().unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Tls);

    let platform = common::configure(&url, UnauthenticatedClient::builder)
        .platform_verifier()
        .build()
        .unwrap();
    assert!(platform.check_signups().unwrap());
}
