//! How a [`Plan`] reads: one line an action, then the conflicts, then a summary.

use std::fmt;

use super::model::{Action, Conflict, Plan, TeamTarget};
use crate::desired::shown;
use crate::named::Named;
use polympics::TeamId;

impl fmt::Display for Plan {
    /// ```text
    /// + create NEW TEAM "Sparta Shields"
    /// + create account 1234567 "Artemis#8472" in the new team "Sparta Shields"
    /// ~ move account 124 "Hector" from team 1 "Troy" to team 2 "Argos"
    /// - remove account 126 "Priam" from team 1 "Troy"
    /// - delete team 3 "Ithaca"
    /// ! team "Red" is the name of 2 teams (4, 9): its 3 accounts are left as they are; merge the teams into one
    /// = team 5 "Argos" still has awards: not deleted
    /// Plan: 2 to create (the NEW TEAM "Sparta Shields"), 1 to move, 1 to remove from its team, 1 to delete; 1 conflict.
    /// ```
    ///
    /// A refused plan ends with the reason (`! refused: ...`) and `Plan refused: nothing
    /// will be applied.`; a plan with nothing to do but conflicts says so, never that the
    /// league matches.
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
        if let Some(refusal) = &self.refusal {
            writeln!(f, "! {refusal}")?;
            return f.write_str("Plan refused: nothing will be applied.");
        }
        if self.actions.is_empty() && self.conflicts.is_empty() {
            return f.write_str("Nothing to do: the league matches the desired roster.");
        }
        if self.actions.is_empty() {
            f.write_str("Plan: nothing to do")?;
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
                (count(|a| matches!(a, Action::MergeTeam { .. })), "to merge"),
            ];
            let mut summary: Vec<String> = parts
                .iter()
                .filter(|(n, _)| *n > 0)
                .map(|(n, what)| format!("{n} {what}"))
                .collect();
            // New teams are said by name: a team made by a typo is seen before it is made.
            let new: Vec<String> = self
                .actions
                .iter()
                .filter_map(|a| match a {
                    Action::CreateTeam { name } => Some(shown(name)),
                    _ => None,
                })
                .collect();
            match new.len() {
                0 => {}
                1 => summary[0].push_str(&format!(" (the NEW TEAM {})", new[0])),
                n => summary[0].push_str(&format!(" ({n} NEW TEAMS: {})", new.join(", "))),
            }
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
            Action::CreateTeam { name } => write!(f, "+ create NEW TEAM {name:?}"),
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
            Action::MergeTeam { from, into } => write!(f, "~ merge {from} into {into}"),
        }
    }
}

impl fmt::Display for Conflict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("! ")?;
        match self {
            Conflict::AmbiguousTeam {
                name,
                teams,
                accounts,
            } => {
                write!(
                    f,
                    "team {} is the name of {} teams ({}): {}; merge the teams into one",
                    shown(name),
                    teams.len(),
                    ids(teams),
                    left_alone(accounts.len())
                )
            }
            Conflict::NearMatch {
                name,
                teams,
                accounts,
            } => {
                let near: Vec<String> = teams.iter().map(ToString::to_string).collect();
                write!(
                    f,
                    "no team is named {}; did you mean {}? {}; write the name exactly, or say \
                     the new team is meant (--new-team)",
                    shown(name),
                    near.join(" or "),
                    left_alone(accounts.len())
                )
            }
            Conflict::Spellings {
                name,
                others,
                accounts,
            } => {
                let others: Vec<String> = others.iter().map(|o| shown(o)).collect();
                write!(
                    f,
                    "the new team {} is also spelt {}: {}; spell it one way, or say each new \
                     team is meant (--new-team)",
                    shown(name),
                    others.join(", "),
                    left_alone(accounts.len())
                )
            }
            Conflict::ListedTwice { account, lines } => {
                write!(f, "account {account} is listed in different teams")?;
                if !lines.is_empty() {
                    let lines: Vec<String> = lines.iter().map(ToString::to_string).collect();
                    write!(f, " (lines {})", lines.join(", "))?;
                }
                f.write_str(": left as it is")
            }
            Conflict::CannotCreate { account, line } => {
                at(f, *line)?;
                write!(
                    f,
                    "account {account} does not exist, and has no name and discriminator to \
                     create it with"
                )
            }
            Conflict::Invalid {
                account,
                line,
                reason,
            } => {
                at(f, *line)?;
                write!(f, "account {account}: {reason}: left as it is")
            }
            Conflict::TeamIdMismatch {
                account,
                line,
                team_id,
                team,
                actual,
            } => {
                at(f, *line)?;
                write!(f, "account {account}: team_id {team_id} is ")?;
                match actual {
                    Some(actual) => write!(f, "{actual}")?,
                    None => f.write_str("no team")?,
                }
                match team {
                    Some(team) => write!(f, ", but the team is {}", shown(team))?,
                    None => f.write_str(", but the team is empty")?,
                }
                f.write_str(": make them agree (or empty team_id); left as it is")
            }
        }
    }
}

/// `line N: ` when the line is known.
fn at(f: &mut fmt::Formatter<'_>, line: Option<u64>) -> fmt::Result {
    match line {
        Some(line) => write!(f, "line {line}: "),
        None => Ok(()),
    }
}

fn ids(teams: &[Named<TeamId>]) -> String {
    let ids: Vec<String> = teams.iter().map(|t| t.id.to_string()).collect();
    ids.join(", ")
}

fn left_alone(accounts: usize) -> String {
    match accounts {
        1 => "its 1 account is left as it is".to_owned(),
        n => format!("its {n} accounts are left as they are"),
    }
}

impl fmt::Display for TeamTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TeamTarget::Existing(team) => team.fmt(f),
            TeamTarget::Created { name } => write!(f, "the new team {name:?}"),
        }
    }
}
