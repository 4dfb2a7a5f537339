//! The query a listing starts from: filters and page size, fixed once it runs.

use std::fmt;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::cursor::{Listing, Pages, RawPages};
use super::page::Page;
use super::request::PageRequest;
use crate::error::Result;
use crate::ids::TeamId;
use crate::models::{Account, Team};
use crate::transport::Transport;

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
/// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
/// for team in client.list_teams().search_literal("100%").per_page(50) {
///     println!("{}", team?.name);
/// }
/// let teams: Vec<polympics::Team> = client.list_teams().into_iter().collect::<Result<_, _>>()?;
/// # Ok::<(), polympics::Error>(())
/// ```
#[must_use = "a listing fetches nothing until it is iterated"]
pub struct ListQuery<T> {
    request: PageRequest,
    item: PhantomData<fn() -> T>,
}

impl<T> Clone for ListQuery<T> {
    fn clone(&self) -> Self {
        ListQuery {
            request: self.request.clone(),
            item: PhantomData,
        }
    }
}

impl<T> fmt::Debug for ListQuery<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ListQuery").field(&self.request).finish()
    }
}

impl<T: DeserializeOwned> ListQuery<T> {
    fn new(transport: Transport, path: &'static str) -> Self {
        ListQuery {
            request: PageRequest::new(transport, path),
            item: PhantomData,
        }
    }

    /// Results per page (default 20; at least 1). Larger pages mean fewer requests; the
    /// server has no upper bound.
    pub fn per_page(mut self, per_page: u64) -> Self {
        self.request.per_page = per_page;
        self
    }

    /// The page iteration starts from (default 0), skipping `start_page * per_page` results.
    pub fn start_page(mut self, page: u64) -> Self {
        self.request.start_page = page;
        self
    }

    /// Only results whose name matches `pattern`, ignoring case, as the server's SQL
    /// `name ILIKE '%<pattern>%'`: in `pattern`, `%` matches any run of characters, `_`
    /// any one character, and `\` makes the next character literal. A pattern ending in an
    /// odd number of `\` escapes the server's own closing `%` and matches only names that
    /// *end* with the text. To find names that contain text exactly as written, use
    /// [`search_literal`](Self::search_literal).
    pub fn search(mut self, pattern: impl Into<String>) -> Self {
        self.request.search = Some(pattern.into());
        self
    }

    /// Only results whose name contains `text`, ignoring case, with `%`, `_` and `\` in it
    /// taken literally (the crate escapes them).
    ///
    /// ```no_run
    /// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
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
    /// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
    /// let page = client.list_accounts().per_page(50).get_page(0)?;
    /// println!("page {} of {}, {} accounts in all", page.page + 1, page.pages, page.results);
    /// for account in page.data {
    ///     println!("{}", account.name);
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn get_page(&self, page: u64) -> Result<Page<T>> {
        self.request.fetch(page)
    }

    /// Iterates over whole pages instead of single results, from the start page.
    ///
    /// ```no_run
    /// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
    /// for page in client.list_teams().per_page(100).pages() {
    ///     let page = page?;
    ///     eprintln!("page {}/{}", page.page + 1, page.pages);
    /// }
    /// # Ok::<(), polympics::Error>(())
    /// ```
    pub fn pages(self) -> Pages<T> {
        Pages::new(self.request)
    }

    /// The pages, each handed as its body to a decoder that keeps only what it needs: see
    /// [`RawPages`].
    pub fn raw_pages(self) -> RawPages {
        RawPages::new(self.request)
    }
}

impl<T: DeserializeOwned> IntoIterator for ListQuery<T> {
    type Item = Result<T>;
    type IntoIter = Listing<T>;

    fn into_iter(self) -> Listing<T> {
        Listing::new(self.request)
    }
}

impl AccountQuery {
    pub(crate) fn accounts(transport: Transport) -> Self {
        ListQuery::new(transport, "/accounts/search")
    }

    /// Only members of this team (an `&Team` or a [`TeamId`]).
    pub fn team(mut self, team: impl Into<TeamId>) -> Self {
        self.request.team = Some(team.into());
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
