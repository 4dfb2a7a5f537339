//! [`plan`]: the actions that make a league match a desired roster. The types it returns
//! are in `model`, how they read in `text`; which team a name means is decided in `teams`,
//! what `prune` adds in `prune`, and the guard rail on removals in `guard`; a plan kept
//! to be applied later is a `SavedPlan` (in `saved`).

mod guard;
mod model;
mod prune;
mod saved;
mod teams;
mod text;

use std::collections::{BTreeMap, BTreeSet};

pub use guard::{MaxRemovals, Refusal, DEFAULT_MAX_REMOVAL_PERCENT, MIN_MAX_REMOVALS};
pub use model::{Action, Conflict, Plan, TeamTarget};
pub use saved::{SavedPlan, StalePlan, SAVED_PLAN_FORMAT};

use super::desired::{DesiredAccount, DesiredRoster};
use super::snapshot::Roster;
use crate::named::Named;
use polympics::{AccountId, TeamId};

/// How [`plan`] treats what the desired roster does not list, and how much it may remove.
///
/// ```
/// use polympics_roster::{MaxRemovals, PlanOptions};
///
/// let options = PlanOptions::new();
/// assert!(!options.prune, "unlisted accounts are left alone by default");
/// assert_eq!(options.max_removals, MaxRemovals::Default);
/// let options = PlanOptions::new().prune(true).max_removals(MaxRemovals::AtMost(50));
/// assert!(options.prune);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct PlanOptions {
    /// Also take accounts out of teams the desired roster does not list them in, and
    /// delete teams it does not name that end up empty.
    pub prune: bool,
    /// How many accounts the plan may take out of their team before it is refused
    /// ([`Refusal::TooManyRemovals`]).
    pub max_removals: MaxRemovals,
    /// Team names that are meant to be new teams: a desired team name that is no team's
    /// but near one (see [`Conflict::NearMatch`]) is created only when it is here.
    pub new_teams: BTreeSet<String>,
}

impl PlanOptions {
    /// Nothing pruned, the default limit on removals.
    pub fn new() -> Self {
        PlanOptions::default()
    }

    /// Whether to prune.
    pub fn prune(mut self, prune: bool) -> Self {
        self.prune = prune;
        self
    }

    /// The limit on removals.
    pub fn max_removals(mut self, max: MaxRemovals) -> Self {
        self.max_removals = max;
        self
    }

    /// `name` is meant to be a new team, even if it is near the name of one that exists
    /// or near another new name of the desired roster.
    pub fn new_team(mut self, name: impl Into<String>) -> Self {
        self.new_teams.insert(name.into());
        self
    }
}

/// Plans the actions that make `current` match `desired`, in the order to run them:
/// create the missing teams, create the missing accounts, move accounts, and with
/// [`prune`](PlanOptions::prune) take unlisted accounts out of their teams and delete the
/// teams left empty that the desired roster does not name (unless they have awards).
///
/// Team names are matched exactly. Entries the plan cannot act on safely are
/// [`Conflict`]s, left as they are while the rest of the plan goes ahead: an entry that
/// fails [`DesiredAccount::check`], a name that several teams have, a name that matches no
/// team but is near one ("did you mean": other letter case, spacing, punctuation,
/// invisible characters, a letter or two), a new team spelt two near ways, a `team_id` that
/// disagrees with the name. A new team is created only for a name near no team, or one
/// [`PlanOptions::new_team`] names. Existing accounts are never renamed. A
/// league that already matches gives an empty plan, so running the same sync twice does
/// nothing the second time.
///
/// A plan is [refused](Plan::refusal) when `prune` is asked with a desired roster that
/// lists nobody, or when it would take more accounts out of their teams than
/// [`max_removals`](PlanOptions::max_removals) allows; [`apply`](super::apply) does
/// nothing of a refused plan.
///
/// ```no_run
/// use polympics_roster::{self as roster, DesiredAccount, DesiredRoster, PlanOptions, Roster};
///
/// # let client = polympics::UnauthenticatedClient::new("https://api.polytopia.fun")?;
/// let desired: DesiredRoster = [DesiredAccount::new(1234567, Some("Athens Owls"))]
///     .into_iter()
///     .collect();
/// let plan = roster::plan(&Roster::fetch(&client)?, &desired, PlanOptions::new());
/// println!("{plan}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn plan(current: &Roster, desired: &DesiredRoster, options: PlanOptions) -> Plan {
    let mut plan = Plan::default();
    if options.prune && desired.is_empty() {
        plan.refusal = Some(Refusal::EmptyDesired);
        return plan;
    }
    let wanted = by_account(desired, &mut plan.conflicts);
    let names = teams::TeamNames::new(current);

    // Entries whose team_id is given are resolved by it; the others by name.
    let mut by_id = BTreeMap::new();
    let mut by_name: BTreeMap<&str, Vec<AccountId>> = BTreeMap::new();
    for (&id, entry) in &wanted {
        match (entry.team_id, entry.team.as_deref()) {
            (Some(team_id), name) => match current.team(team_id) {
                Some(team) if Some(team.name()) == name => {
                    by_id.insert(id, TeamTarget::Existing(team.into()));
                }
                found => plan.conflicts.push(Conflict::TeamIdMismatch {
                    account: id,
                    line: entry.line,
                    team_id,
                    team: entry.team.clone(),
                    actual: found.map(Named::<TeamId>::from),
                }),
            },
            (None, Some(name)) => by_name.entry(name).or_default().push(id),
            (None, None) => {}
        }
    }
    let targets = teams::resolve(&names, &by_name, &options.new_teams, &mut plan.conflicts);

    let (mut creates, mut moves) = (Vec::new(), Vec::new());
    for (&id, entry) in &wanted {
        let target = match (entry.team_id, entry.team.as_deref()) {
            (Some(_), _) => match by_id.remove(&id) {
                Some(target) => Some(target),
                None => continue,
            },
            (None, None) => None,
            (None, Some(name)) => match &targets[name] {
                Some(target) => Some(target.clone()),
                None => continue,
            },
        };
        match current.account(id) {
            Some(account) => {
                let from = account.team().map(Named::<TeamId>::from);
                let stays = match (&target, &from) {
                    (None, None) => true,
                    (Some(TeamTarget::Existing(to)), Some(from)) => to.id == from.id,
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
                _ => plan.conflicts.push(Conflict::CannotCreate {
                    account: id,
                    line: entry.line,
                }),
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
        prune::prune(current, desired, &mut plan);
    }
    let removals = guard::Removals {
        accounts: plan.removals(),
        teams: plan.team_deletions(),
        in_teams: current
            .accounts()
            .filter(|account| account.team_id().is_some())
            .count(),
        all_teams: current.teams().len(),
    };
    plan.refusal = guard::refusal(removals, options.max_removals);
    plan
}

/// The valid desired entries by account. An entry that fails its check, and an account
/// listed in different teams, are conflicts and left out.
fn by_account<'d>(
    desired: &'d DesiredRoster,
    conflicts: &mut Vec<Conflict>,
) -> BTreeMap<AccountId, &'d DesiredAccount> {
    let mut wanted: BTreeMap<AccountId, &DesiredAccount> = BTreeMap::new();
    let mut left_alone = BTreeSet::new();
    for entry in desired.entries() {
        if let Err(err) = entry.check() {
            conflicts.push(Conflict::Invalid {
                account: entry.account,
                line: entry.line,
                reason: err.to_string(),
            });
            left_alone.insert(entry.account);
            continue;
        }
        match wanted.get(&entry.account) {
            Some(first) if (&first.team, first.team_id) != (&entry.team, entry.team_id) => {
                if left_alone.insert(entry.account) {
                    conflicts.push(Conflict::ListedTwice {
                        account: entry.account,
                        lines: [first.line, entry.line].into_iter().flatten().collect(),
                    });
                }
            }
            Some(_) => {}
            None => {
                wanted.insert(entry.account, entry);
            }
        }
    }
    for account in &left_alone {
        wanted.remove(account);
    }
    wanted
}
