//! What a listing asks the server for: the path, filters and page size, shared by the
//! query that sets them and the iterators that run them.

use serde::de::DeserializeOwned;

use super::page::Page;
use crate::error::Result;
use crate::ids::TeamId;
use crate::limits;
use crate::transport::{Method, Path, Transport};

/// The server's default page size.
pub const DEFAULT_PER_PAGE: u64 = 20;

/// A listing's request: everything but the page number.
#[derive(Debug, Clone)]
pub(super) struct PageRequest {
    pub(super) transport: Transport,
    pub(super) path: &'static str,
    pub(super) search: Option<String>,
    pub(super) team: Option<TeamId>,
    pub(super) per_page: u64,
    pub(super) start_page: u64,
}

impl PageRequest {
    pub(super) fn new(transport: Transport, path: &'static str) -> Self {
        PageRequest {
            transport,
            path,
            search: None,
            team: None,
            per_page: DEFAULT_PER_PAGE,
            start_page: 0,
        }
    }

    /// The request path of page `page`, after checking what the server would fail on: the
    /// one place where a listing's query is checked.
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

    /// Fetches page `requested` and checks that it is the page asked for, with counts that
    /// agree with each other.
    pub(super) fn fetch<T: DeserializeOwned>(&self, requested: u64) -> Result<Page<T>> {
        let response = self
            .transport
            .call(Method::Get, self.page_path(requested)?, None)?;
        let page: Page<T> = response.json(200)?;
        if page.page != requested {
            return Err(response.invalid(format!(
                "asked for page {requested} and got page {}: something between the client and \
                 the server (a cache or a proxy) may be ignoring the query string",
                page.page
            )));
        }
        let consistent = page.per_page > 0
            && page.pages == page.results.div_ceil(page.per_page)
            && page.data.len() as u64 <= page.per_page;
        if !consistent {
            return Err(response.invalid(format!(
                "the page's counts do not add up: {} results in {} pages of {}, {} on this page",
                page.results,
                page.pages,
                page.per_page,
                page.data.len()
            )));
        }
        Ok(page)
    }
}
