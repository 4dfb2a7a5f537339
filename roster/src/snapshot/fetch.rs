//! Fetching a roster: the two listings read page by page straight into the rows, checked,
//! and read again while the league keeps changing under them.

use super::progress::{FetchProgress, Listed};
use super::rows::Builder;
use super::SNAPSHOT_PER_PAGE;
use super::{check, read, Roster, MAX_SNAPSHOT_READS, REREAD_PAUSE};
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
        for read in 1..=MAX_SNAPSHOT_READS {
            let taken_at = super::now_to_the_microsecond();
            let reader = Reader {
                read,
                requests: &mut requests,
                progress: &mut progress,
                builder: Builder::default(),
            };
            match reader.read_league(client, per_page)? {
                Ok(store) => {
                    return Ok(Roster {
                        taken_at,
                        source: Some(client.base_url().to_owned()),
                        store,
                    })
                }
                Err(changed) => reason = changed,
            }
            if read < MAX_SNAPSHOT_READS {
                let pause = REREAD_PAUSE * 2u32.pow(read - 1);
                log::info!(
                    "the league at {} changed while it was read ({reason}); reading it again \
                     in {pause:?}",
                    client.base_url()
                );
                client.clock().sleep(pause);
            }
        }
        Err(Error::KeptChanging {
            what: format!("the league at {}", client.base_url()),
            attempts: MAX_SNAPSHOT_READS,
            reason,
        })
    }
}

/// One read of the league.
struct Reader<'a, P> {
    read: u32,
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
        let accounts = client.list_accounts().per_page(per_page).raw_pages();
        let account_total = match self.read_all(accounts, Listed::Accounts)? {
            Ok(total) => total,
            Err(changed) => return Ok(Err(changed)),
        };
        let (store, problem) = self.builder.finish();
        Ok(check::consistent(&store, team_total, account_total, problem).map(|()| store))
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
                Some(total) if total != counts.results => {
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
