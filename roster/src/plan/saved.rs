//! [`SavedPlan`]: a plan kept to be applied later exactly as it was reviewed, with what its
//! actions assumed of the league, so that one the league has moved away from is refused
//! whole rather than applied halfway.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

use super::model::{Action, Plan, TeamTarget};
use crate::desired::shown;
use crate::named::Named;
use crate::snapshot::Roster;
use polympics::formats::{account_id, timestamp};
use polympics::{AccountId, TeamId};

/// The format of a saved plan's file, which [`SavedPlan`] writes in its `format` field.
pub const SAVED_PLAN_FORMAT: &str = "polympics-roster plan 1";

/// A plan saved to be applied later (`roster plan --out`, then `roster apply PLAN`):
/// the plan, the server and time it was made for, and what each action assumed of the
/// league (the team of each account it moves, that a team it creates did not exist, the
/// members of a team it deletes...). [`check`](Self::check) holds those against the league
/// as it is when the plan is applied: a plan that no longer fits is refused whole, never
/// applied halfway, and says what changed.
///
/// ```
/// use polympics::{AccountUpdate, TeamId};
/// use polympics_roster::{self as roster, DesiredAccount, PlanOptions, Roster, SavedPlan};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let desired = [DesiredAccount::new(800000000000000000, Some("Sparta Shields"))].into_iter().collect();
/// let current = Roster::fetch(&app)?;
/// let saved = SavedPlan::new(roster::plan(&current, &desired, PlanOptions::new()), &current);
/// let text = serde_json::to_string(&saved)?;
///
/// // Later: still fits, so it is applied exactly.
/// let saved: SavedPlan = serde_json::from_str(&text)?;
/// assert!(saved.check(&Roster::fetch(&app)?).is_ok());
///
/// // Someone moved the account meanwhile: the plan no longer fits.
/// app.update_account(800000000000000000, AccountUpdate::new().team(TeamId(2)))?;
/// let stale = saved.check(&Roster::fetch(&app)?).unwrap_err();
/// assert_eq!(
///     stale.changes,
///     ["account 800000000000000000 is in team 2 \"Corinth Columns\" now; the plan was made when it was in team 1 \"Athens Owls\""]
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct SavedPlan {
    /// [`SAVED_PLAN_FORMAT`]: what the file is, and in which version.
    pub format: String,
    /// The base URL of the server the plan was made for, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// When the snapshot the plan was made from was taken.
    #[serde(with = "timestamp")]
    pub made_at: OffsetDateTime,
    /// The plan.
    pub plan: Plan,
    /// What the actions assumed of the league.
    basis: Basis,
}

/// The league as a plan's actions saw it: only what they touch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
struct Basis {
    /// Each account an action creates, moves or removes: its team then, `None` for no team;
    /// `exists: false` for one to create.
    accounts: Vec<AccountFact>,
    /// Each team an action moves an account into or out of, or deletes: its name then
    /// (`None`: it did not exist), and for a team to delete its members.
    teams: Vec<TeamFact>,
    /// Each name of a team to create, and the teams that had it then (none, normally).
    names: Vec<NameFact>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct AccountFact {
    #[serde(with = "account_id")]
    id: AccountId,
    exists: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    team: Option<TeamId>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct TeamFact {
    id: TeamId,
    name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    members: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct NameFact {
    name: String,
    teams: Vec<TeamId>,
}

/// A saved plan the league has moved away from: what changed, one line each.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub struct StalePlan {
    /// What is not as the plan assumed, one line each.
    pub changes: Vec<String>,
}

impl fmt::Display for StalePlan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the league changed since the plan was made, where its actions touch it"
        )?;
        for change in &self.changes {
            write!(f, "\n  {change}")?;
        }
        Ok(())
    }
}

impl SavedPlan {
    /// `plan`, made from `current`, saved with what its actions assume of it.
    pub fn new(plan: Plan, current: &Roster) -> Self {
        SavedPlan {
            format: SAVED_PLAN_FORMAT.to_owned(),
            source: current.source().map(str::to_owned),
            made_at: current.taken_at(),
            basis: Basis::of(&plan, current),
            plan,
        }
    }

    /// Whether the plan still fits `current`: `Err` with every change, from the league the
    /// plan was made from, to what its actions touch (an account moved meanwhile, a team
    /// renamed or deleted, a team to create that now exists, a member added to a team to
    /// delete), or to the server (another base URL).
    pub fn check(&self, current: &Roster) -> Result<(), StalePlan> {
        let mut changes = Vec::new();
        if let (Some(saved), Some(now)) = (&self.source, current.source()) {
            if saved.trim_end_matches('/') != now.trim_end_matches('/') {
                changes.push(format!("the plan was made for {saved}, and this is {now}"));
            }
        }
        let now = Basis::with_facts_of(&self.basis, current);
        let team_shown = |id: Option<TeamId>| -> String {
            match id {
                None => "no team".to_owned(),
                Some(id) => match self.basis.teams.iter().find(|t| t.id == id) {
                    Some(TeamFact {
                        name: Some(name), ..
                    }) => format!("team {id} {}", shown(name)),
                    _ => match current.team(id) {
                        Some(team) => format!("team {id} {}", shown(team.name())),
                        None => format!("team {id}"),
                    },
                },
            }
        };
        for (then, now) in self.basis.accounts.iter().zip(&now.accounts) {
            let id = then.id;
            match (then.exists, now.exists) {
                (false, true) => changes.push(format!(
                    "account {id} exists now; the plan was made to create it"
                )),
                (true, false) => changes.push(format!("account {id} no longer exists")),
                (true, true) if then.team != now.team => {
                    let is = match now.team.and_then(|t| current.team(t)) {
                        Some(team) => format!("team {} {}", team.id(), shown(team.name())),
                        None => team_shown(now.team),
                    };
                    changes.push(format!(
                        "account {id} is in {is} now; the plan was made when it was in {}",
                        team_shown(then.team)
                    ))
                }
                _ => {}
            }
        }
        for (then, now) in self.basis.teams.iter().zip(&now.teams) {
            let id = then.id;
            match (&then.name, &now.name) {
                (Some(_), None) => changes.push(format!("team {id} no longer exists")),
                (None, Some(name)) => changes.push(format!("team {id} {} exists now", shown(name))),
                (Some(was), Some(is)) if was != is => changes.push(format!(
                    "team {id} is named {} now; it was {}",
                    shown(is),
                    shown(was)
                )),
                _ => {}
            }
            if let (Some(was), Some(is)) = (then.members, now.members) {
                if was != is && now.name.is_some() {
                    changes.push(format!(
                        "team {id} has {is} members now, {was} when the plan was made to \
                         delete it"
                    ));
                }
            }
        }
        for (then, now) in self.basis.names.iter().zip(&now.names) {
            if then.teams != now.teams {
                let ids: Vec<String> = now.teams.iter().map(ToString::to_string).collect();
                changes.push(match ids.len() {
                    0 => format!("no team is named {} any more", shown(&then.name)),
                    _ => format!(
                        "a team named {} exists now (team {}); the plan was made to create it",
                        shown(&then.name),
                        ids.join(", ")
                    ),
                });
            }
        }
        if changes.is_empty() {
            Ok(())
        } else {
            Err(StalePlan { changes })
        }
    }
}

impl Basis {
    /// What the actions of `plan` assume of `current`.
    fn of(plan: &Plan, current: &Roster) -> Basis {
        let mut accounts = BTreeMap::new();
        let mut teams: BTreeMap<TeamId, bool> = BTreeMap::new();
        let mut names = Vec::new();
        let mut team = |id: TeamId, members: bool| {
            *teams.entry(id).or_default() |= members;
        };
        for action in &plan.actions {
            match action {
                Action::CreateTeam { name } => names.push(name.clone()),
                Action::CreateAccount {
                    account, team: to, ..
                } => {
                    accounts.insert(*account, ());
                    if let Some(TeamTarget::Existing(Named { id, .. })) = to {
                        team(*id, false);
                    }
                }
                Action::MoveAccount { account, from, to } => {
                    accounts.insert(account.id, ());
                    if let Some(from) = from {
                        team(from.id, false);
                    }
                    if let Some(TeamTarget::Existing(Named { id, .. })) = to {
                        team(*id, false);
                    }
                }
                Action::RemoveFromTeam {
                    account,
                    team: from,
                } => {
                    accounts.insert(account.id, ());
                    team(from.id, false);
                }
                Action::DeleteTeam { team: deleted } => team(deleted.id, true),
                Action::MergeTeam { from, into } => {
                    team(from.id, true);
                    team(into.id, false);
                }
            }
        }
        let skeleton = Basis {
            accounts: accounts
                .into_keys()
                .map(|id| AccountFact {
                    id,
                    exists: false,
                    team: None,
                })
                .collect(),
            teams: teams
                .into_iter()
                .map(|(id, members)| TeamFact {
                    id,
                    name: None,
                    members: members.then_some(0),
                })
                .collect(),
            names: names
                .into_iter()
                .map(|name| NameFact {
                    name,
                    teams: Vec::new(),
                })
                .collect(),
        };
        Basis::with_facts_of(&skeleton, current)
    }

    /// The same facts as `basis` asks about, as `current` has them.
    fn with_facts_of(basis: &Basis, current: &Roster) -> Basis {
        Basis {
            accounts: basis
                .accounts
                .iter()
                .map(|fact| {
                    let account = current.account(fact.id);
                    AccountFact {
                        id: fact.id,
                        exists: account.is_some(),
                        team: account.and_then(|a| a.team_id()),
                    }
                })
                .collect(),
            teams: basis
                .teams
                .iter()
                .map(|fact| TeamFact {
                    id: fact.id,
                    name: current.team(fact.id).map(|t| t.name().to_owned()),
                    members: fact
                        .members
                        .map(|_| current.members(fact.id).count() as u64),
                })
                .collect(),
            names: basis
                .names
                .iter()
                .map(|fact| NameFact {
                    name: fact.name.clone(),
                    teams: current.teams_named(&fact.name).map(|t| t.id()).collect(),
                })
                .collect(),
        }
    }
}
