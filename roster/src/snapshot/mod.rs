//! [`Roster`]: the whole league at one moment, fetched with two listings (in `fetch`, read
//! page by page in `read`, with `progress`), kept compactly (in `rows`, its avatars in
//! `avatar`, its text and lists by `span`, read from the pages as they come in `wire`),
//! checked for changes made while it was read (in `check`; a league that never stops
//! changing is read whole twice and settled, in `settle`), shown through views (in
//! `views`), compared (`RosterDiff`, in `diff`), saved as JSON (in `json`), and changed by
//! events in place (`update`, on the row edits of `edit`).

mod avatar;
mod check;
pub(crate) mod diff;
mod edit;
mod fetch;
mod json;
mod progress;
mod read;
mod rows;
mod settle;
mod span;
mod update;
mod views;
mod wire;

use std::time::Duration;

use time::OffsetDateTime;

use polympics::{Account, Team};
use polympics::{AccountId, AwardId, TeamId};
pub use progress::{FetchProgress, Listed};
use rows::{Builder, Store};
pub use views::{RosterAccount, RosterAward, RosterTeam};

/// The page size of a snapshot's listings: few requests, pages of a few megabytes.
///
/// ```
/// use polympics_roster::{Roster, SNAPSHOT_PER_PAGE};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// server.clear_requests();
/// Roster::fetch(&app)?;
/// // ceil(5 teams / 1000) + ceil(36 accounts / 1000)
/// assert_eq!(server.request_count(), 2);
/// assert_eq!(SNAPSHOT_PER_PAGE, 1000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const SNAPSHOT_PER_PAGE: u64 = 1000;

/// A snapshot of a whole league: every team (with its awards) and every account (with its
/// team and awards), with lookups that need no further request.
///
/// It is fetched with the fewest requests the API allows: one listing of teams and one of
/// accounts, [`SNAPSHOT_PER_PAGE`] to a page (`ceil(teams / 1000) + ceil(accounts / 1000)`
/// requests, at least 2). Each page is read straight into the snapshot, which keeps the
/// league compactly: a row of 72 bytes an account (Discord's own avatar URLs in it, as
/// their hash), all other text in one block, each award and team once (about 9 MB for
/// 100,000 accounts, most with avatars).
/// Teams, accounts and awards are seen through views ([`RosterTeam`], [`RosterAccount`],
/// [`RosterAward`]), whose `to_team()`, `to_account()` and `to_award()` give the API's own
/// models.
///
/// The listings page by offset and are not one transaction, so a league that changes while
/// they run could give a snapshot that misses a live account (one deleted before the page
/// being read shifts the rest) or reads one twice. A fetch checks what it read: every page
/// must announce the same total, no ID may be read twice, the rows must add up to the
/// total, each team's `member_count` must match the accounts listed in it, and the team
/// embedded in each account must be one of the listed teams, by the same name. When a
/// check fails, the league is read again after a pause (0.25 s, doubling each time), so
/// that a burst of changes can end. The checks cost no request.
///
/// A league that keeps changing (accounts deleted every second) fails the checks every
/// time: its last read is settled instead. It reads every page whatever changes, and the
/// page before again after one that announces fewer accounts (the deletions moved rows
/// back across the edge); it does so twice, with pages of different sizes; an account
/// both reads listed is taken as the second one has it, and one listed by only one is
/// fetched on its own (and left out if it no longer exists). The snapshot is then exact
/// for every account that did not change while it was read, and
/// [`changed_while_read`](Self::changed_while_read) says which were fetched one by one.
/// Only a league changing faster than that can follow (more accounts differing between
/// the two reads than a twentieth of it, and at least 50) fails, with
/// [`Error::KeptChanging`](crate::Error::KeptChanging), rather than return a wrong
/// snapshot.
///
/// It is `Serialize` and `Deserialize`, so a cron job can keep last night's snapshot in a
/// file and [`diff`](Self::diff) it with tonight's. The JSON is the API's own models:
/// `{"taken_at", "source", "teams": [Team], "accounts": [Account]}`, by ID, written and read
/// a row at a time.
///
/// ```no_run
/// use polympics_roster::Roster;
///
/// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
/// let roster = Roster::fetch(&client)?;
/// for team in roster.teams() {
///     let names: Vec<&str> = team.members().map(|a| a.name()).collect();
///     println!("{}: {}", team.name(), names.join(", "));
/// }
/// println!("{} accounts in no team", roster.teamless().count());
/// std::fs::write("roster.json", serde_json::to_vec(&roster)?)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Roster {
    taken_at: OffsetDateTime,
    source: Option<String>,
    store: Store,
    /// The accounts a settling read fetched one by one (see [`Roster::changed_while_read`]).
    changed: Vec<AccountId>,
}

/// How many times [`Roster::fetch`] reads a league that changes while it is read (the last
/// of them a settling read: two whole reads, settled into one).
pub const MAX_SNAPSHOT_READS: u32 = 5;

/// The pause before the second read; it doubles before each read after that (0.25, 0.5, 1
/// and 2 s: 3.75 s in all), so that a burst of changes (another sync's few hundred moves)
/// can end.
const REREAD_PAUSE: Duration = Duration::from_millis(250);

impl Roster {
    /// A roster of these teams and accounts (kept once each by ID, in ID order).
    ///
    /// ```
    /// use polympics_roster::Roster;
    ///
    /// let roster = Roster::from_parts(Vec::new(), Vec::new(), time::OffsetDateTime::UNIX_EPOCH);
    /// assert_eq!(roster.accounts().len(), 0);
    /// ```
    pub fn from_parts(teams: Vec<Team>, accounts: Vec<Account>, taken_at: OffsetDateTime) -> Self {
        let mut builder = Builder::default();
        for team in &teams {
            builder.add_team(wire::WireTeam::from(team));
        }
        builder.teams_done();
        for account in &accounts {
            builder.add_account(wire::WireAccount::from(account));
        }
        Roster {
            taken_at,
            source: None,
            store: builder.finish().0,
            changed: Vec::new(),
        }
    }

    /// The accounts that changed while the league was read, when it kept changing through
    /// [`MAX_SNAPSHOT_READS`] reads: those one of its last two reads listed and the other
    /// did not (created, deleted, or moved past a page's edge). Each was fetched on its
    /// own, and is in the roster if it still exists; every other account is as both reads
    /// listed it. Empty for a league read at rest.
    pub fn changed_while_read(&self) -> &[AccountId] {
        &self.changed
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
    pub fn teams(&self) -> impl ExactSizeIterator<Item = RosterTeam<'_>> + DoubleEndedIterator {
        let store = &self.store;
        store.teams.iter().map(move |row| RosterTeam { store, row })
    }

    /// Every account, by ID.
    pub fn accounts(
        &self,
    ) -> impl ExactSizeIterator<Item = RosterAccount<'_>> + DoubleEndedIterator {
        let store = &self.store;
        store
            .accounts
            .iter()
            .map(move |row| RosterAccount { store, row })
    }

    /// Every award a team has or an account holds, by ID.
    pub fn awards(&self) -> impl ExactSizeIterator<Item = RosterAward<'_>> + DoubleEndedIterator {
        self.store.awards.iter().map(|row| RosterAward { row })
    }

    /// The team with this ID.
    pub fn team(&self, team: impl Into<TeamId>) -> Option<RosterTeam<'_>> {
        let store = &self.store;
        store.team(team.into()).map(|row| RosterTeam { store, row })
    }

    /// The account with this ID.
    pub fn account(&self, account: impl Into<AccountId>) -> Option<RosterAccount<'_>> {
        let store = &self.store;
        store
            .account(account.into())
            .map(|row| RosterAccount { store, row })
    }

    /// The award with this ID.
    pub fn award(&self, award: impl Into<AwardId>) -> Option<RosterAward<'_>> {
        self.store
            .award(award.into())
            .map(|row| RosterAward { row })
    }

    /// The teams whose name is exactly `name`. Names are not unique on the server: this
    /// can be several teams.
    pub fn teams_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = RosterTeam<'a>> + 'a {
        self.teams().filter(move |team| team.name() == name)
    }

    /// The accounts whose name is exactly `name`.
    pub fn accounts_named<'a>(
        &'a self,
        name: &'a str,
    ) -> impl Iterator<Item = RosterAccount<'a>> + 'a {
        self.accounts()
            .filter(move |account| account.name() == name)
    }

    /// The members of a team, by ID.
    pub fn members(&self, team: impl Into<TeamId>) -> impl Iterator<Item = RosterAccount<'_>> {
        let team = Some(team.into());
        self.accounts()
            .filter(move |account| account.team_id() == team)
    }

    /// The accounts in no team, by ID.
    pub fn teamless(&self) -> impl Iterator<Item = RosterAccount<'_>> {
        self.accounts()
            .filter(|account| account.team_id().is_none())
    }
}

/// The time now to the microsecond, as the API's timestamps: a saved snapshot reads back
/// equal.
fn now_to_the_microsecond() -> OffsetDateTime {
    let now = OffsetDateTime::now_utc();
    now.replace_nanosecond(now.nanosecond() / 1000 * 1000)
        .unwrap_or(now)
}

impl PartialEq for Roster {
    /// Whether the two hold the same league, taken at the same time from the same place
    /// (however each was made: fetched, read from a file, or from parts).
    fn eq(&self, other: &Self) -> bool {
        self.taken_at == other.taken_at
            && self.source == other.source
            && self.teams().eq(other.teams())
            && self.awards().eq(other.awards())
            && self.accounts().eq(other.accounts())
    }
}

impl Eq for Roster {}

impl std::fmt::Debug for Roster {
    /// The counts, not every row: a league is long.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Roster")
            .field("taken_at", &self.taken_at)
            .field("source", &self.source)
            .field("teams", &self.store.teams.len())
            .field("awards", &self.store.awards.len())
            .field("accounts", &self.store.accounts.len())
            .finish_non_exhaustive()
    }
}
