//! Lazy, page-at-a-time listings of accounts and teams.
//!
//! A listing is a builder and an [`Iterator`] in one: set the filters, then iterate. It
//! fetches page 0 on the first `next()`, keeps one page in memory, and stops by the `pages`
//! count the server reports, so `N` results cost `ceil(N / per_page)` requests (one request
//! when there are none). After an error it yields that error once and then ends.

use std::iter::FusedIterator;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::transport::query::PathBuilder;
use crate::transport::Transport;
use crate::validate;
use crate::{Account, Result, Team, TeamId};

/// The server's default page size.
pub const DEFAULT_PER_PAGE: u64 = 20;

/// One page of a listing, with the server's counts.
///
/// ```
/// let page: polympics::Page<polympics::Team> = serde_json::from_str(
///     r#"{"page":5,"per_page":2,"pages":2,"results":4,"data":[]}"#,
/// ).unwrap();
/// assert!(page.data.is_empty());
/// assert!(page.is_last());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    /// This page's number, from 0.
    pub page: u64,
    /// The page size asked for.
    pub per_page: u64,
    /// How many pages there are (0 when nothing matches).
    pub pages: u64,
    /// How many results there are in all pages.
    pub results: u64,
    /// The results on this page.
    pub data: Vec<T>,
}

impl<T> Page<T> {
    /// Whether no page follows this one.
    pub fn is_last(&self) -> bool {
        self.page.saturating_add(1) >= self.pages
    }
}

impl<T> IntoIterator for Page<T> {
    type Item = T;
    type IntoIter = std::vec::IntoIter<T>;

    fn into_iter(self) -> Self::IntoIter {
        self.data.into_iter()
    }
}

mod sealed {
    use crate::TeamId;

    pub trait Sealed {
        const PATH: &'static str;
        fn search(&self) -> Option<&str>;
        fn team(&self) -> Option<TeamId> {
            None
        }
    }
}

/// What a [`Listing`] lists: [`AccountFilter`] or [`TeamFilter`].
pub trait ListFilter: sealed::Sealed + Clone {
    /// The listed object.
    type Item: DeserializeOwned;
}

/// Filters of an account listing: a name search and a team.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AccountFilter {
    search: Option<String>,
    team: Option<TeamId>,
}

/// Filters of a team listing: a name search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TeamFilter {
    search: Option<String>,
}

impl sealed::Sealed for AccountFilter {
    const PATH: &'static str = "/accounts/search";

    fn search(&self) -> Option<&str> {
        self.search.as_deref()
    }

    fn team(&self) -> Option<TeamId> {
        self.team
    }
}

impl sealed::Sealed for TeamFilter {
    const PATH: &'static str = "/teams/search";

    fn search(&self) -> Option<&str> {
        self.search.as_deref()
    }
}

impl ListFilter for AccountFilter {
    type Item = Account;
}

impl ListFilter for TeamFilter {
    type Item = Team;
}

/// A listing of accounts, from [`list_accounts`](crate::Client::list_accounts).
pub type AccountListing = Listing<AccountFilter>;
/// A listing of teams, from [`list_teams`](crate::Client::list_teams).
pub type TeamListing = Listing<TeamFilter>;

/// A lazy listing: a builder for the query, and an iterator over every result.
///
/// It yields `Result<T>`: a failed page is yielded as one `Err`, after which the iterator
/// ends (it is fused), so `for x in listing { let x = x?; }` and
/// `listing.collect::<Result<Vec<_>>>()` both stop at the first failure.
///
/// ```no_run
/// # let client = polympics::UnauthenticatedClient::new();
/// let listing = client.list_teams().search("red").per_page(50);
/// let teams: Vec<polympics::Team> = listing.collect::<Result<_, _>>()?;
/// # Ok::<(), polympics::Error>(())
/// ```
///
/// Changing a filter or the page size restarts the iteration from the start page.
#[must_use = "a listing fetches nothing until it is iterated"]
pub struct Listing<F: ListFilter> {
    transport: Transport,
    filter: F,
    per_page: u64,
    start_page: u64,
    state: State<F::Item>,
}

struct State<T> {
    /// The page the next fetch asks for.
    next_page: u64,
    /// The current page's remaining results.
    buffer: std::vec::IntoIter<T>,
    /// The total count, once a page has told it.
    results: Option<u64>,
    /// How many results were yielded so far.
    consumed: u64,
    /// No further fetch: the last page was read, or a fetch failed.
    done: bool,
}

impl<T> State<T> {
    fn new(start_page: u64) -> Self {
        State {
            next_page: start_page,
            buffer: Vec::new().into_iter(),
            results: None,
            consumed: 0,
            done: false,
        }
    }
}

impl<F: ListFilter + Default> Listing<F> {
    pub(crate) fn new(transport: Transport) -> Self {
        Listing {
            transport,
            filter: F::default(),
            per_page: DEFAULT_PER_PAGE,
            start_page: 0,
            state: State::new(0),
        }
    }
}

impl<F: ListFilter> Listing<F> {
    /// Results per page (default 20; at least 1). Larger pages mean fewer requests.
    pub fn per_page(mut self, per_page: u64) -> Self {
        self.per_page = per_page;
        self.restart()
    }

    /// The page iteration starts from (default 0), skipping `start_page * per_page` results.
    pub fn start_page(mut self, page: u64) -> Self {
        self.start_page = page;
        self.restart()
    }

    fn restart(mut self) -> Self {
        self.state = State::new(self.start_page);
        self
    }

    /// Fetches one page (from 0) with its counts, without touching the iteration.
    ///
    /// ```no_run
    /// # let client = polympics::UnauthenticatedClient::new();
    /// let page = client.list_accounts().per_page(50).get_page(0)?;
    /// println!("page {} of {}, {} accounts in all", page.page + 1, page.pages, page.results);
    /// for account in page.data {
    ///     println!("{}", account.name);
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn get_page(&self, page: u64) -> Result<Page<F::Item>> {
        validate::per_page(self.per_page)?;
        validate::bigint("page", page)?;
        let mut path = PathBuilder::new(F::PATH);
        if let Some(search) = self.filter.search() {
            path.param("q", search);
        }
        if let Some(team) = self.filter.team() {
            path.param_u64("team", team.0);
        }
        path.param_u64("page", page)
            .param_u64("per_page", self.per_page);
        self.transport.get(&path.finish())
    }

    /// The total number of results, once the first page was fetched by iterating.
    pub fn total(&self) -> Option<u64> {
        self.state.results
    }

    /// Iterates over whole pages instead of single results, from the start page.
    ///
    /// ```no_run
    /// # let client = polympics::UnauthenticatedClient::new();
    /// for page in client.list_teams().per_page(100).pages() {
    ///     let page = page?;
    ///     eprintln!("page {}/{}", page.page + 1, page.pages);
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn pages(self) -> Pages<F> {
        Pages {
            next_page: self.start_page,
            first: true,
            done: false,
            listing: self,
        }
    }

    /// Fetches the next page into the buffer. `false` when there is nothing more to fetch.
    fn fetch(&mut self) -> Result<bool> {
        if self.state.done {
            return Ok(false);
        }
        let page = self.get_page(self.state.next_page);
        let state = &mut self.state;
        let page = match page {
            Ok(page) => page,
            Err(err) => {
                state.done = true;
                return Err(err);
            }
        };
        state.results = Some(page.results);
        state.next_page += 1;
        state.done = page.data.is_empty() || page.is_last();
        state.buffer = page.data.into_iter();
        Ok(state.buffer.len() > 0)
    }
}

impl<F: ListFilter> Iterator for Listing<F> {
    type Item = Result<F::Item>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.state.buffer.next() {
                self.state.consumed += 1;
                return Some(Ok(item));
            }
            match self.fetch() {
                Ok(true) => continue,
                Ok(false) => return None,
                Err(err) => return Some(Err(err)),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.state.buffer.len();
        if self.state.done {
            return (buffered, Some(buffered));
        }
        match self.state.results {
            // Rows can be added or removed while iterating: the count is a hint.
            Some(results) => {
                let skipped = self.start_page.saturating_mul(self.per_page);
                let left = results
                    .saturating_sub(skipped)
                    .saturating_sub(self.state.consumed);
                let left = usize::try_from(left).unwrap_or(usize::MAX);
                (buffered, Some(left.max(buffered)))
            }
            None => (0, None),
        }
    }
}

impl<F: ListFilter> FusedIterator for Listing<F> {}

impl Listing<AccountFilter> {
    /// Only accounts whose name contains `text` (case-insensitive). The server does not
    /// escape `%` and `_`: they match any run of characters and any one character.
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.filter.search = Some(text.into());
        self.restart()
    }

    /// Only members of this team (an `&Team` or a [`TeamId`]).
    pub fn team(mut self, team: impl Into<TeamId>) -> Self {
        self.filter.team = Some(team.into());
        self.restart()
    }
}

impl Listing<TeamFilter> {
    /// Only teams whose name contains `text` (case-insensitive). The server does not escape
    /// `%` and `_`: they match any run of characters and any one character.
    pub fn search(mut self, text: impl Into<String>) -> Self {
        self.filter.search = Some(text.into());
        self.restart()
    }
}

impl<F: ListFilter> std::fmt::Debug for Listing<F>
where
    F: std::fmt::Debug,
{
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Listing")
            .field("filter", &self.filter)
            .field("per_page", &self.per_page)
            .field("start_page", &self.start_page)
            .field("next_page", &self.state.next_page)
            .field("done", &self.state.done)
            .finish_non_exhaustive()
    }
}

/// An iterator over the pages of a [`Listing`], from [`Listing::pages`]. Fused: it ends after
/// the last page or the first error.
#[must_use = "pages are fetched only when iterated"]
pub struct Pages<F: ListFilter> {
    listing: Listing<F>,
    next_page: u64,
    first: bool,
    done: bool,
}

impl<F: ListFilter> Iterator for Pages<F> {
    type Item = Result<Page<F::Item>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let page = self.listing.get_page(self.next_page);
        self.next_page += 1;
        self.done = match &page {
            Ok(page) => page.is_last() || page.data.is_empty(),
            Err(_) => true,
        };
        let first = std::mem::replace(&mut self.first, false);
        match page {
            // The first page is yielded even when empty (it carries the counts); an empty
            // page after it means the listing shrank while iterating.
            Ok(page) if page.data.is_empty() && !first => None,
            page => Some(page),
        }
    }
}

impl<F: ListFilter> FusedIterator for Pages<F> {}
