//! The one state machine behind both iterators: which page comes next, and when to stop.

use std::fmt;
use std::iter::FusedIterator;
use std::marker::PhantomData;

use serde::de::DeserializeOwned;

use super::page::Page;
use super::request::{PageCounts, PageRequest};
use crate::error::Result;

/// Where a listing is: the next page to ask for, and when it ends.
pub(crate) struct Cursor<T> {
    request: PageRequest,
    next: u64,
    /// How many pages there are: the fewest any answer announced, so that a listing never
    /// runs past what the first answer said.
    pages: Option<u64>,
    results: Option<u64>,
    done: bool,
    item: PhantomData<fn() -> T>,
}

impl<T> Cursor<T> {
    pub(super) fn new(request: PageRequest) -> Self {
        Cursor {
            next: request.start_page,
            request,
            pages: None,
            results: None,
            done: false,
            item: PhantomData,
        }
    }

    /// The next page, decoded by `decode` from its body (which it may borrow from: the
    /// body lives until `decode` returns), or `None` once the listing ended. A page
    /// without data, the last announced page, and an error all end it.
    fn advance_with<R>(
        &mut self,
        decode: impl FnOnce(&[u8]) -> serde_json::Result<(PageCounts, R)>,
    ) -> Option<Result<(PageCounts, R)>> {
        if self.done {
            return None;
        }
        let requested = self.next;
        let (counts, read) = match self.request.fetch_with(requested, decode) {
            Ok(page) => page,
            Err(err) => {
                self.done = true;
                return Some(Err(err));
            }
        };
        let pages = self
            .pages
            .map_or(counts.pages, |pages| pages.min(counts.pages));
        self.pages = Some(pages);
        self.results = Some(counts.results);
        // `requested` was checked to be at most 2^63 - 1.
        self.next = requested + 1;
        self.done = counts.rows == 0 || self.next >= pages;
        Some(Ok((counts, read)))
    }
}

impl<T: DeserializeOwned> Cursor<T> {
    /// The next page, decoded as `Page<T>`.
    fn advance(&mut self) -> Option<Result<Page<T>>> {
        self.advance_with(|body| {
            let page: Page<T> = serde_json::from_slice(body)?;
            Ok((PageCounts::of(&page), page))
        })
        .map(|result| result.map(|(_, page)| page))
    }
}

/// The pages of a listing, each handed as its body to a decoder that may borrow from it:
/// for readers that keep only part of each row, such as a roster snapshot of 100,000
/// accounts. Made by [`ListQuery::raw_pages`](super::ListQuery::raw_pages); it asks for
/// the same pages as [`Pages`], checks them the same way (the page asked for, counts that
/// add up) and ends where [`Pages`] ends.
///
/// ```no_run
/// use polympics::{Page, PageCounts};
/// use serde::de::IgnoredAny;
///
/// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
/// // Counts the teams without keeping (or even decoding) a single one.
/// let mut pages = client.list_teams().per_page(100).raw_pages();
/// let mut teams = 0;
/// while let Some(page) = pages.next_with(|body| {
///     let page: Page<IgnoredAny> = serde_json::from_slice(body)?;
///     Ok((PageCounts::of(&page), page.data.len()))
/// }) {
///     teams += page?.1;
/// }
/// # Ok::<(), polympics::Error>(())
/// ```
#[must_use = "raw pages fetch nothing until read"]
pub struct RawPages {
    cursor: Cursor<()>,
}

impl RawPages {
    pub(super) fn new(request: PageRequest) -> Self {
        RawPages {
            cursor: Cursor::new(request),
        }
    }

    /// Fetches the next page and hands its body to `decode`, which returns the page's
    /// counts and what it made of the rows (it may borrow from the body, which lives until
    /// it returns). `None` once the listing ended; a page without rows, the last announced
    /// page and an error all end it.
    ///
    /// # Errors
    ///
    /// Those of the request, and [`Error::InvalidResponse`](crate::Error::InvalidResponse)
    /// when `decode` fails, or the page is not the one asked for, or its counts do not add
    /// up.
    pub fn next_with<R>(
        &mut self,
        decode: impl FnOnce(&[u8]) -> serde_json::Result<(PageCounts, R)>,
    ) -> Option<Result<(PageCounts, R)>> {
        self.cursor.advance_with(decode)
    }
}

impl fmt::Debug for RawPages {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("RawPages").field(&self.cursor).finish()
    }
}

impl<T> fmt::Debug for Cursor<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Cursor")
            .field("request", &self.request)
            .field("next_page", &self.next)
            .field("pages", &self.pages)
            .field("results", &self.results)
            .field("done", &self.done)
            .finish()
    }
}

/// A lazy iterator over every result of a [`ListQuery`](super::ListQuery), one page in
/// memory at a time.
///
/// It yields `Result<T>`: a failed page is yielded as one `Err`, after which the iterator
/// ends (it is fused), so `for x in listing { let x = x?; }` and
/// `listing.collect::<Result<Vec<_>>>()` both stop at the first failure.
///
/// ```no_run
/// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
/// let mut listing = client.list_teams().search("red").per_page(50).into_iter();
/// while let Some(team) = listing.next() {
///     println!("{} ({} in all)", team?.name, listing.total().unwrap_or(0));
/// }
/// # Ok::<(), polympics::Error>(())
/// ```
#[must_use = "a listing fetches nothing until it is iterated"]
pub struct Listing<T> {
    cursor: Cursor<T>,
    buffer: std::vec::IntoIter<T>,
    /// How many results were yielded so far.
    consumed: u64,
}

impl<T: DeserializeOwned> Listing<T> {
    pub(super) fn new(request: PageRequest) -> Self {
        Listing {
            cursor: Cursor::new(request),
            buffer: Vec::new().into_iter(),
            consumed: 0,
        }
    }

    /// The total number of results, once the first page was fetched.
    pub fn total(&self) -> Option<u64> {
        self.cursor.results
    }
}

impl<T: DeserializeOwned> Iterator for Listing<T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(item) = self.buffer.next() {
                self.consumed += 1;
                return Some(Ok(item));
            }
            match self.cursor.advance()? {
                Ok(page) => self.buffer = page.data.into_iter(),
                Err(err) => return Some(Err(err)),
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let buffered = self.buffer.len();
        if self.cursor.done {
            return (buffered, Some(buffered));
        }
        match self.cursor.results {
            // Rows can be added or removed while iterating: the count is a hint.
            Some(results) => {
                let request = &self.cursor.request;
                let skipped = request.start_page.saturating_mul(request.per_page);
                let left = results
                    .saturating_sub(skipped)
                    .saturating_sub(self.consumed);
                let left = usize::try_from(left).unwrap_or(usize::MAX);
                (buffered, Some(left.max(buffered)))
            }
            None => (0, None),
        }
    }
}

impl<T: DeserializeOwned> FusedIterator for Listing<T> {}

impl<T> fmt::Debug for Listing<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Listing")
            .field("cursor", &self.cursor)
            .field("buffered", &self.buffer.len())
            .field("consumed", &self.consumed)
            .finish()
    }
}

/// An iterator over the pages of a [`ListQuery`](super::ListQuery), from
/// [`ListQuery::pages`](super::ListQuery::pages). Fused: it
/// ends after the last page or the first error. The first page is yielded even when empty
/// (it carries the counts).
#[must_use = "pages are fetched only when iterated"]
pub struct Pages<T> {
    cursor: Cursor<T>,
    first: bool,
}

impl<T: DeserializeOwned> Pages<T> {
    pub(super) fn new(request: PageRequest) -> Self {
        Pages {
            cursor: Cursor::new(request),
            first: true,
        }
    }
}

impl<T: DeserializeOwned> Iterator for Pages<T> {
    type Item = Result<Page<T>>;

    fn next(&mut self) -> Option<Self::Item> {
        let first = std::mem::replace(&mut self.first, false);
        match self.cursor.advance()? {
            // An empty page after the first means the listing shrank while iterating.
            Ok(page) if page.data.is_empty() && !first => None,
            page => Some(page),
        }
    }
}

impl<T: DeserializeOwned> FusedIterator for Pages<T> {}

impl<T> fmt::Debug for Pages<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pages")
            .field("cursor", &self.cursor)
            .finish()
    }
}
