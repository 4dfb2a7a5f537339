//! [`RosterDiff`]: what changed between two snapshots of a league, one walk through both;
//! and [`account_diff`], what one event changed.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::{Roster, RosterAccount, RosterTeam};
use crate::change::Change;
use crate::named::Named;
use polympics::{AccountId, TeamId};

/// The changes from one snapshot of a league to a later one, one [`Change`] each: teams
/// created, deleted and renamed; accounts that appeared, disappeared, joined, left or moved
/// between teams, or were renamed; awards given and taken.
///
/// `Display` writes one line a change (nothing when there is none); it is `Serialize` for
/// scripts.
///
/// ```no_run
/// use polympics_roster::Roster;
///
/// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
/// let last_night: Roster = serde_json::from_slice(&std::fs::read("roster.json")?)?;
/// let diff = last_night.diff(&Roster::fetch(&client)?);
/// if !diff.is_empty() {
///     println!("{diff}");
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct RosterDiff {
    /// The changes: teams first, then accounts, then awards, each by ID.
    pub changes: Vec<Change>,
}

impl RosterDiff {
    /// The changes from `old` to `new`: one walk through both, which are sorted by ID.
    pub fn between(old: &Roster, new: &Roster) -> RosterDiff {
        let mut changes = Vec::new();
        for pair in merge(old.teams(), new.teams(), RosterTeam::id) {
            match pair {
                (None, Some(team)) => changes.push(Change::TeamCreated { team: team.into() }),
                (Some(team), None) => changes.push(Change::TeamDeleted { team: team.into() }),
                (Some(before), Some(after)) if before.name() != after.name() => {
                    changes.push(Change::TeamRenamed {
                        team: after.id(),
                        from: before.name().to_owned(),
                        to: after.name().to_owned(),
                    })
                }
                _ => {}
            }
        }
        let mut awards = Vec::new();
        for pair in merge(old.accounts(), new.accounts(), RosterAccount::id) {
            match pair {
                (None, Some(account)) => {
                    changes.push(Change::AccountAppeared {
                        account: account.into(),
                        team: account.team().map(Named::<TeamId>::from),
                    });
                    award_changes(None, account, &mut awards);
                }
                (Some(account), None) => changes.push(Change::AccountDisappeared {
                    account: account.into(),
                    team: account.team().map(Named::<TeamId>::from),
                }),
                (Some(before), Some(after)) => {
                    account_changes(before, after, &mut changes);
                    award_changes(Some(before), after, &mut awards);
                }
                (None, None) => {}
            }
        }
        changes.extend(awards);
        RosterDiff { changes }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// How many changes there are.
    pub fn len(&self) -> usize {
        self.changes.len()
    }
}

impl Roster {
    /// What changed from this snapshot to a `newer` one.
    pub fn diff(&self, newer: &Roster) -> RosterDiff {
        RosterDiff::between(self, newer)
    }
}

/// The changes of one account from `before` (`None`: it was not there) to `after`, after
/// the `team_changes` that came with it: the order of a whole diff, for what one event
/// changes.
pub(super) fn account_diff(
    team_changes: Vec<Change>,
    before: Option<RosterAccount<'_>>,
    after: RosterAccount<'_>,
) -> RosterDiff {
    let mut changes = team_changes;
    match before {
        None => changes.push(Change::AccountAppeared {
            account: after.into(),
            team: after.team().map(Named::<TeamId>::from),
        }),
        Some(before) => account_changes(before, after, &mut changes),
    }
    award_changes(before, after, &mut changes);
    RosterDiff { changes }
}

/// Two lists sorted by `key`, walked together: each key once, with the item of each list
/// that has it.
fn merge<T: Copy, K: Ord>(
    old: impl Iterator<Item = T>,
    new: impl Iterator<Item = T>,
    key: impl Fn(T) -> K,
) -> impl Iterator<Item = (Option<T>, Option<T>)> {
    let (mut old, mut new) = (old.peekable(), new.peekable());
    std::iter::from_fn(move || match (old.peek().copied(), new.peek().copied()) {
        (None, None) => None,
        (Some(a), Some(b)) => Some(match key(a).cmp(&key(b)) {
            std::cmp::Ordering::Less => (old.next(), None),
            std::cmp::Ordering::Greater => (None, new.next()),
            std::cmp::Ordering::Equal => (old.next(), new.next()),
        }),
        (Some(_), None) => Some((old.next(), None)),
        (None, Some(_)) => Some((None, new.next())),
    })
}

/// The team and name changes of an account present in both snapshots.
fn account_changes(before: RosterAccount<'_>, after: RosterAccount<'_>, changes: &mut Vec<Change>) {
    let account = Named::<AccountId>::from(after);
    match (before.team(), after.team()) {
        (None, Some(team)) => changes.push(Change::AccountJoined {
            account: account.clone(),
            team: team.into(),
        }),
        (Some(team), None) => changes.push(Change::AccountLeft {
            account: account.clone(),
            team: team.into(),
        }),
        (Some(from), Some(to)) if from.id() != to.id() => changes.push(Change::AccountMoved {
            account: account.clone(),
            from: from.into(),
            to: to.into(),
        }),
        _ => {}
    }
    if (before.name(), before.discriminator()) != (after.name(), after.discriminator()) {
        changes.push(Change::AccountRenamed {
            account: after.id(),
            from: full_name(before),
            to: full_name(after),
        });
    }
}

/// The awards `after` holds that `before` did not, and the other way round.
fn award_changes(
    before: Option<RosterAccount<'_>>,
    after: RosterAccount<'_>,
    changes: &mut Vec<Change>,
) {
    let was = before.map(RosterAccount::award_ids).unwrap_or_default();
    let is = after.award_ids();
    let account = Named::<AccountId>::from(after);
    for award in after.awards() {
        if !was.contains(&award.id()) {
            changes.push(Change::AwardGiven {
                award: award.into(),
                account: account.clone(),
            });
        }
    }
    for award in before.into_iter().flat_map(RosterAccount::awards) {
        if !is.contains(&award.id()) {
            changes.push(Change::AwardTaken {
                award: award.into(),
                account: account.clone(),
            });
        }
    }
}

fn full_name(account: RosterAccount<'_>) -> String {
    format!("{}#{}", account.name(), account.discriminator())
}

impl fmt::Display for RosterDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, change) in self.changes.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{change}")?;
        }
        Ok(())
    }
}
