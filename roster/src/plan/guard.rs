//! The guard rail on removals: a plan that would take more accounts out of their teams
//! than its user can have meant is refused, not applied.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The share of the accounts in teams a plan may take out of their team by default: 10%.
pub const DEFAULT_MAX_REMOVAL_PERCENT: usize = 10;
/// However small the league, a plan may take this many accounts out of their team by
/// default.
pub const MIN_MAX_REMOVALS: usize = 3;

/// How many removals a plan may make before it is refused: accounts taken out of their
/// team (by `prune`, and moves to no team) and teams deleted (by `prune`), counted together.
///
/// The default allows 10% of what could be removed (the accounts currently in a team, and
/// the teams), rounded up, and at least 3: a league of 30 members in 3 teams can lose 4
/// of them without ceremony, one of 5,000 in 16 teams 502. A
/// spreadsheet whose IDs were rounded, or a truncated file synced with `prune`, would
/// remove far more, and is stopped before anything is sent.
///
/// ```
/// use polympics_roster::MaxRemovals;
///
/// assert_eq!(MaxRemovals::Default.limit(33), Some(4));
/// assert_eq!(MaxRemovals::Default.limit(30), Some(3));
/// assert_eq!(MaxRemovals::Default.limit(5), Some(3));
/// assert_eq!(MaxRemovals::Default.limit(5001), Some(501));
/// assert_eq!(MaxRemovals::AtMost(40).limit(30), Some(40));
/// assert_eq!(MaxRemovals::Unlimited.limit(30), None);
/// assert_eq!("all".parse::<MaxRemovals>(), Ok(MaxRemovals::Unlimited));
/// assert_eq!("25".parse::<MaxRemovals>(), Ok(MaxRemovals::AtMost(25)));
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum MaxRemovals {
    /// 10% of the accounts in teams, rounded up, and at least 3.
    #[default]
    Default,
    /// At most this many.
    AtMost(usize),
    /// No limit.
    Unlimited,
}

impl MaxRemovals {
    /// The most removals allowed in a league with `in_teams` accounts in teams; `None` for
    /// no limit.
    pub fn limit(self, in_teams: usize) -> Option<usize> {
        match self {
            MaxRemovals::Default => Some(
                in_teams
                    .saturating_mul(DEFAULT_MAX_REMOVAL_PERCENT)
                    .div_ceil(100)
                    .max(MIN_MAX_REMOVALS),
            ),
            MaxRemovals::AtMost(n) => Some(n),
            MaxRemovals::Unlimited => None,
        }
    }
}

impl FromStr for MaxRemovals {
    type Err = String;

    /// A number, or `all` for no limit.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.trim() {
            "all" | "ALL" | "unlimited" => Ok(MaxRemovals::Unlimited),
            number => number
                .parse()
                .map(MaxRemovals::AtMost)
                .map_err(|_| format!("{text:?} is neither a number of accounts nor \"all\"")),
        }
    }
}

impl fmt::Display for MaxRemovals {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MaxRemovals::Default => write!(
                f,
                "{DEFAULT_MAX_REMOVAL_PERCENT}% of the accounts in teams, at least \
                 {MIN_MAX_REMOVALS}"
            ),
            MaxRemovals::AtMost(n) => write!(f, "{n}"),
            MaxRemovals::Unlimited => f.write_str("all"),
        }
    }
}

/// Why a [`Plan`](super::Plan) is refused: [`apply`](crate::apply) does none of its actions.
///
/// ```
/// use polympics_roster::{self as roster, DesiredRoster, PlanOptions, Refusal, Roster};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let current = Roster::fetch(&app)?;
/// // A file with a header and no rows, synced with prune: every team would be emptied.
/// let plan = roster::plan(&current, &DesiredRoster::new(), PlanOptions::new().prune(true));
/// assert_eq!(plan.refusal, Some(Refusal::EmptyDesired));
/// assert!(plan.actions.is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "refusal", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Refusal {
    /// `prune` with a desired roster that lists no account: it would empty every team.
    EmptyDesired,
    /// The plan takes more accounts out of their team and deletes more teams, together,
    /// than [`MaxRemovals`] allows.
    TooManyRemovals {
        /// How many accounts it takes out of their team.
        removals: usize,
        /// How many teams it deletes.
        deleted_teams: usize,
        /// How many removals (accounts and teams together) it may make.
        limit: usize,
        /// How many accounts are in teams now.
        in_teams: usize,
        /// How many teams there are now.
        teams: usize,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::EmptyDesired => f.write_str(
                "refused: the desired roster lists no account, and prune would take every \
                 account out of its team and delete every team",
            ),
            Refusal::TooManyRemovals {
                removals,
                deleted_teams,
                limit,
                in_teams,
                teams,
            } => {
                write!(
                    f,
                    "refused: the plan takes {removals} of the {in_teams} accounts in teams \
                     out of their team"
                )?;
                if *deleted_teams > 0 {
                    write!(f, " and deletes {deleted_teams} of the {teams} teams")?;
                }
                write!(
                    f,
                    ", more than the limit of {limit}; check the desired roster (rounded IDs, \
                     missing rows) before raising the limit"
                )
            }
        }
    }
}

/// What a plan removes, and what there is to remove.
pub(super) struct Removals {
    /// Accounts taken out of their team.
    pub(super) accounts: usize,
    /// Teams deleted.
    pub(super) teams: usize,
    /// Accounts in teams now.
    pub(super) in_teams: usize,
    /// Teams now.
    pub(super) all_teams: usize,
}

/// The refusal of a plan whose removals `max` does not allow.
pub(super) fn refusal(removals: Removals, max: MaxRemovals) -> Option<Refusal> {
    let limit = max.limit(removals.in_teams + removals.all_teams)?;
    (removals.accounts + removals.teams > limit).then_some(Refusal::TooManyRemovals {
        removals: removals.accounts,
        deleted_teams: removals.teams,
        limit,
        in_teams: removals.in_teams,
        teams: removals.all_teams,
    })
}
