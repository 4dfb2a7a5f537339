//! Listings of accounts and teams: a query, then a lazy iterator over its results.
//!
//! [`list_accounts`](crate::Client::list_accounts) and
//! [`list_teams`](crate::Client::list_teams) return a [`ListQuery`]: set its filters and
//! page size, then iterate it (it is [`IntoIterator`]). The query is fixed once iteration
//! starts. The iterator fetches page 0 on the first `next()`, keeps one page in memory, and
//! stops by the `pages` count the server reports, so `N` results cost
//! `ceil(N / per_page)` requests (one request when there are none). After an error it
//! yields that error once and then ends.
//!
//! A listing always ends: it stops at the last page the server announced (never later
//! than the first answer said), on an empty page, and with an
//! [`InvalidResponse`](crate::Error::InvalidResponse) error on a page other than the one
//! it asked for (a cache or proxy that ignores the query string).

mod cursor;

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

pub use cursor::{Listing, Pages};

use crate::error::Result;
use crate::ids::TeamId;
use crate::limits;
use crate::models::{Account, Team};
use crate::transport::{Path, Transport};

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
#[non_exhaustive]
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

/// A listing of accounts, from [`list_accounts`](crate::Client::list_accounts).
pub type AccountQuery = ListQuery<Account>;
/// A listing of teams, from [`list_teams`](crate::Client::list_teams).
pub type TeamQuery = ListQuery<Team>;

/// What to list: the filters and page size of a listing, before it runs.
///
/// Iterate it (`for`, or [`into_iter`](IntoIterator::into_iter)) for every result, call
/// [`pages`](Self::pages) for whole pages, or [`get_page`](Self::get_page) for one.
///
/// ```no_run
/// # let client = polympics::UnauthenticatedClient::new();
/// for team in client.list_teams().search_literal("100%").per_page(50) {
///     println!("{}", team?.name);
/// }
/// let teams: Vec<polympics::Team> = client.list_teams().into_iter().collect::<Result<_, _>>()?;
/// # Ok::<(), polympics::Error>(())
/// ```
#[must_use = "a listing fetches nothing until it is iterated"]
pub struct ListQuery<T> {
    transport: Transport,
    path: &'static str,
    search: Option<String>,
    team: Option<TeamId>,
    per_page: u64,
    start_page: u64,
    item: PhantomData<fn() -> T>,
}

impl<T> Clone for ListQuery<T> {
    fn clone(&self) -> Self {
        ListQuery {
            transport: self.transport.clone(),
            path: self.path,
            search: self.search.clone(),
            team: self.team,
            per_page: self.per_page,
            start_page: self.start_page,
            item: PhantomData,
        }
    }
}

impl<T> fmt::Debug for ListQuery<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ListQuery")
            .field("path", &self.path)
            .field("search", &self.search)
            .field("team", &self.team)
            .field("per_page", &self.per_page)
            .field("start_page", &self.start_page)
            .finish()
    }
}

impl<T: DeserializeOwned> ListQuery<T> {
    fn new(transport: Transport, path: &'static str) -> Self {
        ListQuery {
            transport,
            path,
            search: None,
            team: None,
            per_page: DEFAULT_PER_PAGE,
            start_page: 0,
            item: PhantomData,
        }
    }

    /// Results per page (default 20; at least 1). Larger pages mean fewer requests; the
    /// server has no upper bound.
    pub fn per_page(mut self, per_page: u64) -> Self {
        self.per_page = per_page;
        self
    }

    /// The page iteration starts from (default 0), skipping `start_page * per_page` results.
    pub fn start_page(mut self, page: u64) -> Self {
        self.start_page = page;
        self
    }

    /// Only results whose name matches `pattern`, ignoring case, as the server's SQL
    /// `name ILIKE '%<pattern>%'`: in `pattern`, `%` matches any run of characters, `_`
    /// any one character, and `\` makes the next character literal. A pattern ending in an
    /// odd number of `\` escapes the server's own closing `%` and matches only names that
    /// *end* with the text. To find names that contain text exactly as written, use
    /// [`search_literal`](Self::search_literal).
    pub fn search(mut self, pattern: impl Into<String>) -> Self {
        self.search = Some(pattern.into());
        self
    }

    /// Only results whose name contains `text`, ignoring case, with `%`, `_` and `\` in it
    /// taken literally (the crate escapes them).
    ///
    /// ```no_run
    /// # let client = polympics::UnauthenticatedClient::new();
    /// // Finds "100% Sure" but not "100 Percent".
    /// let teams = client.list_teams().search_literal("100%").get_page(0)?;
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn search_literal(self, text: impl AsRef<str>) -> Self {
        self.search(escape_like(text.as_ref()))
    }

    /// Fetches one page (from 0) with its counts.
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
    pub fn get_page(&self, page: u64) -> Result<Page<T>> {
        cursor::fetch(&self.transport, self.page_path(page)?, page)
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
    pub fn pages(self) -> Pages<T> {
        Pages::new(self)
    }

    /// The request path of page `page`, after checking what the server would fail on.
    fn page_path(&self, page: u64) -> Result<Path> {
        limits::per_page(self.per_page)?;
        limits::bigint("page", page)?;
        limits::bigint("page", page.saturating_mul(self.per_page))?;
        let mut path = Path::new(self.path);
        if let Some(search) = &self.search {
            limits::text("search", search, usize::MAX)?;
            path = path.query("q", search);
        }
        if let Some(team) = self.team {
            path = path.query("team", team);
        }
        Ok(path.query("page", page).query("per_page", self.per_page))
    }
}

impl<T: DeserializeOwned> IntoIterator for ListQuery<T> {
    type Item = Result<T>;
    type IntoIter = Listing<T>;

    fn into_iter(self) -> Listing<T> {
        Listing::new(self)
    }
}

impl AccountQuery {
    pub(crate) fn accounts(transport: Transport) -> Self {
        ListQuery::new(transport, "/accounts/search")
    }

    /// Only members of this team (an `&Team` or a [`TeamId`]).
    pub fn team(mut self, team: impl Into<TeamId>) -> Self {
        self.team = Some(team.into());
        self
    }
}

impl TeamQuery {
    pub(crate) fn teams(transport: Transport) -> Self {
        ListQuery::new(transport, "/teams/search")
    }
}

/// `text` as a LIKE pattern that matches it literally: `\`, `%` and `_` escaped with `\`.
fn escape_like(text: &str) -> String {
    let mut pattern = String::with_capacity(text.len() + 4);
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_searches_escape_the_wildcards() {
        assert_eq!(escape_like("100%"), "100\\%");
        assert_eq!(escape_like("under_score"), "under\\_score");
        assert_eq!(escape_like("back\\slash"), "back\\\\slash");
        assert_eq!(escape_like("plain é"), "plain é");
    }
}
