//! The server: its threads and connections, its control surface, and how one request is
//! answered.

use std::io;
use std::sync::mpsc::{self, Sender};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

use polympics::{
    AppClient, Client, ClientBuilder, Credentials, Permissions, RetryPolicy, UnauthenticatedClient,
    UserClient,
};

use polympics::auth::AuthKind;

use crate::context::Ctx;
use crate::database::{Database, DiscordUser};
use crate::delivery::{Deliveries, Delivery, Pending};
use crate::demo::{self, DemoLeague};
use crate::faults::{Effect, Fault, Faults};
use crate::http::{Reply, Request};
use crate::router;
use crate::wire::{Action, Handled, Wire};

/// How long dropping the server waits for a callback delivery in progress.
const DELIVERY_GRACE: Duration = Duration::from_secs(1);

/// A request the test server received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordedRequest {
    /// The method, such as `GET`.
    pub method: String,
    /// The path with its query string, as sent (`/teams/search?page=0&per_page=20`).
    pub url: String,
}

struct Shared {
    db: Mutex<Database>,
    deliveries: Deliveries,
    outbox: Mutex<Option<Sender<Pending>>>,
    requests: Mutex<Vec<RecordedRequest>>,
    /// Signalled each time a request is recorded.
    recorded: Condvar,
    faults: Mutex<Faults>,
}

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// An in-memory Polympics API server on `127.0.0.1`, stopped when dropped.
///
/// It starts empty, with signups open. See the [crate documentation](crate).
pub struct TestServer {
    url: String,
    shared: Arc<Shared>,
    wire: Option<Wire>,
    sender: Option<JoinHandle<()>>,
}

impl std::fmt::Debug for TestServer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestServer")
            .field("url", &self.url)
            .finish_non_exhaustive()
    }
}

impl TestServer {
    /// Starts a server on a free port of `127.0.0.1`.
    ///
    /// # Panics
    ///
    /// If no port can be bound; [`try_start`](Self::try_start) returns the error instead.
    pub fn start() -> TestServer {
        match Self::try_start() {
            Ok(server) => server,
            Err(err) => panic!("the Polympics test server could not start: {err}"),
        }
    }

    /// Starts a server on a free port of `127.0.0.1`, or says why it could not.
    pub fn try_start() -> io::Result<TestServer> {
        Self::try_start_on(0)
    }

    /// Starts a server on this port of `127.0.0.1` (0 for a free one), or says why it could
    /// not (the port is taken).
    pub fn try_start_on(port: u16) -> io::Result<TestServer> {
        let (outbox, queue) = mpsc::channel();
        let shared = Arc::new(Shared {
            db: Mutex::new(Database::new()),
            deliveries: Deliveries::default(),
            outbox: Mutex::new(Some(outbox)),
            requests: Mutex::new(Vec::new()),
            recorded: Condvar::new(),
            faults: Mutex::new(Faults::default()),
        });
        let sender = {
            let shared = shared.clone();
            std::thread::Builder::new()
                .name("polympics-test-callbacks".into())
                .spawn(move || shared.deliveries.run(queue))?
        };
        let wire = {
            let shared = shared.clone();
            Wire::start(port, move |request| handle(&shared, request))?
        };
        Ok(TestServer {
            url: format!("http://127.0.0.1:{}", wire.port()),
            shared,
            wire: Some(wire),
            sender: Some(sender),
        })
    }

    /// The base URL, such as `http://127.0.0.1:41234`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// An unauthenticated client for this server.
    pub fn client(&self) -> UnauthenticatedClient {
        self.configure(UnauthenticatedClient::builder(&self.url))
    }

    /// An app client for this server.
    pub fn app_client(&self, credentials: impl Into<Credentials>) -> AppClient {
        self.configure(AppClient::builder(&self.url, credentials))
    }

    /// A user client for this server.
    pub fn user_client(&self, session: impl Into<Credentials>) -> UserClient {
        self.configure(UserClient::builder(&self.url, session))
    }

    /// Clients of the test server retry as [`RetryPolicy::new`] does, with waits of at most
    /// 100 ms, so that tests stay quick.
    fn configure<A: AuthKind>(&self, builder: ClientBuilder<A>) -> Client<A> {
        let retry =
            RetryPolicy::new().backoff(Duration::from_millis(10), Duration::from_millis(100));
        match builder.no_proxy().retry(retry).build() {
            Ok(client) => client,
            Err(err) => panic!("the test server's URL is valid: {err}"),
        }
    }

    fn db(&self) -> MutexGuard<'_, Database> {
        lock(&self.shared.db)
    }

    /// Creates an app, as the real server's command line does, and returns its credentials
    /// (for [`app_client`](Self::app_client) or your own client). Apps cannot hold
    /// `MANAGE_OWN_TEAM` (bit 5); it is dropped.
    pub fn create_app(&self, name: &str, permissions: Permissions) -> Credentials {
        self.db()
            .create_app(name, permissions - Permissions::MANAGE_OWN_TEAM)
    }

    /// Fills the server with a small league: five teams, 36 accounts (all but three in a
    /// team, one captain per team with `MANAGE_OWN_TEAM`), and a few awards given out.
    /// Returns an app with every app permission, and the IDs created.
    pub fn seed_demo_league(&self) -> DemoLeague {
        let app = self.create_app("demo-admin", Permissions::all());
        demo::seed(&mut self.db(), app)
    }

    /// Opens or closes signups (open at start).
    pub fn set_signups_open(&self, open: bool) {
        self.db().signups_open = open;
    }

    /// Makes `token` a Discord OAuth2 token of this user, for
    /// [`discord_authenticate`](polympics::Client::discord_authenticate) and
    /// [`AccountUpdate::discord_token`](polympics::AccountUpdate::discord_token). Any other token
    /// is refused as Discord would.
    pub fn add_discord_user(&self, token: &str, id: u64, name: &str, discriminator: &str) {
        self.insert_discord_user(token, id, name, discriminator, None);
    }

    /// Like [`add_discord_user`](Self::add_discord_user), for a user with an avatar (its
    /// Discord hash): the account's avatar URL then points at Discord's CDN.
    pub fn add_discord_user_with_avatar(
        &self,
        token: &str,
        id: u64,
        name: &str,
        discriminator: &str,
        avatar_hash: &str,
    ) {
        self.insert_discord_user(token, id, name, discriminator, Some(avatar_hash.to_owned()));
    }

    fn insert_discord_user(
        &self,
        token: &str,
        id: u64,
        name: &str,
        discriminator: &str,
        avatar: Option<String>,
    ) {
        let user = DiscordUser {
            id,
            name: name.to_owned(),
            discriminator: discriminator.to_owned(),
            avatar,
        };
        self.db().discord.insert(token.to_owned(), user);
    }

    /// Makes the fake Discord answer `token` with an HTML page instead of JSON (as its CDN
    /// does when Discord is down). The real server does not catch the failure to decode it:
    /// `POST /auth/discord` and a `PATCH /account/{id}` with this `discord_token` answer 500,
    /// here as there.
    ///
    /// ```
    /// use polympics_test_server::TestServer;
    ///
    /// let server = TestServer::start();
    /// server.add_discord_html_answer("html-token");
    /// let err = server.client().discord_authenticate("html-token").unwrap_err();
    /// assert_eq!(err.code(), Some(500));
    /// ```
    pub fn add_discord_html_answer(&self, token: &str) {
        self.db().discord_html.insert(token.to_owned());
    }

    /// Sends every callback delivery to `url` (a local receiver) instead of the registered
    /// URL; `None` goes back to the registered URLs.
    pub fn redirect_callbacks(&self, url: Option<&str>) {
        self.shared.deliveries.set_redirect(url.map(str::to_owned));
    }

    /// Every callback delivery attempted so far, oldest first.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.deliveries.snapshot()
    }

    /// Waits until at least `count` deliveries were attempted (or `timeout` passed), and
    /// returns them all. Deliveries are sent after the reply, on another thread: wait for
    /// them rather than sleeping.
    pub fn wait_for_deliveries(&self, count: usize, timeout: Duration) -> Vec<Delivery> {
        self.shared.deliveries.wait_for(count, timeout)
    }

    /// Moves the server's clock forward, to expire sessions without waiting 30 days.
    pub fn advance_clock(&self, by: Duration) {
        self.db().clock_offset += by;
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<RecordedRequest> {
        lock(&self.shared.requests).clone()
    }

    /// How many requests were received so far.
    pub fn request_count(&self) -> usize {
        lock(&self.shared.requests).len()
    }

    /// Waits until at least `count` requests were received since the last
    /// [`clear_requests`](Self::clear_requests) (or `timeout` passed), and returns them:
    /// to know that a client in another thread or process got as far as a request, without
    /// sleeping.
    pub fn wait_for_requests(&self, count: usize, timeout: Duration) -> Vec<RecordedRequest> {
        let requests = lock(&self.shared.requests);
        let (requests, _) = self
            .shared
            .recorded
            .wait_timeout_while(requests, timeout, |requests| requests.len() < count)
            .unwrap_or_else(PoisonError::into_inner);
        requests.clone()
    }

    /// Forgets the requests received so far (for counting the requests of one step).
    pub fn clear_requests(&self) {
        lock(&self.shared.requests).clear();
    }

    /// Makes the server fail requests as `fault` says, to test how your code handles
    /// failures: a 429 or 503 with `Retry-After`, a redirect, a stalled body, a dropped
    /// connection. Faults apply in the order they were injected, each to as many matching
    /// requests as it says.
    ///
    /// ```
    /// use polympics_test_server::{Fault, TestServer};
    ///
    /// let server = TestServer::start();
    /// server.inject(Fault::status(503).times(2));
    /// // The client retries reads after a 503: this works, on the third attempt.
    /// assert!(server.client().check_signups()?);
    /// assert_eq!(server.request_count(), 3);
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn inject(&self, fault: Fault) {
        lock(&self.shared.faults).push(fault);
    }

    /// Removes the faults not used up yet.
    pub fn clear_faults(&self) {
        lock(&self.shared.faults).clear();
    }
}

impl Drop for TestServer {
    /// Stops the server: every connection is closed at once, and a callback delivery in
    /// progress is waited for at most a second (it ends by its own timeout).
    fn drop(&mut self) {
        // A request held at a gate is let through: its connection can then close.
        lock(&self.shared.faults).open_gates();
        drop(self.wire.take());
        lock(&self.shared.outbox).take();
        self.shared.deliveries.stop();
        if let Some(sender) = self.sender.take() {
            if self.shared.deliveries.wait_stopped(DELIVERY_GRACE) {
                let _ = sender.join();
            }
        }
    }
}

/// Answers one request: an injected fault, or the route's answer.
fn handle(shared: &Arc<Shared>, request: Request) -> Handled {
    lock(&shared.requests).push(RecordedRequest {
        method: request.method.clone(),
        url: request.url.clone(),
    });
    shared.recorded.notify_all();
    let effect = lock(&shared.faults).take(&request);
    if let Some(Effect::Instead(action)) = effect {
        return action.into();
    }
    if let Some(Effect::Hold(gate)) = &effect {
        gate.pass();
    }
    let mut pending = Vec::new();
    let reply = {
        let mut db = lock(&shared.db);
        let mut ctx = Ctx {
            db: &mut db,
            req: &request,
            deliveries: &mut pending,
        };
        router::route(&mut ctx)
    };
    let action = match effect {
        Some(Effect::Restatus(status)) => Action::Reply(Reply { status, ..reply }),
        Some(Effect::StallAnswer) => Action::Stall(reply),
        Some(Effect::LoseAnswer) => Action::Drop,
        _ => Action::Reply(reply),
    };
    // Callbacks go out once the answer is on the wire, as on the real server.
    let after = (!pending.is_empty()).then(|| {
        let shared = shared.clone();
        Box::new(move || {
            if let Some(outbox) = lock(&shared.outbox).as_ref() {
                for delivery in pending {
                    let _ = outbox.send(delivery);
                }
            }
        }) as Box<dyn FnOnce() + Send>
    });
    Handled { action, after }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_server_can_be_shared_between_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<TestServer>();
        let server = TestServer::start();
        let creds = server.create_app("threads", Permissions::all());
        std::thread::scope(|scope| {
            for i in 0..4 {
                let (server, creds) = (&server, creds.clone());
                scope.spawn(move || {
                    let app = server.app_client(creds);
                    app.create_team(format!("team {i}")).unwrap();
                });
            }
        });
        assert_eq!(server.client().list_teams().into_iter().count(), 4);
        assert_eq!(server.request_count(), 5);
    }

    #[test]
    fn dropping_the_server_stops_it() {
        let server = TestServer::start();
        let client = server.client();
        assert!(client.check_signups().unwrap());
        drop(server);
        assert!(client.check_signups().is_err());
    }
}
