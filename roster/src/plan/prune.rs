//! The actions of `prune`: unlisted accounts out of their teams, then the teams left empty
//! that the desired roster does not name.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::model::{Action, Plan, TeamTarget};
use super::teams::near_key;
use crate::desired::DesiredRoster;
use crate::named::Named;
use crate::snapshot::Roster;
use polympics::{AccountId, TeamId};

/// Adds the `prune` actions to `plan`, after its creates and moves.
///
/// An account listed in the desired roster is never pruned, even when its entry is a
/// conflict. A team is deleted when it ends up with no member and the desired roster does
/// not name it (nor a name with the same letters and digits); this includes teams
/// that were already empty. A team that still has awards is kept (the server cannot delete
/// it) and listed in [`Plan::kept_teams`].
pub(super) fn prune(current: &Roster, desired: &DesiredRoster, plan: &mut Plan) {
    let listed: HashSet<AccountId> = desired.entries().iter().map(|e| e.account).collect();
    let named: BTreeSet<String> = desired
        .entries()
        .iter()
        .filter_map(|e| e.team.as_deref())
        .map(near_key)
        .collect();
    let named_ids: HashSet<TeamId> = desired.entries().iter().filter_map(|e| e.team_id).collect();
    let mut removals = Vec::new();
    let mut members: HashMap<TeamId, i64> = HashMap::new();
    for account in current.accounts() {
        if let Some(team) = account.team() {
            *members.entry(team.id()).or_default() += 1;
            if !listed.contains(&account.id()) {
                removals.push(Action::RemoveFromTeam {
                    account: account.into(),
                    team: team.into(),
                });
            }
        }
    }
    for action in plan.actions.iter().chain(&removals) {
        match action {
            Action::MoveAccount { from, to, .. } => {
                if let Some(from) = from {
                    *members.entry(from.id).or_default() -= 1;
                }
                if let Some(TeamTarget::Existing(Named { id, .. })) = to {
                    *members.entry(*id).or_default() += 1;
                }
            }
            Action::RemoveFromTeam { team, .. } => *members.entry(team.id).or_default() -= 1,
            Action::CreateAccount {
                team: Some(TeamTarget::Existing(Named { id, .. })),
                ..
            } => *members.entry(*id).or_default() += 1,
            _ => {}
        }
    }
    plan.actions.append(&mut removals);
    for team in current.teams() {
        let empty = members.get(&team.id()).copied().unwrap_or(0) <= 0;
        if !empty || named.contains(&near_key(team.name())) || named_ids.contains(&team.id()) {
            continue;
        }
        if team.awards().next().is_none() {
            plan.actions.push(Action::DeleteTeam { team: team.into() });
        } else {
            plan.kept_teams.push(team.into());
        }
    }
}
