//! [`Error`]: what can go wrong in roster sync, beside a request that failed.

/// The result of the crate's fallible operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What can go wrong in roster sync: a request to the API that failed, or what the roster
/// itself finds (a league that kept changing while it was read).
///
/// Variants can grow: match them with a `_` arm.
///
/// ```
/// use polympics_roster::{Error, Roster};
///
/// # fn demo(client: &polympics::UnauthenticatedClient) {
/// match Roster::fetch(client) {
///     Ok(roster) => println!("{} accounts", roster.accounts().len()),
///     Err(Error::KeptChanging { .. }) => println!("busy league: try again later"),
///     Err(Error::Api(err)) => eprintln!("HTTP {:?}: {err}", err.code()),
///     Err(err) => eprintln!("{err}"),
/// }
/// # }
/// ```
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The API client failed: a request that failed, or input it refused before sending
    /// (see [`polympics::Error`]).
    #[error(transparent)]
    Api(#[from] polympics::Error),

    /// What was read or done kept changing under it, every time it was tried: a snapshot
    /// whose listings disagreed on every read, or a team that kept gaining members while
    /// it was merged. Nothing is wrong with the request; try again when the league is
    /// quieter.
    #[error(
        "{} kept changing while it was read ({attempts} attempts; the last time {}); try \
         again when the league is quieter",
        polympics::Escaped(what.as_str()),
        polympics::Escaped(reason.as_str())
    )]
    #[non_exhaustive]
    KeptChanging {
        /// What was being read or done, such as `the league at http://...`.
        what: String,
        /// How many times it was tried.
        attempts: u32,
        /// What changed the last time (`2 accounts were added or removed`).
        reason: String,
    },
}

impl Error {
    /// The API client's error, if a request failed (or was refused before sending).
    pub fn api(&self) -> Option<&polympics::Error> {
        match self {
            Error::Api(err) => Some(err),
            Error::KeptChanging { .. } => None,
        }
    }

    /// The HTTP status of the answer behind the error, where a request got one.
    pub fn code(&self) -> Option<u16> {
        self.api().and_then(polympics::Error::code)
    }

    /// Whether a write may have been carried out although it failed (see
    /// [`polympics::Error::may_have_been_applied`]).
    pub fn may_have_been_applied(&self) -> bool {
        self.api()
            .is_some_and(polympics::Error::may_have_been_applied)
    }
}
