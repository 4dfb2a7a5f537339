//! What came of an apply: each action's [`Outcome`], and the [`Report`] of the run.

use std::fmt;

use crate::error::Error;
use crate::plan::{Action, Refusal};

/// What came of one action.
///
/// ```
/// use polympics_roster::{self as roster, Action, ApplyOptions, DesiredAccount, DesiredRoster, Outcome, PlanOptions, Roster};
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
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome {
    /// It was done.
    Done,
    /// There was nothing to do any more: the team to create exists now (made by another
    /// run), the account to create exists and is where it belongs, the team to delete is
    /// already gone.
    AlreadyDone,
    /// It was not tried, or not finished: an action it depends on failed, an earlier one
    /// did and the apply stopped, the plan was refused, or what it acts on is gone.
    Skipped {
        /// Why.
        reason: String,
    },
    /// It failed.
    Failed(Error),
}

/// How many actions of a [`Report`] had each outcome.
///
/// ```
/// use polympics_roster::Counts;
///
/// let counts = Counts::default();
/// assert_eq!((counts.done, counts.failed, counts.skipped), (0, 0, 0));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Counts {
    /// Done, or already done.
    pub done: usize,
    /// Failed.
    pub failed: usize,
    /// Skipped.
    pub skipped: usize,
}

/// What [`apply`](super::apply) did: every action with its outcome, in order.
///
/// `Display` lists the actions that failed or were skipped, then a summary line.
///
/// ```
/// use polympics_roster::{self as roster, ApplyOptions, DesiredAccount, DesiredRoster, PlanOptions, Roster};
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
/// assert_eq!(report.counts().done, 2);
/// assert_eq!(report.to_string(), "Applied: 2 done, 0 failed, 0 skipped.");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub struct Report {
    /// The actions and their outcomes: the plan's, then any merge of a twin team that a
    /// concurrent run created ([`Action::MergeTeam`]).
    pub results: Vec<(Action, Outcome)>,
    /// Why nothing was applied, when the plan was refused.
    pub refusal: Option<Refusal>,
}

impl Report {
    /// How many actions had each outcome.
    pub fn counts(&self) -> Counts {
        let mut counts = Counts::default();
        for (_, outcome) in &self.results {
            match outcome {
                Outcome::Done | Outcome::AlreadyDone => counts.done += 1,
                Outcome::Skipped { .. } => counts.skipped += 1,
                Outcome::Failed(_) => counts.failed += 1,
            }
        }
        counts
    }

    /// Whether every action was done, and the plan was not refused.
    pub fn is_success(&self) -> bool {
        let counts = self.counts();
        counts.skipped == 0 && counts.failed == 0 && self.refusal.is_none()
    }

    /// The actions that failed, with their errors.
    pub fn failures(&self) -> impl Iterator<Item = (&Action, &Error)> {
        self.results
            .iter()
            .filter_map(|(action, outcome)| match outcome {
                Outcome::Failed(err) => Some((action, err)),
                _ => None,
            })
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
        if let Some(refusal) = &self.refusal {
            return write!(f, "Nothing applied: {refusal}.");
        }
        let Counts {
            done,
            failed,
            skipped,
        } = self.counts();
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
