//! One action of an apply, made safe against the league changing under it: a team looked
//! up again before it is created, an account's absence confirmed before it is created, and
//! what vanished meanwhile passed over rather than failed.

use std::collections::HashMap;

use super::report::Outcome;
use crate::merge::merge_teams;
use crate::named::Named;
use crate::plan::{Action, TeamTarget};
use polympics::auth::Authenticated;
use polympics::Client;
use polympics::Error;
use polympics::Missing;
use polympics::{Account, Team};
use polympics::{AccountId, TeamAssignment, TeamId, NO_TEAM};
use polympics::{AccountUpdate, NewAccount};

/// What a run knows beyond its plan: the team each new name stands for, and the teams it
/// created itself (the only ones it may merge away).
pub(super) struct Run<'c, A: Authenticated> {
    pub(super) client: &'c Client<A>,
    /// The team each name of a [`TeamTarget::Created`] stands for.
    teams: HashMap<String, TeamId>,
    /// The teams this run created, by name.
    pub(super) created: Vec<Named<TeamId>>,
    /// Twins merged away while creating, reported after the action that created them.
    pub(super) merges: Vec<(Action, Outcome)>,
}

impl<'c, A: Authenticated> Run<'c, A> {
    pub(super) fn new(client: &'c Client<A>) -> Self {
        Run {
            client,
            teams: HashMap::new(),
            created: Vec::new(),
            merges: Vec::new(),
        }
    }

    /// Runs one action.
    pub(super) fn action(&mut self, action: &Action) -> Outcome {
        match action {
            Action::CreateTeam { name } => self.create_team(name),
            Action::CreateAccount {
                account,
                name,
                discriminator,
                team,
            } => {
                let team = match team.as_ref().map(|team| self.resolve(team)) {
                    Some(Err(skipped)) => return skipped,
                    Some(Ok(team)) => Some(team),
                    None => None,
                };
                self.create_account(*account, name, discriminator, team)
            }
            Action::MoveAccount { account, to, .. } => {
                let team: TeamAssignment = match to.as_ref().map(|team| self.resolve(team)) {
                    Some(Err(skipped)) => return skipped,
                    Some(Ok(team)) => team.into(),
                    None => NO_TEAM.into(),
                };
                self.move_account(account.id, team)
            }
            Action::RemoveFromTeam { account, .. } => self.move_account(account.id, NO_TEAM.into()),
            Action::DeleteTeam { team } => self.delete_team(team.id),
            Action::MergeTeam { from, into } => match merge_teams(self.client, from, into) {
                Ok(_) => Outcome::Done,
                Err(err) => Outcome::Failed(err),
            },
        }
    }

    /// Creates a team, unless one of that name appeared since the snapshot; then looks
    /// again, and merges its own team away if a concurrent run made a twin with a lower
    /// ID.
    fn create_team(&mut self, name: &str) -> Outcome {
        match self.client.teams_named(name) {
            Ok(teams) if !teams.is_empty() => {
                self.teams.insert(name.to_owned(), teams[0].id);
                return Outcome::AlreadyDone;
            }
            Ok(_) => {}
            Err(err) => return Outcome::Failed(err.into()),
        }
        let mine = match self.client.create_team(name) {
            Ok(team) => team,
            Err(err) => return Outcome::Failed(err.into()),
        };
        let mine = Named::<TeamId>::from(&mine);
        self.teams.insert(name.to_owned(), mine.id);
        self.created.push(mine.clone());
        // A failed look leaves the twins to the end of the run, which looks again.
        if let Ok(twins) = self.client.teams_named(name) {
            self.converge(&mine, &twins);
        }
        Outcome::Done
    }

    /// With `twins` the teams named as `mine` is, merges `mine` into the one with the lowest
    /// ID when that is not `mine`: every run that raced comes to the same team.
    pub(super) fn converge(&mut self, mine: &Named<TeamId>, twins: &[Team]) {
        let Some(winner) = twins.iter().min_by_key(|team| team.id) else {
            return;
        };
        if winner.id >= mine.id {
            return;
        }
        let action = Action::MergeTeam {
            from: mine.clone(),
            into: Named::<TeamId>::from(winner),
        };
        let outcome = match merge_teams(self.client, mine, winner) {
            Ok(_) => {
                self.teams.insert(mine.name.clone(), winner.id);
                self.created.retain(|team| team.id != mine.id);
                Outcome::Done
            }
            Err(err) => Outcome::Failed(err),
        };
        self.merges.push((action, outcome));
    }

    /// Creates an account once the server confirms it is absent; one that exists (since
    /// the snapshot, or created meanwhile: a 409) is moved where it belongs instead.
    fn create_account(
        &self,
        account: AccountId,
        name: &str,
        discriminator: &str,
        team: Option<TeamId>,
    ) -> Outcome {
        match self.client.get_account(account) {
            Ok(existing) => return self.place(&existing, team),
            Err(err) if err.missing() == Some(Missing::Account) => {}
            Err(err) => return Outcome::Failed(err.into()),
        }
        let mut new = NewAccount::new(account, name, discriminator);
        if let Some(team) = team {
            new = new.team(team);
        }
        match self.client.create_account(new) {
            Ok(_) => Outcome::Done,
            Err(Error::Client { status: 409, .. }) => match self.client.get_account(account) {
                Ok(existing) => self.place(&existing, team),
                Err(err) => Outcome::Failed(err.into()),
            },
            Err(err) => Outcome::Failed(err.into()),
        }
    }

    /// Puts an existing account in `team` (or none), if it is not there already.
    fn place(&self, account: &Account, team: Option<TeamId>) -> Outcome {
        if account.team.as_ref().map(|t| t.id) == team {
            return Outcome::AlreadyDone;
        }
        let team: TeamAssignment = match team {
            Some(team) => team.into(),
            None => NO_TEAM.into(),
        };
        self.move_account(account.id, team)
    }

    /// Moves an account; one deleted meanwhile is passed over.
    fn move_account(&self, account: AccountId, team: TeamAssignment) -> Outcome {
        match self
            .client
            .update_account(account, AccountUpdate::new().team(team))
        {
            Ok(_) => Outcome::Done,
            Err(err) if err.missing() == Some(Missing::Account) => Outcome::Skipped {
                reason: "the account no longer exists".to_owned(),
            },
            Err(err) => Outcome::Failed(err.into()),
        }
    }

    /// Deletes a team the plan found empty, unless members joined it meanwhile.
    fn delete_team(&self, team: TeamId) -> Outcome {
        match self.client.get_team(team) {
            Ok(found) if found.member_count > 0 => {
                return Outcome::Skipped {
                    reason: format!(
                        "it has {} member{} again",
                        found.member_count,
                        if found.member_count == 1 { "" } else { "s" }
                    ),
                }
            }
            Ok(_) => {}
            Err(err) if err.missing() == Some(Missing::Team) => return Outcome::AlreadyDone,
            Err(err) => return Outcome::Failed(err.into()),
        }
        match self.client.delete_team(team) {
            Ok(()) => Outcome::Done,
            Err(err) if err.missing() == Some(Missing::Team) => Outcome::AlreadyDone,
            Err(err) => Outcome::Failed(err.into()),
        }
    }

    /// The ID of an action's team, or why the action is skipped.
    fn resolve(&self, team: &TeamTarget) -> std::result::Result<TeamId, Outcome> {
        match team {
            TeamTarget::Existing(team) => Ok(team.id),
            TeamTarget::Created { name } => {
                self.teams
                    .get(name.as_str())
                    .copied()
                    .ok_or_else(|| Outcome::Skipped {
                        reason: format!("the team {name:?} was not created"),
                    })
            }
        }
    }
}
