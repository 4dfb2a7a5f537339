//! The error's own rules: which errors are retried, and its size.

use super::*;

fn request(method: &'static str, idempotent: bool) -> Box<RequestInfo> {
    Box::new(RequestInfo {
        method: ureq::http::Method::from_bytes(method.as_bytes()).expect("a method"),
        path: "/team/1".into(),
        base_url: "http://127.0.0.1:8000".into(),
        attempts: 1,
        idempotent,
        authenticated: false,
        proxy: None,
    })
}

fn transport(kind: TransportErrorKind, idempotent: bool) -> Error {
    Error::Transport {
        request: request("GET", idempotent),
        kind,
        source: "test".into(),
    }
}

#[test]
fn retryable_follows_the_policy_table() {
    use TransportErrorKind::*;
    for kind in [Dns, Connect, Tls] {
        assert!(transport(kind, false).is_retryable(), "{kind}");
    }
    for kind in [Timeout, Io] {
        assert!(transport(kind, true).is_retryable(), "{kind}");
        assert!(!transport(kind, false).is_retryable(), "{kind}");
    }
    assert!(!transport(Other, true).is_retryable());
    for (status, idempotent, retryable) in [
        (500, true, false),
        (502, true, true),
        (503, true, true),
        (504, true, true),
        (503, false, false),
    ] {
        let err = Error::Server {
            request: request("POST", idempotent),
            status,
            detail: None,
            retry_after: None,
            hint: None,
        };
        assert_eq!(err.is_retryable(), retryable, "{status} {idempotent}");
    }
    let too_many = Error::Client {
        request: request("POST", false),
        status: 429,
        detail: None,
        retry_after: None,
        hint: None,
    };
    assert!(too_many.is_retryable());
}

#[test]
fn error_stays_small() {
    // Well below clippy's `result_large_err` threshold (128 bytes).
    assert!(
        std::mem::size_of::<Error>() <= 96,
        "{}",
        std::mem::size_of::<Error>()
    );
}
