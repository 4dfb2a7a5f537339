//! What a fetch tells its caller after each page.

/// Where a [`Roster::fetch_with`](super::Roster::fetch_with) is, after each page.
///
/// ```
/// use polympics_roster::{FetchProgress, Listed, Roster};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let mut seen = Vec::new();
/// Roster::fetch_with(&app, 20, |p: &FetchProgress| seen.push((p.listing, p.fetched, p.total, p.read)))?;
/// assert_eq!(seen, [(Listed::Teams, 5, 5, 1), (Listed::Accounts, 20, 36, 1), (Listed::Accounts, 36, 36, 1)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FetchProgress {
    /// What is being listed.
    pub listing: Listed,
    /// How many of them were read so far.
    pub fetched: u64,
    /// How many there are, as the server counts them.
    pub total: u64,
    /// How many requests the snapshot made so far.
    pub requests: u64,
    /// Which read of the league this is: 1, or more when the league changed while it was
    /// read and is read again.
    pub read: u32,
}

/// What a [`FetchProgress`] is about.
///
/// ```
/// use polympics_roster::{FetchProgress, Listed};
///
/// fn label(progress: &FetchProgress) -> &'static str {
///     match progress.listing {
///         Listed::Teams => "teams",
///         Listed::Accounts => "accounts",
///         _ => "other",
///     }
/// }
/// # let _ = label;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Listed {
    /// Teams (listed first).
    Teams,
    /// Accounts.
    Accounts,
}
