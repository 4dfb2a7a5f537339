//! Rosters as CSV: the export, one row an account with its team. The desired roster a sync
//! reads has the same columns (see `desired`), so an export can be edited and synced back.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::io::{self, Write};

use polympics::TeamId;
use polympics_roster::{Roster, RosterAccount, RosterTeam};

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
/// integer), grouped by team (teams by name, then ID; their accounts by ID), the accounts in
/// no team last with empty team columns. Rows are written as they are made: nothing but
/// the order (a list of the accounts of each team) is held beside the roster.
pub fn write_export(roster: &Roster, out: impl Write) -> io::Result<()> {
    let mut csv = csv::Writer::from_writer(out);
    csv.write_record(EXPORT_COLUMNS)?;
    let mut teams: Vec<RosterTeam<'_>> = roster.teams().collect();
    teams.sort_by(|a, b| (a.name(), a.id()).cmp(&(b.name(), b.id())));
    let place: HashMap<TeamId, usize> =
        teams.iter().enumerate().map(|(i, t)| (t.id(), i)).collect();
    // One list a team, in the export's order, and one for the accounts in no team.
    let mut groups: Vec<Vec<RosterAccount<'_>>> = vec![Vec::new(); teams.len() + 1];
    for account in roster.accounts() {
        let group = account
            .team_id()
            .and_then(|team| place.get(&team).copied())
            .unwrap_or(teams.len());
        groups[group].push(account);
    }
    let mut number = String::with_capacity(24);
    for (group, accounts) in groups.iter().enumerate() {
        let team = teams.get(group);
        for account in accounts {
            field(&mut csv, &mut number, account.id())?;
            csv.write_field(account.name())?;
            csv.write_field(account.discriminator())?;
            match team {
                Some(team) => {
                    field(&mut csv, &mut number, team.id())?;
                    csv.write_field(team.name())?;
                }
                None => {
                    csv.write_field("")?;
                    csv.write_field("")?;
                }
            }
            field(&mut csv, &mut number, account.permissions().bits())?;
            csv.write_record(None::<&[u8]>)?;
        }
    }
    csv.flush()
}

/// Writes a number as a field, through a reused buffer.
fn field<W: Write>(
    csv: &mut csv::Writer<W>,
    buffer: &mut String,
    value: impl std::fmt::Display,
) -> io::Result<()> {
    buffer.clear();
    let _ = write!(buffer, "{value}");
    csv.write_field(buffer.as_str())?;
    Ok(())
}
