//! Which team each team name of a desired roster means: one that exists, one to create,
//! or none (a conflict), with near-duplicate names caught before a team is created.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::{Conflict, TeamTarget};
use crate::named::Named;
use crate::snapshot::{Roster, RosterTeam};
use polympics::{AccountId, TeamId};

/// How names are compared for near-duplicates: letter case and runs of spaces ignored.
/// `"Athens  Owls"`, `"ATHENS OWLS"` and `"athens owls"` are all `athens owls`.
pub(crate) fn near_key(name: &str) -> String {
    let mut key = String::with_capacity(name.len());
    for word in name.split_whitespace() {
        if !key.is_empty() {
            key.push(' ');
        }
        key.extend(word.chars().flat_map(char::to_lowercase));
    }
    key
}

/// The teams of a league by exact name and by [`near_key`].
pub(super) struct TeamNames<'r> {
    exact: HashMap<&'r str, Vec<RosterTeam<'r>>>,
    near: HashMap<String, Vec<RosterTeam<'r>>>,
}

impl<'r> TeamNames<'r> {
    pub(super) fn new(current: &'r Roster) -> Self {
        let mut exact: HashMap<&str, Vec<RosterTeam<'r>>> = HashMap::new();
        let mut near: HashMap<String, Vec<RosterTeam<'r>>> = HashMap::new();
        for team in current.teams() {
            exact.entry(team.name()).or_default().push(team);
            near.entry(near_key(team.name())).or_default().push(team);
        }
        TeamNames { exact, near }
    }
}

/// Resolves each team name of the desired roster, given the accounts listed in it: the
/// team it names, one to create, or `None` with a conflict pushed. Names are matched
/// exactly; a name that matches no team but is near one (other letter case or spacing),
/// or a new name spelt two ways in the desired roster, is a conflict rather than a
/// near-duplicate team.
pub(super) fn resolve<'a>(
    names: &TeamNames<'_>,
    by_name: &BTreeMap<&'a str, Vec<AccountId>>,
    conflicts: &mut Vec<Conflict>,
) -> HashMap<&'a str, Option<TeamTarget>> {
    // The spellings of each new name, to catch one team spelt two ways.
    let mut spellings: HashMap<String, BTreeSet<&str>> = HashMap::new();
    for &name in by_name.keys() {
        if !names.exact.contains_key(name) {
            spellings.entry(near_key(name)).or_default().insert(name);
        }
    }
    let mut targets = HashMap::with_capacity(by_name.len());
    for (&name, accounts) in by_name {
        let target = match names.exact.get(name).map(Vec::as_slice) {
            Some([team]) => Some(TeamTarget::Existing((*team).into())),
            Some(teams) => {
                conflicts.push(Conflict::AmbiguousTeam {
                    name: name.to_owned(),
                    teams: refs(teams),
                    accounts: accounts.clone(),
                });
                None
            }
            None => {
                let key = near_key(name);
                let others: Vec<String> = spellings
                    .get(&key)
                    .into_iter()
                    .flatten()
                    .filter(|&&other| other != name)
                    .map(|&other| other.to_owned())
                    .collect();
                if let Some(near) = names.near.get(&key) {
                    conflicts.push(Conflict::NearMatch {
                        name: name.to_owned(),
                        teams: refs(near),
                        accounts: accounts.clone(),
                    });
                    None
                } else if !others.is_empty() {
                    conflicts.push(Conflict::Spellings {
                        name: name.to_owned(),
                        others,
                        accounts: accounts.clone(),
                    });
                    None
                } else {
                    Some(TeamTarget::Created {
                        name: name.to_owned(),
                    })
                }
            }
        };
        targets.insert(name, target);
    }
    targets
}

fn refs(teams: &[RosterTeam<'_>]) -> Vec<Named<TeamId>> {
    teams
        .iter()
        .map(|&team| Named::<TeamId>::from(team))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_keys_ignore_case_and_spacing() {
        for name in [
            "Athens Owls",
            "ATHENS OWLS",
            " athens   owls ",
            "Athens\u{a0}Owls",
        ] {
            assert_eq!(near_key(name), "athens owls", "{name:?}");
        }
        assert_ne!(near_key("Athens Owl"), near_key("Athens Owls"));
        assert_eq!(near_key("ÉQUIPE"), "équipe");
    }
}
