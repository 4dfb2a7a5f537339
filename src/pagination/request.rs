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
            limits::check_text("search", search, usize::MAX)?;
            path = path.query("q", search);
        }
        if let Some(team) = self.team {
            path = path.query("team", team);
        }
        Ok(path.query("page", page).query("per_page", self.per_page))
    }

    /// Fetches page `requested`, decodes it with `decode` (which returns the page's counts
    /// and what it made of the rows), and checks that it is the page asked for, with counts
    /// that agree with each other.
    pub(super) fn fetch_with<R>(
        &self,
        requested: u64,
        decode: impl FnOnce(&[u8]) -> serde_json::Result<(PageCounts, R)>,
    ) -> Result<(PageCounts, R)> {
        let response = self
            .transport
            .call(Method::GET, self.page_path(requested)?, None)?;
        let (counts, read) = response.read(200, decode)?;
        if counts.page != requested {
            return Err(response.invalid(format!(
                "asked for page {requested} and got page {}: something between the client and \
                 the server (a cache or a proxy) may be ignoring the query string",
                counts.page
            )));
        }
        let consistent = counts.per_page > 0
            && counts.pages == counts.results.div_ceil(counts.per_page)
            && counts.rows as u64 <= counts.per_page;
        if !consistent {
            return Err(response.invalid(format!(
                "the page's counts do not add up: {} results in {} pages of {}, {} on this page",
                counts.results, counts.pages, counts.per_page, counts.rows
            )));
        }
        Ok((counts, read))
    }
}

impl PageRequest {
    /// Fetches page `requested`, decoded as `Page<T>`.
    pub(super) fn fetch<T: DeserializeOwned>(&self, requested: u64) -> Result<Page<T>> {
        self.fetch_with(requested, |body| {
            let page: Page<T> = serde_json::from_slice(body)?;
            Ok((PageCounts::of(&page), page))
        })
        .map(|(_, page)| page)
    }
}

/// What every page of a listing says of itself: where it is, and how many results there
/// are. A [`RawPages`](crate::RawPages) decoder reads them from each page's body.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PageCounts {
    /// Its number, from 0 (`page`).
    pub page: u64,
    /// The page size (`per_page`).
    pub per_page: u64,
    /// How many pages there are (`pages`).
    pub pages: u64,
    /// How many results there are in all (`results`).
    pub results: u64,
    /// How many rows this page holds (the length of `data`).
    pub rows: usize,
}

impl PageCounts {
    /// The counts of a decoded page.
    pub fn of<T>(page: &Page<T>) -> Self {
        PageCounts {
            page: page.page,
            per_page: page.per_page,
            pages: page.pages,
            results: page.results,
            rows: page.data.len(),
        }
    }
}
