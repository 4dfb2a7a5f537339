//! [`plan`]: the actions that make a league match a desired roster. The types it returns
//! are in `model`, how they read in `text`.

mod model;
mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap};

pub use model::{Action, Conflict, Plan, TeamTarget};

use super::desired::{DesiredAccount, DesiredRoster};
use super::refs::TeamRef;
use super::snapshot::Roster;
use crate::ids::{AccountId, TeamId};

/// How [`plan`] treats what the desired roster does not list.
///
/// ```
/// use polympics::roster::PlanOptions;
///
/// assert!(!PlanOptions::new().prune, "unlisted accounts are left alone by default");
/// assert!(PlanOptions::new().prune(true).prune);
/// ```
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
