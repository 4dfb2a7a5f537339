//! A league that kept changing while it was read, made into one snapshot anyway: two whole
//! reads with pages of different sizes, each account both listed taken as the second read
//! has it, and each account only one listed (created, deleted, or missed at a page's edge
//! as the rows shifted) fetched on its own.

use std::cmp::Ordering;

use super::rows::{Store, TeamRow};
use polympics::auth::AuthKind;
use polympics::{AccountId, Client, Missing, TeamId};

/// The snapshot two reads make, and the accounts that were fetched on their own.
pub(super) struct Settled {
    pub(super) store: Store,
    /// The accounts one read listed and the other did not, in ID order: each was fetched
    /// on its own, and is in the store if it still exists.
    pub(super) changed: Vec<AccountId>,
}

/// Merges two whole reads of a league, `first` and `second` (the later). `Ok(Err(..))`
/// when more accounts differ between them than can be fetched one by one (a twentieth of
/// the league, and at least 50): the league is changing too fast to be read.
pub(super) fn settle<A: AuthKind>(
    client: &Client<A>,
    first: &Store,
    second: &Store,
) -> polympics::Result<Result<Settled, String>> {
    // One walk through both reads, in ID order: each account as the second read has it,
    // or to be fetched on its own.
    let (a, b) = (&first.accounts, &second.accounts);
    let mut merged: Vec<Result<usize, AccountId>> = Vec::with_capacity(b.len());
    let (mut i, mut j) = (0, 0);
    while i < a.len() || j < b.len() {
        let order = match (a.get(i), b.get(j)) {
            (Some(x), Some(y)) => x.id.cmp(&y.id),
            (Some(_), None) => Ordering::Less,
            _ => Ordering::Greater,
        };
        merged.push(match order {
            Ordering::Equal => {
                (i, j) = (i + 1, j + 1);
                Ok(j - 1)
            }
            Ordering::Less => {
                i += 1;
                Err(a[i - 1].id)
            }
            Ordering::Greater => {
                j += 1;
                Err(b[j - 1].id)
            }
        });
    }
    let only = merged.iter().filter(|row| row.is_err()).count();
    let bound = (b.len() / 20).max(50);
    if only > bound {
        return Ok(Err(format!(
            "{only} accounts were listed by one of two reads and not by the other"
        )));
    }
    let mut store = Store {
        teams: second.teams.clone(),
        awards: second.awards.clone(),
        ..Store::default()
    };
    store.accounts.reserve_exact(merged.len());
    let mut changed = Vec::with_capacity(only);
    for row in merged {
        let row = match row {
            Ok(at) => Some(store.copy_row(second, &b[at])),
            Err(id) => {
                changed.push(id);
                match client.get_account(id) {
                    Ok(account) => Some(store.row_of(&account)),
                    Err(err) if err.missing() == Some(Missing::Account) => None,
                    Err(err) => return Err(err),
                }
            }
        };
        store.accounts.extend(row);
    }
    count_members(&mut store.teams, &store.accounts);
    Ok(Ok(Settled { store, changed }))
}

/// Each team's member count as the accounts kept have it: the listings' counts are of
/// different moments.
fn count_members(teams: &mut [TeamRow], accounts: &[super::rows::AccountRow]) {
    for team in teams.iter_mut() {
        team.member_count = 0;
    }
    for account in accounts.iter().filter(|a| a.team != 0) {
        if let Ok(at) = teams.binary_search_by_key(&TeamId(account.team), |t| t.id) {
            teams[at].member_count += 1;
        }
    }
}
