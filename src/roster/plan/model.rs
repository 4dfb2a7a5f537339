//! What a [`plan`](super::plan) is made of: the [`Plan`], its [`Action`]s, the teams they
//! put accounts in, and the [`Conflict`]s it leaves alone.

use serde::{Deserialize, Serialize};

use crate::ids::{account_id_string, AccountId, TeamId};
use crate::roster::refs::{AccountRef, TeamRef};

/// What [`plan`](super::plan) decided: the actions, in the order they are to run, and the entries of
/// the desired roster it could not act on.
///
/// `Display` shows it as a list of actions, like `terraform plan`; it is `Serialize`, so it
/// can be saved, reviewed and [applied](crate::roster::apply) later.
///
/// ```
/// use polympics::roster::{self, DesiredAccount, DesiredRoster, Plan, PlanOptions, Roster};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let desired: DesiredRoster = [DesiredAccount::new(800000000000000000, Some("Sparta Shields"))]
///     .into_iter()
///     .collect();
/// let plan = roster::plan(&Roster::fetch(&app)?, &desired, PlanOptions::new());
/// assert_eq!(
///     plan.to_string(),
///     "~ move account 800000000000000000 \"Achilles\" from team 1 \"Athens Owls\" to team 5 \"Sparta Shields\"\n\
///      Plan: 1 to move."
/// );
/// // Saved for review, read back later.
/// let saved = serde_json::to_string(&plan)?;
/// assert_eq!(serde_json::from_str::<Plan>(&saved)?, plan);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Plan {
    /// The actions: teams to create, accounts to create, accounts to move, and with
    /// `prune` accounts to take out of their team and teams to delete.
    pub actions: Vec<Action>,
    /// Entries left as they are, and why.
    pub conflicts: Vec<Conflict>,
    /// Teams `prune` would delete, kept because they still have awards (the server cannot
    /// delete those).
    pub kept_teams: Vec<TeamRef>,
}

/// One step of a [`Plan`].
///
/// `Display` writes it as one line: `+` creates, `~` moves, `-` removes or deletes.
///
/// ```
/// use polympics::roster::{self, Action, DesiredAccount, DesiredRoster, PlanOptions, Roster, TeamTarget};
/// use polympics::AccountId;
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// let desired: DesiredRoster = [DesiredAccount::new(1234567, Some("New Team")).create_as("Artemis", "8472")]
///     .into_iter()
///     .collect();
/// let plan = roster::plan(&Roster::fetch(&app)?, &desired, PlanOptions::new());
/// for action in &plan.actions {
///     match action {
///         Action::CreateTeam { name } => assert_eq!(name, "New Team"),
///         Action::CreateAccount { account, team: Some(TeamTarget::Created { name }), .. } => {
///             assert_eq!((*account, name.as_str()), (AccountId(1234567), "New Team"));
///         }
///         other => panic!("{other}"),
///     }
/// }
/// assert_eq!(plan.actions[0].to_string(), "+ create team \"New Team\"");
/// # Ok::<(), polympics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Action {
    /// Create a team with this name.
    CreateTeam {
        /// Its name.
        name: String,
    },
    /// Create an account, in a team or none.
    CreateAccount {
        /// Its Discord ID.
        #[serde(with = "account_id_string")]
        account: AccountId,
        /// Its name.
        name: String,
        /// Its discriminator.
        discriminator: String,
        /// Its team, if any.
        team: Option<TeamTarget>,
    },
    /// Move an account into a team, or out of its team.
    MoveAccount {
        /// The account.
        account: AccountRef,
        /// The team it is in, if any.
        from: Option<TeamRef>,
        /// The team it goes to, or `None` for no team.
        to: Option<TeamTarget>,
    },
    /// Take an account out of a team the desired roster does not list it in (`prune`).
    RemoveFromTeam {
        /// The account.
        account: AccountRef,
        /// Its team.
        team: TeamRef,
    },
    /// Delete a team the desired roster does not name, left empty (`prune`).
    DeleteTeam {
        /// The team.
        team: TeamRef,
    },
}

/// The team an action puts an account in: one that exists, or one the plan creates.
///
/// ```
/// use polympics::roster::TeamTarget;
/// use polympics::TeamId;
///
/// let target: TeamTarget = serde_json::from_str(r#"{"team": "existing", "id": 5, "name": "Sparta Shields"}"#)?;
/// assert!(matches!(target, TeamTarget::Existing { id: TeamId(5), .. }));
/// assert_eq!(target.to_string(), "team 5 \"Sparta Shields\"");
/// let new: TeamTarget = serde_json::from_str(r#"{"team": "created", "name": "New Team"}"#)?;
/// assert_eq!(new.to_string(), "the new team \"New Team\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "team", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TeamTarget {
    /// A team that exists.
    Existing {
        /// Its ID.
        id: TeamId,
        /// Its name.
        name: String,
    },
    /// The team of this name that the plan creates.
    Created {
        /// Its name.
        name: String,
    },
}

/// An entry of the desired roster that the plan leaves alone, and why.
///
/// ```
/// use polympics::roster::{self, Conflict, DesiredAccount, DesiredRoster, PlanOptions, Roster};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// app.create_team("Twins")?;
/// app.create_team("Twins")?; // names are not unique on the server
/// let desired: DesiredRoster = [DesiredAccount::new(800000000000000000, Some("Twins"))]
///     .into_iter()
///     .collect();
/// let plan = roster::plan(&Roster::fetch(&app)?, &desired, PlanOptions::new());
/// assert!(plan.actions.is_empty(), "which team is meant cannot be known");
/// match &plan.conflicts[..] {
///     [Conflict::AmbiguousTeam { name, teams, accounts }] => {
///         assert_eq!((name.as_str(), teams.len(), accounts.len()), ("Twins", 2, 1));
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), polympics::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "conflict", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Conflict {
    /// Several teams have this name: which one is meant cannot be known, so the accounts
    /// listed in it are left as they are (and never pruned).
    AmbiguousTeam {
        /// The name.
        name: String,
        /// The teams that have it.
        teams: Vec<TeamRef>,
        /// The accounts listed in it.
        #[serde(with = "ids_as_strings")]
        accounts: Vec<AccountId>,
    },
    /// The account is listed more than once, in different teams: it is left as it is.
    ListedTwice {
        /// The account.
        #[serde(with = "account_id_string")]
        account: AccountId,
    },
    /// The account does not exist, and its entry has no name and discriminator to create
    /// it with.
    CannotCreate {
        /// The account.
        #[serde(with = "account_id_string")]
        account: AccountId,
    },
}

impl Plan {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }
}

/// Account IDs as JSON strings, in a list.
mod ids_as_strings {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use crate::ids::AccountId;

    pub(super) fn serialize<S: Serializer>(ids: &[AccountId], s: S) -> Result<S::Ok, S::Error> {
        let strings: Vec<String> = ids.iter().map(ToString::to_string).collect();
        strings.serialize(s)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<AccountId>, D::Error> {
        let strings = Vec::<String>::deserialize(d)?;
        strings
            .iter()
            .map(|s| s.parse().map_err(serde::de::Error::custom))
            .collect()
    }
}
