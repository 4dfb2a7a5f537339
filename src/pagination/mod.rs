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
//!
//! Files: `query` (the query and its filters), `request` (a page's request), `page` (a
//! page and its counts), `cursor` (the lazy iterators over results, pages and raw pages).

mod cursor;
mod page;
mod query;
mod request;

pub use cursor::{Listing, Pages, RawPages};
pub use page::Page;
pub use query::{AccountQuery, ListQuery, TeamQuery};
pub use request::{PageCounts, DEFAULT_PER_PAGE};
