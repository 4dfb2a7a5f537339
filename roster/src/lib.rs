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
//! - [`merge_teams`]: one team's members and awards into another, and the emptied team
//!   deleted: what mends two teams of one name.
//! - [`Watch`]: a league kept current, each change yielded once as it happens (from the
//!   server's events with the `listener` feature, and from a read every period).
//!
//! # Safe with nobody watching
//!
//! - **What prune deletes.** With [`PlanOptions::prune`], accounts the desired roster does
//!   not list are taken out of their teams, and every team it does not name (nor a name
//!   near it) that is left with no member is deleted, including teams that were already
//!   empty; a team with awards is kept ([`Plan::kept_teams`]). Without prune, nothing the
//!   desired roster does not list is touched.
//! - **Guard rails.** A plan that takes more accounts out of their teams than
//!   [`MaxRemovals`] allows (by default 10% of the accounts in teams, at least 3), and
//!   prune with a desired roster that lists nobody, are [refused](Plan::refusal):
//!   [`apply`] does none of their actions.
//! - **Input.** Entries are checked ([`DesiredAccount::check`]) before anything is planned;
//!   letter case and spacing never make a near-duplicate team ([`Conflict::NearMatch`],
//!   [`Conflict::Spellings`]).
//! - **Concurrent runs.** [`apply`] looks names and accounts up again just before it
//!   creates them, and two runs that still create twin teams converge on the lowest ID.
//!   The `polympics` command adds a lock, so that runs of one machine never overlap.
//! - **Snapshots.** [`Roster::fetch`] checks that what it read adds up, and reads again
//!   when the league changed meanwhile, rather than return a snapshot that misses a live
//!   account.
//!
//! ```no_run
//! use polympics_roster::{self as roster, ApplyOptions, DesiredAccount, DesiredRoster, PlanOptions, Roster};
//! use polympics::{AppClient, Credentials};
//!
//! let app = AppClient::new("https://api.polytopia.fun", Credentials::new("A3", "TOKEN"))?;
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
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Files: `snapshot/` (`Roster`, its views and `RosterDiff`), `change` (`Change`), `desired` and
//! `plan/` (what to do), `apply/` (doing it), `merge` (`merge_teams`), `watch/` and
//! `journal` (`Watch`, kept in a `Journal`), `named` (`Named`: how changes, plans and
//! conflicts name a team, an account or an award), `error`.

#![forbid(unsafe_code)]
#![warn(missing_docs, missing_debug_implementations)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod apply;
mod change;
mod desired;
mod error;
mod journal;
mod merge;
mod named;
mod plan;
mod snapshot;
mod watch;

pub use apply::{apply, ApplyEvent, ApplyOptions, Counts, Outcome, Report};
pub use change::Change;
pub use desired::{
    DesiredAccount, DesiredRoster, Field, Mistake, ReadError, ReadOptions, UnknownField,
    MAX_DESIRED_BYTES,
};
pub use error::{Error, Result};
pub use journal::{Journal, JournalError};
pub use merge::{merge_teams, Merged};
pub use named::Named;
pub use plan::{
    plan, Action, Conflict, MaxRemovals, Plan, PlanOptions, Refusal, SavedPlan, StalePlan,
    TeamTarget, DEFAULT_MAX_REMOVAL_PERCENT, MIN_MAX_REMOVALS, SAVED_PLAN_FORMAT,
};
pub use snapshot::diff::RosterDiff;
pub use snapshot::{
    FetchProgress, Listed, Roster, RosterAccount, RosterAward, RosterTeam, MAX_SNAPSHOT_READS,
    SNAPSHOT_PER_PAGE,
};
pub use watch::{Batch, Origin, Watch, WatchError, DEFAULT_WATCH_EVERY, WATCH_RETRY_AFTER};

/// The README's examples, compiled as doc tests so they stay true.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
