//! Errors that say what the user needs to know: a URL of the wrong scheme (TLS to a plain
//! HTTP port, plain HTTP to a TLS port) recognised and never retried; a write cut off after
//! it was sent, which may have been carried out; a proxy's failure named as the proxy's.

use crate::common;

use std::time::Duration;

use common::hostile::{Conn, Hostile};
use common::tls::https_server;
use common::{configure, transport_kind};
use polympics::{AppClient, Credentials, RetryPolicy, TransportErrorKind, UnauthenticatedClient};

/// A client with the default retry policy and short timeouts.
fn client(url: &str) -> UnauthenticatedClient {
    configure(url, UnauthenticatedClient::builder)
        .retry(RetryPolicy::new())
        .connect_timeout(Duration::from_secs(2))
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap()
}

/// How a plain HTTP server meets a TLS hello, and answers a plain request.
#[derive(Clone, Copy, Debug)]
enum PlainServer {
    /// Answers the hello with a 400, as nginx and most servers do.
    Refuses,
    /// Closes the connection on it, as uvicorn does.
    Closes,
    /// Waits for the end of a request head that never comes.
    Waits,
}

fn plain_server(kind: PlainServer) -> Hostile {
    Hostile::start(move |conn: &mut Conn| {
        let mut first = [0u8; 5];
        let n = conn.read_some(&mut first);
        if first[..n].starts_with(b"HEAD") || first[..n].starts_with(b"GET") {
            conn.write(b"HTTP/1.0 404 Not Found\r\ncontent-length: 0\r\n\r\n");
            conn.close();
            return;
        }
        match kind {
            PlainServer::Refuses => {
                conn.write(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n");
                conn.close();
            }
            PlainServer::Closes => conn.close(),
            PlainServer::Waits => conn.stall(),
        }
    })
}

#[test]
fn https_to_a_plain_http_port_says_so_and_is_not_retried() {
    for kind in [
        PlainServer::Refuses,
        PlainServer::Closes,
        PlainServer::Waits,
    ] {
        let server = plain_server(kind);
        let url = server.url().replace("http://", "https://");
        let client = client(&url);
        // One TLS attempt (at most the connect timeout), then one plain probe.
        let err = common::ends(move || client.check_signups()).unwrap_err();
        assert_eq!(
            transport_kind(&err),
            TransportErrorKind::Protocol,
            "{kind:?}: {err}"
        );
        assert_eq!(err.attempts(), 1, "{kind:?}: not retried");
        assert!(!err.is_retryable());
        let text = err.to_string();
        assert!(
            text.contains(
                "does not speak TLS: is the URL's scheme right (http:// instead of https://?)"
            ),
            "{kind:?}: {text}"
        );
    }
}

#[test]
fn plain_http_to_a_tls_port_says_so_and_is_not_retried() {
    let url = https_server().replace("https://", "http://");
    let err = client(&url).check_signups().unwrap_err();
    assert_eq!(transport_kind(&err), TransportErrorKind::Protocol, "{err}");
    assert_eq!(err.attempts(), 1);
    assert!(
        err.to_string()
            .contains("is not HTTP: is the URL's scheme right (https:// instead of http://?)"),
        "{err}"
    );
}

#[test]
fn a_tls_server_that_fails_is_not_taken_for_a_plain_port() {
    // A TLS port that closes without a word: the probe gets no HTTP, so the error stays an
    // I/O failure (retried, as reads are).
    let server = Hostile::start(|conn: &mut Conn| conn.close());
    let url = server.url().replace("http://", "https://");
    let err = client(&url).check_signups().unwrap_err();
    assert_ne!(transport_kind(&err), TransportErrorKind::Protocol, "{err}");
}

/// A server that reads each request whole and then resets the connection: the request
/// arrived, its answer never did.
fn cut_after_sending() -> Hostile {
    Hostile::start(|conn: &mut Conn| {
        if conn.read_request().is_some() {
            conn.reset_on_return();
        }
    })
}

#[test]
fn a_write_cut_off_after_sending_may_have_been_applied_and_is_sent_once() {
    let server = cut_after_sending();
    let app = configure(&server, |url| {
        AppClient::builder(url, Credentials::new("A1", "app-token"))
    })
    .retry(RetryPolicy::new())
    .build()
    .unwrap();
    let err = app.create_team("Gods of Olympus").unwrap_err();
    assert!(err.may_have_been_applied(), "{err:?}");
    assert!(
        err.to_string()
            .ends_with("; the server may have carried out this request: check before repeating it"),
        "{err}"
    );
    assert_eq!(server.requests().len(), 1, "a POST is never sent twice");

    let err = app.reset_token().unwrap_err();
    assert!(err.may_have_been_applied());
    assert!(
        err.to_string()
            .contains("the token may already have been reset: the old one may no longer work"),
        "{err}"
    );
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn reads_and_failures_before_sending_were_not_applied() {
    let server = cut_after_sending();
    let app = configure(&server, |url| {
        AppClient::builder(url, Credentials::new("A1", "app-token"))
    })
    .build()
    .unwrap();
    let read = app.get_team(1).unwrap_err();
    assert!(!read.may_have_been_applied(), "{read}");
    assert!(!read.to_string().contains("may have carried out"));
    // Nothing listens there: refused before anything was sent.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let app = configure(&closed, |url| {
        AppClient::builder(url, Credentials::new("A1", "t0ken"))
    })
    .build()
    .unwrap();
    let refused = app.create_team("Gods of Olympus").unwrap_err();
    assert!(!refused.may_have_been_applied(), "{refused}");
}

#[test]
fn a_proxy_that_cannot_be_reached_is_named_as_the_proxy() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let client = UnauthenticatedClient::builder("http://api.example.com")
        .proxy(format!("http://127.0.0.1:{port}"))
        .proxy_login("cron", "proxy-s3cret")
        .retry(RetryPolicy::none())
        .build()
        .unwrap();
    let err = client.check_signups().unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains(&format!(
            "could not connect to the proxy http://***@127.0.0.1:{port} (for http://api.example.com)"
        )),
        "{text}"
    );
    assert!(text.contains("is the proxy running"), "{text}");
    assert!(!format!("{text} {err:?}").contains("proxy-s3cret"));
    assert_eq!(
        err.request().and_then(|r| r.proxy()),
        Some(format!("http://***@127.0.0.1:{port}").as_str())
    );
}
