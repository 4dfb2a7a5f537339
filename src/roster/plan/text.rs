//! How a [`Plan`] reads: one line an action, then the conflicts, then a summary.

use std::fmt;

use super::model::{Action, Conflict, Plan, TeamTarget};

impl fmt::Display for Plan {
    /// ```text
    /// + create team "Sparta Shields"
    /// + create account 1234567 "Artemis#8472" in the new team "Sparta Shields"
    /// ~ move account 124 "Hector" from team 1 "Troy" to team 2 "Argos"
    /// - remove account 126 "Priam" from team 1 "Troy"
    /// - delete team 3 "Ithaca"
    /// ! team "Red" is the name of 2 teams (4, 9): its 3 accounts are left as they are
    /// = team 5 "Argos" still has awards: not deleted
    /// Plan: 2 to create, 1 to move, 1 to remove from its team, 1 to delete; 1 conflict.
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for action in &self.actions {
            writeln!(f, "{action}")?;
        }
        for conflict in &self.conflicts {
            writeln!(f, "{conflict}")?;
        }
        for team in &self.kept_teams {
            writeln!(f, "= {team} still has awards: not deleted")?;
        }
        if self.actions.is_empty() {
            f.write_str("Nothing to do: the league matches the desired roster")?;
        } else {
            let count = |test: fn(&Action) -> bool| self.actions.iter().filter(|a| test(a)).count();
            let parts = [
                (
                    count(|a| {
                        matches!(a, Action::CreateTeam { .. } | Action::CreateAccount { .. })
                    }),
                    "to create",
                ),
                (
                    count(|a| matches!(a, Action::MoveAccount { .. })),
                    "to move",
                ),
                (
                    count(|a| matches!(a, Action::RemoveFromTeam { .. })),
                    "to remove from its team",
                ),
                (
                    count(|a| matches!(a, Action::DeleteTeam { .. })),
                    "to delete",
                ),
            ];
            let summary: Vec<String> = parts
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
            write!(f, "Plan: {}", summary.join(", "))?;
        }
        match self.conflicts.len() {
            0 => f.write_str("."),
            1 => f.write_str("; 1 conflict."),
            n => write!(f, "; {n} conflicts."),
        }
    }
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::CreateTeam { name } => write!(f, "+ create team {name:?}"),
            Action::CreateAccount {
                account,
                name,
                discriminator,
                team,
            } => {
                write!(f, "+ create account {account} \"{name}#{discriminator}\"")?;
                match team {
                    Some(team) => write!(f, " in {team}"),
                    None => f.write_str(" in no team"),
                }
            }
            Action::MoveAccount { account, from, to } => {
                write!(f, "~ move {account} from ")?;
                match from {
                    Some(from) => write!(f, "{from}")?,
                    None => f.write_str("no team")?,
                }
                match to {
                    Some(to) => write!(f, " to {to}"),
                    None => f.write_str(" to no team"),
                }
            }
            Action::RemoveFromTeam { account, team } => {
                write!(f, "- remove {account} from {team}")
            }
            Action::DeleteTeam { team } => write!(f, "- delete {team}"),
        }
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Conflict::AmbiguousTeam {
                name,
                teams,
                accounts,
            } => {
                let ids: Vec<String> = teams.iter().map(|t| t.id.to_string()).collect();
                write!(
                    f,
                    "! team {name:?} is the name of {} teams ({}): its ",
                    teams.len(),
                    ids.join(", ")
                )?;
                match accounts.len() {
                    1 => f.write_str("1 account is left as it is"),
                    n => write!(f, "{n} accounts are left as they are"),
                }
            }
            Conflict::ListedTwice { account } => write!(
                f,
                "! account {account} is listed in different teams: left as it is"
            ),
            Conflict::CannotCreate { account } => write!(
                f,
                "! account {account} does not exist, and has no name and discriminator to \
                 create it with"
            ),
        }
    }
}

impl fmt::Display for TeamTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TeamTarget::Existing { id, name } => write!(f, "team {id} {name:?}"),
            TeamTarget::Created { name } => write!(f, "the new team {name:?}"),
        }
    }
}
