//! `AnyClient`: the kind chosen at run time by the credentials, and clear errors (before
//! sending anything) for what the kind cannot do.

mod common;

use polympics::{
    AnyClient, ClientKind, Credentials, Error, EventType, Identity, Permissions, TeamId,
};
use polympics_test_server::TestServer;

fn any(server: &TestServer, credentials: Option<Credentials>) -> AnyClient {
    common::configure(AnyClient::builder(credentials).unwrap(), server)
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
fn an_anonymous_client_reads_and_is_refused_writes_before_sending() {
    let server = TestServer::start();
    let league = server.seed_demo_league();
    let anonymous = any(&server, None);
    assert_eq!(
        anonymous.get_team(league.teams[0]).unwrap().id,
        league.teams[0]
    );
    server.clear_requests();
    for err in [
        anonymous.create_team("x").unwrap_err(),
        anonymous.delete_team(TeamId(1)).unwrap_err(),
        anonymous
            .give_award(league.awards[0], league.accounts[0])
            .unwrap_err(),
        anonymous.as_app().unwrap_err(),
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
        anonymous.create_team("x").unwrap_err().to_string(),
        "create_team needs credentials (an app or a user session), and this client is \
         anonymous (not sent); set credentials of the right kind"
    );
    assert_eq!(anonymous.check_credentials().unwrap(), None);
    assert_eq!(server.request_count(), 0);
}

#[test]
fn an_app_client_writes_and_reaches_app_only_operations() {
    let server = TestServer::start();
    let app = any(&server, Some(server.create_app("any", Permissions::all())));
    let team = app.create_team("Runtime").unwrap();
    assert_eq!(app.get_team(&team).unwrap().name, "Runtime");
    let callbacks = app.as_app().unwrap();
    callbacks
        .create_callback(EventType::AccountTeamUpdate, "https://example.com/h", "s")
        .unwrap();
    assert_eq!(callbacks.get_callbacks().unwrap().len(), 1);
    assert!(matches!(
        app.check_credentials().unwrap(),
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
    // The only test of this binary that reads these variables.
    let server = TestServer::start();
    let app = server.create_app("env", Permissions::all());
    std::env::remove_var("POLYMPICS_URL");
    assert!(matches!(AnyClient::from_env(), Err(Error::Config(_))));
    std::env::set_var("POLYMPICS_URL", server.url());
    std::env::set_var("POLYMPICS_USER", app.username());
    assert!(
        matches!(AnyClient::from_env(), Err(Error::Config(_))),
        "a user without a password"
    );
    std::env::set_var("POLYMPICS_PASSWORD", app.password());
    assert_eq!(AnyClient::from_env().unwrap().kind(), ClientKind::App);
    std::env::remove_var("POLYMPICS_USER");
    std::env::remove_var("POLYMPICS_PASSWORD");
    let anonymous = AnyClient::from_env().unwrap();
    assert_eq!(anonymous.kind(), ClientKind::Anonymous);
    assert!(anonymous.check_signups().unwrap());
}
