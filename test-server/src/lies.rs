//! What answers in the API's place when something between the client and the server lies:
//! a ready-made set of [`Fault`]s for testing that a client never reports as done what the
//! server did not do.

use crate::faults::Fault;

/// An answer that is not the API's, though its status says success.
///
/// ```
/// use polympics::Error;
/// use polympics_test_server::{Lie, TestServer};
///
/// let server = TestServer::start();
/// let league = server.seed_demo_league();
/// let app = server.app_client(league.app);
/// for lie in Lie::ALL {
///     server.inject(lie.fault().on_method("POST").on_path("/teams/new"));
///     let err = app.create_team("Argos").unwrap_err();
///     assert!(matches!(err, Error::InvalidResponse { .. }), "{lie:?}: {err}");
///     server.clear_faults();
/// }
/// # Ok::<(), polympics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Lie {
    /// A captive portal's login page, with 200.
    Html200,
    /// An empty body with this status.
    Empty(u16),
    /// The server's own answer, with a 2xx status it never gives the operation (202).
    WrongStatus,
}

impl Lie {
    /// Every lie the crate's own tests tell: the login page, empty 200, 203 and 204, and the
    /// real answer with 202.
    pub const ALL: [Lie; 5] = [
        Lie::Html200,
        Lie::Empty(200),
        Lie::Empty(203),
        Lie::Empty(204),
        Lie::WrongStatus,
    ];

    /// The fault that tells this lie (for every request until narrowed with `on_method`,
    /// `on_path` or `times`).
    pub fn fault(self) -> Fault {
        match self {
            Lie::Html200 => Fault::answer(
                200,
                Some("text/html; charset=utf-8"),
                "<html><body>Sign in to continue</body></html>",
            ),
            Lie::Empty(status) => Fault::answer(status, None, ""),
            Lie::WrongStatus => Fault::restatus(202),
        }
    }
}
