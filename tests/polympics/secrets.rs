//! No piece of a credential in any output: servers and proxies that echo the request's
//! headers, the token or the base URL, wherever an excerpt is cut; base URLs and proxy URLs
//! with user information; `Debug` of every builder.

use crate::common;

use common::hostile::Hostile;
use common::{app_as, configure};
use polympics::{AppClient, Credentials, Error, UnauthenticatedClient};

/// A token as the server makes them: 44 characters of base64, with `/`, `+` and `=`.
const TOKEN: &str = "Qk8y/Zx+3vTt0RmWk9yQ4hL2s/Pq1cXe8NbFa7uJ+Ho=";
const USER: &str = "A17";

/// Every form of the credentials that must never show, whole or as a piece of 4 or more
/// characters from its start (what a cut leaves).
fn forms() -> Vec<String> {
    use base64::Engine as _;
    let pair = format!("{USER}:{TOKEN}");
    let percent = |upper: bool| -> String {
        TOKEN
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
                _ if upper => format!("%{b:02X}"),
                _ => format!("%{b:02x}"),
            })
            .collect()
    };
    vec![
        TOKEN.to_owned(),
        pair.clone(),
        base64::engine::general_purpose::STANDARD.encode(&pair),
        base64::engine::general_purpose::URL_SAFE.encode(&pair),
        percent(true),
        percent(false),
    ]
}

/// Panics if `shown` holds a piece of 4 or more characters from the start of any form.
#[track_caller]
fn assert_no_piece(shown: &str, context: &str) {
    for form in forms() {
        for n in 4..=form.len() {
            assert!(
                !shown.contains(&form[..n]),
                "{context}: {:?} (the start of {form:?}) shows in:\n{shown}",
                &form[..n]
            );
        }
    }
}

fn every_output(err: &Error) -> String {
    format!(
        "{err}\n{err:?}\n{:?}\n{:?}",
        err.detail(),
        std::error::Error::source(err).map(ToString::to_string)
    )
}

/// A server answering `status` with a body of `padding` characters, then the request's
/// head as it arrived, then more text.
fn echoing(status: u16, content_type: &'static str, padding: usize) -> Hostile {
    Hostile::answering(move |request, conn| {
        let body = format!("{}{}\r\nand more", "x".repeat(padding), request.head());
        conn.respond(status, &[("content-type", content_type)], &body);
        false
    })
}

fn client(server: &Hostile) -> AppClient {
    app_as(server, Credentials::new(USER, TOKEN))
}

#[test]
fn an_echoed_authorization_header_never_shows_wherever_the_excerpt_is_cut() {
    // The excerpt keeps 200 characters: paddings from 0 to 400 move its cut across the
    // whole header block, one character at a time.
    for padding in 0..400 {
        for (status, content_type) in [(500, "text/plain"), (200, "text/html")] {
            let server = echoing(status, content_type, padding);
            let err = client(&server).get_team(1).unwrap_err();
            assert_no_piece(&every_output(&err), &format!("{status} padding {padding}"));
        }
    }
}

/// A status, headers and a body.
type Answer = (u16, Vec<(&'static str, String)>, String);

#[test]
fn credentials_in_a_json_detail_or_a_location_never_show() {
    let pair = format!("{USER}:{TOKEN}");
    let answers: Vec<Answer> = vec![
        (
            400,
            vec![("content-type", "application/json".to_owned())],
            format!(r#"{{"detail":"bad token {TOKEN} for {pair}"}}"#),
        ),
        (
            422,
            vec![("content-type", "application/json".to_owned())],
            format!(r#"{{"detail":[{{"loc":["body","x"],"msg":"echo {TOKEN}","type":"t"}}]}}"#),
        ),
        (
            302,
            vec![("location", format!("https://{pair}@elsewhere.example/"))],
            String::new(),
        ),
    ];
    for (status, headers, body) in answers {
        let server = Hostile::answering(move |_, conn| {
            let headers: Vec<(&str, &str)> =
                headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
            conn.respond(status, &headers, &body);
            false
        });
        let err = client(&server).get_team(1).unwrap_err();
        assert_no_piece(&every_output(&err), &format!("HTTP {status}"));
    }
}

/// User information of every class of character: what a token holds.
const USERINFO: [&str; 8] = [
    "A1:plain",
    "A1:se/cr3t",
    "A1:se?cr3t",
    "A1:se#cr3t",
    "A1:se@cr3t",
    "A1:se%2Fcr3t",
    "A1:s e",
    "A1:Qk8y/Zx+3vTt0RmWk9yQ4hL2s/Pq1cXe8NbFa7uJ+Ho=",
];

#[test]
fn a_base_url_with_user_information_is_refused_without_showing_it() {
    for userinfo in USERINFO {
        for url in [
            format!("http://{userinfo}@api.example"),
            format!("https://{userinfo}@api.example:8443/api"),
        ] {
            let err = UnauthenticatedClient::builder(&url).build().unwrap_err();
            let shown = every_output(&err);
            assert!(matches!(err, Error::Config(_)), "{url}: {shown}");
            assert!(shown.contains("user information"), "{url}: {shown}");
            let password = userinfo.split_once(':').unwrap().1;
            for n in 4..=password.len() {
                assert!(!shown.contains(&password[..n]), "{url}: {shown}");
            }
        }
    }
}

#[test]
fn a_proxy_url_with_user_information_is_refused_without_showing_it() {
    for userinfo in USERINFO {
        let url = format!("http://{userinfo}@proxy.example:3128");
        let builder = configure("http://x.example", |url| {
            AppClient::builder(url, Credentials::new(USER, TOKEN))
        })
        .proxy(&url);
        let debug = format!("{builder:?}");
        let err = builder.build().expect_err(&url);
        let password = userinfo.split_once(':').unwrap().1;
        for shown in [debug, every_output(&err)] {
            for n in 4..=password.len() {
                assert!(!shown.contains(&password[..n]), "{url}: {shown}");
            }
        }
        assert!(err.to_string().contains("proxy_login"), "{err}");
    }
}

#[test]
fn debug_of_builders_and_clients_shows_no_credential() {
    let builder = AppClient::builder("https://api.example", Credentials::new(USER, TOKEN))
        .proxy("http://proxy.example:3128")
        .proxy_login("proxy-user", TOKEN);
    assert_no_piece(&format!("{builder:?}"), "builder");
    let client = builder.build().unwrap();
    assert_no_piece(&format!("{client:?}"), "client");
}
