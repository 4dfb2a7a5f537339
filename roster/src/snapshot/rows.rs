//! How a roster keeps a league compactly: a row of numbers a team, award and account, every
//! account's text in one block, every award once. Built in one pass by [`Builder`], as the
//! listing pages arrive or a saved snapshot is read.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};

use time::OffsetDateTime;

use super::avatar::{Avatar, Url};
use super::span::{span, Span};
use super::wire::{WireAccount, WireAward, WireTeam};
use polympics::Permissions;
use polympics::{AccountId, AwardId, TeamId};

/// A team: few of them, kept as they are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct TeamRow {
    pub(super) id: TeamId,
    pub(super) name: String,
    pub(super) created_at: OffsetDateTime,
    pub(super) member_count: u64,
    pub(super) awards: Vec<AwardId>,
}

/// An award, once, however many teams and accounts name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct AwardRow {
    pub(super) id: AwardId,
    pub(super) title: String,
    pub(super) image_url: String,
}

/// An account: numbers, spans and its avatar, 72 bytes, and its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct AccountRow {
    pub(super) id: AccountId,
    pub(super) name: Span,
    pub(super) discriminator: Span,
    pub(super) avatar: Avatar,
    /// The team's ID, 0 for none (the server's IDs start at 1).
    pub(super) team: u64,
    pub(super) permissions: Permissions,
    /// Microseconds since the UNIX epoch: the API's precision.
    pub(super) created_at: i64,
    /// The awards held: a span of [`Store::award_ids`].
    pub(super) awards: Span,
}

/// A whole league: teams, awards and accounts, each sorted by ID.
#[derive(Debug, Clone, Default)]
pub(super) struct Store {
    pub(super) teams: Vec<TeamRow>,
    pub(super) awards: Vec<AwardRow>,
    pub(super) accounts: Vec<AccountRow>,
    pub(super) text: String,
    pub(super) award_ids: Vec<AwardId>,
    /// Bytes of `text` and entries of `award_ids` no row uses any more (rows replaced by
    /// events, in `edit`), until the store is compacted.
    pub(super) unused: usize,
}

impl Store {
    pub(super) fn text(&self, span: Span) -> &str {
        let start = span.start as usize;
        self.text
            .get(start..start + span.len as usize)
            .unwrap_or("")
    }

    /// The URL of `account`'s avatar.
    pub(super) fn avatar_url(&self, avatar: Avatar, account: AccountId) -> Option<Cow<'_, str>> {
        match avatar {
            Avatar::None => None,
            Avatar::Text(span) => Some(Cow::Borrowed(self.text(span))),
            short => Some(Cow::Owned(
                Url {
                    avatar: short,
                    account,
                }
                .to_string(),
            )),
        }
    }

    pub(super) fn award_ids(&self, span: Span) -> &[AwardId] {
        let start = span.start as usize;
        self.award_ids
            .get(start..start + span.len as usize)
            .unwrap_or_default()
    }

    pub(super) fn team(&self, id: TeamId) -> Option<&TeamRow> {
        let at = self.teams.binary_search_by_key(&id, |t| t.id).ok()?;
        Some(&self.teams[at])
    }

    pub(super) fn award(&self, id: AwardId) -> Option<&AwardRow> {
        let at = self.awards.binary_search_by_key(&id, |a| a.id).ok()?;
        Some(&self.awards[at])
    }

    pub(super) fn account(&self, id: AccountId) -> Option<&AccountRow> {
        let at = self.accounts.binary_search_by_key(&id, |a| a.id).ok()?;
        Some(&self.accounts[at])
    }
}

/// Fills a [`Store`] row by row, noting what does not add up.
#[derive(Default)]
pub(super) struct Builder {
    store: Store,
    award_seen: HashSet<AwardId>,
    /// Teams named by accounts but not listed (a saved snapshot that lists them so).
    embedded: HashMap<TeamId, TeamRow>,
    /// Whether the teams are all listed and sorted.
    teams_done: bool,
    /// The first thing that did not add up while the rows were added.
    problem: Option<String>,
    /// Where the text of the last account added starts.
    last_text_start: usize,
}

impl Builder {
    pub(super) fn add_team(&mut self, team: WireTeam<'_>) {
        let awards = team.awards.iter().map(|award| self.award(award)).collect();
        self.store.teams.push(TeamRow {
            id: team.id,
            name: team.name.0.into_owned(),
            created_at: team.created_at,
            member_count: team.member_count,
            awards,
        });
    }

    /// Every team is listed: they are sorted, to be looked up as accounts arrive.
    pub(super) fn teams_done(&mut self) {
        self.store.teams.sort_by_key(|team| team.id);
        self.teams_done = true;
    }

    /// Room for `total` accounts in all, once the first page says how many there are, and
    /// for their text at the length of those read so far: no doubling of a vector that
    /// holds the whole league. A total that the server inflates only reserves as much as
    /// 1,000,000 accounts.
    pub(super) fn reserve_accounts(&mut self, total: u64) {
        let accounts = &mut self.store.accounts;
        let (read, text) = (accounts.len(), self.store.text.len());
        let total = usize::try_from(total).unwrap_or(0).min(1_000_000);
        let rest = total.saturating_sub(read);
        accounts.reserve_exact(rest);
        if let Some(per_account) = text.checked_div(read) {
            self.store
                .text
                .reserve_exact(rest * (per_account + per_account / 8));
        }
    }

    pub(super) fn add_account(&mut self, account: WireAccount<'_>) {
        let team = match &account.team {
            None => 0,
            Some(team) => {
                match self.teams_done.then(|| self.store.team(team.id)).flatten() {
                    Some(listed) if listed.name == *team.name => {}
                    Some(_) => self.note(format!("team {} was renamed", team.id)),
                    None => {
                        if self.teams_done {
                            self.note(format!(
                                "account {} is in team {}, which was not listed",
                                account.id, team.id
                            ));
                        }
                        self.embedded.entry(team.id).or_insert_with(|| TeamRow {
                            id: team.id,
                            name: team.name.to_string(),
                            created_at: team.created_at.to_datetime(),
                            member_count: team.member_count,
                            awards: Vec::new(),
                        });
                    }
                }
                team.id.0
            }
        };
        if self.store.text.len() == self.last_text_start && !self.store.accounts.is_empty() {
            // The row before had no text at all: one unused byte keeps the start of this
            // row's text after that of every row read before (what `finish` sorts by).
            self.store.text.push('\0');
            self.store.unused += 1;
        }
        self.last_text_start = self.store.text.len();
        let name = self.push_text(&account.name);
        let discriminator = self.push_text(&account.discriminator);
        let avatar = self
            .store
            .push_avatar(account.avatar_url.as_deref(), account.id);
        let start = self.store.award_ids.len();
        for award in &account.awards {
            let id = self.award(award);
            self.store.award_ids.push(id);
        }
        let awards = span(start, self.store.award_ids.len() - start);
        self.store.accounts.push(AccountRow {
            id: account.id,
            name,
            discriminator,
            avatar,
            team,
            permissions: account.permissions,
            created_at: account.created_at.0,
            awards,
        });
    }

    /// The store, sorted by ID, each account kept once (its last copy: pages shift while
    /// a listing runs), and what did not add up (an ID read twice, member counts).
    pub(super) fn finish(mut self) -> (Store, Option<String>) {
        if !self.teams_done {
            self.teams_done();
        }
        for (id, team) in std::mem::take(&mut self.embedded) {
            if self.store.team(id).is_none() {
                self.store.teams.push(team);
            }
        }
        self.store.teams.sort_by_key(|team| team.id);
        self.store.teams.dedup_by_key(|team| team.id);
        self.store.awards.sort_by_key(|award| award.id);
        // Pages come in the server's order (by name): the rows are sorted by ID in place
        // (a stable sort would take half as much memory again), the last copy of a row
        // read twice last of its run, as a row's text starts after that of every row read
        // before it (see `add_account`). The text stays where it is: rewriting it in the
        // rows' order would hold it twice.
        let accounts = &mut self.store.accounts;
        let read = accounts.len();
        if !accounts.is_sorted_by_key(|account| account.id) {
            accounts.sort_unstable_by_key(|account| (account.id, account.name.start));
        }
        accounts.reverse();
        accounts.dedup_by_key(|account| account.id);
        accounts.reverse();
        let kept = accounts.len();
        if kept < read {
            self.problem
                .get_or_insert_with(|| format!("{} accounts were read twice", read - kept));
        }
        let problem = self.problem.or_else(|| member_counts(&self.store));
        (self.store, problem)
    }

    fn note(&mut self, problem: String) {
        self.problem.get_or_insert(problem);
    }

    fn push_text(&mut self, text: &str) -> Span {
        self.store.push_text(text)
    }

    /// The award's ID, adding it the first time it is seen.
    fn award(&mut self, award: &WireAward<'_>) -> AwardId {
        if self.award_seen.insert(award.id) {
            self.store.awards.push(AwardRow {
                id: award.id,
                title: award.title.to_string(),
                image_url: award.image_url.to_string(),
            });
        }
        award.id
    }
}

/// Microseconds since the UNIX epoch (the API's precision), as an account row keeps its
/// creation time.
pub(super) fn micros(at: OffsetDateTime) -> i64 {
    i64::try_from(at.unix_timestamp_nanos().div_euclid(1000)).unwrap_or(0)
}

/// Whether every listed team's `member_count` matches the accounts listed in it.
fn member_counts(store: &Store) -> Option<String> {
    let mut members = vec![0u64; store.teams.len()];
    for account in &store.accounts {
        if account.team != 0 {
            if let Ok(at) = store
                .teams
                .binary_search_by_key(&TeamId(account.team), |t| t.id)
            {
                members[at] += 1;
            }
        }
    }
    store
        .teams
        .iter()
        .zip(members)
        .find(|(team, listed)| team.member_count != *listed)
        .map(|(team, listed)| {
            format!(
                "team {} has {} members, and {listed} accounts were listed in it",
                team.id, team.member_count
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_account_row_is_72_bytes() {
        assert_eq!(std::mem::size_of::<AccountRow>(), 72);
    }
}
