//! One page of a listing.

use serde::{Deserialize, Serialize};

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
