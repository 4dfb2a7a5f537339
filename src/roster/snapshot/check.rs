//! Whether what a snapshot read adds up: the checks that tell a league read while it
//! changed from one read at rest. They cost no request.

use std::collections::HashMap;

use super::{Listed, Roster};
use crate::ids::TeamId;

/// `Ok` when the roster read adds up; else what changed while it was read.
///
/// `team_total` and `account_total` are the totals every page of the listings announced.
/// The roster keeps each ID once, so a row read twice (a row added before the page being
/// read) or missed (one removed before it) leaves a count other than the total.
pub(super) fn consistent(
    roster: &Roster,
    team_total: u64,
    account_total: u64,
) -> Result<(), String> {
    counted(Listed::Teams, roster.teams().len(), team_total)?;
    counted(Listed::Accounts, roster.accounts().len(), account_total)?;
    let mut members: HashMap<TeamId, u64> = HashMap::with_capacity(roster.teams().len());
    for account in roster.accounts() {
        let Some(team) = &account.team else { continue };
        match roster.team(team.id) {
            Some(listed) if listed.name == team.name => *members.entry(team.id).or_default() += 1,
            Some(_) => return Err(format!("team {} was renamed", team.id)),
            None => {
                return Err(format!(
                    "account {} is in team {}, which was not listed",
                    account.id, team.id
                ))
            }
        }
    }
    for team in roster.teams() {
        let listed = members.get(&team.id).copied().unwrap_or(0);
        if listed != team.member_count {
            return Err(format!(
                "team {} has {} members, and {listed} accounts were listed in it",
                team.id, team.member_count
            ));
        }
    }
    Ok(())
}

/// A listing's pages announced different totals.
pub(super) fn moved(listing: Listed, before: u64, after: u64) -> String {
    format!(
        "the {} went from {before} to {after} while they were listed",
        noun(listing)
    )
}

fn counted(listing: Listed, kept: usize, total: u64) -> Result<(), String> {
    if kept as u64 == total {
        Ok(())
    } else {
        Err(format!(
            "{kept} different {} were listed of the {total} announced",
            noun(listing)
        ))
    }
}

fn noun(listing: Listed) -> &'static str {
    match listing {
        Listed::Teams => "teams",
        Listed::Accounts => "accounts",
    }
}
