//! [`RosterDiff`]: what changed between two snapshots of a league.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::snapshot::{Roster, RosterAccount, RosterTeam};
use crate::named::Named;
use polympics::formats::account_id;
use polympics::{AccountId, AwardId, TeamId};

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

/// One change between two snapshots.
///
/// `Display` writes it as one line; it is serialized with a `change` tag
/// (`{"change": "account_moved", ...}`).
///
/// ```
/// use polympics_roster::{Change, Roster};
/// use polympics::{AccountUpdate, TeamId};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let before = Roster::fetch(&app)?;
/// app.update_account(800000000000000000, AccountUpdate::new().team(TeamId(5)))?;
/// let diff = before.diff(&Roster::fetch(&app)?);
///
/// match &diff.changes[..] {
///     [Change::AccountMoved { account, from, to }] => {
///         assert_eq!((account.name.as_str(), from.id, to.id), ("Achilles", TeamId(1), TeamId(5)));
///     }
///     other => panic!("{other:?}"),
/// }
/// assert_eq!(
///     diff.changes[0].to_string(),
///     r#"> account 800000000000000000 "Achilles" moved from team 1 "Athens Owls" to team 5 "Sparta Shields""#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Change {
    /// A team exists now that did not before.
    TeamCreated {
        /// The team.
        team: Named<TeamId>,
    },
    /// A team is gone.
    TeamDeleted {
        /// The team, as it was.
        team: Named<TeamId>,
    },
    /// A team has a new name.
    TeamRenamed {
        /// The team.
        team: TeamId,
        /// Its old name.
        from: String,
        /// Its new name.
        to: String,
    },
    /// An account exists now that did not before.
    AccountAppeared {
        /// The account.
        account: Named<AccountId>,
        /// Its team, if any.
        team: Option<Named<TeamId>>,
    },
    /// An account is gone.
    AccountDisappeared {
        /// The account, as it was.
        account: Named<AccountId>,
        /// The team it was in, if any.
        team: Option<Named<TeamId>>,
    },
    /// An account in no team joined one.
    AccountJoined {
        /// The account.
        account: Named<AccountId>,
        /// Its team now.
        team: Named<TeamId>,
    },
    /// An account left its team for none.
    AccountLeft {
        /// The account.
        account: Named<AccountId>,
        /// The team it left.
        team: Named<TeamId>,
    },
    /// An account went from one team to another.
    AccountMoved {
        /// The account.
        account: Named<AccountId>,
        /// The team it left.
        from: Named<TeamId>,
        /// The team it is in now.
        to: Named<TeamId>,
    },
    /// An account's name or discriminator changed (`name#discriminator`).
    AccountRenamed {
        /// The account.
        #[serde(with = "account_id")]
        account: AccountId,
        /// What it was.
        from: String,
        /// What it is now.
        to: String,
    },
    /// An account holds an award it did not hold.
    AwardGiven {
        /// The award.
        award: Named<AwardId>,
        /// The account.
        account: Named<AccountId>,
    },
    /// An account no longer holds an award.
    AwardTaken {
        /// The award.
        award: Named<AwardId>,
        /// The account.
        account: Named<AccountId>,
    },
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

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::TeamCreated { team } => write!(f, "+ {team} created"),
            Change::TeamDeleted { team } => write!(f, "- {team} deleted"),
            Change::TeamRenamed { team, from, to } => {
                write!(f, "~ team {team} renamed {from:?} -> {to:?}")
            }
            Change::AccountAppeared { account, team } => match team {
                Some(team) => write!(f, "+ {account} appeared, in {team}"),
                None => write!(f, "+ {account} appeared, in no team"),
            },
            Change::AccountDisappeared { account, .. } => write!(f, "- {account} disappeared"),
            Change::AccountJoined { account, team } => write!(f, "> {account} joined {team}"),
            Change::AccountLeft { account, team } => write!(f, "< {account} left {team}"),
            Change::AccountMoved { account, from, to } => {
                write!(f, "> {account} moved from {from} to {to}")
            }
            Change::AccountRenamed { account, from, to } => {
                write!(f, "~ account {account} renamed {from:?} -> {to:?}")
            }
            Change::AwardGiven { award, account } => write!(f, "+ {award} given to {account}"),
            Change::AwardTaken { award, account } => write!(f, "- {award} taken from {account}"),
        }
    }
}
