//! Changing a [`Store`] in place, one account at a time, at a cost that does not grow with
//! the league: what applying an event does. A replaced row's text stays in the store's
//! text block, unused, until the unused part outgrows the used one and the block is
//! rewritten (so its cost, spread over the edits that made it, stays constant).

use super::avatar::Avatar;
use super::rows::{micros, AccountRow, AwardRow, Store, TeamRow};
use super::span::{span, Span};
use polympics::{Account, AccountId, Award, AwardId, Team, TeamId};

/// What [`Store::put_team`] did.
pub(super) enum TeamEdit {
    Created,
    Renamed { from: String },
    Unchanged,
}

/// The store is compacted once this many bytes are unused, and more than are used.
const COMPACT_AFTER: usize = 1 << 20;

impl Store {
    pub(super) fn push_text(&mut self, text: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(text);
        span(start, text.len())
    }

    /// A row for `account`, in the team it names: its text, awards and team (if new)
    /// added to the store. The row itself is not put in its place.
    pub(super) fn row_of(&mut self, account: &Account) -> AccountRow {
        for award in &account.awards {
            self.put_award(award);
        }
        if let Some(team) = &account.team {
            if self.team(team.id).is_none() {
                self.put_team(team);
            }
        }
        AccountRow {
            id: account.id,
            name: self.push_text(&account.name),
            discriminator: self.push_text(&account.discriminator),
            avatar: self.push_avatar(account.avatar_url.as_deref(), account.id),
            team: account.team.as_ref().map_or(0, |team| team.id.0),
            permissions: account.permissions,
            created_at: micros(account.created_at),
            awards: self.push_award_ids(account.awards.iter().map(|award| award.id)),
        }
    }

    /// `row` of the store `from`, its text and award list copied into this one (its
    /// awards must be here already).
    pub(super) fn copy_row(&mut self, from: &Store, row: &AccountRow) -> AccountRow {
        let avatar = match row.avatar {
            Avatar::Text(span) => Avatar::Text(self.push_text(from.text(span))),
            other => other,
        };
        AccountRow {
            name: self.push_text(from.text(row.name)),
            discriminator: self.push_text(from.text(row.discriminator)),
            avatar,
            awards: self.push_award_ids(from.award_ids(row.awards).iter().copied()),
            ..*row
        }
    }

    /// Keeps `url`, short if it can be.
    pub(super) fn push_avatar(&mut self, url: Option<&str>, account: AccountId) -> Avatar {
        match url {
            None => Avatar::None,
            Some(url) => {
                Avatar::short(url, account).unwrap_or_else(|| Avatar::Text(self.push_text(url)))
            }
        }
    }

    pub(super) fn push_award_ids(&mut self, ids: impl IntoIterator<Item = AwardId>) -> Span {
        let start = self.award_ids.len();
        self.award_ids.extend(ids);
        span(start, self.award_ids.len() - start)
    }

    /// Adds the award if the store does not have it yet.
    pub(super) fn put_award(&mut self, award: &Award) {
        if let Err(at) = self.awards.binary_search_by_key(&award.id, |a| a.id) {
            self.awards.insert(
                at,
                AwardRow {
                    id: award.id,
                    title: award.title.clone(),
                    image_url: award.image_url.clone(),
                },
            );
        }
    }

    /// The team as an event shows it: added (with its awards) if the store does not have
    /// it, renamed if its name differs. Its member count is the store's to keep.
    pub(super) fn put_team(&mut self, team: &Team) -> TeamEdit {
        match self.teams.binary_search_by_key(&team.id, |t| t.id) {
            Ok(at) if self.teams[at].name == team.name => TeamEdit::Unchanged,
            Ok(at) => TeamEdit::Renamed {
                from: std::mem::replace(&mut self.teams[at].name, team.name.clone()),
            },
            Err(at) => {
                for award in &team.awards {
                    self.put_award(award);
                }
                self.teams.insert(
                    at,
                    TeamRow {
                        id: team.id,
                        name: team.name.clone(),
                        created_at: team.created_at,
                        member_count: 0,
                        awards: team.awards.iter().map(|award| award.id).collect(),
                    },
                );
                TeamEdit::Created
            }
        }
    }

    /// One member more (`joined`) or fewer in team `id` (0: no team).
    pub(super) fn count_member(&mut self, id: u64, joined: bool) {
        if let Ok(at) = self.teams.binary_search_by_key(&TeamId(id), |t| t.id) {
            let count = &mut self.teams[at].member_count;
            *count = if joined {
                count.saturating_add(1)
            } else {
                count.saturating_sub(1)
            };
        }
    }

    /// Puts `row` in its place by ID, returning the row it replaced.
    pub(super) fn put_account(&mut self, row: AccountRow) -> Option<AccountRow> {
        match self.accounts.binary_search_by_key(&row.id, |a| a.id) {
            Ok(at) => {
                let old = std::mem::replace(&mut self.accounts[at], row);
                self.unused += text_len(old.name)
                    + text_len(old.discriminator)
                    + match old.avatar {
                        Avatar::Text(span) => text_len(span),
                        _ => 0,
                    }
                    + text_len(old.awards);
                Some(old)
            }
            Err(at) => {
                self.accounts.insert(at, row);
                None
            }
        }
    }

    /// Removes the awards among `ids` that no team has and no account holds any more.
    pub(super) fn drop_unheld_awards(&mut self, ids: &[AwardId]) {
        for &id in ids {
            let held = self.teams.iter().any(|team| team.awards.contains(&id))
                || self
                    .accounts
                    .iter()
                    .any(|account| self.award_ids(account.awards).contains(&id));
            if !held {
                self.awards.retain(|award| award.id != id);
            }
        }
    }

    /// Rewrites the text block and the award lists without what no row uses, once that is
    /// most of them.
    pub(super) fn compact_if_worth_it(&mut self) {
        if self.unused < COMPACT_AFTER || self.unused < self.text.len() / 2 {
            return;
        }
        let (text, award_ids) = (
            std::mem::take(&mut self.text),
            std::mem::take(&mut self.award_ids),
        );
        self.text.reserve(text.len() - self.unused.min(text.len()));
        let old = |span: Span| {
            let start = span.start as usize;
            text.get(start..start + span.len as usize).unwrap_or("")
        };
        for at in 0..self.accounts.len() {
            let row = self.accounts[at];
            let copy = |store: &mut Store, span: Span| store.push_text(old(span));
            let name = copy(self, row.name);
            let discriminator = copy(self, row.discriminator);
            let avatar = match row.avatar {
                Avatar::Text(span) => Avatar::Text(copy(self, span)),
                other => other,
            };
            let start = row.awards.start as usize;
            let held = award_ids
                .get(start..start + row.awards.len as usize)
                .unwrap_or_default();
            let awards = self.push_award_ids(held.iter().copied());
            self.accounts[at] = AccountRow {
                name,
                discriminator,
                avatar,
                awards,
                ..row
            };
        }
        self.unused = 0;
    }
}

/// How much of the store a span takes.
fn text_len(span: Span) -> usize {
    span.len as usize
}
