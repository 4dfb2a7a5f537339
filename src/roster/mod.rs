//! Roster sync: snapshot a league, compare snapshots, and make a league match a roster kept
//! somewhere else (a spreadsheet, a sign-up form).
//!
//! - [`Roster`]: the whole league at one moment, fetched with two listings, saved and
//!   loaded with serde.
//! - [`RosterDiff`]: what changed between two snapshots, one line a change.
//! - [`DesiredRoster`] and [`plan`]: the ordered [`Action`]s that make a league match it.
//! - [`apply`]: runs a plan and reports each outcome. Applying the same desired roster twice
//!   does nothing the second time, and a run interrupted halfway is finished by running it
//!   again.
//!
//! ```no_run
//! use polympics::roster::{self, ApplyOptions, DesiredAccount, DesiredRoster, PlanOptions, Roster};
//! use polympics::{AppClient, Credentials};
//!
//! let app = AppClient::new(Credentials::new("A3", "TOKEN"));
//! let desired: DesiredRoster = [
//!     DesiredAccount::new(800000000000000000, Some("Athens Owls")),
//!     DesiredAccount::new(1234567, Some("Sparta Shields")).create_as("Artemis", "8472"),
//! ]
//! .into_iter()
//! .collect();
//! let current = Roster::fetch(&app)?;
//! let plan = roster::plan(&current, &desired, PlanOptions::new().prune(false));
//! println!("{plan}");
//! let report = roster::apply(&app, &plan, ApplyOptions::new(), |_| {});
//! println!("{report}");
//! # Ok::<(), polympics::Error>(())
//! ```

mod apply;
mod desired;
mod diff;
mod merge;
mod plan;
mod refs;
mod snapshot;

pub use apply::{apply, ApplyEvent, ApplyOptions, Counts, Outcome, Report};
pub use desired::{DesiredAccount, DesiredRoster};
pub use diff::{Change, RosterDiff};
pub use merge::{merge_teams, Merged};
pub use plan::{
    plan, Action, Conflict, MaxRemovals, Plan, PlanOptions, Refusal, TeamTarget,
    DEFAULT_MAX_REMOVAL_PERCENT, MIN_MAX_REMOVALS,
};
pub use refs::{AccountRef, AwardRef, TeamRef};
pub use snapshot::{FetchProgress, Listed, Roster, MAX_SNAPSHOT_READS, SNAPSHOT_PER_PAGE};
