//! The teams, accounts and awards of a [`Roster`](super::Roster), as views into it: their
//! fields as methods, and the API's own models on demand.

use std::borrow::Cow;
use std::fmt;

use time::OffsetDateTime;

use super::rows::{AccountRow, AwardRow, Store, TeamRow};
use crate::named::Named;
use polympics::{Account, Award, Permissions, Team};
use polympics::{AccountId, AwardId, TeamId};

/// A team of a [`Roster`](super::Roster).
///
/// ```
/// use polympics_roster::Roster;
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let roster = Roster::fetch(&app)?;
/// let team = roster.team(1).unwrap();
/// assert_eq!((team.name(), team.member_count()), ("Athens Owls", 7));
/// assert_eq!(team.members().count(), 7);
/// assert_eq!(team.awards().map(|a| a.title()).collect::<Vec<_>>(), ["Gold"]);
/// assert_eq!(team.to_team().name, "Athens Owls"); // the API's model
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct RosterTeam<'r> {
    pub(super) store: &'r Store,
    pub(super) row: &'r TeamRow,
}

/// An account of a [`Roster`](super::Roster).
///
/// ```
/// use polympics_roster::Roster;
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let roster = Roster::fetch(&app)?;
/// let achilles = roster.account(800000000000000000).unwrap();
/// assert_eq!(achilles.name(), "Achilles");
/// assert_eq!(achilles.team().map(|t| t.name()), Some("Athens Owls"));
/// assert_eq!(achilles.to_account().team.unwrap().id, 1); // the API's model
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct RosterAccount<'r> {
    pub(super) store: &'r Store,
    pub(super) row: &'r AccountRow,
}

/// An award of a [`Roster`](super::Roster): one a team has, or an account holds.
///
/// ```
/// use polympics_roster::Roster;
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let roster = Roster::fetch(&app)?;
/// let gold = roster.award(1).unwrap();
/// assert_eq!(gold.title(), "Gold");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy)]
pub struct RosterAward<'r> {
    pub(super) row: &'r AwardRow,
}

impl<'r> RosterTeam<'r> {
    /// Its ID.
    pub fn id(self) -> TeamId {
        self.row.id
    }

    /// Its name.
    pub fn name(self) -> &'r str {
        &self.row.name
    }

    /// When it was created.
    pub fn created_at(self) -> OffsetDateTime {
        self.row.created_at
    }

    /// How many members the server counted.
    pub fn member_count(self) -> u64 {
        self.row.member_count
    }

    /// The awards that belong to it.
    pub fn awards(self) -> impl Iterator<Item = RosterAward<'r>> + 'r {
        let store = self.store;
        self.row
            .awards
            .iter()
            .filter_map(move |&id| store.award(id))
            .map(|row| RosterAward { row })
    }

    /// Its members, by ID.
    pub fn members(self) -> impl Iterator<Item = RosterAccount<'r>> + 'r {
        let (store, id) = (self.store, self.row.id.0);
        store
            .accounts
            .iter()
            .filter(move |row| row.team == id)
            .map(move |row| RosterAccount { store, row })
    }

    /// The API's model of it.
    pub fn to_team(self) -> Team {
        model(self)
    }
}

impl<'r> RosterAccount<'r> {
    /// Its Discord ID.
    pub fn id(self) -> AccountId {
        self.row.id
    }

    /// Its name.
    pub fn name(self) -> &'r str {
        self.store.text(self.row.name)
    }

    /// Its discriminator.
    pub fn discriminator(self) -> &'r str {
        self.store.text(self.row.discriminator)
    }

    /// Its avatar's URL, if it has one (Discord's own URLs are kept short, and made
    /// again here).
    pub fn avatar_url(self) -> Option<Cow<'r, str>> {
        self.store.avatar_url(self.row.avatar, self.row.id)
    }

    /// Its team, if it is in one.
    pub fn team(self) -> Option<RosterTeam<'r>> {
        let store = self.store;
        self.team_id()
            .and_then(|id| store.team(id))
            .map(|row| RosterTeam { store, row })
    }

    /// Its team's ID, if it is in one.
    pub fn team_id(self) -> Option<TeamId> {
        (self.row.team != 0).then_some(TeamId(self.row.team))
    }

    /// Its permissions.
    pub fn permissions(self) -> Permissions {
        self.row.permissions
    }

    /// When it was created.
    pub fn created_at(self) -> OffsetDateTime {
        let nanos = i128::from(self.row.created_at) * 1000;
        OffsetDateTime::from_unix_timestamp_nanos(nanos).unwrap_or(OffsetDateTime::UNIX_EPOCH)
    }

    /// The awards it holds.
    pub fn awards(self) -> impl Iterator<Item = RosterAward<'r>> + 'r {
        let store = self.store;
        store
            .award_ids(self.row.awards)
            .iter()
            .filter_map(move |&id| store.award(id))
            .map(|row| RosterAward { row })
    }

    /// The IDs of the awards it holds.
    pub fn award_ids(self) -> &'r [AwardId] {
        self.store.award_ids(self.row.awards)
    }

    /// The API's model of it, its team included.
    pub fn to_account(self) -> Account {
        model(self)
    }
}

impl<'r> RosterAward<'r> {
    /// Its ID.
    pub fn id(self) -> AwardId {
        self.row.id
    }

    /// Its title.
    pub fn title(self) -> &'r str {
        &self.row.title
    }

    /// Its image's URL.
    pub fn image_url(self) -> &'r str {
        &self.row.image_url
    }

    /// The API's model of it.
    pub fn to_award(self) -> Award {
        model(self)
    }
}

/// The API's model of a view, read from the API's JSON that the view writes (the models
/// can grow fields of their own, so they are made as the API's answers are).
fn model<T: serde::de::DeserializeOwned>(view: impl serde::Serialize) -> T {
    serde_json::to_value(view)
        .and_then(serde_json::from_value)
        .expect("a roster's views write the API's JSON, which its models read")
}

impl From<RosterTeam<'_>> for TeamId {
    fn from(team: RosterTeam<'_>) -> Self {
        team.id()
    }
}

impl From<RosterAccount<'_>> for AccountId {
    fn from(account: RosterAccount<'_>) -> Self {
        account.id()
    }
}

impl From<RosterAward<'_>> for AwardId {
    fn from(award: RosterAward<'_>) -> Self {
        award.id()
    }
}

impl From<RosterTeam<'_>> for Named<TeamId> {
    fn from(team: RosterTeam<'_>) -> Self {
        Named::new(team.id(), team.name())
    }
}

impl From<RosterAccount<'_>> for Named<AccountId> {
    fn from(account: RosterAccount<'_>) -> Self {
        Named::new(account.id(), account.name())
    }
}

impl From<RosterAward<'_>> for Named<AwardId> {
    fn from(award: RosterAward<'_>) -> Self {
        Named::new(award.id(), award.title())
    }
}

impl PartialEq for RosterTeam<'_> {
    /// Whether the two hold the same data (of one roster or two).
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.row, other.row);
        (a.id, &a.name, a.created_at, a.member_count)
            == (b.id, &b.name, b.created_at, b.member_count)
            && self.awards().eq(other.awards())
    }
}

impl Eq for RosterTeam<'_> {}

impl PartialEq for RosterAccount<'_> {
    /// Whether the two hold the same data (of one roster or two), their teams and awards
    /// included.
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.row, other.row);
        (a.id, a.team, a.permissions, a.created_at) == (b.id, b.team, b.permissions, b.created_at)
            && (self.name(), self.discriminator(), self.avatar_url())
                == (other.name(), other.discriminator(), other.avatar_url())
            && self.team() == other.team()
            && self.awards().eq(other.awards())
    }
}

impl Eq for RosterAccount<'_> {}

impl PartialEq for RosterAward<'_> {
    /// Whether the two hold the same data.
    fn eq(&self, other: &Self) -> bool {
        self.row == other.row
    }
}

impl Eq for RosterAward<'_> {}

impl fmt::Debug for RosterTeam<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RosterTeam")
            .field("id", &self.id())
            .field("name", &self.name())
            .field("member_count", &self.member_count())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for RosterAccount<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RosterAccount")
            .field("id", &self.id())
            .field("name", &self.name())
            .field("discriminator", &self.discriminator())
            .field("team", &self.team_id())
            .finish_non_exhaustive()
    }
}

impl fmt::Debug for RosterAward<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RosterAward")
            .field("id", &self.id())
            .field("title", &self.title())
            .finish_non_exhaustive()
    }
}
