//! Whether what a snapshot read adds up: the checks that tell a league read while it
//! changed from one read at rest. They cost no request.

use super::progress::Listed;
use super::rows::Store;

/// `Ok` when what was read adds up; else what changed while it was read.
///
/// `team_total` and `account_total` are the totals every page of the listings announced;
/// `problem` is what the rows did not agree on as they were added (an ID read twice, a team
/// renamed, an account in a team not listed, member counts). The store keeps each ID once,
/// so a row read twice (a row added before the page being read) or missed (one removed
/// before it) leaves a count other than the total.
pub(super) fn consistent(
    store: &Store,
    team_total: u64,
    account_total: u64,
    problem: Option<String>,
) -> Result<(), String> {
    counted(Listed::Teams, store.teams.len(), team_total)?;
    counted(Listed::Accounts, store.accounts.len(), account_total)?;
    match problem {
        Some(problem) => Err(problem),
        None => Ok(()),
    }
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
