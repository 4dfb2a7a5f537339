//! [`Roster`]: the whole league at one moment, fetched with two listings and checked
//! (in `check`) for changes made while they ran.

mod check;

use std::collections::HashMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use crate::client::{AuthKind, Client};
use crate::error::{Error, Result};
use crate::ids::{AccountId, TeamId};
use crate::models::timestamp;
use crate::models::{Account, Team};
use crate::pagination::Pages;

/// The page size of a snapshot's listings: few requests, pages of a few megabytes.
///
/// ```
/// use polympics::roster::{Roster, SNAPSHOT_PER_PAGE};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// server.clear_requests();
/// Roster::fetch(&app)?;
/// // ceil(5 teams / 1000) + ceil(36 accounts / 1000)
/// assert_eq!(server.request_count(), 2);
/// assert_eq!(SNAPSHOT_PER_PAGE, 1000);
/// # Ok::<(), polympics::Error>(())
/// ```
pub const SNAPSHOT_PER_PAGE: u64 = 1000;

/// A snapshot of a whole league: every team (with its awards) and every account (with its
/// team and awards), with lookups that need no further request.
///
/// It is fetched with the fewest requests the API allows: one listing of teams and one of
/// accounts, [`SNAPSHOT_PER_PAGE`] to a page (`ceil(teams / 1000) + ceil(accounts / 1000)`
/// requests, at least 2).
///
/// The listings page by offset and are not one transaction, so a league that changes while
/// they run could give a snapshot that misses a live account (one deleted before the page
/// being read shifts the rest) or reads one twice. A fetch checks what it read: every page
/// must announce the same total, no ID may be read twice, the rows must add up to the
/// total, each team's `member_count` must match the accounts listed in it, and the team
/// embedded in each account must be one of the listed teams, by the same name. When a
/// check fails, the league is read again, at most [`MAX_SNAPSHOT_READS`] times in all;
/// after that the fetch fails with [`Error::KeptChanging`](crate::Error::KeptChanging)
/// rather than return a wrong snapshot. Before each new read it pauses (0.25 s, doubling
/// each time), so that a burst of changes can end. The checks cost no request.
///
/// It is `Serialize` and `Deserialize`, so a cron job can keep last night's snapshot in a
/// file and [`diff`](Self::diff) it with tonight's.
///
/// ```no_run
/// use polympics::roster::Roster;
///
/// # let client = polympics::UnauthenticatedClient::new();
/// let roster = Roster::fetch(&client)?;
/// for team in roster.teams() {
///     let names: Vec<&str> = roster.members(team).map(|a| a.name.as_str()).collect();
///     println!("{}: {}", team.name, names.join(", "));
/// }
/// println!("{} accounts in no team", roster.teamless().count());
/// std::fs::write("roster.json", serde_json::to_vec(&roster)?)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Stored", into = "Stored")]
pub struct Roster {
    taken_at: OffsetDateTime,
    source: Option<String>,
    teams: Vec<Team>,
    accounts: Vec<Account>,
    team_index: HashMap<TeamId, usize>,
    account_index: HashMap<AccountId, usize>,
}

/// How many times [`Roster::fetch`] reads a league that changes while it is read, before it
/// gives up.
pub const MAX_SNAPSHOT_READS: u32 = 5;

/// The pause before the second read; it doubles before each read after that (0.25, 0.5, 1
/// and 2 s: 3.75 s in all), so that a burst of changes (another sync's few hundred moves)
/// can end.
const REREAD_PAUSE: Duration = Duration::from_millis(250);

/// Where a [`Roster::fetch_with`] is, after each page.
///
/// ```
/// use polympics::roster::{FetchProgress, Listed, Roster};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let mut seen = Vec::new();
/// Roster::fetch_with(&app, 20, |p: &FetchProgress| seen.push((p.listing, p.fetched, p.total, p.read)))?;
/// assert_eq!(seen, [(Listed::Teams, 5, 5, 1), (Listed::Accounts, 20, 36, 1), (Listed::Accounts, 36, 36, 1)]);
/// # Ok::<(), polympics::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct FetchProgress {
    /// What is being listed.
    pub listing: Listed,
    /// How many of them were read so far.
    pub fetched: u64,
    /// How many there are, as the server counts them.
    pub total: u64,
    /// How many requests the snapshot made so far.
    pub requests: u64,
    /// Which read of the league this is: 1, or more when the league changed while it was
    /// read and is read again.
    pub read: u32,
}

/// What a [`FetchProgress`] is about.
///
/// ```
/// use polympics::roster::{FetchProgress, Listed};
///
/// fn label(progress: &FetchProgress) -> &'static str {
///     match progress.listing {
///         Listed::Teams => "teams",
///         Listed::Accounts => "accounts",
///         _ => "other",
///     }
/// }
/// # let _ = label;
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Listed {
    /// Teams (listed first).
    Teams,
    /// Accounts.
    Accounts,
}

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
            // To the microsecond, as the API's timestamps: a saved snapshot reads back equal.
            let now = OffsetDateTime::now_utc();
            let taken_at = now
                .replace_nanosecond(now.nanosecond() / 1000 * 1000)
                .unwrap_or(now);
            let mut reader = Reader {
                read,
                requests: &mut requests,
                progress: &mut progress,
            };
            match reader.read_league(client, per_page, taken_at)? {
                Ok(mut roster) => {
                    roster.source = Some(client.base_url().to_owned());
                    return Ok(roster);
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
                std::thread::sleep(pause);
            }
        }
        Err(Error::KeptChanging {
            what: format!("the league at {}", client.base_url()),
            attempts: MAX_SNAPSHOT_READS,
            reason,
        })
    }

    /// A roster of these teams and accounts (kept once each by ID, in ID order).
    pub fn from_parts(teams: Vec<Team>, accounts: Vec<Account>, taken_at: OffsetDateTime) -> Self {
        Stored {
            taken_at,
            source: None,
            teams,
            accounts,
        }
        .into()
    }

    /// When the snapshot was taken (when its first request was sent).
    pub fn taken_at(&self) -> OffsetDateTime {
        self.taken_at
    }

    /// The base URL of the server it was taken from, when it was fetched.
    pub fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }

    /// Every team, by ID.
    pub fn teams(&self) -> &[Team] {
        &self.teams
    }

    /// Every account, by ID.
    pub fn accounts(&self) -> &[Account] {
        &self.accounts
    }

    /// The team with this ID.
    pub fn team(&self, team: impl Into<TeamId>) -> Option<&Team> {
        self.team_index.get(&team.into()).map(|&i| &self.teams[i])
    }

    /// The account with this ID.
    pub fn account(&self, account: impl Into<AccountId>) -> Option<&Account> {
        self.account_index
            .get(&account.into())
            .map(|&i| &self.accounts[i])
    }

    /// The teams whose name is exactly `name`. Names are not unique on the server: this
    /// can be several teams.
    pub fn teams_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Team> + 'a {
        self.teams.iter().filter(move |team| team.name == name)
    }

    /// The accounts whose name is exactly `name`.
    pub fn accounts_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Account> + 'a {
        self.accounts
            .iter()
            .filter(move |account| account.name == name)
    }

    /// The members of a team.
    pub fn members(&self, team: impl Into<TeamId>) -> impl Iterator<Item = &Account> + '_ {
        let team = team.into();
        self.accounts
            .iter()
            .filter(move |account| account.team.as_ref().is_some_and(|t| t.id == team))
    }

    /// The accounts in no team.
    pub fn teamless(&self) -> impl Iterator<Item = &Account> + '_ {
        self.accounts
            .iter()
            .filter(|account| account.team.is_none())
    }
}

impl std::fmt::Debug for Roster {
    /// The counts, not every row: a league is long.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Roster")
            .field("taken_at", &self.taken_at)
            .field("source", &self.source)
            .field("teams", &self.teams.len())
            .field("accounts", &self.accounts.len())
            .finish_non_exhaustive()
    }
}

/// A roster as it is stored: the data without the indexes, rebuilt when read.
#[derive(Serialize, Deserialize)]
struct Stored {
    #[serde(with = "timestamp")]
    taken_at: OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    source: Option<String>,
    teams: Vec<Team>,
    accounts: Vec<Account>,
}

impl From<Stored> for Roster {
    fn from(stored: Stored) -> Self {
        let Stored {
            taken_at,
            source,
            mut teams,
            mut accounts,
        } = stored;
        // Pages can shift while a listing runs: keep the last copy of each row.
        teams.reverse();
        teams.sort_by_key(|team| team.id);
        teams.dedup_by_key(|team| team.id);
        accounts.reverse();
        accounts.sort_by_key(|account| account.id);
        accounts.dedup_by_key(|account| account.id);
        let team_index = teams.iter().enumerate().map(|(i, t)| (t.id, i)).collect();
        let account_index = accounts
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id, i))
            .collect();
        Roster {
            taken_at,
            source,
            teams,
            accounts,
            team_index,
            account_index,
        }
    }
}

impl From<Roster> for Stored {
    fn from(roster: Roster) -> Self {
        Stored {
            taken_at: roster.taken_at,
            source: roster.source,
            teams: roster.teams,
            accounts: roster.accounts,
        }
    }
}

/// Reads the listings of one read of the league, telling `progress` after each page.
struct Reader<'a, P> {
    read: u32,
    requests: &'a mut u64,
    progress: &'a mut P,
}

impl<P: FnMut(&FetchProgress)> Reader<'_, P> {
    /// The league, or `Err` with what changed while it was read.
    fn read_league<A: AuthKind>(
        &mut self,
        client: &Client<A>,
        per_page: u64,
        taken_at: OffsetDateTime,
    ) -> Result<std::result::Result<Roster, String>> {
        let teams = client.list_teams().per_page(per_page).pages();
        let (teams, team_total) = match self.read_all(teams, Listed::Teams)? {
            Ok(read) => read,
            Err(changed) => return Ok(Err(changed)),
        };
        let accounts = client.list_accounts().per_page(per_page).pages();
        let (accounts, account_total) = match self.read_all(accounts, Listed::Accounts)? {
            Ok(read) => read,
            Err(changed) => return Ok(Err(changed)),
        };
        let roster = Roster::from_parts(teams, accounts, taken_at);
        Ok(check::consistent(&roster, team_total, account_total).map(|()| roster))
    }

    /// Every row of a listing, and the total every page announced; `Err` with what changed
    /// when the pages announced different totals (a row added or removed meanwhile).
    fn read_all<T: serde::de::DeserializeOwned>(
        &mut self,
        pages: Pages<T>,
        listing: Listed,
    ) -> Result<std::result::Result<(Vec<T>, u64), String>> {
        let mut rows = Vec::new();
        let mut total = None;
        for page in pages {
            let page = page?;
            *self.requests += 1;
            match total {
                Some(total) if total != page.results => {
                    return Ok(Err(check::moved(listing, total, page.results)));
                }
                _ => total = Some(page.results),
            }
            rows.extend(page.data);
            (self.progress)(&FetchProgress {
                listing,
                fetched: rows.len() as u64,
                total: page.results,
                requests: *self.requests,
                read: self.read,
            });
        }
        Ok(Ok((rows, total.unwrap_or(0))))
    }
}
