//! [`apply`]: running a plan, action by action, reporting each outcome. One action is run
//! in `run`; what came of them is in `report`.

mod report;
mod run;

pub use report::{Counts, Outcome, Report};

use super::plan::{Action, Plan};
use polympics::auth::Authenticated;
use polympics::Client;
use run::Run;

/// How [`apply`] treats a failed action.
///
/// ```
/// use polympics_roster::ApplyOptions;
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
/// use polympics_roster::{self as roster, ApplyEvent, ApplyOptions, DesiredAccount, DesiredRoster, PlanOptions, Roster};
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
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum ApplyEvent<'a> {
    /// An action is about to run.
    Started {
        /// Its position, from 0.
        index: usize,
        /// How many actions the run has: the plan's, and any merge of a twin team.
        total: usize,
        /// The action.
        action: &'a Action,
    },
    /// An action ran (or was skipped).
    Finished {
        /// Its position, from 0.
        index: usize,
        /// How many actions the run has: the plan's, and any merge of a twin team.
        total: usize,
        /// The action.
        action: &'a Action,
        /// What came of it.
        outcome: &'a Outcome,
    },
}

/// Runs the actions of `plan` through `client` in the plan's order (teams created before
/// accounts are put in them, accounts moved out before their teams are deleted), telling
/// `observer` before and after each one.
///
/// An action that fails ends the run unless [`keep_going`](ApplyOptions::keep_going) is
/// set; then only the actions that need what failed (accounts for a team that could not be
/// created) are skipped. A run that stopped halfway is finished by planning again from a
/// new snapshot: what was done is no longer in the plan. A [refused](Plan::refusal) plan
/// runs nothing: every action is skipped with the reason.
///
/// Runs are safe against the league changing under them, and against another run at the
/// same time (another machine, another thread, a library that does not take the command
/// line's lock):
///
/// - Before a team is created, its name is looked up again: a team of that name made
///   since the snapshot is used instead ([`Outcome::AlreadyDone`]). After it is created,
///   and again at the end of the run, the name is looked up once more; when a concurrent
///   run created a twin, the one with the lowest ID wins, and the run that created the
///   other moves its members over and deletes it ([`Action::MergeTeam`] in the report). A
///   run never deletes a team it did not create.
/// - Before an account is created, the server is asked whether it exists; one that does
///   (or is created meanwhile: a 409) is moved where it belongs instead.
/// - Moving or removing an account that was deleted meanwhile is [`Outcome::Skipped`], not
///   failed; a team to delete that gained members meanwhile is kept (skipped).
///
/// ```no_run
/// use polympics_roster::{self as roster, ApplyEvent, ApplyOptions, DesiredRoster, PlanOptions, Roster};
/// use polympics::{AppClient, Credentials};
///
/// # let desired = DesiredRoster::new();
/// let app = AppClient::new("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))?;
/// let plan = roster::plan(&Roster::fetch(&app)?, &desired, PlanOptions::new());
/// let report = roster::apply(&app, &plan, ApplyOptions::new(), |event| {
///     if let ApplyEvent::Finished { index, total, action, outcome } = event {
///         eprintln!("[{}/{total}] {action}: {outcome:?}", index + 1);
///     }
/// });
/// println!("{report}");
/// assert!(report.is_success());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn apply<A: Authenticated>(
    client: &Client<A>,
    plan: &Plan,
    options: ApplyOptions,
    mut observer: impl FnMut(ApplyEvent<'_>),
) -> Report {
    let mut total = plan.actions.len();
    let mut results: Vec<(Action, Outcome)> = Vec::with_capacity(total);
    let mut run = Run::new(client);
    // A refused plan runs nothing: each action is reported skipped, with the reason.
    let mut stopped = plan.refusal.as_ref().map(ToString::to_string);
    for action in &plan.actions {
        let index = results.len();
        observer(ApplyEvent::Started {
            index,
            total,
            action,
        });
        let outcome = match &stopped {
            Some(reason) => Outcome::Skipped {
                reason: reason.clone(),
            },
            None => run.action(action),
        };
        if matches!(outcome, Outcome::Failed(_)) && !options.keep_going {
            stopped = Some("an earlier action failed".to_owned());
        }
        total += run.merges.len();
        observer(ApplyEvent::Finished {
            index,
            total,
            action,
            outcome: &outcome,
        });
        results.push((action.clone(), outcome));
        merged(&mut run, total, &mut results, &mut observer);
    }
    // The teams this run created, looked at once more: a twin that a concurrent run made
    // after this one last looked is merged into the lowest ID now.
    if stopped.is_none() || options.keep_going {
        for mine in std::mem::take(&mut run.created) {
            if let Ok(twins) = client.teams_named(&mine.name) {
                run.converge(&mine, &twins);
            }
            total += run.merges.len();
            merged(&mut run, total, &mut results, &mut observer);
        }
    }
    Report {
        results,
        refusal: plan.refusal.clone(),
    }
}

/// Reports the twin teams a run merged away since it was last asked.
fn merged<A: Authenticated>(
    run: &mut Run<'_, A>,
    total: usize,
    results: &mut Vec<(Action, Outcome)>,
    observer: &mut impl FnMut(ApplyEvent<'_>),
) {
    for (action, outcome) in std::mem::take(&mut run.merges) {
        let index = results.len();
        observer(ApplyEvent::Started {
            index,
            total,
            action: &action,
        });
        observer(ApplyEvent::Finished {
            index,
            total,
            action: &action,
            outcome: &outcome,
        });
        results.push((action, outcome));
    }
}
