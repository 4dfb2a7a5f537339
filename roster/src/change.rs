//! [`Change`]: one change to a league, as a diff between two snapshots or an event shows
//! it.

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::named::Named;
use polympics::formats::account_id;
use polympics::{AccountId, AwardId, TeamId};

/// One change between two snapshots.
///
/// `Display` writes it as one line; it is serialized with a `change` tag
/// (`{"change": "account_moved", ...}`).
///
/// ```
/// use polympics_roster::{Change, Roster};
/// use polympics::{AccountUpdate, TeamId};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let before = Roster::fetch(&app)?;
/// app.update_account(800000000000000000, AccountUpdate::new().team(TeamId(5)))?;
/// let diff = before.diff(&Roster::fetch(&app)?);
///
/// match &diff.changes[..] {
///     [Change::AccountMoved { account, from, to }] => {
///         assert_eq!((account.name.as_str(), from.id, to.id), ("Achilles", TeamId(1), TeamId(5)));
///     }
///     other => panic!("{other:?}"),
/// }
/// assert_eq!(
///     diff.changes[0].to_string(),
///     r#"> account 800000000000000000 "Achilles" moved from team 1 "Athens Owls" to team 5 "Sparta Shields""#
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Change {
    /// A team exists now that did not before.
    TeamCreated {
        /// The team.
        team: Named<TeamId>,
    },
    /// A team is gone.
    TeamDeleted {
        /// The team, as it was.
        team: Named<TeamId>,
    },
    /// A team has a new name.
    TeamRenamed {
        /// The team.
        team: TeamId,
        /// Its old name.
        from: String,
        /// Its new name.
        to: String,
    },
    /// An account exists now that did not before.
    AccountAppeared {
        /// The account.
        account: Named<AccountId>,
        /// Its team, if any.
        team: Option<Named<TeamId>>,
    },
    /// An account is gone.
    AccountDisappeared {
        /// The account, as it was.
        account: Named<AccountId>,
        /// The team it was in, if any.
        team: Option<Named<TeamId>>,
    },
    /// An account in no team joined one.
    AccountJoined {
        /// The account.
        account: Named<AccountId>,
        /// Its team now.
        team: Named<TeamId>,
    },
    /// An account left its team for none.
    AccountLeft {
        /// The account.
        account: Named<AccountId>,
        /// The team it left.
        team: Named<TeamId>,
    },
    /// An account went from one team to another.
    AccountMoved {
        /// The account.
        account: Named<AccountId>,
        /// The team it left.
        from: Named<TeamId>,
        /// The team it is in now.
        to: Named<TeamId>,
    },
    /// An account's name or discriminator changed (`name#discriminator`).
    AccountRenamed {
        /// The account.
        #[serde(with = "account_id")]
        account: AccountId,
        /// What it was.
        from: String,
        /// What it is now.
        to: String,
    },
    /// An account holds an award it did not hold.
    AwardGiven {
        /// The award.
        award: Named<AwardId>,
        /// The account.
        account: Named<AccountId>,
    },
    /// An account no longer holds an award.
    AwardTaken {
        /// The award.
        award: Named<AwardId>,
        /// The account.
        account: Named<AccountId>,
    },
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Change::TeamCreated { team } => write!(f, "+ {team} created"),
            Change::TeamDeleted { team } => write!(f, "- {team} deleted"),
            Change::TeamRenamed { team, from, to } => {
                write!(f, "~ team {team} renamed {from:?} -> {to:?}")
            }
            Change::AccountAppeared { account, team } => match team {
                Some(team) => write!(f, "+ {account} appeared, in {team}"),
                None => write!(f, "+ {account} appeared, in no team"),
            },
            Change::AccountDisappeared { account, .. } => write!(f, "- {account} disappeared"),
            Change::AccountJoined { account, team } => write!(f, "> {account} joined {team}"),
            Change::AccountLeft { account, team } => write!(f, "< {account} left {team}"),
            Change::AccountMoved { account, from, to } => {
                write!(f, "> {account} moved from {from} to {to}")
            }
            Change::AccountRenamed { account, from, to } => {
                write!(f, "~ account {account} renamed {from:?} -> {to:?}")
            }
            Change::AwardGiven { award, account } => write!(f, "+ {award} given to {account}"),
            Change::AwardTaken { award, account } => write!(f, "- {award} taken from {account}"),
        }
    }
}
