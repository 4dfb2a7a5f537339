//! `AnyClient`: the kind chosen at run time by the credentials, and clear errors (before
//! sending anything) for what the kind cannot do.

use crate::common;

use polympics::{AnyClient, ClientKind, Credentials, Error, EventType, Identity, Permissions};
use polympics_test_server::TestServer;

fn any(server: &TestServer, credentials: Option<Credentials>) -> AnyClient {
    common::configure(server, |url| AnyClient::builder(url, credentials).unwrap())
        .build()
        .unwrap()
}

#[test]
fn the_kind_follows_the_credentials() {
    let server = TestServer::start();
    let app = server.create_app("any", Permissions::all());
    assert_eq!(any(&server, Some(app.clone())).kind(), ClientKind::App);
    assert_eq!(
        any(&server, Some(Credentials::new("S9", "x"))).kind(),
        ClientKind::User
    );
    assert_eq!(any(&server, None).kind(), ClientKind::Anonymous);
    let err = AnyClient::new(server.url(), Some(Credentials::new("X1", "x"))).unwrap_err();
    assert!(matches!(err, Error::Config(_)), "{err:?}");
    assert!(!err.to_string().contains("\"x\""), "{err}");
}

#[test]
fn an_anonymous_client_reads_and_is_refused_a_writer_before_sending() {
    let server = TestServer::start();
    let league = server.seed_demo_league();
    let anonymous = any(&server, None);
    assert_eq!(
        anonymous.get_team(league.teams[0]).unwrap().id,
        league.teams[0]
    );
    server.clear_requests();
    // Writing needs a writer: asking for one is refused, before anything is sent (and a
    // write on the AnyClient itself does not compile: see AnyClient's documentation).
    for err in [
        anonymous.as_writer().unwrap_err(),
        anonymous.as_app().unwrap_err(),
        anonymous.as_user().unwrap_err(),
    ] {
        assert!(
            matches!(
                err,
                Error::WrongKind {
                    kind: ClientKind::Anonymous,
                    ..
                }
            ),
            "{err:?}"
        );
        assert_eq!(err.attempts(), 0);
    }
    assert_eq!(
        anonymous.as_writer().unwrap_err().to_string(),
        "writing needs credentials (an app or a user session), and this client is anonymous \
         (not sent); set credentials of the right kind"
    );
    assert_eq!(server.request_count(), 0);
}

#[test]
fn a_writer_writes_whoever_it_is() {
    let server = TestServer::start();
    let league = server.seed_demo_league();
    let writer = any(&server, Some(league.app.clone())).as_writer().unwrap();
    let team = writer.create_team("Runtime").unwrap();
    writer.delete_team(&team).unwrap();
    let _ = writer
        .give_award(league.awards[0], league.accounts[30])
        .unwrap();
    let session = server
        .app_client(league.app)
        .create_session(league.accounts[0])
        .unwrap();
    let user = any(&server, Some(session.credentials)).as_writer().unwrap();
    assert!(matches!(
        user.check_credentials().unwrap(),
        Some(Identity::User(_))
    ));
}

#[test]
fn an_app_client_writes_and_reaches_app_only_operations() {
    let server = TestServer::start();
    let app = any(&server, Some(server.create_app("any", Permissions::all())));
    let team = app.as_writer().unwrap().create_team("Runtime").unwrap();
    assert_eq!(app.get_team(&team).unwrap().name, "Runtime");
    let callbacks = app.as_app().unwrap();
    callbacks
        .create_callback(EventType::AccountTeamUpdate, "https://example.com/h", "s")
        .unwrap();
    assert_eq!(callbacks.get_callbacks().unwrap().len(), 1);
    assert!(matches!(
        app.as_writer().unwrap().check_credentials().unwrap(),
        Some(Identity::App(_))
    ));
    let err = app.as_user().unwrap_err();
    assert!(
        matches!(
            err,
            Error::WrongKind {
                kind: ClientKind::App,
                needs: "a user session",
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn a_user_client_reaches_user_only_operations() {
    let server = TestServer::start();
    let league = server.seed_demo_league();
    let session = server
        .app_client(league.app)
        .create_session(league.accounts[0])
        .unwrap();
    let user = any(&server, Some(session.credentials));
    assert_eq!(user.kind(), ClientKind::User);
    assert_eq!(
        user.as_user().unwrap().get_self().unwrap().id,
        league.accounts[0]
    );
    assert!(matches!(user.as_app(), Err(Error::WrongKind { .. })));
}

#[test]
fn credentials_are_checked_and_an_anonymous_client_has_none_to_check() {
    let server = TestServer::start();
    let app = server.create_app("checked", Permissions::all());
    let known = any(&server, Some(app.clone())).check_credentials().unwrap();
    assert!(
        matches!(known, Some(Identity::App(ref me)) if me.name == "checked"),
        "{known:?}"
    );
    let unknown = any(
        &server,
        Some(Credentials::new(app.username(), "not-its-token")),
    );
    assert!(unknown.check_credentials().unwrap().is_none());
    server.clear_requests();
    assert!(any(&server, None).check_credentials().unwrap().is_none());
    assert_eq!(server.request_count(), 0, "nothing to check, nothing sent");
}

#[test]
fn compile_time_clients_convert() {
    let server = TestServer::start();
    let app: AnyClient = server
        .app_client(server.create_app("a", Permissions::all()))
        .into();
    assert_eq!(app.kind(), ClientKind::App);
    let anonymous: AnyClient = server.client().into();
    assert_eq!(anonymous.kind(), ClientKind::Anonymous);
}

#[test]
fn from_the_environment() {
    common::own_process("any_client::from_the_environment_alone");
}

/// The test above, in a process of its own (`common::own_process`).
#[test]
#[ignore = "run by from_the_environment, in a process of its own"]
fn from_the_environment_alone() {
    if !common::is_own_process("any_client::from_the_environment_alone") {
        return;
    }
    // In a process of its own: the only one that reads (and sets) these variables.
    let server = TestServer::start();
    let app = server.create_app("env", Permissions::all());
    for var in [
        "POLYMPICS_URL",
        "POLYMPICS_USER",
        "POLYMPICS_PASSWORD",
        "POLYMPICS_PASSWORD_FILE",
    ] {
        std::env::remove_var(var);
    }
    let err = AnyClient::from_env().unwrap_err();
    assert!(
        err.to_string().contains("POLYMPICS_URL is not set"),
        "{err}"
    );
    std::env::set_var("POLYMPICS_URL", server.url());
    std::env::set_var("POLYMPICS_USER", app.username());
    let err = AnyClient::from_env().unwrap_err();
    assert!(
        err.to_string().contains("no token for the user \"A1\""),
        "a user without a password: {err}"
    );
    std::env::set_var("POLYMPICS_PASSWORD", app.password());
    assert_eq!(AnyClient::from_env().unwrap().kind(), ClientKind::App);

    // The token in a file: its first line, without CR LF.
    let dir = std::env::temp_dir().join(format!("polympics-env-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("token");
    std::fs::write(&file, format!("{}\r\nsecond line\n", app.password())).unwrap();
    std::env::set_var("POLYMPICS_PASSWORD_FILE", &file);
    let reads_the_token = || {
        let client = AnyClient::from_env().unwrap();
        let known = client.as_writer().unwrap().check_credentials().unwrap();
        assert!(known.is_some());
    };
    // Both forms set, to the same token: fine.
    reads_the_token();
    std::env::remove_var("POLYMPICS_PASSWORD");
    reads_the_token();
    // Both set, to different tokens: refused, and neither shows.
    std::env::set_var("POLYMPICS_PASSWORD", "another-token");
    let err = AnyClient::from_env().unwrap_err().to_string();
    assert!(err.contains("both set, to different tokens"), "{err}");
    assert!(
        !err.contains("another-token") && !err.contains(app.password()),
        "{err}"
    );
    std::env::remove_var("POLYMPICS_PASSWORD");
    // An unreadable file: named, never read out.
    std::env::set_var("POLYMPICS_PASSWORD_FILE", dir.join("missing"));
    let err = AnyClient::from_env().unwrap_err().to_string();
    assert!(
        err.contains("the token file") && err.contains("missing"),
        "{err}"
    );
    std::fs::write(&file, "\n").unwrap();
    std::env::set_var("POLYMPICS_PASSWORD_FILE", &file);
    let err = AnyClient::from_env().unwrap_err().to_string();
    assert!(err.contains("is empty"), "{err}");

    std::env::remove_var("POLYMPICS_PASSWORD_FILE");
    std::env::remove_var("POLYMPICS_USER");
    let anonymous = AnyClient::from_env().unwrap();
    assert_eq!(anonymous.kind(), ClientKind::Anonymous);
    assert!(anonymous.check_signups().unwrap());
    std::fs::remove_dir_all(&dir).unwrap();
}
