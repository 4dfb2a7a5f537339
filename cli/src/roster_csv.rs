//! Rosters as CSV: the export, one row an account with its team. The desired roster a sync
//! reads has the same columns (see `desired`), so an export can be edited and synced back.

use std::io::{self, Write};

use polympics::roster::Roster;
use polympics::{Account, AccountId, TeamId};

/// The columns of an export, in order.
pub const EXPORT_COLUMNS: [&str; 6] = [
    "account_id",
    "name",
    "discriminator",
    "team_id",
    "team",
    "permissions",
];

/// Writes `roster` as CSV: a header, then one row an account (`permissions` as the API's
/// integer), grouped by team (by name, then ID; accounts by name, then ID), the accounts
/// in no team last with empty team columns.
pub fn write_export(roster: &Roster, out: impl Write) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(EXPORT_COLUMNS)?;
    let mut accounts: Vec<&Account> = roster.accounts().iter().collect();
    // Borrowed keys: no allocation a comparison.
    accounts.sort_unstable_by(|a, b| order(a).cmp(&order(b)));
    for account in accounts {
        let (team_id, team) = match &account.team {
            Some(team) => (team.id.to_string(), team.name.as_str()),
            None => (String::new(), ""),
        };
        csv.write_record([
            account.id.to_string().as_str(),
            &account.name,
            &account.discriminator,
            &team_id,
            team,
            &account.permissions.bits().to_string(),
        ])?;
    }
    csv.flush()
}

/// Where an account goes in an export: by team (no team last), then by name and ID.
fn order(account: &Account) -> (bool, &str, Option<TeamId>, &str, AccountId) {
    let team = account.team.as_ref();
    (
        team.is_none(),
        team.map_or("", |t| t.name.as_str()),
        team.map(|t| t.id),
        &account.name,
        account.id,
    )
}
