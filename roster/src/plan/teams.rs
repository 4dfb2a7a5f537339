//! Which team each team name of a desired roster means: one that exists, one to create,
//! or none (a conflict), with near-duplicate names caught before a team is created.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::{Conflict, TeamTarget};
use crate::named::Named;
use crate::snapshot::{Roster, RosterTeam};
use polympics::{AccountId, TeamId};

/// How names are compared for near-duplicates: letters and digits only, in lower case.
/// Spaces (of any kind), punctuation and invisible characters (a zero-width space) are
/// left out: `"Athens  Owls"`, `"ATHENS-OWLS"`, `"AthensOwls"` and `"Athens Owls\u{200b}"`
/// are all `athensowls`. A name with no letter or digit is its own key.
pub(crate) fn near_key(name: &str) -> String {
    let key: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    if key.is_empty() {
        name.to_owned()
    } else {
        key
    }
}

/// Whether two [`near_key`]s are near: equal, or a small edit apart (one letter added,
/// left out, changed or two swapped in keys of 4 to 10 characters, two in longer ones):
/// `spartashield` is near `spartashields`; short keys (`red`, `rex`) only when equal. Keys that differ only in their digits are not near: `team 1`
/// and `team 10` are different teams on purpose.
pub(crate) fn near(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let letters = |key: &str| -> String { key.chars().filter(|c| !c.is_numeric()).collect() };
    if letters(a) == letters(b) {
        return false;
    }
    let limit = match a.chars().count().min(b.chars().count()) {
        0..=3 => return false,
        4..=10 => 1,
        _ => 2,
    };
    strsim::damerau_levenshtein(a, b) <= limit
}

/// The teams of a league by exact name, and each with its [`near_key`].
pub(super) struct TeamNames<'r> {
    exact: HashMap<&'r str, Vec<RosterTeam<'r>>>,
    keys: Vec<(String, RosterTeam<'r>)>,
}

impl<'r> TeamNames<'r> {
    pub(super) fn new(current: &'r Roster) -> Self {
        let mut exact: HashMap<&str, Vec<RosterTeam<'r>>> = HashMap::new();
        let mut keys = Vec::with_capacity(current.teams().len());
        for team in current.teams() {
            exact.entry(team.name()).or_default().push(team);
            keys.push((near_key(team.name()), team));
        }
        TeamNames { exact, keys }
    }

    /// The teams whose name is near `name` (see [`near`]).
    fn near(&self, name: &str) -> Vec<RosterTeam<'r>> {
        let key = near_key(name);
        self.keys
            .iter()
            .filter(|(other, _)| near(&key, other))
            .map(|&(_, team)| team)
            .collect()
    }
}

/// Resolves each team name of the desired roster, given the accounts listed in it: the
/// team it names, one to create, or `None` with a conflict pushed. Names are matched
/// exactly; a name that matches no team but is near one (see [`near`]), or a new name
/// spelt two near ways in the desired roster, is a conflict rather than a near-duplicate
/// team, unless it is among `new_teams` (the run says that new team is meant).
pub(super) fn resolve<'a>(
    names: &TeamNames<'_>,
    by_name: &BTreeMap<&'a str, Vec<AccountId>>,
    new_teams: &BTreeSet<String>,
    conflicts: &mut Vec<Conflict>,
) -> HashMap<&'a str, Option<TeamTarget>> {
    // The new names and their keys, to catch one team spelt two ways.
    let new_names: Vec<(&str, String)> = by_name
        .keys()
        .filter(|&&name| !names.exact.contains_key(name))
        .map(|&name| (name, near_key(name)))
        .collect();
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
            None if new_teams.contains(name) => Some(TeamTarget::Created {
                name: name.to_owned(),
            }),
            None => {
                let key = near_key(name);
                let others: Vec<String> = new_names
                    .iter()
                    .filter(|(other, other_key)| *other != name && near(&key, other_key))
                    .map(|(other, _)| (*other).to_owned())
                    .collect();
                let near_teams = names.near(name);
                if !near_teams.is_empty() {
                    conflicts.push(Conflict::NearMatch {
                        name: name.to_owned(),
                        teams: refs(&near_teams),
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
    fn near_keys_keep_letters_and_digits_only() {
        for name in [
            "Athens Owls",
            "ATHENS OWLS",
            " athens   owls ",
            "Athens\u{a0}Owls",
            "AthensOwls",
            "Athens-Owls",
            "Athens Owls\u{200b}",
        ] {
            assert_eq!(near_key(name), "athensowls", "{name:?}");
        }
        assert_eq!(near_key("ÉQUIPE"), "équipe");
        assert_eq!(near_key("!!!"), "!!!");
    }

    #[test]
    fn near_names_are_a_small_edit_apart_but_numbers_differ_on_purpose() {
        let is_near = |a: &str, b: &str| near(&near_key(a), &near_key(b));
        for (a, b) in [
            ("Sparta Shield", "Sparta Shields"),
            ("BrandNew", "Brand New"),
            ("cc3 -team-0", "cc3-team-0"),
            ("Athens Owls\u{200b}", "Athens Owls"),
            ("Athnes Owls", "Athens Owls"),
        ] {
            assert!(is_near(a, b), "{a:?} ~ {b:?}");
        }
        for (a, b) in [
            ("Team 1", "Team 10"),
            ("cc3-team-0", "cc3-team-1"),
            ("Red", "Blue"),
            ("Athens Owls", "Sparta Shields"),
            ("Owls", "Bats"),
            ("Red", "Rex"),
        ] {
            assert!(!is_near(a, b), "{a:?} !~ {b:?}");
        }
    }
}
