//! [`apply`]: running a plan, action by action, reporting each outcome.

use std::collections::HashMap;
use std::fmt;

use super::plan::{Action, Plan, TeamTarget};
use crate::client::{Authenticated, Client};
use crate::error::{Error, Result};
use crate::ids::{TeamAssignment, TeamId, NO_TEAM};
use crate::requests::{AccountUpdate, NewAccount};

/// How [`apply`] treats a failed action.
///
/// ```
/// use polympics::roster::ApplyOptions;
///
/// let options = ApplyOptions::new().keep_going(true);
/// assert!(options.keep_going);
/// assert!(!ApplyOptions::new().keep_going, "stops at the first failure by default");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ApplyOptions {
    /// Go on with the actions that do not depend on a failed one, instead of stopping at
    /// the first failure.
    pub keep_going: bool,
}

impl ApplyOptions {
    /// Stop at the first failure.
    pub fn new() -> Self {
        ApplyOptions::default()
    }

    /// Whether to go on after a failure.
    pub fn keep_going(mut self, keep_going: bool) -> Self {
        self.keep_going = keep_going;
        self
    }
}

/// What [`apply`] tells its observer, for progress bars and logs.
///
/// ```
/// use polympics::roster::{self, ApplyEvent, ApplyOptions, DesiredAccount, DesiredRoster, PlanOptions, Roster};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let desired: DesiredRoster = [DesiredAccount::new(800000000000000000, Some("Sparta Shields"))]
///     .into_iter()
///     .collect();
/// let plan = roster::plan(&Roster::fetch(&app)?, &desired, PlanOptions::new());
///
/// let mut log = Vec::new();
/// roster::apply(&app, &plan, ApplyOptions::new(), |event| match event {
///     ApplyEvent::Started { index, total, .. } => log.push(format!("{}/{total}", index + 1)),
///     ApplyEvent::Finished { outcome, .. } => log.push(outcome.to_string()),
///     _ => {}
/// });
/// assert_eq!(log, ["1/1", "done"]);
/// # Ok::<(), polympics::Error>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ApplyEvent<'a> {
    /// An action is about to run.
    Started {
        /// Its position, from 0.
        index: usize,
        /// How many actions the plan has.
        total: usize,
        /// The action.
        action: &'a Action,
    },
    /// An action ran (or was skipped).
    Finished {
        /// Its position, from 0.
        index: usize,
        /// How many actions the plan has.
        total: usize,
        /// The action.
        action: &'a Action,
        /// What came of it.
        outcome: &'a Outcome,
    },
}

/// What came of one action.
///
/// ```
/// use polympics::roster::{self, Action, ApplyOptions, DesiredAccount, DesiredRoster, Outcome, PlanOptions, Roster};
/// use polympics_test_server::{Fault, TestServer};
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let desired: DesiredRoster = [DesiredAccount::new(800000000000000000, Some("New Team"))]
///     .into_iter()
///     .collect();
/// let plan = roster::plan(&Roster::fetch(&app)?, &desired, PlanOptions::new());
/// server.inject(Fault::status(500).on_path("/teams/new")); // creating the team fails
///
/// let report = roster::apply(&app, &plan, ApplyOptions::new(), |_| {});
/// match &report.results[..] {
///     [(Action::CreateTeam { .. }, Outcome::Failed(err)), (Action::MoveAccount { .. }, Outcome::Skipped { reason })] => {
///         assert_eq!(err.code(), Some(500));
///         assert_eq!(reason, "an earlier action failed");
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), polympics::Error>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// It was done.
    Done,
    /// There was nothing to do any more: the team to delete was already gone.
    AlreadyDone,
    /// It was not tried: an action it depends on failed, or an earlier one did and the
    /// apply stopped.
    Skipped {
        /// Why.
        reason: String,
    },
    /// It failed.
    Failed(Error),
}

/// What [`apply`] did: every action with its outcome, in order.
///
/// `Display` lists the actions that failed or were skipped, then a summary line.
///
/// ```
/// use polympics::roster::{self, ApplyOptions, DesiredAccount, DesiredRoster, PlanOptions, Roster};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let desired: DesiredRoster = [
///     DesiredAccount::new(800000000000000000, Some("Sparta Shields")),
///     DesiredAccount::new(1234567, Some("Sparta Shields")).create_as("Artemis", "8472"),
/// ]
/// .into_iter()
/// .collect();
/// let plan = roster::plan(&Roster::fetch(&app)?, &desired, PlanOptions::new());
/// let report = roster::apply(&app, &plan, ApplyOptions::new(), |_| {});
/// assert!(report.is_success());
/// assert_eq!(report.counts(), (2, 0, 0)); // done, skipped, failed
/// assert_eq!(report.to_string(), "Applied: 2 done, 0 failed, 0 skipped.");
/// # Ok::<(), polympics::Error>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct Report {
    /// The actions and their outcomes.
    pub results: Vec<(Action, Outcome)>,
}

/// Runs the actions of `plan` through `client` in the plan's order (teams created before
/// accounts are put in them, accounts moved out before their teams are deleted), telling
/// `observer` before and after each one.
///
/// An action that fails ends the run unless [`keep_going`](ApplyOptions::keep_going) is
/// set; then only the actions that need what failed (accounts for a team that could not be
/// created) are skipped. A run that stopped halfway is finished by planning again from a
/// new snapshot: what was done is no longer in the plan.
///
/// ```no_run
/// use polympics::roster::{self, ApplyEvent, ApplyOptions, DesiredRoster, PlanOptions, Roster};
/// use polympics::{AppClient, Credentials};
///
/// # let desired = DesiredRoster::new();
/// let app = AppClient::new(Credentials::new("A3", "TOKEN"));
/// let plan = roster::plan(&Roster::fetch(&app)?, &desired, PlanOptions::new());
/// let report = roster::apply(&app, &plan, ApplyOptions::new(), |event| {
///     if let ApplyEvent::Finished { index, total, action, outcome } = event {
///         eprintln!("[{}/{total}] {action}: {outcome:?}", index + 1);
///     }
/// });
/// println!("{report}");
/// assert!(report.is_success());
/// # Ok::<(), polympics::Error>(())
/// ```
pub fn apply<A: Authenticated>(
    client: &Client<A>,
    plan: &Plan,
    options: ApplyOptions,
    mut observer: impl FnMut(ApplyEvent<'_>),
) -> Report {
    let total = plan.actions.len();
    let mut created: HashMap<&str, TeamId> = HashMap::new();
    let mut stopped = false;
    let mut results = Vec::with_capacity(total);
    for (index, action) in plan.actions.iter().enumerate() {
        observer(ApplyEvent::Started {
            index,
            total,
            action,
        });
        let outcome = if stopped {
            Outcome::Skipped {
                reason: "an earlier action failed".to_owned(),
            }
        } else {
            run(client, action, &mut created)
        };
        if matches!(outcome, Outcome::Failed(_)) && !options.keep_going {
            stopped = true;
        }
        observer(ApplyEvent::Finished {
            index,
            total,
            action,
            outcome: &outcome,
        });
        results.push((action.clone(), outcome));
    }
    Report { results }
}

/// Runs one action. `created` maps the names of the teams this run created to their IDs.
fn run<'p, A: Authenticated>(
    client: &Client<A>,
    action: &'p Action,
    created: &mut HashMap<&'p str, TeamId>,
) -> Outcome {
    let done = |result: Result<()>| match result {
        Ok(()) => Outcome::Done,
        Err(err) => Outcome::Failed(err),
    };
    match action {
        Action::CreateTeam { name } => match client.create_team(name) {
            Ok(team) => {
                created.insert(name, team.id);
                Outcome::Done
            }
            Err(err) => Outcome::Failed(err),
        },
        Action::CreateAccount {
            account,
            name,
            discriminator,
            team,
        } => {
            let mut new = NewAccount::new(*account, name.as_str(), discriminator.as_str());
            match team.as_ref().map(|team| resolve(team, created)) {
                Some(Err(skipped)) => return skipped,
                Some(Ok(team)) => new = new.team(team),
                None => {}
            }
            done(client.create_account(new).map(drop))
        }
        Action::MoveAccount { account, to, .. } => {
            let team: TeamAssignment = match to.as_ref().map(|team| resolve(team, created)) {
                Some(Err(skipped)) => return skipped,
                Some(Ok(team)) => team.into(),
                None => NO_TEAM.into(),
            };
            done(
                client
                    .update_account(account, AccountUpdate::new().team(team))
                    .map(drop),
            )
        }
        Action::RemoveFromTeam { account, .. } => done(
            client
                .update_account(account, AccountUpdate::new().team(NO_TEAM))
                .map(drop),
        ),
        Action::DeleteTeam { team } => match client.delete_team(team) {
            Ok(()) => Outcome::Done,
            Err(err) if err.is_not_found() => Outcome::AlreadyDone,
            Err(err) => Outcome::Failed(err),
        },
    }
}

/// The ID of an action's team, or why the action is skipped.
fn resolve(team: &TeamTarget, created: &HashMap<&str, TeamId>) -> Result<TeamId, Outcome> {
    match team {
        TeamTarget::Existing { id, .. } => Ok(*id),
        TeamTarget::Created { name } => {
            created
                .get(name.as_str())
                .copied()
                .ok_or_else(|| Outcome::Skipped {
                    reason: format!("the team {name:?} was not created"),
                })
        }
    }
}

impl Report {
    /// How many actions had each outcome: done (or already done), skipped, failed.
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut counts = (0, 0, 0);
        for (_, outcome) in &self.results {
            match outcome {
                Outcome::Done | Outcome::AlreadyDone => counts.0 += 1,
                Outcome::Skipped { .. } => counts.1 += 1,
                Outcome::Failed(_) => counts.2 += 1,
            }
        }
        counts
    }

    /// Whether every action was done.
    pub fn is_success(&self) -> bool {
        let (_, skipped, failed) = self.counts();
        skipped == 0 && failed == 0
    }
}

impl fmt::Display for Report {
    /// The failed and skipped actions, one a line, then a summary.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (action, outcome) in &self.results {
            match outcome {
                Outcome::Failed(err) => writeln!(f, "failed: {action}: {err}")?,
                Outcome::Skipped { reason } => writeln!(f, "skipped: {action}: {reason}")?,
                Outcome::Done | Outcome::AlreadyDone => {}
            }
        }
        let (done, skipped, failed) = self.counts();
        write!(
            f,
            "Applied: {done} done, {failed} failed, {skipped} skipped."
        )
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Done => f.write_str("done"),
            Outcome::AlreadyDone => f.write_str("already done"),
            Outcome::Skipped { reason } => write!(f, "skipped: {reason}"),
            Outcome::Failed(err) => write!(f, "failed: {err}"),
        }
    }
}
