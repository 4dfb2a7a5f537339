//! Fetching a roster: the two listings read page by page straight into the rows, checked,
//! and read again while the league keeps changing under them.

use super::progress::{FetchProgress, Listed};
use super::rows::Builder;
use super::SNAPSHOT_PER_PAGE;
use super::{check, read, settle, Roster, MAX_SNAPSHOT_READS, REREAD_PAUSE};
use crate::error::{Error, Result};
use polympics::auth::AuthKind;
use polympics::Client;
use polympics::RawPages;

impl Roster {
    /// Fetches the whole league through `client`.
    pub fn fetch<A: AuthKind>(client: &Client<A>) -> Result<Roster> {
        Roster::fetch_with(client, SNAPSHOT_PER_PAGE, |_| {})
    }

    /// Fetches the whole league with `per_page` results a request, telling `progress`
    /// after every page (for a progress bar).
    pub fn fetch_with<A: AuthKind>(
        client: &Client<A>,
        per_page: u64,
        mut progress: impl FnMut(&FetchProgress),
    ) -> Result<Roster> {
        let mut requests = 0;
        let mut reason = String::new();
        let roster = |taken_at, store, changed| Roster {
            taken_at,
            source: Some(client.base_url().to_owned()),
            store,
            changed,
        };
        for read in 1..MAX_SNAPSHOT_READS {
            let taken_at = super::now_to_the_microsecond();
            let reader = Reader {
                read,
                whole: false,
                requests: &mut requests,
                progress: &mut progress,
                builder: Builder::default(),
            };
            match reader.read_league(client, per_page)? {
                Ok(store) => return Ok(roster(taken_at, store, Vec::new())),
                Err(changed) => reason = changed,
            }
            let pause = REREAD_PAUSE * 2u32.pow(read - 1);
            log::info!(
                "the league at {} changed while it was read ({reason}); reading it again in \
                 {pause:?}",
                client.base_url()
            );
            client.clock().sleep(pause);
        }
        // The last read: two whole reads, with pages of different sizes so that their
        // edges differ, settled into one.
        let taken_at = super::now_to_the_microsecond();
        let kept_changing = |reason: String| Error::KeptChanging {
            what: format!("the league at {}", client.base_url()),
            attempts: MAX_SNAPSHOT_READS,
            reason,
        };
        let mut whole = |read: u32, per_page: u64| -> Result<super::Store> {
            let reader = Reader {
                read,
                whole: true,
                requests: &mut requests,
                progress: &mut progress,
                builder: Builder::default(),
            };
            // A whole read is never abandoned: its rows are checked by settling.
            reader.read_league(client, per_page)?.map_err(kept_changing)
        };
        let first = whole(MAX_SNAPSHOT_READS, per_page)?;
        let second = whole(MAX_SNAPSHOT_READS + 1, other_page_size(per_page))?;
        match settle::settle(client, &first, &second)? {
            Ok(settled) => {
                log::info!(
                    "the league at {} kept changing while it was read ({reason}); {} accounts \
                     listed by one of the last two reads only were fetched one by one",
                    client.base_url(),
                    settled.changed.len()
                );
                Ok(roster(taken_at, settled.store, settled.changed))
            }
            Err(too_many) => Err(kept_changing(too_many)),
        }
    }
}

/// A page size whose pages' edges fall elsewhere than those of `per_page`.
fn other_page_size(per_page: u64) -> u64 {
    match per_page {
        0 | 1 => 2,
        n => n - 1,
    }
}

/// One read of the league.
struct Reader<'a, P> {
    read: u32,
    /// Every page is read, and the rows kept, whatever changed meanwhile (a settling
    /// read): its store is never `Err`.
    whole: bool,
    requests: &'a mut u64,
    progress: &'a mut P,
    builder: Builder,
}

impl<P: FnMut(&FetchProgress)> Reader<'_, P> {
    /// The league's rows, or `Err` with what changed while it was read.
    fn read_league<A: AuthKind>(
        mut self,
        client: &Client<A>,
        per_page: u64,
    ) -> Result<std::result::Result<super::Store, String>> {
        let teams = client.list_teams().per_page(per_page).raw_pages();
        let team_total = match self.read_all(teams, Listed::Teams)? {
            Ok(total) => total,
            Err(changed) => return Ok(Err(changed)),
        };
        self.builder.teams_done();
        if self.whole {
            if let Err(changed) = self.read_accounts_whole(client, per_page)? {
                return Ok(Err(changed));
            }
            return Ok(Ok(self.builder.finish().0));
        }
        let accounts = client.list_accounts().per_page(per_page).raw_pages();
        let account_total = match self.read_all(accounts, Listed::Accounts)? {
            Ok(total) => total,
            Err(changed) => return Ok(Err(changed)),
        };
        let (store, problem) = self.builder.finish();
        Ok(check::consistent(&store, team_total, account_total, problem).map(|()| store))
    }

    /// Every page of the accounts, whatever changes meanwhile; and after a page that
    /// announces fewer accounts than the one before (accounts deleted meanwhile), the page
    /// before again: the deletions moved the first rows of this page back across the
    /// edge, onto it. Rows read twice keep their last copy. `Err` when the listing grows
    /// faster than it is read (twice the pages it started with, and 10 more).
    fn read_accounts_whole<A: AuthKind>(
        &mut self,
        client: &Client<A>,
        per_page: u64,
    ) -> Result<std::result::Result<(), String>> {
        let per_page = per_page.max(1);
        let (mut page, mut before, mut fetched) = (0u64, None::<u64>, 0u64);
        let mut last_page = u64::MAX;
        loop {
            if page > last_page {
                return Ok(Err(format!(
                    "the accounts grew faster than they were read ({fetched} read in {page} \
                     pages)"
                )));
            }
            let Some(counts) = self.read_page(client, per_page, page)? else {
                break;
            };
            fetched += counts.rows as u64;
            if page == 0 {
                self.builder.reserve_accounts(counts.results);
                last_page = counts.results.div_ceil(per_page).saturating_mul(2) + 10;
            }
            if page > 0 && before.is_some_and(|before| counts.results < before) {
                self.read_page(client, per_page, page - 1)?;
            }
            (self.progress)(&FetchProgress {
                listing: Listed::Accounts,
                fetched,
                total: counts.results,
                requests: *self.requests,
                read: self.read,
            });
            before = Some(counts.results);
            // A page past the end would answer no rows: the pages that can hold the total.
            if counts.rows == 0 || (page + 1).saturating_mul(per_page) >= counts.results {
                break;
            }
            page += 1;
        }
        Ok(Ok(()))
    }

    /// Page `page` of the accounts into the rows; `None` past the end.
    fn read_page<A: AuthKind>(
        &mut self,
        client: &Client<A>,
        per_page: u64,
        page: u64,
    ) -> Result<Option<polympics::PageCounts>> {
        let mut pages = client
            .list_accounts()
            .per_page(per_page)
            .start_page(page)
            .raw_pages();
        let Some(result) =
            pages.next_with(|body| read::read_page(body, Listed::Accounts, &mut self.builder))
        else {
            return Ok(None);
        };
        *self.requests += 1;
        Ok(Some(result?.0))
    }

    /// Every row of a listing into the rows, and the total every page announced; `Err`
    /// with what changed when the pages announced different totals (a row added or
    /// removed meanwhile).
    fn read_all(
        &mut self,
        mut pages: RawPages,
        listing: Listed,
    ) -> Result<std::result::Result<u64, String>> {
        let mut total = None;
        let mut fetched = 0u64;
        while let Some(page) =
            pages.next_with(|body| read::read_page(body, listing, &mut self.builder))
        {
            let (counts, ()) = page?;
            if total.is_none() && listing == Listed::Accounts {
                // The first page tells how many rows to make room for, and how long they are.
                self.builder.reserve_accounts(counts.results);
            }
            *self.requests += 1;
            match total {
                Some(total) if total != counts.results && !self.whole => {
                    return Ok(Err(check::moved(listing, total, counts.results)));
                }
                _ => total = Some(counts.results),
            }
            fetched += counts.rows as u64;
            (self.progress)(&FetchProgress {
                listing,
                fetched,
                total: counts.results,
                requests: *self.requests,
                read: self.read,
            });
        }
        Ok(Ok(total.unwrap_or(0)))
    }
}
