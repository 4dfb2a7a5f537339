//! [`plan`]: the actions that make a league match a desired roster.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::desired::{DesiredAccount, DesiredRoster};
use super::refs::{AccountRef, TeamRef};
use super::snapshot::Roster;
use crate::ids::{account_id_string, AccountId, TeamId};

/// How [`plan`] treats what the desired roster does not list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlanOptions {
    /// Also take accounts out of teams the desired roster does not list them in, and
    /// delete teams it does not name that end up empty.
    pub prune: bool,
}

impl PlanOptions {
    /// Nothing pruned.
    pub fn new() -> Self {
        PlanOptions::default()
    }

    /// Whether to prune.
    pub fn prune(mut self, prune: bool) -> Self {
        self.prune = prune;
        self
    }
}

/// What [`plan`] decided: the actions, in the order they are to run, and the entries of
/// the desired roster it could not act on.
///
/// `Display` shows it as a list of actions, like `terraform plan`; it is `Serialize`, so it
/// can be saved, reviewed and [applied](super::apply) later.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Plan {
    /// The actions: teams to create, accounts to create, accounts to move, and with
    /// `prune` accounts to take out of their team and teams to delete.
    pub actions: Vec<Action>,
    /// Entries left as they are, and why.
    pub conflicts: Vec<Conflict>,
    /// Teams `prune` would delete, kept because they still have awards (the server cannot
    /// delete those).
    pub kept_teams: Vec<TeamRef>,
}

/// One step of a [`Plan`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// Create a team with this name.
    CreateTeam {
        /// Its name.
        name: String,
    },
    /// Create an account, in a team or none.
    CreateAccount {
        /// Its Discord ID.
        #[serde(with = "account_id_string")]
        account: AccountId,
        /// Its name.
        name: String,
        /// Its discriminator.
        discriminator: String,
        /// Its team, if any.
        team: Option<TeamTarget>,
    },
    /// Move an account into a team, or out of its team.
    MoveAccount {
        /// The account.
        account: AccountRef,
        /// The team it is in, if any.
        from: Option<TeamRef>,
        /// The team it goes to, or `None` for no team.
        to: Option<TeamTarget>,
    },
    /// Take an account out of a team the desired roster does not list it in (`prune`).
    RemoveFromTeam {
        /// The account.
        account: AccountRef,
        /// Its team.
        team: TeamRef,
    },
    /// Delete a team the desired roster does not name, left empty (`prune`).
    DeleteTeam {
        /// The team.
        team: TeamRef,
    },
}

/// The team an action puts an account in: one that exists, or one the plan creates.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "team", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TeamTarget {
    /// A team that exists.
    Existing {
        /// Its ID.
        id: TeamId,
        /// Its name.
        name: String,
    },
    /// The team of this name that the plan creates.
    Created {
        /// Its name.
        name: String,
    },
}

/// An entry of the desired roster that the plan leaves alone, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "conflict", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Conflict {
    /// Several teams have this name: which one is meant cannot be known, so the accounts
    /// listed in it are left as they are (and never pruned).
    AmbiguousTeam {
        /// The name.
        name: String,
        /// The teams that have it.
        teams: Vec<TeamRef>,
        /// The accounts listed in it.
        #[serde(with = "ids_as_strings")]
        accounts: Vec<AccountId>,
    },
    /// The account is listed more than once, in different teams: it is left as it is.
    ListedTwice {
        /// The account.
        #[serde(with = "account_id_string")]
        account: AccountId,
    },
    /// The account does not exist, and its entry has no name and discriminator to create
    /// it with.
    CannotCreate {
        /// The account.
        #[serde(with = "account_id_string")]
        account: AccountId,
    },
}

/// Plans the actions that make `current` match `desired`, in the order to run them:
/// create the missing teams, create the missing accounts, move accounts, and with
/// [`prune`](PlanOptions::prune) take unlisted accounts out of their teams and delete the
/// teams left empty that the desired roster does not name (unless they have awards).
///
/// Team names are matched exactly. A name that several teams have is a
/// [`Conflict::AmbiguousTeam`]: the accounts listed in it are left alone, and the rest of
/// the plan goes ahead. Existing accounts are never renamed. A league that already matches
/// gives an empty plan, so running the same sync twice does nothing the second time.
///
/// ```no_run
/// use polympics::roster::{self, DesiredAccount, DesiredRoster, PlanOptions, Roster};
///
/// # let client = polympics::UnauthenticatedClient::new();
/// let desired: DesiredRoster = [DesiredAccount::new(1234567, Some("Athens Owls"))]
///     .into_iter()
///     .collect();
/// let plan = roster::plan(&Roster::fetch(&client)?, &desired, PlanOptions::new());
/// println!("{plan}");
/// # Ok::<(), polympics::Error>(())
/// ```
pub fn plan(current: &Roster, desired: &DesiredRoster, options: PlanOptions) -> Plan {
    let mut plan = Plan::default();
    let (wanted, listed_twice) = by_account(desired);
    for &account in &listed_twice {
        plan.conflicts.push(Conflict::ListedTwice { account });
    }
    let targets = resolve_teams(current, &wanted, &mut plan.conflicts);
    let (mut creates, mut moves) = (Vec::new(), Vec::new());
    for (&id, entry) in &wanted {
        let target = match entry.team.as_deref() {
            None => None,
            Some(name) => match &targets[name] {
                Some(target) => Some(target.clone()),
                None => continue,
            },
        };
        match current.account(id) {
            Some(account) => {
                let from = account.team.as_ref().map(TeamRef::from);
                let stays = match (&target, &from) {
                    (None, None) => true,
                    (Some(TeamTarget::Existing { id, .. }), Some(from)) => *id == from.id,
                    _ => false,
                };
                if !stays {
                    moves.push(Action::MoveAccount {
                        account: account.into(),
                        from,
                        to: target,
                    });
                }
            }
            None => match (&entry.name, &entry.discriminator) {
                (Some(name), Some(discriminator)) => creates.push(Action::CreateAccount {
                    account: id,
                    name: name.clone(),
                    discriminator: discriminator.clone(),
                    team: target,
                }),
                _ => plan.conflicts.push(Conflict::CannotCreate { account: id }),
            },
        }
    }
    let new_teams: BTreeSet<&str> = creates
        .iter()
        .chain(&moves)
        .filter_map(|action| match action {
            Action::CreateAccount {
                team: Some(TeamTarget::Created { name }),
                ..
            }
            | Action::MoveAccount {
                to: Some(TeamTarget::Created { name }),
                ..
            } => Some(name.as_str()),
            _ => None,
        })
        .collect();
    plan.actions
        .extend(new_teams.into_iter().map(|name| Action::CreateTeam {
            name: name.to_owned(),
        }));
    plan.actions.append(&mut creates);
    plan.actions.append(&mut moves);
    if options.prune {
        prune(current, desired, &mut plan);
    }
    plan
}

/// The desired entries by account, without the accounts listed in different teams.
fn by_account(
    desired: &DesiredRoster,
) -> (BTreeMap<AccountId, &DesiredAccount>, BTreeSet<AccountId>) {
    let mut wanted: BTreeMap<AccountId, &DesiredAccount> = BTreeMap::new();
    let mut twice = BTreeSet::new();
    for entry in desired.entries() {
        match wanted.get(&entry.account) {
            Some(first) if first.team != entry.team => {
                twice.insert(entry.account);
            }
            Some(_) => {}
            None => {
                wanted.insert(entry.account, entry);
            }
        }
    }
    for account in &twice {
        wanted.remove(account);
    }
    (wanted, twice)
}

/// Each team name of the desired roster: the team it names, one to create, or `None` when
/// several teams have it (a conflict).
fn resolve_teams<'a>(
    current: &Roster,
    wanted: &BTreeMap<AccountId, &'a DesiredAccount>,
    conflicts: &mut Vec<Conflict>,
) -> HashMap<&'a str, Option<TeamTarget>> {
    let mut targets = HashMap::new();
    for entry in wanted.values() {
        let Some(name) = entry.team.as_deref() else {
            continue;
        };
        targets.entry(name).or_insert_with(|| {
            let teams: Vec<TeamRef> = current.teams_named(name).map(TeamRef::from).collect();
            match teams.as_slice() {
                [] => Some(TeamTarget::Created {
                    name: name.to_owned(),
                }),
                [team] => Some(TeamTarget::Existing {
                    id: team.id,
                    name: team.name.clone(),
                }),
                _ => {
                    let accounts = wanted
                        .values()
                        .filter(|e| e.team.as_deref() == Some(name))
                        .map(|e| e.account)
                        .collect();
                    conflicts.push(Conflict::AmbiguousTeam {
                        name: name.to_owned(),
                        teams,
                        accounts,
                    });
                    None
                }
            }
        });
    }
    targets
}

/// Adds the `prune` actions: unlisted accounts out of their teams, then the teams left
/// empty that the desired roster does not name.
fn prune(current: &Roster, desired: &DesiredRoster, plan: &mut Plan) {
    let listed: BTreeSet<AccountId> = desired.entries().iter().map(|e| e.account).collect();
    let named: BTreeSet<&str> = desired
        .entries()
        .iter()
        .filter_map(|e| e.team.as_deref())
        .collect();
    let mut removals = Vec::new();
    for account in current.accounts() {
        if let (Some(team), false) = (&account.team, listed.contains(&account.id)) {
            removals.push(Action::RemoveFromTeam {
                account: account.into(),
                team: team.into(),
            });
        }
    }
    let mut members: HashMap<TeamId, i64> = HashMap::new();
    for account in current.accounts() {
        if let Some(team) = &account.team {
            *members.entry(team.id).or_default() += 1;
        }
    }
    for action in plan.actions.iter().chain(&removals) {
        match action {
            Action::MoveAccount { from, to, .. } => {
                if let Some(from) = from {
                    *members.entry(from.id).or_default() -= 1;
                }
                if let Some(TeamTarget::Existing { id, .. }) = to {
                    *members.entry(*id).or_default() += 1;
                }
            }
            Action::RemoveFromTeam { team, .. } => *members.entry(team.id).or_default() -= 1,
            Action::CreateAccount {
                team: Some(TeamTarget::Existing { id, .. }),
                ..
            } => *members.entry(*id).or_default() += 1,
            _ => {}
        }
    }
    plan.actions.append(&mut removals);
    for team in current.teams() {
        let empty = members.get(&team.id).copied().unwrap_or(0) <= 0;
        if !empty || named.contains(team.name.as_str()) {
            continue;
        }
        if team.awards.is_empty() {
            plan.actions.push(Action::DeleteTeam { team: team.into() });
        } else {
            plan.kept_teams.push(team.into());
        }
    }
}

impl Plan {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }
}

/// Account IDs as JSON strings, in a list.
mod ids_as_strings {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::ids::AccountId;

    pub(super) fn serialize<S: Serializer>(ids: &[AccountId], s: S) -> Result<S::Ok, S::Error> {
        let strings: Vec<String> = ids.iter().map(ToString::to_string).collect();
        strings.serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<AccountId>, D::Error> {
        let strings = Vec::<String>::deserialize(d)?;
        strings
            .iter()
            .map(|s| s.parse().map_err(serde::de::Error::custom))
            .collect()
    }
}

impl fmt::Display for TeamTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TeamTarget::Existing { id, name } => write!(f, "team {id} {name:?}"),
            TeamTarget::Created { name } => write!(f, "the new team {name:?}"),
        }
    }
}
