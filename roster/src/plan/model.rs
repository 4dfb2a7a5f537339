//! What a [`plan`](super::plan) is made of: the [`Plan`], its [`Action`]s, the teams they
//! put accounts in, and the [`Conflict`]s it leaves alone.

use serde::{Deserialize, Serialize};

use super::guard::Refusal;
use crate::named::Named;
use polympics::formats::account_id;
use polympics::{AccountId, TeamId};

/// What [`plan`](super::plan) decided: the actions, in the order they are to run, and the entries of
/// the desired roster it could not act on.
///
/// `Display` shows it as a list of actions, like `terraform plan`; it is `Serialize`, so it
/// can be saved, reviewed and [applied](crate::apply) later.
///
/// ```
/// use polympics_roster::{self as roster, DesiredAccount, DesiredRoster, Plan, PlanOptions, Roster};
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
    pub kept_teams: Vec<Named<TeamId>>,
    /// Why the plan must not be applied, if it must not: [`apply`](crate::apply)
    /// does none of its actions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<Refusal>,
}

/// One step of a [`Plan`].
///
/// `Display` writes it as one line: `+` creates, `~` moves, `-` removes or deletes.
///
/// ```
/// use polympics_roster::{self as roster, Action, DesiredAccount, DesiredRoster, PlanOptions, Roster, TeamTarget};
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
/// assert_eq!(plan.actions[0].to_string(), "+ create NEW TEAM \"New Team\"");
/// # Ok::<(), Box<dyn std::error::Error>>(())
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
        #[serde(with = "account_id")]
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
        account: Named<AccountId>,
        /// The team it is in, if any.
        from: Option<Named<TeamId>>,
        /// The team it goes to, or `None` for no team.
        to: Option<TeamTarget>,
    },
    /// Take an account out of a team the desired roster does not list it in (`prune`).
    RemoveFromTeam {
        /// The account.
        account: Named<AccountId>,
        /// Its team.
        team: Named<TeamId>,
    },
    /// Delete a team the desired roster does not name, left empty (`prune`).
    DeleteTeam {
        /// The team.
        team: Named<TeamId>,
    },
    /// Move every member and award of a team into another, and delete it. A plan never
    /// has this action: [`apply`](crate::apply) reports it when a run that ran at
    /// the same time created a team of the same name, and this run's twin is merged into
    /// the one with the lowest ID.
    MergeTeam {
        /// The team merged and deleted (created by this run).
        from: Named<TeamId>,
        /// The team that stays.
        into: Named<TeamId>,
    },
}

/// The team an action puts an account in: one that exists, or one the plan creates.
///
/// ```
/// use polympics_roster::TeamTarget;
/// use polympics::TeamId;
///
/// let target: TeamTarget = serde_json::from_str(r#"{"team": "existing", "id": 5, "name": "Sparta Shields"}"#)?;
/// assert!(matches!(&target, TeamTarget::Existing(team) if team.id == TeamId(5)));
/// assert_eq!(target.to_string(), "team 5 \"Sparta Shields\"");
/// assert_eq!(
///     serde_json::to_string(&target)?,
///     r#"{"team":"existing","id":5,"name":"Sparta Shields"}"#
/// );
/// let new: TeamTarget = serde_json::from_str(r#"{"team": "created", "name": "New Team"}"#)?;
/// assert_eq!(new.to_string(), "the new team \"New Team\"");
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "team", rename_all = "snake_case")]
#[non_exhaustive]
pub enum TeamTarget {
    /// A team that exists.
    Existing(Named<TeamId>),
    /// The team of this name that the plan creates.
    Created {
        /// Its name.
        name: String,
    },
}

/// An entry of the desired roster that the plan leaves alone, and why.
///
/// ```
/// use polympics_roster::{self as roster, Conflict, DesiredAccount, DesiredRoster, PlanOptions, Roster};
/// use polympics_test_server::TestServer;
///
/// let server = TestServer::start();
/// let app = server.app_client(server.seed_demo_league().app);
/// app.create_team("Twins")?;
/// app.create_team("Twins")?; // names are not unique on the server
/// let desired: DesiredRoster = [
///     DesiredAccount::new(800000000000000000, Some("Twins")),
///     DesiredAccount::new(800000000000000001, Some("ATHENS OWLS")), // "Athens Owls" exists
/// ]
/// .into_iter()
/// .collect();
/// let plan = roster::plan(&Roster::fetch(&app)?, &desired, PlanOptions::new());
/// assert!(plan.actions.is_empty(), "which team is meant cannot be known");
/// match &plan.conflicts[..] {
///     [Conflict::NearMatch { teams: near, .. }, Conflict::AmbiguousTeam { name, teams, accounts, .. }] => {
///         assert_eq!((name.as_str(), teams.len(), accounts.len()), ("Twins", 2, 1));
///         assert_eq!(near[0].name, "Athens Owls");
///     }
///     other => panic!("{other:?}"),
/// }
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "conflict", rename_all = "snake_case")]
#[non_exhaustive]
pub enum Conflict {
    /// Several teams have this name: which one is meant cannot be known, so the accounts
    /// listed in it are left as they are (and never pruned). Merging the teams into one
    /// ([`merge_teams`](crate::merge_teams), `polympics teams merge`) mends it.
    #[non_exhaustive]
    AmbiguousTeam {
        /// The name.
        name: String,
        /// The teams that have it.
        teams: Vec<Named<TeamId>>,
        /// The accounts listed in it.
        #[serde(with = "ids_as_strings")]
        accounts: Vec<AccountId>,
    },
    /// No team has this name, but some have one near it (another letter case, spacing,
    /// punctuation or invisible characters, or a letter or two apart): a new team would be
    /// a near-duplicate of them, so the accounts listed in it are left as they are. Write
    /// the name exactly as the team has it, or name the new team in
    /// [`PlanOptions::new_teams`](crate::PlanOptions::new_teams) if it is meant.
    #[non_exhaustive]
    NearMatch {
        /// The name as the desired roster has it.
        name: String,
        /// The teams whose names are near it.
        teams: Vec<Named<TeamId>>,
        /// The accounts listed in it.
        #[serde(with = "ids_as_strings")]
        accounts: Vec<AccountId>,
    },
    /// A new team's name is spelt in several near ways in the desired roster (as
    /// [`NearMatch`](Self::NearMatch) compares them): the accounts listed in this spelling are left as they are rather than
    /// create near-duplicate teams.
    #[non_exhaustive]
    Spellings {
        /// This spelling.
        name: String,
        /// The other spellings.
        others: Vec<String>,
        /// The accounts listed in this spelling.
        #[serde(with = "ids_as_strings")]
        accounts: Vec<AccountId>,
    },
    /// The account is listed more than once, in different teams: it is left as it is.
    #[non_exhaustive]
    ListedTwice {
        /// The account.
        #[serde(with = "account_id")]
        account: AccountId,
        /// The lines it is listed on, where known.
        #[serde(default)]
        lines: Vec<u64>,
    },
    /// The account does not exist, and its entry has no name and discriminator to create
    /// it with.
    #[non_exhaustive]
    CannotCreate {
        /// The account.
        #[serde(with = "account_id")]
        account: AccountId,
        /// The line of its entry, where known.
        #[serde(default)]
        line: Option<u64>,
    },
    /// The entry fails [`DesiredAccount::check`](crate::DesiredAccount::check): it
    /// is left as it is.
    #[non_exhaustive]
    Invalid {
        /// The account.
        #[serde(with = "account_id")]
        account: AccountId,
        /// The line of its entry, where known.
        #[serde(default)]
        line: Option<u64>,
        /// What is wrong with it.
        reason: String,
    },
    /// The entry's `team_id` is not the ID of the team it names (an ID or a name was
    /// edited, not both): which one is meant cannot be known, so the account is left as it
    /// is.
    #[non_exhaustive]
    TeamIdMismatch {
        /// The account.
        #[serde(with = "account_id")]
        account: AccountId,
        /// The line of its entry, where known.
        #[serde(default)]
        line: Option<u64>,
        /// The `team_id` of the entry.
        team_id: TeamId,
        /// The team name of the entry, if any.
        team: Option<String>,
        /// The team that has that ID, if one does.
        actual: Option<Named<TeamId>>,
    },
}

impl Plan {
    /// Whether there is nothing to do.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// Whether the plan must not be applied (see [`refusal`](Self::refusal)).
    pub fn is_refused(&self) -> bool {
        self.refusal.is_some()
    }

    /// How many accounts the plan takes out of their team: removals by `prune`, and moves
    /// to no team. [`MaxRemovals`](crate::MaxRemovals) limits it.
    pub fn removals(&self) -> usize {
        self.actions
            .iter()
            .filter(|action| match action {
                Action::RemoveFromTeam { .. } => true,
                Action::MoveAccount { from, to, .. } => from.is_some() && to.is_none(),
                _ => false,
            })
            .count()
    }

    /// How many teams the plan deletes (with `prune`). They count toward
    /// [`MaxRemovals`](crate::MaxRemovals) with [`removals`](Self::removals).
    pub fn team_deletions(&self) -> usize {
        self.actions
            .iter()
            .filter(|action| matches!(action, Action::DeleteTeam { .. }))
            .count()
    }
}

/// Account IDs as JSON strings, in a list.
mod ids_as_strings {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use polympics::AccountId;

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
